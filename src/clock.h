/*
 * clock.h -- time asleep. CLOCK_BOOTTIME runs on through a sleep and
 * CLOCK_MONOTONIC does not: their difference grows by the time asleep. On a
 * simulated host the file sim/sleep_offset_ms under the root is added, so the
 * simulator (and a test faking an external sleep) can advance it.
 */
#ifndef HP_CLOCK_H
#define HP_CLOCK_H

#include <stdint.h>
#include "host.h"

/* CLOCK_BOOTTIME - CLOCK_MONOTONIC in ms (+ the simulated offset). */
int64_t hp_clock_sleep_offset_ms(const struct hp_host *h);

/* Add ms to the simulated offset of h's root (atomic replace of the file). */
int hp_clock_sim_advance(const struct hp_host *h, int64_t ms, struct hp_err *e);

/* Watches for sleeps: the offset seen at the last check. */
struct hp_clock_watch {
	int64_t last_ms;
};

/* Start watching from now. */
void hp_clock_watch_reset(const struct hp_host *h, struct hp_clock_watch *w);

/* If the offset grew by at least threshold_ms since the last check, return
 * the growth in ms (a sleep happened); else 0. Moves the baseline to now. */
int64_t hp_clock_watch_check(const struct hp_host *h, struct hp_clock_watch *w,
			     int64_t threshold_ms);

#endif
