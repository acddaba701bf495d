/* mib_wakesrc.c -- hostPowerWakeSourceTable, the wake sources of the host
 * (src/wakesrc.h) from a snapshot at most WAKESRC_CACHE_S seconds old,
 * indexed 1..n in path order. The snapshot is taken when a request begins,
 * never per row: a scan walks thousands of sysfs directories. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "mib_wakesrc.h"
#include "mibutil.h"
#include "settings.h"
#include "wakesrc.h"

#define WAKESRC_CACHE_S 5

/* hostPowerWakeSourceEntry columns. */
enum { WS_INDEX = 1, WS_PATH, WS_KIND, WS_NAME, WS_MAC, WS_WOL_SUPPORTED, WS_WOL_ENABLED };

static struct hp_wakesrc_list snapshot;
static struct timespec taken;      /* CLOCK_MONOTONIC of the snapshot; 0 = none yet */

/* Scan again when the snapshot is older than the cache time. A failure
 * leaves the table empty; it is logged when it changes, not at each scan. */
static void wakesrc_refresh(void)
{
	static int last_rc;
	static bool said_truncated;
	struct timespec now;
	struct hp_host h;
	struct hp_err e;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (taken.tv_sec && now.tv_sec - taken.tv_sec < WAKESRC_CACHE_S)
		return;
	taken = now;
	hp_host_init(&h, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	rc = hp_wakesrc_scan(&h, hp_wakesrc_wol_for(&h), &snapshot, &e);
	if (rc < 0 && rc != last_rc)
		snmp_log(LOG_WARNING, "wake sources: %s\n", e.msg);
	last_rc = rc;
	if (snapshot.truncated && !said_truncated)
		snmp_log(LOG_WARNING, "wake sources: sysfs is larger than the walk's bounds "
			 "(%d directories, %d levels, %d sources): some devices are not listed\n",
			 HP_WAKESRC_MAX_DIRS, HP_WAKESRC_MAX_DEPTH, HP_WAKESRC_MAX);
	said_truncated = snapshot.truncated;
}

static netsnmp_variable_list *wakesrc_next(void **loop, void **data, netsnmp_variable_list *index,
					   netsnmp_iterator_info *info)
{
	static size_t pos;

	(void)info;
	pos = *loop ? pos + 1 : 0;
	if (pos >= snapshot.n)
		return NULL;
	*loop = &pos;
	*data = &snapshot.row[pos];
	snmp_set_var_typed_integer(index, ASN_UNSIGNED, (long)pos + 1);
	return index;
}

static netsnmp_variable_list *wakesrc_first(void **loop, void **data, netsnmp_variable_list *index,
					    netsnmp_iterator_info *info)
{
	wakesrc_refresh();
	*loop = NULL;
	return wakesrc_next(loop, data, index, info);
}

/* A mask of 1 << enum hp_wol_mode as HostPowerWakeOnLanModes: BITS put
 * bit 0 in the first octet's most significant bit. */
static u_char wol_bits(uint32_t mask)
{
	u_char octet = 0;
	int i;

	for (i = 0; i < HP_WOL_COUNT; i++)
		if (mask & (1u << i))
			octet |= (u_char)(0x80 >> i);
	return octet;
}

/* Put column col of row into vb. */
static void wakesrc_value(const struct hp_wakesrc *row, unsigned col, netsnmp_variable_list *vb)
{
	const char *s = col == WS_PATH ? row->path : col == WS_KIND ? row->kind :
			col == WS_NAME ? row->name : NULL;
	u_char bits;

	if (s) {
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, s, strlen(s));
	} else if (col == WS_MAC) {
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, row->mac, row->mac_len);
	} else {
		/* Empty when not a NIC, or when the kernel would not tell. */
		bits = wol_bits(col == WS_WOL_SUPPORTED ? row->wol.supported : row->wol.enabled);
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, &bits,
					 row->nic && row->wol_known ? 1 : 0);
	}
}

static int wakesrc_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
			   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_table_request_info *t;
	const struct hp_wakesrc *row;
	netsnmp_request_info *r;

	(void)handler; (void)reg;
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		row = netsnmp_extract_iterator_context(r);
		t = netsnmp_extract_table_info(r);
		if (!row || !t)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else
			wakesrc_value(row, t->colnum, r->requestvb);
	}
	return SNMP_ERR_NOERROR;
}

int agent_mib_wakesrc_init(void)
{
	return agent_mib_register_table("hostPowerWakeSourceTable", wakesrc_handler,
					HP_ARC_WAKESOURCE_TABLE, WS_PATH, WS_WOL_ENABLED, wakesrc_first,
					wakesrc_next);
}
