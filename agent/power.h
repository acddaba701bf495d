/*
 * power.h -- the one state machine of the daemon: ready -> pending ->
 * suspending -> ready. It owns the host, the cached capabilities, the worker
 * thread that sleeps and the pipe through which the worker tells the main
 * loop it is back. Every function here runs on the main thread.
 */
#ifndef AGENT_POWER_H
#define AGENT_POWER_H

#include <stdbool.h>
#include <time.h>

#include "caps.h"

/* hostPowerState. */
enum agent_state { AGENT_READY = 1, AGENT_PENDING = 2, AGENT_SUSPENDING = 3 };

/* Set up the host from agent_cfg, the pipe and the clock watch; record an
 * interrupted suspend found in the history. 0 or -errno. */
int agent_power_init(void);

/* Stop: give a worker that is returning a moment to finish (its resume is
 * recorded), forget a scheduled sleep (its alarm and the state file's
 * pending_alarm stay, so the next start reports it) and close the pipe. */
void agent_power_free(void);

/* agent_cfg changed (SIGHUP): take the new host settings (once ready) and
 * probe again. */
void agent_power_reconfigure(void);

/* The fd the main loop watches for the worker's return. */
int agent_power_fd(void);

/* The fd is readable: finish the sleep (resume or failure). */
void agent_power_read(void);

/* Look for a sleep this daemon did not start (when ready) and record it. */
void agent_power_watch(void);

/* The capabilities, probed at most every few seconds. */
const struct hp_caps *agent_power_caps(void);

/* The armed wake alarm (wall clock), 0 when none. */
time_t agent_power_alarm(void);

enum agent_state agent_power_state(void);

/* hostPowerSuspendTarget. */
enum hp_target agent_power_target(void);

/* The duration of the pending or last requested suspend, 0 if none. */
unsigned agent_power_duration(void);

/* Why the last refused or failed suspend did not happen, "" if none. */
const char *agent_power_last_error(void);

/* RESERVE2: can target t be set (suspend false, judged on the cached
 * probe) or entered now (suspend true, by a fresh probe)? 0, or the SNMP
 * error with the reason logged and kept as the last error. */
int agent_power_check(enum hp_target t, bool suspend);

/* ACTION: arm and verify the wake alarm for now + suspendDelay + 1 +
 * seconds (the sleep begins seconds before the alarm, at least
 * suspendDelay after the answer). 0, or the SNMP
 * error with the reason logged and kept. */
int agent_power_arm(unsigned seconds);

/* UNDO: disarm what agent_power_arm armed, if anything. */
void agent_power_disarm(void);

/* Set hostPowerSuspendTarget. */
void agent_power_set_target(enum hp_target t);

/* COMMIT: the armed suspend into t goes ahead from the main loop (so the
 * response leaves first) when the alarm is the requested duration away:
 * suspendDelay to suspendDelay + 1 seconds from now. */
void agent_power_commit(enum hp_target t);

#endif
