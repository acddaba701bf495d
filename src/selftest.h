/*
 * selftest.h -- prove the RTC can wake the host without sleeping: arm the
 * wake alarm a few seconds ahead and watch it fire while awake. When an
 * alarm fires the kernel turns it off, so wakealarm reads empty again; a
 * fired alarm seen near its time is a wake path that works.
 * On a simulated host the check itself fires the alarm once its time has
 * come, as the kernel would (the RTC files are written for real).
 */
#ifndef HP_SELFTEST_H
#define HP_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "err.h"
#include "host.h"
#include "ops.h"

#define HP_SELFTEST_AHEAD_S 3      /* how far ahead the alarm is armed */
#define HP_SELFTEST_GRACE_MS 3000  /* how late a fire may be seen and pass */
#define HP_SELFTEST_POLL_MS 50     /* how often to look */

struct hp_selftest {
	char rtc[HP_NAME_MAX];
	time_t alarm;          /* the time armed (wall clock) */
	int64_t late_ms;       /* seen fired at alarm + late_ms */
	bool passed;
};

/* Arm the alarm (ops->arm) HP_SELFTEST_AHEAD_S ahead for test t of rtc
 * (its name, for the messages and the simulated fire). 0 or -errno with e
 * filled (the alarm then disarmed). */
int hp_selftest_begin(struct hp_ops *ops, const char *rtc, struct hp_selftest *t,
		      struct hp_err *e);

/* Look once: 1 when the test is over (t->passed, t->late_ms, and e says
 * why it failed), 0 when the alarm has not fired yet, -errno when the RTC
 * cannot be read (ops->read). An alarm not fired HP_SELFTEST_GRACE_MS after its time,
 * or one fired a second early, fails the test and is disarmed. */
int hp_selftest_poll(struct hp_ops *ops, const struct hp_host *h, struct hp_selftest *t,
		     struct hp_err *e);

#endif
