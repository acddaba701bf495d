/*
 * logind_sleep.c -- sleeping through logind: the delay lock that lets us
 * speak before every sleep, and our own requests to sleep.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "logind_int.h"

#define DELAY_WHO "hostpowerd"
#define DELAY_WHY "announce before sleep"

/* ---- the delay lock ---- */

static int inhibit_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	struct hp_err e;
	int fd;

	(void)ret;
	l->inhibit_q = sd_bus_slot_unref(l->inhibit_q);
	if (logind_reply_error(m, "Inhibit(delay)", &e) < 0) {
		/* During a sleep logind refuses; the wake takes a new one. */
		if (!l->sleeping)
			logind_report(l, &e);
		return 0;
	}
	/* The fd belongs to the message: keep a copy, unless a sleep began
	 * meanwhile (logind would wait for a lock taken so late). */
	if (sd_bus_message_read(m, "h", &fd) < 0 || l->sleeping)
		return 0;
	if ((l->delay_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0) {
		hp_err_set(&e, errno, "logind: delay lock: %s", strerror(errno));
		logind_report(l, &e);
	}
	return 0;
}

void logind_lock_take(struct hp_logind *l)
{
	struct hp_err e;

	if (l->delay_fd >= 0 || l->inhibit_q || l->sleeping || l->presence != HP_LOGIND_PRESENT)
		return;
	if (logind_call(l, &l->inhibit_q, "Inhibit", inhibit_reply, &e, "ssss", "sleep",
			DELAY_WHO, DELAY_WHY, "delay") < 0)
		logind_report(l, &e);
}

/* Close our lock: logind goes on with the sleep. */
static void lock_release(struct hp_logind *l)
{
	if (l->delay_fd >= 0)
		close(l->delay_fd);
	l->delay_fd = -1;
}

void logind_lock_forget(struct hp_logind *l)
{
	l->inhibit_q = sd_bus_slot_unref(l->inhibit_q);
	lock_release(l);
	l->sleeping = false;
}

int logind_prepare_signal(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	int start;

	(void)ret;
	if (sd_bus_message_read(m, "b", &start) < 0 || (bool)start == l->sleeping)
		return 0;
	l->sleeping = start;
	if (start) {
		if (!l->ops.before_sleep || !l->ops.before_sleep(l->ops.data))
			lock_release(l);
	} else {
		if (l->ops.after_sleep)
			l->ops.after_sleep(l->ops.data);
		logind_lock_take(l);
	}
	return 0;
}

/* ---- our sleep requests ---- */

void logind_sleep_finish(struct hp_logind *l, const struct hp_err *e)
{
	hp_logind_done_fn *done = l->req.done;

	l->req.q = sd_bus_slot_unref(l->req.q);
	l->req.done = NULL;
	if (done)
		done(l->req.data, e);
}

static int verb_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	struct hp_err e;

	(void)ret;
	hp_err_clear(&e);
	logind_reply_error(m, hp_logind_sleep_name(l->req.s), &e);
	logind_sleep_finish(l, &e);
	return 0;
}

/* Call the verb itself (interactive=false: never a polkit dialogue). */
static int verb_call(struct hp_logind *l, struct hp_err *e)
{
	l->req.q = sd_bus_slot_unref(l->req.q);
	return logind_call(l, &l->req.q, hp_logind_sleep_name(l->req.s), verb_reply, e, "b", 0);
}

/* The inhibitors as they are right before the request. */
static int check_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	struct hp_err e;

	(void)ret;
	hp_err_clear(&e);
	if (logind_reply_error(m, "ListInhibitors", &e) < 0 ||
	    logind_inhibitors_read(l, m, &e) < 0)
		logind_sleep_finish(l, &e);
	else if (hp_logind_blocker(l->inh, l->n_inh, e.msg, sizeof(e.msg)) > 0) {
		e.code = EBUSY;
		logind_sleep_finish(l, &e);
	} else if (verb_call(l, &e) < 0)
		logind_sleep_finish(l, &e);
	return 0;
}

int hp_logind_sleep(struct hp_logind *l, enum hp_logind_sleep s, bool ignore_inhibitors,
		    hp_logind_done_fn *done, void *data, struct hp_err *e)
{
	int r;

	if ((unsigned)s >= HP_LOGIND_NSLEEP)
		return hp_err_set(e, EINVAL, "logind: no such sleep verb %d", (int)s);
	if (!l->bus)
		return hp_err_set(e, ENOTCONN, "logind: not connected to the system bus");
	if (l->req.q)
		return hp_err_set(e, EALREADY, "logind: a %s request is in flight",
				  hp_logind_sleep_name(l->req.s));
	l->req.s = s;
	l->req.done = done;
	l->req.data = data;
	/* logind lets root through block locks: look for them ourselves. */
	if (ignore_inhibitors)
		r = verb_call(l, e);
	else
		r = logind_call(l, &l->req.q, "ListInhibitors", check_reply, e, "");
	if (r < 0)
		l->req.done = NULL;
	return r;
}

void hp_logind_release(struct hp_logind *l)
{
	/* After PrepareForSleep(false) the lock held is the next sleep's. */
	if (l->sleeping)
		lock_release(l);
}

bool hp_logind_delay_held(const struct hp_logind *l)
{
	return l->delay_fd >= 0;
}

bool hp_logind_sleeping(const struct hp_logind *l)
{
	return l->sleeping;
}
