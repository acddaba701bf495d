/* power.c -- ready -> pending -> suspending -> ready, and the worker. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "capsxml.h"
#include "clock.h"
#include "power.h"
#include "record.h"
#include "rtc.h"
#include "settings.h"
#include "sleep.h"

#define CAPS_TTL_S 5             /* capabilities cache lifetime */
#define EXTERNAL_MIN_MS 1000     /* smallest sleep worth recording */
#define ALARM_SLACK_S 2          /* RTC read-back rounding */
#define WORKER_GRACE_MS 2000     /* wait for a returning worker at stop */
#define ARM_STALE_S 30           /* an ACTION never followed by COMMIT/UNDO */

/* One sleep, handed to the worker thread; the worker writes only here. */
struct sleep_job {
	struct hp_host host;
	char rtc[HP_NAME_MAX];
	enum hp_target target;
	int rc;
	int64_t asleep_ms;
	struct hp_err err;
};

static struct {
	struct hp_host host;
	bool host_stale;          /* settings changed while busy */
	enum agent_state state;
	enum hp_target target;    /* hostPowerSuspendTarget */
	enum hp_target sleep_target; /* of the pending or running suspend */
	unsigned duration;
	bool armed;               /* armed in ACTION, not yet committed */
	time_t armed_mono;        /* when (monotonic s), to drop a lost SET */
	time_t alarm_at;          /* armed alarm of our suspend */
	char rtc[HP_NAME_MAX];    /* the RTC our alarm is armed on */
	char last_error[HP_ERR_MAX + 64];
	unsigned go_alarm;        /* snmp_alarm of the scheduled sleep */
	int pipe[2];
	pthread_t worker;
	bool worker_running;
	struct sleep_job job;
	struct hp_clock_watch watch;
	struct {                  /* the capabilities cache */
		struct hp_caps caps, logged;
		char libvirt_err[HP_ERR_MAX];
		time_t alarm;
		time_t probed;     /* monotonic seconds, 0 = stale */
	} cache;
} pw = { .pipe = { -1, -1 } };

/* Monotonic seconds (for the cache; immune to clock steps). */
static time_t power_now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1; /* never 0 */
}

/* Probe the host (and libvirt's document when configured) into the cache;
 * log what became unavailable, once. */
static void power_probe(void)
{
	struct hp_caps *c = &pw.cache.caps, *old = &pw.cache.logged;
	struct hp_err err;
	enum hp_cap i;

	hp_caps_probe(&pw.host, c);
	hp_err_clear(&err);
	if (agent_cfg.libvirt_caps[0])
		hp_capsxml_load_libvirt(agent_cfg.libvirt_caps, c, &err);
	if (strcmp(err.msg, pw.cache.libvirt_err) != 0 && err.msg[0])
		snmp_log(LOG_WARNING, "libvirtCapabilities %s: %s\n", agent_cfg.libvirt_caps, err.msg);
	strcpy(pw.cache.libvirt_err, err.msg);
	for (i = 0; i < HP_CAP_COUNT; i++)
		if (!c->cap[i].ok && strcmp(c->cap[i].why, old->cap[i].why) != 0)
			snmp_log(LOG_NOTICE, "%s not available: %s\n", hp_caps_info(i)->label,
				 c->cap[i].why);
	*old = *c;
	pw.cache.alarm = 0;
	if (c->rtc[0] && hp_rtc_read(&pw.host, c->rtc, &pw.cache.alarm, NULL) != 1)
		pw.cache.alarm = 0;
	pw.cache.probed = power_now_mono();
}

const struct hp_caps *agent_power_caps(void)
{
	if (!pw.cache.probed || power_now_mono() - pw.cache.probed >= CAPS_TTL_S)
		power_probe();
	return &pw.cache.caps;
}

time_t agent_power_alarm(void)
{
	if (pw.armed || pw.state != AGENT_READY)
		return pw.alarm_at;
	agent_power_caps();
	return pw.cache.alarm;
}

enum agent_state agent_power_state(void)
{
	return pw.state;
}

enum hp_target agent_power_target(void)
{
	return pw.target;
}

unsigned agent_power_duration(void)
{
	return pw.duration;
}

const char *agent_power_last_error(void)
{
	return pw.last_error;
}

/* Keep and log why a suspend was refused or failed; returns snmp_err. */
__attribute__((format(printf, 2, 3)))
static int power_refuse(int snmp_err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pw.last_error, sizeof(pw.last_error), fmt, ap);
	va_end(ap);
	snmp_log(LOG_WARNING, "suspend refused: %s\n", pw.last_error);
	return snmp_err;
}

int agent_power_check(enum hp_target t, bool suspend)
{
	const struct hp_caps *c;

	/* A SET whose master vanished between ACTION and COMMIT. */
	if (pw.armed && power_now_mono() - pw.armed_mono > ARM_STALE_S) {
		snmp_log(LOG_WARNING, "dropping a suspend armed but never committed\n");
		agent_power_disarm();
	}
	/* A suspend follows the host as it is now, not as the cache saw it; a
	 * SET of the target alone is judged on the cache (at most a few
	 * seconds old), as a GET would show it. */
	if (suspend)
		pw.cache.probed = 0;
	c = agent_power_caps();

	if (!hp_caps_allows(c, t))
		return power_refuse(SNMP_ERR_INCONSISTENTVALUE, "target %s is not supported: %s",
				    hp_target_name(t), hp_caps_why_not(c, t));
	if (!suspend)
		return 0;
	if (pw.state != AGENT_READY || pw.armed)
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "a suspend is already %s",
				    pw.state == AGENT_SUSPENDING ? "under way" : "pending");
	if (!c->cap[HP_CAP_RTC_WAKE].ok || !c->rtc[0])
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "no usable RTC wake alarm: %s",
				    c->cap[HP_CAP_RTC_WAKE].why);
	return 0;
}

int agent_power_arm(unsigned seconds)
{
	const struct hp_caps *c = agent_power_caps();
	struct hp_err err;
	time_t when;

	/* The alarm covers the delay and the whole duration, plus a second:
	 * the RTC counts whole seconds, and the sleep must begin no sooner
	 * than suspendDelay after the answer. */
	if (hp_rtc_arm(&pw.host, c->rtc, agent_cfg.delay + 1 + seconds, &when, &err) < 0)
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "cannot arm the wake alarm: %s",
				    err.msg);
	snprintf(pw.rtc, sizeof(pw.rtc), "%s", c->rtc);
	pw.armed = true;
	pw.armed_mono = power_now_mono();
	pw.alarm_at = when;
	pw.duration = seconds;
	pw.cache.probed = 0;
	return 0;
}

void agent_power_disarm(void)
{
	struct hp_err err;

	if (!pw.armed)
		return;
	if (hp_rtc_disarm(&pw.host, pw.rtc, &err) < 0)
		snmp_log(LOG_ERR, "cannot disarm the wake alarm: %s\n", err.msg);
	pw.armed = false;
	pw.alarm_at = 0;
	pw.cache.probed = 0;
}

void agent_power_set_target(enum hp_target t)
{
	pw.target = t;
}

/* Back to ready after our own suspend: forget it, and start watching for
 * external sleeps from now so ours is not counted twice. */
static void power_ready(void)
{
	pw.state = AGENT_READY;
	pw.alarm_at = 0;
	pw.cache.probed = 0;
	if (pw.host_stale)
		agent_power_reconfigure();
	hp_clock_watch_reset(&pw.host, &pw.watch);
	agent_record_set_pending(0);
}

/* An accepted suspend failed: make sure the alarm is gone, record and
 * notify the failure. */
static void power_failed(const char *why)
{
	struct hp_event ev = { .type = HP_EV_FAILURE, .target = pw.sleep_target,
			       .requested_s = pw.duration, .initiator = HP_INIT_MANAGER };
	struct hp_err err;
	time_t when;

	if (hp_rtc_read(&pw.host, pw.rtc, &when, &err) != 0 &&
	    hp_rtc_disarm(&pw.host, pw.rtc, &err) < 0)
		snmp_log(LOG_ERR, "cannot disarm the wake alarm after a failure: %s\n", err.msg);
	snprintf(pw.last_error, sizeof(pw.last_error), "%s", why);
	snprintf(ev.detail, sizeof(ev.detail), "%s", why);
	snmp_log(LOG_ERR, "suspend to %s failed: %s\n", hp_target_name(pw.sleep_target), why);
	power_ready();
	agent_record_add(&ev);
}

/* The worker: sleep, then tell the loop through the pipe. */
static void *power_worker(void *arg)
{
	struct sleep_job *job = arg;
	char byte = 1;

	job->rc = hp_sleep_enter(&job->host, job->rtc, job->target, &job->asleep_ms, &job->err);
	while (write(pw.pipe[1], &byte, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* Start the worker with every signal blocked: they are the main loop's,
 * and none may interrupt the sleep. 0 or an errno. */
static int power_start_worker(void)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&pw.worker, NULL, power_worker, &pw.job);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* The scheduled time has come: record the suspend, then sleep in the worker. */
static void power_go(unsigned reg, void *arg)
{
	struct hp_event ev = { .type = HP_EV_SUSPEND, .target = pw.sleep_target,
			       .requested_s = pw.duration, .initiator = HP_INIT_MANAGER };
	char why[HP_ERR_MAX + 64];
	int rc;

	(void)reg; (void)arg;
	pw.go_alarm = 0;
	agent_record_add(&ev);
	pw.state = AGENT_SUSPENDING;
	memset(&pw.job, 0, sizeof(pw.job));
	pw.job.host = pw.host;
	pw.job.target = pw.sleep_target;
	snprintf(pw.job.rtc, sizeof(pw.job.rtc), "%s", pw.rtc);
	snmp_log(LOG_NOTICE, "suspending to %s for %u s\n", hp_target_name(pw.sleep_target),
		 pw.duration);
	rc = power_start_worker();
	if (rc != 0) {
		snprintf(why, sizeof(why), "cannot start the sleep thread: %s", strerror(rc));
		power_failed(why);
		return;
	}
	pw.worker_running = true;
}

/* How long until the sleep must begin so that it lasts the whole duration:
 * alarm - duration - now (suspendDelay to suspendDelay + 1 s), at least a
 * millisecond. */
static struct timeval power_go_delay(void)
{
	struct timespec now;
	int64_t us;

	clock_gettime(CLOCK_REALTIME, &now);
	us = ((int64_t)(pw.alarm_at - pw.duration) - now.tv_sec) * 1000000 - now.tv_nsec / 1000;
	if (us < 1000)
		us = 1000;
	return (struct timeval){ .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
}

void agent_power_commit(enum hp_target t)
{
	struct timeval delay = power_go_delay();
	char when[32];

	if (!pw.armed)
		return;
	pw.armed = false;
	pw.state = AGENT_PENDING;
	pw.sleep_target = t;
	agent_record_set_pending(pw.alarm_at);
	hp_clock_format_utc(pw.alarm_at, when, sizeof(when));
	snmp_log(LOG_NOTICE, "suspend to %s for %u s accepted: wake alarm at %s, sleeping in %ld.%01ld s\n",
		 hp_target_name(t), pw.duration, when, (long)delay.tv_sec, (long)delay.tv_usec / 100000);
	pw.go_alarm = snmp_alarm_register_hr(delay, 0, power_go, NULL);
	if (!pw.go_alarm)
		power_failed("cannot schedule the sleep");
}

int agent_power_fd(void)
{
	return pw.pipe[0];
}

void agent_power_read(void)
{
	struct hp_event ev = { .type = HP_EV_RESUME, .initiator = HP_INIT_MANAGER };
	char buf[16], why[HP_ERR_MAX + 64];

	while (read(pw.pipe[0], buf, sizeof(buf)) > 0)
		;
	if (!pw.worker_running)
		return;
	pthread_join(pw.worker, NULL);
	pw.worker_running = false;
	if (pw.job.rc < 0) {
		snprintf(why, sizeof(why), "%s", pw.job.err.msg[0] ? pw.job.err.msg :
			 strerror(-pw.job.rc));
		power_failed(why);
		return;
	}
	ev.target = pw.sleep_target;
	ev.requested_s = pw.duration;
	ev.measured_s = (uint32_t)((pw.job.asleep_ms + 500) / 1000);
	snmp_log(LOG_NOTICE, "resumed from %s after %u s asleep\n",
		 hp_target_name(pw.sleep_target), ev.measured_s);
	power_ready();
	agent_record_add(&ev);
}

void agent_power_watch(void)
{
	struct hp_event ev = { .type = HP_EV_EXTERNAL, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_EXTERNAL };
	int64_t ms;

	if (pw.state != AGENT_READY || pw.armed)
		return;
	ms = hp_clock_watch_check(&pw.host, &pw.watch, EXTERNAL_MIN_MS);
	if (ms <= 0)
		return;
	ev.measured_s = (uint32_t)((ms + 500) / 1000);
	snprintf(ev.detail, sizeof(ev.detail), "sleep not started by hostpowerd");
	snmp_log(LOG_NOTICE, "the host slept %u s (not started by hostpowerd)\n", ev.measured_s);
	pw.cache.probed = 0;
	agent_record_add(&ev);
}

/* A suspend was pending when the daemon last stopped: if its alarm is still
 * armed, record it as interrupted and (unless told to keep it) disarm it. */
static void power_check_interrupted(void)
{
	struct hp_event ev = { .type = HP_EV_INTERRUPTED, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_AGENT };
	time_t want = agent_record_history()->pending_alarm, armed = 0;
	const struct hp_caps *c;
	struct hp_err err;
	char when[32];

	if (!want)
		return;
	c = agent_power_caps();
	hp_clock_format_utc(want, when, sizeof(when));
	if (!c->rtc[0] || hp_rtc_read(&pw.host, c->rtc, &armed, &err) != 1 ||
	    llabs((long long)(armed - want)) > ALARM_SLACK_S) {
		snmp_log(LOG_INFO, "a suspend was pending at the last stop; its alarm (%s) is gone\n",
			 when);
		agent_record_set_pending(0);
		return;
	}
	if (!agent_cfg.keep_interrupted && hp_rtc_disarm(&pw.host, c->rtc, &err) < 0)
		snmp_log(LOG_ERR, "cannot disarm the interrupted wake alarm: %s\n", err.msg);
	snprintf(ev.detail, sizeof(ev.detail), "interrupted: the agent stopped while a suspend "
		 "was pending; wake alarm for %s %s", when,
		 agent_cfg.keep_interrupted ? "kept" : "disarmed");
	snmp_log(LOG_WARNING, "%s\n", ev.detail);
	snprintf(pw.last_error, sizeof(pw.last_error), "%s", ev.detail);
	pw.cache.probed = 0;
	agent_record_set_pending(0);
	agent_record_add(&ev);
}

int agent_power_init(void)
{
	int i;

	pw.state = AGENT_READY;
	pw.target = HP_TARGET_MEM;
	hp_host_init(&pw.host, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	if (pipe(pw.pipe) < 0)
		return -errno;
	for (i = 0; i < 2; i++) {
		fcntl(pw.pipe[i], F_SETFL, O_NONBLOCK);
		fcntl(pw.pipe[i], F_SETFD, FD_CLOEXEC);
	}
	power_probe();
	power_check_interrupted();
	hp_clock_watch_reset(&pw.host, &pw.watch);
	return 0;
}

void agent_power_reconfigure(void)
{
	if (pw.state != AGENT_READY || pw.armed) {
		snmp_log(LOG_INFO, "new host settings apply after the current suspend\n");
		pw.host_stale = true;
		return;
	}
	pw.host_stale = false;
	hp_host_init(&pw.host, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	power_probe();
	hp_clock_watch_reset(&pw.host, &pw.watch);
}

/* Wait up to ms for the worker's byte on the pipe: true when it came. */
static bool power_wait_worker(int ms)
{
	struct pollfd p = { .fd = pw.pipe[0], .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

void agent_power_free(void)
{
	/* On a real host a stop asked during the sleep arrives on resume:
	 * give the worker a moment so the resume is recorded. */
	if (pw.worker_running && power_wait_worker(WORKER_GRACE_MS))
		agent_power_read();
	if (pw.go_alarm)
		snmp_alarm_unregister(pw.go_alarm);
	if (pw.state != AGENT_READY)
		snmp_log(LOG_WARNING, "stopping while a suspend is %s; its wake alarm stays armed\n",
			 pw.state == AGENT_PENDING ? "pending" : "under way");
	if (pw.worker_running)
		pthread_detach(pw.worker);
	close(pw.pipe[0]);
	if (!pw.worker_running)
		close(pw.pipe[1]);
	pw.pipe[0] = pw.pipe[1] = -1;
}
