/* mib_wakesrc.c -- hostPowerWakeSourceTable, the wake sources of the host
 * (src/wakesrc.h) from a snapshot at most WAKESRC_CACHE_S seconds old,
 * indexed 1..n in path order. A request only checks the snapshot's age: a
 * scan walks thousands of sysfs directories, so it is never made per row. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "mib_wakesrc.h"
#include "mibutil.h"
#include "privsep.h"
#include "settings.h"
#include "wakesrc.h"

#define WAKESRC_CACHE_S 5

/* hostPowerWakeSourceEntry columns. */
enum { WS_INDEX = 1, WS_PATH, WS_KIND, WS_NAME, WS_MAC, WS_WOL_SUPPORTED, WS_WOL_ENABLED };

static struct hp_wakesrc_list snapshot;
static struct timespec taken;      /* CLOCK_MONOTONIC of the snapshot */
static bool have_snapshot;

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
	if (have_snapshot && now.tv_sec - taken.tv_sec < WAKESRC_CACHE_S)
		return;
	taken = now;
	have_snapshot = true;
	hp_host_init(&h, agent_cfg.host_root, agent_cfg.rtc, agent_cfg.simulate);
	rc = hp_wakesrc_scan(&h, agent_privsep_wol(&h), &snapshot, &e);
	if (rc < 0 && rc != last_rc)
		snmp_log(LOG_WARNING, "wake sources: %s\n", e.msg);
	last_rc = rc;
	if (snapshot.truncated && !said_truncated)
		snmp_log(LOG_WARNING, "wake sources: sysfs is larger than the walk's bounds "
			 "(%d directories, %d levels, %d sources): some devices are not listed\n",
			 HP_WAKESRC_MAX_DIRS, HP_WAKESRC_MAX_DEPTH, HP_WAKESRC_MAX);
	said_truncated = snapshot.truncated;
}

/* The row a request names (struct agent_mib_table): the indexes are 1..n,
 * so a row is found at once and a walk costs O(rows). The index is the low
 * 32 bits of the sub-identifier (see mib_events.c). */
static const void *wakesrc_row(const netsnmp_table_request_info *t, int mode, uint32_t *index)
{
	uint64_t i = t->index_oid_len ? (uint32_t)t->index_oid[0] : 0;

	wakesrc_refresh();
	if (mode == MODE_GET && t->index_oid_len != 1)
		return NULL;
	if (mode == MODE_GETNEXT)
		i++;
	if (i == 0 || i > snapshot.n)
		return NULL;
	*index = (uint32_t)i;
	return &snapshot.row[i - 1];
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

/* Put column col of row (struct agent_mib_table) into vb. */
static void wakesrc_value(const void *r, unsigned col, netsnmp_variable_list *vb)
{
	const struct hp_wakesrc *row = r;
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

int agent_mib_wakesrc_init(void)
{
	static const struct agent_mib_table tab = { wakesrc_row, wakesrc_value };

	return agent_mib_register_indexed("hostPowerWakeSourceTable", HP_ARC_WAKESOURCE_TABLE,
					  WS_PATH, WS_WOL_ENABLED, &tab);
}
