/* mib_wakesrc.h -- hostPowerWakeSourceTable: the devices that may wake the host. */
#ifndef AGENT_MIB_WAKESRC_H
#define AGENT_MIB_WAKESRC_H

/* Register the table; net-snmp's MIB_REGISTERED_OK or an error. */
int agent_mib_wakesrc_init(void);

#endif
