/* t_fsm.c -- the suspend state machine: every state x event pair against a
 * written specification, the transaction rules, and whole paths. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fsm.h"
#include "unit.h"

#define OWN 7     /* the transaction that armed */
#define OTHER 9   /* another SET */

/* Action bits by name, so the specification below reads as words. */
static const struct {
	unsigned bit;
	const char *name;
} act_names[] = {
	{ HP_FSM_DO_REFUSE, "refuse" }, { HP_FSM_DO_IGNORE, "ignore" },
	{ HP_FSM_DO_ARM, "arm" }, { HP_FSM_DO_TIMER_START, "timer-start" },
	{ HP_FSM_DO_TIMER_STOP, "timer-stop" }, { HP_FSM_DO_DISARM, "disarm" },
	{ HP_FSM_DO_SCHEDULE, "schedule" }, { HP_FSM_DO_CANCEL_WORKER, "cancel-worker" },
	{ HP_FSM_DO_WAIT_WORKER, "wait-worker" }, { HP_FSM_DO_RECORD_SUSPEND, "rec-suspend" },
	{ HP_FSM_DO_RECORD_RESUME, "rec-resume" }, { HP_FSM_DO_RECORD_FAILURE, "rec-failure" },
	{ HP_FSM_DO_RECORD_ABANDON, "rec-abandon" }, { HP_FSM_DO_RECORD_EXTERNAL, "rec-external" },
	{ HP_FSM_DO_DEFER_CONFIG, "defer-config" }, { HP_FSM_DO_APPLY_CONFIG, "apply-config" },
	{ HP_FSM_DO_RECORD_CANCEL, "rec-cancel" }, { HP_FSM_DO_START_SELFTEST, "start-selftest" },
	{ HP_FSM_DO_RECORD_SELFTEST, "rec-selftest" },
	{ HP_FSM_DO_RECORD_EXT_SUSPEND, "rec-ext-suspend" },
	{ HP_FSM_DO_RECORD_PHASE, "rec-phase" },
};

/* actions as "arm timer-start", "-" for none. */
static const char *act_str(unsigned a, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(act_names) / sizeof(act_names[0]); i++)
		if (a & act_names[i].bit)
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", act_names[i].name);
	return n ? buf : "-";
}

/*
 * The specification: in state S, event E of the owning transaction leads to
 * state N ("=" stays) with actions A. Written from the design, not from the
 * table in fsm.c.
 */
static const struct {
	enum hp_fsm_state s;
	enum hp_fsm_event e;
	const char *next, *actions;
} spec[] = {
	{ HP_FSM_READY, HP_FSM_EV_RESERVE, "=", "-" },
	{ HP_FSM_READY, HP_FSM_EV_ACTION, "armed", "arm timer-start" },
	{ HP_FSM_READY, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_COMMIT, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_UNDO, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_ABANDON, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_FAILED, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_EXTERNAL, "=", "rec-external" },
	{ HP_FSM_READY, HP_FSM_EV_RECONFIGURE, "=", "apply-config" },
	{ HP_FSM_READY, HP_FSM_EV_STOP, "=", "-" },
	{ HP_FSM_READY, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_SELFTEST, "testing", "start-selftest" },
	{ HP_FSM_READY, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_PREPARE, "external sleep", "rec-ext-suspend" },
	{ HP_FSM_READY, HP_FSM_EV_WAKE, "=", "ignore" },
	{ HP_FSM_READY, HP_FSM_EV_HIBERNATE, "=", "ignore" },

	{ HP_FSM_ARMED, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_ARMED, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_ARMED, HP_FSM_EV_ARM_FAILED, "ready", "timer-stop" },
	{ HP_FSM_ARMED, HP_FSM_EV_COMMIT, "pending", "timer-stop schedule" },
	{ HP_FSM_ARMED, HP_FSM_EV_UNDO, "ready", "timer-stop disarm" },
	{ HP_FSM_ARMED, HP_FSM_EV_ABANDON, "ready", "disarm rec-abandon" },
	{ HP_FSM_ARMED, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_FAILED, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_EXTERNAL, "=", "rec-external" },
	{ HP_FSM_ARMED, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_ARMED, HP_FSM_EV_STOP, "ready", "timer-stop disarm" },
	{ HP_FSM_ARMED, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_ARMED, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_WAKE, "=", "ignore" },
	{ HP_FSM_ARMED, HP_FSM_EV_HIBERNATE, "=", "ignore" },

	{ HP_FSM_PENDING, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_PENDING, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_PENDING, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_COMMIT, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_UNDO, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_ABANDON, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_SLEEPING, "suspending", "rec-suspend" },
	{ HP_FSM_PENDING, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_FAILED, "ready", "disarm rec-failure" },
	{ HP_FSM_PENDING, HP_FSM_EV_EXTERNAL, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_PENDING, HP_FSM_EV_STOP, "ready", "cancel-worker" },
	{ HP_FSM_PENDING, HP_FSM_EV_CANCEL, "cancelling", "timer-start" },
	{ HP_FSM_PENDING, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_PENDING, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_WAKE, "=", "ignore" },
	{ HP_FSM_PENDING, HP_FSM_EV_HIBERNATE, "=", "ignore" },

	{ HP_FSM_SUSPENDING, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_COMMIT, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_UNDO, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_ABANDON, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_RESUMED, "ready", "rec-resume" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_FAILED, "ready", "disarm rec-failure" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_EXTERNAL, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_STOP, "=", "wait-worker" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_WAKE, "ready", "disarm rec-resume" },
	{ HP_FSM_SUSPENDING, HP_FSM_EV_HIBERNATE, "pending", "arm schedule rec-phase" },

	{ HP_FSM_CANCELLING, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_COMMIT, "ready", "timer-stop disarm rec-cancel" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_UNDO, "pending", "timer-stop schedule" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_ABANDON, "ready", "disarm rec-cancel" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_FAILED, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_EXTERNAL, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_STOP, "ready", "timer-stop" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_WAKE, "=", "ignore" },
	{ HP_FSM_CANCELLING, HP_FSM_EV_HIBERNATE, "=", "ignore" },

	{ HP_FSM_TESTING, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_TESTING, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_TESTING, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_COMMIT, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_UNDO, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_ABANDON, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_FAILED, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_EXTERNAL, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_TESTING, HP_FSM_EV_STOP, "ready", "cancel-worker" },
	{ HP_FSM_TESTING, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_TESTING, HP_FSM_EV_TESTED, "ready", "rec-selftest" },
	{ HP_FSM_TESTING, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_WAKE, "=", "ignore" },
	{ HP_FSM_TESTING, HP_FSM_EV_HIBERNATE, "=", "ignore" },

	{ HP_FSM_EXTERNAL, HP_FSM_EV_RESERVE, "=", "refuse" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_ACTION, "=", "refuse" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_ARM_FAILED, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_COMMIT, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_UNDO, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_ABANDON, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_SLEEPING, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_RESUMED, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_FAILED, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_EXTERNAL, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_RECONFIGURE, "=", "defer-config" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_STOP, "ready", "-" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_CANCEL, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_SELFTEST, "=", "refuse" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_TESTED, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_PREPARE, "=", "ignore" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_WAKE, "ready", "rec-external" },
	{ HP_FSM_EXTERNAL, HP_FSM_EV_HIBERNATE, "=", "ignore" },
};

/* A machine in state s, armed (or cancelling) by OWN when s is past READY. */
static void fsm_in(struct hp_fsm *m, enum hp_fsm_state s)
{
	hp_fsm_init(m);
	if (s == HP_FSM_READY)
		return;
	if (s == HP_FSM_TESTING || s == HP_FSM_EXTERNAL) {
		hp_fsm_step(m, s == HP_FSM_TESTING ? HP_FSM_EV_SELFTEST : HP_FSM_EV_PREPARE, 0);
		return;
	}
	hp_fsm_step(m, HP_FSM_EV_ACTION, OWN);
	if (s == HP_FSM_ARMED)
		return;
	hp_fsm_step(m, HP_FSM_EV_COMMIT, OWN);
	if (s == HP_FSM_PENDING)
		return;
	hp_fsm_step(m, s == HP_FSM_CANCELLING ? HP_FSM_EV_CANCEL : HP_FSM_EV_SLEEPING, OWN);
}

static void test_every_pair(void)
{
	char got[160];
	size_t i;
	int seen[HP_FSM_EXTERNAL + 1][HP_FSM_EV_COUNT] = { { 0 } };

	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		struct hp_fsm m;
		const char *want_state;
		unsigned a;

		fsm_in(&m, spec[i].s);
		unit_is_str(hp_fsm_state_name(m.state), hp_fsm_state_name(spec[i].s), "set up %s",
			    hp_fsm_state_name(spec[i].s));
		a = hp_fsm_step(&m, spec[i].e, OWN);
		want_state = strcmp(spec[i].next, "=") ? spec[i].next : hp_fsm_state_name(spec[i].s);
		unit_is_str(act_str(a, got, sizeof(got)), spec[i].actions, "%s + %s: actions",
			    hp_fsm_state_name(spec[i].s), hp_fsm_event_name(spec[i].e));
		unit_is_str(hp_fsm_state_name(m.state), want_state, "%s + %s: next state",
			    hp_fsm_state_name(spec[i].s), hp_fsm_event_name(spec[i].e));
		seen[spec[i].s][spec[i].e]++;
	}
	for (i = 0; i < (HP_FSM_EXTERNAL + 1) * HP_FSM_EV_COUNT; i++)
		if (i / HP_FSM_EV_COUNT >= HP_FSM_READY &&
		    seen[i / HP_FSM_EV_COUNT][i % HP_FSM_EV_COUNT] != 1)
			unit_ok(false, "the spec lists %s + %s once",
				hp_fsm_state_name(i / HP_FSM_EV_COUNT),
				hp_fsm_event_name(i % HP_FSM_EV_COUNT));
	unit_is_int(sizeof(spec) / sizeof(spec[0]), HP_FSM_EXTERNAL * HP_FSM_EV_COUNT,
		    "the spec covers every state x event");
}

/* Another transaction can neither commit, undo nor fail the owner's arm. */
static void test_other_transaction(void)
{
	static const enum hp_fsm_event evs[] = { HP_FSM_EV_COMMIT, HP_FSM_EV_UNDO,
						 HP_FSM_EV_ARM_FAILED };
	struct hp_fsm c;
	char got[160];
	size_t i;

	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		struct hp_fsm m;

		fsm_in(&m, HP_FSM_ARMED);
		unit_is_str(act_str(hp_fsm_step(&m, evs[i], OTHER), got, sizeof(got)), "ignore",
			    "armed + %s of another SET: ignored", hp_fsm_event_name(evs[i]));
		unit_is_str(hp_fsm_state_name(m.state), "armed", "...and still armed");
		unit_is_int((long long)m.txn, OWN, "...by the same SET");
	}
	fsm_in(&c, HP_FSM_CANCELLING);
	unit_ok(hp_fsm_step(&c, HP_FSM_EV_COMMIT, OTHER) & HP_FSM_DO_IGNORE,
		"cancelling + commit of another SET: ignored");
	unit_is_str(hp_fsm_state_name(c.state), "cancelling", "...still cancelling");
}

/* Settings that arrive while busy apply on every way back to READY. */
static void test_deferred_config(void)
{
	static const struct {
		enum hp_fsm_state s;
		enum hp_fsm_event e;
	} back[] = {
		{ HP_FSM_ARMED, HP_FSM_EV_UNDO }, { HP_FSM_ARMED, HP_FSM_EV_ABANDON },
		{ HP_FSM_ARMED, HP_FSM_EV_ARM_FAILED }, { HP_FSM_PENDING, HP_FSM_EV_FAILED },
		{ HP_FSM_SUSPENDING, HP_FSM_EV_RESUMED }, { HP_FSM_SUSPENDING, HP_FSM_EV_FAILED },
		{ HP_FSM_CANCELLING, HP_FSM_EV_COMMIT }, { HP_FSM_CANCELLING, HP_FSM_EV_ABANDON },
		{ HP_FSM_TESTING, HP_FSM_EV_TESTED }, { HP_FSM_EXTERNAL, HP_FSM_EV_WAKE },
	};
	size_t i;

	for (i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		struct hp_fsm m;
		unsigned a;

		fsm_in(&m, back[i].s);
		hp_fsm_step(&m, HP_FSM_EV_RECONFIGURE, 0);
		a = hp_fsm_step(&m, back[i].e, OWN);
		unit_ok(a & HP_FSM_DO_APPLY_CONFIG, "SIGHUP while %s, then %s: settings applied",
			hp_fsm_state_name(back[i].s), hp_fsm_event_name(back[i].e));
		unit_ok(!m.config_stale, "...and no longer pending");
		a = hp_fsm_step(&m, HP_FSM_EV_ACTION, OTHER);
		unit_ok(!(a & HP_FSM_DO_APPLY_CONFIG), "...once only");
	}
}

/* One suspend from the SET to the resume, then a late COMMIT of it. */
static void test_paths(void)
{
	struct hp_fsm m;

	hp_fsm_init(&m);
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_ACTION, OWN) & HP_FSM_DO_ARM, "path: armed");
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_ABANDON, 0) & HP_FSM_DO_DISARM, "path: abandoned, disarmed");
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_COMMIT, OWN) & HP_FSM_DO_IGNORE,
		"path: the abandoned SET's late COMMIT schedules nothing");
	unit_is_int(m.state, HP_FSM_READY, "path: ready");
	hp_fsm_step(&m, HP_FSM_EV_ACTION, OTHER);
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_COMMIT, OTHER) & HP_FSM_DO_SCHEDULE, "path: committed");
	hp_fsm_step(&m, HP_FSM_EV_SLEEPING, 0);
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_RESUMED, 0) & HP_FSM_DO_RECORD_RESUME, "path: resumed");
	unit_is_int((long long)m.txn, 0, "path: no transaction owns the machine when ready");
	unit_is_str(hp_fsm_event_name(HP_FSM_EV_COUNT), "?", "unknown event name");
	unit_ok(hp_fsm_step(&m, HP_FSM_EV_COUNT, 0) == HP_FSM_DO_IGNORE, "unknown event ignored");
}

/* A suspend-then-hibernate: the RAM phase, the hibernation, its resume;
 * and a second arm that fails. */
static void test_two_phases(void)
{
	struct hp_fsm m;
	int i;

	for (i = 0; i < 2; i++) {
		fsm_in(&m, HP_FSM_SUSPENDING);
		unit_ok(hp_fsm_step(&m, HP_FSM_EV_HIBERNATE, 0) & HP_FSM_DO_ARM,
			"two phases: the first ends, the alarm is armed again");
		unit_is_int(m.state, HP_FSM_PENDING, "two phases: pending between them");
		if (i == 1) {
			unit_ok(hp_fsm_step(&m, HP_FSM_EV_FAILED, 0) & HP_FSM_DO_DISARM,
				"two phases: the second arm failed: disarmed");
			unit_is_int(m.state, HP_FSM_READY, "two phases: ready, not hibernating");
			continue;
		}
		unit_ok(hp_fsm_step(&m, HP_FSM_EV_SLEEPING, 0) & HP_FSM_DO_RECORD_SUSPEND,
			"two phases: the second begins");
		unit_ok(hp_fsm_step(&m, HP_FSM_EV_RESUMED, 0) & HP_FSM_DO_RECORD_RESUME,
			"two phases: the second ends");
		unit_is_int(m.state, HP_FSM_READY, "two phases: ready");
	}
}

int main(void)
{
	test_every_pair();
	test_other_transaction();
	test_deferred_config();
	test_paths();
	test_two_phases();
	return unit_done();
}
