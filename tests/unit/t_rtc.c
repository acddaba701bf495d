/* t_rtc.c -- the RTC wake alarm: arm over an armed alarm, read back, disarm;
 * FIFOs and absurd RTC times refused; how far ahead the RTC accepts an
 * alarm (src/reach.h), learnt without leaving an alarm behind. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops.h"
#include "reach.h"
#include "rtc.h"
#include "unit.h"

#define ALARM "sys/class/rtc/rtc0/wakealarm"

static long long file_num(const char *root, const char *rel)
{
	char *s = unit_get(root, rel);
	long long v = s && s[0] ? atoll(s) : -1;

	free(s);
	return v;
}

static void test_arm(void)
{
	char *root = unit_fakeroot("armed");
	struct hp_host h;
	struct hp_err e;
	time_t before, when = 0;
	long long got;

	hp_host_init(&h, root, NULL, false);
	unit_ok(file_num(root, ALARM) > time(NULL) + 3000, "armed profile holds an alarm an hour ahead");
	before = time(NULL);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 120, &when, &e), 0, "arm over an armed alarm");
	got = file_num(root, ALARM);
	unit_ok(got >= before + 120 && got <= time(NULL) + 120, "wakealarm holds now + 120 (%lld)", got);
	unit_is_int(when, got, "without since_epoch the RTC time is the wall clock");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), 1, "read: armed");
	unit_is_int(when, got, "read gives the armed time");

	unit_is_int(hp_rtc_disarm(&h, "rtc0", &e), 0, "disarm");
	unit_is_int(file_num(root, ALARM), 0, "disarm writes 0");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), 0, "read after disarm: none");
	unit_put(root, ALARM, "");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), 0, "read of an empty wakealarm: none");
	unit_is_int(hp_rtc_sim_fire(&h, "rtc0", &e), 0, "sim fire");
	{
		char *s = unit_get(root, ALARM);
		unit_is_str(s, "", "a fired alarm leaves wakealarm empty");
		free(s);
	}
	unit_rmroot(root);
}

/* An RTC that keeps its own time (1000 s behind the wall clock here). */
static void test_since_epoch(void)
{
	char *root = unit_fakeroot("server"), buf[32];
	struct hp_host h;
	struct hp_err e;
	time_t when = 0, now = time(NULL);
	long long got;

	snprintf(buf, sizeof(buf), "%lld\n", (long long)now - 1000);
	unit_put(root, "sys/class/rtc/rtc0/since_epoch", buf);
	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), 0, "arm with since_epoch");
	got = file_num(root, ALARM);
	unit_ok(got >= now - 1000 + 60 && got <= now - 1000 + 61, "alarm is in RTC time (%lld)", got);
	unit_ok(when >= now + 60 && when <= time(NULL) + 61, "when is in wall-clock time");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), 1, "read with since_epoch");
	unit_ok(when >= now + 60 && when <= time(NULL) + 61, "read converts to wall-clock time");
	unit_rmroot(root);
}

/*
 * A wakealarm that answers like the kernel's, through the linker's --wrap of
 * read(2) and write(2) (tests/unit/local.mk): while an alarm is armed, a
 * write of another time fails with EBUSY; every write is logged; a read can
 * be made to answer something else than what was written.
 */
static struct {
	bool on;
	long long armed; /* the kernel's alarm, 0 = none */
	char writes[4][32];
	int nwrites;
	const char *answer; /* NULL: the file's content */
} kern;

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);

static bool is_alarm(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	if (!kern.on)
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	return n >= 10 && strcmp(path + n - 10, "/wakealarm") == 0;
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	char v[32];

	if (is_alarm(fd)) {
		snprintf(v, sizeof(v), "%.*s", (int)n, (const char *)buf);
		if (kern.nwrites < 4)
			snprintf(kern.writes[kern.nwrites++], sizeof(kern.writes[0]), "%s", v);
		if (kern.armed && atoll(v)) {
			errno = EBUSY;
			return -1;
		}
		kern.armed = atoll(v);
	}
	return __real_write(fd, buf, n);
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	size_t len;

	if (kern.answer && is_alarm(fd)) {
		len = strlen(kern.answer) < n ? strlen(kern.answer) : n;
		memcpy(buf, kern.answer, len);
		return (ssize_t)len;
	}
	return __real_read(fd, buf, n);
}

/* Arm for 300 s over an alarm armed an hour ahead; the read-back answers
 * answer (NULL: what was written). */
static void kernel_arm(const char *answer)
{
	char *root = unit_fakeroot("armed"), want[256];
	time_t when, before = time(NULL);
	struct hp_host h;
	struct hp_err e;
	int r;

	hp_host_init(&h, root, NULL, false);
	memset(&kern, 0, sizeof(kern));
	kern.on = true;
	kern.armed = file_num(root, ALARM);
	kern.answer = answer;
	unit_is_int(hp_host_write(&h, ALARM, "12345", &e), -EBUSY,
		    "the fake kernel refuses a time over an armed alarm");
	kern.nwrites = 0;
	r = hp_rtc_arm(&h, "rtc0", 300, &when, &e);
	kern.on = false;
	unit_is_str(kern.writes[0], "0", "arm writes 0 first (an armed alarm would answer EBUSY)");
	unit_ok(atoll(kern.writes[1]) >= before + 300 && atoll(kern.writes[1]) <= time(NULL) + 300,
		"then the absolute time (%s)", kern.writes[1]);
	if (!answer) {
		unit_is_int(r, 0, "read back the same: armed");
		unit_is_int(kern.nwrites, 2, "nothing else written");
	} else {
		snprintf(want, sizeof(want), "%s reads \"%s\", wrote \"%s\"", ALARM, answer,
			 kern.writes[1]);
		unit_is_int(r, -EIO, "read back different: -EIO");
		unit_is_str(e.msg, want, "mismatch message");
		unit_is_str(kern.writes[2], "0", "mismatch disarms");
	}
	unit_rmroot(root);
}

/* A FIFO at wakealarm: refused at once, never opened (it used to hang). */
static void test_fifo(void)
{
	char *root = unit_fakeroot("server"), path[4096];
	struct hp_host h;
	struct hp_err e;
	time_t when;

	snprintf(path, sizeof(path), "%s/%s", root, ALARM);
	unlink(path);
	mkfifo(path, 0600);
	hp_host_init(&h, root, NULL, false);
	fflush(stdout);
	alarm(10); /* should it block again: die, and fail, rather than hang */
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), -EINVAL, "arm with a FIFO as wakealarm");
	unit_is_str(e.msg, ALARM ": not a regular file", "says why");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), -EINVAL, "read too");
	alarm(0);
	unit_rmroot(root);
}

/*
 * An RTC whose since_epoch is absurd (negative, past 9999, not a number,
 * beyond int64) is refused with its reason, and no alarm is left armed: the
 * skew arithmetic used to overflow and "verify" a negative alarm.
 */
static void absurd_epoch(const char *epoch, int want_r, const char *want_msg)
{
	char *root = unit_fakeroot("server"), buf[64];
	struct hp_host h;
	struct hp_err e;
	time_t when = 0;

	snprintf(buf, sizeof(buf), "%s\n", epoch);
	unit_put(root, "sys/class/rtc/rtc0/since_epoch", buf);
	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), want_r, "since_epoch %s: arm refused",
		    epoch);
	unit_is_str(e.msg, want_msg, "since_epoch %s: the reason", epoch);
	unit_is_int(file_num(root, ALARM), 0, "since_epoch %s: no alarm left", epoch);
	unit_put(root, ALARM, "1800000000\n");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), want_r == -EINVAL ? -EINVAL : 1,
		    "since_epoch %s: read of an alarm %s", epoch,
		    want_r == -EINVAL ? "refused" : "fine");
	unit_rmroot(root);
}

static void test_absurd(void)
{
	const char *epochs[] = { "-9223372036854775808", "9223372036854775807", "-1",
				 "99999999999999999999", "253402300800", "17e8" };
	char want[256];
	unsigned i;

	for (i = 0; i < sizeof(epochs) / sizeof(epochs[0]); i++) {
		snprintf(want, sizeof(want),
			 "sys/class/rtc/rtc0/since_epoch reads \"%s\", not a time", epochs[i]);
		absurd_epoch(epochs[i], -EINVAL, want);
	}
	/* The last second an RTC can hold is a time, but nothing can follow it. */
	absurd_epoch("253402300799", -ERANGE,
		     ALARM ": now + 60 s is beyond what the RTC can hold");
}

static void test_errors(void)
{
	char *root = unit_fakeroot("no-rtc"), path[4096];
	struct hp_host h;
	struct hp_err e;
	time_t when;

	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), -ENOENT, "arm without an RTC: -ENOENT");
	unit_is_str(e.msg, ALARM ": No such file or directory", "error names the file");
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), -ENOENT, "read without an RTC");
	unit_is_int(hp_rtc_disarm(&h, "rtc0", &e), -ENOENT, "disarm without an RTC");
	unit_ok(!unit_exists(root, "sys/class/rtc"), "nothing created");
	unit_is_int(hp_rtc_arm(&h, "", 60, &when, &e), -EINVAL, "empty RTC name");
	unit_is_int(hp_rtc_arm(&h, NULL, 60, &when, &e), -EINVAL, "NULL RTC name");
	unit_is_int(hp_rtc_read(&h, "../../x", &when, &e), -EINVAL, "a name with a slash");
	unit_is_str(e.msg, "no usable RTC name \"../../x\"", "bad name message");
	unit_rmroot(root);

	root = unit_fakeroot("garbage");
	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_rtc_read(&h, "rtc0", &when, &e), -EINVAL, "read of junk: -EINVAL");
	unit_is_str(e.msg, ALARM " reads \"#%&! junk 0:x:: [[ ]\", not a time", "junk message");
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), 0, "arm replaces junk");
	unit_rmroot(root);

	/* Tests run as root: a directory, not mode bits, makes the write fail. */
	root = unit_fakeroot("server");
	hp_host_init(&h, root, NULL, false);
	snprintf(path, sizeof(path), "%s/%s", root, ALARM);
	unlink(path);
	mkdir(path, 0755);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 60, &when, &e), -EISDIR, "arm on an unwritable alarm");
	unit_is_str(e.msg, ALARM ": Is a directory", "write error names the file");
	unit_rmroot(root);
}


/* A simulated RTC with a reach (sim/rtc_reach) refuses farther alarms as
 * rtc-cmos does; a real host's RTC is not simulated. */
static void test_sim_reach(void)
{
	char *root = unit_fakeroot("server");
	struct hp_host h;
	struct hp_err e;

	unit_put(root, "sim/rtc_reach", "86399\n");
	hp_host_init(&h, root, NULL, true);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 86399, NULL, &e), 0, "sim reach 86399: 86399 s accepted");
	unit_is_int(hp_rtc_arm(&h, "rtc0", 86400, NULL, &e), -EINVAL, "86400 s: -EINVAL");
	unit_is_str(e.msg, ALARM ": Invalid argument", "as the kernel's write answers");
	unit_is_int(file_num(root, ALARM), 0, "nothing left armed");
	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_rtc_arm(&h, "rtc0", 86400, NULL, &e), 0, "not simulated: no such limit");
	unit_rmroot(root);
}

/* The probe on a simulated host through the direct operations. */
static void probe_sim(const char *profile, const char *reach, unsigned want, int want_r,
		      unsigned want_reach, const char *what)
{
	char *root = unit_fakeroot(profile);
	unsigned got = 0, arms = 0;
	long long before = file_num(root, ALARM);
	struct hp_direct d;
	struct hp_host h;
	struct hp_err e;

	if (reach)
		unit_put(root, "sim/rtc_reach", reach);
	hp_host_init(&h, root, NULL, true);
	hp_direct_init(&d, &h);
	unit_is_int(hp_reach_probe(&d.ops, want, &got, &arms, &e), want_r, "%s: rc", what);
	if (want_r == 0) {
		unit_is_int(got, want_reach, "%s: reach", what);
		unit_ok(arms >= 1 && arms <= HP_REACH_TRIES, "%s: %u arms", what, arms);
		unit_is_int(file_num(root, ALARM), 0, "%s: the probe alarm is disarmed", what);
	} else {
		unit_is_int(arms, 0, "%s: no arm", what);
		unit_is_int(file_num(root, ALARM), before, "%s: the alarm is left as it was", what);
	}
	unit_rmroot(root);
}

static void test_probe_sim(void)
{
	probe_sim("server", NULL, 86405, 0, 86405, "no limit");
	probe_sim("server", "86399", 86405, 0, 86399, "rtc-cmos without a day alarm");
	probe_sim("server", "2678399", 31622400, 0, 2678399, "a month's reach, a year wanted");
	probe_sim("server", "100", 86405, 0, 100, "100 s");
	probe_sim("armed", "86399", 86405, -EBUSY, 0, "an alarm armed by someone else");
}

/* Fake operations: an RTC that refuses beyond limit with refusal, whose
 * arm or disarm can fail otherwise; it checks that every probe arm finds
 * the alarm disarmed. */
static struct fake {
	struct hp_ops ops;
	unsigned limit;
	int refusal, arm_err, disarm_err, reads;
	bool armed, overlap;
	unsigned arms, disarms;
} fk;

static int fake_arm(struct hp_ops *o, unsigned s, time_t *when, struct hp_err *e)
{
	(void)o; (void)when;
	fk.overlap |= fk.armed;
	fk.arms++;
	if (fk.arm_err)
		return hp_err_set(e, -fk.arm_err, "arm failed");
	if (s > fk.limit)
		return hp_err_set(e, -fk.refusal, "wakealarm: refused %u", s);
	fk.armed = true;
	return 0;
}

static int fake_read(struct hp_ops *o, time_t *when, struct hp_err *e)
{
	(void)o; (void)when; (void)e;
	return fk.reads;
}

static int fake_disarm(struct hp_ops *o, struct hp_err *e)
{
	(void)o;
	fk.disarms++;
	if (fk.disarm_err)
		return hp_err_set(e, -fk.disarm_err, "wakealarm: I/O error");
	fk.armed = false;
	return 0;
}

static void fake_init(unsigned limit, int refusal)
{
	memset(&fk, 0, sizeof(fk));
	fk.ops = (struct hp_ops){ .arm = fake_arm, .read = fake_read, .disarm = fake_disarm };
	fk.limit = limit;
	fk.refusal = refusal;
}

static void test_probe_fake(void)
{
	unsigned got = 0, arms = 0;
	struct hp_err e;

	fake_init(4294967294u, -ERANGE);
	unit_is_int(hp_reach_probe(&fk.ops, 4294967295u, &got, &arms, &e), 0, "ERANGE is a refusal");
	unit_is_int(got, 4294967294u, "the reach to the second at the top of 32 bits");
	unit_ok(arms <= HP_REACH_TRIES, "within %u arms (%u)", HP_REACH_TRIES, arms);
	unit_ok(!fk.overlap && !fk.armed && fk.disarms == fk.arms - 1,
		"every accepted arm disarmed before the next (%u arms, %u disarms)", fk.arms,
		fk.disarms);

	fake_init(86399, -EINVAL);
	unit_is_int(hp_reach_probe(&fk.ops, 86405, &got, &arms, &e), 0, "rtc-cmos's day");
	unit_is_int(got, 86399, "found");
	unit_is_int(arms, 3, "in 3 arms: the limit, the day and the second after it");

	fake_init(0, -EINVAL);
	unit_is_int(hp_reach_probe(&fk.ops, 86405, &got, &arms, &e), -EINVAL, "nothing accepted");
	unit_is_str(e.msg, "no alarm accepted, not even 1 s ahead: wakealarm: refused 1", "says so");

	fake_init(86399, -EINVAL);
	fk.arm_err = -EIO;
	unit_is_int(hp_reach_probe(&fk.ops, 86405, &got, &arms, &e), -EIO, "another arm error");
	unit_is_int(arms, 1, "stops at once");

	fake_init(86399, -EINVAL);
	fk.disarm_err = -EIO;
	unit_is_int(hp_reach_probe(&fk.ops, 86405, &got, &arms, &e), -EIO, "a disarm that fails");
	unit_is_str(e.msg, "the probe alarm 86399 s ahead may still be armed: wakealarm: I/O error",
		    "is loud");
	unit_is_int(arms, 2, "and stops there");

	fake_init(86399, -EINVAL);
	fk.reads = -EIO;
	unit_is_int(hp_reach_probe(&fk.ops, 86405, &got, &arms, &e), -EIO, "an unreadable alarm");
	unit_is_int(fk.arms, 0, "is never armed over");
}

int main(void)
{
	test_arm();
	test_since_epoch();
	kernel_arm(NULL);
	kernel_arm("12345");
	test_fifo();
	test_absurd();
	test_errors();
	test_sim_reach();
	test_probe_sim();
	test_probe_fake();
	return unit_done();
}
