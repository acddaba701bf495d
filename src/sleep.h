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
 * Enter target t and return after waking. Refuses (-ETIME)
 * unless rtc's alarm is armed in the future. Steps: prepare the target
 * (mem_sleep=deep; disk=platform or shutdown; hybrid: disk=suspend), read
 * wakeup_count, sync(), write wakeup_count back, write the target's word to
 * power/state (blocks across the sleep). On a simulated host the last write
 * goes to the fake state file and then waits until the alarm time, clears
 * the alarm as the kernel does and advances the simulated clock offset; a
 * file sim/fail_errno under the root (a number or a name like EIO) makes it
 * fail with that errno instead.
 * On success *asleep_ms is the measured time asleep (hp_clock). On failure
 * the alarm is disarmed and -errno is returned with e saying which step.
 * A missing or past alarm gives -ETIME without touching power/state.
 */
int hp_sleep_enter(const struct hp_host *h, const char *rtc, enum hp_target t,
		   int64_t *asleep_ms, struct hp_err *e);

#endif
