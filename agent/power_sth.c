/* power_sth.c -- a suspend-then-hibernate carried out here (sysfs or
 * simulated): a suspend to RAM with the alarm at hibernateDelay, then, when
 * that alarm woke the host with time left, a hibernation with the alarm
 * armed again for the rest. logind does both phases itself
 * (SuspendThenHibernate): there none of this applies. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "power_int.h"
#include "power_logind.h"
#include "settings.h"
#include "sleep.h"

/* Is our suspend one whose phases are ours to carry out? */
static bool sth_here(void)
{
	return pw.sleep_target == HP_TARGET_SUSPEND_THEN_HIBERNATE &&
	       agent_logind_method() != AGENT_SLEEP_LOGIND;
}

time_t agent_power_end_time(void)
{
	return pw.fsm.state == HP_FSM_READY ? 0 : pw.end_at;
}

int power_sth_plan(void)
{
	unsigned span = hp_sleep_first_phase(agent_cfg.hibernate_delay, pw.duration);
	time_t go = pw.end_at - pw.duration, now = time(NULL), when;
	struct hp_err err;
	char msg[HP_ERR_MAX + 64];

	if (!sth_here() || pw.phase != 0)
		return 0;
	pw.phase = 1;
	/* The alarm armed for the whole duration is already the first one. */
	if (span == pw.duration) {
		snmp_log(LOG_NOTICE, "suspend-then-hibernate: hibernateDelay %u s is not shorter "
			 "than the %u s: a suspend to RAM\n", agent_cfg.hibernate_delay, pw.duration);
		return 0;
	}
	snmp_log(LOG_NOTICE, "suspend-then-hibernate: %u s in RAM, then hibernation for the "
		 "rest of %u s\n", span, pw.duration);
	if (pw.ops->arm(pw.ops, go + span > now ? (unsigned)(go + span - now) : 1, &when,
			&err) < 0) {
		snprintf(msg, sizeof(msg), "cannot arm the wake alarm for the suspend to RAM: %s",
			 err.msg);
		power_step(HP_FSM_EV_FAILED, 0, msg);
		return -1;
	}
	pw.alarm_at = when;
	return 0;
}

enum hp_target power_sth_worker_target(void)
{
	if (!sth_here())
		return pw.sleep_target;
	return pw.phase == 2 ? HP_TARGET_DISK : HP_TARGET_MEM;
}

void power_sth_describe(struct hp_event *ev, const char *detail)
{
	static const char *const what[] = { NULL, "suspend to RAM", "hibernation" };

	ev->target = pw.phase == 1 ? HP_TARGET_MEM : pw.phase == 2 ? HP_TARGET_DISK :
		     pw.sleep_target;
	if (!pw.phase)
		snprintf(ev->detail, sizeof(ev->detail), "%s", detail ? detail : "");
	else
		snprintf(ev->detail, sizeof(ev->detail), "suspend-then-hibernate phase %d (%s)%s%s",
			 pw.phase, what[pw.phase], detail && detail[0] ? ": " : "",
			 detail ? detail : "");
}

/* The first phase ended by the alarm with time left: record its end, arm
 * for the rest (verified) and schedule the hibernation; a failed arm is a
 * failure of the second phase: nothing hibernates. */
static void sth_hibernate(unsigned rest)
{
	unsigned actions = hp_fsm_step(&pw.fsm, HP_FSM_EV_HIBERNATE, 0);
	char msg[HP_ERR_MAX + 64];
	struct hp_err err;
	time_t when;

	if (!(actions & HP_FSM_DO_ARM)) { /* not ours to go on with */
		power_perform(actions, NULL);
		return;
	}
	if (actions & HP_FSM_DO_RECORD_PHASE)
		power_record(HP_EV_RESUME, 0, "woken by the RTC; hibernating for the rest");
	pw.phase = 2;
	if (pw.ops->arm(pw.ops, rest, &when, &err) < 0) {
		snprintf(msg, sizeof(msg), "cannot arm the wake alarm for the rest (%u s): %s; "
			 "not hibernating", rest, err.msg);
		power_step(HP_FSM_EV_FAILED, 0, msg);
		return;
	}
	pw.alarm_at = when;
	snmp_log(LOG_NOTICE, "suspend-then-hibernate: woken by the RTC, hibernating for the "
		 "rest (%u s)\n", rest);
	power_perform(actions & ~(HP_FSM_DO_ARM | HP_FSM_DO_RECORD_PHASE), NULL);
}

const char *power_sth_resumed(void)
{
	enum hp_sleep_next next;
	unsigned rest;

	if (!sth_here() || pw.phase != 1)
		return NULL;
	next = hp_sleep_after_mem(pw.alarm_at, pw.end_at, pw.worker.woke, time(NULL), &rest);
	if (next == HP_SLEEP_NEXT_HIBERNATE) {
		sth_hibernate(rest);
		return "";
	}
	return next == HP_SLEEP_NEXT_RESUME ? "woken before the alarm: not hibernating" :
	       "the duration is over: not hibernating";
}
