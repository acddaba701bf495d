/*
 * reach.h -- how far ahead the RTC accepts a wake alarm. rtc-cmos refuses
 * an alarm beyond what its registers can hold with EINVAL ("Alarms can be
 * up to one day in the future": 24 h - 1 s on a chip without a day-of-month
 * alarm register, as QEMU's; a month or a year with them); the RTC core
 * answers ERANGE beyond the RTC's range, as some drivers do beyond their
 * reach. Nothing in sysfs or /proc/driver/rtc tells the reach (sysfs
 * "range" is the dates the clock can hold; the kernel's alarm_offset_max,
 * since 6.7, is not exported), so it is learnt by arming: through struct
 * hp_ops, that is by the privileged monitor when there is one.
 */
#ifndef HP_REACH_H
#define HP_REACH_H

#include <stdbool.h>

#include "err.h"
#include "ops.h"

/* rtc-cmos's reach without a day alarm register: now + 24 h - 1 s. */
#define HP_REACH_CMOS_DAY 86399u
/* At most this many probe arms: the first, rtc-cmos's day and the second
 * after it, then halving a 32-bit gap. */
#define HP_REACH_TRIES 35u

/* Is r (an arm's -errno) the RTC refusing an alarm that far ahead? */
bool hp_reach_refused(int r);

/*
 * Learn how far ahead o's RTC accepts an alarm, up to want seconds
 * (want > 0): only when none is armed (someone else's alarm is left as it
 * is: -EBUSY). Arms want; when that is refused (hp_reach_refused), tries
 * HP_REACH_CMOS_DAY and the second after it, then halves the gap between
 * the farthest offset accepted and the nearest refused, HP_REACH_TRIES arms
 * at most. Every
 * accepted arm is disarmed before the next step. 0 with *reach the farthest
 * offset accepted (want when want was), or -errno with e: -EBUSY, an error
 * that is not a refusal, no offset accepted (the last refusal), or a probe
 * alarm that could not be disarmed. *arms counts the arms made.
 */
int hp_reach_probe(struct hp_ops *o, unsigned want, unsigned *reach, unsigned *arms,
		   struct hp_err *e);

#endif
