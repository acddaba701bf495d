/* mib_caps.c -- the capability scalars and their reasons, from the cached
 * probe. */
#include "config.h"

#include <string.h>

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
	[HP_CAP_SUSPEND_THEN_HIBERNATE] = "hostPowerSuspendThenHibernateSupported",
};
_Static_assert(sizeof(caps_names) / sizeof(caps_names[0]) == HP_CAP_COUNT,
	       "every capability of HP_CAPS_TABLE has its MIB object");

/* hostPowerCapabilityReasons, in the same order: why each one is false. */
static const char *const reason_names[] = {
	[HP_CAP_S3] = "hostPowerS3Reason",
	[HP_CAP_S4] = "hostPowerS4Reason",
	[HP_CAP_HYBRID] = "hostPowerHybridReason",
	[HP_CAP_S2IDLE] = "hostPowerS2IdleReason",
	[HP_CAP_RTC_WAKE] = "hostPowerRtcWakeReason",
	[HP_CAP_SUSPEND_THEN_HIBERNATE] = "hostPowerSuspendThenHibernateReason",
};
_Static_assert(sizeof(reason_names) / sizeof(reason_names[0]) == HP_CAP_COUNT,
	       "every capability of HP_CAPS_TABLE has its reason object");

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

/* The same text as the logs and the capabilities XML, "" when supported. */
static int reasons_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct hp_caps *c = agent_power_caps();
	const struct hp_cap_state *s;
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode == MODE_SET_RESERVE1)
		for (r = requests; r; r = r->next)
			agent_mib_not_writable(reqinfo, r, reason_names[CAPS_INDEX(r)]);
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		s = &c->cap[CAPS_INDEX(r)];
		snmp_set_var_typed_value(r->requestvb, ASN_OCTET_STR, s->ok ? "" : s->why,
					 s->ok ? 0 : strlen(s->why));
	}
	return SNMP_ERR_NOERROR;
}

/* Registered writable so that a SET is refused here, with a log line. */
int agent_mib_caps_init(void)
{
	int rc = agent_mib_register_group("hostPowerCapabilities", caps_handler,
					  HP_ARC_CAPABILITIES, 1, HP_CAP_COUNT, HANDLER_CAN_RWRITE);

	if (rc != MIB_REGISTERED_OK)
		return rc;
	return agent_mib_register_group("hostPowerCapabilityReasons", reasons_handler,
					HP_ARC_CAPABILITY_REASONS, 1, HP_CAP_COUNT,
					HANDLER_CAN_RWRITE);
}
