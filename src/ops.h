/*
 * ops.h -- the operations that need root: arm, read back and disarm the RTC
 * wake alarm, and enter a sleep. The daemon calls them through struct
 * hp_ops, so the same code runs them in its own process (hp_direct, below)
 * or asks a privileged monitor for them (src/priv.h).
 *
 * Which RTC: the configured one (the host's rtc), else the first that can
 * wake the host (hp_caps_probe), chosen at each arm; read, disarm and the
 * sleep use the RTC armed last, or that choice when none was armed yet.
 *
 * Threads: the main thread arms, reads and disarms; the worker thread
 * sleeps. The suspend state machine never arms or disarms while a sleep
 * runs (src/fsm.h), so the RTC armed last does not change under a sleep.
 */
#ifndef HP_OPS_H
#define HP_OPS_H

#include <stdint.h>
#include <time.h>

#include "caps.h"
#include "err.h"
#include "host.h"

struct hp_ops {
	/* Arm the alarm for now + seconds (seconds > 0) and verify it: 0 with
	 * *when (when not NULL) the armed wall-clock time, or -errno with e
	 * filled (nothing left armed). */
	int (*arm)(struct hp_ops *o, unsigned seconds, time_t *when, struct hp_err *e);
	/* 1 with *when (when not NULL) when an alarm is armed, 0 when none,
	 * -errno on error. */
	int (*read)(struct hp_ops *o, time_t *when, struct hp_err *e);
	/* Disarm the alarm: 0 or -errno. */
	int (*disarm)(struct hp_ops *o, struct hp_err *e);
	/* Enter target t and return after waking (hp_sleep_enter): 0 with
	 * *asleep_ms, or -errno with e filled (the alarm disarmed). Blocks. */
	int (*sleep)(struct hp_ops *o, enum hp_target t, int64_t *asleep_ms, struct hp_err *e);
};

/* The operations done by this process on a host. */
struct hp_direct {
	struct hp_ops ops;
	struct hp_host host;
	char armed[HP_NAME_MAX]; /* the RTC armed last, "" = none yet */
};

/* Set d up for host h (copied): d->ops does the operations itself. */
void hp_direct_init(struct hp_direct *d, const struct hp_host *h);

#endif
