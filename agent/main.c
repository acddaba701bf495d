/* main.c -- hostpowerd: options, the checks before the start, the start. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "capsxml.h"
#include "daemon.h"
#include "instance.h"
#include "path.h"
#include "power.h"
#include "settings.h"

#define APP "hostpowerd"

/* What the command line asked for beyond net-snmp's own settings. */
struct options {
	bool foreground, log_set, print_config, capabilities, simulate, test;
	const char *pidfile, *root, *agentx_socket, *config;
};

/* The path options made absolute: net-snmp's daemonize moves to "/". */
static struct {
	char root[HP_PATH_MAX], pidfile[HP_PATH_MAX], config[HP_PATH_MAX];
	char socket[HP_PATH_MAX + 8];
} abs_opt;

/* What the start gate needs (net-snmp would free a callback's argument). */
static struct {
	const struct options *opts;
	bool passed; /* the gate let the start go on: the pid file is ours */
} start;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " APP " [options]\n"
		"  -f            stay in the foreground\n"
		"  -x ADDRESS    AgentX socket of the master (e.g. unix:/var/agentx/master)\n"
		"  -L OPTS       logging, as snmpd (-Lo, -Le, -Lf FILE, -Ls daemon, ...)\n"
		"  -D TOKEN      debug output for TOKEN[,TOKEN...] (e.g. hostpowerd)\n"
		"  -p PIDFILE    write the process id to PIDFILE\n"
		"  -C            do not read the default config files\n"
		"  -c FILE       read FILE as " APP ".conf\n"
		"  -t            check the configuration and the host, print what would be used\n"
		"  -H            list the " APP ".conf directives\n"
		"  --root DIR    host root (default /)\n"
		"  --simulate    simulate the sleep (wait for the alarm); needs --root\n"
		"  --capabilities  print the capabilities as XML and exit\n"
		"  --version, --help\n");
	snmp_log_options_usage("  -L", out);
}

/* Handle one option; returns -1 to go on, else the exit code. */
static int parse_option(int c, struct options *opts, int argc, char **argv)
{
	switch (c) {
	case 'f': opts->foreground = true; break;
	case 'x': opts->agentx_socket = optarg; break;
	case 'L':
		if (snmp_log_options(optarg, argc, argv) < 0) {
			usage(stderr);
			return 1;
		}
		opts->log_set = true;
		break;
	case 'D':
		debug_register_tokens(optarg);
		snmp_set_do_debugging(1);
		break;
	case 'p': opts->pidfile = optarg; break;
	case 'C':
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
		break;
	case 'c': opts->config = optarg; break;
	case 't': opts->test = true; break;
	case 'H': opts->print_config = true; break;
	case 'V': printf(APP " %s (net-snmp %s)\n", PACKAGE_VERSION, netsnmp_get_version()); return 0;
	case 'h': usage(stdout); return 0;
	case 'r': opts->root = optarg; break;
	case 's': opts->simulate = true; break;
	case 'k': opts->capabilities = true; break;
	default: usage(stderr); return 1;
	}
	return -1;
}

/* Parse the command line into opts; returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "root", required_argument, NULL, 'r' },
		{ "simulate", no_argument, NULL, 's' },
		{ "capabilities", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;

	while ((c = getopt_long(argc, argv, "fx:L:D:p:Cc:tHh", longopts, NULL)) != -1)
		if ((rc = parse_option(c, opts, argc, argv)) >= 0)
			return rc;
	if (optind < argc) {
		fprintf(stderr, APP ": unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	return -1;
}

/* Make the path option *val (named opt) absolute in buf; false, said on
 * standard error, when it is not what need asks. */
static bool resolve(const char *opt, const char **val, enum agent_path_need need, char *buf,
		    size_t len)
{
	char why[HP_PATH_MAX + 64];

	if (!*val)
		return true;
	if (agent_path_abs(*val, need, buf, len, why, sizeof(why)) < 0) {
		fprintf(stderr, APP ": %s %s\n", opt, why);
		return false;
	}
	*val = buf;
	return true;
}

/* -x: a unix socket ("unix:PATH", or a PATH without ':') made absolute;
 * other transports as given. */
static bool resolve_socket(struct options *o)
{
	const char *path = o->agentx_socket;

	if (!path)
		return true;
	if (strncmp(path, "unix:", 5) == 0)
		path += 5;
	else if (strchr(path, ':'))
		return true;
	if (path[0] == '/')
		return true;
	if (!resolve("-x", &path, AGENT_PATH_ANY, abs_opt.socket + 5, sizeof(abs_opt.socket) - 5))
		return false;
	memcpy(abs_opt.socket, "unix:", 5);
	o->agentx_socket = abs_opt.socket;
	return true;
}

/* Every path option made absolute, before anything moves to "/". */
static bool resolve_paths(struct options *o)
{
	if (!resolve("--root", &o->root, AGENT_PATH_DIR, abs_opt.root, sizeof(abs_opt.root)) ||
	    !resolve("-p", &o->pidfile, AGENT_PATH_IN_DIR, abs_opt.pidfile,
		     sizeof(abs_opt.pidfile)) ||
	    !resolve("-c", &o->config, AGENT_PATH_FILE, abs_opt.config, sizeof(abs_opt.config)) ||
	    !resolve_socket(o))
		return false;
	if (o->config)
		netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_OPTIONALCONFIG, o->config);
	return true;
}

/* Logging: -L as given; else standard error for a check or in the
 * foreground, syslog for a daemon -- and, until it leaves the terminal,
 * its warnings and errors on standard error too, so that a start that
 * fails says why where it was typed. Returns that handler, or NULL. */
static netsnmp_log_handler *setup_logging(const struct options *o)
{
	if (o->log_set)
		return NULL;
	if (o->foreground || o->test || o->capabilities) {
		snmp_enable_stderrlog();
		return NULL;
	}
	snmp_enable_syslog_ident(APP, LOG_DAEMON);
	return netsnmp_register_loghandler(NETSNMP_LOGHANDLER_STDERR, LOG_WARNING);
}

/* -t and --capabilities, once the configuration is read: the settings and
 * the host they name, as the daemon would use them. The exit code. */
static int check(const struct options *o)
{
	char why[HP_PATH_MAX + 128], *doc;
	struct hp_host host;
	struct hp_caps caps;
	struct hp_err err;
	int rc = 0;

	if (o->test && agent_instance_check(agent_cfg.state_file, why, sizeof(why)) < 0) {
		snmp_log(LOG_ERR, "%s\n", why);
		rc = 1;
	}
	hp_host_init(&host, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	if (agent_caps_probe(&host, &caps, &err) < 0) {
		snmp_log(LOG_ERR, "libvirtCapabilities %s: %s\n", agent_cfg.libvirt_caps, err.msg);
		rc = 1;
	}
	if (!(doc = hp_capsxml_document(&host, &caps))) {
		snmp_log(LOG_ERR, "cannot build the capabilities document\n");
		return 1;
	}
	if (o->test)
		agent_settings_print(stdout);
	fputs(doc, stdout);
	free(doc);
	return rc;
}

/* Once the configuration is read and before the subagent connects
 * (net-snmp connects in a later callback of the same event): a bad
 * configuration or a second instance ends the start here, and -t and
 * --capabilities end here with what they print, having read the files
 * exactly as the daemon does. */
static int start_gate(int major, int minor, void *server, void *client)
{
	const struct options *o = start.opts;
	const char *problem = agent_settings_problem();
	char why[HP_PATH_MAX + 128];

	(void)major; (void)minor; (void)server; (void)client;
	if (start.passed)
		return 0;
	if (problem) {
		snmp_log(LOG_ERR, "%sthe configuration has errors (the first: %s)\n",
			 o->test || o->capabilities ? "" : "not starting: ", problem);
		exit(1);
	}
	if (o->test || o->capabilities)
		exit(check(o));
	if (agent_instance_lock(agent_cfg.state_file, o->pidfile, why, sizeof(why)) < 0) {
		snmp_log(LOG_ERR, "not starting: %s\n", why);
		exit(1);
	}
	start.passed = true;
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	netsnmp_log_handler *until_daemon;
	int rc;

	if ((rc = parse_options(argc, argv, &opts)) >= 0)
		return rc;
	if (opts.print_config) {
		agent_settings_usage(stdout);
		return 0;
	}
	agent_path_init();
	if (!resolve_paths(&opts))
		return 1;
	until_daemon = setup_logging(&opts);
	agent_settings_override(opts.root, opts.simulate, opts.agentx_socket);
	start.opts = &opts;
	netsnmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_POST_READ_CONFIG, start_gate,
				  NULL, NETSNMP_CALLBACK_HIGHEST_PRIORITY + 1);
	if (agent_daemon_start(APP) < 0) {
		if (start.passed && opts.pidfile)
			unlink(opts.pidfile);
		return 1;
	}
	if (until_daemon)
		netsnmp_disable_this_loghandler(until_daemon);
	if (!opts.foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0)
		return 1;
	rc = agent_daemon_run(opts.pidfile);
	agent_daemon_stop(APP, opts.pidfile);
	return rc;
}
