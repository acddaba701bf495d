/* clock.c -- UTC text; time asleep from CLOCK_BOOTTIME - CLOCK_MONOTONIC;
 * jump detection. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

#define SIM_OFFSET HP_SIM_DIR "/sleep_offset_ms"
#define UTC_FMT "%Y-%m-%dT%H:%M:%SZ"
#define UTC_LAST 253402300799 /* 9999-12-31T23:59:59Z: four digits of year */

int hp_clock_utc(time_t t, struct tm *tm)
{
	struct tm out;

	/* gmtime_r, not gmtime: the sleep runs in a second thread. */
	if (t < 0 || t > UTC_LAST || !gmtime_r(&t, &out))
		return -ERANGE;
	*tm = out;
	return 0;
}

int hp_clock_format_utc(time_t t, char *out, size_t size)
{
	struct tm tm;

	if (hp_clock_utc(t, &tm) < 0) {
		snprintf(out, size, "@%lld", (long long)t);
		return -ERANGE;
	}
	if (strftime(out, size, UTC_FMT, &tm) == 0) {
		if (size > 0)
			out[0] = '\0';
		return -ENOSPC;
	}
	return 0;
}

int hp_clock_parse_utc(const char *s, time_t *t)
{
	char back[HP_CLOCK_UTC_LEN];
	const char *end;
	struct tm tm;
	time_t v;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, UTC_FMT, &tm);
	if (!end || *end)
		return -EINVAL;
	v = timegm(&tm);
	if (hp_clock_format_utc(v, back, sizeof(back)) < 0 || strcmp(back, s) != 0)
		return -EINVAL;
	*t = v;
	return 0;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* The simulated offset: 0 when the file is missing or unreadable. */
static int64_t sim_offset_ms(const struct hp_host *h)
{
	char buf[32];
	int64_t v;

	if (hp_host_read(h, SIM_OFFSET, buf, sizeof(buf), NULL) <= 0 ||
	    sscanf(buf, "%" SCNd64, &v) != 1)
		return 0;
	return v;
}

int64_t hp_clock_sleep_offset_ms(const struct hp_host *h)
{
	struct timespec boot, mono;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	/* Subtract before rounding so the result does not jitter by 1 ms. */
	ms = (ts_ns(&boot) - ts_ns(&mono)) / 1000000;
	if (h->simulate)
		ms += sim_offset_ms(h);
	return ms;
}

int hp_clock_sim_advance(const struct hp_host *h, int64_t ms, struct hp_err *e)
{
	char val[32];

	snprintf(val, sizeof(val), "%" PRId64 "\n", sim_offset_ms(h) + ms);
	return hp_host_sim_put(h, SIM_OFFSET, val, false, e);
}

void hp_clock_watch_reset(const struct hp_host *h, struct hp_clock_watch *w)
{
	w->last_ms = hp_clock_sleep_offset_ms(h);
}

int64_t hp_clock_watch_check(const struct hp_host *h, struct hp_clock_watch *w,
			     int64_t threshold_ms)
{
	int64_t now = hp_clock_sleep_offset_ms(h), grew = now - w->last_ms;

	w->last_ms = now;
	return grew >= threshold_ms ? grew : 0;
}
