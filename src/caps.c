/* caps.c -- the probe: S3, S4 (and why not), hybrid, s2idle, RTC wake. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "caps.h"
#include "rtc.h"
#include "swapfile.h"

#define SMALL 512    /* a one-line kernel file */
#define BIG 16384    /* proc/swaps, proc/meminfo */

/* systemd's margin: free swap must hold 98% of Active(anon). */
#define SWAP_MARGIN_PCT 98

/* HP_CAPS_TABLE's rows, indexed by enum hp_cap. */
static const struct hp_cap_info infos[] = {
#define HP_CAP_INFO(id, name, label, target, libvirt) \
	[HP_CAP_##id] = { name, label, target, libvirt },
	HP_CAPS_TABLE(HP_CAP_INFO)
#undef HP_CAP_INFO
};

static void why(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void why(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, HP_WHY_MAX, fmt, ap);
	va_end(ap);
}

/* Read rel into buf; on failure put "rel: error" into reason and return false. */
static bool read_or_why(const struct hp_host *h, const char *rel, char *buf, size_t len,
			char *reason)
{
	struct hp_err e;

	if (hp_host_read(h, rel, buf, len, &e) >= 0)
		return true;
	why(reason, "%s", e.msg);
	return false;
}

static void probe_s3_s2idle(const struct hp_host *h, const char *state, struct hp_caps *c)
{
	struct hp_cap_state *s3 = &c->cap[HP_CAP_S3], *s2idle = &c->cap[HP_CAP_S2IDLE];
	char ms[SMALL];

	if (hp_host_has_word(state, "freeze"))
		s2idle->ok = true;
	else
		why(s2idle->why, "power/state has no 'freeze'");

	if (!hp_host_has_word(state, "mem"))
		why(s3->why, "power/state has no 'mem'");
	else if (!read_or_why(h, "sys/power/mem_sleep", ms, sizeof(ms), s3->why))
		;
	else if (!hp_host_has_word(ms, "deep"))
		why(s3->why, "power/mem_sleep has no 'deep' (it lists \"%s\")", ms);
	else
		s3->ok = true;
}

/* Parse "major:minor"; false when it is not that. */
static bool parse_devnum(const char *s, dev_t *dev)
{
	unsigned maj, min;
	char end;

	if (sscanf(s, "%u:%u%c", &maj, &min, &end) != 2)
		return false;
	*dev = makedev(maj, min);
	return true;
}

/*
 * The device number of a swap listed in proc/swaps. A node or file that
 * exists under the root is the truth (a partition's st_rdev, a swap file's
 * st_dev); otherwise the block device is looked up by name in
 * sys/class/block/<name>/dev, which is also what a fake root provides.
 */
static bool swap_devnum(const struct hp_host *h, const char *name, const char *type,
			dev_t *dev)
{
	char path[HP_PATH_MAX], rel[HP_PATH_MAX], buf[SMALL];
	const char *base = strrchr(name, '/');
	struct stat st;
	int n;

	if (hp_host_path(h, name, path, sizeof(path)) == 0 && stat(path, &st) == 0) {
		if (S_ISBLK(st.st_mode) && strcmp(type, "partition") == 0) {
			*dev = st.st_rdev;
			return true;
		}
		if (S_ISREG(st.st_mode) && strcmp(type, "file") == 0) {
			*dev = st.st_dev;
			return true;
		}
	}
	base = base ? base + 1 : name;
	n = snprintf(rel, sizeof(rel), "sys/class/block/%s/dev", base);
	if (n < 0 || (size_t)n >= sizeof(rel) || strcmp(type, "partition") != 0)
		return false;
	return hp_host_read(h, rel, buf, sizeof(buf), NULL) >= 0 && parse_devnum(buf, dev);
}

/* Active(anon) of proc/meminfo in kB; false with reason when absent. */
static bool active_anon_kb(const struct hp_host *h, uint64_t *kb, char *reason)
{
	char buf[BIG], *p;

	if (!read_or_why(h, "proc/meminfo", buf, sizeof(buf), reason))
		return false;
	for (p = buf; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (sscanf(p, "Active(anon): %" SCNu64 " kB", kb) == 1)
			return true;
	}
	why(reason, "proc/meminfo has no Active(anon)");
	return false;
}

/* Is the resume device an active swap with room for the image? */
static bool check_swap(const struct hp_host *h, dev_t resume, char *reason)
{
	char buf[BIG], name[HP_PATH_MAX / 4], type[32];
	uint64_t size, used, anon;
	struct hp_err e;
	unsigned pos;
	char *line;
	dev_t dev;

	if (!read_or_why(h, "proc/swaps", buf, sizeof(buf), reason))
		return false;
	/* Skip the header line; each line (swap pos): Filename Type Size Used Priority. */
	for (line = strchr(buf, '\n'), pos = 0; line; line = strchr(line, '\n'), pos++) {
		line++;
		if (sscanf(line, "%1023s %31s %" SCNu64 " %" SCNu64, name, type, &size,
			   &used) != 4)
			continue;
		/* A deleted swap file shows as "path\040(deleted)": not resumable. */
		if (strstr(name, "(deleted)"))
			continue;
		if (!swap_devnum(h, name, type, &dev) || dev != resume)
			continue;
		if (strncmp(name, "/dev/zram", 9) == 0) {
			why(reason, "resume device %u:%u is zram swap %s (lost at power-off)",
			    major(resume), minor(resume), name);
			return false;
		}
		if (strcmp(type, "file") == 0 && hp_swapfile_check(h, pos, name, &e) < 0) {
			why(reason, "%s", e.msg);
			return false;
		}
		if (!active_anon_kb(h, &anon, reason))
			return false;
		if (size < used || (size - used) * 100 < anon * SWAP_MARGIN_PCT) {
			why(reason, "swap %s free %" PRIu64 " kB < Active(anon) %" PRIu64 " kB",
			    name, size < used ? 0 : size - used, anon);
			return false;
		}
		return true;
	}
	why(reason, "resume device %u:%u is not an active swap", major(resume), minor(resume));
	return false;
}

/*
 * Does kernel lockdown forbid hibernation? Both levels do: the kernel's
 * hibernation_available() (6.1) refuses under LOCKDOWN_HIBERNATION, an
 * integrity reason, and then drops "disk" from power/state, so this comes
 * first to say why. No file: no lockdown LSM. A line without a [level]
 * tells nothing, and power/state stays the judge.
 */
static bool locked_down(const struct hp_host *h, char *reason)
{
	const char *rel = "sys/kernel/security/lockdown", *p;
	char buf[SMALL], level[32];
	struct hp_err e;

	if (hp_host_read(h, rel, buf, sizeof(buf), &e) < 0) {
		if (e.code != ENOENT)
			why(reason, "%s", e.msg);
		return e.code != ENOENT;
	}
	if (!(p = strchr(buf, '[')) || sscanf(p, "[%31[^]]]", level) != 1 ||
	    strcmp(level, "none") == 0)
		return false;
	why(reason, "%s: [%s]: the kernel refuses hibernation under lockdown", rel, level);
	return true;
}

static void probe_s4(const struct hp_host *h, const char *state, struct hp_cap_state *s4)
{
	char buf[BIG];
	dev_t resume;

	if (locked_down(h, s4->why))
		return;
	if (!hp_host_has_word(state, "disk")) {
		why(s4->why, "power/state has no 'disk'");
		return;
	}
	if (!read_or_why(h, "sys/power/resume", buf, sizeof(buf), s4->why))
		return;
	if (!parse_devnum(buf, &resume)) {
		why(s4->why, "power/resume reads \"%.40s\", not major:minor", buf);
		return;
	}
	if (resume == makedev(0, 0)) {
		why(s4->why, "no resume device (power/resume is 0:0)");
		return;
	}
	/* A host always has proc/cmdline; a fake root without it has no options. */
	if (hp_host_read(h, "proc/cmdline", buf, sizeof(buf), NULL) >= 0 &&
	    hp_host_has_word(buf, "noresume")) {
		why(s4->why, "kernel command line has noresume");
		return;
	}
	s4->ok = check_swap(h, resume, s4->why);
}

/* Are S3 and S4 both there? If not, reason says which is missing and why. */
static bool has_s3_s4(const struct hp_caps *c, char *reason)
{
	const struct hp_cap_state *s3 = &c->cap[HP_CAP_S3], *s4 = &c->cap[HP_CAP_S4];

	if (!s3->ok)
		why(reason, "needs S3: %s", s3->why);
	else if (!s4->ok)
		why(reason, "needs S4: %s", s4->why);
	return s3->ok && s4->ok;
}

static void probe_hybrid(const struct hp_host *h, struct hp_caps *c)
{
	struct hp_cap_state *hybrid = &c->cap[HP_CAP_HYBRID];
	char disk[SMALL];

	if (!has_s3_s4(c, hybrid->why))
		;
	else if (!read_or_why(h, "sys/power/disk", disk, sizeof(disk), hybrid->why))
		;
	else if (!hp_host_has_word(disk, "suspend"))
		why(hybrid->why, "power/disk has no 'suspend'");
	else
		hybrid->ok = true;
}

bool hp_caps_rtc_wakes(const struct hp_host *h, const char *name, char *reason)
{
	char rel[HP_PATH_MAX], wake[HP_PATH_MAX], path[HP_PATH_MAX], buf[SMALL];
	struct hp_err e;
	struct stat st;

	if (hp_rtc_rel(name, "wakealarm", rel, sizeof(rel), &e) < 0 ||
	    hp_rtc_rel(name, "device/power/wakeup", wake, sizeof(wake), &e) < 0) {
		why(reason, "%s", e.msg);
		return false;
	}
	if (hp_host_path(h, rel, path, sizeof(path)) < 0 || stat(path, &st) < 0) {
		why(reason, "%s: %s", rel, strerror(errno));
		return false;
	}
	if (!read_or_why(h, wake, buf, sizeof(buf), reason))
		return false;
	if (strcmp(buf, "enabled") != 0) {
		why(reason, "%s reads \"%.20s\", not \"enabled\"", wake, buf);
		return false;
	}
	return true;
}

static int rtc_filter(const struct dirent *d)
{
	return strncmp(d->d_name, "rtc", 3) == 0 && strlen(d->d_name) < HP_NAME_MAX;
}

static void probe_rtc(const struct hp_host *h, struct hp_caps *c)
{
	struct hp_cap_state *wake = &c->cap[HP_CAP_RTC_WAKE];
	char path[HP_PATH_MAX];
	struct dirent **list;
	int i, n;

	if (h->rtc[0]) {
		if ((wake->ok = hp_caps_rtc_wakes(h, h->rtc, wake->why)))
			snprintf(c->rtc, sizeof(c->rtc), "%s", h->rtc);
		return;
	}
	if (hp_host_path(h, "sys/class/rtc", path, sizeof(path)) < 0 ||
	    (n = scandir(path, &list, rtc_filter, versionsort)) < 0) {
		why(wake->why, "sys/class/rtc: %s", strerror(errno));
		return;
	}
	if (n == 0)
		why(wake->why, "no RTC in sys/class/rtc");
	/* The first usable one in name order; the reason is the first one's. */
	for (i = 0; i < n; i++) {
		if (!wake->ok && hp_caps_rtc_wakes(h, list[i]->d_name, i ? path : wake->why)) {
			wake->ok = true;
			memcpy(c->rtc, list[i]->d_name, strlen(list[i]->d_name) + 1);
			wake->why[0] = '\0';
		}
		free(list[i]);
	}
	free(list);
}

void hp_caps_probe(const struct hp_host *h, struct hp_caps *c)
{
	struct hp_cap_state *s3 = &c->cap[HP_CAP_S3];
	char state[SMALL];

	memset(c, 0, sizeof(*c));
	if (read_or_why(h, "sys/power/state", state, sizeof(state), s3->why)) {
		probe_s3_s2idle(h, state, c);
		probe_s4(h, state, &c->cap[HP_CAP_S4]);
	} else {
		c->cap[HP_CAP_S4] = c->cap[HP_CAP_S2IDLE] = *s3;
	}
	probe_hybrid(h, c);
	probe_rtc(h, c);
	c->cap[HP_CAP_SUSPEND_THEN_HIBERNATE].ok = true;
	hp_caps_judge_suspend_then_hibernate(c);
}

void hp_caps_judge_suspend_then_hibernate(struct hp_caps *c)
{
	struct hp_cap_state *sth = &c->cap[HP_CAP_SUSPEND_THEN_HIBERNATE];

	if (sth->ok)
		sth->ok = has_s3_s4(c, sth->why);
}

/* The capability that allows target t, HP_CAP_COUNT for none. */
static enum hp_cap cap_of(enum hp_target t)
{
	enum hp_cap i;

	for (i = 0; i < HP_CAP_COUNT; i++)
		if (t && infos[i].target == t)
			return i;
	return HP_CAP_COUNT;
}

bool hp_caps_allows(const struct hp_caps *c, enum hp_target t)
{
	enum hp_cap i = cap_of(t);

	return i < HP_CAP_COUNT && c->cap[i].ok;
}

const char *hp_caps_why_not(const struct hp_caps *c, enum hp_target t)
{
	enum hp_cap i = cap_of(t);

	return i < HP_CAP_COUNT ? c->cap[i].why : "not a sleep target";
}

const struct hp_cap_info *hp_caps_info(enum hp_cap i)
{
	return &infos[i];
}
