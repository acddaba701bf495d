/* logind_query.c -- what logind says: Can* and the inhibitor list. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logind_int.h"

static const char *const sleep_names[HP_LOGIND_NSLEEP] = {
	"Suspend", "Hibernate", "HybridSleep", "SuspendThenHibernate"
};

static const char *const can_names[] = { "unknown", "yes", "no", "challenge", "na" };

const char *hp_logind_sleep_name(enum hp_logind_sleep s)
{
	return (unsigned)s < HP_LOGIND_NSLEEP ? sleep_names[s] : "?";
}

const char *hp_logind_can_name(enum hp_logind_can c)
{
	return (unsigned)c <= HP_LOGIND_CAN_NA ? can_names[c] : "unknown";
}

int hp_logind_sleep_of_target(enum hp_target t)
{
	switch (t) {
	case HP_TARGET_MEM: return HP_LOGIND_SUSPEND;
	case HP_TARGET_DISK: return HP_LOGIND_HIBERNATE;
	case HP_TARGET_HYBRID: return HP_LOGIND_HYBRID_SLEEP;
	case HP_TARGET_SUSPEND_THEN_HIBERNATE: return HP_LOGIND_SUSPEND_THEN_HIBERNATE;
	default: return -1;
	}
}

bool logind_query_busy(const struct hp_logind *l)
{
	int i;

	for (i = 0; i < HP_LOGIND_NSLEEP; i++)
		if (l->can_q[i])
			return true;
	return l->list_q != NULL;
}

/* One answer came; tell the owner when it was the last. */
static void query_answered(struct hp_logind *l)
{
	if (!logind_query_busy(l) && l->ops.refreshed)
		l->ops.refreshed(l->ops.data);
}

static enum hp_logind_can can_parse(const char *word)
{
	int c;

	for (c = HP_LOGIND_CAN_YES; c <= HP_LOGIND_CAN_NA; c++)
		if (strcmp(word, can_names[c]) == 0)
			return c;
	return HP_LOGIND_CAN_UNKNOWN;
}

static int can_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	sd_bus_slot *slot = sd_bus_get_current_slot(sd_bus_message_get_bus(m));
	char member[48];
	const char *word;
	struct hp_err e;
	int i;

	(void)ret;
	/* One handler for the four: the slot tells which. */
	for (i = 0; i < HP_LOGIND_NSLEEP && l->can_q[i] != slot; i++)
		;
	if (i == HP_LOGIND_NSLEEP)
		return 0;
	l->can_q[i] = sd_bus_slot_unref(l->can_q[i]);
	l->can[i] = HP_LOGIND_CAN_UNKNOWN;
	snprintf(member, sizeof(member), "Can%s", sleep_names[i]);
	if (logind_reply_error(m, member, &e) < 0)
		logind_report(l, &e);
	else if (sd_bus_message_read(m, "s", &word) >= 0)
		l->can[i] = can_parse(word);
	query_answered(l);
	return 0;
}

/* Copy src into a fixed field, cut to fit. */
static void field_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

int logind_inhibitors_read(struct hp_logind *l, sd_bus_message *m, struct hp_err *e)
{
	struct hp_logind_inhibitor *v = NULL, *nv, *x;
	const char *what, *who, *why, *mode;
	uint32_t uid, pid;
	size_t n = 0;
	int r;

	if ((r = sd_bus_message_enter_container(m, 'a', "(ssssuu)")) < 0)
		goto bad;
	while ((r = sd_bus_message_read(m, "(ssssuu)", &what, &who, &why, &mode, &uid, &pid)) > 0) {
		if (!(nv = realloc(v, (n + 1) * sizeof(*v)))) {
			r = -ENOMEM;
			goto bad;
		}
		v = nv;
		x = &v[n++];
		field_copy(x->what, sizeof(x->what), what);
		field_copy(x->who, sizeof(x->who), who);
		field_copy(x->why, sizeof(x->why), why);
		field_copy(x->mode, sizeof(x->mode), mode);
		x->uid = uid;
		x->pid = pid;
	}
	if (r < 0)
		goto bad;
	free(l->inh);
	l->inh = v;
	l->n_inh = n;
	return 0;
bad:
	free(v);
	return hp_err_set(e, -r, "logind: ListInhibitors: %s", strerror(-r));
}

static int list_reply(sd_bus_message *m, void *data, sd_bus_error *ret)
{
	struct hp_logind *l = data;
	struct hp_err e;

	(void)ret;
	l->list_q = sd_bus_slot_unref(l->list_q);
	if (logind_reply_error(m, "ListInhibitors", &e) < 0 ||
	    logind_inhibitors_read(l, m, &e) < 0)
		logind_report(l, &e);
	query_answered(l);
	return 0;
}

int logind_query_start(struct hp_logind *l, struct hp_err *e)
{
	char member[48];
	int i, r;

	for (i = 0; i < HP_LOGIND_NSLEEP; i++) {
		if (l->can_q[i])
			continue;
		snprintf(member, sizeof(member), "Can%s", sleep_names[i]);
		if ((r = logind_call(l, &l->can_q[i], member, can_reply, e, "")) < 0)
			return r;
	}
	if (!l->list_q)
		return logind_call(l, &l->list_q, "ListInhibitors", list_reply, e, "");
	return 0;
}

void logind_query_forget(struct hp_logind *l)
{
	int i;

	for (i = 0; i < HP_LOGIND_NSLEEP; i++) {
		l->can_q[i] = sd_bus_slot_unref(l->can_q[i]);
		l->can[i] = HP_LOGIND_CAN_UNKNOWN;
	}
	l->list_q = sd_bus_slot_unref(l->list_q);
	free(l->inh);
	l->inh = NULL;
	l->n_inh = 0;
}

enum hp_logind_can hp_logind_can(const struct hp_logind *l, enum hp_logind_sleep s)
{
	return (unsigned)s < HP_LOGIND_NSLEEP ? l->can[s] : HP_LOGIND_CAN_UNKNOWN;
}

bool hp_logind_allows(const struct hp_logind *l, enum hp_logind_sleep s, char *why)
{
	enum hp_logind_can c = hp_logind_can(l, s);

	if (l->presence != HP_LOGIND_PRESENT)
		snprintf(why, HP_WHY_MAX, "logind: %s",
			 l->bus ? "not on the system bus" : "no system bus connection");
	else if (c == HP_LOGIND_CAN_YES)
		why[0] = '\0';
	else
		snprintf(why, HP_WHY_MAX, "logind: Can%s=%s", hp_logind_sleep_name(s),
			 hp_logind_can_name(c));
	return why[0] == '\0';
}

const struct hp_logind_inhibitor *hp_logind_inhibitors(const struct hp_logind *l, size_t *n)
{
	*n = l->n_inh;
	return l->inh;
}

/* Show a foreign string with its control characters as '?'. */
static void text_clean(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' : src[i];
	dst[i] = '\0';
}

/* Does colon list what name sleep? */
static bool what_has_sleep(const char *what)
{
	size_t n = strlen("sleep");
	const char *p;

	for (p = what; (p = strstr(p, "sleep")); p += n)
		if ((p == what || p[-1] == ':') && (p[n] == '\0' || p[n] == ':'))
			return true;
	return false;
}

size_t hp_logind_blocker(const struct hp_logind_inhibitor *v, size_t n, char *msg, size_t len)
{
	char who[HP_LOGIND_TEXT_MAX], why[HP_LOGIND_TEXT_MAX];
	const struct hp_logind_inhibitor *first = NULL;
	size_t i, count = 0;
	int w;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].mode, "block") == 0 && what_has_sleep(v[i].what) && !count++)
			first = &v[i];
	if (!count)
		return 0;
	text_clean(who, sizeof(who), first->who);
	text_clean(why, sizeof(why), first->why);
	w = snprintf(msg, len, "blocked by \"%s\" (pid %u): \"%s\"", who, (unsigned)first->pid,
		     why);
	if (count > 1 && w >= 0 && (size_t)w < len)
		snprintf(msg + w, len - w, " and %zu more", count - 1);
	return count;
}
