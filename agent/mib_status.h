/* mib_status.h -- hostPowerStatus: state, counters, times, last error. */
#ifndef AGENT_MIB_STATUS_H
#define AGENT_MIB_STATUS_H

/* Register the status scalars (read-only). 0 or net-snmp's error. */
int agent_mib_status_init(void);

#endif
