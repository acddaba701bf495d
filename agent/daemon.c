/* daemon.c -- start-up, the loop, signals and shut-down. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "daemon.h"
#include "mib_caps.h"
#include "mib_control.h"
#include "mib_events.h"
#include "mib_inhibitors.h"
#include "mib_status.h"
#include "mib_wakesrc.h"
#include "notify.h"
#include "power.h"
#include "power_logind.h"
#include "privsep.h"
#include "record.h"
#include "settings.h"

#define PING_INTERVAL_DEFAULT 30

static volatile sig_atomic_t got_stop, got_hup;
static int sig_pipe[2] = { -1, -1 };
static bool started;

/* Signal handlers only note the signal and wake the loop. */
static void daemon_signal(int sig)
{
	int saved = errno;
	char byte = (char)sig;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
	if (write(sig_pipe[1], &byte, 1) < 0) {
		/* the pipe is full: the loop wakes anyway */
	}
	errno = saved;
}

/* A non-blocking, close-on-exec pipe. */
static int daemon_pipe(int fds[2])
{
	int i;

	if (pipe(fds) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

/* Catch SIGTERM, SIGINT and SIGHUP through the self-pipe; ignore SIGPIPE
 * (the master can go away under a write). */
static int daemon_signals(void)
{
	struct sigaction sa;

	if (daemon_pipe(sig_pipe) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = daemon_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

/* Register everything net-snmp must know before init_snmp. */
static int daemon_register(void)
{
	agent_settings_register();
	agent_privsep_register();
	agent_notify_init();
	if (agent_mib_caps_init() != MIB_REGISTERED_OK ||
	    agent_mib_control_init() != MIB_REGISTERED_OK ||
	    agent_mib_status_init() != MIB_REGISTERED_OK ||
	    agent_mib_events_init() != MIB_REGISTERED_OK ||
	    agent_mib_wakesrc_init() != MIB_REGISTERED_OK ||
	    agent_mib_inhibitors_init() != MIB_REGISTERED_OK) {
		snmp_log(LOG_ERR, "cannot register HOST-POWER-MIB\n");
		return -1;
	}
	return 0;
}

/* After the config is read: history, notification queue, state machine. */
static int daemon_setup(void)
{
	int rc;

	/* The library must not write its own state files at exit. Set only
	 * now: while set, read_config_files() reads nothing. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	if ((rc = agent_record_init(agent_cfg.history_size, agent_cfg.state_file)) < 0 ||
	    (rc = agent_notify_set_size(agent_cfg.queue_size)) < 0 ||
	    (rc = agent_power_init()) < 0) {
		snmp_log(LOG_ERR, "cannot start: %s\n", strerror(-rc));
		return -1;
	}
	/* The first failed connection was logged; net-snmp would repeat it at
	 * every retry. It still logs the disconnections and reconnections. */
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 1);
	snmp_log(LOG_INFO, "hostpowerd %s started (host root %s%s)\n", PACKAGE_VERSION,
		 agent_cfg.host_root, agent_cfg.simulate ? ", simulated sleep" : "");
	return 0;
}

int agent_daemon_start(const char *app)
{
	/* A subagent reads no MIB files; else init_snmp loads net-snmp's
	 * default list and logs every module the host lacks. */
	setenv("MIBS", "", 0);
	netsnmp_enable_subagent();
	SOCK_STARTUP;
	if (init_agent(app) != 0) {
		snmp_log(LOG_ERR, "init_agent failed\n");
		return -1;
	}
	started = true;
	/* init_agent resets the ping (to 15 s); without one there is no
	 * reconnection. Ours is 30 s, so an idle daemon wakes twice per 30 s;
	 * agentxPingInterval in the config (read by init_snmp) overrides it. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
			   PING_INTERVAL_DEFAULT);
	if (daemon_register() < 0)
		return -1;
	init_snmp(app);
	return daemon_setup();
}

/* SIGHUP: re-read the config and probe the host again. */
static void daemon_reload(void)
{
	snmp_log(LOG_INFO, "SIGHUP: reading the configuration again\n");
	agent_settings_reload();
	agent_power_reconfigure();
}

/* Write our pid to path. */
static void daemon_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		err = errno;
	else if (fprintf(f, "%ld\n", (long)getpid()) < 0)
		err = errno;
	/* Closed even when the write failed. */
	if (f && fclose(f) != 0 && !err)
		err = errno;
	if (err)
		snmp_log(LOG_ERR, "cannot write the pid file %s: %s\n", path, strerror(err));
}

/* Add fd to the set, growing numfds. */
static void daemon_fd_set(int fd, netsnmp_large_fd_set *fds, int *numfds)
{
	NETSNMP_LARGE_FD_SET(fd, fds);
	if (fd >= *numfds)
		*numfds = fd + 1;
}

/* One turn of the loop: wait for net-snmp's fds, its next alarm, our pipes. */
static void daemon_turn(netsnmp_large_fd_set *fds)
{
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 1, count, err;
	char buf[16];

	NETSNMP_LARGE_FD_ZERO(fds);
	snmp_select_info2(&numfds, fds, &tv, &block);
	agent_logind_select(fds, &numfds, &tv, &block);
	daemon_fd_set(sig_pipe[0], fds, &numfds);
	daemon_fd_set(agent_power_fd(), fds, &numfds);
	count = netsnmp_large_fd_set_select(numfds, fds, NULL, NULL, block ? NULL : &tv);
	err = errno;
	if (count > 0 && NETSNMP_LARGE_FD_ISSET(agent_power_fd(), fds))
		agent_power_read();
	agent_logind_process();
	/* External sleeps ride on every wake-up (at least one per AgentX
	 * ping), and one noticed before a request is answered counts in it. */
	agent_power_watch();
	if (count > 0) {
		if (NETSNMP_LARGE_FD_ISSET(sig_pipe[0], fds))
			while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
				;
		snmp_read2(fds);
	} else if (count == 0) {
		snmp_timeout();
	} else if (err != EINTR) {
		snmp_log(LOG_ERR, "select: %s\n", strerror(err));
		sleep(1);
	}
	run_alarms();
	netsnmp_check_outstanding_agent_requests();
}

int agent_daemon_run(const char *pidfile)
{
	netsnmp_large_fd_set fds;

	if (daemon_signals() < 0) {
		snmp_log(LOG_ERR, "cannot set up signals: %s\n", strerror(errno));
		return 1;
	}
	if (pidfile)
		daemon_pidfile(pidfile);
	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	while (!got_stop) {
		agent_notify_flush();
		agent_notify_check();
		daemon_turn(&fds);
		if (got_hup) {
			got_hup = 0;
			daemon_reload();
		}
	}
	snmp_log(LOG_INFO, "stopping\n");
	netsnmp_large_fd_set_cleanup(&fds);
	return 0;
}

void agent_daemon_stop(const char *app, const char *pidfile)
{
	if (!started)
		return;
	agent_power_free();
	agent_privsep_stop();
	snmp_shutdown(app);
	agent_notify_free();
	agent_record_free();
	if (pidfile)
		unlink(pidfile);
	SOCK_CLEANUP;
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
	}
}
