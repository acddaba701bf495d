/*
 * statefile.c -- the state file: written atomically, read with a bound,
 * moved aside when bad. The document itself is statefile_write.c's and
 * statefile_read.c's.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "statefile.h"
#include "statefile_xml.h"

/* A state file is a few hundred bytes per event; anything larger than this
 * is not ours (and is not worth holding in memory). */
#define STATE_MAX_BYTES (64u << 20)

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the directory holding path, so a rename in it is durable. */
static int sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, rc = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0'; /* keep "/" for a file in the root */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Write data into a fresh tmp (path + ".new") and fsync it. */
static int write_temp(const char *tmp, const void *data, size_t len, struct hp_err *e)
{
	int fd, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", tmp, strerror(errno));
	rc = write_all(fd, data, len);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		return hp_err_set(e, -rc, "%s: %s", tmp, strerror(-rc));
	}
	return 0;
}

int hp_statefile_save(const struct hp_history *hist, const char *path, struct hp_err *e)
{
	char tmp[PATH_MAX], *doc;
	struct hp_err why;
	size_t len;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp))
		return hp_err_set(e, ENAMETOOLONG, "%s: %s", path, strerror(ENAMETOOLONG));
	rc = hp_statefile_render(hist, &doc, &len, &why);
	if (rc < 0)
		return hp_err_set(e, -rc, "%s: %s", path, why.msg);
	rc = write_temp(tmp, doc, len, e);
	free(doc);
	if (rc < 0)
		return rc;
	if (rename(tmp, path) < 0) {
		rc = hp_err_set(e, errno, "%s: rename from %s: %s", path, tmp, strerror(errno));
		unlink(tmp);
		return rc;
	}
	rc = sync_dir_of(path);
	if (rc < 0)
		return hp_err_set(e, -rc, "%s: fsync of its directory: %s", path, strerror(-rc));
	hp_err_clear(e);
	return 0;
}

/* Read the whole regular file at path into a new NUL-terminated buffer; of
 * a file over STATE_MAX_BYTES, only that much plus one byte (enough to know
 * it is too large). */
static int read_file(const char *path, char **out, size_t *len, struct hp_err *e)
{
	struct stat st;
	size_t cap, n = 0;
	ssize_t r = 0;
	char *buf;
	int fd;

	/* O_NONBLOCK: a FIFO in its place must not hang the daemon. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		int code = errno;
		close(fd);
		return hp_err_set(e, code, "%s: %s", path, strerror(code));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return hp_err_set(e, S_ISDIR(st.st_mode) ? EISDIR : EOPNOTSUPP,
				  "%s: not a regular file", path);
	}
	cap = (size_t)st.st_size < STATE_MAX_BYTES ? (size_t)st.st_size + 1 : STATE_MAX_BYTES + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return hp_err_set(e, ENOMEM, "%s: %s", path, strerror(ENOMEM));
	}
	while (n < cap && ((r = read(fd, buf + n, cap - n)) > 0 || (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	if (r < 0) {
		int code = errno;
		free(buf);
		close(fd);
		return hp_err_set(e, code, "%s: %s", path, strerror(code));
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* rename(2) that fails with -EEXIST rather than replace to. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* A file system without RENAME_NOREPLACE: check, then rename (a race
	 * only with another daemon on the same state file). */
	if (access(to, F_OK) == 0)
		return -EEXIST;
	return rename(from, to) < 0 ? -errno : 0;
}

/* Rename a bad state file to path.corrupt-YYYYMMDDTHHMMSS (UTC), adding
 * -1, -2... when taken (an earlier bad file of the same second is kept);
 * the name goes to aside. */
static int move_aside(const char *path, char *aside, size_t size)
{
	char stamp[20];
	struct tm tm;
	int i, n, rc;

	if (hp_clock_utc(time(NULL), &tm) < 0 ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm) == 0)
		return -ERANGE;
	for (i = 0; i < 1000; i++) {
		n = i ? snprintf(aside, size, "%s.corrupt-%s-%d", path, stamp, i)
		      : snprintf(aside, size, "%s.corrupt-%s", path, stamp);
		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		rc = rename_noreplace(path, aside);
		if (rc != -EEXIST)
			return rc;
	}
	return -EEXIST;
}

int hp_statefile_load(struct hp_history *hist, const char *path, struct hp_err *e)
{
	char aside[PATH_MAX], *buf = NULL;
	struct hp_err why;
	size_t len = 0;
	int rc;

	hp_history_clear(hist);
	rc = read_file(path, &buf, &len, e);
	if (rc < 0)
		return rc;
	if (len > STATE_MAX_BYTES)
		rc = hp_err_set(&why, EINVAL, "larger than %u bytes", STATE_MAX_BYTES);
	else
		rc = hp_statefile_parse(hist, buf, len, &why);
	free(buf);
	if (rc == 0) {
		hp_err_clear(e);
		return 0;
	}
	if (rc != -EINVAL)
		return hp_err_set(e, -rc, "%s: %s", path, why.msg);
	rc = move_aside(path, aside, sizeof(aside));
	if (rc < 0)
		return hp_err_set(e, -rc, "%s: %s; cannot move it aside: %s", path, why.msg,
				  strerror(-rc));
	return hp_err_set(e, EINVAL, "%s: %s; moved to %s", path, why.msg, aside);
}
