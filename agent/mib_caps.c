/* mib_caps.c -- the capability scalars, from the cached probe. */
#include "config.h"

#include "mib_caps.h"
#include "mibutil.h"
#include "power.h"

/* The objects of hostPowerCapabilities, numbered from 1 in HP_CAPS_TABLE's
 * order: a capability without its object does not build. */
static const char *const caps_names[] = {
	[HP_CAP_S3] = "hostPowerS3Supported",
	[HP_CAP_S4] = "hostPowerS4Supported",
	[HP_CAP_HYBRID] = "hostPowerHybridSupported",
	[HP_CAP_S2IDLE] = "hostPowerS2IdleSupported",
	[HP_CAP_RTC_WAKE] = "hostPowerRtcWakeSupported",
};
_Static_assert(sizeof(caps_names) / sizeof(caps_names[0]) == HP_CAP_COUNT,
	       "every capability of HP_CAPS_TABLE has its MIB object");

/* The capability a request is for: its scalar's subid - 1. */
#define CAPS_INDEX(r) ((enum hp_cap)(AGENT_MIB_SCALAR_SUBID((r)->requestvb) - 1))

static int caps_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct hp_caps *c = agent_power_caps();
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode == MODE_SET_RESERVE1)
		for (r = requests; r; r = r->next)
			agent_mib_not_writable(reqinfo, r, caps_names[CAPS_INDEX(r)]);
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	/* TruthValue: true(1), false(2). */
	for (r = requests; r; r = r->next)
		snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER,
					   c->cap[CAPS_INDEX(r)].ok ? 1 : 2);
	return SNMP_ERR_NOERROR;
}

/* Registered writable so that a SET is refused here, with a log line. */
int agent_mib_caps_init(void)
{
	return agent_mib_register_group("hostPowerCapabilities", caps_handler,
					HP_ARC_CAPABILITIES, 1, HP_CAP_COUNT, HANDLER_CAN_RWRITE);
}
