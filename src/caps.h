/*
 * caps.h -- what the host can really do. Probed from the kernel's files each
 * time it is asked (the agent keeps a short cache); every "no" has a reason.
 */
#ifndef HP_CAPS_H
#define HP_CAPS_H

#include <stdbool.h>
#include "host.h"

/* Sleep targets, numbered as HostPowerTarget in HOST-POWER-MIB. */
enum hp_target {
	HP_TARGET_MEM = 1,
	HP_TARGET_DISK = 2,
	HP_TARGET_HYBRID = 3,
	HP_TARGET_FREEZE = 4,
	HP_TARGET_UNKNOWN = 5 /* only in event records */
};

#define HP_WHY_MAX 160

struct hp_caps {
	bool s3, s4, hybrid, s2idle, rtc_wake;
	/* Why each capability is missing, "" when present; for logs and
	 * hostPowerLastError ("mem_sleep has no 'deep' (s2idle only)"). */
	char s3_why[HP_WHY_MAX], s4_why[HP_WHY_MAX], hybrid_why[HP_WHY_MAX];
	char s2idle_why[HP_WHY_MAX], rtc_why[HP_WHY_MAX];
	char rtc[HP_NAME_MAX]; /* the RTC that wakes the host ("rtc0"), "" if none */
};

/* Probe the host under h into c. Missing or unreadable files answer "no"
 * with a reason; the probe never fails as a whole. */
void hp_caps_probe(const struct hp_host *h, struct hp_caps *c);

/* Can the host enter target t, according to c? */
bool hp_caps_allows(const struct hp_caps *c, enum hp_target t);

/* Why c does not allow t ("" when it does). */
const char *hp_caps_why_not(const struct hp_caps *c, enum hp_target t);

/* The kernel word of a target ("mem", "disk", "hybrid", "freeze"), or NULL. */
const char *hp_target_name(enum hp_target t);

#endif
