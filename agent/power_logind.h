/*
 * power_logind.h -- the daemon's link to systemd-logind (src/logind.h):
 * which sleep method is in use and why, logind's word on the capabilities,
 * its inhibitors, the sleep call, and its PrepareForSleep announcements fed
 * to the state machine (agent/power.h). Built without libsystemd, the
 * method is always sysfs (or simulated) and the rest does nothing.
 */
#ifndef AGENT_POWER_LOGIND_H
#define AGENT_POWER_LOGIND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "caps.h"
#include "err.h"

/* hostPowerSleepMethod. */
enum agent_sleep_method {
	AGENT_SLEEP_SYSFS = 1,     /* write /sys/power ourselves */
	AGENT_SLEEP_LOGIND = 2,    /* ask systemd-logind */
	AGENT_SLEEP_SIMULATED = 3, /* a simulated host */
};

/* One inhibitor, as hostPowerInhibitorTable shows it. */
struct agent_inhibitor {
	const char *what, *who, *why, *mode;
	unsigned uid, pid;
};

/* What logind tells the state machine: PrepareForSleep(true) (logind
 * waits for our delay lock until agent_logind_release) and (false), and
 * its answer to our sleep request (e->code 0: accepted). */
struct agent_logind_hooks {
	void (*prepare)(void);
	void (*wake)(void);
	void (*done)(const struct hp_err *e);
};

/* Choose the method from sleepMethod: with auto or logind, connect to the
 * system bus and wait (at most about a second) for login1's answer; log the
 * method in use and why. hooks is kept. 0, or -1 when logind was required
 * and is absent. */
int agent_logind_start(const struct agent_logind_hooks *hooks);

/* Close the bus (our delay lock goes with it). */
void agent_logind_stop(void);

/* Let the sleep announced to the prepare hook go on (our delay lock). */
void agent_logind_release(void);

enum agent_sleep_method agent_logind_method(void);

/* Add the bus to the loop's select: its fd to fds, its deadline to tv. */
void agent_logind_select(netsnmp_large_fd_set *fds, int *numfds, struct timeval *tv,
			 int *block);

/* After select: dispatch what the bus brought (callbacks into power). */
void agent_logind_process(void);

/* In logind mode, a capability logind refuses is false, with logind's
 * reason ("logind: CanHibernate=na"). */
void agent_logind_filter_caps(struct hp_caps *c);

/* Does a block inhibitor covering sleep stand in the way (as of the last
 * refresh)? When it does, msg says who: blocked by "backup" (pid 812):
 * "nightly dump". */
bool agent_logind_blocked(char *msg, size_t len);

/* Ask logind to enter t now (checking the inhibitors again first, unless
 * ignore_inhibitors). Its answer arrives at the done hook. 0, or
 * -errno with e filled. */
int agent_logind_sleep(enum hp_target t, bool ignore_inhibitors, struct hp_err *e);

/* The inhibitors of the last refresh: the i-th (0-based), false past the
 * end. */
bool agent_logind_inhibitor(size_t i, struct agent_inhibitor *out);

#endif
