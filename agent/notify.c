/* notify.c -- notifications, held while the master is away. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "mibutil.h"
#include "notify.h"

/* NOTIFICATION-TYPEs under hostPowerNotifications and their OBJECTS. */
enum {
	NOTIFY_SUSPEND = 1, NOTIFY_RESUME = 2, NOTIFY_FAILED = 3, NOTIFY_CANCELLED = 4,
	NOTIFY_SELFTEST = 5
};

static const unsigned notify_cols[][6] = {
	[NOTIFY_SUSPEND] = { AGENT_COL_TIME, AGENT_COL_TARGET, AGENT_COL_REQUESTED,
			     AGENT_COL_INITIATOR, 0 },
	[NOTIFY_RESUME] = { AGENT_COL_TIME, AGENT_COL_TARGET, AGENT_COL_REQUESTED,
			    AGENT_COL_MEASURED, AGENT_COL_INITIATOR, 0 },
	[NOTIFY_FAILED] = { AGENT_COL_TIME, AGENT_COL_TARGET, AGENT_COL_REQUESTED,
			    AGENT_COL_INITIATOR, AGENT_COL_DETAIL, 0 },
	[NOTIFY_CANCELLED] = { AGENT_COL_TIME, AGENT_COL_TARGET, AGENT_COL_REQUESTED,
			       AGENT_COL_INITIATOR, AGENT_COL_DETAIL, 0 },
	[NOTIFY_SELFTEST] = { AGENT_COL_TIME, AGENT_COL_INITIATOR, AGENT_COL_DETAIL, 0 },
};

static struct {
	struct hp_event *ring;
	unsigned cap, count, head;
	uint32_t dropped;
	bool master_up;
	netsnmp_session *master;  /* the session to the master, NULL when away */
	struct {                  /* agent_notify_then's one waiter */
		void (*fn)(void *);
		void *arg;
		unsigned alarm, bound_ms;
	} then;
} nq;

/* The notification an event type sends, 0 for none. */
static int notify_kind(enum hp_event_type type)
{
	switch (type) {
	case HP_EV_SUSPEND:
		return NOTIFY_SUSPEND;
	case HP_EV_RESUME:
	case HP_EV_EXTERNAL:
		return NOTIFY_RESUME;
	case HP_EV_FAILURE:
		return NOTIFY_FAILED;
	case HP_EV_CANCELLED:
		return NOTIFY_CANCELLED;
	case HP_EV_SELFTEST:
		return NOTIFY_SELFTEST;
	default:
		return 0;
	}
}

/* Build and send the notification of ev: snmpTrapOID.0, then the event
 * row's columns with the event index as instance. */
static void notify_send(const struct hp_event *ev)
{
	static const oid trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	netsnmp_variable_list *vars = NULL, *vb;
	oid name[MAX_OID_LEN];
	size_t len;
	int kind = notify_kind(ev->type);
	const unsigned *col;

	len = agent_mib_oid(name, MAX_OID_LEN, 2, HP_ARC_NOTIFICATIONS, kind);
	snmp_varlist_add_variable(&vars, trap_oid, OID_LENGTH(trap_oid), ASN_OBJECT_ID,
				  (u_char *)name, len * sizeof(oid));
	for (col = notify_cols[kind]; *col; col++) {
		len = agent_mib_oid(name, MAX_OID_LEN, 5, HP_ARC_OBJECTS, HP_ARC_EVENT_TABLE, 1,
				    *col, ev->index);
		vb = snmp_varlist_add_variable(&vars, name, len, ASN_NULL, NULL, 0);
		if (vb)
			agent_mib_event_value(ev, *col, vb);
	}
	DEBUGMSGTL(("hostpowerd/notify", "sending notification %d for event %u\n", kind,
		    ev->index));
	send_v2trap(vars);
	snmp_free_varbind(vars);
}

/* Queue ev, dropping the oldest when full. */
static void notify_queue(const struct hp_event *ev)
{
	if (nq.cap == 0 || nq.count == nq.cap) {
		nq.dropped++;
		snmp_log(LOG_WARNING, "notification queue full: dropped the notification of event %u\n",
			 nq.cap ? nq.ring[nq.head].index : ev->index);
		if (nq.cap == 0)
			return;
		nq.head = (nq.head + 1) % nq.cap;
		nq.count--;
	}
	nq.ring[(nq.head + nq.count) % nq.cap] = *ev;
	nq.count++;
}

void agent_notify_event(const struct hp_event *ev)
{
	if (!notify_kind(ev->type))
		return;
	if (nq.master_up && nq.count == 0) {
		notify_send(ev);
		return;
	}
	DEBUGMSGTL(("hostpowerd/notify", "master away: holding event %u\n", ev->index));
	notify_queue(ev);
}

void agent_notify_flush(void)
{
	if (!nq.master_up || nq.count == 0)
		return;
	snmp_log(LOG_INFO, "master is back: sending %u held notification(s)\n", nq.count);
	while (nq.count) {
		notify_send(&nq.ring[nq.head]);
		nq.head = (nq.head + 1) % nq.cap;
		nq.count--;
	}
}

uint32_t agent_notify_dropped(void)
{
	return nq.dropped;
}

/* Has the master answered every notification given to it? It answers an
 * AgentX Notify once it has sent the notification on to its sinks
 * (agentx_notify in net-snmp's master_admin.c); net-snmp counts those
 * answers, and the ones that never came, in the session's trap_stats. */
static bool notify_answered(void)
{
#ifndef NETSNMP_NO_TRAP_STATS
	const netsnmp_trap_stats *t = nq.master ? nq.master->trap_stats : NULL;

	return !t || t->ack_count + t->timeouts + t->sec_err_count >= t->sent_count;
#else
	return true;
#endif
}

/* Run the waiter (once). */
static void notify_then_run(void)
{
	void (*fn)(void *) = nq.then.fn;

	if (nq.then.alarm)
		snmp_alarm_unregister(nq.then.alarm);
	nq.then.fn = NULL;
	nq.then.alarm = 0;
	if (fn)
		fn(nq.then.arg);
}

static void notify_then_expired(unsigned reg, void *arg)
{
	(void)reg; (void)arg;
	nq.then.alarm = 0;
	snmp_log(LOG_WARNING, "the AgentX master has not confirmed sending the notification "
		 "within %u ms: going on (it may leave late)\n", nq.then.bound_ms);
	notify_then_run();
}

void agent_notify_then(void (*fn)(void *), void *arg, unsigned bound_ms)
{
	struct timeval tv = { bound_ms / 1000, bound_ms % 1000 * 1000 };

	notify_then_run(); /* one waiter at a time: an older one goes first */
	nq.then.fn = fn;
	nq.then.arg = arg;
	nq.then.bound_ms = bound_ms;
	if (!notify_answered())
		nq.then.alarm = snmp_alarm_register_hr(tv, 0, notify_then_expired, NULL);
	if (!nq.then.alarm)
		notify_then_run();
}

void agent_notify_check(void)
{
	if (nq.then.fn && notify_answered())
		notify_then_run();
}

/* The agentx subagent's session to the master opened (INDEX_START) or
 * closed (INDEX_STOP); server is that session. */
static int notify_master_changed(int major, int minor, void *server, void *client)
{
	(void)major; (void)client;
	nq.master_up = minor == SNMPD_CALLBACK_INDEX_START;
	nq.master = nq.master_up ? server : NULL;
	DEBUGMSGTL(("hostpowerd/notify", "master %s\n", nq.master_up ? "up" : "down"));
	return SNMPERR_SUCCESS;
}

int agent_notify_set_size(unsigned size)
{
	if (size) {
		nq.ring = calloc(size, sizeof(*nq.ring));
		if (!nq.ring)
			return -ENOMEM;
	}
	nq.cap = size;
	return 0;
}

void agent_notify_init(void)
{
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
			       notify_master_changed, NULL);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
			       notify_master_changed, NULL);
}

void agent_notify_free(void)
{
	notify_then_run();
	free(nq.ring);
	memset(&nq, 0, sizeof(nq));
}
