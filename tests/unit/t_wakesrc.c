/* t_wakesrc.c -- the wake sources of fake hosts: rows, odd files, bounds, WoL,
 * interface indexes. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "priv.h"
#include "unit.h"
#include "wakesrc.h"

#define PCI "sys/devices/pci0000:00"
#define NIC PCI "/0000:00:1f.6"
#define USB PCI "/0000:00:14.0/usb1/1-3"
#define RTC "sys/devices/pnp0/00:01"
#define WOL(m) (1u << HP_WOL_##m)

/* Scan root as a simulated host; the scan's return. */
static int scan(const char *root, struct hp_wakesrc_list *l, struct hp_err *e)
{
	struct hp_host h;

	hp_host_init(&h, root, NULL, true);
	return hp_wakesrc_scan(&h, hp_wakesrc_wol_for(&h), l, e);
}

/* The paths of l, space-separated. */
static const char *paths(const struct hp_wakesrc_list *l)
{
	static char buf[4096];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "", l->row[i].path);
	return buf;
}

static void test_wake_profile(void)
{
	char *root = unit_fakeroot("wake");
	struct hp_wakesrc_list l = { 0 };
	const struct hp_wakesrc *r;
	struct hp_err e;

	unit_is_int(scan(root, &l, &e), 0, "wake: scan");
	unit_is_str(paths(&l), "devices/pci0000:00/0000:00:14.0/usb1/1-3 "
		    "devices/pci0000:00/0000:00:1f.6 devices/pnp0/00:01",
		    "wake: the enabled devices, by path; not the disabled ones");
	unit_ok(!l.truncated, "wake: not truncated");
	if (l.n != 3)
		goto out;
	r = &l.row[0];
	unit_ok(!strcmp(r->kind, "usb") && !strcmp(r->name, "1-3") && !r->nic && !r->mac_len,
		"USB device: kind %s, name %s, no NIC", r->kind, r->name);
	r = &l.row[1];
	unit_ok(!strcmp(r->kind, "pci") && !strcmp(r->name, "eno1") && r->nic,
		"NIC: kind %s, named after its interface %s", r->kind, r->name);
	unit_ok(r->mac_len == 6 && !memcmp(r->mac, "\x3c\xec\xef\x12\x34\x56", 6), "NIC: MAC");
	unit_ok(r->wol_known, "NIC: WoL known");
	unit_is_int(r->wol.supported, WOL(PHY) | WOL(UCAST) | WOL(MCAST) | WOL(BCAST) | WOL(MAGIC),
		    "NIC: WoL supported pumbg");
	unit_is_int(r->wol.enabled, WOL(MAGIC), "NIC: WoL enabled g");
	r = &l.row[2];
	unit_ok(!strcmp(r->kind, "pnp") && !strcmp(r->name, "00:01"), "RTC: kind %s, name %s",
		r->kind, r->name);

	/* A device switched to disabled is gone at the next scan. */
	unit_put(root, NIC "/power/wakeup", "disabled\n");
	unit_is_int(scan(root, &l, &e), 0, "rescan");
	unit_is_str(paths(&l), "devices/pci0000:00/0000:00:14.0/usb1/1-3 devices/pnp0/00:01",
		    "the disabled NIC is no longer listed");
out:
	hp_wakesrc_free(&l);
	unit_ok(l.row == NULL && l.n == 0, "free empties the list");
	unit_rmroot(root);
}

/* Odd files: no subsystem link, a wakeup that is not a regular file, an
 * unreadable address, a bad or missing WoL file. */
static void test_odd(void)
{
	char *root = unit_fakeroot("wake"), path[4096];
	struct hp_wakesrc_list l = { 0 };
	struct hp_err e;

	snprintf(path, sizeof(path), "%s/" USB "/subsystem", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/" RTC "/power/wakeup", root);
	unlink(path);
	unit_ok(mkfifo(path, 0644) == 0, "power/wakeup replaced by a FIFO");
	unit_put(root, NIC "/net/eno1/address", "3c:ec:zz:12:34:56\n");
	unit_put(root, "sim/wol/eno1", "supported=pumbx enabled=g\n");
	unit_is_int(scan(root, &l, &e), 0, "odd: scan (the FIFO does not block it)");
	unit_is_str(paths(&l), "devices/pci0000:00/0000:00:14.0/usb1/1-3 "
		    "devices/pci0000:00/0000:00:1f.6", "odd: the FIFO's device is not listed");
	if (l.n == 2) {
		unit_is_str(l.row[0].kind, "", "no subsystem link: empty kind");
		unit_ok(l.row[1].nic && l.row[1].mac_len == 0, "bad address: a NIC without MAC");
		unit_ok(!l.row[1].wol_known, "bad WoL file: WoL unknown");
	}
	unlink(path);
	unit_put(root, RTC "/power/wakeup/x", "");
	unit_is_int(scan(root, &l, &e), 0, "a directory named wakeup: scan");
	unit_is_int((long long)l.n, 2, "a directory named wakeup: not listed");
	hp_wakesrc_free(&l);
	unit_rmroot(root);
}

/* Links are never followed: a loop, and a link to a wake device elsewhere. */
static void test_links(void)
{
	char *root = unit_fakeroot("wake"), path[4096], target[4096];
	struct hp_wakesrc_list l = { 0 };
	struct hp_err e;

	snprintf(path, sizeof(path), "%s/" RTC "/loop", root);
	unit_ok(symlink(".", path) == 0, "a link to its own directory");
	snprintf(path, sizeof(path), "%s/sys/devices/virtual/up", root);
	unit_ok(symlink("../..", path) == 0, "a link to sys");
	snprintf(path, sizeof(path), "%s/sys/devices/virtual/nic", root);
	snprintf(target, sizeof(target), "%s/" NIC, root);
	unit_ok(symlink(target, path) == 0, "an absolute link to the NIC");
	unit_is_int(scan(root, &l, &e), 0, "links: scan ends");
	unit_is_int((long long)l.n, 3, "links: the same three rows, none twice");
	unit_ok(!l.truncated, "links: no bound hit");
	hp_wakesrc_free(&l);
	unit_rmroot(root);
}

/* A device deeper than the bound is not reached, and the list says so. */
static void test_depth(void)
{
	char *root = unit_fakeroot("wake"), rel[4096];
	struct hp_wakesrc_list l = { 0 };
	struct hp_err e;
	size_t n;
	int i;

	n = (size_t)snprintf(rel, sizeof(rel), "sys/devices");
	for (i = 0; i < HP_WAKESRC_MAX_DEPTH; i++)
		n += (size_t)snprintf(rel + n, sizeof(rel) - n, "/d%d", i);
	snprintf(rel + n, sizeof(rel) - n, "/power/wakeup");
	unit_put(root, rel, "enabled\n");
	unit_is_int(scan(root, &l, &e), 0, "depth %d: scan", HP_WAKESRC_MAX_DEPTH);
	unit_is_int((long long)l.n, 4, "a device %d levels down is listed", HP_WAKESRC_MAX_DEPTH);
	rel[n] = '\0';
	snprintf(rel + n, sizeof(rel) - n, "/deeper/power/wakeup");
	unit_put(root, rel, "enabled\n");
	rel[n] = '\0';
	snprintf(rel + n, sizeof(rel) - n, "/power/wakeup");
	unit_put(root, rel, "disabled\n");
	unit_is_int(scan(root, &l, &e), 0, "depth %d: scan", HP_WAKESRC_MAX_DEPTH + 1);
	unit_is_int((long long)l.n, 3, "a device %d levels down is not", HP_WAKESRC_MAX_DEPTH + 1);
	unit_ok(l.truncated, "the list says it is truncated");
	hp_wakesrc_free(&l);
	unit_rmroot(root);
}

static void test_no_devices(void)
{
	char *root = unit_fakeroot("server");
	struct hp_wakesrc_list l = { 0 };
	struct hp_err e;

	unit_is_int(scan(root, &l, &e), -ENOENT, "no sys/devices: -ENOENT");
	unit_is_str(e.msg, "sys/devices: No such file or directory", "no sys/devices: message");
	unit_ok(l.n == 0 && !l.row, "no sys/devices: empty list");
	unit_rmroot(root);
}

static void test_wol_sim(void)
{
	char *root = unit_fakeroot("wake");
	struct hp_host h;
	struct hp_wol w;
	struct hp_err e;

	hp_host_init(&h, root, NULL, true);
	unit_put(root, "sim/wol/x", "enabled=d supported=fsa\n");
	unit_is_int(hp_wakesrc_wol_sim(&h, "x", &w, &e), 0, "sim WoL: any order, d for none");
	unit_ok(w.supported == (WOL(FILTER) | WOL(MAGICSECURE) | WOL(ARP)) && w.enabled == 0,
		"sim WoL: fsa, none");
	unit_put(root, "sim/wol/x", "supported=pumbg enabled\n");
	unit_is_int(hp_wakesrc_wol_sim(&h, "x", &w, &e), -EINVAL, "sim WoL: a word without =");
	unit_is_str(e.msg, "sim/wol/x: \"enabled\" is not supported= or enabled= with letters "
		    "of pumbagsf or d", "sim WoL: message");
	unit_is_int(hp_wakesrc_wol_sim(&h, "y", &w, &e), -ENOENT, "sim WoL: no file");
	unit_ok(hp_wakesrc_wol_for(&h) == hp_wakesrc_wol_sim, "a simulated host's WoL is the file");
	hp_host_init(&h, root, NULL, false);
	unit_ok(hp_wakesrc_wol_for(&h) == hp_wakesrc_wol_ethtool, "a real host's is ethtool");
	unit_rmroot(root);
}

/* Interface names and indexes from sys/class/net: a name the kernel would
 * not give an interface is refused before any path is built from it. */
static void test_ifindex(void)
{
	static const char *const bad[] = { "", ".", "..", "a/b", "../eno1", "a:b", "a b",
					   "a\tb", "sixteen-chars-xx" };
	char *root = unit_fakeroot("wake"), name[IFNAMSIZ];
	struct hp_host h;
	struct hp_err e;
	size_t i;

	hp_host_init(&h, root, NULL, true);
	unit_is_int(hp_wakesrc_ifindex(&h, "eno1", &e), 2, "eno1 has index 2");
	unit_is_int(hp_wakesrc_ifindex(&h, "fifteen-chars-x", &e), -ENODEV,
		    "a 15-byte name is a name; no such interface: -ENODEV");
	unit_is_str(e.msg, "fifteen-chars-x: no such interface", "saying so");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		unit_is_int(hp_wakesrc_ifindex(&h, bad[i], &e), -EINVAL,
			    "\"%s\" is no interface name: %s", bad[i], e.msg);
	unit_put(root, NIC "/net/eno1/ifindex", "0\n");
	unit_is_int(hp_wakesrc_ifindex(&h, "eno1", &e), -EINVAL, "index 0: %s", e.msg);
	unit_put(root, NIC "/net/eno1/ifindex", "2\n");
	unit_is_int(hp_wakesrc_ifname(&h, 2, name, sizeof(name), &e), 0, "index 2 is found");
	unit_is_str(name, "eno1", "index 2 is eno1");
	unit_is_int(hp_wakesrc_ifname(&h, 1, name, sizeof(name), &e), 0, "index 1 is found");
	unit_is_str(name, "lo", "index 1 is lo");
	unit_is_int(hp_wakesrc_ifname(&h, 99, name, sizeof(name), &e), -ENODEV,
		    "no interface has index 99: %s", e.msg);
	unit_rmroot(root);
}

/* The kernel's answer (read only): lo has no WoL, a missing interface is
 * ENODEV, and without CAP_NET_ADMIN ETHTOOL_GWOL is refused. */
static void test_wol_ethtool(void)
{
	struct hp_host h;
	struct hp_wol w;
	struct hp_err e;
	int r, status;
	pid_t pid;

	hp_host_init(&h, NULL, NULL, false);
	r = hp_wakesrc_wol_ethtool(&h, "lo", &w, &e);
	unit_ok(r == -EOPNOTSUPP || r == -EPERM, "ethtool lo: %s", e.msg);
	r = hp_wakesrc_wol_ethtool(&h, "hp-no-such0", &w, &e);
	unit_ok(r == -ENODEV || r == -EPERM, "ethtool on a missing interface: %s", e.msg);
	unit_is_int(hp_wakesrc_wol_ethtool(&h, "a-name-longer-than-ifnamsiz", &w, &e), -EINVAL,
		    "ethtool: a name too long");
	if (geteuid() != 0) {
		unit_diag("not root: the unprivileged check is the one above");
		return;
	}
	fflush(stdout);
	if ((pid = fork()) == 0)
		_exit(hp_priv_drop_user(65534, 65534, &e) < 0 ? 2 :
		      hp_wakesrc_wol_ethtool(&h, "lo", &w, &e) == -EPERM ? 0 : 1);
	unit_ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		WEXITSTATUS(status) == 0, "ETHTOOL_GWOL without CAP_NET_ADMIN: EPERM");
}

int main(void)
{
	test_wake_profile();
	test_odd();
	test_links();
	test_depth();
	test_no_devices();
	test_wol_sim();
	test_ifindex();
	test_wol_ethtool();
	return unit_done();
}
