/*
 * rtc.h -- the RTC wake alarm (class/rtc/rtcN/wakealarm). Times are the RTC's
 * seconds since the epoch (its since_epoch, or the wall clock when the RTC
 * does not say).
 */
#ifndef HP_RTC_H
#define HP_RTC_H

#include <time.h>
#include "host.h"

/* Arm rtc's alarm for now + seconds: disarm first (an armed alarm answers
 * EBUSY), write the absolute time, read it back and compare. On success
 * *when is the armed time as wall-clock time. Returns 0 or -errno with e
 * naming the file; on any failure the alarm is left disarmed. */
int hp_rtc_arm(const struct hp_host *h, const char *rtc, unsigned seconds, time_t *when,
	       struct hp_err *e);

/* Read rtc's alarm: 1 with *when (wall clock) when armed, 0 when none is
 * armed, -errno on error. */
int hp_rtc_read(const struct hp_host *h, const char *rtc, time_t *when, struct hp_err *e);

/* Disarm rtc's alarm. Returns 0 or -errno. */
int hp_rtc_disarm(const struct hp_host *h, const char *rtc, struct hp_err *e);

/* What the kernel does when the alarm fires: leave wakealarm empty. For the
 * simulated sleep only (a real wakealarm does not accept ""). */
int hp_rtc_sim_fire(const struct hp_host *h, const char *rtc, struct hp_err *e);

#endif
