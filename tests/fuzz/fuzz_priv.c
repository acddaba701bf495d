/*
 * fuzz_priv.c -- libFuzzer harness for the privileged monitor's messages.
 * Each input goes, as one message, to the monitor's control channel
 * (hp_priv_serve, on a fake root made at start), to the sleep channel's
 * check (hp_priv_parse), and to the client's check of an answer to every op
 * (hp_priv_check_answer). Besides crashes and leaks (the sanitizers), it
 * aborts when one breaks what it promises: a request accepted is exactly
 * the 16 bytes of its fields, of an op of that channel, with its value and
 * number in the op's set (WOL_GET: an interface index); a refused one gets a NUL-terminated reason and
 * leaves the RTC alarm file as it was; an answer accepted has its size, a
 * terminated text and an rc in range.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "priv.h"

#define ALARM "sys/class/rtc/rtc0/wakealarm"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
	char root[64];
	struct hp_priv_monitor mon;
	unsigned long accepted[HP_PRIV_WOL_GET + 1]; /* requests per op */
} fz;

/* Write content to fz.root/rel, making its directories; abort on failure. */
static void put(const char *rel, const char *content)
{
	char path[256], cmd[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fz.root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0 || !(f = fopen(path, "w")) || fputs(content, f) < 0 || fclose(f))
		abort();
}

static void cleanup(void)
{
	char cmd[128];

	/* priv.test checks that every op was reached. */
	fprintf(stderr, "fuzz_priv: accepted arm=%lu read=%lu disarm=%lu sleep=%lu swapfile=%lu "
		"wol=%lu\n", fz.accepted[HP_PRIV_RTC_ARM], fz.accepted[HP_PRIV_RTC_READ],
		fz.accepted[HP_PRIV_RTC_DISARM], fz.accepted[HP_PRIV_SLEEP],
		fz.accepted[HP_PRIV_SWAPFILE_PAGE], fz.accepted[HP_PRIV_WOL_GET]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fz.root);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", fz.root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct hp_host h;
	struct hp_err e;

	(void)argc, (void)argv;
	snprintf(fz.root, sizeof(fz.root), "%s/hp-fuzz-priv.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fz.root))
		abort();
	atexit(cleanup);
	put(ALARM, "");
	put("sys/class/rtc/rtc0/device/power/wakeup", "enabled\n");
	/* SWAPFILE_PAGE's answers: a partition, a file, nothing further. */
	put("proc/swaps", "Filename Type Size Used Priority\n/dev/vda partition 1024 0 -2\n"
	    "/swapfile file 1020 0 -3\n");
	put("swapfile", "");
	/* WOL_GET's answers: interface 2 has Wake-on-LAN, 1 has none. */
	put("sys/class/net/eth0/ifindex", "2\n");
	put("sys/class/net/lo/ifindex", "1\n");
	put("sim/wol/eth0", "supported=pumbg enabled=g\n");
	hp_host_init(&h, fz.root, "rtc0", true);
	if (hp_priv_monitor_init(&fz.mon, &h, -1, -1, &e) < 0)
		abort();
	return 0;
}

/* The content of the alarm file into buf. */
static void alarm_file(char *buf, size_t len)
{
	struct hp_err e;

	if (hp_host_read(&fz.mon.direct.host, ALARM, buf, len, &e) < 0)
		abort();
}

/* An accepted request is exactly its fields, on its channel, in its set. */
static void check_request(const uint8_t *data, size_t size, enum hp_priv_channel ch)
{
	struct hp_priv_req r;
	struct hp_err e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = hp_priv_parse(data, size, ch, &r, &e);
	if (rc < 0) {
		if ((rc != -EBADMSG && rc != -EOPNOTSUPP && rc != -EINVAL) || !e.msg[0] ||
		    !memchr(e.msg, '\0', sizeof(e.msg)))
			abort();
		return;
	}
	fz.accepted[r.op]++;
	if (size != sizeof(r) || memcmp(data, &r, sizeof(r)) != 0 || r.magic != HP_PRIV_MAGIC ||
	    r.version != HP_PRIV_VERSION)
		abort();
	if (ch == HP_PRIV_SLEEPER ? r.op != HP_PRIV_SLEEP || r.value < HP_TARGET_MEM ||
	    r.value > HP_TARGET_FREEZE || r.number != 0 :
	    r.op == HP_PRIV_SWAPFILE_PAGE ? r.value >= HP_PRIV_SWAPS_MAX || r.number != 0 :
	    r.op == HP_PRIV_WOL_GET ? r.value == 0 || r.value > INT_MAX || r.number != 0 :
	    (r.op < HP_PRIV_RTC_ARM || r.op > HP_PRIV_RTC_DISARM || r.value != 0 ||
	     (r.op == HP_PRIV_RTC_ARM) != (r.number != 0)))
		abort();
}

/* The control channel end to end: a refusal changes nothing. */
static void check_serve(const uint8_t *data, size_t size)
{
	char before[64], after[64];
	struct hp_priv_answer a;
	struct hp_priv_req r;
	struct hp_err e;
	bool valid = hp_priv_parse(data, size, HP_PRIV_CONTROL, &r, &e) == 0;

	alarm_file(before, sizeof(before));
	hp_priv_serve(&fz.mon, data, size, &a);
	alarm_file(after, sizeof(after));
	if (a.magic != HP_PRIV_MAGIC || !memchr(a.msg, '\0', sizeof(a.msg)) ||
	    (a.rc < 0 && !a.msg[0]))
		abort();
	if (!valid && (a.rc >= 0 || strcmp(before, after) != 0))
		abort();
}

static void check_answers(const uint8_t *data, size_t size)
{
	struct hp_priv_answer a;
	struct hp_err e;
	unsigned op;

	for (op = HP_PRIV_HELLO; op <= HP_PRIV_WOL_GET; op++) {
		if (hp_priv_check_answer(data, size, op, &a, &e) < 0)
			continue;
		if (size != sizeof(a) || a.op != op || !memchr(a.msg, '\0', sizeof(a.msg)) ||
		    a.rc < -4095 || a.rc > 1)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_request(data, size, HP_PRIV_CONTROL);
	check_request(data, size, HP_PRIV_SLEEPER);
	check_serve(data, size);
	check_answers(data, size);
	return 0;
}
