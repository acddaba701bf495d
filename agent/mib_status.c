/* mib_status.c -- the status scalars, from the state machine and the history. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mib_status.h"
#include "mibutil.h"
#include "notify.h"
#include "power.h"
#include "power_logind.h"
#include "record.h"
#include "text.h"

/* hostPowerStatus.n */
enum {
	ST_STATE = 1, ST_ALARM, ST_SUSPENDS, ST_RESUMES, ST_FAILURES, ST_LAST_SUSPEND,
	ST_LAST_RESUME, ST_LAST_SLEEP, ST_LAST_ERROR, ST_LAST_INDEX, ST_EXTERNALS, ST_DROPPED,
	ST_SELFTEST_RESULT, ST_SELFTEST_DELAY, ST_SELFTEST_TIME, ST_SLEEP_METHOD,
	ST_RTC_REACH,
	ST_LAST = ST_RTC_REACH
};

static const char *const status_names[] = {
	NULL, "hostPowerState", "hostPowerWakeAlarmTime", "hostPowerSuspendCount",
	"hostPowerResumeCount", "hostPowerFailureCount", "hostPowerLastSuspendTime",
	"hostPowerLastResumeTime", "hostPowerLastSleepSeconds", "hostPowerLastError",
	"hostPowerEventLastIndex", "hostPowerExternalSleepCount", "hostPowerNotificationsDropped",
	"hostPowerRtcSelfTestResult", "hostPowerRtcSelfTestDelay", "hostPowerRtcSelfTestTime",
	"hostPowerSleepMethod", "hostPowerRtcAlarmReach"
};

/* Answer a DateAndTime (zero-length for 0). */
static void status_time(netsnmp_variable_list *vb, time_t t)
{
	u_char buf[AGENT_DATEANDTIME_LEN];

	snmp_set_var_typed_value(vb, ASN_OCTET_STR, buf, agent_mib_dateandtime(t, buf));
}

/* Answer status object subid into vb. */
static void status_value(netsnmp_variable_list *vb, oid subid)
{
	const struct hp_history *h = agent_record_history();
	const struct hp_counters *n = &h->counters;
	const struct agent_selftest_status *t = agent_power_selftest_status();
	char err[256];

	switch (subid) {
	case ST_STATE: snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_power_state()); break;
	case ST_ALARM: status_time(vb, agent_power_alarm()); break;
	case ST_SUSPENDS: snmp_set_var_typed_integer(vb, ASN_COUNTER, n->suspends); break;
	case ST_RESUMES: snmp_set_var_typed_integer(vb, ASN_COUNTER, n->resumes); break;
	case ST_FAILURES: snmp_set_var_typed_integer(vb, ASN_COUNTER, n->failures); break;
	case ST_LAST_SUSPEND: status_time(vb, n->last_suspend); break;
	case ST_LAST_RESUME: status_time(vb, n->last_resume); break;
	case ST_LAST_SLEEP: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, n->last_sleep_s); break;
	case ST_LAST_ERROR:
		/* An SnmpAdminString: at most 255 octets of valid UTF-8. */
		snprintf(err, sizeof(err), "%s", agent_power_last_error());
		hp_text_sanitize(err, strlen(err), 0);
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, err, strlen(err));
		break;
	case ST_LAST_INDEX: snmp_set_var_typed_integer(vb, ASN_UNSIGNED, h->last_index); break;
	case ST_EXTERNALS: snmp_set_var_typed_integer(vb, ASN_COUNTER, n->externals); break;
	case ST_DROPPED:
		snmp_set_var_typed_integer(vb, ASN_COUNTER, agent_notify_dropped());
		break;
	case ST_SELFTEST_RESULT: snmp_set_var_typed_integer(vb, ASN_INTEGER, t->result); break;
	case ST_SELFTEST_DELAY: snmp_set_var_typed_integer(vb, ASN_INTEGER, t->late_ms); break;
	case ST_SELFTEST_TIME: status_time(vb, t->when); break;
	case ST_SLEEP_METHOD:
		snmp_set_var_typed_integer(vb, ASN_INTEGER, agent_logind_method());
		break;
	case ST_RTC_REACH:
		snmp_set_var_typed_integer(vb, ASN_UNSIGNED, agent_power_rtc_reach());
		break;
	}
}

static int status_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode == MODE_SET_RESERVE1)
		for (r = requests; r; r = r->next)
			agent_mib_not_writable(reqinfo, r,
					       status_names[AGENT_MIB_SCALAR_SUBID(r->requestvb)]);
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next)
		status_value(r->requestvb, AGENT_MIB_SCALAR_SUBID(r->requestvb));
	return SNMP_ERR_NOERROR;
}

/* Registered writable so that a SET is refused here, with a log line. */
int agent_mib_status_init(void)
{
	return agent_mib_register_group("hostPowerStatus", status_handler, HP_ARC_STATUS, 1,
					ST_LAST, HANDLER_CAN_RWRITE);
}
