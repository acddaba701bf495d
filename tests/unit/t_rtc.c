/* t_rtc.c -- the RTC wake alarm: arm over an armed alarm, read back, disarm;
 * FIFOs and absurd RTC times refused. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int main(void)
{
	test_arm();
	test_since_epoch();
	kernel_arm(NULL);
	kernel_arm("12345");
	test_fifo();
	test_absurd();
	test_errors();
	return unit_done();
}
