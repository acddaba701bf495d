/* t_host.c -- the host root: paths, reads, writes, word lists. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
	test_words();
	return unit_done();
}
