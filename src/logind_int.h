/*
 * logind_int.h -- inside the logind client: the context and what its three
 * files share. logind.c: the connection, login1's presence, the loop.
 * logind_query.c: Can* and ListInhibitors. logind_sleep.c: the delay lock
 * around every sleep, and our own sleep requests.
 */
#ifndef HP_LOGIND_INT_H
#define HP_LOGIND_INT_H

#include <systemd/sd-bus.h>

#include "logind.h"

struct hp_logind {
	struct hp_logind_ops ops;
	sd_bus *bus;                            /* NULL when not connected */
	sd_bus_slot *owner_match, *sleep_match; /* the two signals */
	sd_bus_slot *props_match;  /* login1's PropertiesChanged: an inhibitor came or went */
	sd_bus_slot *owner_q, *inhibit_q, *list_q, *can_q[HP_LOGIND_NSLEEP];
	enum hp_logind_presence presence;
	bool sleeping;                          /* PrepareForSleep(true) seen */
	int delay_fd;                           /* our delay lock, -1 when none */
	enum hp_logind_can can[HP_LOGIND_NSLEEP];
	struct hp_logind_inhibitor *inh;
	size_t n_inh;
	struct {                                /* our sleep request in flight */
		sd_bus_slot *q;
		enum hp_logind_sleep s;
		hp_logind_done_fn *done;
		void *data;
	} req;
};

/* Tell the owner about a failure in the background (ops.error). */
void logind_report(struct hp_logind *l, const struct hp_err *e);

/* Call member of login1's Manager asynchronously into *slot; cb gets l.
 * 0, or -errno with e "logind: member: cause". */
int logind_call(struct hp_logind *l, sd_bus_slot **slot, const char *member,
		sd_bus_message_handler_t cb, struct hp_err *e, const char *types, ...);

/* An error reply as -errno with e "logind: what: name: message"; 0 (e
 * untouched) when m is no error. */
int logind_reply_error(sd_bus_message *m, const char *what, struct hp_err *e);

/* Ask every Can* and ListInhibitors not already asked (logind_query.c). */
int logind_query_start(struct hp_logind *l, struct hp_err *e);

/* Is a Can* or ListInhibitors question unanswered? */
bool logind_query_busy(const struct hp_logind *l);

/* Forget the answers, and the questions in flight. */
void logind_query_forget(struct hp_logind *l);

/* Read an a(ssssuu) reply of ListInhibitors into l's list. 0 or -errno. */
int logind_inhibitors_read(struct hp_logind *l, sd_bus_message *m, struct hp_err *e);

/* Take a delay lock unless one is held or asked for, a sleep is on, or
 * login1 is absent (logind_sleep.c). */
void logind_lock_take(struct hp_logind *l);

/* Drop our delay lock (and a request for one), and the sleep state. */
void logind_lock_forget(struct hp_logind *l);

/* The PrepareForSleep(b) signal handler. */
int logind_prepare_signal(sd_bus_message *m, void *data, sd_bus_error *ret);

/* Our sleep request is over: clear it, then call its done with e. */
void logind_sleep_finish(struct hp_logind *l, const struct hp_err *e);

#endif
