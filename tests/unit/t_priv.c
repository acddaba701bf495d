/* t_priv.c -- the privileged monitor on a fake root: every malformed message
 * gets an error and changes nothing; arm, read, disarm and a simulated sleep
 * work through its channels, RTC requests are answered during a sleep (arm
 * and disarm refused); the client checks what comes back; the forked monitor
 * keeps only CAP_NET_ADMIN, permitted, and ends with its client; the SNMP
 * side's drop; the monitor tells where a root-only swap file starts, and the
 * S4 probe asks it; it tells an interface's Wake-on-LAN by its index. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "priv.h"
#include "unit.h"
#include "worker.h"

#define ALARM "sys/class/rtc/rtc0/wakealarm"
#define KLOG "sim/kernel.log"
#define WAIT_MS 10000   /* bound of every wait below */

/* A monitor serving a fake root in a thread, and its client. */
struct env {
	char *root;
	struct hp_host host;
	struct hp_priv_monitor mon;
	struct hp_priv_client cli;
	pthread_t thread;
};

static void *env_serve(void *arg)
{
	hp_priv_monitor_run(arg);
	return NULL;
}

static void env_up_on(struct env *v, const char *profile)
{
	int control[2], sleeper[2];
	struct hp_err e;

	v->root = unit_fakeroot(profile);
	/* No RTC named: the monitor finds rtc0 itself. */
	hp_host_init(&v->host, v->root, NULL, true);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, control) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sleeper) < 0 ||
	    hp_priv_monitor_init(&v->mon, &v->host, control[1], sleeper[1], &e) < 0 ||
	    pthread_create(&v->thread, NULL, env_serve, &v->mon) != 0) {
		printf("Bail out! cannot set up a monitor\n");
		exit(1);
	}
	hp_priv_client_init(&v->cli, control[0], sleeper[0]);
}

static void env_up(struct env *v)
{
	env_up_on(v, "server");
}

static void env_down(struct env *v)
{
	hp_priv_client_close(&v->cli);
	pthread_join(v->thread, NULL);
	hp_priv_monitor_free(&v->mon);
	unit_rmroot(v->root);
}

static struct hp_priv_req req(unsigned op, uint32_t value, uint32_t number)
{
	struct hp_priv_req r = { .magic = HP_PRIV_MAGIC, .version = HP_PRIV_VERSION,
				 .op = (uint16_t)op, .value = value, .number = number };

	return r;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One malformed control message: an error of rc saying msg, the alarm file
 * as it was (armed), nothing asked of the kernel. */
static void bad(struct hp_priv_monitor *m, const char *root, const void *buf, size_t len, int rc,
		const char *msg, const char *what)
{
	char *before = unit_get(root, ALARM), *after;
	struct hp_priv_answer a;

	hp_priv_serve(m, buf, len, &a);
	after = unit_get(root, ALARM);
	unit_ok(a.rc == rc && strstr(a.msg, msg) && after && before && !strcmp(before, after) &&
		!unit_exists(root, KLOG), "%s: %d \"%s\", nothing changed", what, a.rc, a.msg);
	free(before);
	free(after);
}

/* A malformed request on the sleep channel is refused the same way. */
static void bad_sleep(struct hp_priv_req r, int rc, const char *msg, const char *what)
{
	struct hp_priv_req out;
	struct hp_err e;

	hp_err_clear(&e);
	unit_ok(hp_priv_parse(&r, sizeof(r), HP_PRIV_SLEEPER, &out, &e) == rc &&
		strstr(e.msg, msg), "sleep channel, %s: \"%s\"", what, e.msg);
}

/* Requests whose value or number is not in their op's set. */
static void bad_args(struct hp_priv_monitor *m, const char *root)
{
	struct hp_priv_req x;

	x = req(HP_PRIV_RTC_ARM, 0, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "RTC_ARM: 0 seconds", "RTC_ARM of 0 s");
	x = req(HP_PRIV_RTC_ARM, 2, 60);
	bad(m, root, &x, sizeof(x), -EINVAL, "RTC_ARM takes no value (got 2)", "RTC_ARM with a value");
	x = req(HP_PRIV_RTC_READ, 1, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "RTC_READ takes no value (got 1)", "RTC_READ with a value");
	x = req(HP_PRIV_RTC_DISARM, 0, 7);
	bad(m, root, &x, sizeof(x), -EINVAL, "RTC_DISARM takes no number (got 7)",
	    "RTC_DISARM with a number");
	x = req(HP_PRIV_SWAPFILE_PAGE, HP_PRIV_SWAPS_MAX, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "SWAPFILE_PAGE: swap 64 is not in 0..63",
	    "SWAPFILE_PAGE of swap 64");
	x = req(HP_PRIV_SWAPFILE_PAGE, 0xffffffffu, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "swap 4294967295 is not in", "SWAPFILE_PAGE of 2^32-1");
	x = req(HP_PRIV_SWAPFILE_PAGE, 0, 1);
	bad(m, root, &x, sizeof(x), -EINVAL, "SWAPFILE_PAGE takes no number (got 1)",
	    "SWAPFILE_PAGE with a number");
	x = req(HP_PRIV_WOL_GET, 0, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "WOL_GET: interface index 0 is not in 1..2147483647",
	    "WOL_GET of index 0");
	x = req(HP_PRIV_WOL_GET, 0x80000000u, 0);
	bad(m, root, &x, sizeof(x), -EINVAL, "interface index 2147483648 is not in",
	    "WOL_GET of index 2^31");
	x = req(HP_PRIV_WOL_GET, 1, 1);
	bad(m, root, &x, sizeof(x), -EINVAL, "WOL_GET takes no number (got 1)",
	    "WOL_GET with a number");
}

static void test_malformed(void)
{
	char *root = unit_fakeroot("server");
	struct hp_priv_monitor m;
	struct hp_priv_req r = req(HP_PRIV_RTC_ARM, 0, 60), x;
	char big[sizeof(r) + 300], path[16] = "/etc/shadow";
	struct hp_priv_answer a;
	struct hp_host h;
	struct hp_err e;

	hp_host_init(&h, root, NULL, true);
	hp_priv_monitor_init(&m, &h, -1, -1, &e);
	/* Something armed, so that a message that disarmed would show. */
	hp_priv_serve(&m, &r, sizeof(r), &a);
	unit_is_int(a.rc, 0, "a well-formed RTC_ARM arms (%s)", a.msg);
	memset(big, 0, sizeof(big));
	memcpy(big, &r, sizeof(r));
	bad(&m, root, big, 0, -EBADMSG, "0 bytes, not 16", "empty");
	bad(&m, root, big, sizeof(r) - 1, -EBADMSG, "15 bytes, not 16", "one byte short");
	bad(&m, root, big, sizeof(r) + 1, -EBADMSG, "17 bytes, not 16", "trailing garbage");
	bad(&m, root, big, sizeof(big), -EBADMSG, "bytes, not 16", "far too long");
	x = r, x.magic++;
	bad(&m, root, &x, sizeof(x), -EBADMSG, "bad magic 0x68707077", "bad magic");
	x = r, x.version = 0;
	bad(&m, root, &x, sizeof(x), -EBADMSG, "protocol version 0, not 1", "version 0");
	x = r, x.version = 2;
	bad(&m, root, &x, sizeof(x), -EBADMSG, "protocol version 2, not 1", "version 2");
	bad(&m, root, path, sizeof(path), -EBADMSG, "bad magic", "a path instead of a message");
	bad(&m, root, ALARM, strlen(ALARM), -EBADMSG, "28 bytes", "a path of another size");
	x = req(0, 0, 0);
	bad(&m, root, &x, sizeof(x), -EOPNOTSUPP, "unknown operation 0", "op 0");
	x = req(HP_PRIV_HELLO, 0, 0);
	bad(&m, root, &x, sizeof(x), -EOPNOTSUPP, "unknown operation 1", "HELLO as a request");
	x = req(HP_PRIV_WOL_GET + 1, 0, 0);
	bad(&m, root, &x, sizeof(x), -EOPNOTSUPP, "unknown operation 8", "op 8");
	x = req(0xffff, 0, 0);
	bad(&m, root, &x, sizeof(x), -EOPNOTSUPP, "unknown operation 65535", "op 65535");
	x = req(HP_PRIV_SLEEP, HP_TARGET_MEM, 0);
	bad(&m, root, &x, sizeof(x), -EOPNOTSUPP, "SLEEP does not go on the control channel",
	    "SLEEP on the control channel");
	bad_args(&m, root);
	hp_priv_serve(&m, &r, sizeof(r) + 1, &a);
	unit_is_int(a.op, 0, "an answer to a message not understood names no op");
	hp_priv_monitor_free(&m);
	unit_rmroot(root);
}

/* The sleep channel takes SLEEP into one of the four targets, nothing else. */
static void test_malformed_sleep(void)
{
	bad_sleep(req(HP_PRIV_SLEEP, 0, 0), -EINVAL, "target 0 is not", "target 0");
	bad_sleep(req(HP_PRIV_SLEEP, HP_TARGET_UNKNOWN, 0), -EINVAL, "target 5 is not",
		  "target unknown(5)");
	bad_sleep(req(HP_PRIV_SLEEP, 0xffffffffu, 0), -EINVAL, "target 4294967295 is not",
		  "target 2^32-1");
	bad_sleep(req(HP_PRIV_SLEEP, HP_TARGET_MEM, 1), -EINVAL, "SLEEP takes no number (got 1)",
		  "a number");
	bad_sleep(req(HP_PRIV_RTC_ARM, 0, 60), -EOPNOTSUPP, "RTC_ARM does not go on the sleep",
		  "RTC_ARM");
	bad_sleep(req(HP_PRIV_RTC_DISARM, 0, 0), -EOPNOTSUPP, "RTC_DISARM does not go on the sleep",
		  "RTC_DISARM");
	bad_sleep(req(HP_PRIV_SWAPFILE_PAGE, 0, 0), -EOPNOTSUPP,
		  "SWAPFILE_PAGE does not go on the sleep", "SWAPFILE_PAGE");
	bad_sleep(req(HP_PRIV_WOL_GET, 2, 0), -EOPNOTSUPP, "WOL_GET does not go on the sleep",
		  "WOL_GET");
}

/* Malformed messages through the sockets: answered, and the monitor goes on. */
static void test_malformed_wire(void)
{
	struct env v;
	struct hp_priv_answer a;
	struct hp_err e;
	char junk[40] = "power/state mem";
	time_t when;

	env_up(&v);
	send(v.cli.control, junk, sizeof(junk), 0);
	unit_ok(recv(v.cli.control, &a, sizeof(a), 0) == (ssize_t)sizeof(a) && a.rc == -EBADMSG &&
		a.op == 0, "junk on the control channel: an error answer (%s)", a.msg);
	send(v.cli.sleeper, junk, sizeof(junk), 0);
	unit_ok(recv(v.cli.sleeper, &a, sizeof(a), 0) == (ssize_t)sizeof(a) && a.rc == -EBADMSG,
		"junk on the sleep channel: an error answer (%s)", a.msg);
	unit_ok(!unit_exists(v.root, KLOG), "nothing was asked of the kernel");
	unit_is_int(v.cli.ops.read(&v.cli.ops, &when, &e), 0,
		    "the monitor still serves: nothing armed");
	unit_is_int(v.cli.ops.sleep(&v.cli.ops, HP_TARGET_MEM, NULL, &e), -ETIME,
		    "a SLEEP without an alarm is refused by the sleep path");
	unit_is_str(e.msg, "no wake alarm armed on rtc0: not sleeping", "with its reason");
	env_down(&v);
}

static void test_rtc(void)
{
	struct env v;
	struct hp_ops *o;
	struct hp_err e;
	time_t when = 0, got = 0, t0;
	char *file;

	env_up(&v);
	o = &v.cli.ops;
	hp_err_clear(&e);
	unit_is_int(o->read(o, &got, &e), 0, "RTC_READ: nothing armed");
	t0 = time(NULL);
	unit_is_int(o->arm(o, 30, &when, &e), 0, "RTC_ARM 30 s (%s)", e.msg);
	unit_ok(when >= t0 + 30 && when <= time(NULL) + 30, "the armed time is now + 30 s");
	file = unit_get(v.root, ALARM);
	unit_ok(file && atoll(file) == (long long)when, "the monitor wrote it to rtc0");
	free(file);
	unit_is_int(o->read(o, &got, &e), 1, "RTC_READ: armed");
	unit_is_int(got, when, "at that time");
	unit_is_int(o->disarm(o, &e), 0, "RTC_DISARM");
	unit_is_int(o->read(o, &got, &e), 0, "RTC_READ: nothing armed again");
	unit_put(v.root, "sys/class/rtc/rtc0/device/power/wakeup", "disabled");
	unit_is_int(o->arm(o, 30, &when, &e), -ENODEV, "no RTC can wake: RTC_ARM refused");
	unit_ok(strstr(e.msg, "no RTC can wake the host") != NULL, "the monitor's reason: %s", e.msg);
	env_down(&v);
}

/* The next worker report, waiting for it (bounded). */
static enum hp_worker_report next(struct hp_worker *w)
{
	return hp_worker_wait(w, WAIT_MS) ? hp_worker_next(w) : HP_WORKER_NONE;
}

/* Wait (bounded) until the simulated kernel was asked to sleep. */
static bool wait_asleep(const char *root)
{
	long long end = mono_ms() + WAIT_MS;
	char *log;
	bool in;

	do {
		log = unit_get(root, KLOG);
		in = log && strstr(log, "power/state");
		free(log);
		if (in)
			return true;
		poll(NULL, 0, 20);
	} while (mono_ms() < end);
	return false;
}

static void test_sleep(void)
{
	struct hp_worker w;
	struct hp_ops *o;
	struct hp_err e;
	struct env v;
	time_t when, got;
	long long t0;
	char *before, *after, *off;

	env_up(&v);
	o = &v.cli.ops;
	hp_worker_init(&w);
	/* The simulated sleep lasts until the alarm: far enough ahead that a
	 * loaded machine under valgrind still starts it in time. */
	o->arm(o, 5, &when, &e);
	/* The worker, as in the daemon, waits for the SLEEP answer. */
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_SLEEP, o, &v.host, "rtc0", HP_TARGET_MEM, 0, &e), 0, "the worker starts a SLEEP");
	unit_is_int(next(&w), HP_WORKER_SLEEPING, "it reports sleeping");
	unit_ok(wait_asleep(v.root), "the monitor asked the simulated kernel for mem");
	before = unit_get(v.root, ALARM);
	t0 = mono_ms();
	unit_is_int(o->read(o, &got, &e), 1, "RTC_READ is answered during the sleep");
	unit_ok(mono_ms() - t0 < 1000, "at once (%lld ms)", mono_ms() - t0);
	unit_is_int(o->disarm(o, &e), -EBUSY, "RTC_DISARM during the sleep: -EBUSY");
	unit_is_str(e.msg, "a sleep is under way: the alarm stays as it is", "with the reason");
	unit_is_int(o->arm(o, 60, &got, &e), -EBUSY, "RTC_ARM during the sleep: -EBUSY");
	after = unit_get(v.root, ALARM);
	unit_ok(before && after && !strcmp(before, after), "the alarm is untouched");
	free(before);
	free(after);
	unit_is_int(next(&w), HP_WORKER_DONE, "the worker is back");
	unit_is_int(w.rc, 0, "the simulated sleep woke (%s)", w.err.msg);
	/* Within 100 ms: each side of the difference reads two clocks, and a
	 * loaded machine may preempt between the reads. */
	off = unit_get(v.root, "sim/sleep_offset_ms");
	unit_ok(off && w.asleep_ms > 0 && llabs(w.asleep_ms - atoll(off)) <= 100,
		"the time asleep crossed: %lld ms, the simulator counted %s ms",
		(long long)w.asleep_ms, off ? off : "?");
	free(off);
	unit_is_int(o->read(o, &got, &e), 0, "the alarm fired: nothing armed");
	/* A failed sleep: the reason crosses, the alarm is disarmed. */
	unit_put(v.root, "sim/fail_errno", "EIO");
	unit_is_int(o->arm(o, 30, &when, &e), 0, "arm works again after the sleep");
	unit_is_int(hp_worker_start(&w, HP_WORKER_JOB_SLEEP, o, &v.host, "rtc0", HP_TARGET_DISK, 0, &e), 0, "a SLEEP into disk");
	next(&w);
	unit_is_int(next(&w), HP_WORKER_DONE, "back");
	unit_is_int(w.rc, -EIO, "it failed with -EIO");
	unit_is_str(w.err.msg, "disk: sys/power/state: Input/output error (sim/fail_errno)",
		    "the monitor's reason");
	unit_is_int(o->read(o, &got, &e), 0, "a failed sleep leaves nothing armed");
	hp_worker_free(&w);
	env_down(&v);
}

/* The client refuses an answer that is not exactly right. */
static void test_answers(void)
{
	struct hp_priv_answer good, x, out;
	struct hp_err e;
	char buf[sizeof(good) + 1];

	memset(&good, 0, sizeof(good));
	good.magic = HP_PRIV_MAGIC, good.version = HP_PRIV_VERSION, good.op = HP_PRIV_RTC_READ;
	good.rc = 1, good.number = 1234;
	unit_is_int(hp_priv_check_answer(&good, sizeof(good), HP_PRIV_RTC_READ, &out, &e), 0,
		    "a good answer passes");
	memcpy(buf, &good, sizeof(good));
	unit_is_int(hp_priv_check_answer(buf, sizeof(buf), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "one byte too many: %s", e.msg);
	unit_is_int(hp_priv_check_answer(buf, sizeof(good) - 1, HP_PRIV_RTC_READ, &out, &e),
		    -EBADMSG, "one byte short");
	unit_is_int(hp_priv_check_answer(&good, sizeof(good), HP_PRIV_RTC_ARM, &out, &e), -EBADMSG,
		    "an answer to another op: %s", e.msg);
	x = good, x.reserved = 1;
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "reserved not 0");
	x = good, x.magic = 0;
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "bad magic");
	x = good, memset(x.msg, 'x', sizeof(x.msg));
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "a text without its NUL: %s", e.msg);
	x = good, x.rc = 2;
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "rc 2");
	x = good, x.op = HP_PRIV_RTC_ARM, x.rc = 1;
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_ARM, &out, &e), -EBADMSG,
		    "rc 1 to an RTC_ARM");
	x = good, x.rc = -5000;
	unit_is_int(hp_priv_check_answer(&x, sizeof(x), HP_PRIV_RTC_READ, &out, &e), -EBADMSG,
		    "rc -5000");
}

/* The monitor's answer to SWAPFILE_PAGE of swap pos: its rc, and a's text
 * containing msg. */
static void swap_answer(struct env *v, unsigned pos, int rc, const char *msg, const char *what)
{
	struct hp_priv_req r = req(HP_PRIV_SWAPFILE_PAGE, pos, 0);
	struct hp_priv_answer a;

	hp_priv_serve(&v->mon, &r, sizeof(r), &a);
	unit_ok(a.rc == rc && a.op == HP_PRIV_SWAPFILE_PAGE && strstr(a.msg, msg), "%s: %d \"%s\"",
		what, a.rc, a.msg);
}

/* The probe's questions to the monitor (an hp_host's swapfile_page),
 * counted. */
static struct {
	unsigned calls, pos;
	char name[64];
} asked;

static int ask_counted(void *ctx, unsigned pos, const char *name, uint64_t *page,
		       struct hp_err *e)
{
	asked.calls++;
	asked.pos = pos;
	snprintf(asked.name, sizeof(asked.name), "%s", name);
	return hp_priv_client_swapfile_page(ctx, pos, name, page, e);
}

/* The monitor opens a root-only swap file the SNMP side cannot: proc/swaps
 * lists a partition, then the fake root's /swapfile (mode 0600). */
static void test_swapfile(void)
{
	char *page_s, buf[128];
	long long page;
	uint64_t got = 0;
	struct hp_caps c;
	struct hp_err e;
	struct env v;

	hp_err_clear(&e);
	env_up_on(&v, "swapfile");
	page_s = unit_get(v.root, "swapfile.page");
	page = page_s && page_s[0] >= '0' && page_s[0] <= '9' ? atoll(page_s) : -1;
	unit_put(v.root, "proc/swaps", "Filename Type Size Used Priority\n"
		 "/dev/vdz partition 4194300 0 -2\n/swapfile file 1020 0 -3\n");
	swap_answer(&v, 0, -EINVAL, "proc/swaps: swap 0 (/dev/vdz) is a partition, not a file",
		    "swap 0, a partition");
	swap_answer(&v, 2, -ENOENT, "proc/swaps: no swap 2", "swap 2, past the list");
	if (page < 0) {
		unit_ok(true, "# SKIP no FIEMAP here: %s", page_s ? page_s : "no swapfile.page");
		free(page_s);
		env_down(&v);
		return;
	}
	swap_answer(&v, 1, 0, "/swapfile", "swap 1, the file: its path in the answer");
	unit_is_int(hp_priv_client_swapfile_page(&v.cli, 1, "/swapfile", &got, &e), 0,
		    "the client asks for swap 1 (%s)", e.msg);
	unit_is_int((long long)got, page, "its first page, as filefrag found it");
	unit_is_int(hp_priv_client_swapfile_page(&v.cli, 1, "/other", &got, &e), -ESTALE,
		    "a different file at that position: -ESTALE");
	unit_is_str(e.msg, "proc/swaps changed: swap 1 is /swapfile now, not /other", "saying so");
	/* The S4 probe through the seam: resume_offset one page off, which
	 * nothing catches when the file cannot be opened. */
	v.host.swapfile_page = ask_counted;
	v.host.swapfile_ctx = &v.cli;
	snprintf(buf, sizeof(buf), "%lld\n", page + 1);
	unit_put(v.root, "sys/power/resume_offset", buf);
	hp_caps_probe(&v.host, &c);
	snprintf(buf, sizeof(buf), "starts at page %lld, sys/power/resume_offset says %lld", page,
		 page + 1);
	unit_ok(!c.cap[HP_CAP_S4].ok && strstr(c.cap[HP_CAP_S4].why, buf),
		"the probe asks the monitor: S4 false (%s)", c.cap[HP_CAP_S4].why);
	unit_ok(asked.calls == 1 && asked.pos == 1 && !strcmp(asked.name, "/swapfile"),
		"once, for swap 1, /swapfile (%u calls, swap %u, %s)", asked.calls, asked.pos,
		asked.name);
	free(page_s);
	env_down(&v);
}

/* The monitor's answer to WOL_GET of ifindex: its rc, and a's text
 * containing msg; the answer in *a. */
static void wol_answer(struct env *v, unsigned ifindex, int rc, const char *msg, const char *what,
		       struct hp_priv_answer *a)
{
	struct hp_priv_req r = req(HP_PRIV_WOL_GET, ifindex, 0);

	hp_priv_serve(&v->mon, &r, sizeof(r), a);
	unit_ok(a->rc == rc && a->op == HP_PRIV_WOL_GET && strstr(a->msg, msg), "%s: %d \"%s\"",
		what, a->rc, a->msg);
}

/* WOL_GET on the fake host "wake": eno1 (index 2) has sim/wol/eno1, lo
 * (index 1) has no Wake-on-LAN file. */
static void test_wol(void)
{
	static const char *const bad_names[] = { "", "..", "../eno1", "eno1/../lo", "a:b", "a b",
						 "sixteen-chars-xx" };
	struct hp_priv_answer a;
	struct hp_host other;
	struct hp_wol w;
	struct hp_err e;
	struct env v;
	char *root2;
	size_t i;

	hp_err_clear(&e);
	env_up_on(&v, "wake");
	wol_answer(&v, 2, 0, "eno1", "index 2: eno1's masks, its name in the text", &a);
	unit_ok(a.number == ((int64_t)(1 << HP_WOL_MAGIC) << 32 | 0x2f),
		"supported pumbg in the low half, enabled g in the high: 0x%llx",
		(unsigned long long)a.number);
	wol_answer(&v, 1, -ENOENT, "sim/wol/lo: No such file", "index 1, lo: no WoL file", &a);
	wol_answer(&v, 99, -ENODEV, "sys/class/net: no interface has index 99", "index 99", &a);
	unit_is_int(hp_priv_client_wol(&v.cli, &v.host, "eno1", &w, &e), 0,
		    "the client asks for eno1 (%s)", e.msg);
	unit_ok(w.supported == 0x2f && w.enabled == 1u << HP_WOL_MAGIC,
		"the masks of sim/wol/eno1 (0x%x 0x%x)", w.supported, w.enabled);
	for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		unit_is_int(hp_priv_client_wol(&v.cli, &v.host, bad_names[i], &w, &e), -EINVAL,
			    "\"%s\" is no interface name: %s", bad_names[i], e.msg);
	unit_is_int(hp_priv_client_wol(&v.cli, &v.host, "eth9", &w, &e), -ENODEV,
		    "a missing interface: %s", e.msg);
	/* The SNMP side saw eno1 at index 1, which the monitor finds is lo. */
	unit_put(v.root, "sim/wol/lo", "supported=d enabled=d\n");
	root2 = unit_fakeroot("wake");
	hp_host_init(&other, root2, NULL, true);
	unit_put(root2, "sys/devices/pci0000:00/0000:00:1f.6/net/eno1/ifindex", "1\n");
	unit_is_int(hp_priv_client_wol(&v.cli, &other, "eno1", &w, &e), -ESTALE,
		    "the index is another interface's now: -ESTALE");
	unit_is_str(e.msg, "eno1: its index is lo's now", "saying so");
	unit_rmroot(root2);
	env_down(&v);
}

/* A monitor that goes away: -EPIPE now and for every later call. */
static void test_gone(void)
{
	struct hp_priv_client c;
	struct hp_err e;
	time_t when;
	int sv[2];

	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
	hp_priv_client_init(&c, sv[0], -1);
	close(sv[1]);
	unit_is_int(c.ops.read(&c.ops, &when, &e), -EPIPE, "the monitor gone: -EPIPE (%s)", e.msg);
	unit_is_int(c.control, -1, "the channel is closed");
	unit_is_int(c.ops.disarm(&c.ops, &e), -EPIPE, "and stays so");
	unit_is_str(e.msg, "the privileged monitor is gone", "saying so");
	unit_is_int(c.ops.sleep(&c.ops, HP_TARGET_MEM, NULL, &e), -EPIPE, "no sleep channel: -EPIPE");
	hp_priv_client_close(&c);
}

/* "Key:" of /proc/PID/status, malloc'd, or NULL. */
static char *status_of(pid_t pid, const char *key)
{
	char path[64], line[256], *v = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if (!(f = fopen(path, "r")))
		return NULL;
	while (!v && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = strndup(line + strlen(key) + 2, strcspn(line + strlen(key) + 2, "\n"));
	fclose(f);
	return v;
}

/* Wait (bounded) for pid to exit: its status, or -1. */
static int reap(pid_t pid)
{
	long long end = mono_ms() + WAIT_MS;
	int st;

	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (mono_ms() > end)
			return -1;
		poll(NULL, 0, 20);
	}
	return st;
}

static void test_forked(void)
{
	char *root = unit_fakeroot("wake"), *v;
	struct hp_priv_client c;
	struct hp_host h;
	struct hp_wol w;
	struct hp_err e;
	time_t when;
	pid_t pid = 0;

	hp_host_init(&h, root, "rtc0", true);
	hp_err_clear(&e);
	unit_is_int(hp_priv_start(&h, &c, &pid, &e), 0, "the monitor forks and says HELLO (%s)",
		    e.msg);
	unit_is_str((v = status_of(pid, "Name")), "hostpowerd-priv", "it names itself");
	free(v);
	unit_is_str((v = status_of(pid, "CapEff")), "0000000000000000", "no effective capability");
	free(v);
	unit_is_str((v = status_of(pid, "CapPrm")), geteuid() ? "0000000000000000" :
		    "0000000000001000", "CAP_NET_ADMIN permitted (started as root), no other");
	free(v);
	if (geteuid() == 0)
		unit_is_str((v = status_of(pid, "CapBnd")), "0000000000001000",
			    "nor in its bounding set");
	free(geteuid() == 0 ? v : NULL);
	unit_is_str((v = status_of(pid, "NoNewPrivs")), "1", "no_new_privs");
	free(v);
	unit_is_int(c.ops.arm(&c.ops, 60, &when, &e), 0, "it arms the fake RTC (%s)", e.msg);
	unit_is_int(c.ops.disarm(&c.ops, &e), 0, "and disarms it");
	unit_is_int(hp_priv_client_wol(&c, &h, "eno1", &w, &e), 0, "it tells eno1's WoL (%s)",
		    e.msg);
	unit_is_str((v = status_of(pid, "CapEff")), "0000000000000000",
		    "no effective capability after it");
	free(v);
	hp_priv_client_close(&c);
	unit_is_int(reap(pid), 0, "it exits (status 0) when its client closes");
	unit_rmroot(root);
}

/* Is this process's CapEff want? */
static bool cap_eff_is(const char *want)
{
	char *v = status_of(getpid(), "CapEff");
	bool is = v && strcmp(v, want) == 0;

	free(v);
	return is;
}

static void test_drop(void)
{
	struct hp_err e;
	pid_t pid;
	int st;

	hp_err_clear(&e);
	unit_is_int(hp_priv_drop_user(0, 0, &e), -EINVAL, "never to root: %s", e.msg);
	unit_is_int(hp_priv_drop_user(65534, 0, &e), -EINVAL, "nor to group root");
	if (geteuid() != 0) {
		unit_ok(true, "a child drops to 65534 # SKIP not root");
		return;
	}
	if ((pid = fork()) == 0) {
		if (hp_priv_drop_user(65534, 65534, &e) < 0)
			_exit(1);
		_exit(getuid() != 65534 || geteuid() != 65534 || getgid() != 65534 ||
		      getgroups(0, NULL) != 0 || setuid(0) == 0 ? 2 : 0);
	}
	st = reap(pid);
	unit_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child drops to uid/gid 65534, no group, "
		"root out of reach (status %d)", st);
	if ((pid = fork()) == 0)
		_exit(hp_priv_drop_caps(HP_PRIV_MONITOR_CAPS, &e) < 0 ? 1 :
		      !cap_eff_is("0000000000000000") ? 2 :
		      hp_priv_cap_effective(CAP_SYS_ADMIN, true, &e) != -EPERM ? 3 :
		      hp_priv_cap_effective(CAP_NET_ADMIN, true, &e) < 0 ? 4 :
		      !cap_eff_is("0000000000001000") ? 5 :
		      hp_priv_cap_effective(CAP_NET_ADMIN, false, &e) < 0 ? 6 :
		      !cap_eff_is("0000000000000000") ? 7 : 0);
	st = reap(pid);
	unit_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child keeping CAP_NET_ADMIN: none "
		"effective, only it can be raised, and lowered again (status %d)", st);
}

int main(void)
{
	test_malformed();
	test_malformed_sleep();
	test_malformed_wire();
	test_rtc();
	test_sleep();
	test_answers();
	test_gone();
	test_swapfile();
	test_wol();
	test_forked();
	test_drop();
	return unit_done();
}
