/*
 * notify.h -- the three notifications of HOST-POWER-MIB, and the queue that
 * holds them while the AgentX master is away (send_v2trap drops them then).
 * The master's presence comes from the agentx subagent's own callbacks:
 * SNMPD_CALLBACK_INDEX_START when its session opens, SNMPD_CALLBACK_INDEX_STOP
 * when it closes or stops answering pings.
 */
#ifndef AGENT_NOTIFY_H
#define AGENT_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include "history.h"

/* Watch the master's comings and goings (before init_snmp, which connects). */
void agent_notify_init(void);

/* Hold at most size notifications while the master is away (after the
 * config is read; once). 0 or -ENOMEM. */
int agent_notify_set_size(unsigned size);

/* Release the queue. */
void agent_notify_free(void);

/* Notify ev: suspend, resume or external (resume notification), failure.
 * Sent now when the master is there and nothing waits; else queued, the
 * oldest dropped (and counted) when full. Other types notify nothing. */
void agent_notify_event(const struct hp_event *ev);

/* Send what waits, in order, once the master is back and our registrations
 * are (call from the loop, after net-snmp's alarms have run). */
void agent_notify_flush(void);

/* Call fn(arg) once the master has answered every notification sent so
 * far (it answers after sending them on: then they have left this host's
 * snmpd), at once when it has or is away, at the latest after bound_ms
 * (with a warning). One waiter at a time: a new one runs the older first.
 * Used to hold a sleep until its suspend notification is out. */
void agent_notify_then(void (*fn)(void *), void *arg, unsigned bound_ms);

/* Run the waiter if the master has answered (call from the loop, after
 * net-snmp has read what came). */
void agent_notify_check(void);

/* Notifications dropped because the queue was full. */
uint32_t agent_notify_dropped(void);

#endif
