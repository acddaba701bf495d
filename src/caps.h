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

/*
 * Probe the host under h into c. Missing or unreadable files answer "no"
 * with a reason ("sys/power/state: No such file or directory"); the probe
 * never fails as a whole.
 * S3: "mem" in power/state and "deep" in power/mem_sleep. s2idle: "freeze".
 * S4 (systemd's checks): "disk" in power/state; power/resume names a device
 * (not 0:0); no "noresume" on proc/cmdline; that device is an active swap of
 * proc/swaps (not zram, not deleted), its major:minor found by stat() of the
 * swap's path under the root (a block node's st_rdev, a swap file's st_dev)
 * or else from sys/class/block/<name>/dev; free swap >= 98% of Active(anon).
 * Hybrid: S3 and S4 and "suspend" in power/disk. RTC wake: wakealarm exists
 * and device/power/wakeup reads "enabled" (h->rtc, or the first such RTC in
 * version order: rtc2 before rtc10).
 */
void hp_caps_probe(const struct hp_host *h, struct hp_caps *c);

/* Can RTC name ("rtc0") wake the host: a wakealarm file, and
 * device/power/wakeup reading "enabled"? If not, reason (HP_WHY_MAX bytes)
 * says why. */
bool hp_caps_rtc_wakes(const struct hp_host *h, const char *name, char *reason);

/* Can the host enter target t, according to c? */
bool hp_caps_allows(const struct hp_caps *c, enum hp_target t);

/* Why c does not allow t ("" when it does). */
const char *hp_caps_why_not(const struct hp_caps *c, enum hp_target t);

/* The kernel word of a target ("mem", "disk", "hybrid", "freeze"), or NULL. */
const char *hp_target_name(enum hp_target t);

#endif
