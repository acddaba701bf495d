/* mib_events.c -- hostPowerEventTable, served from the history ring through the
 * table helper. */
#include "config.h"

#include "mib_events.h"
#include "mibutil.h"
#include "record.h"


/*
 * The row a request names, found by binary search in the ring (indexes only
 * increase along it): for GET the row of its index, for GETNEXT the first
 * row after the index in its OID (none given: the first row). AgentX carries
 * 32-bit sub-identifiers, but net-snmp 5.9's decoder sign-extends those of
 * 2^31 and above (4294967293 arrives as 18446744073709551613): the index is
 * the low 32 bits.
 */
static const struct hp_event *events_row(const netsnmp_table_request_info *t, int mode)
{
	const struct hp_history *hist = agent_record_history();
	uint32_t index = t->index_oid_len ? (uint32_t)t->index_oid[0] : 0;

	if (mode == MODE_GET)
		return t->index_oid_len == 1 ? hp_history_find(hist, index) : NULL;
	return hp_history_after(hist, index);
}

/* GET and GETNEXT, at O(log n) a row. The table helper has parsed column
 * and index; at the end of a column it moves a GETNEXT to the next one. */
static int events_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;
	netsnmp_table_request_info *t;
	const struct hp_event *ev;

	(void)handler;
	if (reqinfo->mode != MODE_GET && reqinfo->mode != MODE_GETNEXT)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		t = netsnmp_extract_table_info(r);
		ev = t ? events_row(t, reqinfo->mode) : NULL;
		if (!ev && reqinfo->mode == MODE_GET)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else if (!ev)
			snmp_set_var_typed_value(r->requestvb, SNMP_ENDOFMIBVIEW, NULL, 0);
		if (!ev)
			continue;
		if (reqinfo->mode == MODE_GETNEXT) {
			snmp_set_var_typed_integer(t->indexes, ASN_UNSIGNED, ev->index);
			netsnmp_table_build_oid(reg, r, t);
		}
		agent_mib_event_value(ev, t->colnum, r->requestvb);
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_events_init(void)
{
	oid o[MAX_OID_LEN];
	size_t len = agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, HP_ARC_EVENT_TABLE);
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *tinfo;

	reg = netsnmp_create_handler_registration("hostPowerEventTable", events_handler, o, len,
						  HANDLER_CAN_RONLY);
	tinfo = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!reg || !tinfo) {
		free(tinfo);
		netsnmp_handler_registration_free(reg);
		return MIB_REGISTRATION_FAILED;
	}
	netsnmp_table_helper_add_indexes(tinfo, ASN_UNSIGNED, 0);
	tinfo->min_column = AGENT_COL_TIME;
	tinfo->max_column = AGENT_COL_DETAIL;
	return netsnmp_register_table(reg, tinfo);
}
