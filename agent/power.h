/*
 * power.h -- the daemon's side of the suspend state machine (src/fsm.h):
 * it feeds the machine the SET phases, the worker's reports, external
 * sleeps, SIGHUP and the stop, and performs the actions the machine returns.
 * It owns the host, the cached capabilities and the worker (src/worker.h).
 * Every function here runs on the main thread.
 */
#ifndef AGENT_POWER_H
#define AGENT_POWER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "caps.h"

/* hostPowerState. */
enum agent_state { AGENT_READY = 1, AGENT_PENDING = 2, AGENT_SUSPENDING = 3, AGENT_TESTING = 4 };

/* hostPowerRtcSelfTestResult. */
enum agent_selftest_result {
	AGENT_SELFTEST_NEVER = 1, AGENT_SELFTEST_RUNNING = 2, AGENT_SELFTEST_PASSED = 3,
	AGENT_SELFTEST_FAILED = 4
};

/* The last RTC self-test, as the status group shows it. */
struct agent_selftest_status {
	enum agent_selftest_result result;
	int32_t late_ms;        /* seen fired this long after its time */
	time_t when;            /* when it ended, 0 = never */
};

/* Set up the host from agent_cfg, the pipe and the clock watch; record an
 * interrupted suspend found in the history. 0 or -errno. */
int agent_power_init(void);

/* Stop: an armed but uncommitted alarm is disarmed; a scheduled sleep is
 * cancelled (its alarm and the state file's pending_alarm stay, so the next
 * start reports it); a worker that is asleep gets a moment to come back (its
 * resume is recorded). */
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

/* Probe host h into c, with libvirtCapabilities' document when configured:
 * 0, or -errno and err when that document cannot be used. */
int agent_caps_probe(const struct hp_host *h, struct hp_caps *c, struct hp_err *err);

/* The armed wake alarm (wall clock), 0 when none. */
time_t agent_power_alarm(void);

/* When the pending or running suspend ends (wall clock): its alarm, or for
 * a suspend-then-hibernate the end of the whole duration; 0 when ready. */
time_t agent_power_end_time(void);

enum agent_state agent_power_state(void);

/* hostPowerSuspendTarget. */
enum hp_target agent_power_target(void);

/* The duration of the pending or last requested suspend, 0 if none. */
unsigned agent_power_duration(void);

/* Why the last refused or failed suspend did not happen, "" if none. */
const char *agent_power_last_error(void);

/* RESERVE2: can target t be set (suspend false, judged on the cached
 * probe) or a suspend of seconds into it begin now (suspend true, by a
 * fresh probe; in logind mode a block inhibitor refuses it unless
 * ignore_inhibitors)? 0, or the SNMP error with the reason logged and kept
 * as the last error. */
int agent_power_check(enum hp_target t, unsigned seconds, bool suspend, bool ignore_inhibitors);

/* ACTION of SET transaction txn (never 0): arm and verify the wake alarm
 * for now + suspendDelay + 1 + seconds, for a suspend into the target as
 * it is at COMMIT (the sleep begins seconds before the alarm, at least
 * suspendDelay after the answer).
 * The transaction owns the alarm until its COMMIT or UNDO, or until a few
 * seconds pass without either (the alarm is then disarmed and a failure
 * recorded). 0, or the SNMP error with the reason logged and kept. */
int agent_power_arm(unsigned seconds, uint64_t txn);

/* hostPowerSuspendDurationMax: suspendDurationMax, or less when the RTC
 * accepts no alarm that far ahead: its reach (learnt by arming, once) less
 * suspendDelay, the second the alarm adds and a second of margin. */
unsigned agent_power_duration_max(void);

/* hostPowerRtcAlarmReach: the farthest offset the RTC accepted (as far as
 * it was asked), 0 while unknown. */
unsigned agent_power_rtc_reach(void);

/* RESERVE of a suspend of seconds (within suspendDurationMin..Max): 0, or
 * wrongValue with the reason kept when it is beyond the RTC's reach. */
int agent_power_check_reach(unsigned long seconds);

/* RESERVE2 of a cancel: 0 when a suspend is pending (accepted, not yet
 * begun), else inconsistentValue with the reason kept. */
int agent_power_check_cancel(void);

/* ACTION of a cancel by transaction txn: stop the worker before it
 * begins the sleep. The alarm stays until the COMMIT (which disarms it and
 * records the cancel) or the UNDO (which schedules the suspend again).
 * 0, or inconsistentValue when the sleep has begun meanwhile. */
int agent_power_cancel(uint64_t txn);

/* UNDO of transaction txn: disarm what its ACTION armed, or bring back the
 * suspend it cancelled. */
void agent_power_undo(uint64_t txn);

/* COMMIT of transaction txn: its armed suspend goes ahead; the worker
 * begins it when the alarm is the requested duration away (suspendDelay to
 * suspendDelay + 1 s from now), whatever the main loop is doing. */
void agent_power_commit(uint64_t txn);

/* RESERVE2 of a self-test: 0 when ready with an RTC that can wake, else
 * the SNMP error with the reason kept. */
int agent_power_check_selftest(void);

/* COMMIT of a self-test: arm the RTC a few seconds ahead and watch it
 * fire while awake (in the worker); the result is recorded as an event. */
void agent_power_selftest(void);

/* The last self-test. */
const struct agent_selftest_status *agent_power_selftest_status(void);

/* hostPowerSuspendIgnoreInhibitors: the next suspend goes through block
 * inhibitors; back to false after each suspend, whatever its end. */
void agent_power_set_ignore_inhibitors(bool on);
bool agent_power_ignore_inhibitors(void);

/* Set hostPowerSuspendTarget. */
void agent_power_set_target(enum hp_target t);

#endif
