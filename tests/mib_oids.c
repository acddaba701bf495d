/*
 * mib_oids.c -- prints the OIDs the agent builds (agent_mib_oid, through
 * which every registration and notification goes), one "descriptor .OID"
 * a line, for tests/mibmove.test to compare with the MIB's.
 */
#include "config.h"

#include <stdio.h>

#include "mibutil.h"

static void print(const char *descr, size_t len, const oid *o)
{
	size_t i;

	printf("%s ", descr);
	for (i = 0; i < len; i++)
		printf(".%lu", (unsigned long)o[i]);
	printf("\n");
}

int main(void)
{
	oid o[MAX_OID_LEN];

	print("hostPowerMIB", agent_mib_oid(o, MAX_OID_LEN, 0), o);
	print("hostPowerSuspendNotification",
	      agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_NOTIFICATIONS, 1), o);
	print("hostPowerCapabilities",
	      agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, HP_ARC_CAPABILITIES), o);
	print("hostPowerControl",
	      agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, HP_ARC_CONTROL), o);
	print("hostPowerStatus",
	      agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, HP_ARC_STATUS), o);
	print("hostPowerEventTable",
	      agent_mib_oid(o, MAX_OID_LEN, 2, HP_ARC_OBJECTS, HP_ARC_EVENT_TABLE), o);
	print("hostPowerEventDetail", agent_mib_oid(o, MAX_OID_LEN, 4, HP_ARC_OBJECTS,
						    HP_ARC_EVENT_TABLE, 1, AGENT_COL_DETAIL), o);
	return 0;
}
