/*
 * power_int.h -- what the files of the power module share (power.c, the
 * state machine's adapter; power_caps.c, the capabilities cache;
 * power_record.c, what is recorded and refused). Not for other modules:
 * they use power.h.
 */
#ifndef AGENT_POWER_INT_H
#define AGENT_POWER_INT_H

#include <stdint.h>
#include <time.h>

#include "clock.h"
#include "fsm.h"
#include "history.h"
#include "ops.h"
#include "power.h"
#include "worker.h"

#define CAPS_TTL_S 5             /* capabilities cache lifetime */
#define ALARM_SLACK_S 2          /* RTC read-back rounding */
/* How long a sleep waits for its suspend notification to leave snmpd
 * (agent_notify_then): within the worker's own bound, so the warning is
 * ours, and far within logind's InhibitDelayMaxSec (5 s by default). */
#define NOTIFY_WAIT_MS (HP_WORKER_ACK_MS * 4 / 5)

struct power_state {
	struct hp_host host;
	struct hp_ops *ops;       /* the RTC alarm and the sleep (agent/privsep.h) */
	struct hp_fsm fsm;
	enum hp_target target;    /* hostPowerSuspendTarget */
	enum hp_target sleep_target; /* of the armed, pending or running suspend */
	unsigned duration;
	time_t alarm_at;          /* armed alarm of our suspend */
	time_t end_at;            /* when our suspend ends: the alarm armed by the SET */
	int phase;                /* suspend-then-hibernate here: 1 RAM, 2 disk; 0 other */
	char rtc[HP_NAME_MAX];    /* the RTC our alarm is armed on */
	char last_error[HP_ERR_MAX + 64];
	unsigned arm_timer;       /* snmp_alarm abandoning an uncommitted ACTION */
	struct hp_worker worker;
	struct hp_clock_watch watch;
	struct agent_selftest_status selftest;
	bool ignore_inhibitors;   /* hostPowerSuspendIgnoreInhibitors */
	int64_t go_offset_ms;     /* sleep offset when logind was asked */
	bool up;                  /* initialised, not yet freed */
	struct {                  /* the capabilities cache */
		struct hp_caps caps, logged;
		char libvirt_err[HP_ERR_MAX];
		time_t alarm;
		time_t probed;     /* monotonic seconds, 0 = stale */
	} cache;
	struct {                  /* how far ahead the RTC accepts an alarm */
		unsigned s;        /* the farthest offset accepted, 0 = unknown */
		unsigned want;     /* the offset probed for (suspendDurationMax's) */
		bool failed;       /* the probe failed: not again until new settings */
		char rtc[HP_NAME_MAX];     /* the RTC probed */
		char logged[HP_ERR_MAX];   /* why unknown, as last logged */
	} reach;
};

/* The one suspend machine of the daemon. */
extern struct power_state pw;

/* power.c: feed ev of transaction txn to the machine and perform what it
 * says (why explains a failure); returns the actions. */
unsigned power_step(enum hp_fsm_event ev, uint64_t txn, const char *why);

/* power.c: perform actions (HP_FSM_DO_*) in their order. */
void power_perform(unsigned actions, const char *why);

/* power_sleeps.c: the worker says go and logind carries the sleep out:
 * record the suspend (its notification leaves before logind can sleep: our
 * delay lock holds the sleep until snmpd has sent it) and ask. A wake alarm gone by now fails it. */
void power_logind_go(void);

/* power_sleeps.c: logind's hooks (agent/power_logind.h): its answer to our
 * sleep request, PrepareForSleep(true) (a sleep nobody here asked for is
 * recorded and notified before it happens), PrepareForSleep(false) (the
 * sleep, ours or not, recorded with its measured time asleep). */
void power_logind_done(const struct hp_err *e);
void power_prepare(void);
void power_wake(void);

/* power_sth.c: at SCHEDULE of a suspend-then-hibernate carried out here
 * and not yet begun: arm the alarm for its suspend to RAM (the whole
 * duration's alarm stays when that is shorter than hibernateDelay). 0, or
 * -1 when the arm failed (the suspend failed: FAILED was fed). */
int power_sth_plan(void);

/* power_sth.c: the target the worker enters: the phase's (mem, disk), or
 * the suspend's own. */
enum hp_target power_sth_worker_target(void);

/* power_sth.c: fill ev's target and detail (detail NULL: none) for our
 * suspend: the phase's target, and the phase named in front of detail. */
void power_sth_describe(struct hp_event *ev, const char *detail);

/* power_sth.c: the worker is back from a sleep, which may be the suspend
 * to RAM of a suspend-then-hibernate: NULL when it is not; "" when the
 * hibernation follows (recorded and scheduled here, or failed); else the
 * reason the host stays awake, for the resume's detail. */
const char *power_sth_resumed(void);

/* power_caps.c: probe the host into the cache now, and log what became
 * unavailable. */
void power_probe(void);

/* power_reach.c: learn the RTC's reach when it is unknown, between
 * suspends, with no alarm armed (a probe arms and disarms the RTC); new
 * settings or another RTC forget it. */
void power_probe_reach(void);

/* power_reach.c: the arm of a suspend of seconds failed with r: when the
 * RTC refused an alarm that far ahead (EINVAL, ERANGE), learn its reach
 * anew and return wrongValue with the reason kept; else 0. */
int power_arm_refused(int r, unsigned seconds);

/* power_record.c */

/* Keep and log why a suspend was refused or failed; returns snmp_err. */
int power_refuse(int snmp_err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record ev of our suspend (its target and duration filled in). */
void power_record(enum hp_event_type type, time_t when, const char *detail);

/* An accepted suspend failed or was dropped: say so everywhere. */
void power_record_failure(const char *why);

/* A sleep nobody here started, of ms. */
void power_record_external(int64_t ms);

/* The self-test's end: keep the result, record and notify it. */
void power_record_selftest(void);

/* A suspend was pending when the daemon last stopped: record it as
 * interrupted and (unless told to keep it) disarm its alarm. */
void power_check_interrupted(void);

#endif
