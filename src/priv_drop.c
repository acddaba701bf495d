/* priv_drop.c -- give up root and capabilities for good; raise the one kept. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "priv.h"

/* capget or capset (nr) of this thread's sets, from or into d; 0 or -errno. */
static int caps_sys(long nr, struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return syscall(nr, &hdr, d) < 0 ? -errno : 0;
}

/* Is cap in the 64-bit mask keep? */
static bool kept(uint64_t keep, int cap)
{
	return cap < 64 && (keep >> cap & 1);
}

/* Empty the bounding set but keep, which needs CAP_SETPCAP; without it the
 * set stays, harmless under no_new_privs (nothing is ever executed). */
static int drop_bounding(uint64_t keep, struct hp_err *e)
{
	struct __user_cap_data_struct d[2];
	int cap, r;

	if (caps_sys(SYS_capget, d) < 0 ||
	    !(d[CAP_SETPCAP / 32].effective & (1u << (CAP_SETPCAP % 32))))
		return 0;
	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) >= 0; cap++)
		if (r == 1 && !kept(keep, cap) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return hp_err_set(e, errno, "cannot drop capability %d from the bounding "
					  "set: %s", cap, strerror(errno));
	return 0;
}

int hp_priv_drop_caps(uint64_t keep, struct hp_err *e)
{
	struct __user_cap_data_struct d[2];
	int r, i;

	if ((r = drop_bounding(keep, e)) < 0)
		return r;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return hp_err_set(e, errno, "cannot clear the ambient capabilities: %s",
				  strerror(errno));
	if ((r = caps_sys(SYS_capget, d)) < 0)
		return hp_err_set(e, -r, "cannot read the capabilities: %s", strerror(-r));
	for (i = 0; i < 2; i++) {
		d[i].permitted &= (uint32_t)(keep >> (32 * i));
		d[i].effective = d[i].inheritable = 0;
	}
	if ((r = caps_sys(SYS_capset, d)) < 0)
		return hp_err_set(e, -r, "cannot drop the capabilities: %s", strerror(-r));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return hp_err_set(e, errno, "cannot set no_new_privs: %s", strerror(errno));
	if ((r = caps_sys(SYS_capget, d)) < 0)
		return hp_err_set(e, -r, "cannot read the capabilities back: %s", strerror(-r));
	if (d[0].effective | d[0].inheritable | d[1].effective | d[1].inheritable |
	    (d[0].permitted & ~(uint32_t)keep) | (d[1].permitted & ~(uint32_t)(keep >> 32)))
		return hp_err_set(e, EPERM, "capabilities remain after dropping them");
	return 0;
}

int hp_priv_cap_effective(int cap, bool on, struct hp_err *e)
{
	struct __user_cap_data_struct d[2];
	uint32_t bit = 1u << (cap % 32);
	int r;

	if (cap < 0 || cap >= 64)
		return hp_err_set(e, EINVAL, "capability %d: no such capability", cap);
	if ((r = caps_sys(SYS_capget, d)) < 0)
		return hp_err_set(e, -r, "cannot read the capabilities: %s", strerror(-r));
	if (on && !(d[cap / 32].permitted & bit))
		return hp_err_set(e, EPERM, "capability %d is not permitted", cap);
	d[cap / 32].effective = on ? d[cap / 32].effective | bit : d[cap / 32].effective & ~bit;
	if ((r = caps_sys(SYS_capset, d)) < 0)
		return hp_err_set(e, -r, "cannot %s capability %d: %s", on ? "raise" : "lower", cap,
				  strerror(-r));
	return 0;
}

int hp_priv_drop_user(uid_t uid, gid_t gid, struct hp_err *e)
{
	int r;

	if (uid == 0 || gid == 0)
		return hp_err_set(e, EINVAL, "will not run the SNMP side with uid %u gid %u "
				  "(root)", (unsigned)uid, (unsigned)gid);
	/* While CAP_SETPCAP is still there. */
	if ((r = drop_bounding(0, e)) < 0)
		return r;
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
		return hp_err_set(e, errno, "cannot become uid %u gid %u: %s", (unsigned)uid,
				  (unsigned)gid, strerror(errno));
	if ((r = hp_priv_drop_caps(0, e)) < 0)
		return r;
	if (setresuid(0, 0, 0) == 0 || getgroups(0, NULL) != 0)
		return hp_err_set(e, EPERM, "root could be taken back after the drop");
	return 0;
}
