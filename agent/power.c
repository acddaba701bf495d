/* power.c -- the daemon's side of the suspend state machine (src/fsm.h):
 * feed it what happened, perform what it returns. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "clock.h"
#include "fsm.h"
#include "notify.h"
#include "power_int.h"
#include "power_logind.h"
#include "privsep.h"
#include "record.h"
#include "rtc.h"
#include "settings.h"
#include "worker.h"

#define WORKER_GRACE_MS 2000     /* wait for a returning worker at stop */
/* How long an ACTION waits for its COMMIT or UNDO: the master gives each
 * phase about a second, so this is a master that went away. */
#define ARM_ABANDON_S 5

/* The state of the power module (power_int.h). */
struct power_state pw;


enum agent_state agent_power_state(void)
{
	/* An armed alarm whose SET is not committed is not a pending suspend;
	 * one being cancelled still is, until the cancel is committed. */
	switch (pw.fsm.state) {
	case HP_FSM_ARMED: return AGENT_READY;
	case HP_FSM_CANCELLING: return AGENT_PENDING;
	case HP_FSM_TESTING: return AGENT_TESTING;
	default: return (enum agent_state)pw.fsm.state;
	}
}

enum hp_target agent_power_target(void)
{
	return pw.target;
}

unsigned agent_power_duration(void)
{
	return pw.duration;
}

/* The refusal of a SET that finds the machine busy. */
static int power_busy(void)
{
	return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "a suspend is already %s",
			    pw.fsm.state == HP_FSM_SUSPENDING ? "under way" :
			    pw.fsm.state == HP_FSM_PENDING ? "pending" : "being set");
}

/* Feed ev of transaction txn to the machine and perform what it says. */
unsigned power_step(enum hp_fsm_event ev, uint64_t txn, const char *why)
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

int agent_power_check(enum hp_target t, unsigned seconds, bool suspend, bool ignore_inhibitors)
{
	char why[HP_ERR_MAX];
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
	if (!c->cap[HP_CAP_RTC_WAKE].ok || !c->rtc[0])
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "no usable RTC wake alarm: %s",
				    c->cap[HP_CAP_RTC_WAKE].why);
	if (!ignore_inhibitors && agent_logind_blocked(why, sizeof(why)))
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "%s", why);
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
	const struct hp_caps *c = agent_power_caps();
	struct hp_err err;
	time_t when;
	int r;

	/* The alarm covers the delay and the whole duration, plus a second:
	 * the RTC counts whole seconds, and the sleep must begin no sooner
	 * than suspendDelay after the answer (the sum was checked at RESERVE). */
	if ((r = pw.ops->arm(pw.ops, agent_cfg.delay + 1 + seconds, &when, &err)) < 0)
		return (r = power_arm_refused(r, seconds)) ? r :
			power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "cannot arm the wake alarm: %s",
				     err.msg);
	snprintf(pw.rtc, sizeof(pw.rtc), "%s", c->rtc);
	pw.alarm_at = pw.end_at = when;
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
	pw.phase = 0;
	rc = power_arm(seconds);
	if (rc != 0) {
		power_step(HP_FSM_EV_ARM_FAILED, txn, NULL);
		return rc;
	}
	power_perform(actions & ~HP_FSM_DO_ARM, NULL);
	return 0;
}

int agent_power_check_cancel(void)
{
	if (pw.fsm.state != HP_FSM_PENDING)
		return power_refuse(SNMP_ERR_INCONSISTENTVALUE, "no suspend to cancel: the state is %s",
				    hp_fsm_state_name(pw.fsm.state));
	return 0;
}

static void power_worker_ack(void *arg)
{
	(void)arg;
	hp_worker_ack(&pw.worker);
}

/* The sleep begins: record and notify it, and let the worker go once the
 * master has sent the notification on, so that the host does not freeze
 * snmpd with it still unsent (bounded within the worker's own wait). */
static void power_sleeping(void)
{
	power_step(HP_FSM_EV_SLEEPING, 0, NULL);
	agent_notify_then(power_worker_ack, NULL, NOTIFY_WAIT_MS);
}

int agent_power_cancel(uint64_t txn)
{
	enum hp_worker_report r = HP_WORKER_NONE;

	if (agent_power_check_cancel() != 0)
		return SNMP_ERR_INCONSISTENTVALUE;
	/* Only the worker knows whether it has begun: ask it, and believe its
	 * answer (it comes at once unless the sleep has begun). */
	hp_worker_cancel(&pw.worker);
	if (hp_worker_wait(&pw.worker, WORKER_GRACE_MS))
		r = hp_worker_next(&pw.worker);
	if (r == HP_WORKER_CANCELLED) {
		power_step(HP_FSM_EV_CANCEL, txn, NULL);
		return 0;
	}
	if (r == HP_WORKER_SLEEPING)
		power_sleeping();
	return power_refuse(SNMP_ERR_INCONSISTENTVALUE, "too late to cancel: the sleep has begun");
}

int agent_power_check_selftest(void)
{
	const struct hp_caps *c;

	if (pw.fsm.state != HP_FSM_READY)
		return power_refuse(SNMP_ERR_INCONSISTENTVALUE, "no RTC self-test while %s",
				    hp_fsm_state_name(pw.fsm.state));
	pw.cache.probed = 0; /* the RTC as it is now */
	c = agent_power_caps();
	if (!c->cap[HP_CAP_RTC_WAKE].ok || !c->rtc[0])
		return power_refuse(SNMP_ERR_RESOURCEUNAVAILABLE, "no RTC to test: %s", c->cap[HP_CAP_RTC_WAKE].why);
	return 0;
}

void agent_power_selftest(void)
{
	power_step(HP_FSM_EV_SELFTEST, 0, NULL);
}

/* HP_FSM_DO_START_SELFTEST. */
static void power_start_selftest(void)
{
	const struct hp_caps *c = agent_power_caps();
	struct hp_err err;

	snprintf(pw.rtc, sizeof(pw.rtc), "%s", c->rtc);
	pw.selftest.result = AGENT_SELFTEST_RUNNING;
	snmp_log(LOG_NOTICE, "RTC self-test of %s: alarm %d s ahead\n", pw.rtc, HP_SELFTEST_AHEAD_S);
	if (hp_worker_start_selftest(&pw.worker, pw.ops, &pw.host, pw.rtc, &err) < 0) {
		pw.worker.rc = -err.code;
		pw.worker.err = err;
		power_step(HP_FSM_EV_TESTED, 0, NULL);
	}
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
	return ((int64_t)(pw.end_at - pw.duration) - now.tv_sec) * 1000 - now.tv_nsec / 1000000;
}

/* HP_FSM_DO_SCHEDULE: hand the suspend to the worker, which begins it on
 * time by itself. */
static void power_schedule(void)
{
	int64_t ms = power_go_delay_ms();
	struct hp_err err;
	char when[32];

	if (power_sth_plan() < 0)
		return;
	agent_record_set_pending(pw.alarm_at);
	hp_clock_format_utc(pw.alarm_at, when, sizeof(when));
	snmp_log(LOG_NOTICE, "suspend to %s for %u s accepted: wake alarm at %s, sleeping in %lld ms\n",
		 hp_target_name(pw.sleep_target), pw.duration, when, (long long)(ms < 0 ? 0 : ms));
	if (hp_worker_start(&pw.worker, agent_logind_method() == AGENT_SLEEP_LOGIND ?
			    HP_WORKER_JOB_TIMER : HP_WORKER_JOB_SLEEP, pw.ops, &pw.host, pw.rtc,
			    power_sth_worker_target(), ms, &err) < 0)
		power_step(HP_FSM_EV_FAILED, 0, err.msg);
}

/* Back to ready: the pending alarm is no more, and external sleeps are
 * watched from now so ours is not counted twice. */
static void power_ready(void)
{
	pw.ignore_inhibitors = false;
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
		       HP_FSM_DO_RECORD_ABANDON | HP_FSM_DO_RECORD_CANCEL))
		power_ready();
	if (actions & HP_FSM_DO_RECORD_CANCEL) {
		snmp_log(LOG_NOTICE, "suspend to %s for %u s cancelled: wake alarm disarmed\n",
			 hp_target_name(pw.sleep_target), pw.duration);
		power_record(HP_EV_CANCELLED, 0, "cancelled by a manager before the sleep "
			     "began; wake alarm disarmed");
	}
	if (actions & HP_FSM_DO_RECORD_RESUME) {
		snmp_log(LOG_NOTICE, "resumed from %s after %lld ms asleep\n",
			 hp_target_name(pw.sleep_target), (long long)pw.worker.asleep_ms);
		power_record(HP_EV_RESUME, 0, why);
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
void power_perform(unsigned actions, const char *why)
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
	if (actions & HP_FSM_DO_START_SELFTEST)
		power_start_selftest();
	if (actions & (HP_FSM_DO_CANCEL_WORKER | HP_FSM_DO_WAIT_WORKER))
		power_stop_worker(actions);
	power_perform_records(actions, why);
	if (actions & HP_FSM_DO_RECORD_SELFTEST)
		power_record_selftest();
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
	const char *note;
	int n;

	/* Bounded: a worker writes at most two bytes per suspend. */
	for (n = 0; n < 8 && (r = hp_worker_next(&pw.worker)) != HP_WORKER_NONE; n++) {
		if (r == HP_WORKER_SLEEPING) {
			power_sleeping();
		} else if (r == HP_WORKER_GO) {
			power_logind_go();
		} else if (r == HP_WORKER_DONE && pw.worker.job == HP_WORKER_JOB_SELFTEST) {
			power_step(HP_FSM_EV_TESTED, 0, NULL);
		} else if (r == HP_WORKER_DONE && pw.worker.rc < 0) {
			snprintf(why, sizeof(why), "%s", pw.worker.err.msg[0] ?
				 pw.worker.err.msg : strerror(-pw.worker.rc));
			power_step(HP_FSM_EV_FAILED, 0, why);
		} else if (r == HP_WORKER_DONE) {
			/* "": a hibernation follows (power_sth.c did it all). */
			if (!(note = power_sth_resumed()) || *note)
				power_step(HP_FSM_EV_RESUMED, 0, note);
		}
	}
}

int agent_power_init(void)
{
	static const struct agent_logind_hooks hooks = {
		.prepare = power_prepare, .wake = power_wake, .done = power_logind_done,
	};
	int rc;

	hp_fsm_init(&pw.fsm);
	pw.ops = agent_privsep_ops();
	pw.target = HP_TARGET_MEM;
	pw.selftest.result = AGENT_SELFTEST_NEVER;
	if ((rc = hp_worker_init(&pw.worker)) < 0)
		return rc;
	if (agent_logind_start(&hooks) < 0)
		return -ENOTCONN;
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
	agent_logind_stop();
}
