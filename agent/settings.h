/*
 * settings.h -- hostpowerd.conf: the daemon's directives, read through
 * net-snmp's config API into a scratch copy and put in force only when the
 * whole read is clean. The command line wins over the file.
 */
#ifndef AGENT_SETTINGS_H
#define AGENT_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "host.h"

#define AGENT_STATE_FILE_DEFAULT "/var/lib/hostpowerd/state.xml"

/* sleepMethod. */
enum agent_cfg_sleep {
	AGENT_CFG_SLEEP_AUTO,     /* logind when login1 is on the bus, else sysfs */
	AGENT_CFG_SLEEP_LOGIND,
	AGENT_CFG_SLEEP_SYSFS,
	AGENT_CFG_SLEEP_SIMULATE,
};

struct agent_settings {
	char host_root[HP_PATH_MAX];   /* hostRoot, absolute, "/" by default */
	char rtc[HP_NAME_MAX];         /* rtcDevice, "" = first usable */
	unsigned dur_min, dur_max;     /* suspendDurationMin/Max */
	unsigned delay;                /* suspendDelay */
	enum agent_cfg_sleep sleep_method; /* sleepMethod */
	bool simulate;                 /* sleepMethod simulate or --simulate */
	unsigned history_size;         /* eventHistorySize */
	char state_file[HP_PATH_MAX];  /* stateFile, absolute; "" = memory only
					* (the default with simulated sleep) */
	unsigned queue_size;           /* notificationQueueSize */
	char libvirt_caps[HP_PATH_MAX];/* libvirtCapabilities, absolute, "" = none */
	bool keep_interrupted;         /* keepInterruptedAlarm */
	bool privsep;                  /* privsep */
	char run_as[HP_NAME_MAX];      /* runAsUser */
	unsigned hibernate_delay;      /* hibernateDelay */
};

/* The settings in force. */
extern struct agent_settings agent_cfg;

/* Register the directives of hostpowerd.conf (before init_snmp) and note
 * the working directory that relative paths are taken from. Each read of
 * the files fills a scratch copy; a clean read puts it in force, a read
 * with any error or warning (ours, or net-snmp's: unknown directive,
 * missing file) leaves the settings in force alone. */
void agent_settings_register(void);

/* NULL when the last read put its settings in force; else the first of its
 * problems (all were logged, with file and line where there is one). At
 * start, the caller stops on a problem. */
const char *agent_settings_problem(void);

/* Remember command-line values that win over the file: root (absolute, or
 * NULL = not given), the AgentX socket (NULL = not given) and --simulate.
 * Applied at every read. */
void agent_settings_override(const char *root, bool simulate, const char *agentx_socket);

/* Re-read the config files (SIGHUP): our directives and net-snmp's,
 * without reopening the AgentX session. On any error the settings in force
 * stay whole and the reason is logged. 0 or -1. Directives read at start
 * only keep their value. */
int agent_settings_reload(void);

/* Print the directives of hostpowerd.conf with their defaults (-H). */
void agent_settings_usage(FILE *out);

/* Print the settings in force as hostpowerd.conf lines (-t). */
void agent_settings_print(FILE *out);

#endif
