/* t_clock.c -- UTC text; time asleep: the clock pair, the simulated offset, the watch. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "unit.h"

#define OFFSET "sim/sleep_offset_ms"

/* |a - b| <= 2 ms: the two clocks are read a few ns apart. */
static bool near(int64_t a, int64_t b)
{
	return a - b <= 2 && b - a <= 2;
}

static int count_entries(const char *root, const char *rel)
{
	char path[4096];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(dir = opendir(path)))
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

static void test_offset(void)
{
	char *root = unit_fakeroot("server"), *s, path[4096];
	struct hp_host real, sim;
	struct hp_err e;
	int64_t base;

	hp_host_init(&real, root, NULL, false);
	hp_host_init(&sim, root, NULL, true);
	base = hp_clock_sleep_offset_ms(&real);
	unit_ok(base >= 0, "boottime - monotonic is not negative (%lld ms)", (long long)base);
	unit_ok(near(hp_clock_sleep_offset_ms(&real), base), "steady while awake");
	unit_ok(near(hp_clock_sleep_offset_ms(&sim), base), "a missing sim file adds 0");

	unit_is_int(hp_clock_sim_advance(&sim, 1500, &e), 0, "advance 1500 ms");
	s = unit_get(root, OFFSET);
	unit_is_str(s, "1500\n", "offset file holds the total");
	free(s);
	unit_ok(near(hp_clock_sleep_offset_ms(&sim), base + 1500), "simulated host sees +1500");
	unit_ok(near(hp_clock_sleep_offset_ms(&real), base), "a real host ignores the sim file");
	unit_is_int(hp_clock_sim_advance(&sim, 500, &e), 0, "advance 500 ms more");
	unit_ok(near(hp_clock_sleep_offset_ms(&sim), base + 2000), "advances add up");
	unit_is_int(count_entries(root, "sim"), 1, "no temp file left beside the offset");

	unit_put(root, OFFSET, "junk\n");
	unit_ok(near(hp_clock_sleep_offset_ms(&sim), base), "an unreadable offset counts as 0");
	unit_rmroot(root);

	/* The sim directory is made when missing. */
	root = unit_fakeroot("server");
	hp_host_init(&sim, root, NULL, true);
	snprintf(path, sizeof(path), "%s/sim", root);
	remove(path);
	unit_ok(!unit_exists(root, "sim"), "no sim directory to start with");
	unit_is_int(hp_clock_sim_advance(&sim, 42, &e), 0, "advance makes sim/");
	s = unit_get(root, OFFSET);
	unit_is_str(s, "42\n", "and the offset file");
	free(s);
	unit_rmroot(root);
}

static void test_watch(void)
{
	char *root = unit_fakeroot("server");
	struct hp_clock_watch w;
	struct hp_host sim;
	struct hp_err e;
	int64_t grew;

	hp_host_init(&sim, root, NULL, true);
	hp_clock_watch_reset(&sim, &w);
	unit_is_int(hp_clock_watch_check(&sim, &w, 1000), 0, "no sleep: no growth");
	hp_clock_sim_advance(&sim, 3000, &e);
	grew = hp_clock_watch_check(&sim, &w, 1000);
	unit_ok(grew >= 2998 && grew <= 3002, "a 3 s sleep is seen (%lld ms)", (long long)grew);
	unit_is_int(hp_clock_watch_check(&sim, &w, 1000), 0, "seen once: the baseline moved");
	hp_clock_sim_advance(&sim, 600, &e);
	unit_is_int(hp_clock_watch_check(&sim, &w, 1000), 0, "a jump under the threshold is ignored");
	hp_clock_sim_advance(&sim, 600, &e);
	unit_is_int(hp_clock_watch_check(&sim, &w, 1000), 0, "and does not add up with the next");
	hp_clock_watch_reset(&sim, &w);
	hp_clock_sim_advance(&sim, 5000, &e);
	hp_clock_watch_reset(&sim, &w);
	unit_is_int(hp_clock_watch_check(&sim, &w, 1000), 0, "reset forgets what happened before");
	unit_rmroot(root);
}

/* The one UTC formatter: its range, its checks, and its parser's strictness. */
static void test_utc_text(void)
{
	char s[HP_CLOCK_UTC_LEN], small[8];
	struct tm tm;
	time_t t = 12345;

	unit_is_int(hp_clock_format_utc(1795383072, s, sizeof(s)), 0, "a time formats");
	unit_is_str(s, "2026-11-22T21:31:12Z", "as ISO 8601 UTC");
	unit_is_int(hp_clock_format_utc(0, s, sizeof(s)), 0, "the epoch formats");
	unit_is_str(s, "1970-01-01T00:00:00Z", "as 1970");
	unit_is_int(hp_clock_format_utc(253402300799, s, sizeof(s)), 0, "the end of 9999 formats");
	unit_is_str(s, "9999-12-31T23:59:59Z", "as 9999");
	unit_is_int(hp_clock_format_utc(253402300800, s, sizeof(s)), -ERANGE, "year 10000: -ERANGE");
	unit_is_str(s, "@253402300800", "out of range: the seconds, for a log line");
	unit_is_int(hp_clock_format_utc(-1, s, sizeof(s)), -ERANGE, "before 1970: -ERANGE");
	unit_is_str(s, "@-1", "before 1970: the seconds");
	unit_is_int(hp_clock_format_utc(0, small, sizeof(small)), -ENOSPC, "too small: -ENOSPC");
	unit_is_str(small, "", "too small: empty");
	unit_is_int(hp_clock_utc((time_t)1 << 62, &tm), -ERANGE, "far future: no calendar fields");
	unit_ok(hp_clock_utc(1795383072, &tm) == 0 && tm.tm_year == 126 && tm.tm_hour == 21,
		"calendar fields in UTC");

	unit_is_int(hp_clock_parse_utc("2026-11-22T21:31:12Z", &t), 0, "parses back");
	unit_is_int(t, 1795383072, "to the same time");
	t = 12345;
	unit_is_int(hp_clock_parse_utc("2026-02-30T00:00:00Z", &t), -EINVAL, "Feb 30 is refused");
	unit_is_int(hp_clock_parse_utc("2026-11-22T21:31:12", &t), -EINVAL, "no Z: refused");
	unit_is_int(hp_clock_parse_utc("2026-11-22T21:31:12Z ", &t), -EINVAL, "trailing text");
	unit_is_int(hp_clock_parse_utc("1969-12-31T23:59:59Z", &t), -EINVAL, "before 1970");
	unit_is_int(t, 12345, "a refused text leaves the time alone");
}

int main(void)
{
	test_utc_text();
	test_offset();
	test_watch();
	return unit_done();
}
