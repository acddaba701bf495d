/*
 * history.h -- the record of sleep events and the counters derived from
 * them: a ring of the last N events with indexes that only increase. It is
 * what hostPowerEventTable, the status counters and the state file show.
 */
#ifndef HP_HISTORY_H
#define HP_HISTORY_H

#include <stdint.h>
#include <time.h>
#include "caps.h"

enum hp_event_type {
	HP_EV_SUSPEND = 1,
	HP_EV_RESUME = 2,
	HP_EV_FAILURE = 3,
	HP_EV_EXTERNAL = 4,
	HP_EV_INTERRUPTED = 5,
	HP_EV_CANCELLED = 6,
	HP_EV_SELFTEST = 7
};

enum hp_initiator { HP_INIT_MANAGER = 1, HP_INIT_EXTERNAL = 2, HP_INIT_AGENT = 3 };

#define HP_DETAIL_MAX 256

struct hp_event {
	uint32_t index;      /* set by hp_history_add */
	time_t time;         /* wall clock; hp_history_add fills it when 0 */
	enum hp_event_type type;
	enum hp_target target;
	uint32_t requested_s;
	uint32_t measured_s;
	enum hp_initiator initiator;
	char detail[HP_DETAIL_MAX];
};

/* Counters and last values, as HOST-POWER-MIB's status group shows them. */
struct hp_counters {
	uint32_t suspends, resumes, failures, externals;
	time_t last_suspend, last_resume; /* 0 = never */
	uint32_t last_sleep_s;
};

struct hp_history {
	struct hp_event *ring;
	unsigned cap, count, head; /* head: slot of the oldest event */
	uint32_t last_index;       /* newest index ever given; 0 = none */
	struct hp_counters counters;
	time_t pending_alarm; /* wake alarm of a suspend not yet done, 0 = none;
			       * saved so a restart can tell it was interrupted */
};

/* Set up an empty history holding at most cap events: 0, -EINVAL when cap
 * is 0, or -ENOMEM. */
int hp_history_init(struct hp_history *hist, unsigned cap);

/* Release the ring. */
void hp_history_free(struct hp_history *hist);

/* Append ev (its index assigned as last_index + 1, time filled when 0),
 * dropping the oldest when full, and update the counters: suspend counts
 * suspends and sets last_suspend; resume counts resumes and sets last_resume
 * and last_sleep_s (its measured_s); failure counts failures; external counts
 * externals and sets last_resume and last_sleep_s; interrupted is only
 * recorded. The detail is stored as hp_text_sanitize makes it. Returns the
 * stored copy, or NULL once last_index is UINT32_MAX: an index is never given
 * twice, so from then on events are counted but not stored. */
const struct hp_event *hp_history_add(struct hp_history *hist, const struct hp_event *ev);

/* Append ev as it is, keeping its index and time and leaving the counters
 * alone (the state file restores them itself); the oldest is dropped when
 * full; the detail is sanitized as by hp_history_add. ev->index must exceed
 * every stored index; last_index follows it when greater. 0, or -EINVAL for
 * an index that does not increase. */
int hp_history_restore(struct hp_history *hist, const struct hp_event *ev);

/* Empty the ring and zero last_index, the counters and pending_alarm,
 * keeping the capacity. */
void hp_history_clear(struct hp_history *hist);

/* The i-th stored event, oldest first (0 <= i < count), or NULL. */
const struct hp_event *hp_history_at(const struct hp_history *hist, unsigned i);

/* The stored event with this index, or NULL. O(log count). */
const struct hp_event *hp_history_find(const struct hp_history *hist, uint32_t index);

/* The oldest stored event whose index is greater than index (0: the oldest
 * of all), or NULL: the next row of a walk. O(log count). */
const struct hp_event *hp_history_after(const struct hp_history *hist, uint32_t index);

#endif
