/*
 * privsep.h -- the daemon's privilege separation (doc/privsep.md): the
 * tokens privsep and runAsUser, and the start: once the configuration is
 * read and before the subagent connects, a monitor that keeps root is
 * forked (src/priv.h) and this process becomes runAsUser with no
 * capability. The operations that need root go through agent_privsep_ops()
 * either way, Wake-on-LAN through agent_privsep_wol().
 */
#ifndef AGENT_PRIVSEP_H
#define AGENT_PRIVSEP_H

#include "host.h"
#include "ops.h"
#include "wakesrc.h"

/* Register the tokens and the start (before init_snmp). */
void agent_privsep_register(void);

/* The RTC alarm and the sleep: asked of the monitor, or done here. */
struct hp_ops *agent_privsep_ops(void);

/* The host of the settings is *h. Unseparated, the operations follow it.
 * Separated, *h becomes the monitor's, fixed at the start (a change of
 * hostRoot, rtcDevice or sleepMethod is logged and waits for a restart),
 * and asks the monitor where a swap file starts (for the main thread). */
void agent_privsep_host(struct hp_host *h);

/* Where the wake sources' Wake-on-LAN comes from for host h: asked of the
 * monitor when separated (for the main thread), else hp_wakesrc_wol_for. */
hp_wakesrc_wol_fn agent_privsep_wol(const struct hp_host *h);

/* At the end: the monitor is told (its channels close) and, while it is
 * our child, waited for a moment. */
void agent_privsep_stop(void);

#endif
