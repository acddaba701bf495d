/* t_host.c -- the host root: paths, reads, writes, word lists. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "unit.h"

static void test_init_path(void)
{
	struct hp_host h;
	char buf[64];

	hp_host_init(&h, "/", NULL, false);
	unit_is_str(h.root, "", "root / is the empty prefix");
	unit_is_int(hp_host_path(&h, "sys/power/state", buf, sizeof(buf)), 0, "path on /");
	unit_is_str(buf, "/sys/power/state", "real host path");
	hp_host_init(&h, NULL, "", false);
	unit_is_str(h.root, "", "root NULL is the real host");
	hp_host_init(&h, "/tmp/x//", "rtc1", true);
	unit_is_str(h.root, "/tmp/x", "trailing slashes dropped");
	unit_is_str(h.rtc, "rtc1", "rtc kept");
	unit_ok(h.simulate, "simulate kept");
	hp_host_path(&h, "/proc/swaps", buf, sizeof(buf));
	unit_is_str(buf, "/tmp/x/proc/swaps", "leading slash of rel does not escape the root");
	unit_is_int(hp_host_path(&h, "sys/power/state", buf, 10), -ENAMETOOLONG,
		    "a path that does not fit is ENAMETOOLONG");
}

static void test_read_write(void)
{
	char *root = unit_fakeroot("server"), buf[64], *got;
	struct hp_host h;
	struct hp_err e;

	hp_host_init(&h, root, NULL, false);
	unit_is_int(hp_host_read(&h, "sys/power/state", buf, sizeof(buf), &e), 15,
		    "read returns the length without the newline");
	unit_is_str(buf, "freeze mem disk", "read content");
	unit_is_int(hp_host_read(&h, "sys/power/state", buf, 5, &e), 4, "read truncates to the buffer");
	unit_is_str(buf, "free", "truncated content");
	unit_is_int(hp_host_read(&h, "sys/power/nope", buf, sizeof(buf), &e), -ENOENT,
		    "missing file is -ENOENT");
	unit_is_str(e.msg, "sys/power/nope: No such file or directory", "read error names the file");
	unit_is_int(e.code, ENOENT, "error code filled");

	unit_is_int(hp_host_write(&h, "sys/power/mem_sleep", "deep", &e), 0, "write");
	got = unit_get(root, "sys/power/mem_sleep");
	unit_is_str(got, "deep", "write replaces the content exactly");
	free(got);
	unit_is_int(hp_host_write(&h, "sys/power/nope", "x", &e), -ENOENT,
		    "write to a missing file is -ENOENT");
	unit_ok(!unit_exists(root, "sys/power/nope"), "write does not create files");
	unit_is_int(hp_host_write(&h, "sys/power", "x", &e), -EISDIR, "write to a directory");
	unit_is_str(e.msg, "sys/power: Is a directory", "write error names the file");
	unit_is_int(hp_host_write(&h, "sys/power/mem_sleep", "x", NULL), 0, "NULL error report is fine");
	unit_rmroot(root);
}

/*
 * What one host call answers about rel, made in a child so that a call that
 * blocks (the old open(2) of a FIFO) fails the test within a bound instead
 * of hanging it: the child writes "rc|message" to root/answer.
 */
static bool answer_within(const char *root, const char *rel, bool write, int secs, char *out,
			  size_t len)
{
	struct timespec step = {0, 10 * 1000 * 1000};
	char line[512], *got;
	struct hp_host h;
	struct hp_err e;
	pid_t pid;
	int i, r;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		hp_host_init(&h, root, NULL, false);
		r = write ? hp_host_write(&h, rel, "mem", &e) : hp_host_read(&h, rel, line, 64, &e);
		snprintf(line, sizeof(line), "%d|%s", r, r < 0 ? e.msg : "");
		_exit(unit_put(root, "answer", line) == 0 ? 0 : 1);
	}
	for (i = 0; i < secs * 100 && waitpid(pid, NULL, WNOHANG) == 0; i++)
		nanosleep(&step, NULL);
	if (i == secs * 100) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		snprintf(out, len, "(no answer within %d s)", secs);
		return false;
	}
	got = unit_get(root, "answer");
	snprintf(out, len, "%s", got ? got : "(nothing)");
	free(got);
	return true;
}

/* A FIFO, a device or a symbolic link where a kernel file should be is
 * refused at once, never opened. */
static void test_not_regular(void)
{
	char *root = unit_fakeroot("server"), path[4096], got[512], *got_s;
	struct hp_host h;
	struct hp_err e;

	snprintf(path, sizeof(path), "%s/sys/power/state", root);
	unlink(path);
	unit_ok(mkfifo(path, 0600) == 0, "a FIFO at sys/power/state");
	unit_ok(answer_within(root, "sys/power/state", false, 5, got, sizeof(got)),
		"a read of the FIFO returns at once");
	unit_is_str(got, "-22|sys/power/state: not a regular file", "as -EINVAL, not a regular file");
	unit_ok(answer_within(root, "sys/power/state", true, 5, got, sizeof(got)),
		"a write to the FIFO returns at once");
	unit_is_str(got, "-22|sys/power/state: not a regular file", "as -EINVAL too");

	hp_host_init(&h, root, NULL, false);
	snprintf(path, sizeof(path), "%s/sys/power/disk", root);
	unlink(path);
	unit_ok(symlink("../../proc/cmdline", path) == 0, "a symbolic link at sys/power/disk");
	unit_is_int(hp_host_read(&h, "sys/power/disk", got, sizeof(got), &e), -EINVAL,
		    "is not followed on read");
	unit_is_int(hp_host_write(&h, "sys/power/disk", "x", &e), -EINVAL, "nor on write");
	unit_is_str(e.msg, "sys/power/disk: not a regular file", "error names the file");
	got_s = unit_get(root, "proc/cmdline");
	unit_ok(got_s && strstr(got_s, "BOOT_IMAGE"), "the link's target is untouched");
	free(got_s);
	unit_is_int(hp_host_read(&h, "sys/power", got, sizeof(got), &e), -EISDIR,
		    "a directory is -EISDIR on read");
	snprintf(path, sizeof(path), "%s/sys/power/resume", root);
	unlink(path);
	if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) == 0) {
		unit_is_int(hp_host_read(&h, "sys/power/resume", got, sizeof(got), &e), -EINVAL,
			    "a device node (/dev/null's numbers) is refused");
	} else {
		unit_ok(true, "# SKIP mknod not permitted here");
	}
	unit_rmroot(root);
}

/* Write len bytes (NULs too) to root/rel. */
static void put_bytes(const char *root, const char *rel, const char *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(f = fopen(path, "w")) || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		unit_diag("cannot write %s", path);
}

/* Kernel files are text: invalid UTF-8 and control bytes become '?', tab and
 * newline stay (proc files are lists of lines). */
static void test_read_text(void)
{
	char *root = unit_fakeroot("server"), buf[128];
	struct hp_host h;
	struct hp_err e;

	hp_host_init(&h, root, NULL, false);
	unit_put(root, "sys/power/mem_sleep", "s2idle \xe9\xff\x01 [deep]\n");
	unit_is_int(hp_host_read(&h, "sys/power/mem_sleep", buf, sizeof(buf), &e), 17,
		    "a file with invalid UTF-8 reads with its length");
	unit_is_str(buf, "s2idle ??? [deep]", "\\xe9\\xff\\x01 became ???");
	put_bytes(root, "proc/swaps", "a\tb\nc\r\xc3\xa9\xc2\x85\x00z\n", 13);
	unit_is_int(hp_host_read(&h, "proc/swaps", buf, sizeof(buf), &e), 12,
		    "a NUL inside does not cut the text short");
	unit_is_str(buf, "a\tb\nc?\xc3\xa9???z", "tab, newline and UTF-8 stay; CR, C1, NUL go");
	unit_rmroot(root);
}

static void test_words(void)
{
	unit_ok(hp_host_has_word("s2idle [deep]", "deep"), "[deep] counts as deep");
	unit_ok(hp_host_has_word("s2idle [deep]", "s2idle"), "plain word");
	unit_ok(hp_host_has_word("[s2idle]", "s2idle"), "bracketed alone");
	unit_ok(!hp_host_has_word("s2idle [deep]", "dee"), "no prefix match");
	unit_ok(!hp_host_has_word("deepest", "deep"), "no longer word match");
	unit_ok(!hp_host_has_word("", "mem"), "empty list");
	unit_ok(hp_host_has_word("freeze\tmem\ndisk", "disk"), "tabs and newlines separate");
	unit_ok(!hp_host_has_word("]] [[ ]", "mem"), "brackets only");
}

int main(void)
{
	test_init_path();
	test_read_write();
	test_not_regular();
	test_read_text();
	test_words();
	return unit_done();
}
