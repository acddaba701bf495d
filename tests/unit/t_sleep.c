/* t_sleep.c -- entering sleep on fake hosts: the safety check, the simulated
 * sleep, injected failures, and the real path against a fake root. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rtc.h"
#include "sleep.h"
#include "unit.h"

#define ALARM "sys/class/rtc/rtc0/wakealarm"
#define KLOG "sim/kernel.log"

static bool file_is(const char *root, const char *rel, const char *want, const char *what)
{
	char *s = unit_get(root, rel);
	bool r = unit_is_str(s, want, "%s", what);

	free(s);
	return r;
}

static void test_refuses(void)
{
	char *root = unit_fakeroot("server"), buf[32];
	struct hp_host h;
	struct hp_err e;
	int64_t ms = -1;

	hp_host_init(&h, root, NULL, true);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_MEM, &ms, &e), -ETIME,
		    "no alarm armed: -ETIME");
	unit_is_str(e.msg, "no wake alarm armed on rtc0: not sleeping", "no alarm message");
	unit_ok(!unit_exists(root, KLOG), "power/state untouched (no kernel.log)");
	file_is(root, "sys/power/mem_sleep", "s2idle [deep]\n", "mem_sleep untouched");
	unit_is_int(ms, -1, "no time asleep reported");

	snprintf(buf, sizeof(buf), "%lld\n", (long long)time(NULL) - 10);
	unit_put(root, ALARM, buf);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_MEM, &ms, &e), -ETIME,
		    "alarm in the past: -ETIME");
	unit_is_str(e.msg, "wake alarm on rtc0 is not in the future: not sleeping", "past alarm message");
	unit_ok(!unit_exists(root, KLOG), "power/state untouched");
	file_is(root, ALARM, "0", "the past alarm is disarmed");

	/* Armed, then the RTC's wakeup disabled before the sleep: still refused. */
	snprintf(buf, sizeof(buf), "%lld\n", (long long)time(NULL) + 60);
	unit_put(root, ALARM, buf);
	unit_put(root, "sys/class/rtc/rtc0/device/power/wakeup", "disabled\n");
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_MEM, &ms, &e), -ETIME,
		    "armed alarm, wakeup disabled: -ETIME");
	unit_is_str(e.msg, "rtc0 cannot wake the host (sys/class/rtc/rtc0/device/power/wakeup "
		    "reads \"disabled\", not \"enabled\"): not sleeping", "wakeup disabled message");
	unit_ok(!unit_exists(root, KLOG), "power/state untouched");
	file_is(root, ALARM, "0", "the useless alarm is disarmed");
	unit_rmroot(root);

	root = unit_fakeroot("no-rtc");
	hp_host_init(&h, root, NULL, true);
	unit_is_int(hp_sleep_enter(&h, NULL, HP_TARGET_MEM, &ms, &e), -ETIME, "no RTC at all: -ETIME");
	unit_is_str(e.msg, "no RTC can wake the host (sys/class/rtc: No such file or directory): "
		    "not sleeping", "no RTC message");
	unit_ok(!unit_exists(root, KLOG), "power/state untouched");
	unit_rmroot(root);

	root = unit_fakeroot("server");
	hp_host_init(&h, root, NULL, true);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_UNKNOWN, &ms, &e), -EINVAL,
		    "unknown target: -EINVAL");
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_SUSPEND_THEN_HIBERNATE, &ms, &e), -EINVAL,
		    "suspendThenHibernate is no single kernel sleep: -EINVAL");
	unit_rmroot(root);
}

/* One simulated sleep of about 1-2 s; kernel.log must read want. */
static void sim_target(enum hp_target t, const char *disk, const char *want)
{
	char *root = unit_fakeroot("server"), what[64];
	const char *name = hp_target_name(t);
	struct hp_host h;
	struct hp_err e;
	int64_t ms = -1;
	time_t when;
	int r;

	if (disk)
		unit_put(root, "sys/power/disk", disk);
	hp_host_init(&h, root, NULL, true);
	hp_rtc_arm(&h, "rtc0", 2, &when, NULL);
	r = hp_sleep_enter(&h, NULL, t, &ms, &e);
	unit_is_int(r, 0, "simulated %s: woke", name);
	if (r < 0)
		unit_diag("%s", e.msg);
	snprintf(what, sizeof(what), "simulated %s: kernel writes in order", name);
	file_is(root, KLOG, want, what);
	snprintf(what, sizeof(what), "simulated %s: the fired alarm is empty", name);
	file_is(root, ALARM, "", what);
	unit_ok(ms >= 900 && ms <= 2600, "simulated %s: asleep %lld ms for a 2 s alarm", name,
		(long long)ms);
	file_is(root, "sys/power/state", "freeze mem disk\n", "the fake state file stays readable");
	unit_rmroot(root);
}

static void test_simulated(void)
{
	sim_target(HP_TARGET_MEM, NULL,
		   "power/mem_sleep deep\npower/wakeup_count 7\npower/state mem\n");
	sim_target(HP_TARGET_DISK, NULL,
		   "power/disk platform\npower/wakeup_count 7\npower/state disk\n");
	sim_target(HP_TARGET_DISK, "shutdown reboot\n",
		   "power/disk shutdown\npower/wakeup_count 7\npower/state disk\n");
	sim_target(HP_TARGET_HYBRID, NULL,
		   "power/disk suspend\npower/wakeup_count 7\npower/state disk\npower/disk platform\n");
	sim_target(HP_TARGET_FREEZE, NULL, "power/wakeup_count 7\npower/state freeze\n");
}

/* sim/fail_errno makes the state write fail; the alarm ends disarmed. */
static void sim_fail(const char *fail, int err, const char *msg)
{
	char *root = unit_fakeroot("server");
	struct hp_host h;
	struct hp_err e;
	int64_t ms = -1;
	time_t when;

	unit_put(root, "sim/fail_errno", fail);
	hp_host_init(&h, root, "rtc0", true);
	hp_rtc_arm(&h, "rtc0", 60, &when, NULL);
	unit_is_int(hp_sleep_enter(&h, NULL, HP_TARGET_MEM, &ms, &e), -err, "fail_errno %.*s",
		    (int)strcspn(fail, "\n"), fail);
	unit_is_str(e.msg, msg, "fail_errno %.*s: message names the step", (int)strcspn(fail, "\n"),
		    fail);
	file_is(root, ALARM, "0", "failed sleep disarms the alarm");
	file_is(root, KLOG, "power/mem_sleep deep\npower/wakeup_count 7\npower/state mem\n",
		"the state write was tried");
	unit_is_int(ms, -1, "no time asleep on failure");
	unit_rmroot(root);
}

static void test_sim_failures(void)
{
	sim_fail("EIO\n", EIO, "mem: sys/power/state: Input/output error (sim/fail_errno)");
	sim_fail("EBUSY", EBUSY, "mem: sys/power/state: Device or resource busy (sim/fail_errno)");
	sim_fail("13\n", EACCES, "mem: sys/power/state: Permission denied (sim/fail_errno)");
}

/* The real path, against a fake root: writes go to the fake files. */
static void test_real_path(void)
{
	char *root = unit_fakeroot("server"), path[4096];
	struct hp_host h;
	struct hp_err e;
	int64_t ms = -1;
	time_t when;

	hp_host_init(&h, root, NULL, false);
	hp_rtc_arm(&h, "rtc0", 60, &when, NULL);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_MEM, &ms, &e), 0,
		    "real path: a plain state file 'wakes' at once");
	file_is(root, "sys/power/state", "mem", "real path: the word went to power/state");
	file_is(root, "sys/power/mem_sleep", "deep", "real path: mem_sleep set to deep");
	file_is(root, "sys/power/wakeup_count", "7", "real path: wakeup_count written back");
	unit_ok(ms >= 0 && ms < 1000, "real path: measured asleep ~0 (%lld ms)", (long long)ms);
	file_is(root, ALARM, "0", "woken before the alarm: it is disarmed");
	unit_ok(!unit_exists(root, KLOG), "real path writes no kernel.log");

	/* Tests run as root: a directory, not mode bits, refuses the write. */
	hp_rtc_arm(&h, "rtc0", 60, &when, NULL);
	snprintf(path, sizeof(path), "%s/sys/power/state", root);
	unlink(path);
	mkdir(path, 0755);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_FREEZE, &ms, &e), -EISDIR,
		    "real path: state write fails");
	unit_is_str(e.msg, "freeze: sys/power/state: Is a directory", "real path: failure message");
	file_is(root, ALARM, "0", "real path: failure disarms");

	hp_rtc_arm(&h, "rtc0", 60, &when, NULL);
	snprintf(path, sizeof(path), "%s/sys/power/wakeup_count", root);
	unlink(path);
	unit_is_int(hp_sleep_enter(&h, "rtc0", HP_TARGET_MEM, &ms, &e), -ENOENT,
		    "real path: no wakeup_count");
	unit_is_str(e.msg, "sys/power/wakeup_count: No such file or directory",
		    "wakeup_count message");
	file_is(root, ALARM, "0", "disarmed");
	unit_rmroot(root);
}

/* A wake before the alarm (sim/wake): back at once, the alarm still armed
 * until the sleep path disarms it, the file consumed. */
static void test_sim_early_wake(void)
{
	char *root = unit_fakeroot("server");
	struct hp_host h;
	struct hp_err e;
	int64_t ms = -1;

	unit_put(root, "sim/wake", "");
	hp_host_init(&h, root, NULL, true);
	hp_rtc_arm(&h, "rtc0", 30, NULL, NULL);
	unit_is_int(hp_sleep_enter(&h, NULL, HP_TARGET_MEM, &ms, &e), 0, "early wake: woke");
	unit_ok(ms >= 0 && ms < 1000, "early wake: asleep %lld ms, not the alarm's 30 s",
		(long long)ms);
	unit_ok(!unit_exists(root, "sim/wake"), "early wake: sim/wake is consumed");
	file_is(root, ALARM, "0", "early wake: the alarm that did not fire is disarmed");
	unit_rmroot(root);
}

/* Suspend-then-hibernate: the first phase's length, what follows it. */
static void test_then_hibernate(void)
{
	unsigned rest = 99;

	unit_is_int(hp_sleep_first_phase(7200, 86400), 7200, "first phase: the delay");
	unit_is_int(hp_sleep_first_phase(7200, 600), 600, "first phase: a shorter duration");
	unit_is_int(hp_sleep_after_mem(1000, 2000, 998, 998, &rest), HP_SLEEP_NEXT_RESUME,
		    "woke 2 s before the alarm: a resume");
	unit_is_int(rest, 0, "...nothing left to hibernate");
	unit_is_int(hp_sleep_after_mem(1000, 2000, 999, 1003, &rest), HP_SLEEP_NEXT_HIBERNATE,
		    "woke 1 s before (the RTC's rounding): the alarm, hibernate");
	unit_is_int(rest, 997, "...for the rest, counted from now");
	unit_is_int(hp_sleep_after_mem(1000, 1000 + HP_SLEEP_HIBERNATE_MIN_S, 1000, 1001, &rest),
		    HP_SLEEP_NEXT_DONE, "less than the minimum left: done");
	unit_is_int(hp_sleep_after_mem(1000, 1000 + HP_SLEEP_HIBERNATE_MIN_S, 1000, 1000, &rest),
		    HP_SLEEP_NEXT_HIBERNATE, "exactly the minimum left: hibernate");
	unit_is_int(hp_sleep_after_mem(1000, 1000, 1000, 1000, &rest), HP_SLEEP_NEXT_DONE,
		    "the alarm was the end: done");
}

int main(void)
{
	test_refuses();
	test_simulated();
	test_sim_failures();
	test_real_path();
	test_sim_early_wake();
	test_then_hibernate();
	return unit_done();
}
