/* ops.c -- the operations that need root, done by this process. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "rtc.h"
#include "sleep.h"

#define DIRECT(o) ((struct hp_direct *)((char *)(o) - offsetof(struct hp_direct, ops)))

/* The RTC to arm into rtc (HP_NAME_MAX bytes): the configured one, else the
 * first that can wake the host. 0 or -ENODEV with e saying why none. */
static int direct_choose(const struct hp_direct *d, char *rtc, struct hp_err *e)
{
	struct hp_caps c;

	if (d->host.rtc[0]) {
		snprintf(rtc, HP_NAME_MAX, "%s", d->host.rtc);
		return 0;
	}
	hp_caps_probe(&d->host, &c);
	if (!c.rtc[0])
		return hp_err_set(e, ENODEV, "no RTC can wake the host (%s)", c.cap[HP_CAP_RTC_WAKE].why);
	snprintf(rtc, HP_NAME_MAX, "%s", c.rtc);
	return 0;
}

/* The RTC to read, disarm or sleep on: the one armed last, else the choice. */
static int direct_current(const struct hp_direct *d, char *rtc, struct hp_err *e)
{
	if (d->armed[0]) {
		snprintf(rtc, HP_NAME_MAX, "%s", d->armed);
		return 0;
	}
	return direct_choose(d, rtc, e);
}

static int direct_arm(struct hp_ops *o, unsigned seconds, time_t *when, struct hp_err *e)
{
	struct hp_direct *d = DIRECT(o);
	char rtc[HP_NAME_MAX];
	int r;

	if ((r = direct_choose(d, rtc, e)) < 0 || (r = hp_rtc_arm(&d->host, rtc, seconds, when, e)) < 0)
		return r;
	memcpy(d->armed, rtc, sizeof(d->armed));
	return 0;
}

static int direct_read(struct hp_ops *o, time_t *when, struct hp_err *e)
{
	struct hp_direct *d = DIRECT(o);
	char rtc[HP_NAME_MAX];
	int r;

	if ((r = direct_current(d, rtc, e)) < 0)
		return r;
	return hp_rtc_read(&d->host, rtc, when, e);
}

static int direct_disarm(struct hp_ops *o, struct hp_err *e)
{
	struct hp_direct *d = DIRECT(o);
	char rtc[HP_NAME_MAX];
	int r;

	if ((r = direct_current(d, rtc, e)) < 0)
		return r;
	return hp_rtc_disarm(&d->host, rtc, e);
}

static int direct_sleep(struct hp_ops *o, enum hp_target t, int64_t *asleep_ms, struct hp_err *e)
{
	struct hp_direct *d = DIRECT(o);

	/* "" lets the sleep path find the RTC the way a probe does. */
	return hp_sleep_enter(&d->host, d->armed, t, asleep_ms, e);
}

void hp_direct_init(struct hp_direct *d, const struct hp_host *h)
{
	memset(d, 0, sizeof(*d));
	d->ops.arm = direct_arm;
	d->ops.read = direct_read;
	d->ops.disarm = direct_disarm;
	d->ops.sleep = direct_sleep;
	d->host = *h;
}
