/* mibutil.c -- OIDs below hostPowerMIB, DateAndTime, an event row's values. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "clock.h"
#include "mibutil.h"

static const oid mib_base[] = { HP_MIB_OID };
#define MIB_BASE_LEN OID_LENGTH(mib_base)

size_t agent_mib_oid(oid *o, size_t max, size_t n, ...)
{
	va_list ap;
	size_t i;

	if (MIB_BASE_LEN + n > max)
		return 0;
	memcpy(o, mib_base, sizeof(mib_base));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		o[MIB_BASE_LEN + i] = va_arg(ap, unsigned);
	va_end(ap);
	return MIB_BASE_LEN + n;
}

size_t agent_mib_dateandtime(time_t t, u_char buf[AGENT_DATEANDTIME_LEN])
{
	struct tm tm;

	if (t == 0 || hp_clock_utc(t, &tm) < 0)
		return 0;
	buf[0] = (u_char)((tm.tm_year + 1900) >> 8);
	buf[1] = (u_char)((tm.tm_year + 1900) & 0xff);
	buf[2] = (u_char)(tm.tm_mon + 1);
	buf[3] = (u_char)tm.tm_mday;
	buf[4] = (u_char)tm.tm_hour;
	buf[5] = (u_char)tm.tm_min;
	buf[6] = (u_char)tm.tm_sec;
	buf[7] = 0;
	buf[8] = '+';
	buf[9] = 0;
	buf[10] = 0;
	return AGENT_DATEANDTIME_LEN;
}

int agent_mib_parse_dateandtime(const u_char *b, size_t len, time_t *t)
{
	struct tm tm = { 0 };
	long off = 0;

	if (len != 8 && len != AGENT_DATEANDTIME_LEN)
		return -EINVAL;
	tm.tm_year = ((b[0] << 8) | b[1]) - 1900;
	tm.tm_mon = b[2] - 1;
	tm.tm_mday = b[3];
	tm.tm_hour = b[4];
	tm.tm_min = b[5];
	tm.tm_sec = b[6];
	if (tm.tm_year < 70 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || b[7] > 9)
		return -EINVAL;
	if (len == AGENT_DATEANDTIME_LEN) {
		if ((b[8] != '+' && b[8] != '-') || b[9] > 13 || b[10] > 59)
			return -EINVAL;
		off = (b[9] * 3600L + b[10] * 60L) * (b[8] == '+' ? 1 : -1);
	}
	/* The local time is UTC + offset. */
	*t = timegm(&tm) - off;
	return 0;
}

int agent_mib_register_table(const char *name, Netsnmp_Node_Handler *h, unsigned arc,
			     unsigned min, unsigned max, Netsnmp_First_Data_Point *first,
			     Netsnmp_Next_Data_Point *next)
{
	oid o[MAX_OID_LEN];
	size_t len = agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, arc);
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *tinfo;
	netsnmp_iterator_info *iinfo;

	reg = netsnmp_create_handler_registration(name, h, o, len, HANDLER_CAN_RONLY);
	tinfo = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	iinfo = SNMP_MALLOC_TYPEDEF(netsnmp_iterator_info);
	if (!reg || !tinfo || !iinfo) {
		free(tinfo);
		free(iinfo);
		return MIB_REGISTRATION_FAILED;
	}
	netsnmp_table_helper_add_indexes(tinfo, ASN_UNSIGNED, 0);
	tinfo->min_column = min;
	tinfo->max_column = max;
	iinfo->get_first_data_point = first;
	iinfo->get_next_data_point = next;
	iinfo->table_reginfo = tinfo;
	iinfo->flags = NETSNMP_ITERATOR_FLAG_SORTED;
	return netsnmp_register_table_iterator2(reg, iinfo);
}

/* GET and GETNEXT of a table registered by agent_mib_register_indexed. */
static int indexed_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct agent_mib_table *tab = handler->myvoid;
	netsnmp_table_request_info *t;
	netsnmp_request_info *r;
	const void *row;
	uint32_t index;

	if (reqinfo->mode != MODE_GET && reqinfo->mode != MODE_GETNEXT)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		t = netsnmp_extract_table_info(r);
		row = t ? tab->row(t, reqinfo->mode, &index) : NULL;
		if (!row && reqinfo->mode == MODE_GET)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else if (!row)
			snmp_set_var_typed_value(r->requestvb, SNMP_ENDOFMIBVIEW, NULL, 0);
		if (!row)
			continue;
		if (reqinfo->mode == MODE_GETNEXT) {
			snmp_set_var_typed_integer(t->indexes, ASN_UNSIGNED, index);
			netsnmp_table_build_oid(reg, r, t);
		}
		tab->value(row, t->colnum, r->requestvb);
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_register_indexed(const char *name, unsigned arc, unsigned min, unsigned max,
			       const struct agent_mib_table *tab)
{
	oid o[MAX_OID_LEN];
	size_t len = agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, arc);
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *tinfo;

	reg = netsnmp_create_handler_registration(name, indexed_handler, o, len,
						  HANDLER_CAN_RONLY);
	tinfo = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!reg || !tinfo) {
		free(tinfo);
		netsnmp_handler_registration_free(reg);
		return MIB_REGISTRATION_FAILED;
	}
	reg->handler->myvoid = (void *)tab;
	netsnmp_table_helper_add_indexes(tinfo, ASN_UNSIGNED, 0);
	tinfo->min_column = min;
	tinfo->max_column = max;
	return netsnmp_register_table(reg, tinfo);
}

int agent_mib_register_group(const char *name, Netsnmp_Node_Handler *h, unsigned arc,
			     unsigned first, unsigned last, int modes)
{
	oid o[MAX_OID_LEN];
	size_t len = agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, arc);
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration(name, h, o, len, modes);
	if (!reg)
		return MIB_REGISTRATION_FAILED;
	return netsnmp_register_scalar_group(reg, first, last);
}

void agent_mib_not_writable(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r,
			    const char *name)
{
	snmp_log(LOG_WARNING, "SET refused: %s is read-only\n", name);
	netsnmp_set_request_error(reqinfo, r, SNMP_ERR_NOTWRITABLE);
}

void agent_mib_event_value(const struct hp_event *ev, unsigned col, netsnmp_variable_list *vb)
{
	u_char buf[AGENT_DATEANDTIME_LEN];

	switch (col) {
	case AGENT_COL_TIME:
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, buf, agent_mib_dateandtime(ev->time, buf));
		break;
	case AGENT_COL_TYPE: snmp_set_var_typed_integer(vb, ASN_INTEGER, ev->type); break;
	case AGENT_COL_TARGET: snmp_set_var_typed_integer(vb, ASN_INTEGER, ev->target); break;
	case AGENT_COL_REQUESTED: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, ev->requested_s); break;
	case AGENT_COL_MEASURED: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, ev->measured_s); break;
	case AGENT_COL_INITIATOR: snmp_set_var_typed_integer(vb, ASN_INTEGER, ev->initiator); break;
	case AGENT_COL_DETAIL:
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, ev->detail, strlen(ev->detail));
		break;
	}
}
