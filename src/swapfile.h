/*
 * swapfile.h -- where a swap file starts on its disk, and whether
 * /sys/power/resume_offset points there. The kernel writes the hibernation
 * image at resume_offset pages into the resume device; for a swap file a
 * wrong offset means the image is written and resume never finds it, so
 * the session is lost.
 */
#ifndef HP_SWAPFILE_H
#define HP_SWAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include "host.h"

/*
 * The first page of swap file name (a /proc/swaps path, under h's root) on
 * its block device, in the kernel's resume_offset unit (PAGE_SIZE): the
 * first extent's physical byte (FS_IOC_FIEMAP, synced as filefrag does)
 * divided by the page size, as systemd computes it. Returns 0 with *page,
 * or -errno with e filled: the open's error ("/swapfile: Permission
 * denied"), "/swapfile: FIEMAP: Operation not supported" (tmpfs ...),
 * -EOPNOTSUPP on btrfs (its FIEMAP gives logical addresses, not the
 * disk's) and for an extent whose place is not known yet, -ENODATA for a
 * file without extents.
 */
int hp_swapfile_page(const struct hp_host *h, const char *name, uint64_t *page,
		     struct hp_err *e);

/*
 * The swap file at position pos of h's proc/swaps (0 = the first line after
 * the header): its path into name (len bytes). 0, or -ENOENT when the list
 * is shorter, -EINVAL when that swap is not of type "file" ("proc/swaps:
 * swap 1 (/dev/vda) is a partition, not a file") or its line is not
 * "name type ...", the read's -errno ("proc/swaps: Permission denied").
 */
int hp_swapfile_entry(const struct hp_host *h, unsigned pos, char *name, size_t len,
		      struct hp_err *e);

/*
 * Can the kernel resume from swap file name, the swap at position pos of
 * proc/swaps: does sys/power/resume_offset equal its first page? That page
 * is h->swapfile_page's answer when set, else hp_swapfile_page's. 0 when it
 * does, -EINVAL with e saying both numbers when not ("swap file /swapfile
 * starts at page 34816, sys/power/resume_offset says 0"). When the file's
 * page cannot be learned (no FIEMAP, btrfs, or no permission to open it),
 * resume_offset is trusted as systemd does, unless it is 0: no file system
 * puts a file at its first page (the superblock is there), so 0 is -EINVAL
 * with the cause. An unreadable resume_offset is its -errno.
 */
int hp_swapfile_check(const struct hp_host *h, unsigned pos, const char *name,
		      struct hp_err *e);

#endif
