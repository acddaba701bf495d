/* history.c -- the ring of the last N sleep events and the counters. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "text.h"

int hp_history_init(struct hp_history *hist, unsigned cap)
{
	memset(hist, 0, sizeof(*hist));
	if (cap == 0)
		return -EINVAL;
	hist->ring = calloc(cap, sizeof(*hist->ring));
	if (!hist->ring)
		return -ENOMEM;
	hist->cap = cap;
	return 0;
}

void hp_history_free(struct hp_history *hist)
{
	free(hist->ring);
	memset(hist, 0, sizeof(*hist));
}

void hp_history_clear(struct hp_history *hist)
{
	hist->count = hist->head = 0;
	hist->last_index = 0;
	memset(&hist->counters, 0, sizeof(hist->counters));
	hist->pending_alarm = 0;
}

/* Store a copy of ev in the next slot, dropping the oldest when full. */
static struct hp_event *history_push(struct hp_history *hist, const struct hp_event *ev)
{
	struct hp_event *slot;

	if (hist->count < hist->cap) {
		slot = &hist->ring[(hist->head + hist->count) % hist->cap];
		hist->count++;
	} else {
		slot = &hist->ring[hist->head];
		hist->head = (hist->head + 1) % hist->cap;
	}
	*slot = *ev;
	slot->detail[HP_DETAIL_MAX - 1] = '\0';
	/* The detail reaches managers, notifications and the state file. */
	hp_text_sanitize(slot->detail, strlen(slot->detail), 0);
	return slot;
}

static void history_count(struct hp_counters *c, const struct hp_event *ev)
{
	switch (ev->type) {
	case HP_EV_SUSPEND:
		/* One announced by logind is counted with its wake, as external. */
		if (ev->initiator == HP_INIT_EXTERNAL)
			break;
		c->suspends++;
		c->last_suspend = ev->time;
		break;
	case HP_EV_RESUME:
		c->resumes++;
		c->last_resume = ev->time;
		c->last_sleep_s = ev->measured_s;
		break;
	case HP_EV_FAILURE:
		c->failures++;
		break;
	case HP_EV_EXTERNAL:
		c->externals++;
		c->last_resume = ev->time;
		c->last_sleep_s = ev->measured_s;
		break;
	case HP_EV_INTERRUPTED:
	case HP_EV_CANCELLED:
	case HP_EV_SELFTEST:
		break;
	}
}

const struct hp_event *hp_history_add(struct hp_history *hist, const struct hp_event *ev)
{
	struct hp_event *stored;
	struct hp_event copy = *ev;

	if (copy.time == 0)
		copy.time = time(NULL);
	history_count(&hist->counters, &copy);
	/* Indexes are never given twice: past the last one the table stops
	 * growing (centuries at one event a minute). */
	if (hist->last_index == UINT32_MAX)
		return NULL;
	stored = history_push(hist, &copy);
	stored->index = ++hist->last_index;
	return stored;
}

int hp_history_restore(struct hp_history *hist, const struct hp_event *ev)
{
	const struct hp_event *newest = hp_history_at(hist, hist->count - 1);

	if (ev->index == 0 || (newest && ev->index <= newest->index))
		return -EINVAL;
	history_push(hist, ev);
	if (ev->index > hist->last_index)
		hist->last_index = ev->index;
	return 0;
}

const struct hp_event *hp_history_at(const struct hp_history *hist, unsigned i)
{
	if (i >= hist->count)
		return NULL;
	return &hist->ring[(hist->head + i) % hist->cap];
}

/* The position of the oldest stored event whose index is >= index (count
 * when there is none): indexes increase along the ring, so a binary search. */
static unsigned history_lower_bound(const struct hp_history *hist, uint32_t index)
{
	unsigned lo = 0, hi = hist->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (hp_history_at(hist, mid)->index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct hp_event *hp_history_find(const struct hp_history *hist, uint32_t index)
{
	const struct hp_event *ev = hp_history_at(hist, history_lower_bound(hist, index));

	return ev && ev->index == index ? ev : NULL;
}

const struct hp_event *hp_history_after(const struct hp_history *hist, uint32_t index)
{
	if (index == UINT32_MAX)
		return NULL;
	return hp_history_at(hist, history_lower_bound(hist, index + 1));
}
