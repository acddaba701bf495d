/*
 * host.h -- the host root. Every host path (sys/..., proc/..., dev/...) is
 * built here under one root directory, "/" on a real host, a temp dir laid
 * out like a host in tests and the demo. Nothing else names /sys.
 */
#ifndef HP_HOST_H
#define HP_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "err.h"

#define HP_PATH_MAX 4096
#define HP_NAME_MAX 64

struct hp_host {
	char root[HP_PATH_MAX]; /* without trailing slash; "" is the real "/" */
	char rtc[HP_NAME_MAX];  /* configured RTC ("rtc0"); "" = first usable */
	bool simulate;          /* simulated sleep: wait for the alarm instead */
	/*
	 * Where a swap file starts on disk, for a process that cannot open a
	 * root-only swap file itself (the SNMP side of privsep asks the
	 * monitor, src/priv.h). pos is the swap's line of proc/swaps after the
	 * header (0 = the first), name its path there. 0 with *page in pages,
	 * or -errno with e. NULL (as hp_host_init leaves it): the file is opened
	 * here (hp_swapfile_page). Only the thread that set it may probe with it.
	 */
	int (*swapfile_page)(void *ctx, unsigned pos, const char *name, uint64_t *page,
			     struct hp_err *e);
	void *swapfile_ctx;
};

/* Set up h for root (NULL or "/" = the real host), an RTC name (NULL or "" =
 * the first usable one) and the sleep method. */
void hp_host_init(struct hp_host *h, const char *root, const char *rtc, bool simulate);

/* Build root + "/" + rel into buf; -ENAMETOOLONG if it does not fit. */
int hp_host_path(const struct hp_host *h, const char *rel, char *buf, size_t len);

/*
 * Host files are opened only when they are regular files, as sysfs and proc
 * attributes are, and without blocking: a FIFO, a device or a symbolic link
 * at the last step is -EINVAL, "rel: not a regular file", at once (a
 * directory -EISDIR). Reads and writes are one call each, bounded by the buffer.
 */

/* Open host file rel with flags (O_RDONLY, O_WRONLY, O_CREAT ...) as said
 * above, adding O_NONBLOCK and O_CLOEXEC: the descriptor, or -errno with e
 * filled ("rel: strerror", "rel: not a regular file"). */
int hp_host_open(const struct hp_host *h, const char *rel, int flags, struct hp_err *e);

/* Read a small host file rel into buf in one read(2) of at most len - 1
 * bytes, as text: invalid UTF-8 and control characters other than tab and
 * newline become '?' (hp_text_sanitize), trailing newlines and spaces are
 * removed, and buf is NUL-terminated. Returns the length or -errno with e
 * filled ("sys/power/state: No such file or directory"). */
int hp_host_read(const struct hp_host *h, const char *rel, char *buf, size_t len,
		 struct hp_err *e);

/* Write value to host file rel in one write(2), as the kernel wants it; the
 * file must exist (never created). Returns 0 or -errno with e filled (the
 * errno of open or write, "rel: strerror"). */
int hp_host_write(const struct hp_host *h, const char *rel, const char *value,
		  struct hp_err *e);

/* The simulator's own files (kernel.log, sleep_offset_ms, fail_errno,
 * rtc_reach) live in this directory under the root. */
#define HP_SIM_DIR "sim"

/* Write value to the simulator's file rel (under HP_SIM_DIR), creating it
 * and the directory: appended when append, else replaced through a temp
 * file and rename, so a reader sees the old value or the new, never half.
 * Returns 0 or -errno with e filled ("rel: strerror"). */
int hp_host_sim_put(const struct hp_host *h, const char *rel, const char *value, bool append,
		    struct hp_err *e);

/* Is word one of the space-separated words of list? "[deep]" counts as "deep". */
bool hp_host_has_word(const char *list, const char *word);

#endif
