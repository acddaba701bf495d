/* power_logind.c -- the daemon's link to systemd-logind. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "power_logind.h"
#include "settings.h"

#ifdef HAVE_SYSTEMD
#include "logind.h"

#define LOGIND_SETTLE_MS 1500 /* at start: how long to wait for login1 */
#define LOGIND_REFRESH_S 5    /* Can*, inhibitors, the delay lock */

static struct {
	const struct agent_logind_hooks *hooks;
	struct hp_logind *bus;
	enum agent_sleep_method method;
	unsigned refresh_alarm;
} lg = { .method = AGENT_SLEEP_SYSFS };

static bool logind_before(void *data)
{
	(void)data;
	lg.hooks->prepare();
	return true; /* until agent_logind_release */
}

static void logind_after(void *data)
{
	(void)data;
	lg.hooks->wake();
}

static void logind_presence(void *data, bool present)
{
	(void)data;
	snmp_log(present ? LOG_INFO : LOG_WARNING, "org.freedesktop.login1 %s the system bus\n",
		 present ? "is on" : "left");
}

static void logind_error(void *data, const struct hp_err *e)
{
	(void)data;
	snmp_log(LOG_WARNING, "%s\n", e->msg);
}

static void logind_refresh(unsigned reg, void *arg)
{
	struct hp_err e;

	(void)reg; (void)arg;
	if (hp_logind_refresh(lg.bus, &e) < 0)
		DEBUGMSGTL(("hostpowerd/logind", "refresh: %s\n", e.msg));
}

/* Connect and wait for login1's first answer: true when it is there. */
static bool logind_connect(char *why, size_t len)
{
	static const struct hp_logind_ops ops = {
		.before_sleep = logind_before, .after_sleep = logind_after,
		.presence = logind_presence, .error = logind_error,
	};
	struct hp_err e;

	if (hp_logind_open(&lg.bus, &ops, &e) < 0) {
		snprintf(why, len, "%s", e.msg);
		return false;
	}
	hp_logind_settle(lg.bus, LOGIND_SETTLE_MS, &e);
	if (hp_logind_presence(lg.bus) == HP_LOGIND_PRESENT)
		return true;
	snprintf(why, len, "org.freedesktop.login1 is not on the system bus");
	hp_logind_free(lg.bus);
	lg.bus = NULL;
	return false;
}

int agent_logind_start(const struct agent_logind_hooks *hooks)
{
	char why[HP_ERR_MAX] = "sleepMethod sysfs";

	lg.hooks = hooks;
	lg.method = agent_cfg.simulate ? AGENT_SLEEP_SIMULATED : AGENT_SLEEP_SYSFS;
	if (agent_cfg.simulate || agent_cfg.sleep_method == AGENT_CFG_SLEEP_SYSFS) {
		snmp_log(LOG_INFO, "sleep method: %s\n", agent_cfg.simulate ? "simulated" : "sysfs");
		return 0;
	}
	if (logind_connect(why, sizeof(why))) {
		lg.method = AGENT_SLEEP_LOGIND;
		lg.refresh_alarm = snmp_alarm_register(LOGIND_REFRESH_S, SA_REPEAT, logind_refresh,
						       NULL);
		snmp_log(LOG_INFO, "sleep method: logind (org.freedesktop.login1 is on the system "
			 "bus)\n");
		return 0;
	}
	if (agent_cfg.sleep_method == AGENT_CFG_SLEEP_LOGIND) {
		snmp_log(LOG_ERR, "sleepMethod logind: %s\n", why);
		return -1;
	}
	snmp_log(LOG_INFO, "sleep method: sysfs (%s)\n", why);
	return 0;
}

void agent_logind_release(void)
{
	if (lg.bus)
		hp_logind_release(lg.bus);
}

void agent_logind_stop(void)
{
	if (lg.refresh_alarm)
		snmp_alarm_unregister(lg.refresh_alarm);
	lg.refresh_alarm = 0;
	hp_logind_free(lg.bus);
	lg.bus = NULL;
}

enum agent_sleep_method agent_logind_method(void)
{
	return lg.method;
}

void agent_logind_select(netsnmp_large_fd_set *fds, int *numfds, struct timeval *tv,
			 int *block)
{
	struct timeval due;
	int fd = lg.bus ? hp_logind_fd(lg.bus) : -1;

	if (fd < 0)
		return;
	NETSNMP_LARGE_FD_SET(fd, fds);
	if (fd >= *numfds)
		*numfds = fd + 1;
	if (hp_logind_timeout(lg.bus, &due) == 1 && (*block || timercmp(&due, tv, <))) {
		*tv = due;
		*block = 0;
	}
}

void agent_logind_process(void)
{
	struct hp_err e;

	if (lg.bus && hp_logind_process(lg.bus, &e) < 0)
		DEBUGMSGTL(("hostpowerd/logind", "%s\n", e.msg));
}

void agent_logind_filter_caps(struct hp_caps *c)
{
	enum hp_cap i;
	int verb;

	if (lg.method != AGENT_SLEEP_LOGIND)
		return;
	for (i = 0; i < HP_CAP_COUNT; i++) {
		verb = hp_logind_sleep_of_target(hp_caps_info(i)->target);
		if (c->cap[i].ok && verb >= 0 &&
		    !hp_logind_allows(lg.bus, (enum hp_logind_sleep)verb, c->cap[i].why))
			c->cap[i].ok = false;
	}
}

bool agent_logind_blocked(char *msg, size_t len)
{
	const struct hp_logind_inhibitor *v;
	size_t n;

	if (lg.method != AGENT_SLEEP_LOGIND)
		return false;
	v = hp_logind_inhibitors(lg.bus, &n);
	return hp_logind_blocker(v, n, msg, len) > 0;
}

/* logind's answer to our sleep request. */
static void logind_done(void *data, const struct hp_err *e)
{
	(void)data;
	lg.hooks->done(e);
}

int agent_logind_sleep(enum hp_target t, bool ignore_inhibitors, struct hp_err *e)
{
	int verb = hp_logind_sleep_of_target(t);

	if (verb < 0)
		return hp_err_set(e, EINVAL, "logind cannot enter %s", hp_target_name(t));
	return hp_logind_sleep(lg.bus, (enum hp_logind_sleep)verb, ignore_inhibitors, logind_done,
			       NULL, e);
}

bool agent_logind_inhibitor(size_t i, struct agent_inhibitor *out)
{
	const struct hp_logind_inhibitor *v;
	size_t n = 0;

	v = lg.method == AGENT_SLEEP_LOGIND ? hp_logind_inhibitors(lg.bus, &n) : NULL;
	if (i >= n)
		return false;
	*out = (struct agent_inhibitor){ v[i].what, v[i].who, v[i].why, v[i].mode, v[i].uid,
					 v[i].pid };
	return true;
}

#else /* !HAVE_SYSTEMD: sysfs only */

int agent_logind_start(const struct agent_logind_hooks *hooks)
{
	(void)hooks;
	if (agent_cfg.sleep_method == AGENT_CFG_SLEEP_LOGIND && !agent_cfg.simulate) {
		snmp_log(LOG_ERR, "sleepMethod logind: built without libsystemd\n");
		return -1;
	}
	snmp_log(LOG_INFO, "sleep method: %s (built without libsystemd)\n",
		 agent_cfg.simulate ? "simulated" : "sysfs");
	return 0;
}

void agent_logind_stop(void) {}

void agent_logind_release(void) {}

enum agent_sleep_method agent_logind_method(void)
{
	return agent_cfg.simulate ? AGENT_SLEEP_SIMULATED : AGENT_SLEEP_SYSFS;
}

void agent_logind_select(netsnmp_large_fd_set *fds, int *numfds, struct timeval *tv, int *block)
{
	(void)fds; (void)numfds; (void)tv; (void)block;
}

void agent_logind_process(void) {}

void agent_logind_filter_caps(struct hp_caps *c)
{
	(void)c;
}

bool agent_logind_blocked(char *msg, size_t len)
{
	(void)msg; (void)len;
	return false;
}

int agent_logind_sleep(enum hp_target t, bool ignore_inhibitors, struct hp_err *e)
{
	(void)t; (void)ignore_inhibitors;
	return hp_err_set(e, ENOTSUP, "built without libsystemd");
}

bool agent_logind_inhibitor(size_t i, struct agent_inhibitor *out)
{
	(void)i; (void)out;
	return false;
}

#endif
