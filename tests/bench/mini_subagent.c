/*
 * mini_subagent: the AgentX floor for the benchmark.
 *
 * The least a net-snmp subagent can do: five integer scalars under
 * NET-SNMP-MIB::netSnmpPlaypen.4244.1.{1..5}.0, the first writable (1..4,
 * like hostPowerSuspendTarget), in one scalar group served by one handler
 * (one registration, as hostpowerd registers each of its groups), with
 * net-snmp's own event loop. hostpowerd is measured against it.
 *
 * usage: mini_subagent AGENTX-ADDRESS [PING-SECONDS]
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define MINI_NSCALARS 5

static const oid mini_base[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 4244, 1 };
static long mini_values[MINI_NSCALARS + 1] = { 0, 1, 1, 2, 1, 1 };
static long mini_undo;
static volatile sig_atomic_t mini_stop;

static void
mini_on_signal(int sig)
{
	(void)sig;
	mini_stop = 1;
}

/* One varbind of a SET, in phase mode; only scalar 1 is writable. */
static void
mini_set(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r, oid subid)
{
	netsnmp_variable_list *var = r->requestvb;

	switch (reqinfo->mode) {
	case MODE_SET_RESERVE1:
		if (subid != 1)
			netsnmp_set_request_error(reqinfo, r, SNMP_ERR_NOTWRITABLE);
		else if (var->type != ASN_INTEGER)
			netsnmp_set_request_error(reqinfo, r, SNMP_ERR_WRONGTYPE);
		else if (*var->val.integer < 1 || *var->val.integer > 4)
			netsnmp_set_request_error(reqinfo, r, SNMP_ERR_WRONGVALUE);
		break;
	case MODE_SET_ACTION:
		/* AgentX runs one SET at a time per session: one saved value is enough. */
		mini_undo = mini_values[1];
		mini_values[1] = *var->val.integer;
		break;
	case MODE_SET_UNDO:
		mini_values[1] = mini_undo;
		break;
	default:
		break;
	}
}

static int
mini_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;
	oid subid;

	(void)handler; (void)reg;
	for (r = requests; r != NULL; r = r->next) {
		/* The scalar group helper only passes instances .1.0 to .5.0. */
		subid = r->requestvb->name[r->requestvb->name_length - 2];
		if (reqinfo->mode == MODE_GET)
			snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER, mini_values[subid]);
		else
			mini_set(reqinfo, r, subid);
	}
	return SNMP_ERR_NOERROR;
}

static int
mini_register(void)
{
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration("miniScalars", mini_handler,
	    mini_base, OID_LENGTH(mini_base), HANDLER_CAN_RWRITE);
	if (reg == NULL || netsnmp_register_scalar_group(reg, 1, MINI_NSCALARS) != MIB_REGISTERED_OK)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s AGENTX-ADDRESS [PING-SECONDS]\n", argv[0]);
		return 2;
	}
	snmp_enable_stderrlog();
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, argv[1]);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	if (init_agent("mini_subagent") != 0)
		return 1;
	/* init_agent() resets the ping interval; set it afterwards. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
	    argc > 2 ? atoi(argv[2]) : 15);
	if (mini_register() < 0) {
		fprintf(stderr, "mini_subagent: registration failed\n");
		return 1;
	}
	init_snmp("mini_subagent");
	signal(SIGTERM, mini_on_signal);
	signal(SIGINT, mini_on_signal);
	while (!mini_stop)
		agent_check_and_process(1);
	snmp_shutdown("mini_subagent");
	return 0;
}
