/* priv_monitor.c -- the privileged monitor: serve the two channels, sleep in
 * a thread, and its start by fork. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "priv.h"
#include "swapfile.h"

/* Fill a with the outcome of op: rc, number, and the text of e when rc < 0. */
static void answer(struct hp_priv_answer *a, unsigned op, int rc, int64_t number,
		   const struct hp_err *e)
{
	memset(a, 0, sizeof(*a));
	a->magic = HP_PRIV_MAGIC;
	a->version = HP_PRIV_VERSION;
	a->op = (uint16_t)op;
	a->rc = rc;
	a->number = rc < 0 ? 0 : number;
	if (rc < 0)
		snprintf(a->msg, sizeof(a->msg), "%s", e && e->msg[0] ? e->msg : strerror(-rc));
}

/* Is a sleep running? Arming or disarming under it is refused. */
static bool monitor_sleeping(struct hp_priv_monitor *m)
{
	bool s;

	pthread_mutex_lock(&m->lock);
	s = m->sleeping;
	pthread_mutex_unlock(&m->lock);
	return s;
}

/* SWAPFILE_PAGE: where swap pos of the monitor's proc/swaps starts; its path
 * goes back in the text, so the asker sees whether it asked about that file. */
static void monitor_swapfile(struct hp_priv_monitor *m, unsigned pos, struct hp_priv_answer *a)
{
	char name[HP_PATH_MAX / 4];
	uint64_t page = 0;
	struct hp_err e;
	int rc;

	hp_err_clear(&e);
	if ((rc = hp_swapfile_entry(&m->direct.host, pos, name, sizeof(name), &e)) == 0)
		rc = hp_swapfile_page(&m->direct.host, name, &page, &e);
	answer(a, HP_PRIV_SWAPFILE_PAGE, rc, (int64_t)page, &e);
	if (rc == 0)
		snprintf(a->msg, sizeof(a->msg), "%.*s", (int)sizeof(a->msg) - 1, name);
}

/* hp_wakesrc_wol_for's answer for interface name, CAP_NET_ADMIN effective
 * only for that call: between requests the monitor has no effective
 * capability. Without it permitted the ioctl says EPERM itself. */
static int monitor_wol_raised(const struct hp_host *h, const char *name, struct hp_wol *w,
			      struct hp_err *e)
{
	bool raised = hp_priv_cap_effective(CAP_NET_ADMIN, true, NULL) == 0;
	int rc = hp_wakesrc_wol_for(h)(h, name, w, e);

	/* Lowering what is permitted cannot fail; if it did, the monitor must
	 * not go on with the capability raised. */
	if (raised && hp_priv_cap_effective(CAP_NET_ADMIN, false, NULL) < 0)
		abort();
	return rc;
}

/* WOL_GET: the Wake-on-LAN masks of interface ifindex of the monitor's host;
 * its name goes back in the text, so the asker sees whether it asked about
 * that interface. Only the two masks leave the monitor. */
static void monitor_wol(struct hp_priv_monitor *m, unsigned ifindex, struct hp_priv_answer *a)
{
	const struct hp_host *h = &m->direct.host;
	char name[IFNAMSIZ];
	struct hp_wol w = { 0, 0 };
	struct hp_err e;
	int rc;

	hp_err_clear(&e);
	if ((rc = hp_wakesrc_ifname(h, ifindex, name, sizeof(name), &e)) == 0)
		rc = monitor_wol_raised(h, name, &w, &e);
	answer(a, HP_PRIV_WOL_GET, rc, (int64_t)((uint64_t)w.enabled << 32 | w.supported), &e);
	if (rc == 0)
		snprintf(a->msg, sizeof(a->msg), "%s", name);
}

void hp_priv_serve(struct hp_priv_monitor *m, const void *buf, size_t len,
		   struct hp_priv_answer *a)
{
	struct hp_ops *o = &m->direct.ops;
	struct hp_priv_req r = { 0 };
	struct hp_err e;
	time_t when = 0;
	int rc;

	hp_err_clear(&e);
	if ((rc = hp_priv_parse(buf, len, HP_PRIV_CONTROL, &r, &e)) < 0) {
		/* Echo an op only from a message whose header was understood. */
		answer(a, rc == -EBADMSG ? 0 : r.op, rc, 0, &e);
		return;
	}
	if (r.op == HP_PRIV_SWAPFILE_PAGE) {
		monitor_swapfile(m, r.value, a);
		return;
	}
	if (r.op == HP_PRIV_WOL_GET) {
		monitor_wol(m, r.value, a);
		return;
	}
	if (r.op != HP_PRIV_RTC_READ && monitor_sleeping(m))
		rc = hp_err_set(&e, EBUSY, "a sleep is under way: the alarm stays as it is");
	else if (r.op == HP_PRIV_RTC_ARM)
		rc = o->arm(o, r.number, &when, &e);
	else if (r.op == HP_PRIV_RTC_READ)
		rc = o->read(o, &when, &e);
	else
		rc = o->disarm(o, &e);
	answer(a, r.op, rc, (int64_t)when, &e);
}

/* Send a on fd (a peer that went away is seen by the loop). */
static void monitor_send(int fd, const struct hp_priv_answer *a)
{
	while (send(fd, a, sizeof(*a), MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* The sleeping thread: the sleep, the answer, then "done" for the join. */
static void *monitor_sleep_thread(void *arg)
{
	struct hp_priv_monitor *m = arg;
	struct hp_priv_answer a;
	int64_t ms = 0;
	struct hp_err e;
	char byte = 1;
	int rc;

	hp_err_clear(&e);
	rc = m->direct.ops.sleep(&m->direct.ops, m->target, &ms, &e);
	/* Not sleeping any more before the answer goes: the SNMP side may
	 * disarm as soon as it reads a failure. */
	pthread_mutex_lock(&m->lock);
	m->sleeping = false;
	pthread_mutex_unlock(&m->lock);
	answer(&a, HP_PRIV_SLEEP, rc, ms, &e);
	monitor_send(m->sleeper, &a);
	while (write(m->done[1], &byte, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* A request arrived on the sleep channel: answer an error, or start the
 * thread that sleeps (it answers). */
static void monitor_sleep_request(struct hp_priv_monitor *m, const char *buf, size_t len)
{
	struct hp_priv_answer a;
	struct hp_priv_req r = { 0 };
	sigset_t all, old;
	struct hp_err e;
	int rc;

	if ((rc = hp_priv_parse(buf, len, HP_PRIV_SLEEPER, &r, &e)) < 0) {
		answer(&a, rc == -EBADMSG ? 0 : r.op, rc, 0, &e);
		monitor_send(m->sleeper, &a);
		return;
	}
	m->target = (enum hp_target)r.value;
	pthread_mutex_lock(&m->lock);
	m->sleeping = true;
	pthread_mutex_unlock(&m->lock);
	/* No signal may interrupt the sleep's writes. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&m->thread, NULL, monitor_sleep_thread, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0) {
		m->busy = true;
		return;
	}
	m->sleeping = false;
	hp_err_set(&e, rc, "cannot start the sleep: %s", strerror(rc));
	answer(&a, HP_PRIV_SLEEP, -rc, 0, &e);
	monitor_send(m->sleeper, &a);
}

/* Receive one message from fd into buf (its true length, which may exceed
 * len): > 0, 0 at the end, -1 on error. */
static ssize_t monitor_recv(int fd, char *buf, size_t len)
{
	ssize_t n;

	while ((n = recv(fd, buf, len, MSG_TRUNC)) < 0 && errno == EINTR)
		;
	return n;
}

/* Join the sleeping thread once it said it is done. */
static void monitor_join(struct hp_priv_monitor *m)
{
	char drain[8];

	while (read(m->done[0], drain, sizeof(drain)) < 0 && errno == EINTR)
		;
	if (m->busy)
		pthread_join(m->thread, NULL);
	m->busy = false;
}

void hp_priv_monitor_run(struct hp_priv_monitor *m)
{
	struct pollfd p[3];
	struct hp_priv_answer a;
	char buf[sizeof(struct hp_priv_req) + 1];
	ssize_t n;

	for (;;) {
		p[0] = (struct pollfd){ .fd = m->control, .events = POLLIN };
		/* One sleep at a time: the next request waits in the socket. */
		p[1] = (struct pollfd){ .fd = m->busy || m->sleeper_eof ? -1 : m->sleeper,
					.events = POLLIN };
		p[2] = (struct pollfd){ .fd = m->done[0], .events = POLLIN };
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[2].revents)
			monitor_join(m);
		if (p[1].revents) {
			if ((n = monitor_recv(m->sleeper, buf, sizeof(buf))) > 0)
				monitor_sleep_request(m, buf, (size_t)n);
			else if (n == 0 || errno != EAGAIN)
				m->sleeper_eof = true;
		}
		if (p[0].revents) {
			if ((n = monitor_recv(m->control, buf, sizeof(buf))) <= 0 &&
			    (n == 0 || errno != EAGAIN))
				return;
			if (n > 0) {
				hp_priv_serve(m, buf, (size_t)n, &a);
				monitor_send(m->control, &a);
			}
		}
	}
}

int hp_priv_monitor_init(struct hp_priv_monitor *m, const struct hp_host *h, int control,
			 int sleeper, struct hp_err *e)
{
	memset(m, 0, sizeof(*m));
	hp_direct_init(&m->direct, h);
	/* The monitor opens swap files itself: an asker of the forked-from
	 * process means nothing here. */
	m->direct.host.swapfile_page = NULL;
	m->direct.host.swapfile_ctx = NULL;
	m->control = control;
	m->sleeper = sleeper;
	pthread_mutex_init(&m->lock, NULL);
	if (pipe2(m->done, O_CLOEXEC | O_NONBLOCK) < 0) {
		m->done[0] = m->done[1] = -1;
		return hp_err_set(e, errno, "monitor pipe: %s", strerror(errno));
	}
	return 0;
}

void hp_priv_monitor_free(struct hp_priv_monitor *m)
{
	if (m->busy)
		pthread_join(m->thread, NULL);
	m->busy = false;
	if (m->sleeper >= 0)
		close(m->sleeper);
	if (m->control >= 0)
		close(m->control);
	if (m->done[0] >= 0) {
		close(m->done[0]);
		close(m->done[1]);
	}
	m->control = m->sleeper = m->done[0] = m->done[1] = -1;
	pthread_mutex_destroy(&m->lock);
}

/* Close every descriptor above 2 but a and b. */
static void monitor_close_others(int a, int b)
{
	unsigned lo = (unsigned)(a < b ? a : b), hi = (unsigned)(a < b ? b : a);

	if (lo > 3)
		close_range(3, lo - 1, 0);
	if (hi > lo + 1)
		close_range(lo + 1, hi - 1, 0);
	close_range(hi + 1, ~0U, 0);
}

/* The monitor ends with the SNMP side, not with a signal: a stop signal
 * reaches both (systemd, a terminal), and the SNMP side may still need the
 * monitor to disarm on its way out. */
static void monitor_signals(void)
{
	static const int ignored[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		sigaction(ignored[i], &sa, NULL);
}

/* The forked monitor: set up, say HELLO (or why not), serve. Its exit code. */
static int monitor_process(const struct hp_host *h, int control, int sleeper)
{
	struct hp_priv_monitor m;
	struct hp_priv_answer a;
	struct hp_err e;
	int rc;

	monitor_close_others(control, sleeper);
	prctl(PR_SET_NAME, "hostpowerd-priv", 0, 0, 0);
	monitor_signals();
	hp_err_clear(&e);
	if ((rc = hp_priv_drop_caps(HP_PRIV_MONITOR_CAPS, &e)) == 0)
		rc = hp_priv_monitor_init(&m, h, control, sleeper, &e);
	answer(&a, HP_PRIV_HELLO, rc, 0, &e);
	monitor_send(control, &a);
	if (rc < 0)
		return 1;
	hp_priv_monitor_run(&m);
	return 0;
}

int hp_priv_start(const struct hp_host *h, struct hp_priv_client *c, pid_t *pid,
		  struct hp_err *e)
{
	int control[2], sleeper[2], r;
	pid_t p;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, control) < 0)
		return hp_err_set(e, errno, "socketpair: %s", strerror(errno));
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sleeper) < 0) {
		r = hp_err_set(e, errno, "socketpair: %s", strerror(errno));
		close(control[0]);
		close(control[1]);
		return r;
	}
	if ((p = fork()) == 0) {
		close(control[0]);
		close(sleeper[0]);
		_exit(monitor_process(h, control[1], sleeper[1]));
	}
	r = p < 0 ? hp_err_set(e, errno, "fork: %s", strerror(errno)) : 0;
	close(control[1]);
	close(sleeper[1]);
	hp_priv_client_init(c, control[0], sleeper[0]);
	if (r == 0 && (r = hp_priv_client_hello(c, e)) < 0) {
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
	}
	if (r < 0) {
		hp_priv_client_close(c);
		return r;
	}
	*pid = p;
	return 0;
}
