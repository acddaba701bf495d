/* power.c -- the daemon's side of the suspend state machine (src/fsm.h):
 * feed it what happened, perform what it returns. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "capsxml.h"
#include "clock.h"
#include "fsm.h"
#include "ops.h"
#include "power.h"
#include "privsep.h"
#include "record.h"
#include "settings.h"
#include "worker.h"

#define CAPS_TTL_S 5             /* capabilities cache lifetime */
#define EXTERNAL_MIN_MS 1000     /* smallest sleep worth recording */
#define ALARM_SLACK_S 2          /* RTC read-back rounding */
#define WORKER_GRACE_MS 2000     /* wait for a returning worker at stop */
/* How long an ACTION waits for its COMMIT or UNDO: the master gives each
 * phase about a second, so this is a master that went away. */
#define ARM_ABANDON_S 5

static struct {
	struct hp_host host;
	struct hp_ops *ops;       /* the RTC alarm and the sleep (agent/privsep.h) */
	struct hp_fsm fsm;
	enum hp_target target;    /* hostPowerSuspendTarget */
	enum hp_target sleep_target; /* of the armed, pending or running suspend */
	unsigned duration;
	time_t alarm_at;          /* armed alarm of our suspend */
	char last_error[HP_ERR_MAX + 64];
	unsigned arm_timer;       /* snmp_alarm abandoning an uncommitted ACTION */
	struct hp_worker worker;
	struct hp_clock_watch watch;
	bool up;                  /* initialised, not yet freed */
	struct {                  /* the capabilities cache */
		struct hp_caps caps, logged;
		char libvirt_err[HP_ERR_MAX];
		time_t alarm;
		time_t probed;     /* monotonic seconds, 0 = stale */
	} cache;
} pw;

static void power_perform(unsigned actions, const char *why);

/* Monotonic seconds (for the cache; immune to clock steps). */
static time_t power_now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1; /* never 0 */
}

/* Log a capability whose reason for being missing changed. */
static void power_log_cap(const char *name, bool has, const char *why, const char *old_why)
{
	if (!has && strcmp(why, old_why) != 0)
		snmp_log(LOG_NOTICE, "%s not available: %s\n", name, why);
}

/* Probe the host (and libvirt's document when configured) into the cache;
 * log what became unavailable, once. */
static void power_probe(void)
{
	struct hp_caps *c = &pw.cache.caps, *old = &pw.cache.logged;
	struct hp_err err;

	hp_caps_probe(&pw.host, c);
	hp_err_clear(&err);
	if (agent_cfg.libvirt_caps[0])
		hp_capsxml_load_libvirt(agent_cfg.libvirt_caps, c, &err);
	if (strcmp(err.msg, pw.cache.libvirt_err) != 0 && err.msg[0])
		snmp_log(LOG_WARNING, "libvirtCapabilities %s: %s\n", agent_cfg.libvirt_caps, err.msg);
	strcpy(pw.cache.libvirt_err, err.msg);
	power_log_cap("S3 (mem)", c->s3, c->s3_why, old->s3_why);
	power_log_cap("S4 (disk)", c->s4, c->s4_why, old->s4_why);
	power_log_cap("hybrid sleep", c->hybrid, c->hybrid_why, old->hybrid_why);
	power_log_cap("s2idle (freeze)", c->s2idle, c->s2idle_why, old->s2idle_why);
	power_log_cap("RTC wake", c->rtc_wake, c->rtc_why, old->rtc_why);
	*old = *c;
	pw.cache.alarm = 0;
	if (c->rtc[0] && pw.ops->read(pw.ops, &pw.cache.alarm, NULL) != 1)
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
	if (pw.fsm.state != HP_FSM_READY)
		return pw.alarm_at;
	agent_power_caps();
	return pw.cache.alarm;
}

enum agent_state agent_power_state(void)
{
	/* An armed alarm whose SET is not committed is not a pending suspend. */
	return pw.fsm.state == HP_FSM_ARMED ? AGENT_READY : (enum agent_state)pw.fsm.state;
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

/* t as "2026-12-05T10:00:00Z" into buf (the number itself if it cannot). */
static void power_format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "%lld", (long long)t);
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

/* The refusal of a SET that finds the machine busy. */
static int power_busy(void)
{
	return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "a suspend is already %s",
			    pw.fsm.state == HP_FSM_SUSPENDING ? "under way" :
			    pw.fsm.state == HP_FSM_PENDING ? "pending" : "being set");
}

/* Feed ev of transaction txn to the machine and perform what it says. */
static unsigned power_step(enum hp_fsm_event ev, uint64_t txn, const char *why)
{
	enum hp_fsm_state from = pw.fsm.state;
	unsigned actions = hp_fsm_step(&pw.fsm, ev, txn);

	if (actions & HP_FSM_DO_IGNORE)
		snmp_log(LOG_INFO, "%s ignored while %s%s\n", hp_fsm_event_name(ev),
			 hp_fsm_state_name(from), txn && pw.fsm.txn && txn != pw.fsm.txn ?
			 " (another SET owns the alarm)" : "");
	power_perform(actions, why);
	return actions;
}

int agent_power_check(enum hp_target t, unsigned seconds, bool suspend)
{
	const struct hp_caps *c;

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
	if (power_step(HP_FSM_EV_RESERVE, 0, NULL) & HP_FSM_DO_REFUSE)
		return power_busy();
	/* The alarm covers the delay, a second and the duration: it must be
	 * an offset the RTC code can take, not a sum that wraps. */
	if ((uint64_t)agent_cfg.delay + 1 + seconds > UINT32_MAX)
		return power_refuse(SNMP_ERR_WRONGVALUE, "%u s plus suspendDelay %u s is too far "
				    "ahead for a wake alarm", seconds, agent_cfg.delay);
	if (!c->rtc_wake || !c->rtc[0])
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "no usable RTC wake alarm: %s",
				    c->rtc_why);
	return 0;
}

/* The arm timer ran out: the SET that armed was never committed. */
static void power_abandon(unsigned reg, void *arg)
{
	(void)reg; (void)arg;
	pw.arm_timer = 0;
	power_step(HP_FSM_EV_ABANDON, 0, NULL);
}

/* HP_FSM_DO_ARM: arm and verify the alarm; 0 or the SNMP error. */
static int power_arm(unsigned seconds)
{
	struct hp_err err;
	time_t when;

	/* The alarm covers the delay and the whole duration, plus a second:
	 * the RTC counts whole seconds, and the sleep must begin no sooner
	 * than suspendDelay after the answer (the sum was checked at RESERVE). */
	if (pw.ops->arm(pw.ops, agent_cfg.delay + 1 + seconds, &when, &err) < 0)
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "cannot arm the wake alarm: %s",
				    err.msg);
	pw.alarm_at = when;
	pw.cache.probed = 0;
	return 0;
}

int agent_power_arm(unsigned seconds, uint64_t txn)
{
	unsigned actions = hp_fsm_step(&pw.fsm, HP_FSM_EV_ACTION, txn);
	int rc;

	if (actions & HP_FSM_DO_REFUSE)
		return power_busy();
	pw.duration = seconds;
	pw.sleep_target = pw.target;
	rc = power_arm(seconds);
	if (rc != 0) {
		power_step(HP_FSM_EV_ARM_FAILED, txn, NULL);
		return rc;
	}
	power_perform(actions & ~HP_FSM_DO_ARM, NULL);
	return 0;
}

void agent_power_undo(uint64_t txn)
{
	power_step(HP_FSM_EV_UNDO, txn, NULL);
}

void agent_power_commit(uint64_t txn)
{
	/* The target as every ACTION of the PDU left it: net-snmp may hand
	 * the target's varbind to ACTION after the duration's. */
	if (pw.fsm.state == HP_FSM_ARMED && pw.fsm.txn == txn)
		pw.sleep_target = pw.target;
	power_step(HP_FSM_EV_COMMIT, txn, NULL);
}

void agent_power_set_target(enum hp_target t)
{
	pw.target = t;
}

/* Record ev of our suspend (its target and duration filled in). */
static void power_record(enum hp_event_type type, time_t when, const char *detail)
{
	struct hp_event ev = { .type = type, .target = pw.sleep_target, .time = when,
			       .requested_s = pw.duration, .initiator = HP_INIT_MANAGER };

	if (type == HP_EV_RESUME)
		ev.measured_s = (uint32_t)((pw.worker.asleep_ms + 500) / 1000);
	snprintf(ev.detail, sizeof(ev.detail), "%s", detail ? detail : "");
	agent_record_add(&ev);
}

/* An accepted suspend failed or was dropped: say so everywhere. */
static void power_record_failure(const char *why)
{
	snprintf(pw.last_error, sizeof(pw.last_error), "%s", why);
	snmp_log(LOG_ERR, "suspend to %s failed: %s\n", hp_target_name(pw.sleep_target), why);
	power_record(HP_EV_FAILURE, 0, why);
}

/* HP_FSM_DO_DISARM: make sure our alarm is gone. */
static void power_disarm(void)
{
	struct hp_err err;

	if (pw.ops->disarm(pw.ops, &err) < 0)
		snmp_log(LOG_ERR, "cannot disarm the wake alarm: %s\n", err.msg);
	pw.alarm_at = 0;
	pw.cache.probed = 0;
}

/* Milliseconds until the sleep must begin so that it lasts the whole
 * duration: alarm - duration - now (suspendDelay to suspendDelay + 1 s). */
static int64_t power_go_delay_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return ((int64_t)(pw.alarm_at - pw.duration) - now.tv_sec) * 1000 - now.tv_nsec / 1000000;
}

/* HP_FSM_DO_SCHEDULE: hand the suspend to the worker, which begins it on
 * time by itself. */
static void power_schedule(void)
{
	int64_t ms = power_go_delay_ms();
	struct hp_err err;
	char when[32];

	agent_record_set_pending(pw.alarm_at);
	power_format_time(pw.alarm_at, when, sizeof(when));
	snmp_log(LOG_NOTICE, "suspend to %s for %u s accepted: wake alarm at %s, sleeping in %lld ms\n",
		 hp_target_name(pw.sleep_target), pw.duration, when, (long long)(ms < 0 ? 0 : ms));
	if (hp_worker_start(&pw.worker, pw.ops, pw.sleep_target, ms, &err) < 0)
		power_step(HP_FSM_EV_FAILED, 0, err.msg);
}

/* Back to ready: the pending alarm is no more, and external sleeps are
 * watched from now so ours is not counted twice. */
static void power_ready(void)
{
	pw.alarm_at = 0;
	pw.cache.probed = 0;
	hp_clock_watch_reset(&pw.host, &pw.watch);
	agent_record_set_pending(0);
}

/* HP_FSM_DO_APPLY_CONFIG: take the host settings of agent_cfg. */
static void power_apply_config(void)
{
	hp_host_init(&pw.host, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	agent_privsep_host(&pw.host);
	power_probe();
	hp_clock_watch_reset(&pw.host, &pw.watch);
}

/* HP_FSM_DO_RECORD_EXTERNAL. */
static void power_record_external(int64_t ms)
{
	struct hp_event ev = { .type = HP_EV_EXTERNAL, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_EXTERNAL };

	ev.measured_s = (uint32_t)((ms + 500) / 1000);
	snprintf(ev.detail, sizeof(ev.detail), "sleep not started by hostpowerd");
	snmp_log(LOG_NOTICE, "the host slept %u s (not started by hostpowerd)\n", ev.measured_s);
	pw.cache.probed = 0;
	agent_record_add(&ev);
}

/* Stop: a pending worker is cancelled, a sleeping one gets a moment to
 * come back (on a real host a stop asked during the sleep arrives on
 * resume) so its resume is recorded. */
static void power_stop_worker(unsigned actions)
{
	if (actions & HP_FSM_DO_CANCEL_WORKER)
		hp_worker_cancel(&pw.worker);
	if (pw.worker.running && hp_worker_wait(&pw.worker, WORKER_GRACE_MS))
		agent_power_read();
}

/* The recording half of power_perform. */
static void power_perform_records(unsigned actions, const char *why)
{
	char msg[HP_ERR_MAX];

	if (actions & HP_FSM_DO_RECORD_SUSPEND) {
		snmp_log(LOG_NOTICE, "suspending to %s for %u s\n",
			 hp_target_name(pw.sleep_target), pw.duration);
		power_record(HP_EV_SUSPEND, pw.worker.began, NULL);
	}
	if (actions & (HP_FSM_DO_RECORD_RESUME | HP_FSM_DO_RECORD_FAILURE |
		       HP_FSM_DO_RECORD_ABANDON))
		power_ready();
	if (actions & HP_FSM_DO_RECORD_RESUME) {
		snmp_log(LOG_NOTICE, "resumed from %s after %lld ms asleep\n",
			 hp_target_name(pw.sleep_target), (long long)pw.worker.asleep_ms);
		power_record(HP_EV_RESUME, 0, NULL);
	}
	if (actions & HP_FSM_DO_RECORD_FAILURE)
		power_record_failure(why ? why : "unknown failure");
	if (actions & HP_FSM_DO_RECORD_ABANDON) {
		snprintf(msg, sizeof(msg), "the SET was never completed (no COMMIT from the master "
			 "within %d s): wake alarm disarmed, not sleeping", ARM_ABANDON_S);
		power_record_failure(msg);
	}
}

/* Perform actions (HP_FSM_DO_*) in their order; why explains a failure. */
static void power_perform(unsigned actions, const char *why)
{
	if ((actions & HP_FSM_DO_TIMER_START) &&
	    !(pw.arm_timer = snmp_alarm_register(ARM_ABANDON_S, 0, power_abandon, NULL)))
		snmp_log(LOG_WARNING, "cannot time the SET's commit\n");
	if ((actions & HP_FSM_DO_TIMER_STOP) && pw.arm_timer) {
		snmp_alarm_unregister(pw.arm_timer);
		pw.arm_timer = 0;
	}
	if (actions & HP_FSM_DO_DISARM)
		power_disarm();
	if (actions & HP_FSM_DO_SCHEDULE)
		power_schedule();
	if (actions & (HP_FSM_DO_CANCEL_WORKER | HP_FSM_DO_WAIT_WORKER))
		power_stop_worker(actions);
	power_perform_records(actions, why);
	if (actions & HP_FSM_DO_DEFER_CONFIG)
		snmp_log(LOG_INFO, "new host settings apply after the current suspend\n");
	if (actions & HP_FSM_DO_APPLY_CONFIG)
		power_apply_config();
}

int agent_power_fd(void)
{
	return hp_worker_fd(&pw.worker);
}

void agent_power_read(void)
{
	enum hp_worker_report r;
	char why[HP_ERR_MAX];
	int n;

	/* Bounded: a worker writes at most two bytes per suspend. */
	for (n = 0; n < 8 && (r = hp_worker_next(&pw.worker)) != HP_WORKER_NONE; n++) {
		if (r == HP_WORKER_SLEEPING) {
			power_step(HP_FSM_EV_SLEEPING, 0, NULL);
		} else if (r == HP_WORKER_DONE && pw.worker.rc < 0) {
			snprintf(why, sizeof(why), "%s", pw.worker.err.msg[0] ?
				 pw.worker.err.msg : strerror(-pw.worker.rc));
			power_step(HP_FSM_EV_FAILED, 0, why);
		} else if (r == HP_WORKER_DONE) {
			power_step(HP_FSM_EV_RESUMED, 0, NULL);
		}
	}
}

void agent_power_watch(void)
{
	int64_t ms = hp_clock_watch_check(&pw.host, &pw.watch, EXTERNAL_MIN_MS);

	if (ms > 0 && (hp_fsm_step(&pw.fsm, HP_FSM_EV_EXTERNAL, 0) & HP_FSM_DO_RECORD_EXTERNAL))
		power_record_external(ms);
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
	power_format_time(want, when, sizeof(when));
	if (!c->rtc[0] || pw.ops->read(pw.ops, &armed, &err) != 1 ||
	    llabs((long long)(armed - want)) > ALARM_SLACK_S) {
		snmp_log(LOG_INFO, "a suspend was pending at the last stop; its alarm (%s) is gone\n",
			 when);
		agent_record_set_pending(0);
		return;
	}
	if (!agent_cfg.keep_interrupted && pw.ops->disarm(pw.ops, &err) < 0)
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
	int rc;

	hp_fsm_init(&pw.fsm);
	pw.ops = agent_privsep_ops();
	pw.target = HP_TARGET_MEM;
	if ((rc = hp_worker_init(&pw.worker)) < 0)
		return rc;
	power_apply_config();
	power_check_interrupted();
	pw.up = true;
	return 0;
}

void agent_power_reconfigure(void)
{
	power_step(HP_FSM_EV_RECONFIGURE, 0, NULL);
}

void agent_power_free(void)
{
	enum hp_fsm_state from = pw.fsm.state;

	if (!pw.up)
		return;
	pw.up = false;
	power_step(HP_FSM_EV_STOP, 0, NULL);
	if (from == HP_FSM_PENDING || pw.fsm.state == HP_FSM_SUSPENDING)
		snmp_log(LOG_WARNING, "stopping while a suspend is %s; its wake alarm stays armed\n",
			 from == HP_FSM_PENDING ? "pending" : "under way");
	hp_worker_free(&pw.worker);
}
