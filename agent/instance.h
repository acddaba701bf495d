/*
 * instance.h -- one hostpowerd per state file and per pid file: flock(2)
 * locks taken at start, before the subagent connects, and held for the
 * life of the process (the descriptors stay open and survive the fork of
 * daemonizing). The state file is replaced by rename at each save, so its
 * lock is on its directory.
 */
#ifndef AGENT_INSTANCE_H
#define AGENT_INSTANCE_H

#include <stddef.h>

/* Lock the directory of state_file ("" = no state file) and pidfile (NULL
 * = none). Returns 0, or -1 with why (len bytes) saying what is missing or
 * which hostpowerd holds it. */
int agent_instance_lock(const char *state_file, const char *pidfile, char *why, size_t len);

/* Without locking (for -t): is the directory of state_file there? 0 or -1
 * with why. */
int agent_instance_check(const char *state_file, char *why, size_t len);

#endif
