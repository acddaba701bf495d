/* wakesrc.c -- the devices that may wake the host, and how to wake it by LAN. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "wakesrc.h"

#define SYS_DEVICES "sys/devices"
#define SYS_NET "sys/class/net"
#define WOL_LETTERS "pumbagsf"   /* ethtool's letters, in enum hp_wol_mode order */

/* One scan: the host, the rows so far, the directory being read. */
struct walk {
	const struct hp_host *h;
	hp_wakesrc_wol_fn wol;
	struct hp_wakesrc_list *l;
	size_t room;               /* rows allocated */
	unsigned dirs;             /* directories visited */
	char rel[HP_PATH_MAX];     /* the directory, below the root */
};

/* Would the kernel give an interface this name (its dev_valid_name)? */
static bool valid_ifname(const char *s)
{
	size_t n = strnlen(s, IFNAMSIZ);

	return n > 0 && n < IFNAMSIZ && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
	       !s[strcspn(s, "/: \t\n\v\f\r")];
}

int hp_wakesrc_wol_ethtool(const struct hp_host *h, const char *ifname, struct hp_wol *w,
			   struct hp_err *e)
{
	struct ethtool_wolinfo wi = { .cmd = ETHTOOL_GWOL };
	struct ifreq ifr;
	int fd, r = 0;

	(void)h;
	if (!valid_ifname(ifname))
		return hp_err_set(e, EINVAL, "%.40s: not an interface name", ifname);
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	ifr.ifr_data = (void *)&wi;
	/* Any socket reaches the device ioctls (ethtool falls back to this
	 * one too); AF_UNIX passes RestrictAddressFamilies=AF_UNIX. */
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return hp_err_set(e, errno, "%s: socket: %s", ifname, strerror(errno));
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		r = errno;
	close(fd);
	if (r)
		return hp_err_set(e, r, "%s: ETHTOOL_GWOL: %s", ifname, strerror(r));
	w->supported = wi.supported;
	w->enabled = wi.wolopts;
	return 0;
}

/* ethtool's letters ("pumbg", "d" for none) to a mask; -1 on another letter. */
static long wol_letters(const char *s)
{
	const char *p;
	long mask = 0;

	if (strcmp(s, "d") == 0)
		return 0;
	for (; *s; s++) {
		if (!(p = strchr(WOL_LETTERS, *s)))
			return -1;
		mask |= 1L << (p - WOL_LETTERS);
	}
	return mask;
}

int hp_wakesrc_wol_sim(const struct hp_host *h, const char *ifname, struct hp_wol *w,
		       struct hp_err *e)
{
	char rel[HP_PATH_MAX], buf[256], *word, *save, *eq;
	long mask;
	int r;

	if (snprintf(rel, sizeof(rel), HP_SIM_DIR "/wol/%s", ifname) >= (int)sizeof(rel))
		return hp_err_set(e, ENAMETOOLONG, "%s: name too long", ifname);
	if ((r = hp_host_read(h, rel, buf, sizeof(buf), e)) < 0)
		return r;
	memset(w, 0, sizeof(*w));
	for (word = strtok_r(buf, " \t\n", &save); word; word = strtok_r(NULL, " \t\n", &save)) {
		eq = strchr(word, '=');
		mask = eq ? wol_letters(eq + 1) : -1;
		if (mask >= 0 && eq - word == 9 && strncmp(word, "supported", 9) == 0)
			w->supported = (uint32_t)mask;
		else if (mask >= 0 && eq - word == 7 && strncmp(word, "enabled", 7) == 0)
			w->enabled = (uint32_t)mask;
		else
			return hp_err_set(e, EINVAL, "%s: \"%.40s\" is not supported= or "
					  "enabled= with letters of " WOL_LETTERS " or d", rel, word);
	}
	return 0;
}

hp_wakesrc_wol_fn hp_wakesrc_wol_for(const struct hp_host *h)
{
	return h->simulate ? hp_wakesrc_wol_sim : hp_wakesrc_wol_ethtool;
}

int hp_wakesrc_ifindex(const struct hp_host *h, const char *ifname, struct hp_err *e)
{
	char rel[HP_PATH_MAX], buf[32], *end;
	unsigned long n;
	int r;

	if (!valid_ifname(ifname))
		return hp_err_set(e, EINVAL, "%.40s: not an interface name", ifname);
	snprintf(rel, sizeof(rel), SYS_NET "/%s/ifindex", ifname);
	if ((r = hp_host_read(h, rel, buf, sizeof(buf), e)) == -ENOENT)
		return hp_err_set(e, ENODEV, "%s: no such interface", ifname);
	if (r < 0)
		return r;
	errno = 0;
	n = strtoul(buf, &end, 10);
	if (errno || end == buf || *end || n == 0 || n > INT_MAX)
		return hp_err_set(e, EINVAL, "%s: \"%.20s\" is not an interface index", rel, buf);
	return (int)n;
}

/* Does entry name of sys/class/net hold interface index want? */
static bool has_ifindex(const struct hp_host *h, const char *name, unsigned want)
{
	int r;

	if (!valid_ifname(name))
		return false;
	r = hp_wakesrc_ifindex(h, name, NULL);
	return r > 0 && (unsigned)r == want;
}

int hp_wakesrc_ifname(const struct hp_host *h, unsigned ifindex, char *name, size_t len,
		      struct hp_err *e)
{
	char path[HP_PATH_MAX];
	unsigned seen = 0;
	struct dirent *d;
	bool found = false;
	DIR *dir;

	if (hp_host_path(h, SYS_NET, path, sizeof(path)) < 0)
		return hp_err_set(e, ENAMETOOLONG, SYS_NET ": %s", strerror(ENAMETOOLONG));
	if (!(dir = opendir(path)))
		return hp_err_set(e, errno, SYS_NET ": %s", strerror(errno));
	while (!found && seen++ < HP_WAKESRC_MAX_DIRS && (d = readdir(dir)))
		found = has_ifindex(h, d->d_name, ifindex) && strlen(d->d_name) < len;
	if (found)
		strcpy(name, d->d_name);
	closedir(dir);
	return found ? 0 : hp_err_set(e, ENODEV, SYS_NET ": no interface has index %u", ifindex);
}

/* Copy text into a row's field, cut to fit and made fit for a manager. */
static void put_text(char dst[HP_WAKESRC_TEXT], const char *src)
{
	size_t n = strlen(src);

	if (n >= HP_WAKESRC_TEXT)
		n = HP_WAKESRC_TEXT - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	hp_text_sanitize(dst, n, 0);
}

/* Build w->rel + "/" + name into buf (HP_PATH_MAX); false when too long. */
static bool sub_rel(const struct walk *w, const char *name, char *buf)
{
	int n = snprintf(buf, HP_PATH_MAX, "%s/%s", w->rel, name);

	return n > 0 && n < HP_PATH_MAX;
}

/* The basename of the link w->rel/subsystem into kind; "" when none. */
static void read_kind(const struct walk *w, char kind[HP_WAKESRC_TEXT])
{
	char rel[HP_PATH_MAX], path[HP_PATH_MAX], target[HP_PATH_MAX], *base;
	ssize_t n;

	kind[0] = '\0';
	if (!sub_rel(w, "subsystem", rel) || hp_host_path(w->h, rel, path, sizeof(path)) < 0 ||
	    (n = readlink(path, target, sizeof(target) - 1)) <= 0)
		return;
	target[n] = '\0';
	base = strrchr(target, '/');
	put_text(kind, base ? base + 1 : target);
}

/* Parse "aa:bb:cc:dd:ee:ff" into row's MAC; left empty when it is not that. */
static void parse_mac(const char *s, struct hp_wakesrc *row)
{
	unsigned byte;
	size_t n = 0;
	int used;

	while (n < HP_WAKESRC_MAC_MAX && sscanf(s, "%2x%n", &byte, &used) == 1 && used == 2) {
		row->mac[n++] = (uint8_t)byte;
		s += used;
		if (*s == '\0') {
			row->mac_len = n;
			return;
		}
		if (*s++ != ':')
			break;
	}
	row->mac_len = 0;
}

/* The interface ifname of row, whose address file is addr_rel. */
static void fill_nic(const struct walk *w, struct hp_wakesrc *row, const char *ifname,
		     const char *addr_rel)
{
	char buf[3 * HP_WAKESRC_MAC_MAX + 1];

	row->nic = true;
	put_text(row->name, ifname);
	if (hp_host_read(w->h, addr_rel, buf, sizeof(buf), NULL) >= 0)
		parse_mac(buf, row);
	row->wol_known = w->wol && w->wol(w->h, ifname, &row->wol, NULL) == 0;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The first interface (in name order) under w->rel/net into ifname; false if none. */
static bool first_ifname(const struct walk *w, char ifname[HP_WAKESRC_TEXT])
{
	char rel[HP_PATH_MAX], path[HP_PATH_MAX];
	struct dirent **list;
	int i, n;

	if (!sub_rel(w, "net", rel) || hp_host_path(w->h, rel, path, sizeof(path)) < 0 ||
	    (n = scandir(path, &list, not_dot, alphasort)) < 0)
		return false;
	if (n > 0)
		put_text(ifname, list[0]->d_name);
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return n > 0;
}

/* A new row at the end of the list; NULL when full (the list is then
 * truncated) or out of memory (-ENOMEM in *r). */
static struct hp_wakesrc *add_row(struct walk *w, int *r)
{
	struct hp_wakesrc *rows;
	size_t room;

	if (w->l->n == HP_WAKESRC_MAX) {
		w->l->truncated = true;
		return NULL;
	}
	if (w->l->n == w->room) {
		room = w->room ? 2 * w->room : 16;
		if (!(rows = realloc(w->l->row, room * sizeof(*rows)))) {
			*r = -ENOMEM;
			return NULL;
		}
		w->l->row = rows;
		w->room = room;
	}
	rows = &w->l->row[w->l->n++];
	memset(rows, 0, sizeof(*rows));
	return rows;
}

/* w->rel has a power directory: list it when its wakeup is enabled. */
static int check_device(struct walk *w)
{
	char rel[HP_PATH_MAX], buf[32], ifname[HP_WAKESRC_TEXT];
	const char *base = strrchr(w->rel, '/') + 1;
	struct hp_wakesrc *row;
	int r = 0;

	if (!sub_rel(w, "power/wakeup", rel) || hp_host_read(w->h, rel, buf, sizeof(buf), NULL) < 0 ||
	    strcmp(buf, "enabled") != 0)
		return 0;
	if (!(row = add_row(w, &r)))
		return r;
	put_text(row->path, w->rel + strlen("sys/"));
	read_kind(w, row->kind);
	if (first_ifname(w, ifname) &&
	    snprintf(rel, sizeof(rel), "%s/net/%s/address", w->rel, ifname) < (int)sizeof(rel))
		fill_nic(w, row, ifname, rel);
	else if (strcmp(row->kind, "net") == 0 && sub_rel(w, "address", rel))
		fill_nic(w, row, base, rel);
	else
		put_text(row->name, base);
	return 0;
}

/* Is entry d of directory dir a real directory (not a link to one)? */
static bool is_dir(DIR *dir, const struct dirent *d)
{
	struct stat st;

	if (d->d_type != DT_UNKNOWN)
		return d->d_type == DT_DIR;
	return fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* Open w->rel as a directory, never through a link at its last step. */
static DIR *open_dir(const struct walk *w)
{
	char path[HP_PATH_MAX];
	DIR *dir;
	int fd;

	if (hp_host_path(w->h, w->rel, path, sizeof(path)) < 0)
		return errno = ENAMETOOLONG, NULL;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (!(dir = fdopendir(fd)))
		close(fd);
	return dir;
}

/* Visit w->rel and the directories below it, depth levels below sys/devices.
 * Only the top directory's failure is an error; others are skipped. */
static int walk_dir(struct walk *w, unsigned depth, struct hp_err *e)
{
	size_t len = strlen(w->rel);
	bool power = false;
	struct dirent *d;
	DIR *dir;
	int r = 0;

	if (w->dirs >= HP_WAKESRC_MAX_DIRS || depth > HP_WAKESRC_MAX_DEPTH) {
		w->l->truncated = true;
		return 0;
	}
	w->dirs++;
	if (!(dir = open_dir(w)))
		return depth ? 0 : hp_err_set(e, errno, "%s: %s", w->rel, strerror(errno));
	while (r == 0 && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || !is_dir(dir, d))
			continue;
		/* power/ holds the attributes, never a device. */
		if (strcmp(d->d_name, "power") == 0) {
			power = true;
			continue;
		}
		if (len + 1 + strlen(d->d_name) >= sizeof(w->rel))
			continue;
		w->rel[len] = '/';
		strcpy(w->rel + len + 1, d->d_name);
		r = walk_dir(w, depth + 1, e);
		w->rel[len] = '\0';
	}
	closedir(dir);
	if (r == 0 && power && depth > 0)
		r = check_device(w);
	return r;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct hp_wakesrc *)a)->path, ((const struct hp_wakesrc *)b)->path);
}

int hp_wakesrc_scan(const struct hp_host *h, hp_wakesrc_wol_fn wol, struct hp_wakesrc_list *l,
		    struct hp_err *e)
{
	struct walk *w;
	int r;

	hp_wakesrc_free(l);
	/* Not on the stack: the path buffer is large and the agent's stack is not ours. */
	if (!(w = calloc(1, sizeof(*w))))
		return hp_err_set(e, ENOMEM, "%s: %s", SYS_DEVICES, strerror(ENOMEM));
	w->h = h;
	w->wol = wol;
	w->l = l;
	strcpy(w->rel, SYS_DEVICES);
	r = walk_dir(w, 0, e);
	free(w);
	if (r == -ENOMEM)
		hp_err_set(e, ENOMEM, "%s: %s", SYS_DEVICES, strerror(ENOMEM));
	if (r < 0) {
		hp_wakesrc_free(l);
		return r;
	}
	if (l->n > 1)
		qsort(l->row, l->n, sizeof(*l->row), by_path);
	return 0;
}

void hp_wakesrc_free(struct hp_wakesrc_list *l)
{
	free(l->row);
	memset(l, 0, sizeof(*l));
}
