/* mib_caps.h -- hostPowerCapabilities: what the host can really do. */
#ifndef AGENT_MIB_CAPS_H
#define AGENT_MIB_CAPS_H

/* Register the capability scalars (read-only). 0 or net-snmp's error. */
int agent_mib_caps_init(void);

#endif
