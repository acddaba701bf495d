/* t_history.c -- the event ring: wrap-around, indexes, counters, restore, the
 * index limit, search. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "history.h"
#include "unit.h"

static struct hp_event event(enum hp_event_type type, time_t t, uint32_t measured)
{
	struct hp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.time = t;
	ev.target = HP_TARGET_MEM;
	ev.requested_s = 60;
	ev.measured_s = measured;
	ev.initiator = HP_INIT_MANAGER;
	snprintf(ev.detail, sizeof(ev.detail), "event at %ld", (long)t);
	return ev;
}

static void test_empty(void)
{
	struct hp_history h;

	unit_ok(hp_history_init(&h, 0) == -EINVAL, "a capacity of 0 is refused");
	unit_ok(hp_history_init(&h, 3) == 0 && h.cap == 3, "init with capacity 3");
	unit_ok(h.count == 0 && h.last_index == 0 && !hp_history_at(&h, 0) && !hp_history_find(&h, 1),
		"a new history is empty");
	hp_history_free(&h);
}

static void test_wrap(void)
{
	struct hp_history h;
	struct hp_event ev;
	const struct hp_event *stored;
	unsigned i;
	int in_order = 1;

	hp_history_init(&h, 3);
	for (i = 1; i <= 5; i++) {
		ev = event(HP_EV_INTERRUPTED, 1000 + i, 0);
		ev.index = 77; /* ignored: add assigns */
		stored = hp_history_add(&h, &ev);
		in_order &= stored->index == i && stored->time == (time_t)(1000 + i);
	}
	unit_ok(in_order, "add assigns indexes 1, 2, 3... and keeps the given time");
	unit_ok(h.count == 3 && h.last_index == 5, "after 5 adds into 3 slots: 3 kept, last index 5");
	unit_ok(hp_history_at(&h, 0)->index == 3 && hp_history_at(&h, 1)->index == 4 &&
		hp_history_at(&h, 2)->index == 5 && !hp_history_at(&h, 3),
		"at() walks oldest first across the wrap");
	unit_ok(!hp_history_find(&h, 2) && !hp_history_find(&h, 6), "find misses dropped and future indexes");
	stored = hp_history_find(&h, 4);
	unit_ok(stored && stored->index == 4 && stored->time == 1004 && !strcmp(stored->detail, "event at 1004"),
		"find returns the event with that index");
	hp_history_free(&h);
}

static void test_counters(void)
{
	struct hp_history h;
	struct hp_event ev;
	const struct hp_counters *c = &h.counters;

	hp_history_init(&h, 10);
	ev = event(HP_EV_SUSPEND, 2000, 0);
	hp_history_add(&h, &ev);
	unit_ok(c->suspends == 1 && c->last_suspend == 2000 && c->resumes == 0 && c->last_resume == 0,
		"suspend counts suspends and sets last_suspend");
	ev = event(HP_EV_RESUME, 2100, 42);
	hp_history_add(&h, &ev);
	unit_ok(c->resumes == 1 && c->last_resume == 2100 && c->last_sleep_s == 42 && c->suspends == 1,
		"resume counts resumes, sets last_resume and last_sleep_s");
	ev = event(HP_EV_FAILURE, 2200, 0);
	hp_history_add(&h, &ev);
	unit_ok(c->failures == 1 && c->last_resume == 2100 && c->last_sleep_s == 42,
		"failure counts failures only");
	ev = event(HP_EV_EXTERNAL, 2300, 7);
	hp_history_add(&h, &ev);
	unit_ok(c->externals == 1 && c->last_resume == 2300 && c->last_sleep_s == 7 && c->resumes == 1,
		"external counts externals, sets last_resume and last_sleep_s");
	ev = event(HP_EV_INTERRUPTED, 2400, 99);
	hp_history_add(&h, &ev);
	unit_ok(c->suspends == 1 && c->resumes == 1 && c->failures == 1 && c->externals == 1 &&
		c->last_suspend == 2000 && c->last_resume == 2300 && c->last_sleep_s == 7 &&
		h.count == 5 && hp_history_find(&h, 5)->type == HP_EV_INTERRUPTED,
		"interrupted is recorded and changes no counter");
	hp_history_free(&h);
}

static void test_fill(void)
{
	struct hp_history h;
	struct hp_event ev = event(HP_EV_SUSPEND, 0, 0);
	const struct hp_event *stored;
	time_t before = time(NULL), after;

	hp_history_init(&h, 2);
	stored = hp_history_add(&h, &ev);
	after = time(NULL);
	unit_ok(stored->time >= before && stored->time <= after && h.counters.last_suspend == stored->time,
		"a time of 0 is filled with now");
	memset(ev.detail, 'x', sizeof(ev.detail));
	stored = hp_history_add(&h, &ev);
	unit_ok(strlen(stored->detail) == HP_DETAIL_MAX - 1, "an unterminated detail is cut and terminated");
	hp_history_free(&h);
}

static void test_restore(void)
{
	struct hp_history h;
	struct hp_event ev = event(HP_EV_RESUME, 3000, 30);

	hp_history_init(&h, 2);
	ev.index = 40;
	unit_ok(hp_history_restore(&h, &ev) == 0 && h.last_index == 40 && h.counters.resumes == 0 &&
		hp_history_at(&h, 0)->time == 3000,
		"restore keeps index and time and leaves the counters alone");
	unit_ok(hp_history_restore(&h, &ev) == -EINVAL, "restore refuses a repeated index");
	ev.index = 39;
	unit_ok(hp_history_restore(&h, &ev) == -EINVAL, "restore refuses a smaller index");
	ev.index = 0;
	unit_ok(hp_history_restore(&h, &ev) == -EINVAL && h.count == 1, "restore refuses index 0");
	ev.index = 50;
	hp_history_restore(&h, &ev);
	ev.index = 60;
	hp_history_restore(&h, &ev);
	unit_ok(h.count == 2 && hp_history_at(&h, 0)->index == 50 && h.last_index == 60,
		"restore drops the oldest when full");
	ev.index = 0;
	unit_ok(hp_history_add(&h, &ev)->index == 61, "add continues after the restored indexes");
	h.pending_alarm = 5;
	hp_history_clear(&h);
	unit_ok(h.count == 0 && h.last_index == 0 && h.counters.resumes == 0 && h.pending_alarm == 0 &&
		h.cap == 2, "clear empties everything but the capacity");
	unit_ok(hp_history_add(&h, &ev)->index == 1, "after clear indexes start again at 1");
	hp_history_free(&h);
}

/* Past index 4294967295 nothing is stored: an index is never given twice,
 * the rows stay in order, the counters go on. */
static void test_limit(void)
{
	struct hp_history h;
	struct hp_event ev = event(HP_EV_RESUME, 5000, 5);
	const struct hp_event *stored;

	hp_history_init(&h, 3);
	ev.index = UINT32_MAX - 1;
	hp_history_restore(&h, &ev);
	stored = hp_history_add(&h, &ev);
	unit_ok(stored && stored->index == UINT32_MAX, "the last index is given");
	ev.time = 6000;
	stored = hp_history_add(&h, &ev);
	unit_ok(!stored, "past it, add stores nothing");
	unit_ok(h.count == 2 && h.last_index == UINT32_MAX && hp_history_at(&h, 0)->index == UINT32_MAX - 1 &&
		hp_history_at(&h, 1)->index == UINT32_MAX, "the rows stay, in order, no index reused");
	unit_ok(h.counters.resumes == 2 && h.counters.last_resume == 6000,
		"the event is still counted");
	unit_ok(!hp_history_after(&h, UINT32_MAX) && hp_history_after(&h, UINT32_MAX - 1)->index == UINT32_MAX,
		"after() at the top of the range");
	hp_history_free(&h);
}

/* Details are stored as valid UTF-8 without control characters, whether
 * added or restored (they come from the host and from the state file). */
static void test_detail_text(void)
{
	struct hp_history h;
	struct hp_event ev = event(HP_EV_FAILURE, 5000, 0);

	hp_history_init(&h, 3);
	snprintf(ev.detail, sizeof(ev.detail), "mem_sleep: \xe9\xff\x01 \xc3\xa9\n");
	unit_is_str(hp_history_add(&h, &ev)->detail, "mem_sleep: ??? \xc3\xa9?", "add sanitizes the detail");
	ev.index = 9;
	hp_history_restore(&h, &ev);
	unit_is_str(hp_history_find(&h, 9)->detail, "mem_sleep: ??? \xc3\xa9?", "restore too");
	hp_history_free(&h);
}

/* find() and after() by binary search: gaps in the indexes, a wrapped
 * ring, the ends, and a walk of a big ring in order. */
static void test_search(void)
{
	struct hp_history h;
	struct hp_event ev = event(HP_EV_SUSPEND, 5000, 0);
	const struct hp_event *p;
	uint32_t want;
	unsigned i, n;
	int in_order = 1;

	hp_history_init(&h, 4);
	unit_ok(!hp_history_after(&h, 0) && !hp_history_find(&h, 1), "an empty ring has no rows");
	for (i = 1; i <= 6; i++) {
		ev.index = i * 10; /* 10..60; the ring keeps 30..60 */
		hp_history_restore(&h, &ev);
	}
	unit_ok(hp_history_after(&h, 0)->index == 30 && hp_history_after(&h, 29)->index == 30,
		"after() before the oldest is the oldest");
	unit_ok(hp_history_after(&h, 30)->index == 40 && hp_history_after(&h, 45)->index == 50,
		"after() an index, stored or not, is the next one");
	unit_ok(!hp_history_after(&h, 60) && !hp_history_after(&h, 1000), "nothing after the newest");
	unit_ok(hp_history_find(&h, 50)->index == 50 && !hp_history_find(&h, 20) &&
		!hp_history_find(&h, 45) && !hp_history_find(&h, 70), "find() hits and misses");
	hp_history_free(&h);

	n = 100000;
	hp_history_init(&h, n);
	for (i = 0; i < n + 1234; i++)
		hp_history_add(&h, &ev);
	want = 1235;
	for (p = hp_history_after(&h, 0), i = 0; p && i <= n; p = hp_history_after(&h, p->index), i++)
		in_order &= p->index == want++ && hp_history_find(&h, p->index) == p;
	unit_ok(in_order && i == n, "a walk of %u rows over a wrapped ring: every row, in order (%u)", n, i);
	hp_history_free(&h);
}

int main(void)
{
	test_empty();
	test_wrap();
	test_counters();
	test_fill();
	test_restore();
	test_limit();
	test_detail_text();
	test_search();
	return unit_done();
}
