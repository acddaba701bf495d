/* priv.c -- the monitor's message format, and the SNMP side's end of it. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "priv.h"

#define CLIENT(o) ((struct hp_priv_client *)((char *)(o) - offsetof(struct hp_priv_client, ops)))

/* The name of an op, for messages. */
static const char *op_name(unsigned op)
{
	static const char *const names[] = {
		[HP_PRIV_HELLO] = "HELLO", [HP_PRIV_RTC_ARM] = "RTC_ARM",
		[HP_PRIV_RTC_READ] = "RTC_READ", [HP_PRIV_RTC_DISARM] = "RTC_DISARM",
		[HP_PRIV_SLEEP] = "SLEEP", [HP_PRIV_SWAPFILE_PAGE] = "SWAPFILE_PAGE",
		[HP_PRIV_WOL_GET] = "WOL_GET",
	};

	return op < sizeof(names) / sizeof(names[0]) && names[op] ? names[op] : "?";
}

/* Does op belong on channel ch? HELLO is never a request. */
static bool op_on_channel(unsigned op, enum hp_priv_channel ch)
{
	if (ch == HP_PRIV_SLEEPER)
		return op == HP_PRIV_SLEEP;
	return op == HP_PRIV_RTC_ARM || op == HP_PRIV_RTC_READ || op == HP_PRIV_RTC_DISARM ||
	       op == HP_PRIV_SWAPFILE_PAGE || op == HP_PRIV_WOL_GET;
}

/* Are value and number of r what its op takes? */
static int check_args(const struct hp_priv_req *r, struct hp_err *e)
{
	if (r->op == HP_PRIV_SLEEP) {
		if (r->value < HP_TARGET_MEM || r->value > HP_TARGET_FREEZE)
			return hp_err_set(e, EINVAL, "SLEEP: target %u is not mem, disk, hybrid "
					  "or freeze", r->value);
	} else if (r->op == HP_PRIV_SWAPFILE_PAGE) {
		if (r->value >= HP_PRIV_SWAPS_MAX)
			return hp_err_set(e, EINVAL, "SWAPFILE_PAGE: swap %u is not in 0..%u",
					  r->value, HP_PRIV_SWAPS_MAX - 1);
	} else if (r->op == HP_PRIV_WOL_GET) {
		if (r->value == 0 || r->value > INT_MAX)
			return hp_err_set(e, EINVAL, "WOL_GET: interface index %u is not in 1..%d",
					  r->value, INT_MAX);
	} else if (r->value != 0) {
		return hp_err_set(e, EINVAL, "%s takes no value (got %u)", op_name(r->op), r->value);
	}
	if (r->op == HP_PRIV_RTC_ARM) {
		if (r->number == 0)
			return hp_err_set(e, EINVAL, "RTC_ARM: 0 seconds from now");
	} else if (r->number != 0) {
		return hp_err_set(e, EINVAL, "%s takes no number (got %u)", op_name(r->op), r->number);
	}
	return 0;
}

int hp_priv_parse(const void *buf, size_t len, enum hp_priv_channel ch, struct hp_priv_req *r,
		  struct hp_err *e)
{
	if (len != sizeof(*r))
		return hp_err_set(e, EBADMSG, "a message of %zu bytes, not %zu", len, sizeof(*r));
	memcpy(r, buf, sizeof(*r));
	if (r->magic != HP_PRIV_MAGIC)
		return hp_err_set(e, EBADMSG, "bad magic 0x%08x", r->magic);
	if (r->version != HP_PRIV_VERSION)
		return hp_err_set(e, EBADMSG, "protocol version %u, not %u", r->version,
				  HP_PRIV_VERSION);
	if (!op_on_channel(r->op, HP_PRIV_CONTROL) && !op_on_channel(r->op, HP_PRIV_SLEEPER))
		return hp_err_set(e, EOPNOTSUPP, "unknown operation %u", r->op);
	if (!op_on_channel(r->op, ch))
		return hp_err_set(e, EOPNOTSUPP, "%s does not go on the %s channel", op_name(r->op),
				  ch == HP_PRIV_SLEEPER ? "sleep" : "control");
	return check_args(r, e);
}

int hp_priv_check_answer(const void *buf, size_t len, enum hp_priv_op op,
			 struct hp_priv_answer *a, struct hp_err *e)
{
	if (len != sizeof(*a))
		return hp_err_set(e, EBADMSG, "an answer of %zu bytes, not %zu", len, sizeof(*a));
	memcpy(a, buf, sizeof(*a));
	if (a->magic != HP_PRIV_MAGIC || a->version != HP_PRIV_VERSION || a->reserved != 0)
		return hp_err_set(e, EBADMSG, "an answer with a bad header");
	if (a->op != op)
		return hp_err_set(e, EBADMSG, "an answer to %s, not to %s", op_name(a->op),
				  op_name(op));
	if (!memchr(a->msg, '\0', sizeof(a->msg)))
		return hp_err_set(e, EBADMSG, "an answer whose text is not terminated");
	if (a->rc < -4095 || a->rc > (op == HP_PRIV_RTC_READ ? 1 : 0))
		return hp_err_set(e, EBADMSG, "an answer with rc %d", a->rc);
	return 0;
}

/* The channel failed: close it for good; -EPIPE with e saying what. */
static int client_broken(int *fd, const char *what, struct hp_err *e)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return hp_err_set(e, EPIPE, "the privileged monitor: %s", what);
}

/* Wait for the answer on *fd (up to timeout_ms, -1 = no bound) and check
 * it. 0 with *a, or -EPIPE (the channel closed). */
static int client_receive(int *fd, enum hp_priv_op op, int timeout_ms, struct hp_priv_answer *a,
			  struct hp_err *e)
{
	struct pollfd p = { .fd = *fd, .events = POLLIN };
	char buf[sizeof(*a) + 1];
	struct hp_err why;
	ssize_t n;
	int r;

	while ((r = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return client_broken(fd, "no answer in time", e);
	while ((n = recv(*fd, buf, sizeof(buf), MSG_TRUNC)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return client_broken(fd, n == 0 ? "gone" : strerror(errno), e);
	if (hp_priv_check_answer(buf, (size_t)n, op, a, &why) < 0)
		return client_broken(fd, why.msg, e);
	return 0;
}

/* Ask op with value and number on *fd: the answer's rc (e filled from its
 * text when negative) and the answer in *a. */
static int client_ask(int *fd, enum hp_priv_op op, uint32_t value, uint32_t number,
		      struct hp_priv_answer *a, struct hp_err *e)
{
	struct hp_priv_req r = { .magic = HP_PRIV_MAGIC, .version = HP_PRIV_VERSION,
				 .op = (uint16_t)op, .value = value, .number = number };
	ssize_t n;
	int rc;

	if (*fd < 0)
		return hp_err_set(e, EPIPE, "the privileged monitor is gone");
	while ((n = send(*fd, &r, sizeof(r), MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(r))
		return client_broken(fd, n < 0 ? strerror(errno) : "short send", e);
	rc = client_receive(fd, op, op == HP_PRIV_SLEEP ? -1 : HP_PRIV_TIMEOUT_MS, a, e);
	if (rc < 0)
		return rc;
	if (a->rc < 0)
		return hp_err_set(e, -a->rc, "%s", a->msg[0] ? a->msg : strerror(-a->rc));
	return a->rc;
}

/* client_ask, keeping only the answer's number (into *out when not NULL). */
static int client_call(int *fd, enum hp_priv_op op, uint32_t value, uint32_t number,
		       int64_t *out, struct hp_err *e)
{
	struct hp_priv_answer a;
	int rc = client_ask(fd, op, value, number, &a, e);

	if (rc >= 0 && out)
		*out = a.number;
	return rc;
}

static int client_arm(struct hp_ops *o, unsigned seconds, time_t *when, struct hp_err *e)
{
	int64_t t = 0;
	int r = client_call(&CLIENT(o)->control, HP_PRIV_RTC_ARM, 0, seconds, &t, e);

	if (r == 0 && when)
		*when = (time_t)t;
	return r;
}

static int client_read(struct hp_ops *o, time_t *when, struct hp_err *e)
{
	int64_t t = 0;
	int r = client_call(&CLIENT(o)->control, HP_PRIV_RTC_READ, 0, 0, &t, e);

	if (r == 1 && when)
		*when = (time_t)t;
	return r;
}

static int client_disarm(struct hp_ops *o, struct hp_err *e)
{
	return client_call(&CLIENT(o)->control, HP_PRIV_RTC_DISARM, 0, 0, NULL, e);
}

static int client_sleep(struct hp_ops *o, enum hp_target t, int64_t *asleep_ms, struct hp_err *e)
{
	return client_call(&CLIENT(o)->sleeper, HP_PRIV_SLEEP, (uint32_t)t, 0, asleep_ms, e);
}

int hp_priv_client_swapfile_page(void *ctx, unsigned pos, const char *name, uint64_t *page,
				 struct hp_err *e)
{
	struct hp_priv_client *c = ctx;
	struct hp_priv_answer a;
	int rc = client_ask(&c->control, HP_PRIV_SWAPFILE_PAGE, pos, 0, &a, e);

	if (rc < 0)
		return rc;
	/* The monitor read proc/swaps after us: the same swap? (its path may
	 * have been cut to the answer's text) */
	if (strncmp(a.msg, name, sizeof(a.msg) - 1) != 0)
		return hp_err_set(e, ESTALE, "proc/swaps changed: swap %u is %s now, not %s", pos,
				  a.msg, name);
	*page = (uint64_t)a.number;
	return 0;
}

int hp_priv_client_wol(struct hp_priv_client *c, const struct hp_host *h, const char *ifname,
		       struct hp_wol *w, struct hp_err *e)
{
	struct hp_priv_answer a;
	int rc = hp_wakesrc_ifindex(h, ifname, e);

	if (rc < 0 || (rc = client_ask(&c->control, HP_PRIV_WOL_GET, (uint32_t)rc, 0, &a, e)) < 0)
		return rc;
	/* The monitor looked the index up after us: the same interface? */
	if (strcmp(a.msg, ifname) != 0)
		return hp_err_set(e, ESTALE, "%s: its index is %s's now", ifname, a.msg);
	w->supported = (uint32_t)a.number;
	w->enabled = (uint32_t)((uint64_t)a.number >> 32);
	return 0;
}

void hp_priv_client_init(struct hp_priv_client *c, int control, int sleeper)
{
	c->ops.arm = client_arm;
	c->ops.read = client_read;
	c->ops.disarm = client_disarm;
	c->ops.sleep = client_sleep;
	c->control = control;
	c->sleeper = sleeper;
}

int hp_priv_client_hello(struct hp_priv_client *c, struct hp_err *e)
{
	struct hp_priv_answer a;
	int r;

	if ((r = client_receive(&c->control, HP_PRIV_HELLO, HP_PRIV_TIMEOUT_MS, &a, e)) < 0)
		return r;
	if (a.rc < 0)
		return hp_err_set(e, -a.rc, "%s", a.msg[0] ? a.msg : strerror(-a.rc));
	return 0;
}

void hp_priv_client_close(struct hp_priv_client *c)
{
	if (c->control >= 0)
		close(c->control);
	if (c->sleeper >= 0)
		close(c->sleeper);
	c->control = c->sleeper = -1;
}
