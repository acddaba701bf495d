/*
 * logind.c -- the logind client's connection to the system bus: login1's
 * presence, the select() loop's part, and the context.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "logind_int.h"

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define LOGIND_IFACE "org.freedesktop.login1.Manager"
#define CALL_TIMEOUT_US (5 * 1000000ULL) /* a live logind answers in ms */
#define PROCESS_MAX 64                    /* messages per hp_logind_process */

void logind_report(struct hp_logind *l, const struct hp_err *e)
{
	if (l->ops.error)
		l->ops.error(l->ops.data, e);
}

int logind_reply_error(sd_bus_message *m, const char *what, struct hp_err *e)
{
	const sd_bus_error *be = sd_bus_message_get_error(m);

	if (!be)
		return 0;
	return hp_err_set(e, sd_bus_error_get_errno(be), "logind: %s: %s: %s", what, be->name,
			  be->message ? be->message : "");
}

int logind_call(struct hp_logind *l, sd_bus_slot **slot, const char *member,
		sd_bus_message_handler_t cb, struct hp_err *e, const char *types, ...)
{
	va_list ap;
	int r;

	va_start(ap, types);
	r = sd_bus_call_method_asyncv(l->bus, slot, LOGIND_NAME, LOGIND_PATH, LOGIND_IFACE,
				      member, cb, l, types, ap);
	va_end(ap);
	if (r < 0)
		return hp_err_set(e, -r, "logind: %s: %s", member, strerror(-r));
	return 0;
}

/* ---- presence of login1 ---- */

/* login1 is now there or not: start or forget, and tell the owner. */
static void presence_set(struct hp_logind *l, bool present)
{
	enum hp_logind_presence p = present ? HP_LOGIND_PRESENT : HP_LOGIND_ABSENT;
	struct hp_err e;

	if (l->presence == p)
		return;
	l->presence = p;
	logind_query_forget(l);
	logind_lock_forget(l);
	if (present) {
		logind_lock_take(l);
		if (logind_query_start(l, &e) < 0)
			logind_report(l, &e);
	}
	if (l->ops.presence)
		l->ops.presence(l->ops.data, present);
}

static int owner_signal(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	const char *name, *old, *new;

	(void)ret;
	if (sd_bus_message_read(m, "sss", &name, &old, &new) < 0 || strcmp(name, LOGIND_NAME))
		return 0;
	/* A new owner is a new logind: what the old one said is void. */
	if (old[0])
		presence_set(l, false);
	if (new[0])
		presence_set(l, true);
	return 0;
}

static int owner_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	struct hp_err e;
	int has = 0;

	(void)ret;
	l->owner_q = sd_bus_slot_unref(l->owner_q);
	if (logind_reply_error(m, "NameHasOwner", &e) < 0)
		logind_report(l, &e);
	else if (sd_bus_message_read(m, "b", &has) < 0)
		has = 0;
	presence_set(l, has);
	return 0;
}

/* ---- the connection ---- */

/* Drop the connection and all that hangs on it; a sleep request in flight
 * ends with e, once the context is closed (its done may ask again). */
static void bus_drop(struct hp_logind *l, const struct hp_err *e)
{
	bool was = l->presence == HP_LOGIND_PRESENT, asking = l->req.q != NULL;

	l->owner_match = sd_bus_slot_unref(l->owner_match);
	l->sleep_match = sd_bus_slot_unref(l->sleep_match);
	l->props_match = sd_bus_slot_unref(l->props_match);
	l->owner_q = sd_bus_slot_unref(l->owner_q);
	l->req.q = sd_bus_slot_unref(l->req.q);
	logind_query_forget(l);
	logind_lock_forget(l);
	l->bus = sd_bus_close_unref(l->bus);
	l->presence = HP_LOGIND_ABSENT;
	if (was && l->ops.presence)
		l->ops.presence(l->ops.data, false);
	if (asking)
		logind_sleep_finish(l, e);
}

/* login1's properties changed (BlockInhibited, DelayInhibited, ...: an
 * inhibitor was taken or released): ask again at once, so a SET sees a lock
 * taken a moment ago, not only at the next periodic refresh. */
static int props_signal(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_err e;

	(void)m; (void)ret;
	hp_logind_refresh(data, &e);
	return 0;
}

/* Connect and start watching login1. */
static int bus_connect(struct hp_logind *l, struct hp_err *e)
{
	static const char owner_rule[] =
	    "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
	    "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" LOGIND_NAME "'";
	int r;

	if ((r = sd_bus_open_system(&l->bus)) < 0) {
		l->bus = NULL;
		return hp_err_set(e, -r, "logind: system bus: %s", strerror(-r));
	}
	l->presence = HP_LOGIND_UNKNOWN;
	/* Matches first: a change after the question then comes as a signal. */
	if ((r = sd_bus_set_method_call_timeout(l->bus, CALL_TIMEOUT_US)) < 0 ||
	    (r = sd_bus_add_match_async(l->bus, &l->owner_match, owner_rule, owner_signal, NULL,
					l)) < 0 ||
	    (r = sd_bus_match_signal_async(l->bus, &l->sleep_match, LOGIND_NAME, LOGIND_PATH,
					   LOGIND_IFACE, "PrepareForSleep",
					   logind_prepare_signal, NULL, l)) < 0 ||
	    (r = sd_bus_match_signal_async(l->bus, &l->props_match, LOGIND_NAME, LOGIND_PATH,
					   "org.freedesktop.DBus.Properties", "PropertiesChanged",
					   props_signal, NULL, l)) < 0 ||
	    (r = sd_bus_call_method_async(l->bus, &l->owner_q, "org.freedesktop.DBus",
					  "/org/freedesktop/DBus", "org.freedesktop.DBus",
					  "NameHasOwner", owner_reply, l, "s", LOGIND_NAME)) < 0) {
		hp_err_set(e, -r, "logind: system bus: %s", strerror(-r));
		bus_drop(l, e);
		return r;
	}
	return 0;
}

/* ---- the context and the loop ---- */

int hp_logind_open(struct hp_logind **out, const struct hp_logind_ops *ops, struct hp_err *e)
{
	struct hp_logind *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return hp_err_set(e, ENOMEM, "logind: %s", strerror(ENOMEM));
	if (ops)
		l->ops = *ops;
	l->delay_fd = -1;
	l->presence = HP_LOGIND_ABSENT;
	if ((r = bus_connect(l, e)) < 0) {
		free(l);
		return r;
	}
	*out = l;
	return 0;
}

void hp_logind_free(struct hp_logind *l)
{
	if (!l)
		return;
	l->ops = (struct hp_logind_ops){ 0 };
	l->req.done = NULL;
	bus_drop(l, NULL);
	free(l);
}

int hp_logind_fd(const struct hp_logind *l)
{
	return l->bus ? sd_bus_get_fd(l->bus) : -1;
}

short hp_logind_events(const struct hp_logind *l)
{
	int r = l->bus ? sd_bus_get_events(l->bus) : 0;

	return r > 0 ? (short)r : 0;
}

int hp_logind_timeout(const struct hp_logind *l, struct timeval *tv)
{
	uint64_t at, now;
	struct timespec ts;

	/* sd-bus gives an absolute CLOCK_MONOTONIC time; select wants a span. */
	if (!l->bus || sd_bus_get_timeout(l->bus, &at) <= 0 || at == UINT64_MAX)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	at = at > now ? at - now : 0;
	tv->tv_sec = (time_t)(at / 1000000);
	tv->tv_usec = (suseconds_t)(at % 1000000);
	return 1;
}

int hp_logind_process(struct hp_logind *l, struct hp_err *e)
{
	struct hp_err lost;
	int i, r = 0;

	if (!l->bus)
		return hp_err_set(e, ENOTCONN, "logind: not connected to the system bus");
	/* Bounded: a flood must not starve the rest of the loop. */
	for (i = 0; i < PROCESS_MAX && (r = sd_bus_process(l->bus, NULL)) > 0; i++)
		;
	if (r >= 0)
		return 0;
	/* sd-bus fails the calls in flight as it closes; any left end here. */
	hp_err_set(&lost, -r, "logind: the system bus connection was lost: %s", strerror(-r));
	bus_drop(l, &lost);
	if (e)
		*e = lost;
	return -ENOTCONN;
}

/* Anything asked and not answered yet (a sleep request aside)? */
static bool logind_busy(const struct hp_logind *l)
{
	return l->bus && (l->presence == HP_LOGIND_UNKNOWN || l->owner_q || l->inhibit_q ||
			  logind_query_busy(l));
}

/* Milliseconds on the monotonic clock. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int hp_logind_settle(struct hp_logind *l, int timeout_ms, struct hp_err *e)
{
	int64_t end = now_ms() + timeout_ms, left, due;
	struct pollfd p;
	struct timeval tv;
	int r;

	while ((r = hp_logind_process(l, e)) == 0 && logind_busy(l)) {
		if ((left = end - now_ms()) <= 0)
			return hp_err_set(e, ETIMEDOUT, "logind: no answer within %d ms", timeout_ms);
		if (hp_logind_timeout(l, &tv) && (due = tv.tv_sec * 1000 + tv.tv_usec / 1000) < left)
			left = due;
		p = (struct pollfd){ .fd = hp_logind_fd(l), .events = hp_logind_events(l) };
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return hp_err_set(e, errno, "logind: poll: %s", strerror(errno));
	}
	return r;
}

int hp_logind_refresh(struct hp_logind *l, struct hp_err *e)
{
	int r;

	if (!l->bus && (r = bus_connect(l, e)) < 0)
		return r;
	if (l->presence != HP_LOGIND_PRESENT)
		return 0;
	logind_lock_take(l);
	return logind_query_start(l, e);
}

enum hp_logind_presence hp_logind_presence(const struct hp_logind *l)
{
	return l->presence;
}
