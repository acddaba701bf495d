/* rtc.c -- arm, verify and disarm the RTC wake alarm. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtc.h"

#define RTC_BUF 64
#define SIM_REACH HP_SIM_DIR "/rtc_reach"

/* The latest time an RTC can hold here, 9999-12-31T23:59:59Z: a later (or
 * negative) one is absurd, and the skew arithmetic stays far from overflow. */
#define RTC_TIME_MAX INT64_C(253402300799)

int hp_rtc_rel(const char *rtc, const char *file, char *rel, size_t len, struct hp_err *e)
{
	int n;

	if (!rtc || !rtc[0] || strchr(rtc, '/') || strcmp(rtc, "..") == 0)
		return hp_err_set(e, EINVAL, "no usable RTC name \"%s\"", rtc ? rtc : "");
	n = snprintf(rel, len, "sys/class/rtc/%s/%s", rtc, file);
	if (n < 0 || (size_t)n >= len)
		return hp_err_set(e, ENAMETOOLONG, "RTC name too long");
	return 0;
}

/*
 * Read file ("wakealarm", "since_epoch") of rtc as a time into *v: 1, or 0
 * when the file is empty, or -errno with e filled (-EINVAL for anything but
 * whole seconds in 0..RTC_TIME_MAX). rel gets the file's path.
 */
static int read_time(const struct hp_host *h, const char *rtc, const char *file,
		     char rel[HP_PATH_MAX], int64_t *v, struct hp_err *e)
{
	char buf[RTC_BUF], *end;
	long long n;
	int r;

	if ((r = hp_rtc_rel(rtc, file, rel, HP_PATH_MAX, e)) < 0 ||
	    (r = hp_host_read(h, rel, buf, sizeof(buf), e)) <= 0)
		return r;
	errno = 0;
	n = strtoll(buf, &end, 10);
	if (*end || errno || n < 0 || n > RTC_TIME_MAX)
		return hp_err_set(e, EINVAL, "%s reads \"%.20s\", not a time", rel, buf);
	*v = n;
	return 1;
}

/*
 * Wall clock minus the RTC's clock, in seconds, into *skew: 0 when the RTC
 * does not say (no since_epoch, or an empty one in a fake root). An RTC
 * whose time cannot be read or is absurd is refused: -errno with e filled.
 */
static int rtc_skew(const struct hp_host *h, const char *rtc, int64_t *skew, struct hp_err *e)
{
	char rel[HP_PATH_MAX];
	int64_t rtc_now = 0;
	int r = read_time(h, rtc, "since_epoch", rel, &rtc_now, e);

	*skew = 0;
	if (r == -ENOENT || r == 0) {
		hp_err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	*skew = (int64_t)time(NULL) - rtc_now;
	return 0;
}

static int wakealarm_write(const struct hp_host *h, const char *rtc, const char *value,
			   struct hp_err *e)
{
	char rel[HP_PATH_MAX];
	int r;

	if ((r = hp_rtc_rel(rtc, "wakealarm", rel, sizeof(rel), e)) < 0)
		return r;
	return hp_host_write(h, rel, value, e);
}

int hp_rtc_disarm(const struct hp_host *h, const char *rtc, struct hp_err *e)
{
	return wakealarm_write(h, rtc, "0", e);
}

int hp_rtc_sim_fire(const struct hp_host *h, const char *rtc, struct hp_err *e)
{
	return wakealarm_write(h, rtc, "", e);
}

int hp_rtc_read(const struct hp_host *h, const char *rtc, time_t *when, struct hp_err *e)
{
	char rel[HP_PATH_MAX];
	int64_t v = 0, skew;
	int r;

	if ((r = read_time(h, rtc, "wakealarm", rel, &v, e)) < 0)
		return r;
	/* Empty once fired; writing 0 disarms, and a plain file (a fake
	 * root) then holds "0". */
	if (v == 0)
		return 0;
	if (when) {
		if ((r = rtc_skew(h, rtc, &skew, e)) < 0)
			return r;
		*when = (time_t)(v + skew);
	}
	return 1;
}

/* A simulated RTC refuses an alarm more than the seconds in sim/rtc_reach
 * ahead, as rtc-cmos does (EINVAL); without the file it takes any. */
static int sim_reach(const struct hp_host *h, const char *rel, unsigned seconds,
		     struct hp_err *e)
{
	char buf[RTC_BUF];
	unsigned long reach;

	if (!h->simulate || hp_host_read(h, SIM_REACH, buf, sizeof(buf), NULL) <= 0 ||
	    sscanf(buf, "%lu", &reach) != 1 || seconds <= reach)
		return 0;
	return hp_err_set(e, EINVAL, "%s: %s", rel, strerror(EINVAL));
}

int hp_rtc_arm(const struct hp_host *h, const char *rtc, unsigned seconds, time_t *when,
	       struct hp_err *e)
{
	char rel[HP_PATH_MAX], want[RTC_BUF], got[RTC_BUF];
	int64_t skew, at;
	int r;

	if ((r = hp_rtc_rel(rtc, "wakealarm", rel, sizeof(rel), e)) < 0 ||
	    (r = hp_host_write(h, rel, "0", e)) < 0 || (r = rtc_skew(h, rtc, &skew, e)) < 0)
		return r;
	/* skew is within a few centuries of the wall clock: no overflow. */
	at = (int64_t)time(NULL) - skew + seconds;
	if (at <= 0 || at > RTC_TIME_MAX)
		return hp_err_set(e, ERANGE, "%s: now + %u s is beyond what the RTC can hold", rel,
				  seconds);
	snprintf(want, sizeof(want), "%" PRId64, at);
	if ((r = sim_reach(h, rel, seconds, e)) < 0 || (r = hp_host_write(h, rel, want, e)) < 0 ||
	    (r = hp_host_read(h, rel, got, sizeof(got), e)) < 0)
		goto fail;
	if (strcmp(got, want) != 0) {
		r = hp_err_set(e, EIO, "%s reads \"%.20s\", wrote \"%s\"", rel, got, want);
		goto fail;
	}
	if (when)
		*when = (time_t)(at + skew);
	return 0;
fail:
	hp_rtc_disarm(h, rtc, NULL);
	return r;
}
