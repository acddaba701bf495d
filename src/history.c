/* history.c -- the ring of the last N sleep events and the counters. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

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
	struct hp_event *stored = history_push(hist, ev);

	/* 0 means "none": after 2^32-1 events (centuries at one a minute) the
	 * numbering restarts at 1 rather than give 0. */
	hist->last_index++;
	if (hist->last_index == 0)
		hist->last_index = 1;
	stored->index = hist->last_index;
	if (stored->time == 0)
		stored->time = time(NULL);
	history_count(&hist->counters, stored);
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

const struct hp_event *hp_history_find(const struct hp_history *hist, uint32_t index)
{
	unsigned i;

	/* Newest first: the agent mostly asks for recent rows. */
	for (i = hist->count; i-- > 0;) {
		const struct hp_event *ev = hp_history_at(hist, i);
		if (ev->index == index)
			return ev;
	}
	return NULL;
}
