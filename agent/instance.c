/* instance.c -- the locks that keep a second hostpowerd out. */
#include "config.h"

#include "instance.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Open the directory of state_file (an absolute path): the fd, or -1 with why. */
static int instance_open_dir(const char *state_file, char *why, size_t len)
{
	const char *slash = strrchr(state_file, '/');
	char dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%.*s", slash && slash != state_file ?
		 (int)(slash - state_file) : 1, slash ? state_file : ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		snprintf(why, len, "stateFile %s: directory %s: %s", state_file, dir,
			 strerror(errno));
	return fd;
}

/* Lock the directory of state_file; its fd stays open for the process's life. */
static int instance_lock_dir(const char *state_file, char *why, size_t len)
{
	int fd = instance_open_dir(state_file, why, len);

	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		snprintf(why, len, "another hostpowerd is running: it holds the directory of the "
			 "state file %s", state_file);
	else
		snprintf(why, len, "stateFile %s: cannot lock its directory: %s", state_file,
			 strerror(errno));
	close(fd);
	return -1;
}

/* Lock the pid file (created empty if need be; the daemon writes it once
 * it runs); its fd stays open for the process's life. */
static int instance_lock_pidfile(const char *path, char *why, size_t len)
{
	char pid[24];
	ssize_t n;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644), err;

	if (fd < 0) {
		snprintf(why, len, "pid file %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	err = errno;
	n = read(fd, pid, sizeof(pid) - 1);
	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	if (err == EWOULDBLOCK)
		snprintf(why, len, "another hostpowerd is running (pid %s): it holds the pid file %s",
			 pid[0] ? pid : "not written yet", path);
	else
		snprintf(why, len, "pid file %s: cannot lock it: %s", path, strerror(err));
	close(fd);
	return -1;
}

int agent_instance_lock(const char *state_file, const char *pidfile, char *why, size_t len)
{
	if (pidfile && instance_lock_pidfile(pidfile, why, len) < 0)
		return -1;
	if (state_file[0] && instance_lock_dir(state_file, why, len) < 0) {
		if (pidfile)
			unlink(pidfile); /* ours: created or taken over above */
		return -1;
	}
	return 0;
}

int agent_instance_check(const char *state_file, char *why, size_t len)
{
	int fd;

	if (!state_file[0])
		return 0;
	fd = instance_open_dir(state_file, why, len);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}
