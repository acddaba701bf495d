/* mib_events.c -- hostPowerEventTable through the table_iterator helper. */
#include "config.h"

#include "mib_events.h"
#include "mibutil.h"
#include "record.h"

/* The iterator walks the ring oldest first (indexes increase: sorted). */
static netsnmp_variable_list *events_next(void **loop, void **data,
					  netsnmp_variable_list *index, netsnmp_iterator_info *info)
{
	static unsigned pos;
	const struct hp_event *ev;

	(void)info;
	pos = *loop ? *(unsigned *)*loop + 1 : 0;
	ev = hp_history_at(agent_record_history(), pos);
	if (!ev)
		return NULL;
	*loop = &pos;
	*data = (void *)ev;
	snmp_set_var_typed_integer(index, ASN_UNSIGNED, ev->index);
	return index;
}

static netsnmp_variable_list *events_first(void **loop, void **data,
					   netsnmp_variable_list *index, netsnmp_iterator_info *info)
{
	*loop = NULL;
	return events_next(loop, data, index, info);
}

static int events_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;
	netsnmp_table_request_info *t;
	const struct hp_event *ev;

	(void)handler; (void)reg;
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		ev = netsnmp_extract_iterator_context(r);
		t = netsnmp_extract_table_info(r);
		if (!ev || !t) {
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
			continue;
		}
		agent_mib_event_value(ev, t->colnum, r->requestvb);
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_events_init(void)
{
	return agent_mib_register_table("hostPowerEventTable", events_handler, HP_ARC_EVENT_TABLE,
					AGENT_COL_TIME, AGENT_COL_DETAIL, events_first, events_next);
}
