/*
 * sleep.h -- put the host to sleep. Blocking: call it from a worker thread.
 * The real and simulated paths share everything but the final wait.
 */
#ifndef HP_SLEEP_H
#define HP_SLEEP_H

#include <stdint.h>
#include "caps.h"
#include "host.h"

/*
 * Enter target t and return after waking. Refuses (-ETIME) unless rtc's
 * alarm (rtc NULL or "": h->rtc, else the probe's RTC) is armed in the
 * future. Steps: prepare the target (mem: mem_sleep=deep; disk:
 * disk=platform when listed, else shutdown; hybrid: disk=suspend, then
 * state=disk; freeze: nothing), read wakeup_count, sync(), write
 * wakeup_count back (EBUSY: a wakeup event arrived), write the target's word
 * to power/state (blocks across the sleep). After waking, an alarm still
 * armed (woken by something else) is disarmed.
 * Simulated host (h->simulate): the kernel control writes (power/mem_sleep,
 * power/disk, power/wakeup_count, power/state) are appended as lines
 * "power/state mem" to sim/kernel.log under the root instead; then, if the
 * file sim/fail_errno holds an errno ("5" or "EIO"), the state write fails
 * with it; else it waits until the alarm time, empties wakealarm as the
 * kernel does when the alarm fires, and advances the simulated clock offset
 * by the time waited. The RTC files are written for real in both modes.
 * On success *asleep_ms is the measured time asleep (hp_clock). On failure
 * the alarm is disarmed and -errno is returned with e saying which step
 * ("mem: sys/power/state: Input/output error").
 */
int hp_sleep_enter(const struct hp_host *h, const char *rtc, enum hp_target t,
		   int64_t *asleep_ms, struct hp_err *e);

#endif
