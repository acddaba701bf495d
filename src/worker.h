/*
 * worker.h -- the thread that sleeps. Started when a suspend is committed,
 * it waits on its own until the moment the sleep must begin, so a main loop
 * held up (a hung AgentX master, a long walk) cannot make it late; then it
 * enters the sleep (blocking across it) and reports each step through a
 * pipe the main loop watches. The loop reads the reports in order, so a
 * result is read only after the byte that announces it. Before it sleeps it
 * waits (at most HP_WORKER_ACK_MS) for the loop to acknowledge SLEEPING
 * (the agent does once snmpd has sent the suspend notification on), so the
 * notification leaves before the host sleeps when the loop and the master
 * are alive, and a hung one delays the sleep by that bound only. The same
 * thread runs an RTC self-test (no sleep) the same way.
 */
#ifndef HP_WORKER_H
#define HP_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "caps.h"
#include "err.h"
#include "host.h"
#include "ops.h"
#include "selftest.h"

#define HP_WORKER_ACK_MS 1000

/* What the worker reports, one byte each. */
enum hp_worker_report {
	HP_WORKER_NONE = 0,          /* nothing to read */
	HP_WORKER_SLEEPING = 'S',    /* the sleep begins (began is set) */
	HP_WORKER_DONE = 'D',        /* back: rc, asleep_ms (or test) and err set */
	HP_WORKER_CANCELLED = 'C',   /* cancelled before it began: no sleep */
	HP_WORKER_GO = 'G',          /* a timer job's moment came (began set) */
};

/* What a thread does. */
enum hp_worker_job {
	HP_WORKER_JOB_SLEEP,         /* wait for the moment, then sleep here */
	HP_WORKER_JOB_TIMER,         /* wait for the moment, say so, end: the
				      * caller sleeps by other means (logind) */
	HP_WORKER_JOB_SELFTEST,      /* an RTC self-test */
};

struct hp_worker {
	int report[2];           /* worker -> loop */
	int cancel[2];           /* loop -> worker: stop waiting */
	pthread_t thread;
	bool running;            /* a thread exists and has not been joined */
	enum hp_worker_job job;
	/* The job: written before the thread starts, read-only after. */
	struct hp_ops *ops;      /* the alarm and the sleep (this thread alone) */
	struct hp_host host;
	char rtc[HP_NAME_MAX];
	enum hp_target target;
	struct timespec go;      /* CLOCK_MONOTONIC time to begin */
	/* The results: written by the thread before the byte announcing them. */
	time_t began;            /* wall clock when the sleep began */
	time_t woke;             /* wall clock when the sleep ended (0: none) */
	int rc;                  /* 0 or -errno of hp_sleep_enter */
	int64_t asleep_ms;
	struct hp_selftest test; /* the self-test's result */
	struct hp_err err;
};

/* Make w's pipes (non-blocking, close-on-exec). 0 or -errno. */
int hp_worker_init(struct hp_worker *w);

/* Start the thread for job (HP_WORKER_JOB_SLEEP or _TIMER) of a sleep into
 * t on h by ops->sleep, using rtc's alarm, to begin in delay_ms. All signals are blocked
 * in the thread: none may interrupt the sleep. A timer job reports GO at
 * its moment (cancellable until then, like a sleep) and ends; the thread
 * is joined when GO is read. 0, -EBUSY when a thread already runs, or
 * -errno with e filled. */
int hp_worker_start(struct hp_worker *w, enum hp_worker_job job, struct hp_ops *ops,
		    const struct hp_host *h, const char *rtc, enum hp_target t, int64_t delay_ms,
		    struct hp_err *e);

/* Start the thread for an RTC self-test of rtc on h through ops
 * (src/selftest.h): it
 * reports DONE (rc 0 with test filled, or -errno) or, when cancelled,
 * CANCELLED with the test's alarm disarmed. 0, -EBUSY or -errno. */
int hp_worker_start_selftest(struct hp_worker *w, struct hp_ops *ops, const struct hp_host *h,
			     const char *rtc, struct hp_err *e);

/* The fd to watch for reports. */
int hp_worker_fd(const struct hp_worker *w);

/* Read the next report, HP_WORKER_NONE when there is none yet. After DONE,
 * CANCELLED or GO the thread has been joined. */
enum hp_worker_report hp_worker_next(struct hp_worker *w);

/* SLEEPING was read and dealt with (the suspend recorded and notified): the
 * thread may enter the sleep now. */
void hp_worker_ack(struct hp_worker *w);

/* Ask a thread still waiting for its moment not to sleep; it reports
 * CANCELLED. A sleep already begun goes on (it cannot be taken back). */
void hp_worker_cancel(struct hp_worker *w);

/* Wait up to ms for a report to read: true when one is there. */
bool hp_worker_wait(const struct hp_worker *w, int ms);

/* Release w. A thread still asleep is detached and the pipes it writes to
 * are left open for it: it reports into them until the process exits. */
void hp_worker_free(struct hp_worker *w);

#endif
