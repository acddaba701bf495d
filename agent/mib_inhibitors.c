/* mib_inhibitors.c -- hostPowerInhibitorTable, the inhibitors logind listed
 * at its last refresh (a few seconds old at most), indexed 1..n. Empty when
 * the sleep method is not logind. */
#include "config.h"

#include <string.h>

#include "mib_inhibitors.h"
#include "mibutil.h"
#include "power_logind.h"

/* hostPowerInhibitorEntry columns. */
enum { IN_INDEX = 1, IN_WHAT, IN_WHO, IN_WHY, IN_MODE, IN_UID, IN_PID };

/* The table is small (a few locks): a row is found by its position. */
static netsnmp_variable_list *inhibitors_next(void **loop, void **data,
					      netsnmp_variable_list *index,
					      netsnmp_iterator_info *info)
{
	static size_t pos;
	static struct agent_inhibitor row;

	(void)info;
	pos = *loop ? pos + 1 : 0;
	if (!agent_logind_inhibitor(pos, &row))
		return NULL;
	*loop = &pos;
	*data = &row;
	snmp_set_var_typed_integer(index, ASN_UNSIGNED, (long)pos + 1);
	return index;
}

static netsnmp_variable_list *inhibitors_first(void **loop, void **data,
					       netsnmp_variable_list *index,
					       netsnmp_iterator_info *info)
{
	*loop = NULL;
	return inhibitors_next(loop, data, index, info);
}

/* Put column col of row into vb. */
static void inhibitors_value(const struct agent_inhibitor *row, unsigned col,
			     netsnmp_variable_list *vb)
{
	const char *s = col == IN_WHAT ? row->what : col == IN_WHO ? row->who :
			col == IN_WHY ? row->why : col == IN_MODE ? row->mode : NULL;

	if (s)
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, s, strlen(s));
	else
		snmp_set_var_typed_integer(vb, ASN_UNSIGNED, col == IN_UID ? row->uid : row->pid);
}

static int inhibitors_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			      netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_table_request_info *t;
	const struct agent_inhibitor *row;
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		row = netsnmp_extract_iterator_context(r);
		t = netsnmp_extract_table_info(r);
		if (!row || !t)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else
			inhibitors_value(row, t->colnum, r->requestvb);
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_inhibitors_init(void)
{
	return agent_mib_register_table("hostPowerInhibitorTable", inhibitors_handler,
					HP_ARC_INHIBITOR_TABLE, IN_WHAT, IN_PID, inhibitors_first,
					inhibitors_next);
}
