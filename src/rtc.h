/*
 * rtc.h -- the RTC wake alarm (class/rtc/rtcN/wakealarm). Times are the RTC's
 * seconds since the epoch (its since_epoch, or the wall clock when the RTC
 * does not say). An RTC whose since_epoch cannot be read, or reads anything
 * but whole seconds from 1970 to 9999, is refused with that reason.
 */
#ifndef HP_RTC_H
#define HP_RTC_H

#include <time.h>
#include "host.h"

/* Put the host path of file ("wakealarm", "device/power/wakeup") of RTC
 * rtc ("rtc0") into rel: "sys/class/rtc/rtc0/wakealarm". The one place that
 * builds an RTC's path. 0, -EINVAL (e filled) for a name that is not one
 * RTC's ("", "..", with a slash) or -ENAMETOOLONG when it does not fit. */
int hp_rtc_rel(const char *rtc, const char *file, char *rel, size_t len, struct hp_err *e);

/* Arm rtc's alarm for now + seconds: disarm first (an armed alarm answers
 * EBUSY), write the absolute time, read it back and compare. On success
 * *when (when not NULL) is the armed time as wall-clock time. Returns 0 or
 * -errno with e naming the file; on any failure the alarm is left disarmed.
 * A simulated host's RTC refuses more than the seconds in sim/rtc_reach
 * ahead with EINVAL, as rtc-cmos refuses what its registers cannot hold. */
int hp_rtc_arm(const struct hp_host *h, const char *rtc, unsigned seconds, time_t *when,
	       struct hp_err *e);

/* Read rtc's alarm: 1 with *when (wall clock) when armed, 0 when none is
 * armed, -errno on error (-EINVAL for a wakealarm that is not a time). */
int hp_rtc_read(const struct hp_host *h, const char *rtc, time_t *when, struct hp_err *e);

/* Disarm rtc's alarm. Returns 0 or -errno. */
int hp_rtc_disarm(const struct hp_host *h, const char *rtc, struct hp_err *e);

/* What the kernel does when the alarm fires: leave wakealarm empty. For the
 * simulated sleep only (a real wakealarm does not accept ""). */
int hp_rtc_sim_fire(const struct hp_host *h, const char *rtc, struct hp_err *e);

#endif
