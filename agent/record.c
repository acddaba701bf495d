/* record.c -- the history, its state file and its notifications. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "notify.h"
#include "record.h"
#include "statefile.h"

static struct {
	struct hp_history hist;
	char path[HP_PATH_MAX];
	bool save_failed; /* the last save failed: say so when one works again */
} rec;

/* Write the state file, if there is one. A failure is logged; the next
 * event tries again. */
static void record_save(void)
{
	struct hp_err err;

	if (!rec.path[0])
		return;
	if (hp_statefile_save(&rec.hist, rec.path, &err) < 0) {
		snmp_log(LOG_ERR, "cannot save the state file %s: %s (will retry on the next event)\n",
			 rec.path, err.msg);
		rec.save_failed = true;
		return;
	}
	if (rec.save_failed)
		snmp_log(LOG_NOTICE, "state file %s saved again\n", rec.path);
	rec.save_failed = false;
}

/* Load the state file into the (empty) history; log what went wrong. */
static void record_load(void)
{
	struct hp_err err;
	int rc = hp_statefile_load(&rec.hist, rec.path, &err);

	if (rc == 0)
		snmp_log(LOG_INFO, "state file %s: %u event(s), last index %u\n", rec.path,
			 rec.hist.count, rec.hist.last_index);
	else if (rc == -ENOENT)
		snmp_log(LOG_INFO, "state file %s does not exist yet: empty history\n", rec.path);
	else
		snmp_log(LOG_WARNING, "state file %s: %s: starting with an empty history\n",
			 rec.path, err.msg);
}

int agent_record_init(unsigned cap, const char *path)
{
	int rc;

	memset(&rec, 0, sizeof(rec));
	rc = hp_history_init(&rec.hist, cap);
	if (rc < 0)
		return rc;
	if (path && *path) {
		snprintf(rec.path, sizeof(rec.path), "%s", path);
		record_load();
	}
	return 0;
}

void agent_record_free(void)
{
	if (rec.save_failed)
		record_save();
	hp_history_free(&rec.hist);
}

const struct hp_history *agent_record_history(void)
{
	return &rec.hist;
}

const struct hp_event *agent_record_add(const struct hp_event *ev)
{
	const struct hp_event *stored = hp_history_add(&rec.hist, ev);

	/* The notification first: a suspend's must leave before the sleep,
	 * which waits for it; the file can follow. */
	if (stored)
		agent_notify_event(stored);
	else
		snmp_log(LOG_WARNING, "event index %u reached: the event is counted, not recorded "
			 "and not notified (a new state file starts again at 1)\n", UINT32_MAX);
	record_save();
	return stored;
}

void agent_record_set_pending(time_t when)
{
	rec.hist.pending_alarm = when;
	record_save();
}
