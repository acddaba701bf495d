/* fsm.c -- the suspend state machine: one table, state x event. */
#include "config.h"

#include "fsm.h"

#define S_COUNT (HP_FSM_EXTERNAL + 1)

/* What an event does in a state. A pair the table leaves out is ignored
 * (HP_FSM_DO_IGNORE). */
struct fsm_rule {
	enum hp_fsm_state next; /* 0 = stay */
	unsigned actions;
	bool own_txn;           /* only for the transaction that armed */
	bool applies;           /* set on every rule written below */
};

#define RULE(next, actions) { next, actions, false, true }
#define OWN_RULE(next, actions) { next, actions, true, true }
#define REFUSE RULE(0, HP_FSM_DO_REFUSE)
#define DEFER RULE(0, HP_FSM_DO_DEFER_CONFIG)

static const struct fsm_rule fsm_rules[S_COUNT][HP_FSM_EV_COUNT] = {
	[HP_FSM_READY] = {
		[HP_FSM_EV_RESERVE] = RULE(0, 0),
		[HP_FSM_EV_ACTION] = RULE(HP_FSM_ARMED, HP_FSM_DO_ARM | HP_FSM_DO_TIMER_START),
		[HP_FSM_EV_EXTERNAL] = RULE(0, HP_FSM_DO_RECORD_EXTERNAL),
		[HP_FSM_EV_RECONFIGURE] = RULE(0, HP_FSM_DO_APPLY_CONFIG),
		[HP_FSM_EV_STOP] = RULE(0, 0),
		[HP_FSM_EV_SELFTEST] = RULE(HP_FSM_TESTING, HP_FSM_DO_START_SELFTEST),
		[HP_FSM_EV_PREPARE] = RULE(HP_FSM_EXTERNAL, HP_FSM_DO_RECORD_EXT_SUSPEND),
	},
	[HP_FSM_ARMED] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		[HP_FSM_EV_ARM_FAILED] = OWN_RULE(HP_FSM_READY, HP_FSM_DO_TIMER_STOP),
		[HP_FSM_EV_COMMIT] = OWN_RULE(HP_FSM_PENDING, HP_FSM_DO_TIMER_STOP | HP_FSM_DO_SCHEDULE),
		[HP_FSM_EV_UNDO] = OWN_RULE(HP_FSM_READY, HP_FSM_DO_TIMER_STOP | HP_FSM_DO_DISARM),
		[HP_FSM_EV_ABANDON] = RULE(HP_FSM_READY, HP_FSM_DO_DISARM | HP_FSM_DO_RECORD_ABANDON),
		/* Nothing of ours is asleep or about to be: the sleep is not ours. */
		[HP_FSM_EV_EXTERNAL] = RULE(0, HP_FSM_DO_RECORD_EXTERNAL),
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		/* An uncommitted alarm must not outlive the daemon. */
		[HP_FSM_EV_STOP] = RULE(HP_FSM_READY, HP_FSM_DO_TIMER_STOP | HP_FSM_DO_DISARM),
		[HP_FSM_EV_SELFTEST] = REFUSE,
	},
	[HP_FSM_PENDING] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		[HP_FSM_EV_SLEEPING] = RULE(HP_FSM_SUSPENDING, HP_FSM_DO_RECORD_SUSPEND),
		[HP_FSM_EV_FAILED] = RULE(HP_FSM_READY, HP_FSM_DO_DISARM | HP_FSM_DO_RECORD_FAILURE),
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		/* The alarm stays: the next start reports the interrupted suspend. */
		[HP_FSM_EV_STOP] = RULE(HP_FSM_READY, HP_FSM_DO_CANCEL_WORKER),
		[HP_FSM_EV_CANCEL] = RULE(HP_FSM_CANCELLING, HP_FSM_DO_TIMER_START),
		[HP_FSM_EV_SELFTEST] = REFUSE,
	},
	[HP_FSM_SUSPENDING] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		[HP_FSM_EV_RESUMED] = RULE(HP_FSM_READY, HP_FSM_DO_RECORD_RESUME),
		/* The sleep path disarms on failure; disarming again is cheap
		 * and covers a worker that died half way. */
		[HP_FSM_EV_FAILED] = RULE(HP_FSM_READY, HP_FSM_DO_DISARM | HP_FSM_DO_RECORD_FAILURE),
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		[HP_FSM_EV_STOP] = RULE(0, HP_FSM_DO_WAIT_WORKER),
		[HP_FSM_EV_SELFTEST] = REFUSE,
		/* Woken by something else than our alarm, logind's path
		 * leaves it set: it would wake a later, unrelated sleep. */
		[HP_FSM_EV_WAKE] = RULE(HP_FSM_READY, HP_FSM_DO_DISARM | HP_FSM_DO_RECORD_RESUME),
		[HP_FSM_EV_HIBERNATE] = RULE(HP_FSM_PENDING, HP_FSM_DO_ARM | HP_FSM_DO_SCHEDULE |
					     HP_FSM_DO_RECORD_PHASE),
	},
	[HP_FSM_CANCELLING] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		[HP_FSM_EV_COMMIT] = OWN_RULE(HP_FSM_READY, HP_FSM_DO_TIMER_STOP | HP_FSM_DO_DISARM |
					      HP_FSM_DO_RECORD_CANCEL),
		[HP_FSM_EV_UNDO] = OWN_RULE(HP_FSM_PENDING, HP_FSM_DO_TIMER_STOP | HP_FSM_DO_SCHEDULE),
		/* The manager may have been told the cancel worked: nothing
		 * sleeps. */
		[HP_FSM_EV_ABANDON] = RULE(HP_FSM_READY, HP_FSM_DO_DISARM | HP_FSM_DO_RECORD_CANCEL),
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		/* Like a stop while pending: the next start reports the alarm. */
		[HP_FSM_EV_STOP] = RULE(HP_FSM_READY, HP_FSM_DO_TIMER_STOP),
		[HP_FSM_EV_SELFTEST] = REFUSE,
	},
	[HP_FSM_TESTING] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		/* The worker disarms the test's alarm when cancelled. */
		[HP_FSM_EV_STOP] = RULE(HP_FSM_READY, HP_FSM_DO_CANCEL_WORKER),
		[HP_FSM_EV_SELFTEST] = REFUSE,
		[HP_FSM_EV_TESTED] = RULE(HP_FSM_READY, HP_FSM_DO_RECORD_SELFTEST),
	},
	[HP_FSM_EXTERNAL] = {
		[HP_FSM_EV_RESERVE] = REFUSE,
		[HP_FSM_EV_ACTION] = REFUSE,
		/* The wake records it, measured: the clock watch's EXTERNAL is
		 * left out (ignored) here. */
		[HP_FSM_EV_RECONFIGURE] = DEFER,
		[HP_FSM_EV_STOP] = RULE(HP_FSM_READY, 0),
		[HP_FSM_EV_SELFTEST] = REFUSE,
		[HP_FSM_EV_WAKE] = RULE(HP_FSM_READY, HP_FSM_DO_RECORD_EXTERNAL),
	},
};

void hp_fsm_init(struct hp_fsm *m)
{
	m->state = HP_FSM_READY;
	m->txn = 0;
	m->config_stale = false;
}

unsigned hp_fsm_step(struct hp_fsm *m, enum hp_fsm_event ev, uint64_t txn)
{
	const struct fsm_rule *r;
	unsigned actions;

	if ((unsigned)ev >= HP_FSM_EV_COUNT || m->state < HP_FSM_READY || m->state >= S_COUNT)
		return HP_FSM_DO_IGNORE;
	r = &fsm_rules[m->state][ev];
	if (!r->applies || (r->own_txn && txn != m->txn))
		return HP_FSM_DO_IGNORE;
	actions = r->actions;
	if (actions & HP_FSM_DO_DEFER_CONFIG)
		m->config_stale = true;
	if ((ev == HP_FSM_EV_ACTION || ev == HP_FSM_EV_CANCEL) && r->next)
		m->txn = txn;
	if (r->next == HP_FSM_READY) {
		m->txn = 0;
		if (m->config_stale && ev != HP_FSM_EV_STOP)
			actions |= HP_FSM_DO_APPLY_CONFIG;
	}
	if (actions & HP_FSM_DO_APPLY_CONFIG)
		m->config_stale = false;
	if (r->next)
		m->state = r->next;
	return actions;
}

const char *hp_fsm_state_name(enum hp_fsm_state s)
{
	static const char *const names[S_COUNT] = {
		[HP_FSM_READY] = "ready", [HP_FSM_PENDING] = "pending",
		[HP_FSM_SUSPENDING] = "suspending", [HP_FSM_ARMED] = "armed",
		[HP_FSM_CANCELLING] = "cancelling", [HP_FSM_TESTING] = "testing",
		[HP_FSM_EXTERNAL] = "external sleep",
	};

	return s >= HP_FSM_READY && s < S_COUNT ? names[s] : "?";
}

const char *hp_fsm_event_name(enum hp_fsm_event ev)
{
	static const char *const names[HP_FSM_EV_COUNT] = {
		"reserve", "action", "arm-failed", "commit", "undo", "abandon", "sleeping",
		"resumed", "failed", "external", "reconfigure", "stop", "cancel",
		"selftest", "tested", "prepare-for-sleep", "wake", "hibernate",
	};

	return (unsigned)ev < HP_FSM_EV_COUNT ? names[ev] : "?";
}
