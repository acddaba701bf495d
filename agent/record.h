/*
 * record.h -- the daemon's history of sleep events: the hp_history ring,
 * kept in the state file across restarts and told to the managers through
 * notifications. Everything that happens goes through agent_record_add.
 */
#ifndef AGENT_RECORD_H
#define AGENT_RECORD_H

#include <time.h>
#include "history.h"

/* Set up a history of cap rows and load it from path (NULL or "" = memory
 * only). A missing, corrupt or unreadable file is logged and the history
 * starts empty. 0, or -errno when the ring cannot be allocated. */
int agent_record_init(unsigned cap, const char *path);

/* Retry a failed save, then release the history. */
void agent_record_free(void);

/* The history, for reading. */
const struct hp_history *agent_record_history(void);

/* Append ev (index and time assigned), save the state file and send the
 * event's notification. Returns the stored event, or NULL once the last
 * index is used (hp_history_add): then the event is only counted. */
const struct hp_event *agent_record_add(const struct hp_event *ev);

/* Remember the wake alarm of a pending suspend (0 = none) and save. */
void agent_record_set_pending(time_t when);

#endif
