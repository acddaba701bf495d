/* t_rtc.c -- the RTC wake alarm: arm over an armed alarm, read back, disarm. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
 * The other end of FIFOs standing in for wakealarm and since_epoch: records
 * what is written and answers the read-back with its own text. since_epoch
 * being a FIFO too orders the steps: arm reads it between the disarm and the
 * alarm, so each write is read on its own.
 */
struct fifo_end {
	char alarm[4096], epoch[4096];
	const char *answer; /* NULL: echo the alarm written */
	char seen[3][32];
};

static void slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, got = 0;

	while (fd >= 0 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	if (fd >= 0)
		close(fd);
}

static void spit(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror(path);
		close(fd);
	}
}

/* The child's side; what it saw goes to the file "seen" in root. */
static void fifo_main(struct fifo_end *f, const char *root)
{
	char line[128];

	slurp(f->alarm, f->seen[0], sizeof(f->seen[0])); /* the disarm */
	snprintf(line, sizeof(line), "%lld", (long long)time(NULL));
	spit(f->epoch, line);
	slurp(f->alarm, f->seen[1], sizeof(f->seen[1])); /* the alarm */
	spit(f->alarm, f->answer ? f->answer : f->seen[1]); /* the read-back */
	if (f->answer)
		slurp(f->alarm, f->seen[2], sizeof(f->seen[2])); /* the disarm on mismatch */
	snprintf(line, sizeof(line), "%s\n%s\n%s\n", f->seen[0], f->seen[1], f->seen[2]);
	unit_put(root, "seen", line);
}

static void fifo_arm(const char *answer)
{
	char *root = unit_fakeroot("server"), want[256], *seen;
	struct fifo_end f = {.answer = answer};
	time_t when, before = time(NULL);
	struct hp_host h;
	struct hp_err e;
	pid_t pid;
	int r;

	snprintf(f.alarm, sizeof(f.alarm), "%s/%s", root, ALARM);
	snprintf(f.epoch, sizeof(f.epoch), "%s/sys/class/rtc/rtc0/since_epoch", root);
	unlink(f.alarm);
	mkfifo(f.alarm, 0600);
	mkfifo(f.epoch, 0600);
	fflush(stdout);
	/* Should the steps change order, die rather than hang on a FIFO. */
	alarm(30);
	if ((pid = fork()) == 0) {
		alarm(30);
		fifo_main(&f, root);
		_exit(0);
	}
	hp_host_init(&h, root, NULL, false);
	r = hp_rtc_arm(&h, "rtc0", 300, &when, &e);
	waitpid(pid, NULL, 0);
	alarm(0);
	seen = unit_get(root, "seen");
	if (!seen || sscanf(seen, "%31[^\n]\n%31[^\n]\n%31[^\n]", f.seen[0], f.seen[1],
			    f.seen[2]) < 2)
		unit_diag("the FIFO's other end saw: %s", seen ? seen : "(nothing)");
	free(seen);
	unit_is_str(f.seen[0], "0", "arm writes 0 first (an armed alarm would answer EBUSY)");
	unit_ok(atoll(f.seen[1]) >= before + 299 && atoll(f.seen[1]) <= time(NULL) + 300,
		"then the absolute time (%s)", f.seen[1]);
	if (!answer) {
		unit_is_int(r, 0, "read back the same: armed");
	} else {
		snprintf(want, sizeof(want), "%s reads \"%s\", wrote \"%s\"", ALARM, answer, f.seen[1]);
		unit_is_int(r, -EIO, "read back different: -EIO");
		unit_is_str(e.msg, want, "mismatch message");
		unit_is_str(f.seen[2], "0", "mismatch disarms");
	}
	unit_rmroot(root);
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
	fifo_arm(NULL);
	fifo_arm("12345");
	test_errors();
	return unit_done();
}
