/*
 * logind.h -- a systemd-logind client over sd-bus, for a select() loop.
 *
 * Nothing here blocks but hp_logind_settle (for start-up): every D-Bus call
 * is asynchronous and its answer arrives from hp_logind_process, which the
 * caller's loop runs after each select() on hp_logind_fd. One context holds
 * the connection and what logind last said: presence of
 * org.freedesktop.login1, the Can* answers, the inhibitor list and our own
 * delay lock. Built only with libsystemd (HAVE_SYSTEMD).
 *
 * Errors: -errno with e->msg "logind: ..."; nothing is logged here.
 * Callbacks run from hp_logind_process (or hp_logind_settle); they must not
 * free the context.
 */
#ifndef HP_LOGIND_H
#define HP_LOGIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "caps.h"
#include "err.h"

/* logind's sleep verbs. */
enum hp_logind_sleep {
	HP_LOGIND_SUSPEND,
	HP_LOGIND_HIBERNATE,
	HP_LOGIND_HYBRID_SLEEP,
	HP_LOGIND_SUSPEND_THEN_HIBERNATE,
	HP_LOGIND_NSLEEP
};

/* A Can* answer; UNKNOWN until logind has answered. */
enum hp_logind_can {
	HP_LOGIND_CAN_UNKNOWN,
	HP_LOGIND_CAN_YES,
	HP_LOGIND_CAN_NO,
	HP_LOGIND_CAN_CHALLENGE,
	HP_LOGIND_CAN_NA
};

/* Presence of org.freedesktop.login1 on the system bus. */
enum hp_logind_presence {
	HP_LOGIND_UNKNOWN, /* not answered yet */
	HP_LOGIND_ABSENT,  /* no owner, or no bus */
	HP_LOGIND_PRESENT
};

#define HP_LOGIND_WHAT_MAX 128
#define HP_LOGIND_TEXT_MAX 256 /* who, why: longer ones are cut */

/* One entry of ListInhibitors. */
struct hp_logind_inhibitor {
	char what[HP_LOGIND_WHAT_MAX]; /* colon list: "sleep:shutdown" */
	char who[HP_LOGIND_TEXT_MAX];
	char why[HP_LOGIND_TEXT_MAX];
	char mode[16];                 /* "block" or "delay" */
	uint32_t uid, pid;
};

/* What the owner of a context is told; every member may be NULL. */
struct hp_logind_ops {
	/* PrepareForSleep(true): a sleep is about to begin, whoever asked for
	 * it. Our delay lock is still held during the call (logind waits). It
	 * is released when the call returns false; true keeps it until
	 * hp_logind_release (logind's InhibitDelayMaxSec bounds the wait). */
	bool (*before_sleep)(void *data);
	/* PrepareForSleep(false): the host is back. A new delay lock is
	 * requested right after the call. */
	void (*after_sleep)(void *data);
	/* login1's presence is known (the first answer) or changed: it
	 * appeared on the bus, or left it (also when the connection is lost). */
	void (*presence)(void *data, bool present);
	/* A refresh has all its answers (Can* and the inhibitor list). */
	void (*refreshed)(void *data);
	/* Something running in the background failed (the delay lock, a
	 * query, the connection): worth a log line. */
	void (*error)(void *data, const struct hp_err *e);
	void *data;
};

/* The end of hp_logind_sleep: e->code 0 when logind accepted the request
 * (the sleep is queued; PrepareForSleep follows), else why not. */
typedef void hp_logind_done_fn(void *data, const struct hp_err *e);

struct hp_logind;

/* Connect to the system bus (sd_bus_open_system: $DBUS_SYSTEM_BUS_ADDRESS
 * when set) and start watching login1: NameOwnerChanged, PrepareForSleep,
 * its presence, and, once present, a delay lock and a first refresh.
 * ops is copied. 0 with *out set, or -errno (no bus socket: -ENOENT). */
int hp_logind_open(struct hp_logind **out, const struct hp_logind_ops *ops, struct hp_err *e);

/* Close the connection (our delay lock goes with it) and free everything.
 * No callback runs after this; a pending sleep's done is not called. */
void hp_logind_free(struct hp_logind *l);

/* The bus fd to select() on, -1 when not connected. */
int hp_logind_fd(const struct hp_logind *l);

/* What to wait for on the fd: POLLIN and/or POLLOUT; 0 when not connected. */
short hp_logind_events(const struct hp_logind *l);

/* When sd-bus wants hp_logind_process even without I/O: 1 with *tv set
 * (relative to now, 0 when already due), 0 when it has no deadline. */
int hp_logind_timeout(const struct hp_logind *l, struct timeval *tv);

/* Run after every select() (whatever it returned): dispatch what arrived,
 * a bounded number of messages per call (more makes hp_logind_timeout 0).
 * Callbacks run from here. 0, or -ENOTCONN when the connection is lost:
 * the context then waits for hp_logind_refresh to connect again. */
int hp_logind_process(struct hp_logind *l, struct hp_err *e);

/* Run the bus alone until nothing is in flight (presence, refresh, delay
 * lock) or timeout_ms passes. For start-up only: this blocks. 0, -ETIMEDOUT
 * or the error of hp_logind_process. */
int hp_logind_settle(struct hp_logind *l, int timeout_ms, struct hp_err *e);

/* Ask again: connect if the connection was lost; once login1 is present,
 * take a delay lock when none is held (outside a sleep) and query the Can*
 * and the inhibitor list (unless a refresh is in flight). 0 or -errno. */
int hp_logind_refresh(struct hp_logind *l, struct hp_err *e);

enum hp_logind_presence hp_logind_presence(const struct hp_logind *l);

/* Let a sleep announced by PrepareForSleep(true) go on: release the delay
 * lock before_sleep kept. Nothing outside such a sleep. */
void hp_logind_release(struct hp_logind *l);

/* Is our delay lock held now? */
bool hp_logind_delay_held(const struct hp_logind *l);

/* Between PrepareForSleep(true) and (false)? */
bool hp_logind_sleeping(const struct hp_logind *l);

/* logind's last answer to Can<verb>. */
enum hp_logind_can hp_logind_can(const struct hp_logind *l, enum hp_logind_sleep s);

/* Does logind allow s (answered "yes")? If not, why (HP_WHY_MAX bytes):
 * "logind: CanHibernate=na", "logind: not on the system bus". */
bool hp_logind_allows(const struct hp_logind *l, enum hp_logind_sleep s, char *why);

/* The inhibitor list of the last refresh (or sleep check): *n entries,
 * valid until the next hp_logind_process/refresh. */
const struct hp_logind_inhibitor *hp_logind_inhibitors(const struct hp_logind *l, size_t *n);

/* Ask logind to enter s (interactive=false), asynchronously. Unless
 * ignore_inhibitors, first read ListInhibitors and refuse (-EBUSY, the
 * message of hp_logind_blocker) when a block lock covers sleep: logind
 * itself lets root through such locks. done runs exactly once from
 * hp_logind_process: success, the refusal, or the D-Bus error ("logind:
 * Suspend: org.freedesktop.login1.X: message"; also when the bus goes away
 * first). 0 when started; -EALREADY when a sleep request is in flight;
 * -ENOTCONN when not connected. */
int hp_logind_sleep(struct hp_logind *l, enum hp_logind_sleep s, bool ignore_inhibitors,
		    hp_logind_done_fn *done, void *data, struct hp_err *e);

/* How many of v's n inhibitors are block locks covering sleep. When any,
 * msg (len bytes) names the first: blocked by "backup" (pid 812): "nightly
 * dump", with " and 2 more" when there are others. Control characters are
 * shown as '?'. */
size_t hp_logind_blocker(const struct hp_logind_inhibitor *v, size_t n, char *msg, size_t len);

/* logind's verb for a MIB target (mem: Suspend, disk: Hibernate, hybrid:
 * HybridSleep, suspendThenHibernate: SuspendThenHibernate); -1 for freeze
 * and others, which logind cannot choose. */
int hp_logind_sleep_of_target(enum hp_target t);

/* The verb's name: "Suspend", "Hibernate", "HybridSleep",
 * "SuspendThenHibernate". */
const char *hp_logind_sleep_name(enum hp_logind_sleep s);

/* The Can* word: "yes", "no", "challenge", "na", or "unknown". */
const char *hp_logind_can_name(enum hp_logind_can c);

#endif
