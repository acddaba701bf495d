/*
 * mibutil.h -- small pieces shared by the MIB modules and the notifications:
 * OIDs below hostPowerMIB, the DateAndTime encoding, an event row's values.
 */
#ifndef AGENT_MIBUTIL_H
#define AGENT_MIBUTIL_H

#include <stddef.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "history.h"
#include "mib_oids.h"

/* Columns of hostPowerEventEntry (hostPowerEventTable.1.col). */
enum agent_event_col {
	AGENT_COL_INDEX = 1,
	AGENT_COL_TIME,
	AGENT_COL_TYPE,
	AGENT_COL_TARGET,
	AGENT_COL_REQUESTED,
	AGENT_COL_MEASURED,
	AGENT_COL_INITIATOR,
	AGENT_COL_DETAIL
};

/* Size of a DateAndTime with its UTC offset. */
#define AGENT_DATEANDTIME_LEN 11

/* Build HP_MIB_OID (however many arcs it has) followed by n sub-identifiers
 * (variadic, unsigned int) into o (room for max); returns the length, 0 when
 * it does not fit. */
size_t agent_mib_oid(oid *o, size_t max, size_t n, ...);

/* The object a scalar-group request is for: in group.subid.0, the subid
 * (the helper has checked the shape; the registration's rootoid_len is
 * not the group's while it runs). */
#define AGENT_MIB_SCALAR_SUBID(vb) ((vb)->name[(vb)->name_length - 2])

/* Refuse a SET of the read-only object name (RESERVE1): notWritable, logged. */
void agent_mib_not_writable(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r,
			    const char *name);

/* Encode t as an 11-octet UTC DateAndTime into buf; returns its length,
 * 0 (a zero-length string) when t is 0 or past 9999. */
size_t agent_mib_dateandtime(time_t t, u_char buf[AGENT_DATEANDTIME_LEN]);

/* Decode a DateAndTime of len octets (8, local time taken as UTC, or 11
 * with its offset from UTC) into *t. 0, or -EINVAL when the length or a
 * field is out of range. */
int agent_mib_parse_dateandtime(const u_char *buf, size_t len, time_t *t);

/* Put column col (enum agent_event_col) of ev into vb: what
 * hostPowerEventTable shows and the notifications carry. */
void agent_mib_event_value(const struct hp_event *ev, unsigned col, netsnmp_variable_list *vb);

/* Register handler h for the table hostPowerObjects.arc, indexed by one
 * Unsigned32, columns min..max, rows walked in index order by first/next
 * (net-snmp's table_iterator helper). Returns net-snmp's code. */
int agent_mib_register_table(const char *name, Netsnmp_Node_Handler *h, unsigned arc,
			     unsigned min, unsigned max, Netsnmp_First_Data_Point *first,
			     Netsnmp_Next_Data_Point *next);

/* How a table registered by agent_mib_register_indexed is served. */
struct agent_mib_table {
	/* The row request t is for: for GET the row of its index, for GETNEXT
	 * the first row after the index in its OID (none given: the first);
	 * its index into *index. NULL when there is none. */
	const void *(*row)(const netsnmp_table_request_info *t, int mode, uint32_t *index);
	/* Put column col of row into vb. */
	void (*value)(const void *row, unsigned col, netsnmp_variable_list *vb);
};

/* Register the read-only table hostPowerObjects.arc, indexed by one
 * Unsigned32, columns min..max, through net-snmp's table helper: GET and
 * GETNEXT find a row with tab->row (so a walk costs what the row lookups
 * cost, not a pass over the table per step; at the end of a column the
 * helper moves a GETNEXT on to the next one). tab must outlive the
 * registration. Returns net-snmp's code. */
int agent_mib_register_indexed(const char *name, unsigned arc, unsigned min, unsigned max,
			       const struct agent_mib_table *tab);

/* Register handler h for the scalars first..last of hostPowerObjects.arc
 * (scalar group: instance .0, GETNEXT done by the helper), with modes
 * HANDLER_CAN_RONLY or HANDLER_CAN_RWRITE. Returns net-snmp's code. */
int agent_mib_register_group(const char *name, Netsnmp_Node_Handler *h, unsigned arc,
			     unsigned first, unsigned last, int modes);

#endif
