/* host.c -- the host root: every host path is built here and nowhere else. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"

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

int hp_host_read(const struct hp_host *h, const char *rel, char *buf, size_t len,
		 struct hp_err *e)
{
	char path[HP_PATH_MAX];
	ssize_t n;
	int fd, r;

	if (len == 0)
		return hp_err_set(e, EINVAL, "%s: no buffer", rel);
	if ((r = hp_host_path(h, rel, path, sizeof(path))) < 0)
		return hp_err_set(e, -r, "%s: %s", rel, strerror(-r));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", rel, strerror(errno));
	do
		n = read(fd, buf, len - 1);
	while (n < 0 && errno == EINTR);
	r = errno;
	close(fd);
	if (n < 0)
		return hp_err_set(e, r, "%s: %s", rel, strerror(r));
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

int hp_host_write(const struct hp_host *h, const char *rel, const char *value,
		  struct hp_err *e)
{
	char path[HP_PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, r;

	if ((r = hp_host_path(h, rel, path, sizeof(path))) < 0)
		return hp_err_set(e, -r, "%s: %s", rel, strerror(-r));
	/* No O_CREAT: a kernel file that is not there is an error, not a new file. */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", rel, strerror(errno));
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
	char dir[HP_PATH_MAX], path[HP_PATH_MAX], tmp[HP_PATH_MAX];
	ssize_t len = (ssize_t)strlen(value);
	int fd, r = 0;

	if (hp_host_path(h, HP_SIM_DIR, dir, sizeof(dir)) < 0 ||
	    hp_host_path(h, rel, path, sizeof(path)) < 0 ||
	    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return hp_err_set(e, ENAMETOOLONG, "%s: path too long", rel);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return hp_err_set(e, errno, "%s: %s", HP_SIM_DIR, strerror(errno));
	fd = open(append ? path : tmp,
		  O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", rel, strerror(errno));
	errno = 0;
	if (write(fd, value, len) != len)
		r = errno ? errno : EIO;
	if (close(fd) < 0 && !r)
		r = errno;
	if (!r && !append && rename(tmp, path) < 0)
		r = errno;
	if (r && !append)
		unlink(tmp);
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
