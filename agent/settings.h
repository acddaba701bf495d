/*
 * settings.h -- hostpowerd.conf: the daemon's tokens, read through net-snmp's
 * config API into one struct of settings. The command line wins over the file.
 */
#ifndef AGENT_SETTINGS_H
#define AGENT_SETTINGS_H

#include <stdbool.h>
#include "host.h"

#define AGENT_STATE_FILE_DEFAULT "/var/lib/hostpowerd/state.xml"

struct agent_settings {
	char host_root[HP_PATH_MAX];   /* hostRoot, "/" by default */
	char rtc[HP_NAME_MAX];         /* rtcDevice, "" = first usable */
	unsigned dur_min, dur_max;     /* suspendDurationMin/Max */
	unsigned delay;                /* suspendDelay */
	bool simulate;                 /* sleepMethod simulate */
	unsigned history_size;         /* eventHistorySize */
	char state_file[HP_PATH_MAX];  /* stateFile; "" = memory only (the
					* default with simulated sleep) */
	bool state_file_set;           /* stateFile given in the file */
	unsigned queue_size;           /* notificationQueueSize */
	char libvirt_caps[HP_PATH_MAX];/* libvirtCapabilities, "" = none */
	bool keep_interrupted;         /* keepInterruptedAlarm */
};

/* The settings in force. */
extern struct agent_settings agent_cfg;

/* Register the tokens of hostpowerd.conf (before init_snmp) and reset the
 * settings to their defaults before every read of the files. */
void agent_settings_register(void);

/* Remember command-line values that win over the file: root, the AgentX
 * socket (NULL = not given) and --simulate. Applied now and after every
 * read, before the subagent connects. */
void agent_settings_override(const char *root, bool simulate, const char *agentx_socket);

/* Settle values that depend on others (the state file default, the
 * command-line overrides) and check min <= max. Called after each read. */
void agent_settings_finish(void);

/* Re-read the config files (SIGHUP): our tokens and net-snmp's, without
 * reopening the AgentX session. */
void agent_settings_reload(void);

#endif
