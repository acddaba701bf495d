/* reach.c -- learn how far ahead the RTC accepts a wake alarm. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reach.h"

bool hp_reach_refused(int r)
{
	return r == -EINVAL || r == -ERANGE;
}

/* Arm o for seconds and take the probe alarm back: 1 accepted, 0 refused
 * (e keeps why), -errno for any other failure (an undone arm included). */
static int reach_try(struct hp_ops *o, unsigned seconds, unsigned *arms, struct hp_err *e)
{
	char why[HP_ERR_MAX];
	int r;

	++*arms;
	if ((r = o->arm(o, seconds, NULL, e)) < 0)
		return hp_reach_refused(r) ? 0 : r;
	if ((r = o->disarm(o, e)) < 0) {
		snprintf(why, sizeof(why), "%s", e ? e->msg : "");
		return hp_err_set(e, -r, "the probe alarm %u s ahead may still be armed: %s",
				  seconds, why);
	}
	return 1;
}

/* The next offset to try between lo (accepted, 0: none yet) and hi (the
 * farthest not yet refused): rtc-cmos's day and the second after it first,
 * its edge settling most RTCs in three arms, then halves. */
static unsigned reach_next(unsigned lo, unsigned hi)
{
	if (lo < HP_REACH_CMOS_DAY && HP_REACH_CMOS_DAY <= hi)
		return HP_REACH_CMOS_DAY;
	if (lo == HP_REACH_CMOS_DAY)
		return lo + 1;
	return lo + (hi - lo + 1) / 2;
}

int hp_reach_probe(struct hp_ops *o, unsigned want, unsigned *reach, unsigned *arms,
		   struct hp_err *e)
{
	unsigned lo = 0, hi = want, next = want;
	char why[HP_ERR_MAX];
	int r;

	*arms = 0;
	if ((r = o->read(o, NULL, e)) != 0)
		return r < 0 ? r : hp_err_set(e, EBUSY, "an alarm is armed: left as it is");
	/* lo: the farthest offset accepted (0: none yet); hi: the farthest
	 * not yet refused. The first try is want. */
	while (*arms < HP_REACH_TRIES) {
		if ((r = reach_try(o, next, arms, e)) < 0)
			return r;
		if (r)
			lo = next;
		else
			hi = next - 1;
		if (lo >= hi)
			break;
		next = reach_next(lo, hi);
	}
	if (!lo) {
		snprintf(why, sizeof(why), "%s", e ? e->msg : "");
		return hp_err_set(e, e ? e->code : EINVAL, "no alarm accepted, not even %u s "
				  "ahead: %s", hi + 1, why);
	}
	*reach = lo;
	return 0;
}
