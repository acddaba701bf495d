/* settings.c -- hostpowerd.conf directives into struct agent_settings. */
#include "config.h"

#include "settings.h"
#include "path.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum token_type { TOK_UNSIGNED, TOK_PATH, TOK_NAME, TOK_BOOL, TOK_SLEEP };

/* One directive of hostpowerd.conf: its field, its bounds, its default as
 * written in the file (parsed like a value from the file), its help. */
struct config_token {
	const char *name, *arg;
	enum token_type type;
	size_t offset, size;
	unsigned lo, hi;             /* TOK_UNSIGNED */
	enum agent_path_need need;   /* TOK_PATH */
	bool start_only;             /* a change needs a restart */
	const char *def;             /* NULL: none */
	const char *help;
};

/* The values of sleepMethod, by enum agent_cfg_sleep. */
static const char *const sleep_methods[] = {
	[AGENT_CFG_SLEEP_AUTO] = "auto", [AGENT_CFG_SLEEP_LOGIND] = "logind",
	[AGENT_CFG_SLEEP_SYSFS] = "sysfs", [AGENT_CFG_SLEEP_SIMULATE] = "simulate",
};

#define FIELD(f) offsetof(struct agent_settings, f), sizeof(((struct agent_settings *)0)->f)
static const struct config_token config_tokens[] = {
	{ "hostRoot", "DIR", TOK_PATH, FIELD(host_root), 0, 0, AGENT_PATH_DIR, false, "/",
	  "the directory that stands for /; --root wins" },
	{ "rtcDevice", "NAME", TOK_NAME, FIELD(rtc), 0, 0, 0, false, NULL,
	  "the RTC that wakes the host; default: the first usable" },
	{ "sleepMethod", "auto|logind|sysfs|simulate", TOK_SLEEP, FIELD(sleep_method), 0, 0, 0,
	  true, "auto", "how to sleep: auto is logind when org.freedesktop.login1 is on the "
	  "system bus, else sysfs; simulate needs a host root other than /" },
	{ "suspendDurationMin", "SECONDS", TOK_UNSIGNED, FIELD(dur_min), 1, 0xffffffffu, 0, false,
	  "60", "shortest accepted suspend" },
	{ "suspendDurationMax", "SECONDS", TOK_UNSIGNED, FIELD(dur_max), 1, 0xffffffffu, 0, false,
	  "86400", "longest accepted suspend" },
	{ "suspendDelay", "SECONDS", TOK_UNSIGNED, FIELD(delay), 0, 3600, 0, false, "2",
	  "time between the SET's answer and the sleep" },
	{ "keepInterruptedAlarm", "yes|no", TOK_BOOL, FIELD(keep_interrupted), 0, 0, 0, false, "no",
	  "keep the alarm of a suspend interrupted by a stop" },
	{ "eventHistorySize", "N", TOK_UNSIGNED, FIELD(history_size), 1, 100000, 0, true, "100",
	  "rows kept in hostPowerEventTable" },
	/* Its default depends on sleepMethod: settings_check sets it. */
	{ "stateFile", "PATH", TOK_PATH, FIELD(state_file), 0, 0, AGENT_PATH_ANY, true, NULL,
	  "history kept across restarts, none with simulated sleep (default "
	  AGENT_STATE_FILE_DEFAULT ")" },
	{ "notificationQueueSize", "N", TOK_UNSIGNED, FIELD(queue_size), 0, 100000, 0, true, "64",
	  "notifications held while the master is away" },
	{ "libvirtCapabilities", "PATH", TOK_PATH, FIELD(libvirt_caps), 0, 0, AGENT_PATH_ANY, false,
	  NULL, "S3, S4 and hybrid from libvirt's <power_management> in this file" },
	{ "privsep", "yes|no", TOK_BOOL, FIELD(privsep), 0, 0, 0, true, "yes",
	  "run unprivileged, a monitor keeping root for the wake alarm and the sleep" },
	{ "runAsUser", "USER", TOK_NAME, FIELD(run_as), 0, 0, 0, true, "hostpowerd",
	  "the user to run as with privsep" },
	{ "hibernateDelay", "SECONDS", TOK_UNSIGNED, FIELD(hibernate_delay), 1, 0xffffffffu, 0,
	  false, "7200", "suspendThenHibernate: time in RAM before hibernating" },
};
#define N_TOKENS (sizeof(config_tokens) / sizeof(config_tokens[0]))

struct agent_settings agent_cfg;

static struct {
	bool root_set, simulate;
	char root[HP_PATH_MAX];
	const char *agentx_socket;
} cli;

/* One read of the config files. */
static struct {
	struct agent_settings scratch; /* what the read builds */
	bool reading;                  /* the files are being read */
	unsigned problems;             /* errors and warnings seen meanwhile */
	char first[256];               /* the first of them */
	bool ok;                       /* the last read was put in force */
} rd;

static void *field(struct agent_settings *s, const struct config_token *t)
{
	return (char *)s + t->offset;
}

/* A problem of the read: remember the first. */
static void settings_note(const char *msg)
{
	size_t n;

	if (rd.problems++ == 0) {
		snprintf(rd.first, sizeof(rd.first), "%s", msg);
		n = strlen(rd.first);
		while (n && rd.first[n - 1] == '\n')
			rd.first[--n] = '\0';
	}
}

/* A problem found after the files were read (no file and line to give). */
static void settings_fail(const char *fmt, ...)
{
	char msg[sizeof(rd.first)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snmp_log(LOG_ERR, "configuration: %s\n", msg);
	settings_note(msg);
}

/* net-snmp counts its config errors and warnings (unknown directive,
 * missing file) where nobody can read the count: its log is where they
 * surface, each with file and line. */
static int settings_log_seen(int major, int minor, void *server, void *client)
{
	const struct snmp_log_message *m = server;

	(void)major; (void)minor; (void)client;
	if (rd.reading && m && m->priority <= LOG_WARNING)
		settings_note(m->msg ? m->msg : "");
	return 0;
}

/* A path value: absolute, and existing when the directive needs it. */
static int parse_path(const struct config_token *t, const char *arg, char *dst)
{
	char why[HP_PATH_MAX + 64];

	if (agent_path_abs(arg, t->need, dst, t->size, why, sizeof(why)) < 0) {
		netsnmp_config_error("%s: %s", t->name, why);
		return -1;
	}
	return 0;
}

/* An unsigned number in t's bounds. */
static int parse_unsigned(const struct config_token *t, const char *arg, unsigned *dst)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v < t->lo || v > t->hi) {
		netsnmp_config_error("%s: expected a number in %u..%u, got '%s'", t->name, t->lo,
				     t->hi, arg);
		return -1;
	}
	*dst = (unsigned)v;
	return 0;
}

/* A bare name: one path component. */
static int parse_name(const struct config_token *t, const char *arg, char *dst)
{
	if (strlen(arg) >= t->size || strchr(arg, '/') || !strcmp(arg, ".") || !strcmp(arg, "..")) {
		netsnmp_config_error("%s: expected a device name such as rtc0, got '%s'", t->name, arg);
		return -1;
	}
	strcpy(dst, arg);
	return 0;
}

static int parse_bool(const struct config_token *t, const char *arg, bool *dst)
{
	if (!strcmp(arg, "yes") || !strcmp(arg, "true") || !strcmp(arg, "1"))
		*dst = true;
	else if (!strcmp(arg, "no") || !strcmp(arg, "false") || !strcmp(arg, "0"))
		*dst = false;
	else {
		netsnmp_config_error("%s: expected yes or no, got '%s'", t->name, arg);
		return -1;
	}
	return 0;
}

static int parse_sleep(const struct config_token *t, const char *arg,
		       enum agent_cfg_sleep *dst)
{
	size_t i;

	for (i = 0; i < sizeof(sleep_methods) / sizeof(sleep_methods[0]); i++)
		if (strcmp(arg, sleep_methods[i]) == 0) {
			*dst = (enum agent_cfg_sleep)i;
			return 0;
		}
	netsnmp_config_error("%s: expected %s, got '%s'", t->name, t->arg, arg);
	return -1;
}

/* Parse one value of t into s; errors are logged with the file and line. */
static int token_parse(const struct config_token *t, const char *arg, struct agent_settings *s)
{
	if (!arg || !*arg || strchr(arg, ' ') || strchr(arg, '\t')) {
		netsnmp_config_error("%s: expected one value: %s", t->name, t->arg);
		return -1;
	}
	switch (t->type) {
	case TOK_UNSIGNED: return parse_unsigned(t, arg, field(s, t));
	case TOK_PATH: return parse_path(t, arg, field(s, t));
	case TOK_NAME: return parse_name(t, arg, field(s, t));
	case TOK_BOOL: return parse_bool(t, arg, field(s, t));
	case TOK_SLEEP: return parse_sleep(t, arg, field(s, t));
	}
	return -1;
}

static const struct config_token *config_token_find(const char *name)
{
	size_t i;

	for (i = 0; i < N_TOKENS; i++)
		if (strcmp(config_tokens[i].name, name) == 0)
			return &config_tokens[i];
	return NULL;
}

/* net-snmp's handler of every directive of ours. */
static void config_parse(const char *token, char *arg)
{
	const struct config_token *t = config_token_find(token);

	if (t)
		token_parse(t, arg, &rd.scratch);
}

/* The defaults, parsed from the table. */
static void settings_defaults(struct agent_settings *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < N_TOKENS; i++)
		if (config_tokens[i].def)
			token_parse(&config_tokens[i], config_tokens[i].def, s);
}

/* Start a read: defaults in the scratch copy, no problem yet. */
static void settings_begin(void)
{
	settings_defaults(&rd.scratch);
	rd.problems = 0;
	rd.first[0] = '\0';
	rd.reading = true;
}

/* The command line, values that depend on others, what goes together. */
static void settings_check(struct agent_settings *s)
{
	if (cli.root_set)
		strcpy(s->host_root, cli.root);
	s->simulate = cli.simulate || s->sleep_method == AGENT_CFG_SLEEP_SIMULATE;
	/* A simulated host keeps its history in memory unless told where. */
	if (!s->state_file[0] && !s->simulate)
		strcpy(s->state_file, AGENT_STATE_FILE_DEFAULT);
	if (s->dur_min > s->dur_max)
		settings_fail("suspendDurationMin %u > suspendDurationMax %u", s->dur_min,
			      s->dur_max);
	/* The simulator writes its files under the root and arms its RTC:
	 * on the real host that is the real RTC and the real /sim. */
	if (s->simulate && strcmp(s->host_root, "/") == 0)
		settings_fail("simulated sleep (sleepMethod simulate or --simulate) needs a fake "
			      "host root (hostRoot or --root), not /");
}

/* At SIGHUP the directives read at start only keep their value. */
static void settings_keep_start_only(struct agent_settings *s)
{
	size_t i;
	const struct config_token *t;

	for (i = 0; i < N_TOKENS; i++) {
		t = &config_tokens[i];
		if (!t->start_only || !memcmp(field(s, t), field(&agent_cfg, t), t->size))
			continue;
		snmp_log(LOG_NOTICE, "%s: read at start only: restart hostpowerd to apply it\n",
			 t->name);
		memcpy(field(s, t), field(&agent_cfg, t), t->size);
	}
}

/* End a read: check the scratch copy, put it in force when clean. */
static bool settings_end(bool at_start)
{
	rd.reading = false;
	settings_check(&rd.scratch);
	rd.ok = rd.problems == 0;
	if (rd.ok && !at_start)
		settings_keep_start_only(&rd.scratch);
	if (rd.ok)
		agent_cfg = rd.scratch;
	if (cli.agentx_socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
				      cli.agentx_socket);
	return rd.ok;
}

static int config_pre_read(int major, int minor, void *server, void *client)
{
	(void)major; (void)minor; (void)server; (void)client;
	settings_begin();
	return SNMPERR_SUCCESS;
}

static int config_post_read(int major, int minor, void *server, void *client)
{
	(void)major; (void)minor; (void)server; (void)client;
	settings_end(true);
	return SNMPERR_SUCCESS;
}

void agent_settings_register(void)
{
	size_t i;

	settings_defaults(&agent_cfg);
	for (i = 0; i < N_TOKENS; i++)
		register_app_config_handler(config_tokens[i].name, config_parse, NULL,
					    config_tokens[i].arg);
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_PRE_READ_CONFIG,
			       config_pre_read, NULL);
	/* Before the subagent's own callback, which connects to the master. */
	netsnmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_POST_READ_CONFIG,
				  config_post_read, NULL, NETSNMP_CALLBACK_HIGHEST_PRIORITY);
	netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_WARNING);
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, settings_log_seen,
			       NULL);
}

const char *agent_settings_problem(void)
{
	return rd.ok ? NULL : rd.first;
}

void agent_settings_override(const char *root, bool simulate, const char *agentx_socket)
{
	cli.agentx_socket = agentx_socket;
	if (root) {
		cli.root_set = true;
		snprintf(cli.root, sizeof(cli.root), "%s", root);
	}
	cli.simulate = simulate;
}

int agent_settings_reload(void)
{
	/* -c: one absolute file (main made it so), read after the others as
	 * read_configs() does. */
	const char *extra = netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID,
						  NETSNMP_DS_LIB_OPTIONALCONFIG);
	const char *app = netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_APPTYPE);
	const char *s = netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET);
	int ping = netsnmp_ds_get_int(NETSNMP_DS_APPLICATION_ID,
				      NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL);
	char *socket = s ? strdup(s) : NULL;

	settings_begin();
	/* read_config_files() reads nothing while DONT_PERSIST_STATE is set;
	 * read_configs() would also reopen the AgentX session. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 0);
	read_config_files(NORMAL_CONFIG);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	if (extra && *extra && read_config_with_type(extra, app ? app : "hostpowerd") != SNMPERR_SUCCESS)
		snmp_log(LOG_ERR, "%s: cannot be read\n", extra);
	if (!settings_end(false)) {
		/* net-snmp's own directives took effect as they were read. */
		netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
				   ping);
		if (socket && !cli.agentx_socket)
			netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
					      socket);
		snmp_log(LOG_ERR, "SIGHUP: the configuration has errors (the first: %s): the "
			 "settings in force are kept\n", rd.first);
	}
	free(socket);
	return rd.ok ? 0 : -1;
}

void agent_settings_usage(FILE *out)
{
	/* net-snmp's own that the example hostpowerd.conf documents. */
	static const char *const netsnmp[][2] = {
		{ "agentXSocket ADDRESS", "the master's AgentX socket (-x wins)" },
		{ "agentxPingInterval SECONDS", "how often the master is checked" },
	};
	const struct config_token *t;
	char left[64];
	size_t i;

	fputs("hostpowerd.conf directives:\n", out);
	for (i = 0; i < N_TOKENS; i++) {
		t = &config_tokens[i];
		snprintf(left, sizeof(left), "%s %s", t->name, t->arg);
		fprintf(out, "  %-30s %s%s%s%s%s\n", left, t->help, t->def ? " (default " : "",
			t->def ? t->def : "", t->def ? ")" : "", t->start_only ? "; read at start" : "");
	}
	fputs("net-snmp's own, read from hostpowerd.conf too:\n", out);
	for (i = 0; i < sizeof(netsnmp) / sizeof(netsnmp[0]); i++)
		fprintf(out, "  %-30s %s\n", netsnmp[i][0], netsnmp[i][1]);
}

/* One setting as a hostpowerd.conf line; an empty one commented out. */
static void settings_print_one(FILE *out, const struct config_token *t,
			       const struct agent_settings *s)
{
	const void *v = (const char *)s + t->offset;
	size_t i;

	switch (t->type) {
	case TOK_UNSIGNED: fprintf(out, "%s %u\n", t->name, *(const unsigned *)v); break;
	case TOK_BOOL: fprintf(out, "%s %s\n", t->name, *(const bool *)v ? "yes" : "no"); break;
	case TOK_SLEEP:
		i = *(const enum agent_cfg_sleep *)v;
		fprintf(out, "%s %s\n", t->name, i < sizeof(sleep_methods) / sizeof(sleep_methods[0]) ?
			sleep_methods[i] : "?");
		break;
	case TOK_PATH:
	case TOK_NAME:
		fprintf(out, "%s%s %s\n", *(const char *)v ? "" : "#", t->name,
			*(const char *)v ? (const char *)v : "(not set)");
		break;
	}
}

void agent_settings_print(FILE *out)
{
	size_t i;

	for (i = 0; i < N_TOKENS; i++)
		settings_print_one(out, &config_tokens[i], &agent_cfg);
}
