/*
 * fsm.h -- the suspend state machine, as data: events in, a new state and a
 * set of actions out. It knows nothing of SNMP, the RTC or threads; the
 * daemon feeds it what happened and performs the actions it returns, in the
 * order of the HP_FSM_DO_* bits.
 *
 *   READY --action--> ARMED --commit--> PENDING --sleeping--> SUSPENDING
 *     ^                 |                  |  ^ |                   |
 *     +---undo/abandon--+   failed/stop----+  | cancel              |
 *     +---------commit/abandon--- CANCELLING -+ (undo)              |
 *     +------------------------------resumed/failed-----------------+
 *
 * A transaction (one SET PDU) arms the alarm at ACTION and owns it until its
 * COMMIT or UNDO; those of any other transaction are ignored, so a second
 * SET can neither commit nor disarm the first one's alarm. An ARMED machine
 * whose COMMIT never comes (the master went away between the phases) is
 * abandoned by a timer: the alarm goes, and nothing sleeps without it.
 * A cancel works the same way: its ACTION stops the worker (the adapter
 * feeds HP_FSM_EV_CANCEL only once the worker confirmed it had not begun),
 * its COMMIT (or the timer) disarms, its UNDO schedules the suspend again.
 * An RTC self-test (READY -> TESTING -> READY) keeps suspends out while
 * its alarm is armed. Where logind announces every sleep (PrepareForSleep),
 * one nobody here asked for is recorded before it happens (READY ->
 * EXTERNAL) and its end when the host is back; our own ends on that wake
 * too when logind carried it out. A suspend-then-hibernate done here is two
 * sleeps: when the alarm ends the first (RAM) with time left, HIBERNATE
 * records its end, arms the alarm for the rest and schedules the second
 * (SUSPENDING -> PENDING -> SUSPENDING); a failed arm is FAILED.
 */
#ifndef HP_FSM_H
#define HP_FSM_H

#include <stdbool.h>
#include <stdint.h>

/* The states; READY, PENDING and SUSPENDING are hostPowerState's values. */
enum hp_fsm_state {
	HP_FSM_READY = 1,
	HP_FSM_PENDING = 2,
	HP_FSM_SUSPENDING = 3,
	HP_FSM_ARMED = 4,      /* ACTION armed the alarm; COMMIT or UNDO next */
	HP_FSM_CANCELLING = 5, /* a cancel's ACTION stopped the worker */
	HP_FSM_TESTING = 6,    /* an RTC self-test runs in the worker */
	HP_FSM_EXTERNAL = 7,   /* a sleep not ours was announced; not back yet */
};

enum hp_fsm_event {
	HP_FSM_EV_RESERVE,     /* a SET asks whether a suspend may begin */
	HP_FSM_EV_ACTION,      /* a SET's ACTION wants to arm the alarm */
	HP_FSM_EV_ARM_FAILED,  /* ...and could not */
	HP_FSM_EV_COMMIT,      /* the SET's COMMIT: go ahead */
	HP_FSM_EV_UNDO,        /* the SET's UNDO: take it back */
	HP_FSM_EV_ABANDON,     /* the arm timer ran out before COMMIT or UNDO */
	HP_FSM_EV_SLEEPING,    /* the worker is entering the sleep */
	HP_FSM_EV_RESUMED,     /* the worker is back from the sleep */
	HP_FSM_EV_FAILED,      /* the worker could not sleep (or not start) */
	HP_FSM_EV_EXTERNAL,    /* a sleep hostpowerd did not start was seen */
	HP_FSM_EV_RECONFIGURE, /* new settings (SIGHUP) */
	HP_FSM_EV_STOP,        /* the daemon stops */
	HP_FSM_EV_CANCEL,      /* a SET's ACTION cancelled the waiting worker */
	HP_FSM_EV_SELFTEST,    /* a SET's COMMIT asks for an RTC self-test */
	HP_FSM_EV_TESTED,      /* the worker ended the self-test */
	HP_FSM_EV_PREPARE,     /* logind: a sleep is about to begin */
	HP_FSM_EV_WAKE,        /* logind: the host is back from a sleep */
	HP_FSM_EV_HIBERNATE,   /* suspend-then-hibernate: the alarm ended the
				* suspend to RAM with time left: hibernate */
	HP_FSM_EV_COUNT
};

/* Actions, performed in this order. */
enum {
	HP_FSM_DO_REFUSE = 1 << 0,       /* answer "busy": nothing changes */
	HP_FSM_DO_IGNORE = 1 << 1,       /* not for this state or transaction: log it */
	HP_FSM_DO_ARM = 1 << 2,          /* arm and verify the alarm */
	HP_FSM_DO_TIMER_START = 1 << 3,  /* start the arm timer */
	HP_FSM_DO_TIMER_STOP = 1 << 4,   /* cancel the arm timer */
	HP_FSM_DO_DISARM = 1 << 5,       /* disarm the alarm */
	HP_FSM_DO_SCHEDULE = 1 << 6,     /* start the worker: it sleeps on time */
	HP_FSM_DO_CANCEL_WORKER = 1 << 7,/* a pending worker stops waiting */
	HP_FSM_DO_WAIT_WORKER = 1 << 8,  /* give a sleeping worker a grace */
	HP_FSM_DO_RECORD_SUSPEND = 1 << 9,
	HP_FSM_DO_RECORD_RESUME = 1 << 10,
	HP_FSM_DO_RECORD_FAILURE = 1 << 11,
	HP_FSM_DO_RECORD_ABANDON = 1 << 12, /* a failure: the master never confirmed */
	HP_FSM_DO_RECORD_EXTERNAL = 1 << 13,
	HP_FSM_DO_DEFER_CONFIG = 1 << 14,   /* keep new settings for READY */
	HP_FSM_DO_APPLY_CONFIG = 1 << 15,   /* apply the settings now */
	HP_FSM_DO_RECORD_CANCEL = 1 << 16,  /* a cancelled suspend */
	HP_FSM_DO_START_SELFTEST = 1 << 17, /* start the worker's self-test */
	HP_FSM_DO_RECORD_SELFTEST = 1 << 18,
	HP_FSM_DO_RECORD_EXT_SUSPEND = 1 << 19, /* a sleep not ours begins */
	HP_FSM_DO_RECORD_PHASE = 1 << 20,   /* a first phase ended (its resume) */
};

struct hp_fsm {
	enum hp_fsm_state state;
	uint64_t txn;          /* the transaction that armed or cancels */
	bool config_stale;     /* settings arrived while busy */
};

/* A READY machine with no transaction. */
void hp_fsm_init(struct hp_fsm *m);

/* Feed event ev of transaction txn (0 when the event has none) to m: m moves
 * to its next state and the actions to perform are returned (0 = none).
 * Events that do not apply in m's state, or that belong to another
 * transaction, change nothing and return HP_FSM_DO_IGNORE (or
 * HP_FSM_DO_REFUSE for a SET that asks while the machine is busy). Leaving
 * for READY adds HP_FSM_DO_APPLY_CONFIG when settings were deferred. */
unsigned hp_fsm_step(struct hp_fsm *m, enum hp_fsm_event ev, uint64_t txn);

/* The names of a state and of an event, for logs ("armed", "commit"). */
const char *hp_fsm_state_name(enum hp_fsm_state s);
const char *hp_fsm_event_name(enum hp_fsm_event ev);

#endif
