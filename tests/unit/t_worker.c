/* t_worker.c -- the sleeping thread on a simulated host: it begins on time
 * by itself, reports in order, can be cancelled while it waits. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rtc.h"
#include "unit.h"
#include "ops.h"
#include "worker.h"

#define KLOG "sim/kernel.log"
#define WAIT_MS 10000   /* bound of every wait below */

/* Milliseconds of CLOCK_MONOTONIC. */
static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait (bounded) until root/rel exists, without reading the worker's
 * reports: true when it came. */
static bool wait_file(const char *root, const char *rel)
{
	long long end = mono_ms() + WAIT_MS;

	while (!unit_exists(root, rel)) {
		if (mono_ms() > end)
			return false;
		poll(NULL, 0, 20);
	}
	return true;
}

/* The next report, waiting for it (bounded). */
static enum hp_worker_report next(struct hp_worker *w)
{
	if (!hp_worker_wait(w, WAIT_MS))
		return HP_WORKER_NONE;
	return hp_worker_next(w);
}

static void test_sleeps_on_time(void)
{
	char *root = unit_fakeroot("server");
	struct hp_worker w;
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;
	long long t0, began;
	time_t when;

	hp_host_init(&h, root, "rtc0", true);
	hp_direct_init(&d, &h);
	unit_is_int(hp_worker_init(&w), 0, "init");
	/* 3 s: the moment (0.3 s) plus the wait for an acknowledgement that
	 * never comes (HP_WORKER_ACK_MS) stay before the alarm. */
	hp_rtc_arm(&h, "rtc0", 3, &when, NULL);
	t0 = mono_ms();
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_SLEEP, &d.ops, &h, "rtc0", HP_TARGET_MEM, 300, &e), 0, "started");
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_SLEEP, &d.ops, &h, "rtc0", HP_TARGET_MEM, 300, &e), -EBUSY,
		    "a second start while one runs: -EBUSY");
	/* The loop reads nothing (as if held up): the thread goes on its own,
	 * after waiting a bounded time for the loop's acknowledgement. */
	unit_ok(wait_file(root, KLOG), "the sleep began without the loop reading");
	began = mono_ms() - t0;
	unit_ok(began >= 300 + HP_WORKER_ACK_MS, "not before its moment and the wait for an ack "
		"(%lld ms >= %d ms)", began, 300 + HP_WORKER_ACK_MS);
	unit_is_int(next(&w), HP_WORKER_SLEEPING, "first report: sleeping");
	unit_ok(w.began > 0, "the start time is set");
	unit_is_int(next(&w), HP_WORKER_DONE, "then: done");
	unit_is_int(w.rc, 0, "the simulated sleep woke");
	unit_ok(w.asleep_ms > 0, "time asleep measured (%lld ms)", (long long)w.asleep_ms);
	unit_ok(w.woke >= w.began && w.woke <= time(NULL), "the wake time is set by the thread");
	unit_ok(!w.running, "the thread was joined");
	unit_is_int(hp_worker_next(&w), HP_WORKER_NONE, "nothing more");
	hp_worker_free(&w);
	unit_rmroot(root);
}

static void test_cancel(void)
{
	char *root = unit_fakeroot("server");
	struct hp_worker w;
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;
	time_t when;

	hp_host_init(&h, root, "rtc0", true);
	hp_direct_init(&d, &h);
	hp_worker_init(&w);
	hp_rtc_arm(&h, "rtc0", 60, &when, NULL);
	hp_worker_start(&w, HP_WORKER_JOB_SLEEP, &d.ops, &h, "rtc0", HP_TARGET_MEM, 30000, &e);
	hp_worker_cancel(&w);
	unit_is_int(next(&w), HP_WORKER_CANCELLED, "cancelled while waiting");
	unit_ok(!unit_exists(root, KLOG), "nothing was written to power/*");
	unit_ok(!w.running, "the thread was joined");
	/* The same worker serves the next suspend. */
	hp_rtc_arm(&h, "rtc0", 2, &when, NULL);
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_SLEEP, &d.ops, &h, "rtc0", HP_TARGET_FREEZE, 0, &e), 0, "restarted");
	unit_is_int(next(&w), HP_WORKER_SLEEPING, "a cancel does not linger: it sleeps");
	hp_worker_cancel(&w); /* too late: the sleep is under way */
	unit_is_int(next(&w), HP_WORKER_DONE, "a sleep under way is not cancelled");
	hp_worker_free(&w);
	unit_rmroot(root);
}

static void test_failure(void)
{
	char *root = unit_fakeroot("server");
	struct hp_worker w;
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;

	hp_host_init(&h, root, "rtc0", true);
	hp_direct_init(&d, &h);
	hp_worker_init(&w);
	/* No alarm armed: the sleep path refuses, the worker reports it. */
	hp_worker_start(&w, HP_WORKER_JOB_SLEEP, &d.ops, &h, "rtc0", HP_TARGET_MEM, 0, &e);
	unit_is_int(next(&w), HP_WORKER_SLEEPING, "no alarm: it tries");
	unit_is_int(next(&w), HP_WORKER_DONE, "and is done");
	unit_is_int(w.rc, -ETIME, "with -ETIME");
	unit_is_str(w.err.msg, "no wake alarm armed on rtc0: not sleeping", "and the reason");
	hp_worker_free(&w);
	unit_rmroot(root);
}

static void test_selftest(void)
{
	char *root = unit_fakeroot("server");
	struct hp_worker w;
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;
	char *alarm;

	hp_host_init(&h, root, "rtc0", true);
	hp_direct_init(&d, &h);
	hp_worker_init(&w);
	unit_is_int(hp_worker_start_selftest(&w, &d.ops, &h, "rtc0", &e), 0, "self-test started");
	unit_is_int(next(&w), HP_WORKER_DONE, "self-test done");
	unit_is_int(w.rc, 0, "...without error");
	unit_ok(w.test.passed, "...passed (the simulated RTC fired)");
	unit_ok(w.test.late_ms >= 0 && w.test.late_ms <= 1000, "...seen %lld ms after its time",
		(long long)w.test.late_ms);
	unit_ok(!unit_exists(root, KLOG), "a self-test never sleeps");

	hp_worker_start_selftest(&w, &d.ops, &h, "rtc0", &e);
	hp_worker_cancel(&w);
	unit_is_int(next(&w), HP_WORKER_CANCELLED, "a self-test can be cancelled");
	alarm = unit_get(root, "sys/class/rtc/rtc0/wakealarm");
	unit_is_str(alarm, "0", "...and its alarm is disarmed");
	free(alarm);
	hp_worker_free(&w);
	unit_rmroot(root);

	/* Not simulated: nothing fires the fake RTC, the test fails. */
	root = unit_fakeroot("server");
	hp_host_init(&h, root, "rtc0", false);
	hp_direct_init(&d, &h);
	hp_worker_init(&w);
	hp_worker_start_selftest(&w, &d.ops, &h, "rtc0", &e);
	unit_is_int(next(&w), HP_WORKER_DONE, "an alarm that never fires: done");
	unit_ok(!w.test.passed, "...failed");
	unit_ok(strstr(w.err.msg, "did not fire") != NULL, "...saying why: %s", w.err.msg);
	alarm = unit_get(root, "sys/class/rtc/rtc0/wakealarm");
	unit_is_str(alarm, "0", "...and its alarm is disarmed");
	free(alarm);
	hp_worker_free(&w);
	unit_rmroot(root);
}

/* A timer job: it only says when the moment has come. */
static void test_timer(void)
{
	char *root = unit_fakeroot("server");
	struct hp_worker w;
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;
	long long t0 = mono_ms(), waited;

	hp_host_init(&h, root, "rtc0", true);
	hp_direct_init(&d, &h);
	hp_worker_init(&w);
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_TIMER, &d.ops, &h, "rtc0", HP_TARGET_MEM, 200, &e), 0,
		    "timer job started");
	unit_is_int(next(&w), HP_WORKER_GO, "it says go");
	waited = mono_ms() - t0;
	unit_ok(waited >= 200, "not before its moment (%lld ms)", waited);
	unit_ok(!w.running, "the thread was joined");
	unit_ok(!unit_exists(root, KLOG), "a timer job never sleeps");
	hp_worker_free(&w);
	unit_rmroot(root);
}

int main(void)
{
	test_timer();
	test_selftest();
	test_sleeps_on_time();
	test_cancel();
	test_failure();
	return unit_done();
}
