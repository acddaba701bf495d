/* main.c -- hostpowerd: options, start-up, signals and the loop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "capsxml.h"
#include "daemon.h"
#include "settings.h"

#define APP "hostpowerd"

/* What the command line asked for beyond net-snmp's own settings. */
struct options {
	bool foreground, log_set, print_config, capabilities, simulate;
	const char *pidfile, *root, *agentx_socket;
};

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
		"  -H            list the config directives\n"
		"  --root DIR    host root (default /)\n"
		"  --simulate    simulate the sleep (wait for the alarm)\n"
		"  --capabilities  print the capabilities as XML and exit\n"
		"  --version, --help\n");
	snmp_log_options_usage("  -L", out);
}

/* Print our capabilities document for opts' host and return the exit code. */
static int print_capabilities(const struct options *opts)
{
	struct hp_host host;
	struct hp_caps caps;
	char *doc;

	hp_host_init(&host, opts->root, NULL, opts->simulate);
	hp_caps_probe(&host, &caps);
	doc = hp_capsxml_document(&host, &caps);
	if (!doc) {
		fprintf(stderr, APP ": cannot build the capabilities document\n");
		return 1;
	}
	fputs(doc, stdout);
	free(doc);
	return 0;
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
	case 'c':
		netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_OPTIONALCONFIG, optarg);
		break;
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

	while ((c = getopt_long(argc, argv, "fx:L:D:p:Cc:Hh", longopts, NULL)) != -1)
		if ((rc = parse_option(c, opts, argc, argv)) >= 0)
			return rc;
	if (optind < argc) {
		fprintf(stderr, APP ": unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	int rc;

	if ((rc = parse_options(argc, argv, &opts)) >= 0)
		return rc;
	if (opts.capabilities)
		return print_capabilities(&opts);
	if (!opts.log_set || opts.print_config) {
		if (opts.foreground || opts.print_config)
			snmp_enable_stderrlog();
		else
			snmp_enable_syslog_ident(APP, LOG_DAEMON);
	}
	agent_settings_override(opts.root, opts.simulate, opts.agentx_socket);
	if (agent_daemon_start(APP, opts.print_config) < 0)
		return 1;
	if (opts.print_config) {
		read_config_print_usage("  ");
		agent_daemon_stop(APP, NULL);
		return 0;
	}
	if (!opts.foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0)
		return 1;
	rc = agent_daemon_run(opts.pidfile);
	agent_daemon_stop(APP, opts.pidfile);
	return rc;
}
