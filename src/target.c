/* target.c -- the names of the sleep targets. */
#include "config.h"

#include <stddef.h>

#include "target.h"

/* HostPowerTarget's labels in HOST-POWER-MIB, indexed by value. */
static const char *const names[] = {
	[HP_TARGET_MEM] = "mem",
	[HP_TARGET_DISK] = "disk",
	[HP_TARGET_HYBRID] = "hybrid",
	[HP_TARGET_FREEZE] = "freeze",
	[HP_TARGET_UNKNOWN] = "unknown",
	[HP_TARGET_SUSPEND_THEN_HIBERNATE] = "suspendThenHibernate",
};

const char *hp_target_record_name(enum hp_target t)
{
	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : NULL;
}

const char *hp_target_name(enum hp_target t)
{
	return t == HP_TARGET_UNKNOWN ? NULL : hp_target_record_name(t);
}

const char *hp_target_state_word(enum hp_target t)
{
	if (t == HP_TARGET_HYBRID)
		return "disk";
	return t >= HP_TARGET_MEM && t <= HP_TARGET_FREEZE ? names[t] : NULL;
}
