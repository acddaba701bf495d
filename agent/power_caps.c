/* power_caps.c -- the capabilities, probed at most every few seconds. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "capsxml.h"
#include "power_int.h"
#include "power_logind.h"
#include "rtc.h"
#include "settings.h"

/* Monotonic seconds (for the cache; immune to clock steps). */
static time_t power_now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1; /* never 0 */
}

int agent_caps_probe(const struct hp_host *h, struct hp_caps *c, struct hp_err *err)
{
	hp_caps_probe(h, c);
	hp_err_clear(err);
	if (!agent_cfg.libvirt_caps[0])
		return 0;
	return hp_capsxml_load_libvirt(agent_cfg.libvirt_caps, c, err);
}

/* Probe the host (and libvirt's document when configured) into the cache;
 * log what became unavailable, once. */
void power_probe(void)
{
	struct hp_caps *c = &pw.cache.caps, *old = &pw.cache.logged;
	struct hp_err err;
	enum hp_cap i;

	agent_caps_probe(&pw.host, c, &err);
	if (strcmp(err.msg, pw.cache.libvirt_err) != 0 && err.msg[0])
		snmp_log(LOG_WARNING, "libvirtCapabilities %s: %s\n", agent_cfg.libvirt_caps, err.msg);
	strcpy(pw.cache.libvirt_err, err.msg);
	agent_logind_filter_caps(c);
	hp_caps_judge_suspend_then_hibernate(c); /* logind may have said no to S3 or S4 */
	for (i = 0; i < HP_CAP_COUNT; i++)
		if (!c->cap[i].ok && strcmp(c->cap[i].why, old->cap[i].why) != 0)
			snmp_log(LOG_NOTICE, "%s not available: %s\n", hp_caps_info(i)->label,
				 c->cap[i].why);
	*old = *c;
	power_probe_reach();
	pw.cache.alarm = 0;
	if (c->rtc[0] && pw.ops->read(pw.ops, &pw.cache.alarm, NULL) != 1)
		pw.cache.alarm = 0;
	pw.cache.probed = power_now_mono();
}

const struct hp_caps *agent_power_caps(void)
{
	if (!pw.cache.probed || power_now_mono() - pw.cache.probed >= CAPS_TTL_S)
		power_probe();
	return &pw.cache.caps;
}

time_t agent_power_alarm(void)
{
	if (pw.fsm.state != HP_FSM_READY)
		return pw.alarm_at;
	agent_power_caps();
	return pw.cache.alarm;
}
