/* settings.c -- hostpowerd.conf tokens into struct agent_settings. */
#include "config.h"

#include "settings.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* One token of hostpowerd.conf: where its value goes and its bounds (for a
 * string, hi is the size of the buffer). */
struct config_token {
	const char *name;
	void (*parse)(const char *token, char *arg);
	size_t offset;
	unsigned lo, hi;
	const char *help;
};

static const struct config_token *config_token_find(const char *name);

struct agent_settings agent_cfg;

static struct {
	bool root_set, simulate;
	char root[HP_PATH_MAX];
	const char *agentx_socket;
} cli;

static void config_defaults(void)
{
	memset(&agent_cfg, 0, sizeof(agent_cfg));
	strcpy(agent_cfg.host_root, "/");
	agent_cfg.dur_min = 60;
	agent_cfg.dur_max = 86400;
	agent_cfg.delay = 2;
	agent_cfg.history_size = 100;
	agent_cfg.queue_size = 64;
}

/* Net-snmp calls this before each read of the config files. */
static int config_pre_read(int major, int minor, void *server, void *client)
{
	(void)major; (void)minor; (void)server; (void)client;
	config_defaults();
	return SNMPERR_SUCCESS;
}

/* Net-snmp calls this after each read of the config files. */
static int config_post_read(int major, int minor, void *server, void *client)
{
	(void)major; (void)minor; (void)server; (void)client;
	agent_settings_finish();
	return SNMPERR_SUCCESS;
}

/* Parse an unsigned number in lo..hi into *dst, or complain. */
static void parse_unsigned(const char *token, const char *arg, unsigned lo, unsigned hi,
			   unsigned *dst)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = arg ? strtoul(arg, &end, 10) : 0;
	if (!arg || errno || end == arg || *end || arg[0] == '-' || v < lo || v > hi) {
		netsnmp_config_error("%s: expected a number in %u..%u, got '%s'", token, lo, hi,
				     arg ? arg : "");
		return;
	}
	*dst = (unsigned)v;
}

/* Copy one word into dst (size len), or complain when it is missing or too long. */
static void parse_word(const char *token, const char *arg, char *dst, size_t len)
{
	if (!arg || !*arg || strlen(arg) >= len) {
		netsnmp_config_error("%s: expected one value", token);
		return;
	}
	strcpy(dst, arg);
}

static void config_parse_unsigned(const char *token, char *arg)
{
	const struct config_token *t = config_token_find(token);

	if (t)
		parse_unsigned(token, arg, t->lo, t->hi,
			       (unsigned *)((char *)&agent_cfg + t->offset));
}

static void config_parse_string(const char *token, char *arg)
{
	const struct config_token *t = config_token_find(token);

	if (!t)
		return;
	parse_word(token, arg, (char *)&agent_cfg + t->offset, t->hi);
	if (strcmp(token, "stateFile") == 0)
		agent_cfg.state_file_set = true;
}

static void config_parse_sleep_method(const char *token, char *arg)
{
	if (arg && strcmp(arg, "sysfs") == 0)
		agent_cfg.simulate = false;
	else if (arg && strcmp(arg, "simulate") == 0)
		agent_cfg.simulate = true;
	else
		netsnmp_config_error("%s: expected sysfs or simulate", token);
}

static void config_parse_bool(const char *token, char *arg)
{
	const struct config_token *t = config_token_find(token);
	bool *dst;

	if (!t)
		return;
	dst = (bool *)((char *)&agent_cfg + t->offset);
	if (arg && (!strcmp(arg, "yes") || !strcmp(arg, "true") || !strcmp(arg, "1")))
		*dst = true;
	else if (arg && (!strcmp(arg, "no") || !strcmp(arg, "false") || !strcmp(arg, "0")))
		*dst = false;
	else
		netsnmp_config_error("%s: expected yes or no", token);
}

#define FIELD(f) offsetof(struct agent_settings, f)
#define SIZE(f) sizeof(((struct agent_settings *)0)->f)
static const struct config_token config_tokens[] = {
	{ "hostRoot", config_parse_string, FIELD(host_root), 0, SIZE(host_root),
	  "DIR  the host root (default /)" },
	{ "rtcDevice", config_parse_string, FIELD(rtc), 0, SIZE(rtc),
	  "NAME  the RTC that wakes the host (default: the first usable)" },
	{ "suspendDurationMin", config_parse_unsigned, FIELD(dur_min), 1, 0xffffffffu,
	  "SECONDS  shortest accepted suspend (default 60)" },
	{ "suspendDurationMax", config_parse_unsigned, FIELD(dur_max), 1, 0xffffffffu,
	  "SECONDS  longest accepted suspend (default 86400)" },
	{ "suspendDelay", config_parse_unsigned, FIELD(delay), 0, 3600,
	  "SECONDS  time between the SET answer and the sleep (default 2)" },
	{ "sleepMethod", config_parse_sleep_method, 0, 0, 0,
	  "sysfs|simulate  how to sleep (default sysfs)" },
	{ "eventHistorySize", config_parse_unsigned, FIELD(history_size), 1, 100000,
	  "N  rows kept in hostPowerEventTable (default 100; read at start)" },
	{ "stateFile", config_parse_string, FIELD(state_file), 0, SIZE(state_file),
	  "PATH  history kept across restarts (default " AGENT_STATE_FILE_DEFAULT
	  "; none with --simulate; read at start)" },
	{ "notificationQueueSize", config_parse_unsigned, FIELD(queue_size), 0, 100000,
	  "N  notifications held while the master is away (default 64; read at start)" },
	{ "libvirtCapabilities", config_parse_string, FIELD(libvirt_caps), 0, SIZE(libvirt_caps),
	  "PATH  take S3/S4/hybrid from libvirt's <power_management> in this file" },
	{ "keepInterruptedAlarm", config_parse_bool, FIELD(keep_interrupted), 0, 0,
	  "yes|no  keep the wake alarm of a suspend interrupted by a restart (default no)" },
	{ NULL, NULL, 0, 0, 0, NULL }
};

static const struct config_token *config_token_find(const char *name)
{
	const struct config_token *t;

	for (t = config_tokens; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void agent_settings_register(void)
{
	const struct config_token *t;

	config_defaults();
	for (t = config_tokens; t->name; t++)
		register_app_config_handler(t->name, t->parse, NULL, t->help);
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_PRE_READ_CONFIG,
			       config_pre_read, NULL);
	/* Before the subagent's own callback, which connects to the master. */
	netsnmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_POST_READ_CONFIG,
				  config_post_read, NULL, NETSNMP_CALLBACK_HIGHEST_PRIORITY);
}

void agent_settings_override(const char *root, bool simulate, const char *agentx_socket)
{
	cli.agentx_socket = agentx_socket;
	if (root) {
		cli.root_set = true;
		snprintf(cli.root, sizeof(cli.root), "%s", root);
	}
	cli.simulate = simulate;
	agent_settings_finish();
}

void agent_settings_finish(void)
{
	if (cli.root_set)
		strcpy(agent_cfg.host_root, cli.root);
	if (cli.simulate)
		agent_cfg.simulate = true;
	if (cli.agentx_socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
				      cli.agentx_socket);
	/* A simulated host keeps its history in memory unless told where. */
	if (!agent_cfg.state_file_set)
		strcpy(agent_cfg.state_file, agent_cfg.simulate ? "" : AGENT_STATE_FILE_DEFAULT);
	if (agent_cfg.dur_min > agent_cfg.dur_max) {
		snmp_log(LOG_WARNING, "suspendDurationMin %u > suspendDurationMax %u: using %u for both\n",
			 agent_cfg.dur_min, agent_cfg.dur_max, agent_cfg.dur_min);
		agent_cfg.dur_max = agent_cfg.dur_min;
	}
}

void agent_settings_reload(void)
{
	const char *extra = netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID,
						  NETSNMP_DS_LIB_OPTIONALCONFIG);
	const char *app = netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_APPTYPE);

	config_defaults();
	/* read_config_files() reads nothing while DONT_PERSIST_STATE is set;
	 * read_configs() would also reopen the AgentX session. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 0);
	if (!netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS))
		read_config_files(NORMAL_CONFIG);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	if (extra && *extra)
		read_config_with_type(extra[0] == '-' ? extra + 1 : extra, app ? app : "hostpowerd");
	agent_settings_finish();
}
