/*
 * clock.h -- UTC times as text, and time asleep. CLOCK_BOOTTIME runs on through a sleep and
 * CLOCK_MONOTONIC does not: their difference grows by the time asleep. On a
 * simulated host the file sim/sleep_offset_ms under the root is added, so the
 * simulator (and a test faking an external sleep) can advance it.
 */
#ifndef HP_CLOCK_H
#define HP_CLOCK_H

#include <stdint.h>
#include <time.h>
#include "host.h"

/* Room for a UTC time as text, "2026-11-22T21:31:12Z", and its NUL. */
#define HP_CLOCK_UTC_LEN 21

/* t as UTC calendar fields (gmtime_r), for t from 1970 to the end of 9999:
 * what the text form has digits for. 0, or -ERANGE (tm untouched). */
int hp_clock_utc(time_t t, struct tm *tm);

/* Write t as ISO 8601 UTC text ("2026-11-22T21:31:12Z") into out, size
 * bytes (HP_CLOCK_UTC_LEN is enough). Returns 0; -ERANGE when t is outside
 * hp_clock_utc's years, and out then holds t in seconds ("@-5") so that a
 * log line still says what it was; -ENOSPC when size is too small (out ""
 * if size > 0). */
int hp_clock_format_utc(time_t t, char *out, size_t size);

/* Parse what hp_clock_format_utc writes, strictly: the text must print back
 * the same (no Feb 30, no trailing text, no other zone). 0 with *t set, or
 * -EINVAL. */
int hp_clock_parse_utc(const char *s, time_t *t);

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
