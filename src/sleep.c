/* sleep.c -- enter a sleep state: wakeup_count, sync, the blocking write. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "rtc.h"
#include "sleep.h"

#define SIM_LOG HP_SIM_DIR "/kernel.log"
#define SIM_FAIL HP_SIM_DIR "/fail_errno"
#define SIM_WAKE HP_SIM_DIR "/wake"
#define SIM_STEP_MS 100

/* Put "step: " in front of e's message. */
static int err_step(struct hp_err *e, int r, const char *step)
{
	char msg[HP_ERR_MAX];

	if (!e)
		return r;
	memcpy(msg, e->msg, sizeof(msg));
	return hp_err_set(e, -r, "%s: %s", step, msg);
}

/* Append "ctl value" to sim/kernel.log: what a simulated host was told. */
static int sim_log(const struct hp_host *h, const char *ctl, const char *value,
		   struct hp_err *e)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %s\n", ctl, value);
	return hp_host_sim_put(h, SIM_LOG, line, true, e);
}

/* A kernel control write (ctl is "power/state" etc. under sys/): the real
 * file, or a line of sim/kernel.log on a simulated host. */
static int control_write(const struct hp_host *h, const char *ctl, const char *value,
			 struct hp_err *e)
{
	char rel[64];

	if (h->simulate)
		return sim_log(h, ctl, value, e);
	snprintf(rel, sizeof(rel), "sys/%s", ctl);
	return hp_host_write(h, rel, value, e);
}

/* The bracketed word of a sysfs list ("platform" of "[platform] shutdown")
 * into out, or "" when none is marked. */
static void current_word(const char *list, char *out, size_t len)
{
	const char *open = strchr(list, '['), *close = open ? strchr(open, ']') : NULL;

	out[0] = '\0';
	if (close && (size_t)(close - open) <= len)
		snprintf(out, len, "%.*s", (int)(close - open - 1), open + 1);
}

/* Set power/disk to mode; if that changed the host's own setting, keep the
 * old one in restore, to be put back after the sleep. */
static int set_disk_mode(const struct hp_host *h, const char *disk, const char *mode,
			 char *restore, size_t rlen, struct hp_err *e)
{
	char was[64];
	int r;

	current_word(disk, was, sizeof(was));
	if ((r = control_write(h, "power/disk", mode, e)) < 0)
		return r;
	if (was[0] && strcmp(was, mode) != 0)
		snprintf(restore, rlen, "%s", was);
	return 0;
}

/* Select what the state word means: S3 proper, or how to end a hibernation
 * (hybrid: suspend to RAM after writing the image). */
static int prepare(const struct hp_host *h, enum hp_target t, char *restore, size_t rlen,
		   struct hp_err *e)
{
	const char *mode;
	char disk[256];
	int r;

	if (t == HP_TARGET_MEM)
		return control_write(h, "power/mem_sleep", "deep", e);
	if (t != HP_TARGET_DISK && t != HP_TARGET_HYBRID)
		return 0;
	if ((r = hp_host_read(h, "sys/power/disk", disk, sizeof(disk), e)) < 0)
		return r;
	if (t == HP_TARGET_HYBRID)
		mode = "suspend";
	else
		mode = hp_host_has_word(disk, "platform") ? "platform" : "shutdown";
	return set_disk_mode(h, disk, mode, restore, rlen, e);
}

/* Read wakeup_count, sync, write it back: EBUSY if a wakeup event came since. */
static int wakeup_count(const struct hp_host *h, struct hp_err *e)
{
	char count[64];
	int r;

	if ((r = hp_host_read(h, "sys/power/wakeup_count", count, sizeof(count), e)) < 0)
		return r;
	sync();
	if ((r = control_write(h, "power/wakeup_count", count, e)) < 0 && r == -EBUSY)
		return err_step(e, r, "a wakeup event arrived");
	return r;
}

/* The errno named in sim/fail_errno ("5" or "EIO"): 0 when there is none. */
static int sim_fail_errno(const struct hp_host *h)
{
	char buf[32], *end;
	const char *name;
	long n;
	int i;

	if (hp_host_read(h, SIM_FAIL, buf, sizeof(buf), NULL) <= 0)
		return 0;
	n = strtol(buf, &end, 10);
	if (*end == '\0' && n > 0 && n < 4096)
		return (int)n;
	for (i = 1; i < 200; i++)
		if ((name = strerrorname_np(i)) && strcmp(name, buf) == 0)
			return i;
	return EINVAL;
}

/* Was the simulated host woken before its alarm (sim/wake there)? The
 * file is taken away, as a key is let go. */
static bool sim_woken_early(const struct hp_host *h)
{
	char path[HP_PATH_MAX];

	return hp_host_path(h, SIM_WAKE, path, sizeof(path)) == 0 && unlink(path) == 0;
}

/* The simulated sleep: wait until the alarm time in small steps (the wall
 * clock may be set meanwhile), then do what the kernel does on waking; an
 * early wake leaves the alarm armed. */
static int sim_sleep(const struct hp_host *h, const char *rtc, time_t when, struct hp_err *e)
{
	struct timespec start, now, step;
	bool early = false;
	int64_t left_ms;
	int r;

	if ((r = sim_fail_errno(h)))
		return hp_err_set(e, r, "sys/power/state: %s (%s)", strerror(r), SIM_FAIL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_REALTIME, &now);
		left_ms = (int64_t)when * 1000 - (int64_t)now.tv_sec * 1000 - now.tv_nsec / 1000000;
		if (left_ms <= 0 || (early = sim_woken_early(h)))
			break;
		if (left_ms > SIM_STEP_MS)
			left_ms = SIM_STEP_MS;
		step.tv_sec = 0;
		step.tv_nsec = left_ms * 1000000;
		nanosleep(&step, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!early && (r = hp_rtc_sim_fire(h, rtc, e)) < 0)
		return r;
	return hp_clock_sim_advance(h, (int64_t)(now.tv_sec - start.tv_sec) * 1000 +
				    (now.tv_nsec - start.tv_nsec) / 1000000, e);
}

/* Refuse to sleep unless the alarm will wake us: armed, in the future, and
 * on an RTC still allowed to wake the host (wakeup may be disabled at any
 * time between the SET and the sleep). */
static int check_alarm(const struct hp_host *h, const char *rtc, time_t *when,
		       struct hp_err *e)
{
	char why[HP_WHY_MAX];
	int r;

	if (!hp_caps_rtc_wakes(h, rtc, why))
		return hp_err_set(e, ETIME, "%s cannot wake the host (%s): not sleeping", rtc, why);
	r = hp_rtc_read(h, rtc, when, e);
	if (r < 0)
		return r;
	if (r == 0)
		return hp_err_set(e, ETIME, "no wake alarm armed on %s: not sleeping", rtc);
	if (*when <= time(NULL))
		return hp_err_set(e, ETIME, "wake alarm on %s is not in the future: not sleeping",
				  rtc);
	return 0;
}

int hp_sleep_enter(const struct hp_host *h, const char *rtc, enum hp_target t,
		   int64_t *asleep_ms, struct hp_err *e)
{
	const char *word = hp_target_state_word(t);
	char restore[64] = "";
	struct hp_caps c;
	int64_t before = 0;
	time_t when;
	int r;

	if (!rtc || !rtc[0])
		rtc = h->rtc;
	if (!rtc[0]) {
		hp_caps_probe(h, &c);
		if (!c.cap[HP_CAP_RTC_WAKE].ok)
			return hp_err_set(e, ETIME, "no RTC can wake the host (%s): not sleeping",
					  c.cap[HP_CAP_RTC_WAKE].why);
		rtc = c.rtc;
	}
	if (!word)
		r = hp_err_set(e, EINVAL, "%d is not a sleep target", (int)t);
	else if ((r = check_alarm(h, rtc, &when, e)) < 0 ||
		 (r = prepare(h, t, restore, sizeof(restore), e)) < 0 ||
		 (r = wakeup_count(h, e)) < 0)
		;
	else {
		before = hp_clock_sleep_offset_ms(h);
		r = control_write(h, "power/state", word, e);
		if (r == 0 && h->simulate)
			r = sim_sleep(h, rtc, when, e);
		if (r < 0)
			err_step(e, r, word);
	}
	/* Leave the host's hibernation mode as it was: a later plain
	 * hibernation by another tool must not turn into a hybrid sleep. */
	if (restore[0])
		control_write(h, "power/disk", restore, NULL);
	if (r < 0) {
		hp_rtc_disarm(h, rtc, NULL);
		return r;
	}
	if (asleep_ms)
		*asleep_ms = hp_clock_sleep_offset_ms(h) - before;
	/* Woken early by something else: the alarm is still armed. */
	if (hp_rtc_read(h, rtc, NULL, NULL) == 1)
		hp_rtc_disarm(h, rtc, NULL);
	return 0;
}

unsigned hp_sleep_first_phase(unsigned delay, unsigned duration)
{
	return delay < duration ? delay : duration;
}

enum hp_sleep_next hp_sleep_after_mem(time_t alarm, time_t end, time_t woke, time_t now,
				      unsigned *rest)
{
	*rest = 0;
	if (woke < alarm - 1)
		return HP_SLEEP_NEXT_RESUME;
	if (end - now < HP_SLEEP_HIBERNATE_MIN_S)
		return HP_SLEEP_NEXT_DONE;
	*rest = (unsigned)(end - now);
	return HP_SLEEP_NEXT_HIBERNATE;
}
