/*
 * fuzz_statefile.c -- libFuzzer harness for hp_statefile_parse. Besides
 * crashes and leaks (the sanitizers), it aborts when a parse breaks what the
 * loader promises: an empty history on failure, and on success at most cap
 * events with increasing indexes up to last_index and terminated details.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "statefile.h"

#define FUZZ_CAP 8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	xmlInitParser();
	return 0;
}

static void check(const struct hp_history *h, int rc)
{
	const struct hp_event *ev;
	uint32_t prev = 0;
	unsigned i;

	if (rc < 0) {
		if (h->count || h->last_index || h->pending_alarm || h->counters.suspends)
			abort();
		return;
	}
	if (h->count > h->cap)
		abort();
	for (i = 0; i < h->count; i++) {
		ev = hp_history_at(h, i);
		if (!ev || ev->index <= prev || ev->index > h->last_index ||
		    memchr(ev->detail, '\0', sizeof(ev->detail)) == NULL)
			abort();
		prev = ev->index;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hp_history h;
	struct hp_err e;

	if (hp_history_init(&h, FUZZ_CAP) < 0)
		return 0;
	check(&h, hp_statefile_parse(&h, (const char *)data, size, &e));
	hp_history_free(&h);
	return 0;
}
