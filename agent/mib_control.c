/* mib_control.c -- hostPowerControl: the target, the duration or the wake
 * time of a suspend, its cancel, and their SET phases. */
#include "config.h"

#include "mib_control.h"
#include "mibutil.h"
#include "power.h"
#include "settings.h"

/* hostPowerControl.n */
enum {
	CT_TARGET = 1, CT_DURATION, CT_MIN, CT_MAX, CT_UNTIL, CT_CANCEL, CT_SELFTEST,
	CT_IGNORE_INHIBITORS, CT_HIBERNATE_DELAY, CT_LAST = CT_HIBERNATE_DELAY
};

#define TRUTH_TRUE 1
#define TRUTH_FALSE 2

/* What one SET PDU asks of this group. net-snmp may hand a PDU's varbinds
 * to the handler in several calls, so each phase looks at the whole PDU as
 * RESERVE1 collected it, and at its own call's requests for the errors. */
static struct control_req {
	uint64_t txn;            /* the transaction collected, 0 = none */
	bool target, duration, until, cancel, selftest, ignore_set;
	bool ignore;             /* hostPowerSuspendIgnoreInhibitors' new value */
	enum hp_target new_target;
	unsigned long seconds;   /* from the duration */
	time_t wake;             /* from hostPowerSuspendUntil */
} req;

/* What ACTION changed, for the UNDO of the same transaction. */
static struct {
	uint64_t txn;            /* 0 = nothing to undo */
	enum hp_target old_target;
	bool target_set, ignore_set, old_ignore;
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

/* Name of control object subid, for the log. */
static const char *control_name(oid subid)
{
	static const char *const names[CT_LAST + 1] = {
		NULL, "hostPowerSuspendTarget", "hostPowerSuspendDuration",
		"hostPowerSuspendDurationMin", "hostPowerSuspendDurationMax",
		"hostPowerSuspendUntil", "hostPowerSuspendCancel", "hostPowerRtcSelfTest",
		"hostPowerSuspendIgnoreInhibitors", "hostPowerSuspendHibernateDelay",
	};

	return subid <= CT_LAST ? names[subid] : "?";
}

/* The duration that makes the alarm ring at until: the alarm is armed for
 * now + suspendDelay + 1 + duration; 0 when until is too near or past. */
static unsigned long control_until_duration(time_t until)
{
	long long d = (long long)until - time(NULL) - agent_cfg.delay - 1;

	return d > 0 ? (unsigned long)d : 0;
}

/* This call's request for object subid, or NULL. */
static netsnmp_request_info *control_find(netsnmp_request_info *requests, oid subid)
{
	netsnmp_request_info *r;

	for (r = requests; r; r = r->next)
		if (control_subid(r) == subid)
			return r;
	return NULL;
}

/* RESERVE1 found vb (object subid) well formed: note it in the PDU's set. */
static void control_note(uint64_t txn, oid subid, const netsnmp_variable_list *vb)
{
	if (req.txn != txn)
		memset(&req, 0, sizeof(req));
	req.txn = txn;
	switch (subid) {
	case CT_TARGET:
		req.target = true;
		req.new_target = (enum hp_target)*vb->val.integer;
		break;
	case CT_DURATION:
		req.duration = true;
		req.seconds = *vb->val.integer;
		break;
	case CT_UNTIL:
		req.until = agent_mib_parse_dateandtime(vb->val.string, vb->val_len, &req.wake) == 0;
		break;
	case CT_CANCEL:
		req.cancel = true;
		break;
	case CT_SELFTEST:
		req.selftest = true;
		break;
	case CT_IGNORE_INHIBITORS:
		req.ignore_set = true;
		req.ignore = *vb->val.integer == TRUTH_TRUE;
		break;
	}
}

/* The target of the PDU's suspend: its own, or the current one. */
static enum hp_target control_target(void)
{
	return req.target ? req.new_target : agent_power_target();
}

/* The duration of the PDU's suspend, the wake time's counted from now. */
static unsigned long control_seconds(void)
{
	return req.until ? control_until_duration(req.wake) : req.seconds;
}

/* RESERVE1 of an Unsigned32 duration: within min..max and the RTC's reach. */
static int control_check_duration(netsnmp_variable_list *vb)
{
	int rc = netsnmp_check_vb_type_and_size(vb, ASN_UNSIGNED, sizeof(long));
	u_long v = rc == SNMP_ERR_NOERROR ? *(u_long *)vb->val.integer : 0;

	if (rc == SNMP_ERR_NOERROR && (v < agent_cfg.dur_min || v > agent_cfg.dur_max)) {
		snmp_log(LOG_WARNING, "SET hostPowerSuspendDuration refused: %lu is outside %u..%u\n",
			 v, agent_cfg.dur_min, agent_cfg.dur_max);
		rc = SNMP_ERR_WRONGVALUE;
	}
	return rc == SNMP_ERR_NOERROR ? agent_power_check_reach(v) : rc;
}

/* RESERVE1 of a wake time: a valid DateAndTime. Its range is judged at
 * RESERVE2, against the clock. */
static int control_check_until(netsnmp_variable_list *vb)
{
	time_t t;

	if (vb->type != ASN_OCTET_STR)
		return SNMP_ERR_WRONGTYPE;
	if (vb->val_len != 8 && vb->val_len != AGENT_DATEANDTIME_LEN)
		return SNMP_ERR_WRONGLENGTH;
	if (agent_mib_parse_dateandtime(vb->val.string, vb->val_len, &t) < 0) {
		snmp_log(LOG_WARNING, "SET hostPowerSuspendUntil refused: not a valid DateAndTime\n");
		return SNMP_ERR_WRONGVALUE;
	}
	return SNMP_ERR_NOERROR;
}

/* RESERVE1: the value of one varbind, by itself. */
static int control_check_value(oid subid, netsnmp_variable_list *vb)
{
	int rc;

	switch (subid) {
	case CT_TARGET:
		rc = netsnmp_check_vb_type_and_size(vb, ASN_INTEGER, sizeof(long));
		if (rc == SNMP_ERR_NOERROR && (*vb->val.integer < HP_TARGET_MEM ||
					       *vb->val.integer > HP_TARGET_SUSPEND_THEN_HIBERNATE ||
					       !hp_target_name((enum hp_target)*vb->val.integer))) {
			snmp_log(LOG_WARNING, "SET hostPowerSuspendTarget refused: %ld is not a target\n",
				 *vb->val.integer);
			rc = SNMP_ERR_WRONGVALUE;
		}
		return rc;
	case CT_DURATION:
		return control_check_duration(vb);
	case CT_UNTIL:
		return control_check_until(vb);
	case CT_CANCEL:
	case CT_SELFTEST:
		rc = netsnmp_check_vb_type_and_size(vb, ASN_INTEGER, sizeof(long));
		if (rc == SNMP_ERR_NOERROR && *vb->val.integer != TRUTH_TRUE) {
			snmp_log(LOG_WARNING, "SET %s refused: only true(1) may be written, not %ld\n",
				 control_name(subid), *vb->val.integer);
			rc = SNMP_ERR_WRONGVALUE;
		}
		return rc;
	case CT_IGNORE_INHIBITORS:
		rc = netsnmp_check_vb_type_and_size(vb, ASN_INTEGER, sizeof(long));
		if (rc == SNMP_ERR_NOERROR && *vb->val.integer != TRUTH_TRUE &&
		    *vb->val.integer != TRUTH_FALSE) {
			snmp_log(LOG_WARNING, "SET %s refused: %ld is not a TruthValue\n",
				 control_name(subid), *vb->val.integer);
			rc = SNMP_ERR_WRONGVALUE;
		}
		return rc;
	default:
		return SNMP_ERR_NOTWRITABLE;
	}
}

static void control_reserve1(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests,
			     uint64_t txn)
{
	netsnmp_request_info *r;
	int rc;

	for (r = requests; r; r = r->next) {
		rc = control_check_value(control_subid(r), r->requestvb);
		if (rc == SNMP_ERR_NOERROR)
			control_note(txn, control_subid(r), r->requestvb);
		else if (rc == SNMP_ERR_NOTWRITABLE)
			agent_mib_not_writable(reqinfo, r, control_name(control_subid(r)));
		else if (rc == SNMP_ERR_WRONGTYPE || rc == SNMP_ERR_WRONGLENGTH)
			snmp_log(LOG_WARNING, "SET refused: wrong type or length (0x%02x, %zu) for %s\n",
				 r->requestvb->type, r->requestvb->val_len,
				 control_name(control_subid(r)));
		if (rc != SNMP_ERR_NOERROR && rc != SNMP_ERR_NOTWRITABLE)
			netsnmp_set_request_error(reqinfo, r, rc);
	}
}

/* RESERVE2 of a wake time: ahead of now by min..max (plus the delay), and
 * within the RTC's reach. */
static int control_check_until_range(void)
{
	unsigned long secs = control_seconds();

	if (req.wake <= time(NULL)) {
		snmp_log(LOG_WARNING, "SET hostPowerSuspendUntil refused: the time is past\n");
		return SNMP_ERR_WRONGVALUE;
	}
	if (secs < agent_cfg.dur_min || secs > agent_cfg.dur_max) {
		snmp_log(LOG_WARNING, "SET hostPowerSuspendUntil refused: %lu s of sleep (after "
			 "suspendDelay) is outside %u..%u\n", secs, agent_cfg.dur_min,
			 agent_cfg.dur_max);
		return SNMP_ERR_WRONGVALUE;
	}
	return agent_power_check_reach(secs);
}

/* RESERVE2: this call's request that the PDU cannot have with the rest
 * (a wake time with a duration; a cancel or a self-test with anything), or
 * NULL. */
static netsnmp_request_info *control_conflict(netsnmp_request_info *requests)
{
	int others = req.target + req.duration + req.until + req.cancel + req.selftest;
	netsnmp_request_info *r = NULL;

	if (req.duration && req.until)
		r = control_find(requests, CT_UNTIL);
	if (!r && req.cancel && others > 1)
		r = control_find(requests, CT_CANCEL);
	if (!r && req.selftest && others > 1)
		r = control_find(requests, CT_SELFTEST);
	if (r)
		snmp_log(LOG_WARNING, "SET refused: %s cannot be set with the other objects of "
			 "this request\n", control_name(control_subid(r)));
	return r;
}

/* RESERVE2 of this call's suspend (sus) or target-only (tgt) request. */
static int control_check_suspend(netsnmp_request_info *sus)
{
	int rc = sus && req.until ? control_check_until_range() : SNMP_ERR_NOERROR;

	if (rc == SNMP_ERR_NOERROR)
		rc = agent_power_check(control_target(), (unsigned)control_seconds(),
				       req.duration || req.until, req.ignore_set ? req.ignore :
				       agent_power_ignore_inhibitors());
	return rc;
}

/* RESERVE2: can the host do it now? */
static void control_reserve2(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *sus = control_find(requests, CT_DURATION);
	netsnmp_request_info *tgt = control_find(requests, CT_TARGET);
	netsnmp_request_info *r;
	int rc;

	if (!sus)
		sus = control_find(requests, CT_UNTIL);
	if ((r = control_conflict(requests)) != NULL) {
		netsnmp_set_request_error(reqinfo, r, SNMP_ERR_INCONSISTENTVALUE);
		return;
	}
	if ((r = control_find(requests, CT_CANCEL)) != NULL) {
		if ((rc = agent_power_check_cancel()) != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(reqinfo, r, rc);
		return;
	}
	if ((r = control_find(requests, CT_SELFTEST)) != NULL) {
		if ((rc = agent_power_check_selftest()) != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(reqinfo, r, rc);
		return;
	}
	/* A target alone is judged here; with a suspend, by the suspend's call. */
	if (!sus && (!tgt || req.duration || req.until))
		return;
	rc = control_check_suspend(sus);
	r = rc == SNMP_ERR_INCONSISTENTVALUE && tgt ? tgt : sus ? sus : tgt;
	if (rc != SNMP_ERR_NOERROR)
		netsnmp_set_request_error(reqinfo, r, rc);
}

/* ACTION: take the target, arm and verify the alarm, or cancel. */
static void control_action(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests,
			   uint64_t txn)
{
	netsnmp_request_info *sus = control_find(requests, CT_DURATION);
	netsnmp_request_info *cancel = control_find(requests, CT_CANCEL);
	int rc = SNMP_ERR_NOERROR;

	if (!sus)
		sus = control_find(requests, CT_UNTIL);
	if (control_find(requests, CT_IGNORE_INHIBITORS)) {
		undo.txn = txn;
		undo.old_ignore = agent_power_ignore_inhibitors();
		undo.ignore_set = true;
		agent_power_set_ignore_inhibitors(req.ignore);
	}
	if (control_find(requests, CT_TARGET)) {
		undo.txn = txn;
		undo.target_set = true;
		undo.old_target = agent_power_target();
		agent_power_set_target(req.new_target);
	}
	if (sus)
		rc = agent_power_arm((unsigned)control_seconds(), txn);
	else if (cancel)
		rc = agent_power_cancel(txn);
	if (rc != SNMP_ERR_NOERROR)
		netsnmp_set_request_error(reqinfo, sus ? sus : cancel, rc);
}

static void control_undo(uint64_t txn)
{
	agent_power_undo(txn);
	if (undo.txn == txn && undo.ignore_set)
		agent_power_set_ignore_inhibitors(undo.old_ignore);
	if (undo.txn == txn && undo.target_set)
		agent_power_set_target(undo.old_target);
	memset(&undo, 0, sizeof(undo));
}

/* Answer a GET of object subid into vb. */
static void control_get(netsnmp_variable_list *vb, oid subid)
{
	u_char buf[AGENT_DATEANDTIME_LEN];
	time_t wake;

	switch (subid) {
	case CT_TARGET: snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_power_target()); break;
	case CT_DURATION: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_power_duration()); break;
	case CT_MIN: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_cfg.dur_min); break;
	case CT_MAX: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_power_duration_max()); break;
	case CT_UNTIL:
		wake = agent_power_state() == AGENT_READY ? 0 : agent_power_end_time();
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, buf, agent_mib_dateandtime(wake, buf));
		break;
	case CT_CANCEL: snmp_set_var_typed_integer(vb, ASN_INTEGER, TRUTH_FALSE); break;
	case CT_SELFTEST:
		snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_power_state() == AGENT_TESTING ?
					   TRUTH_TRUE : TRUTH_FALSE);
		break;
	case CT_IGNORE_INHIBITORS:
		snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_power_ignore_inhibitors() ?
					   TRUTH_TRUE : TRUTH_FALSE);
		break;
	case CT_HIBERNATE_DELAY:
		snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_cfg.hibernate_delay);
		break;
	}
}

/* COMMIT of this call's suspend or cancel, or the start of a self-test
 * (nothing to undo before it: it begins after the answer). */
static void control_commit(netsnmp_request_info *requests, uint64_t txn)
{
	if (control_find(requests, CT_DURATION) || control_find(requests, CT_UNTIL) ||
	    control_find(requests, CT_CANCEL))
		agent_power_commit(txn);
	else if (control_find(requests, CT_SELFTEST))
		agent_power_selftest();
}

/* FREE (or the end of a COMMIT): forget what the transaction left. */
static void control_free(uint64_t txn)
{
	if (undo.txn == txn)
		memset(&undo, 0, sizeof(undo));
	if (req.txn == txn)
		memset(&req, 0, sizeof(req));
}

static int control_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	uint64_t txn = control_txn(reqinfo);
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	switch (reqinfo->mode) {
	case MODE_GET:
		for (r = requests; r; r = r->next)
			control_get(r->requestvb, control_subid(r));
		break;
	case MODE_SET_RESERVE1: control_reserve1(reqinfo, requests, txn); break;
	case MODE_SET_RESERVE2: control_reserve2(reqinfo, requests); break;
	case MODE_SET_ACTION: control_action(reqinfo, requests, txn); break;
	case MODE_SET_UNDO: control_undo(txn); break;
	case MODE_SET_COMMIT: control_commit(requests, txn); break;
	case MODE_SET_FREE: control_free(txn); break;
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_control_init(void)
{
	return agent_mib_register_group("hostPowerControl", control_handler, HP_ARC_CONTROL, 1,
					CT_LAST, HANDLER_CAN_RWRITE);
}
