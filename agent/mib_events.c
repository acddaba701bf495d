/* mib_events.c -- hostPowerEventTable, served from the history ring through the
 * table helper. */
#include "config.h"

#include "mib_events.h"
#include "mibutil.h"
#include "record.h"


/*
 * The row a request names (struct agent_mib_table), found by binary search
 * in the ring (indexes only increase along it), at O(log n). AgentX carries
 * 32-bit sub-identifiers, but net-snmp 5.9's decoder sign-extends those of
 * 2^31 and above (4294967293 arrives as 18446744073709551613): the index is
 * the low 32 bits.
 */
static const void *events_row(const netsnmp_table_request_info *t, int mode, uint32_t *index)
{
	const struct hp_history *hist = agent_record_history();
	uint32_t i = t->index_oid_len ? (uint32_t)t->index_oid[0] : 0;
	const struct hp_event *ev;

	if (mode == MODE_GET)
		ev = t->index_oid_len == 1 ? hp_history_find(hist, i) : NULL;
	else
		ev = hp_history_after(hist, i);
	if (ev)
		*index = ev->index;
	return ev;
}

static void events_value(const void *row, unsigned col, netsnmp_variable_list *vb)
{
	agent_mib_event_value(row, col, vb);
}

int agent_mib_events_init(void)
{
	static const struct agent_mib_table tab = { events_row, events_value };

	/* At O(log n) a row. */
	return agent_mib_register_indexed("hostPowerEventTable", HP_ARC_EVENT_TABLE, AGENT_COL_TIME,
					  AGENT_COL_DETAIL, &tab);
}
