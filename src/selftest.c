/* selftest.c -- watch an RTC alarm fire while awake. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "rtc.h"
#include "selftest.h"

/* The wall clock in milliseconds. */
static int64_t selftest_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int hp_selftest_begin(struct hp_ops *ops, const char *rtc, struct hp_selftest *t,
		      struct hp_err *e)
{
	snprintf(t->rtc, sizeof(t->rtc), "%s", rtc);
	t->late_ms = 0;
	t->passed = false;
	return ops->arm(ops, HP_SELFTEST_AHEAD_S, &t->alarm, e);
}

/* The test is over: passed, or failed with why (the alarm disarmed). */
static int selftest_end(struct hp_ops *ops, struct hp_selftest *t, bool passed,
			const char *why, struct hp_err *e)
{
	t->passed = passed;
	if (passed) {
		hp_err_clear(e);
		return 1;
	}
	ops->disarm(ops, NULL);
	hp_err_set(e, ETIME, "%s: %s", t->rtc, why);
	return 1;
}

int hp_selftest_poll(struct hp_ops *ops, const struct hp_host *h, struct hp_selftest *t,
		     struct hp_err *e)
{
	int64_t late = selftest_now_ms() - (int64_t)t->alarm * 1000;
	char why[96];
	int r;

	if (h->simulate && late >= 0 && (r = hp_rtc_sim_fire(h, t->rtc, e)) < 0)
		return r;
	r = ops->read(ops, NULL, e);
	if (r < 0)
		return r;
	t->late_ms = late;
	if (r == 0 && late < -1000) {
		snprintf(why, sizeof(why), "the alarm went off %lld ms before its time",
			 (long long)-late);
		return selftest_end(ops, t, false, why, e);
	}
	if (r == 0)
		return selftest_end(ops, t, true, NULL, e);
	if (late > HP_SELFTEST_GRACE_MS) {
		snprintf(why, sizeof(why), "the alarm did not fire (still armed %lld ms after its "
			 "time)", (long long)late);
		return selftest_end(ops, t, false, why, e);
	}
	return 0;
}
