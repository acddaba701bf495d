/*
 * path.h -- path options and directives made absolute at start: net-snmp's
 * daemonize moves to "/", and a relative path read after that would name
 * something else (a relative host root would reach the real /sys).
 */
#ifndef AGENT_PATH_H
#define AGENT_PATH_H

#include <stddef.h>

/* What a path must be for agent_path_abs. */
enum agent_path_need {
	AGENT_PATH_ANY,    /* anything: it may appear later */
	AGENT_PATH_FILE,   /* an existing file, not a directory */
	AGENT_PATH_DIR,    /* an existing directory */
	AGENT_PATH_IN_DIR, /* a name in an existing directory */
};

/* Note the working directory of the start: relative paths, now and at
 * every later read of the configuration, are taken from it. */
void agent_path_init(void);

/* Make path absolute against that directory: the real path (realpath(3))
 * of path (AGENT_PATH_FILE, AGENT_PATH_DIR) or of its directory
 * (AGENT_PATH_IN_DIR), or the path as given under that directory
 * (AGENT_PATH_ANY). Returns 0, or -errno with why (why_len bytes) saying
 * which path fails and how. */
int agent_path_abs(const char *path, enum agent_path_need need, char *out, size_t len,
		   char *why, size_t why_len);

#endif
