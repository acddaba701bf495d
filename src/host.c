/* host.c -- the host root: every host path is built here and nowhere else. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "text.h"

void hp_host_init(struct hp_host *h, const char *root, const char *rtc, bool simulate)
{
	size_t n;

	memset(h, 0, sizeof(*h));
	if (root)
		snprintf(h->root, sizeof(h->root), "%s", root);
	/* "/" and "dir/" lose their trailing slash: paths add their own. */
	n = strlen(h->root);
	while (n > 0 && h->root[n - 1] == '/')
		h->root[--n] = '\0';
	if (rtc)
		snprintf(h->rtc, sizeof(h->rtc), "%s", rtc);
	h->simulate = simulate;
}

int hp_host_path(const struct hp_host *h, const char *rel, char *buf, size_t len)
{
	int n;

	while (*rel == '/')
		rel++;
	n = snprintf(buf, len, "%s/%s", h->root, rel);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Open host file rel without ever blocking and only if it is a regular
 * file, which every sysfs and proc attribute is: a FIFO or a device at a
 * host path must neither hang the daemon in open(2) or read(2) nor be acted
 * on by opening it, so lstat comes first; O_NONBLOCK, O_NOFOLLOW and fstat
 * cover a file swapped in between. The descriptor, or -errno with e filled.
 */
int hp_host_open(const struct hp_host *h, const char *rel, int flags, struct hp_err *e)
{
	char path[HP_PATH_MAX];
	struct stat st;
	int fd, r;

	if ((r = hp_host_path(h, rel, path, sizeof(path))) < 0)
		return hp_err_set(e, -r, "%s: %s", rel, strerror(-r));
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT || !(flags & O_CREAT))
			return hp_err_set(e, errno, "%s: %s", rel, strerror(errno));
		st.st_mode = S_IFREG;
	}
	fd = -1;
	if (S_ISREG(st.st_mode) &&
	    (fd = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644)) < 0)
		return hp_err_set(e, errno, "%s: %s", rel, strerror(errno));
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return fd;
	if (fd >= 0)
		close(fd);
	if (S_ISDIR(st.st_mode))
		return hp_err_set(e, EISDIR, "%s: %s", rel, strerror(EISDIR));
	return hp_err_set(e, EINVAL, "%s: not a regular file", rel);
}

int hp_host_read(const struct hp_host *h, const char *rel, char *buf, size_t len,
		 struct hp_err *e)
{
	ssize_t n;
	int fd, r;

	if (len == 0)
		return hp_err_set(e, EINVAL, "%s: no buffer", rel);
	if ((fd = hp_host_open(h, rel, O_RDONLY, e)) < 0)
		return fd;
	do
		n = read(fd, buf, len - 1);
	while (n < 0 && errno == EINTR);
	r = errno;
	close(fd);
	if (n < 0)
		return hp_err_set(e, r, "%s: %s", rel, strerror(r));
	hp_text_sanitize(buf, (size_t)n, HP_TEXT_LINES);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

int hp_host_write(const struct hp_host *h, const char *rel, const char *value,
		  struct hp_err *e)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, r;

	/* No O_CREAT: a kernel file that is not there is an error, not a new file. */
	if ((fd = hp_host_open(h, rel, O_WRONLY | O_TRUNC, e)) < 0)
		return fd;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	r = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && r == 0)
		r = errno;
	if (r)
		return hp_err_set(e, r, "%s: %s", rel, strerror(r));
	return 0;
}

int hp_host_sim_put(const struct hp_host *h, const char *rel, const char *value, bool append,
		    struct hp_err *e)
{
	char dir[HP_PATH_MAX], tmp[HP_PATH_MAX], from[HP_PATH_MAX], to[HP_PATH_MAX];
	ssize_t len = (ssize_t)strlen(value);
	int fd, r = 0;

	if (hp_host_path(h, HP_SIM_DIR, dir, sizeof(dir)) < 0 ||
	    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", rel, (long)getpid()) >= (int)sizeof(tmp) ||
	    hp_host_path(h, tmp, from, sizeof(from)) < 0 || hp_host_path(h, rel, to, sizeof(to)) < 0)
		return hp_err_set(e, ENAMETOOLONG, "%s: path too long", rel);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return hp_err_set(e, errno, "%s: %s", HP_SIM_DIR, strerror(errno));
	fd = hp_host_open(h, append ? rel : tmp, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), e);
	if (fd < 0)
		return fd;
	errno = 0;
	if (write(fd, value, len) != len)
		r = errno ? errno : EIO;
	if (close(fd) < 0 && !r)
		r = errno;
	if (!r && !append && rename(from, to) < 0)
		r = errno;
	if (r && !append)
		unlink(from);
	return r ? hp_err_set(e, r, "%s: %s", rel, strerror(r)) : 0;
}

bool hp_host_has_word(const char *list, const char *word)
{
	size_t wl = strlen(word), n;
	const char *p = list;

	while (*p) {
		p += strspn(p, " \t\n[");
		n = strcspn(p, " \t\n]");
		if (n == wl && n > 0 && strncmp(p, word, n) == 0)
			return true;
		p += n;
		p += strspn(p, "]");
	}
	return false;
}
