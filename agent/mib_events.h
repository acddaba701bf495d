/* mib_events.h -- hostPowerEventTable, from the daemon's history. */
#ifndef AGENT_MIB_EVENTS_H
#define AGENT_MIB_EVENTS_H

/* Register the table (read-only). 0 or net-snmp's error. */
int agent_mib_events_init(void);

#endif
