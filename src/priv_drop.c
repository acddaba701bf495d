/* priv_drop.c -- give up root and capabilities for good. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "priv.h"

/* The capability sets of this thread into d; 0 or -errno. */
static int caps_get(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return syscall(SYS_capget, &hdr, d) < 0 ? -errno : 0;
}

/* Empty the bounding set, which needs CAP_SETPCAP; without it the set
 * stays, harmless under no_new_privs (nothing is ever executed). */
static int drop_bounding(struct hp_err *e)
{
	struct __user_cap_data_struct d[2];
	int cap, r;

	if (caps_get(d) < 0 || !(d[CAP_SETPCAP / 32].effective & (1u << (CAP_SETPCAP % 32))))
		return 0;
	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) >= 0; cap++)
		if (r == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return hp_err_set(e, errno, "cannot drop capability %d from the bounding "
					  "set: %s", cap, strerror(errno));
	return 0;
}

int hp_priv_drop_caps(struct hp_err *e)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int r;

	if ((r = drop_bounding(e)) < 0)
		return r;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return hp_err_set(e, errno, "cannot clear the ambient capabilities: %s",
				  strerror(errno));
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &hdr, d) < 0)
		return hp_err_set(e, errno, "cannot drop the capabilities: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return hp_err_set(e, errno, "cannot set no_new_privs: %s", strerror(errno));
	if ((r = caps_get(d)) < 0)
		return hp_err_set(e, -r, "cannot read the capabilities back: %s", strerror(-r));
	if (d[0].effective | d[0].permitted | d[0].inheritable |
	    d[1].effective | d[1].permitted | d[1].inheritable)
		return hp_err_set(e, EPERM, "capabilities remain after dropping them");
	return 0;
}

int hp_priv_drop_user(uid_t uid, gid_t gid, struct hp_err *e)
{
	int r;

	if (uid == 0 || gid == 0)
		return hp_err_set(e, EINVAL, "will not run the SNMP side with uid %u gid %u "
				  "(root)", (unsigned)uid, (unsigned)gid);
	/* While CAP_SETPCAP is still there. */
	if ((r = drop_bounding(e)) < 0)
		return r;
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
		return hp_err_set(e, errno, "cannot become uid %u gid %u: %s", (unsigned)uid,
				  (unsigned)gid, strerror(errno));
	if ((r = hp_priv_drop_caps(e)) < 0)
		return r;
	if (setresuid(0, 0, 0) == 0 || getgroups(0, NULL) != 0)
		return hp_err_set(e, EPERM, "root could be taken back after the drop");
	return 0;
}
