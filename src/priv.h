/*
 * priv.h -- privilege separation (doc/privsep.md). At start the daemon
 * forks a monitor that keeps root and does only what struct hp_ops does
 * (src/ops.h) on the host fixed at its start: arm, read back and disarm the
 * RTC wake alarm, and enter a sleep; besides, it tells where a root-only
 * swap file starts and an interface's Wake-on-LAN modes. The daemon then
 * drops to an unprivileged user and asks the monitor over two socketpairs
 * (SOCK_SEQPACKET, one message per request and per answer):
 *
 *   control channel  RTC_ARM, RTC_READ, RTC_DISARM, SWAPFILE_PAGE, WOL_GET
 *                    (the main thread)
 *   sleep channel    SLEEP (the worker thread, blocked across the sleep)
 *
 * The monitor runs a sleep in a thread of its own and goes on answering
 * the control channel meanwhile, so neither the SNMP side's main loop nor an
 * RTC read waits for a sleep; it refuses RTC_ARM and RTC_DISARM while a
 * sleep runs (a state machine that would ask is wrong). No path and no
 * free string crosses: a request is a fixed 16-byte struct of numbers, each
 * checked against a fixed set; the RTC name, the host root and the
 * simulated-host flag are the monitor's own, from the configuration at
 * start. A swap file is named by its position in proc/swaps, which the
 * monitor reads under its own root, and only a swap of type "file" there is
 * opened; an interface is named by its index, which the monitor looks up
 * in its own sys/class/net. The monitor exits when the control channel
 * closes (the SNMP side is gone).
 *
 * Capabilities: the SNMP side keeps none; the monitor keeps uid 0 and only
 * CAP_NET_ADMIN, in its permitted set, raised into the effective set just
 * around the ETHTOOL_GWOL ioctl of WOL_GET (hp_priv_cap_effective).
 */
#ifndef HP_PRIV_H
#define HP_PRIV_H

#include <linux/capability.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "host.h"
#include "ops.h"
#include "wakesrc.h"

#define HP_PRIV_MAGIC 0x68707076u   /* "hppv" */
#define HP_PRIV_VERSION 1
/* How long the SNMP side waits for an RTC answer (and for the monitor to
 * come up); a sleep is waited for without a bound. */
#define HP_PRIV_TIMEOUT_MS 5000

enum hp_priv_op {
	HP_PRIV_HELLO = 1,      /* answer only: the monitor is up, or why not */
	HP_PRIV_RTC_ARM = 2,    /* number: seconds from now (> 0); answer: armed time */
	HP_PRIV_RTC_READ = 3,   /* answer: rc 1 and the time when armed, 0 when not */
	HP_PRIV_RTC_DISARM = 4,
	HP_PRIV_SLEEP = 5,      /* value: an hp_target to enter; answer: ms asleep */
	/* value: a swap's position in proc/swaps (< HP_PRIV_SWAPS_MAX); answer:
	 * the file's first page (hp_swapfile_page) and, in msg, its path. */
	HP_PRIV_SWAPFILE_PAGE = 6,
	/* value: an interface index (1 .. INT_MAX) of the monitor's
	 * sys/class/net; answer: number = the Wake-on-LAN masks of struct
	 * hp_wol, supported | enabled << 32 (never the SecureOn password), and
	 * in msg the interface's name. */
	HP_PRIV_WOL_GET = 7,
};

/* The capabilities the monitor keeps in its permitted set (a mask of
 * 1 << CAP_*): CAP_NET_ADMIN, for ETHTOOL_GWOL (WOL_GET). */
#define HP_PRIV_MONITOR_CAPS (1ULL << CAP_NET_ADMIN)

/* SWAPFILE_PAGE's positions: 0 .. HP_PRIV_SWAPS_MAX - 1 (the kernel allows
 * at most 32 swaps, MAX_SWAPFILES). */
#define HP_PRIV_SWAPS_MAX 64

enum hp_priv_channel { HP_PRIV_CONTROL, HP_PRIV_SLEEPER };

/* A request: value and number are 0 unless the op takes them. */
struct hp_priv_req {
	uint32_t magic;
	uint16_t version;
	uint16_t op;
	uint32_t value;
	uint32_t number;
};

/* An answer: rc is 0 (1 for an armed RTC_READ) or -errno with msg saying
 * why, written by the monitor and NUL-terminated. */
struct hp_priv_answer {
	uint32_t magic;
	uint16_t version;
	uint16_t op;           /* the request's, 0 for a request not understood */
	int32_t rc;
	uint32_t reserved;     /* 0 */
	int64_t number;        /* armed time (wall clock, s) or ms asleep */
	char msg[HP_ERR_MAX];
};

/* Check a request of len bytes received on channel ch: the size, magic,
 * version, an op of that channel, value and number in the op's fixed set.
 * 0 with *r filled, or -EBADMSG (size, magic, version), -EOPNOTSUPP (op)
 * or -EINVAL (value, number) with e saying what. */
int hp_priv_parse(const void *buf, size_t len, enum hp_priv_channel ch, struct hp_priv_req *r,
		  struct hp_err *e);

/* Check an answer of len bytes to op: size, magic, version, op, reserved,
 * rc in range, msg NUL-terminated. 0 with *a filled, or -EBADMSG with e. */
int hp_priv_check_answer(const void *buf, size_t len, enum hp_priv_op op,
			 struct hp_priv_answer *a, struct hp_err *e);

/* The monitor: the operations on its fixed host, its two channels and the
 * thread that sleeps. */
struct hp_priv_monitor {
	struct hp_direct direct;
	int control, sleeper;      /* the monitor's ends of the channels */
	int done[2];               /* the sleeping thread -> the loop: joined */
	pthread_t thread;
	bool busy;                 /* a sleeping thread exists, not yet joined */
	bool sleeper_eof;          /* the sleep channel closed: not polled */
	pthread_mutex_t lock;
	bool sleeping;             /* under lock: a sleep runs; no arm or disarm */
	enum hp_target target;     /* the sleep asked for */
};

/* Set m up for host h (copied) on the channel ends control and sleeper
 * (owned by m from now). 0 or -errno with e. */
int hp_priv_monitor_init(struct hp_priv_monitor *m, const struct hp_host *h, int control,
			 int sleeper, struct hp_err *e);

/* Answer one control-channel message of len bytes into *a: malformed ones
 * get an error and change nothing. */
void hp_priv_serve(struct hp_priv_monitor *m, const void *buf, size_t len,
		   struct hp_priv_answer *a);

/* Serve both channels until the control channel closes. A sleep still
 * running then is left to the process's exit. */
void hp_priv_monitor_run(struct hp_priv_monitor *m);

/* Close m's channels and pipe (its sleeping thread joined if any). */
void hp_priv_monitor_free(struct hp_priv_monitor *m);

/* The SNMP side's end: ops asks the monitor. The control channel is for one
 * thread (the main loop), the sleep channel for another (the worker). A
 * channel that fails (the monitor gone, a late or bad answer) is closed and
 * every later call on it fails with -EPIPE. */
struct hp_priv_client {
	struct hp_ops ops;
	int control, sleeper;
};

/* Set c up on the channel ends control and sleeper (owned by c). */
void hp_priv_client_init(struct hp_priv_client *c, int control, int sleeper);

/* Wait (up to HP_PRIV_TIMEOUT_MS) for the monitor's HELLO: 0, or -errno
 * with e saying why the monitor could not start. */
int hp_priv_client_hello(struct hp_priv_client *c, struct hp_err *e);

/* An hp_host's swapfile_page (src/host.h) with ctx a struct hp_priv_client:
 * SWAPFILE_PAGE for swap pos on the control channel. 0 with *page, the
 * monitor's -errno with its text, or -ESTALE when swap pos is no longer
 * name (proc/swaps changed in between). */
int hp_priv_client_swapfile_page(void *ctx, unsigned pos, const char *name, uint64_t *page,
				 struct hp_err *e);

/* Wake-on-LAN of interface ifname of host h (a hp_wakesrc_wol_fn with c):
 * WOL_GET for its index (hp_wakesrc_ifindex under h) on the control
 * channel. 0 with *w, the -errno of the index or of the monitor with its
 * text, or -ESTALE when that index is no longer ifname (renamed between). */
int hp_priv_client_wol(struct hp_priv_client *c, const struct hp_host *h, const char *ifname,
		       struct hp_wol *w, struct hp_err *e);

/* Close c's channels: the monitor sees the end and exits. */
void hp_priv_client_close(struct hp_priv_client *c);

/* Fork the monitor for host h: it closes every other descriptor, names
 * itself "hostpowerd-priv", ignores the terminal's and the stop signals (it
 * ends with the SNMP side), drops every capability but HP_PRIV_MONITOR_CAPS
 * from its permitted set (hp_priv_drop_caps: it keeps uid 0, which owns the
 * files it writes) and serves. On 0, c talks to it and *pid is its process
 * id; else -errno with e. */
int hp_priv_start(const struct hp_host *h, struct hp_priv_client *c, pid_t *pid,
		  struct hp_err *e);

/* Give up every capability but those of keep (a mask of 1 << CAP_*) for
 * good: from the bounding set (when CAP_SETPCAP allows it), the permitted,
 * inheritable and ambient sets; the effective set is emptied, keep's stay
 * only permitted (those the process had); and no_new_privs. The uids stay.
 * 0 or -errno with e. */
int hp_priv_drop_caps(uint64_t keep, struct hp_err *e);

/* Raise permitted capability cap into this thread's effective set (on), or
 * take it out; the other capabilities stay as they are. 0 or -errno with e
 * (-EPERM when cap is not permitted). */
int hp_priv_cap_effective(int cap, bool on, struct hp_err *e);

/* Become uid:gid (not 0) with no supplementary group and no capability
 * (hp_priv_drop_caps), and check that root cannot be taken back. 0 or
 * -errno with e. */
int hp_priv_drop_user(uid_t uid, gid_t gid, struct hp_err *e);

#endif
