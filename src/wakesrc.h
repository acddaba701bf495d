/*
 * wakesrc.h -- the wake sources: every device under sys/devices whose
 * power/wakeup reads "enabled", its subsystem and, for a network interface,
 * its MAC address and Wake-on-LAN modes, so a manager knows how to wake the
 * host early (a magic packet to that MAC). Read only: nothing is changed.
 *
 * The walk is bounded: at most HP_WAKESRC_MAX_DIRS directories, at most
 * HP_WAKESRC_MAX_DEPTH levels below sys/devices, and only real directories
 * are entered (sysfs's class, subsystem, driver and device links are
 * symbolic links, so no link is followed and no loop is possible).
 *
 * Wake-on-LAN is not in sysfs: the kernel gives it only through ethtool
 * (ETHTOOL_GWOL or ETHTOOL_MSG_WOL_GET), and both need CAP_NET_ADMIN
 * because the answer may hold the SecureOn password. It comes through a
 * hp_wakesrc_wol_fn, so a simulated host reads it from a file instead and
 * a privilege-separated agent asks its monitor (src/priv.h, WOL_GET), which
 * names an interface by its index (hp_wakesrc_ifindex, hp_wakesrc_ifname).
 */
#ifndef HP_WAKESRC_H
#define HP_WAKESRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "host.h"

#define HP_WAKESRC_MAX_DIRS 65536 /* directories visited by one scan */
#define HP_WAKESRC_MAX_DEPTH 32   /* levels below sys/devices */
#define HP_WAKESRC_MAX 1024       /* wake sources kept */
#define HP_WAKESRC_TEXT 256       /* a path, kind or name, NUL included */
#define HP_WAKESRC_MAC_MAX 32     /* MAX_ADDR_LEN: the longest link-layer address */

/* ethtool's WAKE_* bits (linux/ethtool.h), in its order: bit n is 1 << n. */
enum hp_wol_mode {
	HP_WOL_PHY, HP_WOL_UCAST, HP_WOL_MCAST, HP_WOL_BCAST, HP_WOL_ARP, HP_WOL_MAGIC,
	HP_WOL_MAGICSECURE, HP_WOL_FILTER, HP_WOL_COUNT
};

/* Wake-on-LAN of one interface: masks of 1 << enum hp_wol_mode. */
struct hp_wol {
	uint32_t supported, enabled;
};

/* One wake source. */
struct hp_wakesrc {
	char path[HP_WAKESRC_TEXT];  /* below sys/: "devices/pci0000:00/0000:00:1f.6" */
	char kind[HP_WAKESRC_TEXT];  /* the subsystem ("pci", "usb"), "" without one */
	char name[HP_WAKESRC_TEXT];  /* the interface name of a NIC, else the device's */
	uint8_t mac[HP_WAKESRC_MAC_MAX];
	size_t mac_len;              /* 0: not a NIC, or its address unreadable */
	bool nic;                    /* has a network interface */
	bool wol_known;              /* wol holds what the interface said */
	struct hp_wol wol;
};

/* The wake sources of one scan, sorted by path. */
struct hp_wakesrc_list {
	struct hp_wakesrc *row;      /* malloc'd */
	size_t n;
	bool truncated;              /* a bound was hit: some devices were not seen */
};

/* Where Wake-on-LAN comes from: 0 with *w for interface ifname of host h,
 * or -errno with e filled. */
typedef int (*hp_wakesrc_wol_fn)(const struct hp_host *h, const char *ifname, struct hp_wol *w,
				 struct hp_err *e);

/* Wake-on-LAN from the kernel (ioctl SIOCETHTOOL, ETHTOOL_GWOL): -EPERM
 * without CAP_NET_ADMIN, -EOPNOTSUPP for a driver without it. */
int hp_wakesrc_wol_ethtool(const struct hp_host *h, const char *ifname, struct hp_wol *w,
			   struct hp_err *e);

/* Wake-on-LAN of a simulated host: the file sim/wol/<ifname> under the
 * root, "supported=pumbg enabled=g" in ethtool's letters (p u m b a g s f;
 * d or nothing for none). -ENOENT without the file, -EINVAL on another
 * letter or word. */
int hp_wakesrc_wol_sim(const struct hp_host *h, const char *ifname, struct hp_wol *w,
		       struct hp_err *e);

/* The source for host h: the simulator's file on a simulated host, else
 * the kernel. */
hp_wakesrc_wol_fn hp_wakesrc_wol_for(const struct hp_host *h);

/* The index of interface ifname of host h, from sys/class/net/<ifname>/ifindex:
 * > 0, or -EINVAL with e for a name the kernel would not give an interface
 * (empty, ".", "..", IFNAMSIZ bytes or more, a '/', ':' or white space),
 * -ENODEV for no such interface, -EINVAL for a file that holds no index. */
int hp_wakesrc_ifindex(const struct hp_host *h, const char *ifname, struct hp_err *e);

/* The name of interface ifindex of host h into name (len >= IFNAMSIZ): the
 * entry of sys/class/net whose ifindex file holds it (at most
 * HP_WAKESRC_MAX_DIRS entries are looked at). 0, or -ENODEV with e when no
 * interface has that index, -errno when sys/class/net cannot be read. */
int hp_wakesrc_ifname(const struct hp_host *h, unsigned ifindex, char *name, size_t len,
		      struct hp_err *e);

/*
 * Scan h's sys/devices into *l (its old rows freed). A device whose
 * power/wakeup cannot be read is not listed; a missing subsystem link gives
 * an empty kind; an interface whose Wake-on-LAN cannot be had (wol fails,
 * e.g. -EPERM) is listed with wol_known false. 0, or -errno with e filled
 * when sys/devices cannot be read (l then empty); -ENOMEM.
 */
int hp_wakesrc_scan(const struct hp_host *h, hp_wakesrc_wol_fn wol, struct hp_wakesrc_list *l,
		    struct hp_err *e);

/* Free l's rows; l is then empty. */
void hp_wakesrc_free(struct hp_wakesrc_list *l);

#endif
