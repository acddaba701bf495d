/*
 * caps.h -- what the host can really do. Probed from the kernel's files each
 * time it is asked (the agent keeps a short cache); every "no" has a reason.
 */
#ifndef HP_CAPS_H
#define HP_CAPS_H

#include <stdbool.h>
#include "host.h"
#include "target.h"

#define HP_WHY_MAX 160

/*
 * The capabilities, one line each: the index (HP_CAP_<id>), the name in the
 * capabilities XML, the name in the logs, the sleep target it allows (0 for
 * none) and libvirt's element for it in <power_management> (NULL for none).
 * HOST-POWER-MIB's hostPowerCapabilities scalars are numbered in this order
 * (agent/mib_caps.c names them, and does not build when one is missing).
 */
#define HP_CAPS_TABLE(X) \
	X(S3,       "s3",       "S3 (mem)",        HP_TARGET_MEM,    "suspend_mem")    \
	X(S4,       "s4",       "S4 (disk)",       HP_TARGET_DISK,   "suspend_disk")   \
	X(HYBRID,   "hybrid",   "hybrid sleep",    HP_TARGET_HYBRID, "suspend_hybrid") \
	X(S2IDLE,   "s2idle",   "s2idle (freeze)", HP_TARGET_FREEZE, NULL)             \
	X(RTC_WAKE, "rtc_wake", "RTC wake",        0,                NULL)             \
	X(SUSPEND_THEN_HIBERNATE, "suspend_then_hibernate", "suspend-then-hibernate", \
	  HP_TARGET_SUSPEND_THEN_HIBERNATE, NULL)

enum hp_cap {
#define HP_CAP_ENUM(id, ...) HP_CAP_##id,
	HP_CAPS_TABLE(HP_CAP_ENUM)
#undef HP_CAP_ENUM
	HP_CAP_COUNT
};

/* A row of HP_CAPS_TABLE. */
struct hp_cap_info {
	const char *name, *label;
	enum hp_target target;
	const char *libvirt;
};

/* Capability i's row (i < HP_CAP_COUNT). */
const struct hp_cap_info *hp_caps_info(enum hp_cap i);

/* One capability: there or not, and why not ("" when there), for logs and
 * hostPowerLastError ("mem_sleep has no 'deep' (s2idle only)"). */
struct hp_cap_state {
	bool ok;
	char why[HP_WHY_MAX];
};

struct hp_caps {
	struct hp_cap_state cap[HP_CAP_COUNT]; /* indexed by enum hp_cap */
	char rtc[HP_NAME_MAX]; /* the RTC that wakes the host ("rtc0"), "" if none */
};

/*
 * Probe the host under h into c. Missing or unreadable files answer "no"
 * with a reason ("sys/power/state: No such file or directory"); the probe
 * never fails as a whole.
 * S3: "mem" in power/state and "deep" in power/mem_sleep. s2idle: "freeze".
 * S4 (systemd's checks): no kernel lockdown (sys/kernel/security/lockdown
 * absent or "[none]"); "disk" in power/state; power/resume names a device
 * (not 0:0); no "noresume" on proc/cmdline; that device is an active swap of
 * proc/swaps (not zram, not deleted), its major:minor found by stat() of the
 * swap's path under the root (a block node's st_rdev, a swap file's st_dev)
 * or else from sys/class/block/<name>/dev; for a swap file,
 * power/resume_offset is where the file starts (hp_swapfile_check); free
 * swap >= 98% of Active(anon).
 * Hybrid: S3 and S4 and "suspend" in power/disk. RTC wake: wakealarm exists
 * and device/power/wakeup reads "enabled" (h->rtc, or the first such RTC in
 * version order: rtc2 before rtc10). Suspend-then-hibernate:
 * hp_caps_judge_suspend_then_hibernate.
 */
void hp_caps_probe(const struct hp_host *h, struct hp_caps *c);

/* Suspend-then-hibernate needs S3 and S4: when c has it but lacks either,
 * turn it off with the reason of the first missing ("needs S4: <its
 * reason>"); it never turns it on, so a refusal by someone else (logind)
 * stays. hp_caps_probe calls it; call it again after anything that turns S3
 * or S4 off (libvirt's document, logind's answers). */
void hp_caps_judge_suspend_then_hibernate(struct hp_caps *c);

/* Can RTC name ("rtc0") wake the host: a wakealarm file, and
 * device/power/wakeup reading "enabled"? If not, reason (HP_WHY_MAX bytes)
 * says why. */
bool hp_caps_rtc_wakes(const struct hp_host *h, const char *name, char *reason);

/* Can the host enter target t, according to c? */
bool hp_caps_allows(const struct hp_caps *c, enum hp_target t);

/* Why c does not allow t ("" when it does). */
const char *hp_caps_why_not(const struct hp_caps *c, enum hp_target t);

#endif
