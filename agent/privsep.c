/* privsep.c -- fork the monitor, drop to runAsUser (doc/privsep.md). */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "priv.h"
#include "privsep.h"
#include "settings.h"

#define STOP_WAIT_MS 1000    /* for the monitor to exit at our stop */

static struct {
	bool started;          /* the start ran */
	bool separated;        /* a monitor serves us */
	pid_t monitor;
	struct hp_host host;   /* the monitor's */
	struct hp_direct direct;
	struct hp_priv_client client;
} ps = { .client = { .control = -1, .sleeper = -1 } };

/* Fork the monitor and become runAsUser; -1 with why when we cannot. */
static int privsep_separate(char *why, size_t len)
{
	struct passwd *pw;
	struct hp_err e;

	if (geteuid() != 0)
		return snprintf(why, len, "privsep yes needs a start as root (this is uid %u): "
				"set privsep no to run unseparated", (unsigned)geteuid()), -1;
	errno = 0;
	if (!(pw = getpwnam(agent_cfg.run_as)))
		return snprintf(why, len, "runAsUser %s: %s (create the user, or set privsep no)",
				agent_cfg.run_as, errno ? strerror(errno) : "no such user"), -1;
	if (hp_priv_start(&ps.host, &ps.client, &ps.monitor, &e) < 0)
		return snprintf(why, len, "cannot start the privileged monitor: %s", e.msg), -1;
	if (hp_priv_drop_user(pw->pw_uid, pw->pw_gid, &e) < 0)
		return snprintf(why, len, "cannot become %s: %s", agent_cfg.run_as, e.msg), -1;
	ps.separated = true;
	snmp_log(LOG_NOTICE, "privilege separation: running as %s (uid %u, gid %u) without "
		 "capabilities; the monitor (pid %ld) keeps root for the wake alarm and the "
		 "sleep, and CAP_NET_ADMIN (permitted only) for Wake-on-LAN\n", agent_cfg.run_as,
		 (unsigned)pw->pw_uid, (unsigned)pw->pw_gid, (long)ps.monitor);
	return 0;
}

/* Once the configuration is read, before the subagent connects (net-snmp
 * calls the callbacks of an event by priority): separate, or stop the start. */
static int privsep_start(int major, int minor, void *server, void *client)
{
	char why[HP_ERR_MAX + 128];

	(void)major; (void)minor; (void)server; (void)client;
	if (ps.started)
		return SNMPERR_SUCCESS;
	ps.started = true;
	hp_host_init(&ps.host, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	hp_direct_init(&ps.direct, &ps.host);
	/* A bad configuration stops the start (the caller says why): no
	 * monitor for it. */
	if (agent_settings_problem())
		return SNMPERR_SUCCESS;
	if (!agent_cfg.privsep) {
		snmp_log(LOG_INFO, "privilege separation off (privsep no): running as uid %u\n",
			 (unsigned)geteuid());
		return SNMPERR_SUCCESS;
	}
	if (privsep_separate(why, sizeof(why)) < 0) {
		snmp_log(LOG_ERR, "not starting: %s\n", why);
		exit(1);
	}
	return SNMPERR_SUCCESS;
}

void agent_privsep_register(void)
{
	/* After the settings' own callback (the highest priority) and the
	 * start checks, before the subagent's, which connects. */
	netsnmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_POST_READ_CONFIG,
				  privsep_start, NULL, NETSNMP_CALLBACK_HIGHEST_PRIORITY + 16);
}

struct hp_ops *agent_privsep_ops(void)
{
	return ps.separated ? &ps.client.ops : &ps.direct.ops;
}

void agent_privsep_host(struct hp_host *h)
{
	if (!ps.separated) {
		hp_direct_init(&ps.direct, h);
		return;
	}
	if (strcmp(h->root, ps.host.root) != 0 || strcmp(h->rtc, ps.host.rtc) != 0 ||
	    h->simulate != ps.host.simulate)
		snmp_log(LOG_WARNING, "hostRoot, rtcDevice and sleepMethod stay as they were at "
			 "the start (the privileged monitor keeps them): restart to change them\n");
	*h = ps.host;
	/* A root-only swap file is opened by the monitor (the S4 probe). */
	h->swapfile_page = hp_priv_client_swapfile_page;
	h->swapfile_ctx = &ps.client;
}

/* Wake-on-LAN asked of the monitor (a hp_wakesrc_wol_fn). */
static int privsep_wol(const struct hp_host *h, const char *ifname, struct hp_wol *w,
		       struct hp_err *e)
{
	return hp_priv_client_wol(&ps.client, h, ifname, w, e);
}

hp_wakesrc_wol_fn agent_privsep_wol(const struct hp_host *h)
{
	return ps.separated ? privsep_wol : hp_wakesrc_wol_for(h);
}

void agent_privsep_stop(void)
{
	struct timespec step = { 0, 50 * 1000000 };
	int i;

	if (!ps.separated)
		return;
	hp_priv_client_close(&ps.client);
	ps.separated = false;
	/* After daemonizing the monitor is no child of ours: ECHILD at once. */
	for (i = 0; i < STOP_WAIT_MS / 50 && waitpid(ps.monitor, NULL, WNOHANG) == 0; i++)
		nanosleep(&step, NULL);
}
