/* rtc.c -- arm, verify and disarm the RTC wake alarm. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rtc.h"

#define RTC_BUF 64

/* sys/class/rtc/<rtc>/<file> into rel; -EINVAL for a name that is not one. */
static int rtc_rel(const char *rtc, const char *file, char *rel, size_t len, struct hp_err *e)
{
	int n;

	if (!rtc || !rtc[0] || strchr(rtc, '/') || strcmp(rtc, "..") == 0)
		return hp_err_set(e, EINVAL, "no usable RTC name \"%s\"", rtc ? rtc : "");
	n = snprintf(rel, len, "sys/class/rtc/%s/%s", rtc, file);
	if (n < 0 || (size_t)n >= len)
		return hp_err_set(e, ENAMETOOLONG, "RTC name too long");
	return 0;
}

/* Parse a whole decimal number of seconds. */
static bool parse_secs(const char *s, int64_t *v)
{
	char end;

	return sscanf(s, "%" SCNd64 "%c", v, &end) == 1;
}

/* Wall clock minus the RTC's clock, in seconds: 0 when the RTC does not say. */
static int64_t rtc_skew(const struct hp_host *h, const char *rtc)
{
	char rel[HP_PATH_MAX], buf[RTC_BUF];
	int64_t rtc_now;

	if (rtc_rel(rtc, "since_epoch", rel, sizeof(rel), NULL) < 0 ||
	    hp_host_read(h, rel, buf, sizeof(buf), NULL) < 0 || !parse_secs(buf, &rtc_now))
		return 0;
	return (int64_t)time(NULL) - rtc_now;
}

static int wakealarm_write(const struct hp_host *h, const char *rtc, const char *value,
			   struct hp_err *e)
{
	char rel[HP_PATH_MAX];
	int r;

	if ((r = rtc_rel(rtc, "wakealarm", rel, sizeof(rel), e)) < 0)
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
	char rel[HP_PATH_MAX], buf[RTC_BUF];
	int64_t v;
	int r;

	if ((r = rtc_rel(rtc, "wakealarm", rel, sizeof(rel), e)) < 0 ||
	    (r = hp_host_read(h, rel, buf, sizeof(buf), e)) < 0)
		return r;
	if (r == 0)
		return 0;
	if (!parse_secs(buf, &v) || v < 0)
		return hp_err_set(e, EINVAL, "%s reads \"%.20s\", not a time", rel, buf);
	/* Writing 0 disarms; a plain file (a fake root) then holds "0". */
	if (v == 0)
		return 0;
	if (when)
		*when = (time_t)(v + rtc_skew(h, rtc));
	return 1;
}

int hp_rtc_arm(const struct hp_host *h, const char *rtc, unsigned seconds, time_t *when,
	       struct hp_err *e)
{
	char rel[HP_PATH_MAX], want[RTC_BUF], got[RTC_BUF];
	int64_t skew, at;
	int r;

	if ((r = rtc_rel(rtc, "wakealarm", rel, sizeof(rel), e)) < 0)
		return r;
	if ((r = hp_host_write(h, rel, "0", e)) < 0)
		return r;
	skew = rtc_skew(h, rtc);
	at = (int64_t)time(NULL) - skew + seconds;
	snprintf(want, sizeof(want), "%" PRId64, at);
	if ((r = hp_host_write(h, rel, want, e)) < 0 ||
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
