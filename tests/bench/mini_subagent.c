/*
 * mini_subagent: the AgentX floor for the benchmark.
 *
 * The least a net-snmp subagent can do: five integer scalars under
 * NET-SNMP-MIB::netSnmpPlaypen.4244.1.{1..5}.0, the first writable (1..4,
 * like hostPowerSuspendTarget), served by one scalar handler, with
 * net-snmp's own event loop. hostpowerd is measured against it.
 *
 * usage: mini_subagent AGENTX-ADDRESS [PING-SECONDS]
 */
#include <signal.h>
#include <string.h>
#include <stdlib.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define MINI_NSCALARS 5

static const oid mini_base[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 4244, 1 };
static long mini_values[MINI_NSCALARS] = { 1, 1, 2, 1, 1 };
static long mini_undo;
static volatile sig_atomic_t mini_stop;

static void
mini_on_signal(int sig)
{
	(void)sig;
	mini_stop = 1;
}

/* The scalar's index (0..4) is the last arc of its registration. */
static long *
mini_value_of(netsnmp_handler_registration *reg)
{
	return &mini_values[reg->rootoid[reg->rootoid_len - 1] - 1];
}

static int
mini_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	long *value = mini_value_of(reg);
	netsnmp_variable_list *var = requests->requestvb;

	(void)handler;
	switch (reqinfo->mode) {
	case MODE_GET:
		snmp_set_var_typed_integer(var, ASN_INTEGER, *value);
		break;
	case MODE_SET_RESERVE1:
		if (var->type != ASN_INTEGER)
			netsnmp_set_request_error(reqinfo, requests, SNMP_ERR_WRONGTYPE);
		else if (*var->val.integer < 1 || *var->val.integer > 4)
			netsnmp_set_request_error(reqinfo, requests, SNMP_ERR_WRONGVALUE);
		break;
	case MODE_SET_ACTION:
		/* AgentX runs one SET at a time per session: one saved value is enough. */
		mini_undo = *value;
		*value = *var->val.integer;
		break;
	case MODE_SET_UNDO:
		*value = mini_undo;
		break;
	default:
		break;
	}
	return SNMP_ERR_NOERROR;
}

static int
mini_register(void)
{
	oid o[OID_LENGTH(mini_base) + 1];
	netsnmp_handler_registration *reg;
	int i;

	memcpy(o, mini_base, sizeof(mini_base));
	for (i = 0; i < MINI_NSCALARS; i++) {
		o[OID_LENGTH(mini_base)] = i + 1;
		reg = netsnmp_create_handler_registration("miniScalar", mini_handler,
		    o, OID_LENGTH(o), i == 0 ? HANDLER_CAN_RWRITE : HANDLER_CAN_RONLY);
		if (reg == NULL || netsnmp_register_scalar(reg) != MIB_REGISTERED_OK)
			return -1;
	}
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
