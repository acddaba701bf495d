/* mib_control.c -- hostPowerSuspendTarget/Duration and their SET phases. */
#include "config.h"

#include "mib_control.h"
#include "mibutil.h"
#include "power.h"
#include "settings.h"

/* hostPowerControl.n */
enum { CT_TARGET = 1, CT_DURATION, CT_MIN, CT_MAX };

/* The varbinds of one SET PDU that touch us. */
struct control_set {
	netsnmp_request_info *target_req, *duration_req;
	enum hp_target target;   /* the one to use: from the PDU or the current one */
	unsigned long duration;
};

/* What ACTION changed, for the UNDO of the same transaction. */
static struct {
	uint64_t txn;            /* 0 = nothing to undo */
	enum hp_target old_target;
} undo;

/* The SET transaction a request belongs to: the AgentX session and
 * transaction ids, the same in every phase; never 0. */
static uint64_t control_txn(const netsnmp_agent_request_info *reqinfo)
{
	const netsnmp_pdu *pdu = reqinfo->asp ? reqinfo->asp->pdu : NULL;
	uint64_t txn = pdu ? ((uint64_t)(uint32_t)pdu->sessid << 32) | (uint32_t)pdu->transid : 0;

	return txn ? txn : 1;
}

/* The object r is for. */
static oid control_subid(netsnmp_request_info *r)
{
	return AGENT_MIB_SCALAR_SUBID(r->requestvb);
}

/* Collect the PDU's varbinds for the target and the duration. */
static void control_collect(netsnmp_request_info *requests, struct control_set *set)
{
	netsnmp_request_info *r;

	memset(set, 0, sizeof(*set));
	set->target = agent_power_target();
	for (r = requests; r; r = r->next) {
		if (r->requestvb->type != ASN_INTEGER && r->requestvb->type != ASN_UNSIGNED)
			continue; /* refused in RESERVE1 */
		if (control_subid(r) == CT_TARGET) {
			set->target_req = r;
			set->target = (enum hp_target)*r->requestvb->val.integer;
		} else if (control_subid(r) == CT_DURATION) {
			set->duration_req = r;
			set->duration = *r->requestvb->val.integer;
		}
	}
}

/* RESERVE1: the value of one varbind, by itself. */
static int control_check_value(oid subid, netsnmp_variable_list *vb)
{
	int rc;

	switch (subid) {
	case CT_TARGET:
		rc = netsnmp_check_vb_type_and_size(vb, ASN_INTEGER, sizeof(long));
		if (rc == SNMP_ERR_NOERROR && (*vb->val.integer < HP_TARGET_MEM ||
					       *vb->val.integer > HP_TARGET_FREEZE)) {
			snmp_log(LOG_WARNING, "SET hostPowerSuspendTarget refused: %ld is not a target\n",
				 *vb->val.integer);
			rc = SNMP_ERR_WRONGVALUE;
		}
		return rc;
	case CT_DURATION:
		rc = netsnmp_check_vb_type_and_size(vb, ASN_UNSIGNED, sizeof(long));
		if (rc == SNMP_ERR_NOERROR &&
		    (*(u_long *)vb->val.integer < agent_cfg.dur_min ||
		     *(u_long *)vb->val.integer > agent_cfg.dur_max)) {
			snmp_log(LOG_WARNING, "SET hostPowerSuspendDuration refused: %lu is outside "
				 "%u..%u\n", *(u_long *)vb->val.integer, agent_cfg.dur_min,
				 agent_cfg.dur_max);
			rc = SNMP_ERR_WRONGVALUE;
		}
		return rc;
	default:
		return SNMP_ERR_NOTWRITABLE;
	}
}

/* Name of control object subid, for the log. */
static const char *control_name(oid subid)
{
	static const char *const names[] = {
		NULL, "hostPowerSuspendTarget", "hostPowerSuspendDuration",
		"hostPowerSuspendDurationMin", "hostPowerSuspendDurationMax"
	};

	return names[subid];
}

static void control_reserve1(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;
	int rc;

	for (r = requests; r; r = r->next) {
		rc = control_check_value(control_subid(r), r->requestvb);
		if (rc == SNMP_ERR_NOTWRITABLE)
			agent_mib_not_writable(reqinfo, r, control_name(control_subid(r)));
		else if (rc == SNMP_ERR_WRONGTYPE || rc == SNMP_ERR_WRONGLENGTH)
			snmp_log(LOG_WARNING, "SET refused: wrong type (0x%02x) for %s\n",
				 r->requestvb->type, control_name(control_subid(r)));
		if (rc != SNMP_ERR_NOERROR && rc != SNMP_ERR_NOTWRITABLE)
			netsnmp_set_request_error(reqinfo, r, rc);
	}
}

/* RESERVE2: can the host do it now? */
static void control_reserve2(netsnmp_agent_request_info *reqinfo, const struct control_set *set)
{
	netsnmp_request_info *r = set->duration_req ? set->duration_req : set->target_req;
	int rc;

	if (!r)
		return;
	rc = agent_power_check(set->target, (unsigned)set->duration, set->duration_req != NULL);
	if (rc == SNMP_ERR_INCONSISTENTVALUE && set->target_req)
		r = set->target_req;
	if (rc != SNMP_ERR_NOERROR)
		netsnmp_set_request_error(reqinfo, r, rc);
}

/* ACTION: take the target, arm and verify the alarm. */
static void control_action(netsnmp_agent_request_info *reqinfo, const struct control_set *set,
			   uint64_t txn)
{
	int rc;

	if (set->target_req) {
		undo.txn = txn;
		undo.old_target = agent_power_target();
		agent_power_set_target(set->target);
	}
	if (set->duration_req) {
		rc = agent_power_arm((unsigned)set->duration, txn);
		if (rc != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(reqinfo, set->duration_req, rc);
	}
}

static void control_undo(uint64_t txn)
{
	agent_power_undo(txn);
	if (undo.txn == txn)
		agent_power_set_target(undo.old_target);
	undo.txn = 0;
}

/* Answer a GET of object subid into vb. */
static void control_get(netsnmp_variable_list *vb, oid subid)
{
	switch (subid) {
	case CT_TARGET: snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_power_target()); break;
	case CT_DURATION: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_power_duration()); break;
	case CT_MIN: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_cfg.dur_min); break;
	case CT_MAX: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_cfg.dur_max); break;
	}
}

static int control_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct control_set set = { 0 };
	uint64_t txn = control_txn(reqinfo);
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	/* After RESERVE1 the values are known to be well typed. */
	if (reqinfo->mode == MODE_SET_RESERVE2 || reqinfo->mode == MODE_SET_ACTION ||
	    reqinfo->mode == MODE_SET_COMMIT)
		control_collect(requests, &set);
	switch (reqinfo->mode) {
	case MODE_GET:
		for (r = requests; r; r = r->next)
			control_get(r->requestvb, control_subid(r));
		break;
	case MODE_SET_RESERVE1: control_reserve1(reqinfo, requests); break;
	case MODE_SET_RESERVE2: control_reserve2(reqinfo, &set); break;
	case MODE_SET_ACTION: control_action(reqinfo, &set, txn); break;
	case MODE_SET_UNDO: control_undo(txn); break;
	case MODE_SET_COMMIT:
		if (set.duration_req)
			agent_power_commit(txn);
		undo.txn = 0;
		break;
	case MODE_SET_FREE:
		if (undo.txn == txn)
			undo.txn = 0;
		break;
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_control_init(void)
{
	return agent_mib_register_group("hostPowerControl", control_handler, HP_ARC_CONTROL, 1,
					CT_MAX, HANDLER_CAN_RWRITE);
}
