/* mib_inhibitors.h -- hostPowerInhibitorTable: logind's inhibitors. */
#ifndef AGENT_MIB_INHIBITORS_H
#define AGENT_MIB_INHIBITORS_H

/* Register the table; net-snmp's MIB_REGISTERED_OK or an error. */
int agent_mib_inhibitors_init(void);

#endif
