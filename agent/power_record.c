/* power_record.c -- what the power module records, and why it refuses. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "power_int.h"
#include "record.h"
#include "rtc.h"
#include "settings.h"

const char *agent_power_last_error(void)
{
	return pw.last_error;
}

/* Keep and log why a suspend was refused or failed; returns snmp_err. */
int power_refuse(int snmp_err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pw.last_error, sizeof(pw.last_error), fmt, ap);
	va_end(ap);
	snmp_log(LOG_WARNING, "suspend refused: %s\n", pw.last_error);
	return snmp_err;
}

const struct agent_selftest_status *agent_power_selftest_status(void)
{
	return &pw.selftest;
}

/* HP_FSM_DO_RECORD_SELFTEST: keep the result, record and notify it. */
void power_record_selftest(void)
{
	const struct hp_selftest *t = &pw.worker.test;
	struct hp_event ev = { .type = HP_EV_SELFTEST, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_MANAGER };
	bool passed = pw.worker.rc == 0 && t->passed;

	pw.selftest.result = passed ? AGENT_SELFTEST_PASSED : AGENT_SELFTEST_FAILED;
	pw.selftest.late_ms = (int32_t)t->late_ms;
	pw.selftest.when = time(NULL);
	if (passed)
		snprintf(ev.detail, sizeof(ev.detail), "RTC self-test passed: %s fired %lld ms "
			 "after its time", t->rtc, (long long)t->late_ms);
	else
		snprintf(ev.detail, sizeof(ev.detail), "RTC self-test failed: %.200s",
			 pw.worker.err.msg);
	snmp_log(passed ? LOG_NOTICE : LOG_ERR, "%s\n", ev.detail);
	if (!passed)
		snprintf(pw.last_error, sizeof(pw.last_error), "%s", ev.detail);
	pw.cache.probed = 0;
	agent_record_add(&ev);
}

/* Record ev of our suspend (its target and duration filled in). */
void power_record(enum hp_event_type type, time_t when, const char *detail)
{
	struct hp_event ev = { .type = type, .time = when, .requested_s = pw.duration,
			       .initiator = HP_INIT_MANAGER };

	if (type == HP_EV_RESUME)
		ev.measured_s = (uint32_t)((pw.worker.asleep_ms + 500) / 1000);
	power_sth_describe(&ev, detail);
	agent_record_add(&ev);
}

/* An accepted suspend failed or was dropped: say so everywhere. */
void power_record_failure(const char *why)
{
	snprintf(pw.last_error, sizeof(pw.last_error), "%s", why);
	snmp_log(LOG_ERR, "suspend to %s failed: %s\n", hp_target_name(pw.sleep_target), why);
	power_record(HP_EV_FAILURE, 0, why);
}

/* HP_FSM_DO_RECORD_EXTERNAL. */
void power_record_external(int64_t ms)
{
	struct hp_event ev = { .type = HP_EV_EXTERNAL, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_EXTERNAL };

	ev.measured_s = (uint32_t)((ms + 500) / 1000);
	snprintf(ev.detail, sizeof(ev.detail), "sleep not started by hostpowerd");
	snmp_log(LOG_NOTICE, "the host slept %u s (not started by hostpowerd)\n", ev.measured_s);
	pw.cache.probed = 0;
	agent_record_add(&ev);
}

/* A suspend was pending when the daemon last stopped: if its alarm is still
 * armed, record it as interrupted and (unless told to keep it) disarm it. */
void power_check_interrupted(void)
{
	struct hp_event ev = { .type = HP_EV_INTERRUPTED, .target = HP_TARGET_UNKNOWN,
			       .initiator = HP_INIT_AGENT };
	time_t want = agent_record_history()->pending_alarm, armed = 0;
	const struct hp_caps *c;
	struct hp_err err;
	char when[32];

	if (!want)
		return;
	c = agent_power_caps();
	hp_clock_format_utc(want, when, sizeof(when));
	if (!c->rtc[0] || pw.ops->read(pw.ops, &armed, &err) != 1 ||
	    llabs((long long)(armed - want)) > ALARM_SLACK_S) {
		snmp_log(LOG_INFO, "a suspend was pending at the last stop; its alarm (%s) is gone\n",
			 when);
		agent_record_set_pending(0);
		return;
	}
	if (!agent_cfg.keep_interrupted && pw.ops->disarm(pw.ops, &err) < 0)
		snmp_log(LOG_ERR, "cannot disarm the interrupted wake alarm: %s\n", err.msg);
	snprintf(ev.detail, sizeof(ev.detail), "interrupted: the agent stopped while a suspend "
		 "was pending; wake alarm for %s %s", when,
		 agent_cfg.keep_interrupted ? "kept" : "disarmed");
	snmp_log(LOG_WARNING, "%s\n", ev.detail);
	snprintf(pw.last_error, sizeof(pw.last_error), "%s", ev.detail);
	pw.cache.probed = 0;
	agent_record_set_pending(0);
	agent_record_add(&ev);
}
