/* worker.c -- the thread that waits for its moment, then sleeps. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "worker.h"

/* A non-blocking, close-on-exec pipe. 0 or -errno. */
static int worker_pipe(int fds[2])
{
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
		fds[0] = fds[1] = -1;
		return -errno;
	}
	return 0;
}

int hp_worker_init(struct hp_worker *w)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->cancel[0] = w->cancel[1] = -1;
	if ((rc = worker_pipe(w->report)) < 0)
		return rc;
	if ((rc = worker_pipe(w->cancel)) < 0) {
		close(w->report[0]);
		close(w->report[1]);
		w->report[0] = w->report[1] = -1;
	}
	return rc;
}

/* Milliseconds from now until ts (CLOCK_MONOTONIC), at most a minute per
 * wait so a long delay is waited in bounded steps. */
static int worker_ms_until(const struct timespec *ts)
{
	struct timespec now;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)(ts->tv_sec - now.tv_sec) * 1000 + (ts->tv_nsec - now.tv_nsec) / 1000000;
	if (ms < 0)
		return 0;
	return ms > 60000 ? 60000 : (int)ms;
}

/* Wait until the moment to begin: true, or false when cancelled. */
static bool worker_wait_go(const struct hp_worker *w)
{
	struct pollfd p = { .fd = w->cancel[0], .events = POLLIN };
	int ms;

	while ((ms = worker_ms_until(&w->go)) > 0) {
		if (poll(&p, 1, ms) > 0)
			return false;
	}
	return poll(&p, 1, 0) <= 0;
}

/* Wait (bounded) for the loop's acknowledgement of SLEEPING: a byte on the
 * cancel pipe, which no longer cancels once the moment has come. */
static void worker_wait_ack(const struct hp_worker *w)
{
	struct pollfd p = { .fd = w->cancel[0], .events = POLLIN };
	char byte;

	if (poll(&p, 1, HP_WORKER_ACK_MS) > 0 && read(w->cancel[0], &byte, 1) < 0) {
		/* nothing to read after all: go on */
	}
}

static void worker_report(const struct hp_worker *w, char byte)
{
	while (write(w->report[1], &byte, 1) < 0 && errno == EINTR)
		;
}

/* The self-test: arm, then look until it is over or cancelled. */
static void worker_selftest(struct hp_worker *w)
{
	struct pollfd p = { .fd = w->cancel[0], .events = POLLIN };
	int r;

	w->rc = hp_selftest_begin(w->ops, w->rtc, &w->test, &w->err);
	/* Bounded: the poll gives up HP_SELFTEST_GRACE_MS after the alarm. */
	while (w->rc == 0 && (r = hp_selftest_poll(w->ops, &w->host, &w->test, &w->err)) == 0) {
		if (poll(&p, 1, HP_SELFTEST_POLL_MS) > 0) {
			w->ops->disarm(w->ops, NULL);
			worker_report(w, HP_WORKER_CANCELLED);
			return;
		}
	}
	if (w->rc == 0 && r < 0)
		w->rc = r;
	worker_report(w, HP_WORKER_DONE);
}

static void *worker_main(void *arg)
{
	struct hp_worker *w = arg;

	if (w->job == HP_WORKER_JOB_SELFTEST) {
		worker_selftest(w);
		return NULL;
	}
	if (!worker_wait_go(w)) {
		worker_report(w, HP_WORKER_CANCELLED);
		return NULL;
	}
	w->began = time(NULL);
	if (w->job == HP_WORKER_JOB_TIMER) {
		worker_report(w, HP_WORKER_GO);
		return NULL;
	}
	worker_report(w, HP_WORKER_SLEEPING);
	worker_wait_ack(w);
	w->rc = w->ops->sleep(w->ops, w->target, &w->asleep_ms, &w->err);
	/* Taken here, not when the loop reads DONE: a busy loop must not make
	 * a wake look later than it was (suspend-then-hibernate asks whether
	 * the RTC woke the host). */
	w->woke = time(NULL);
	worker_report(w, HP_WORKER_DONE);
	return NULL;
}

/* Set up a job on h with rtc: drain an old cancel, clear the results. */
static int worker_job(struct hp_worker *w, struct hp_ops *ops, const struct hp_host *h,
		      const char *rtc, struct hp_err *e)
{
	char drain[16];

	if (w->running)
		return hp_err_set(e, EBUSY, "a sleep thread is already running");
	while (read(w->cancel[0], drain, sizeof(drain)) > 0)
		;
	w->ops = ops;
	w->host = *h;
	snprintf(w->rtc, sizeof(w->rtc), "%s", rtc);
	w->job = HP_WORKER_JOB_SLEEP;
	w->began = 0;
	w->woke = 0;
	w->rc = 0;
	w->asleep_ms = 0;
	memset(&w->test, 0, sizeof(w->test));
	hp_err_clear(&w->err);
	return 0;
}

/* Start the thread with every signal blocked: they are the main loop's,
 * and none may interrupt the sleep. */
static int worker_spawn(struct hp_worker *w, struct hp_err *e)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return hp_err_set(e, rc, "cannot start the sleep thread: %s", strerror(rc));
	w->running = true;
	return 0;
}

int hp_worker_start_selftest(struct hp_worker *w, struct hp_ops *ops, const struct hp_host *h,
			     const char *rtc, struct hp_err *e)
{
	int rc = worker_job(w, ops, h, rtc, e);

	if (rc < 0)
		return rc;
	w->job = HP_WORKER_JOB_SELFTEST;
	return worker_spawn(w, e);
}

int hp_worker_start(struct hp_worker *w, enum hp_worker_job job, struct hp_ops *ops,
		    const struct hp_host *h, const char *rtc, enum hp_target t, int64_t delay_ms,
		    struct hp_err *e)
{
	int rc = worker_job(w, ops, h, rtc, e);

	if (rc < 0)
		return rc;
	w->job = job;
	w->target = t;
	clock_gettime(CLOCK_MONOTONIC, &w->go);
	delay_ms = delay_ms < 0 ? 0 : delay_ms;
	w->go.tv_sec += delay_ms / 1000;
	w->go.tv_nsec += (delay_ms % 1000) * 1000000;
	if (w->go.tv_nsec >= 1000000000) {
		w->go.tv_sec++;
		w->go.tv_nsec -= 1000000000;
	}
	return worker_spawn(w, e);
}

int hp_worker_fd(const struct hp_worker *w)
{
	return w->report[0];
}

enum hp_worker_report hp_worker_next(struct hp_worker *w)
{
	char byte;

	if (read(w->report[0], &byte, 1) != 1)
		return HP_WORKER_NONE;
	if ((byte == HP_WORKER_DONE || byte == HP_WORKER_CANCELLED || byte == HP_WORKER_GO) &&
	    w->running) {
		pthread_join(w->thread, NULL);
		w->running = false;
	}
	return (enum hp_worker_report)byte;
}

void hp_worker_ack(struct hp_worker *w)
{
	hp_worker_cancel(w);
}

void hp_worker_cancel(struct hp_worker *w)
{
	char byte = 1;

	if (w->running && write(w->cancel[1], &byte, 1) < 0) {
		/* the pipe is full: a cancel is already there */
	}
}

bool hp_worker_wait(const struct hp_worker *w, int ms)
{
	struct pollfd p = { .fd = w->report[0], .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

void hp_worker_free(struct hp_worker *w)
{
	if (w->running) {
		pthread_detach(w->thread);
		w->running = false;
		return;
	}
	close(w->report[0]);
	close(w->report[1]);
	close(w->cancel[0]);
	close(w->cancel[1]);
	w->report[0] = w->report[1] = w->cancel[0] = w->cancel[1] = -1;
}
