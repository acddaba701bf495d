/*
 * sleep.h -- put the host to sleep. Blocking: call it from a worker thread.
 * The real and simulated paths share everything but the final wait.
 */
#ifndef HP_SLEEP_H
#define HP_SLEEP_H

#include <stdint.h>
#include <time.h>
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
 * by the time waited; a file sim/wake ends the wait at once (a wake
 * before the alarm: a key, a packet), is removed, and leaves the alarm
 * armed. The RTC files are written for real in both modes.
 * On success *asleep_ms is the measured time asleep (hp_clock). On failure
 * the alarm is disarmed and -errno is returned with e saying which step
 * ("mem: sys/power/state: Input/output error").
 */
int hp_sleep_enter(const struct hp_host *h, const char *rtc, enum hp_target t,
		   int64_t *asleep_ms, struct hp_err *e);

/* Suspend-then-hibernate: with less than this left of the duration after
 * the suspend to RAM, the host stays awake: the image takes seconds to
 * write, and an alarm that comes before the host is off is lost. */
#define HP_SLEEP_HIBERNATE_MIN_S 10

/* What follows the suspend to RAM of a suspend-then-hibernate. */
enum hp_sleep_next {
	HP_SLEEP_NEXT_RESUME,    /* woken early (not by the alarm): stay awake */
	HP_SLEEP_NEXT_DONE,      /* the duration is over (or nearly): stay awake */
	HP_SLEEP_NEXT_HIBERNATE, /* woken by the alarm: hibernate for *rest s */
};

/* The first alarm of a suspend-then-hibernate of duration s that hibernates
 * after delay s: the seconds of the suspend to RAM, min(delay, duration). */
unsigned hp_sleep_first_phase(unsigned delay, unsigned duration);

/* The host woke at woke from the suspend to RAM whose alarm was alarm; the
 * whole suspend ends at end (wall clock). It was the alarm when woke >=
 * alarm - 1 (the RTC counts whole seconds); then the host hibernates when
 * at least HP_SLEEP_HIBERNATE_MIN_S are left (*rest, counted from now). */
enum hp_sleep_next hp_sleep_after_mem(time_t alarm, time_t end, time_t woke, time_t now,
				      unsigned *rest);

#endif
