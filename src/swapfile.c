/* swapfile.c -- a swap file's first page on disk against resume_offset. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "swapfile.h"

#define SWAPS_MAX 16384   /* proc/swaps, as caps.c reads it */

/* The first extent of open file fd (name in messages). */
static int first_extent(int fd, const char *name, struct fiemap_extent *x, struct hp_err *e)
{
	struct {
		struct fiemap map;
		struct fiemap_extent extent[1];
	} q;

	memset(&q, 0, sizeof(q));
	q.map.fm_length = FIEMAP_MAX_OFFSET;
	/* Data not yet written has no place on disk: write it first. */
	q.map.fm_flags = FIEMAP_FLAG_SYNC;
	q.map.fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, &q.map) < 0)
		return hp_err_set(e, errno, "%s: FIEMAP: %s", name, strerror(errno));
	if (q.map.fm_mapped_extents == 0)
		return hp_err_set(e, ENODATA, "%s: FIEMAP: no extents", name);
	*x = q.map.fm_extents[0];
	return 0;
}

int hp_swapfile_page(const struct hp_host *h, const char *name, uint64_t *page,
		     struct hp_err *e)
{
	struct fiemap_extent x = { 0 };
	struct statfs fs;
	long psize = sysconf(_SC_PAGESIZE);
	int fd, r;

	if ((fd = hp_host_open(h, name, O_RDONLY, e)) < 0)
		return fd;
	if (fstatfs(fd, &fs) < 0)
		r = hp_err_set(e, errno, "%s: statfs: %s", name, strerror(errno));
	else if (fs.f_type == BTRFS_SUPER_MAGIC)
		r = hp_err_set(e, EOPNOTSUPP, "%s: on btrfs, FIEMAP gives no disk offset", name);
	else if ((r = first_extent(fd, name, &x, e)) < 0)
		;
	else if (x.fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC))
		r = hp_err_set(e, EOPNOTSUPP, "%s: FIEMAP: its place on disk is not known", name);
	else
		*page = x.fe_physical / (uint64_t)psize;
	close(fd);
	return r;
}

/* sys/power/resume_offset as a number. */
static int resume_offset(const struct hp_host *h, uint64_t *offset, struct hp_err *e)
{
	const char *rel = "sys/power/resume_offset";
	char buf[64], *end;
	int r;

	if ((r = hp_host_read(h, rel, buf, sizeof(buf), e)) < 0)
		return r;
	errno = 0;
	*offset = strtoull(buf, &end, 10);
	if (errno || end == buf || *end || buf[0] == '-')
		return hp_err_set(e, EINVAL, "%s reads \"%.20s\", not a number", rel, buf);
	return 0;
}

int hp_swapfile_entry(const struct hp_host *h, unsigned pos, char *name, size_t len,
		      struct hp_err *e)
{
	char buf[SWAPS_MAX], path[HP_PATH_MAX / 4], type[32], *line = buf;
	unsigned i;
	int r;

	if ((r = hp_host_read(h, "proc/swaps", buf, sizeof(buf), e)) < 0)
		return r;
	/* The header, then one line per swap: Filename Type Size Used Priority. */
	for (i = 0; i <= pos && line; i++)
		if ((line = strchr(line, '\n')))
			line++;
	if (!line || !*line)
		return hp_err_set(e, ENOENT, "proc/swaps: no swap %u", pos);
	if (sscanf(line, "%1023s %31s", path, type) != 2)
		return hp_err_set(e, EINVAL, "proc/swaps: swap %u is not \"name type ...\"", pos);
	if (strcmp(type, "file") != 0)
		return hp_err_set(e, EINVAL, "proc/swaps: swap %u (%s) is a %s, not a file", pos,
				  path, type);
	if ((size_t)snprintf(name, len, "%s", path) >= len)
		return hp_err_set(e, ENAMETOOLONG, "proc/swaps: swap %u: name too long", pos);
	return 0;
}

int hp_swapfile_check(const struct hp_host *h, unsigned pos, const char *name,
		      struct hp_err *e)
{
	uint64_t offset, page;
	struct hp_err why;
	int r;

	if ((r = resume_offset(h, &offset, e)) < 0)
		return r;
	if (h->swapfile_page)
		r = h->swapfile_page(h->swapfile_ctx, pos, name, &page, &why);
	else
		r = hp_swapfile_page(h, name, &page, &why);
	if (r == 0) {
		if (page == offset)
			return 0;
		return hp_err_set(e, EINVAL,
				  "swap file %s starts at page %" PRIu64
				  ", sys/power/resume_offset says %" PRIu64, name, page, offset);
	}
	if (offset > 0)
		return 0;
	return hp_err_set(e, EINVAL,
			  "swap file %s: sys/power/resume_offset is 0, where no file starts (%s)", name,
			  why.msg);
}
