/* power_sleeps.c -- the sleeps as the host tells of them: logind's
 * announcements (PrepareForSleep) and answer, and the clock watch that sees
 * a sleep after the fact where there is no logind. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "notify.h"
#include "power_int.h"
#include "power_logind.h"
#include "record.h"
#include "rtc.h"

#define EXTERNAL_MIN_MS 1000     /* smallest sleep worth recording */

void power_logind_go(void)
{
	struct hp_err err;
	time_t when = 0;

	if (pw.ops->read(pw.ops, &when, &err) != 1 || when <= time(NULL)) {
		power_step(HP_FSM_EV_FAILED, 0, "the wake alarm is gone: not asking logind to sleep");
		return;
	}
	power_step(HP_FSM_EV_SLEEPING, 0, NULL);
	pw.go_offset_ms = hp_clock_sleep_offset_ms(&pw.host);
	if (agent_logind_sleep(pw.sleep_target, pw.ignore_inhibitors, &err) < 0)
		power_step(HP_FSM_EV_FAILED, 0, err.msg);
}

void power_logind_done(const struct hp_err *e)
{
	if (e->code && pw.fsm.state == HP_FSM_SUSPENDING)
		power_step(HP_FSM_EV_FAILED, 0, e->msg);
}

static void power_logind_release(void *arg)
{
	(void)arg;
	agent_logind_release();
}

void power_prepare(void)
{
	unsigned actions;

	agent_power_read(); /* a go already written comes first */
	actions = hp_fsm_step(&pw.fsm, HP_FSM_EV_PREPARE, 0);
	if (actions & HP_FSM_DO_RECORD_EXT_SUSPEND) {
		struct hp_event ev = { .type = HP_EV_SUSPEND, .target = HP_TARGET_UNKNOWN,
				       .initiator = HP_INIT_EXTERNAL };

		snprintf(ev.detail, sizeof(ev.detail), "sleep not started by hostpowerd, "
			 "announced by logind");
		snmp_log(LOG_NOTICE, "the host is going to sleep (not started by hostpowerd)\n");
		hp_clock_watch_reset(&pw.host, &pw.watch);
		agent_record_add(&ev);
	}
	/* Ours was notified at go; either way, hold logind until it is out. */
	agent_notify_then(power_logind_release, NULL, NOTIFY_WAIT_MS);
}

void power_wake(void)
{
	unsigned actions = hp_fsm_step(&pw.fsm, HP_FSM_EV_WAKE, 0);

	if (actions & HP_FSM_DO_RECORD_EXTERNAL)
		power_record_external(hp_clock_watch_check(&pw.host, &pw.watch, 0));
	if (actions & HP_FSM_DO_RECORD_RESUME)
		pw.worker.asleep_ms = hp_clock_sleep_offset_ms(&pw.host) - pw.go_offset_ms;
	power_perform(actions & ~HP_FSM_DO_RECORD_EXTERNAL, NULL);
}

void agent_power_set_ignore_inhibitors(bool on)
{
	pw.ignore_inhibitors = on;
}

bool agent_power_ignore_inhibitors(void)
{
	return pw.ignore_inhibitors;
}

void agent_power_watch(void)
{
	int64_t ms = hp_clock_watch_check(&pw.host, &pw.watch, EXTERNAL_MIN_MS);

	if (ms > 0 && (hp_fsm_step(&pw.fsm, HP_FSM_EV_EXTERNAL, 0) & HP_FSM_DO_RECORD_EXTERNAL))
		power_record_external(ms);
}
