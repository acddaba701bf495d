/*
 * logind_probe.c -- drive src/logind from a test script. Reads one command
 * a line on stdin, inside a select() loop built as the daemon's is (stdin
 * stands for the SNMP fds), and prints one line per answer or event:
 *   settle MS | status | refresh | can | list | blocker | sleep VERB [force] |
 *   hold (the next before-sleep keeps the delay lock) | release | quit
 *   VERB: suspend, hibernate, hybrid, then (SuspendThenHibernate)
 * Events: "presence 0|1", "refreshed", "before-sleep delay=1 hold=0|1",
 * "after-sleep", "error MSG", "lost MSG", "sleep-done CODE MSG".
 * Talks to the bus of $DBUS_SYSTEM_BUS_ADDRESS, which the test sets to a
 * private dbus-daemon. Exits at "quit", at end of input, or after
 * PROBE_LIFE_S seconds whatever happens.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "logind.h"

#define PROBE_LIFE_S 300
#define LINE_MAX_ 512

/* "hold": the next before-sleep keeps the delay lock until "release". */
static bool hold;

static bool on_before(void *data)
{
	struct hp_logind **l = data;
	bool keep = hold;

	/* The lock must still be held here: logind waits for us. */
	printf("before-sleep delay=%d hold=%d\n", hp_logind_delay_held(*l), keep);
	hold = false;
	return keep;
}

static void on_after(void *data)
{
	(void)data;
	printf("after-sleep\n");
}

static void on_presence(void *data, bool present)
{
	(void)data;
	printf("presence %d\n", present);
}

static void on_refreshed(void *data)
{
	(void)data;
	printf("refreshed\n");
}

static void on_error(void *data, const struct hp_err *e)
{
	(void)data;
	printf("error %s\n", e->msg);
}

static void on_done(void *data, const struct hp_err *e)
{
	(void)data;
	printf("sleep-done %d %s\n", e->code, e->msg);
}

static void print_can(struct hp_logind *l)
{
	char why[HP_WHY_MAX];
	int s;

	for (s = 0; s < HP_LOGIND_NSLEEP; s++)
		printf("can %s=%s allows=%d why=%s\n", hp_logind_sleep_name(s),
		       hp_logind_can_name(hp_logind_can(l, s)), hp_logind_allows(l, s, why), why);
}

static void print_list(struct hp_logind *l)
{
	const struct hp_logind_inhibitor *v;
	char msg[HP_ERR_MAX];
	size_t i, n, b;

	v = hp_logind_inhibitors(l, &n);
	printf("inhibitors %zu\n", n);
	for (i = 0; i < n; i++)
		printf("inhibitor %s|%s|%s|%s|%u|%u\n", v[i].what, v[i].who, v[i].why,
		       v[i].mode, (unsigned)v[i].uid, (unsigned)v[i].pid);
	b = hp_logind_blocker(v, n, msg, sizeof(msg));
	printf("blocker %zu %s\n", b, b ? msg : "");
}

static int verb_of(const char *word)
{
	static const char *const words[HP_LOGIND_NSLEEP] = { "suspend", "hibernate", "hybrid",
							     "then" };
	int s;

	for (s = 0; s < HP_LOGIND_NSLEEP; s++)
		if (strcmp(word, words[s]) == 0)
			return s;
	return HP_LOGIND_NSLEEP; /* rejected by hp_logind_sleep */
}

/* One command; false to quit. */
static bool command(struct hp_logind **l, char *line)
{
	char *cmd = strtok(line, " \n"), *arg = strtok(NULL, " \n"), *arg2 = strtok(NULL, " \n");
	struct hp_err e = { 0 };
	int r;

	if (!cmd || strcmp(cmd, "quit") == 0)
		return false;
	if (strcmp(cmd, "settle") == 0) {
		r = hp_logind_settle(*l, arg ? atoi(arg) : 2000, &e);
		printf("settle %d %s\n", r, e.msg);
	} else if (strcmp(cmd, "status") == 0)
		printf("status presence=%d delay=%d sleeping=%d fd=%d\n", hp_logind_presence(*l),
		       hp_logind_delay_held(*l), hp_logind_sleeping(*l), hp_logind_fd(*l) >= 0);
	else if (strcmp(cmd, "refresh") == 0) {
		r = hp_logind_refresh(*l, &e);
		printf("refresh %d %s\n", r, e.msg);
	} else if (strcmp(cmd, "can") == 0)
		print_can(*l);
	else if (strcmp(cmd, "list") == 0)
		print_list(*l);
	else if (strcmp(cmd, "hold") == 0) {
		hold = true;
		printf("hold\n");
	} else if (strcmp(cmd, "release") == 0) {
		hp_logind_release(*l);
		printf("released delay=%d\n", hp_logind_delay_held(*l));
	}
	else if (strcmp(cmd, "sleep") == 0) {
		r = hp_logind_sleep(*l, verb_of(arg ? arg : ""), arg2 && !strcmp(arg2, "force"),
				    on_done, NULL, &e);
		printf("sleep-start %d %s\n", r, e.msg);
	} else
		printf("unknown command %s\n", cmd);
	return true;
}

/* Add fd to a set for select(). */
static void watch(int fd, fd_set *set, int *maxfd)
{
	FD_SET(fd, set);
	if (fd > *maxfd)
		*maxfd = fd;
}

/* One turn of the loop: select on stdin and the bus, then process. */
static bool turn(struct hp_logind **l, char *buf, size_t *used)
{
	struct timeval tv = { 1, 0 }, btv;
	fd_set rd, wr;
	int maxfd = 0, fd = hp_logind_fd(*l);
	short ev = hp_logind_events(*l);
	struct hp_err e;
	char *nl;
	ssize_t n;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	watch(0, &rd, &maxfd);
	if (fd >= 0 && (ev & POLLIN))
		watch(fd, &rd, &maxfd);
	if (fd >= 0 && (ev & POLLOUT))
		watch(fd, &wr, &maxfd);
	if (hp_logind_timeout(*l, &btv) && timercmp(&btv, &tv, <))
		tv = btv;
	if (select(maxfd + 1, &rd, &wr, NULL, &tv) < 0 && errno != EINTR)
		return false;
	if (hp_logind_fd(*l) >= 0 && hp_logind_process(*l, &e) < 0)
		printf("lost %s\n", e.msg);
	if (!FD_ISSET(0, &rd))
		return true;
	if ((n = read(0, buf + *used, LINE_MAX_ - 1 - *used)) <= 0)
		return false;
	*used += (size_t)n;
	buf[*used] = '\0';
	while ((nl = strchr(buf, '\n'))) {
		*nl = '\0';
		if (!command(l, buf))
			return false;
		*used -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, *used + 1);
	}
	return *used < LINE_MAX_ - 1;
}

int main(void)
{
	struct hp_logind *l = NULL;
	struct hp_logind_ops ops = { on_before, on_after, on_presence, on_refreshed, on_error, &l };
	char buf[LINE_MAX_];
	size_t used = 0;
	time_t end = time(NULL) + PROBE_LIFE_S;
	struct hp_err e;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Never the machine's own bus. */
	if (!getenv("DBUS_SYSTEM_BUS_ADDRESS")) {
		fprintf(stderr, "logind_probe: DBUS_SYSTEM_BUS_ADDRESS is not set\n");
		return 2;
	}
	if ((r = hp_logind_open(&l, &ops, &e)) < 0) {
		printf("open %d %s\n", r, e.msg);
		return 1;
	}
	printf("open 0\n");
	while (time(NULL) < end && turn(&l, buf, &used))
		;
	hp_logind_free(l);
	printf("bye\n");
	return 0;
}
