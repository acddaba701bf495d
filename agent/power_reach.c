/* power_reach.c -- how far ahead the RTC accepts a wake alarm (src/reach.h),
 * learnt once and kept; hostPowerSuspendDurationMax follows it. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "power_int.h"
#include "reach.h"
#include "settings.h"

/* The RTC's second and the wall clock's tick apart: an alarm at the very
 * edge of the reach may be counted a second farther by the driver. */
#define REACH_MARGIN_S 1

/* The alarm offset of a suspend of seconds (agent_power_arm), plus the
 * margin; at most UINT32_MAX (the offset an arm takes). */
static unsigned reach_offset(uint64_t seconds)
{
	uint64_t off = (uint64_t)agent_cfg.delay + 1 + seconds + REACH_MARGIN_S;

	return off > UINT32_MAX ? UINT32_MAX : (unsigned)off;
}

/* hostPowerSuspendDurationMax as pw.reach has it now. */
static unsigned reach_max(void)
{
	unsigned cut = reach_offset(0);

	/* Unknown, or all that was asked for taken: the RTC is no limit. */
	if (!pw.reach.s || pw.reach.s >= pw.reach.want)
		return agent_cfg.dur_max;
	if (pw.reach.s <= cut)
		return 0;
	return pw.reach.s - cut < agent_cfg.dur_max ? pw.reach.s - cut : agent_cfg.dur_max;
}

/* Milliseconds since start (monotonic). */
static long long reach_ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000LL + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* Probe up to want seconds into pw.reach and log the outcome (an unknown
 * reach once per reason). 0, or the probe's -errno. */
static int reach_probe(unsigned want, const char *name)
{
	char rtc[HP_NAME_MAX];
	struct timespec start;
	struct hp_err err;
	unsigned got = 0, arms = 0;
	int r;

	snprintf(rtc, sizeof(rtc), "%s", name); /* name may be pw.reach.rtc */
	clock_gettime(CLOCK_MONOTONIC, &start);
	r = hp_reach_probe(pw.ops, want, &got, &arms, &err);
	snprintf(pw.reach.rtc, sizeof(pw.reach.rtc), "%s", rtc);
	pw.reach.failed = r < 0 && r != -EBUSY;
	if (r < 0) {
		if (strcmp(err.msg, pw.reach.logged) != 0)
			snmp_log(LOG_NOTICE, "RTC %s: how far ahead it accepts a wake alarm is unknown "
				 "(%s): hostPowerSuspendDurationMax is suspendDurationMax, %u s\n",
				 rtc, err.msg, agent_cfg.dur_max);
		snprintf(pw.reach.logged, sizeof(pw.reach.logged), "%s", err.msg);
		return r;
	}
	pw.reach.s = got;
	pw.reach.logged[0] = '\0';
	snmp_log(got < want ? LOG_NOTICE : LOG_INFO, "RTC %s accepts wake alarms %s %u s ahead "
		 "(probed in %lld ms, %u arms): hostPowerSuspendDurationMax is %u s\n", rtc,
		 got < want ? "at most" : "at least", got, reach_ms_since(&start), arms,
		 reach_max());
	return 0;
}

void power_probe_reach(void)
{
	const struct hp_caps *c = &pw.cache.caps;
	unsigned want = reach_offset(agent_cfg.dur_max);

	/* New settings or another RTC: what was learnt is for the old. */
	if (want != pw.reach.want || strcmp(c->rtc, pw.reach.rtc) != 0) {
		pw.reach.want = want;
		pw.reach.s = 0;
		pw.reach.failed = false;
	}
	/* Only between suspends: during one the alarm is ours. */
	if (pw.reach.s || pw.reach.failed || !c->rtc[0] || pw.fsm.state != HP_FSM_READY)
		return;
	reach_probe(want, c->rtc);
}

unsigned agent_power_duration_max(void)
{
	agent_power_caps();
	return reach_max();
}

unsigned agent_power_rtc_reach(void)
{
	agent_power_caps();
	return pw.reach.s;
}

int agent_power_check_reach(unsigned long seconds)
{
	unsigned max;

	agent_power_caps();
	power_probe_reach();
	if (seconds <= (max = reach_max()))
		return 0;
	return power_refuse(SNMP_ERR_WRONGVALUE, "%lu s is too long: the RTC (%s) accepts alarms "
			    "at most %u s ahead, so with suspendDelay %u s the longest suspend is "
			    "%u s", seconds, pw.reach.rtc, pw.reach.s, agent_cfg.delay, max);
}

int power_arm_refused(int r, unsigned seconds)
{
	unsigned off = reach_offset(seconds) - REACH_MARGIN_S;

	/* The RTC took less than it was thought to: learn how much. */
	if (!hp_reach_refused(r) || (pw.reach.s && pw.reach.s < off) ||
	    reach_probe(off - 1, pw.reach.rtc[0] ? pw.reach.rtc : pw.cache.caps.rtc) < 0)
		return 0;
	return agent_power_check_reach(seconds);
}
