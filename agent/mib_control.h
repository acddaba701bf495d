/*
 * mib_control.h -- hostPowerControl: the target and the duration whose SET
 * suspends the host. The SET phases map to the state machine as:
 * RESERVE1 type and range, RESERVE2 capabilities/busy/RTC, ACTION arm and
 * verify the alarm (and take the target), UNDO disarm (and restore it),
 * COMMIT schedule the sleep. Both objects sit in one registration, so each
 * phase sees every varbind of the PDU that touches them.
 */
#ifndef AGENT_MIB_CONTROL_H
#define AGENT_MIB_CONTROL_H

/* Register the control scalars. 0 or net-snmp's error. */
int agent_mib_control_init(void);

#endif
