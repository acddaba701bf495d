/*
 * daemon.h -- the daemon's life: start net-snmp as an AgentX subagent with
 * our MIB and config, run the loop, stop cleanly.
 */
#ifndef AGENT_DAEMON_H
#define AGENT_DAEMON_H

/* Start: subagent, config tokens, MIB registrations, read the config,
 * connect (init_snmp), load the history and set up the state machine.
 * 0 or -1 (logged). */
int agent_daemon_start(const char *app);

/* Write pidfile (NULL = none) and run the loop until SIGTERM or SIGINT;
 * SIGHUP re-reads the config. Returns the exit code. */
int agent_daemon_run(const char *pidfile);

/* Stop: net-snmp shutdown, history saved and freed, pidfile removed. */
void agent_daemon_stop(const char *app, const char *pidfile);

#endif
