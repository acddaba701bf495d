/* t_caps.c -- the capability probe on every fake host profile, with reasons. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/sysmacros.h>

#include "caps.h"
#include "unit.h"

/* Capability id of struct hp_caps c: there? why not? */
#define OK(c, id) ((c).cap[HP_CAP_##id].ok)
#define WHY(c, id) ((c).cap[HP_CAP_##id].why)

#define SWAPS_HEAD "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

/* Expected answers: a NULL reason means "supported". */
struct want {
	const char *s3, *s4, *hybrid, *s2idle, *rtc;
	const char *rtc_name;
};

static void check(const char *what, const struct hp_caps *c, const struct want *w)
{
	const char *why[HP_CAP_COUNT] = {
		[HP_CAP_S3] = w->s3, [HP_CAP_S4] = w->s4, [HP_CAP_HYBRID] = w->hybrid,
		[HP_CAP_S2IDLE] = w->s2idle, [HP_CAP_RTC_WAKE] = w->rtc,
		/* Suspend-then-hibernate needs S3 and S4, as hybrid does, but
		 * not power/disk's 'suspend'. */
		[HP_CAP_SUSPEND_THEN_HIBERNATE] = w->hybrid && !strncmp(w->hybrid, "needs ", 6) ?
						  w->hybrid : NULL,
	};
	enum hp_cap i;

	for (i = 0; i < HP_CAP_COUNT; i++) {
		unit_ok(c->cap[i].ok == !why[i], "%s: %s %s", what, hp_caps_info(i)->label,
			why[i] ? "no" : "yes");
		unit_is_str(c->cap[i].why, why[i] ? why[i] : "", "%s: %s reason", what,
			    hp_caps_info(i)->label);
	}
	unit_is_str(c->rtc, w->rtc_name ? w->rtc_name : "", "%s: RTC name", what);
}

/* Probe profile (after an optional change to one file) and compare. */
static void profile(const char *name, const char *rel, const char *content,
		    const struct want *w)
{
	char *root = unit_fakeroot(name), what[128];
	struct hp_host h;
	struct hp_caps c;

	if (rel)
		unit_put(root, rel, content);
	snprintf(what, sizeof(what), "%s%s%s", name, rel ? " + " : "", rel ? rel : "");
	hp_host_init(&h, root, NULL, false);
	hp_caps_probe(&h, &c);
	check(what, &c, w);
	unit_rmroot(root);
}

static void test_profiles(void)
{
	const char *s2i = "power/mem_sleep has no 'deep' (it lists \"[s2idle]\")";

	profile("server", NULL, NULL, &(struct want){.rtc_name = "rtc0"});
	profile("armed", NULL, NULL, &(struct want){.rtc_name = "rtc0"});
	profile("laptop-s2idle", NULL, NULL,
		&(struct want){.s3 = s2i, .s4 = "power/state has no 'disk'",
			       .hybrid = "needs S3: power/mem_sleep has no 'deep' (it lists \"[s2idle]\")",
			       .rtc_name = "rtc0"});
	profile("no-resume", NULL, NULL,
		&(struct want){.s4 = "no resume device (power/resume is 0:0)", .hybrid = "needs S4: no resume device (power/resume is 0:0)",
			       .rtc_name = "rtc0"});
	profile("small-swap", NULL, NULL,
		&(struct want){.s4 = "swap /dev/vda free 1024 kB < Active(anon) 204800 kB",
			       .hybrid = "needs S4: swap /dev/vda free 1024 kB < Active(anon) 204800 kB",
			       .rtc_name = "rtc0"});
	profile("noresume", NULL, NULL,
		&(struct want){.s4 = "kernel command line has noresume",
			       .hybrid = "needs S4: kernel command line has noresume", .rtc_name = "rtc0"});
	profile("no-rtc", NULL, NULL,
		&(struct want){.rtc = "sys/class/rtc: No such file or directory"});
	profile("rtc-disabled", NULL, NULL,
		&(struct want){.rtc = "sys/class/rtc/rtc0/device/power/wakeup reads \"disabled\", "
				      "not \"enabled\""});
	profile("garbage", NULL, NULL,
		&(struct want){.s3 = "power/state has no 'mem'", .s4 = "power/state has no 'disk'",
			       .hybrid = "needs S3: power/state has no 'mem'",
			       .s2idle = "power/state has no 'freeze'",
			       .rtc = "sys/class/rtc/rtc0/device/power/wakeup reads \"#%&! junk 0:x:: [[ ]\", "
				      "not \"enabled\""});
	profile("empty", NULL, NULL,
		&(struct want){.s3 = "power/state has no 'mem'", .s4 = "power/state has no 'disk'",
			       .hybrid = "needs S3: power/state has no 'mem'",
			       .s2idle = "power/state has no 'freeze'",
			       .rtc = "sys/class/rtc/rtc0/device/power/wakeup reads \"\", not \"enabled\""});
}

/* One file of the server host changed at a time: each check on its own. */
static void test_single_files(void)
{
	profile("server", "sys/power/resume", "garbage\n",
		&(struct want){.s4 = "power/resume reads \"garbage\", not major:minor",
			       .hybrid = "needs S4: power/resume reads \"garbage\", not major:minor",
			       .rtc_name = "rtc0"});
	profile("server", "proc/meminfo", "MemTotal: 1 kB\njunk\n",
		&(struct want){.s4 = "proc/meminfo has no Active(anon)",
			       .hybrid = "needs S4: proc/meminfo has no Active(anon)", .rtc_name = "rtc0"});
	profile("server", "proc/swaps", SWAPS_HEAD "junk line\n",
		&(struct want){.s4 = "resume device 254:0 is not an active swap",
			       .hybrid = "needs S4: resume device 254:0 is not an active swap",
			       .rtc_name = "rtc0"});
	profile("server", "proc/swaps", SWAPS_HEAD,
		&(struct want){.s4 = "resume device 254:0 is not an active swap",
			       .hybrid = "needs S4: resume device 254:0 is not an active swap",
			       .rtc_name = "rtc0"});
	/* 98% of 204800 kB is 200704 kB: the margin is a boundary. */
	profile("server", "proc/swaps", SWAPS_HEAD "/dev/vda partition 200704 0 -2\n",
		&(struct want){.rtc_name = "rtc0"});
	profile("server", "proc/swaps", SWAPS_HEAD "/dev/vda partition 300000 99297 -2\n",
		&(struct want){.s4 = "swap /dev/vda free 200703 kB < Active(anon) 204800 kB",
			       .hybrid = "needs S4: swap /dev/vda free 200703 kB < Active(anon) 204800 kB",
			       .rtc_name = "rtc0"});
	profile("server", "proc/swaps", SWAPS_HEAD "/dev/vdb partition 4194300 0 -2\n",
		&(struct want){.s4 = "resume device 254:0 is not an active swap",
			       .hybrid = "needs S4: resume device 254:0 is not an active swap",
			       .rtc_name = "rtc0"});
	profile("server", "sys/power/disk", "[platform] shutdown reboot\n",
		&(struct want){.hybrid = "power/disk has no 'suspend'", .rtc_name = "rtc0"});
	profile("server", "sys/power/mem_sleep", "s2idle shallow\n",
		&(struct want){.s3 = "power/mem_sleep has no 'deep' (it lists \"s2idle shallow\")",
			       .hybrid = "needs S3: power/mem_sleep has no 'deep' (it lists \"s2idle shallow\")",
			       .rtc_name = "rtc0"});
	profile("server", "sys/power/state", "freeze disk\n",
		&(struct want){.s3 = "power/state has no 'mem'",
			       .hybrid = "needs S3: power/state has no 'mem'", .rtc_name = "rtc0"});
	profile("server", "proc/cmdline", "ro noresumex resume=/dev/vda\n",
		&(struct want){.rtc_name = "rtc0"});
}

static void probe_root(char *root, const char *rtc, struct hp_caps *c)
{
	struct hp_host h;

	hp_host_init(&h, root, rtc, false);
	hp_caps_probe(&h, c);
}

static void test_missing_files(void)
{
	char *root = unit_fakeroot("server"), path[4096];
	const char *nostate = "sys/power/state: No such file or directory";
	struct hp_caps c;

	snprintf(path, sizeof(path), "%s/sys/power/mem_sleep", root);
	remove(path);
	probe_root(root, NULL, &c);
	unit_is_str(WHY(c, S3), "sys/power/mem_sleep: No such file or directory",
		    "missing mem_sleep: S3 reason names the file");
	unit_ok(OK(c, S4) && OK(c, S2IDLE) && !OK(c, HYBRID), "missing mem_sleep: S4 and s2idle stay");
	snprintf(path, sizeof(path), "%s/sys/power/state", root);
	remove(path);
	probe_root(root, NULL, &c);
	check("missing power/state", &c,
	      &(struct want){.s3 = nostate, .s4 = nostate, .s2idle = nostate,
			     .hybrid = "needs S3: sys/power/state: No such file or directory",
			     .rtc_name = "rtc0"});
	unit_rmroot(root);
}

/* The swap behind the resume device, found in its other ways. */
static void test_swap_kinds(void)
{
	char *root = unit_fakeroot("server"), buf[256], path[4096];
	struct hp_caps c;
	struct stat st;

	/* A swap file: its device is the filesystem's, st_dev. */
	unit_put(root, "swapfile", "");
	snprintf(path, sizeof(path), "%s/swapfile", root);
	stat(path, &st);
	snprintf(buf, sizeof(buf), "%u:%u\n", major(st.st_dev), minor(st.st_dev));
	unit_put(root, "sys/power/resume", buf);
	unit_put(root, "proc/swaps", SWAPS_HEAD "/swapfile file 4194300 0 -3\n");
	/* An empty file has no extent: its place is unknown, and a resume_offset
	 * other than 0 is trusted (test_swapfile checks the offsets). */
	unit_put(root, "sys/power/resume_offset", "4096\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4), "a swap file on the resume device is resumable (%s)", WHY(c, S4));
	unit_put(root, "proc/swaps", SWAPS_HEAD "/swapfile\\040(deleted) file 4194300 0 -3\n");
	probe_root(root, NULL, &c);
	snprintf(buf, sizeof(buf), "resume device %u:%u is not an active swap", major(st.st_dev),
		 minor(st.st_dev));
	unit_is_str(WHY(c, S4), buf, "a deleted swap file is not");

	/* zram has a block device number but does not survive power-off. */
	unit_put(root, "sys/power/resume", "252:0\n");
	unit_put(root, "sys/class/block/zram0/dev", "252:0\n");
	unit_put(root, "proc/swaps", SWAPS_HEAD "/dev/zram0 partition 4194300 0 100\n");
	probe_root(root, NULL, &c);
	unit_is_str(WHY(c, S4), "resume device 252:0 is zram swap /dev/zram0 (lost at power-off)",
		    "zram swap is refused");

	/* A device node under the root is the truth when it exists. */
	snprintf(path, sizeof(path), "%s/dev", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/vdx", root);
	if (mknod(path, S_IFBLK | 0600, makedev(254, 16)) == 0) {
		unit_put(root, "sys/power/resume", "254:16\n");
		unit_put(root, "proc/swaps", SWAPS_HEAD "/dev/vdx partition 4194300 0 -2\n");
		probe_root(root, NULL, &c);
		unit_ok(OK(c, S4), "a block node under the root gives the swap's number (%s)", WHY(c, S4));
	} else {
		unit_ok(true, "# SKIP mknod not permitted here");
	}
	unit_rmroot(root);
}

/* The S4 and hybrid reasons when S4 fails for reason r. */
static void want_s4(const struct hp_caps *c, const char *what, const char *r)
{
	char hybrid[HP_WHY_MAX];

	snprintf(hybrid, sizeof(hybrid), "needs S4: %s", r);
	unit_ok(!OK(*c, S4) && !OK(*c, HYBRID), "%s: S4 and hybrid no", what);
	unit_is_str(WHY(*c, S4), r, "%s: S4 reason", what);
	unit_is_str(WHY(*c, HYBRID), hybrid, "%s: hybrid reason", what);
}

static void test_lockdown(void)
{
	const char *integrity = "sys/kernel/security/lockdown: [integrity]: "
				"the kernel refuses hibernation under lockdown";
	char *root;
	struct hp_caps c;

	profile("lockdown-none", NULL, NULL, &(struct want){.rtc_name = "rtc0"});
	profile("lockdown-integrity", NULL, NULL,
		&(struct want){.s4 = integrity, .hybrid = "needs S4: sys/kernel/security/lockdown: "
				"[integrity]: the kernel refuses hibernation under lockdown",
			       .rtc_name = "rtc0"});
	profile("lockdown-confidentiality", NULL, NULL,
		&(struct want){.s4 = "sys/kernel/security/lockdown: [confidentiality]: "
				     "the kernel refuses hibernation under lockdown",
			       .hybrid = "needs S4: sys/kernel/security/lockdown: [confidentiality]: "
					 "the kernel refuses hibernation under lockdown",
			       .rtc_name = "rtc0"});
	root = unit_fakeroot("lockdown-integrity");
	/* Lockdown alone refuses, even where power/state lists disk. */
	unit_put(root, "sys/power/state", "freeze mem disk\n");
	probe_root(root, NULL, &c);
	want_s4(&c, "integrity with disk in power/state", integrity);
	unit_ok(OK(c, S3) && OK(c, S2IDLE), "lockdown leaves S3 and s2idle");
	/* No level selected: nothing to go by; power/state judges. */
	unit_put(root, "sys/kernel/security/lockdown", "none integrity confidentiality\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4), "a lockdown file without [level] does not refuse (%s)", WHY(c, S4));
	unit_put(root, "sys/kernel/security/lockdown", "[none]\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4), "[none] does not refuse (%s)", WHY(c, S4));
	unit_rmroot(root);
	/* An unreadable lockdown file is a reason, not "no lockdown". */
	root = unit_fakeroot("server");
	unit_put(root, "sys/kernel/security/lockdown/x", "");
	probe_root(root, NULL, &c);
	want_s4(&c, "lockdown a directory", "sys/kernel/security/lockdown: Is a directory");
	unit_rmroot(root);
}

/* The page fakeroot.sh found for root's /swapfile (filefrag), or -1 with why
 * (why_len bytes) when this file system has no FIEMAP. */
static long long swapfile_page(const char *root, char *why, size_t why_len)
{
	char *s = unit_get(root, "swapfile.page"), *end;
	long long page = -1;

	if (s && (page = strtoll(s, &end, 10)) >= 0 && end != s && *end == '\n')
		why[0] = '\0';
	else
		snprintf(why, why_len, "%.*s", s ? (int)strcspn(s, "\n") : 16,
			 s ? s : "no swapfile.page"), page = -1;
	free(s);
	return page;
}

/* Swap files: resume_offset against where the file really starts. */
static void test_swapfile(void)
{
	char *root = unit_fakeroot("swapfile"), why[256], r[HP_WHY_MAX], buf[4096];
	long long page = swapfile_page(root, why, sizeof(why));
	struct hp_caps c;

	if (page < 0) {
		unit_ok(true, "# SKIP no FIEMAP in %s: %s", root, why);
		unit_rmroot(root);
		return;
	}
	unit_diag("the fake root's /swapfile starts at page %lld (filefrag)", page);
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4) && OK(c, HYBRID), "resume_offset %lld, where the file starts: S4 (%s)",
		page, WHY(c, S4));
	snprintf(buf, sizeof(buf), "%lld\n", page + 1);
	unit_put(root, "sys/power/resume_offset", buf);
	snprintf(r, sizeof(r), "swap file /swapfile starts at page %lld, "
		 "sys/power/resume_offset says %lld", page, page + 1);
	probe_root(root, NULL, &c);
	want_s4(&c, "resume_offset one page off", r);
	unit_put(root, "sys/power/resume_offset", "-1\n");
	probe_root(root, NULL, &c);
	want_s4(&c, "resume_offset -1", "sys/power/resume_offset reads \"-1\", not a number");
	snprintf(buf, sizeof(buf), "%s/sys/power/resume_offset", root);
	remove(buf);
	unit_put(root, "sys/power/resume_offset/x", "");
	probe_root(root, NULL, &c);
	want_s4(&c, "resume_offset unreadable", "sys/power/resume_offset: Is a directory");
	unit_rmroot(root);

	root = unit_fakeroot("swapfile-wrong");
	snprintf(r, sizeof(r), "swap file /swapfile starts at page %lld, "
		 "sys/power/resume_offset says 0", swapfile_page(root, why, sizeof(why)));
	probe_root(root, NULL, &c);
	want_s4(&c, "swapfile-wrong", r);
	/* A partition's resume_offset is not looked at. */
	unit_put(root, "sys/power/resume", "254:0\n");
	unit_put(root, "proc/swaps", SWAPS_HEAD "/dev/vda partition 4194300 0 -2\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4), "a swap partition with resume_offset 0 (%s)", WHY(c, S4));
	unit_rmroot(root);
}

/* A file system without FIEMAP (tmpfs): resume_offset is trusted unless 0. */
static void test_swapfile_no_fiemap(void)
{
	const char *tmp = getenv("TMPDIR");
	char *saved = tmp ? strdup(tmp) : NULL, *root, why[256];
	struct hp_caps c;
	struct statfs fs;

	if (statfs("/dev/shm", &fs) < 0 || fs.f_type != TMPFS_MAGIC) {
		unit_ok(true, "# SKIP no tmpfs at /dev/shm to show a file system without FIEMAP");
		free(saved);
		return;
	}
	setenv("TMPDIR", "/dev/shm", 1);
	root = unit_fakeroot("swapfile");
	saved ? setenv("TMPDIR", saved, 1) : unsetenv("TMPDIR");
	free(saved);
	unit_ok(swapfile_page(root, why, sizeof(why)) < 0, "tmpfs has no FIEMAP (%s)", why);
	probe_root(root, NULL, &c);
	want_s4(&c, "no FIEMAP, resume_offset 0",
		"swap file /swapfile: sys/power/resume_offset is 0, where no file starts "
		"(/swapfile: FIEMAP: Operation not supported)");
	unit_put(root, "sys/power/resume_offset", "34816\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, S4), "no FIEMAP: resume_offset 34816 is trusted (%s)", WHY(c, S4));
	unit_rmroot(root);
}

static void test_rtc_choice(void)
{
	char *root = unit_fakeroot("rtc-disabled");
	struct hp_caps c;

	unit_put(root, "sys/class/rtc/rtc1/wakealarm", "");
	unit_put(root, "sys/class/rtc/rtc1/device/power/wakeup", "enabled\n");
	probe_root(root, NULL, &c);
	unit_ok(OK(c, RTC_WAKE), "a second usable RTC wakes the host");
	unit_is_str(c.rtc, "rtc1", "the first usable RTC in name order is chosen");
	unit_is_str(WHY(c, RTC_WAKE), "", "no reason when one is usable");
	probe_root(root, "rtc0", &c);
	unit_ok(!OK(c, RTC_WAKE), "a configured RTC is the only one looked at");
	unit_is_str(c.rtc, "", "no RTC name when the configured one is unusable");
	probe_root(root, "rtc7", &c);
	unit_is_str(WHY(c, RTC_WAKE), "sys/class/rtc/rtc7/wakealarm: No such file or directory",
		    "a configured RTC that is not there");
	unit_put(root, "sys/class/rtc/rtc10/wakealarm", "");
	unit_put(root, "sys/class/rtc/rtc10/device/power/wakeup", "enabled\n");
	unit_put(root, "sys/class/rtc/rtc2/wakealarm", "");
	unit_put(root, "sys/class/rtc/rtc2/device/power/wakeup", "enabled\n");
	unit_put(root, "sys/class/rtc/rtc1/device/power/wakeup", "disabled\n");
	probe_root(root, NULL, &c);
	unit_is_str(c.rtc, "rtc2", "rtc2 comes before rtc10");
	unit_rmroot(root);
}

static void test_reprobe_and_maps(void)
{
	char *root = unit_fakeroot("server");
	struct hp_caps c;

	probe_root(root, NULL, &c);
	unit_ok(OK(c, S3), "S3 before the change");
	unit_put(root, "sys/power/mem_sleep", "[s2idle]\n");
	probe_root(root, NULL, &c);
	unit_ok(!OK(c, S3), "each probe reads the files again");

	unit_ok(!hp_caps_allows(&c, HP_TARGET_MEM) && hp_caps_allows(&c, HP_TARGET_DISK) &&
		!hp_caps_allows(&c, HP_TARGET_HYBRID) && hp_caps_allows(&c, HP_TARGET_FREEZE),
		"allows maps targets to capabilities");
	unit_ok(!hp_caps_allows(&c, HP_TARGET_UNKNOWN), "unknown target is never allowed");
	unit_is_str(hp_caps_why_not(&c, HP_TARGET_MEM), WHY(c, S3), "why_not mem is the S3 reason");
	unit_is_str(hp_caps_why_not(&c, HP_TARGET_HYBRID), WHY(c, HYBRID), "why_not hybrid");
	unit_is_str(hp_caps_why_not(&c, HP_TARGET_FREEZE), "", "why_not of an allowed target");
	unit_is_str(hp_caps_why_not(&c, 0), "not a sleep target", "why_not of a non-target");
	unit_ok(!hp_caps_allows(&c, HP_TARGET_SUSPEND_THEN_HIBERNATE),
		"suspendThenHibernate maps to its capability (off without S3)");
	c.cap[HP_CAP_S3].ok = true;
	c.cap[HP_CAP_S4].ok = false;
	snprintf(c.cap[HP_CAP_S4].why, HP_WHY_MAX, "libvirt does not list suspend_disk");
	hp_caps_judge_suspend_then_hibernate(&c);
	unit_ok(strstr(WHY(c, SUSPEND_THEN_HIBERNATE), "needs S3:") != NULL,
		"judged again: an earlier refusal keeps its reason");
	c.cap[HP_CAP_SUSPEND_THEN_HIBERNATE].ok = true;
	hp_caps_judge_suspend_then_hibernate(&c);
	unit_ok(!OK(c, SUSPEND_THEN_HIBERNATE), "judged again: S4 turned off turns it off");
	unit_is_str(WHY(c, SUSPEND_THEN_HIBERNATE), "needs S4: libvirt does not list suspend_disk",
		    "with S4's reason");
	c.cap[HP_CAP_S4].ok = true;
	hp_caps_judge_suspend_then_hibernate(&c);
	unit_ok(!OK(c, SUSPEND_THEN_HIBERNATE), "judged again: never turned back on");
	unit_is_str(hp_target_name(HP_TARGET_MEM), "mem", "name mem");
	unit_is_str(hp_target_name(HP_TARGET_DISK), "disk", "name disk");
	unit_is_str(hp_target_name(HP_TARGET_HYBRID), "hybrid", "name hybrid");
	unit_is_str(hp_target_name(HP_TARGET_FREEZE), "freeze", "name freeze");
	unit_ok(hp_target_name(HP_TARGET_UNKNOWN) == NULL, "no kernel word for unknown");
	unit_is_str(hp_target_record_name(HP_TARGET_UNKNOWN), "unknown", "record name of unknown");
	unit_is_str(hp_target_record_name(HP_TARGET_DISK), "disk", "record name of disk");
	unit_is_str(hp_target_name(HP_TARGET_SUSPEND_THEN_HIBERNATE), "suspendThenHibernate",
		    "name suspendThenHibernate");
	unit_ok(!hp_target_record_name(0) && !hp_target_record_name(7) && !hp_target_name(7),
		"no name outside HostPowerTarget");
	unit_ok(!strcmp(hp_target_state_word(HP_TARGET_HYBRID), "disk") &&
		!strcmp(hp_target_state_word(HP_TARGET_FREEZE), "freeze") &&
		!hp_target_state_word(HP_TARGET_SUSPEND_THEN_HIBERNATE) &&
		!hp_target_state_word(HP_TARGET_UNKNOWN),
		"kernel words: hybrid writes disk; no single word for suspendThenHibernate");
	unit_rmroot(root);
}

/* The table: each sleep target has its one capability (its state answers
 * allows and why_not), and the RTC wake allows none. */
static void test_table(void)
{
	static const char *const want[] = {
		[HP_TARGET_MEM] = "s3", [HP_TARGET_DISK] = "s4", [HP_TARGET_HYBRID] = "hybrid",
		[HP_TARGET_FREEZE] = "s2idle",
	};
	char expect[HP_WHY_MAX];
	const char *target;
	struct hp_caps c;
	enum hp_target t;
	enum hp_cap i;

	for (i = 0; i < HP_CAP_COUNT; i++) {
		memset(&c, 0, sizeof(c));
		c.cap[i].ok = true;
		for (t = HP_TARGET_MEM; t <= HP_TARGET_FREEZE; t++)
			if (hp_caps_allows(&c, t) != !strcmp(want[t], hp_caps_info(i)->name))
				break;
		target = hp_target_name(hp_caps_info(i)->target);
		unit_ok(t > HP_TARGET_FREEZE, "%s alone allows %s", hp_caps_info(i)->name,
			target ? target : "no target");
	}
	memset(&c, 0, sizeof(c));
	for (i = 0; i < HP_CAP_COUNT; i++)
		snprintf(c.cap[i].why, HP_WHY_MAX, "no %s", hp_caps_info(i)->name);
	for (t = HP_TARGET_MEM; t <= HP_TARGET_FREEZE; t++) {
		snprintf(expect, sizeof(expect), "no %s", want[t]);
		unit_is_str(hp_caps_why_not(&c, t), expect, "why_not %s", hp_target_name(t));
	}
}

int main(void)
{
	test_profiles();
	test_single_files();
	test_missing_files();
	test_swap_kinds();
	test_lockdown();
	test_swapfile();
	test_swapfile_no_fiemap();
	test_rtc_choice();
	test_reprobe_and_maps();
	test_table();
	return unit_done();
}
