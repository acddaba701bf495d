/*
 * target.h -- the sleep targets and their names: the one table of them, for
 * the logs, the capabilities XML and the state file.
 */
#ifndef HP_TARGET_H
#define HP_TARGET_H

/* Sleep targets, numbered as HostPowerTarget in HOST-POWER-MIB. */
enum hp_target {
	HP_TARGET_MEM = 1,
	HP_TARGET_DISK = 2,
	HP_TARGET_HYBRID = 3,
	HP_TARGET_FREEZE = 4,
	HP_TARGET_UNKNOWN = 5, /* only in event records */
	HP_TARGET_SUSPEND_THEN_HIBERNATE = 6 /* mem, then disk after a delay */
};

/* The name of sleep target t ("mem", "disk", "hybrid", "freeze",
 * "suspendThenHibernate"); NULL for
 * HP_TARGET_UNKNOWN, which no sleep can have, and for any other value. */
const char *hp_target_name(enum hp_target t);

/* The name of t in an event record: hp_target_name's, or "unknown" for
 * HP_TARGET_UNKNOWN; NULL for any other value. */
const char *hp_target_record_name(enum hp_target t);

/* The word to write to power/state for t ("mem", "disk" for disk and
 * hybrid, "freeze"); NULL for a target that is no single kernel sleep
 * (suspendThenHibernate: two of them) and for any other value. */
const char *hp_target_state_word(enum hp_target t);

#endif
