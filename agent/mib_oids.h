/*
 * The one place in the code that knows where HOST-POWER-MIB lives.
 * It must equal hostPowerMIB in mibs/HOST-POWER-MIB.txt (tests/mib.test
 * checks it). A site that moves the MIB under its own enterprise number
 * changes HP_MIB_OID here and the MODULE-IDENTITY's OID in the MIB.
 */
#ifndef HP_MIB_OIDS_H
#define HP_MIB_OIDS_H

/* NET-SNMP-MIB::netSnmpPlaypen.4242 */
#define HP_MIB_OID 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 4242

/* Arcs below hostPowerMIB; every registration derives from HP_MIB_OID. */
#define HP_ARC_NOTIFICATIONS 0
#define HP_ARC_OBJECTS 1
#define HP_ARC_CAPABILITIES 1 /* under HP_ARC_OBJECTS */
#define HP_ARC_CONTROL 2      /* under HP_ARC_OBJECTS */
#define HP_ARC_STATUS 3       /* under HP_ARC_OBJECTS */
#define HP_ARC_EVENT_TABLE 4  /* under HP_ARC_OBJECTS */
#define HP_ARC_INHIBITOR_TABLE 5 /* under HP_ARC_OBJECTS */
#define HP_ARC_CAPABILITY_REASONS 6 /* under HP_ARC_OBJECTS */
#define HP_ARC_WAKESOURCE_TABLE 7 /* under HP_ARC_OBJECTS */

#endif
