/* mib_events.h -- hostPowerEventTable, from the daemon's history. */
#ifndef AGENT_MIB_EVENTS_H
#define AGENT_MIB_EVENTS_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "history.h"

/* Register the table (read-only). 0 or net-snmp's error. */
int agent_mib_events_init(void);

/* Put column col (enum agent_event_col) of ev into vb; also what the
 * notifications carry. */
void agent_events_value(const struct hp_event *ev, unsigned col, netsnmp_variable_list *vb);

#endif
