/* mib_caps.c -- the capability scalars, from the cached probe. */
#include "config.h"

#include "mib_caps.h"
#include "mibutil.h"
#include "power.h"

/* The TruthValue of capability subid in c. */
static long caps_value(const struct hp_caps *c, oid subid)
{
	static const size_t field[] = {
		[1] = offsetof(struct hp_caps, s3), [2] = offsetof(struct hp_caps, s4),
		[3] = offsetof(struct hp_caps, hybrid), [4] = offsetof(struct hp_caps, s2idle),
		[5] = offsetof(struct hp_caps, rtc_wake),
	};

	return *(const bool *)((const char *)c + field[subid]) ? 1 : 2;
}

static const char *const caps_names[] = {
	NULL, "hostPowerS3Supported", "hostPowerS4Supported", "hostPowerHybridSupported",
	"hostPowerS2IdleSupported", "hostPowerRtcWakeSupported"
};

static int caps_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct hp_caps *c = agent_power_caps();
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode == MODE_SET_RESERVE1)
		for (r = requests; r; r = r->next)
			agent_mib_not_writable(reqinfo, r, caps_names[AGENT_MIB_SCALAR_SUBID(r->requestvb)]);
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next)
		snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER,
					   caps_value(c, AGENT_MIB_SCALAR_SUBID(r->requestvb)));
	return SNMP_ERR_NOERROR;
}

/* Registered writable so that a SET is refused here, with a log line. */
int agent_mib_caps_init(void)
{
	return agent_mib_register_group("hostPowerCapabilities", caps_handler,
					HP_ARC_CAPABILITIES, 1, 5, HANDLER_CAN_RWRITE);
}
