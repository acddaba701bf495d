/*
 * statefile.h -- the history kept across restarts: an XML file (schema:
 * src/hostpower-state.rng) written atomically after each event. Times are
 * ISO 8601 UTC ("2026-11-22T21:31:12Z"); the loader checks everything the
 * schema says, in C, so the schema is not needed at run time.
 */
#ifndef HP_STATEFILE_H
#define HP_STATEFILE_H

#include "err.h"
#include "history.h"

/* Write hist to path: the temp file path + ".new" (same directory), fsync,
 * rename over path, fsync of the directory. Returns 0 or -errno with e
 * filled ("PATH.new: Permission denied", "PATH: rename from PATH.new: ...");
 * path is untouched on failure, except when only the directory's fsync
 * failed ("PATH: fsync of its directory: ..."). A history the loader would
 * refuse is not written: -ERANGE when a time is outside 1970..9999 or an
 * event's type, target or initiator is not a HOST-POWER-MIB value ("PATH:
 * not saved: ..."). Control characters (and invalid UTF-8) in a detail are
 * written as '?' so the file stays loadable. */
int hp_statefile_save(const struct hp_history *hist, const char *path, struct hp_err *e);

/* Load path into hist (initialised; emptied first). Returns 0 when loaded,
 * keeping the newest events when the file holds more than hist's capacity;
 * -ENOENT when there is no file; -EINVAL when the file is truncated, corrupt,
 * foreign or over 64 MiB: it has been renamed to path.corrupt-YYYYMMDDTHHMMSS (UTC now;
 * "-1", "-2"... appended when taken) and e says
 * "PATH: line N: WHY; moved to PATH.corrupt-YYYYMMDDTHHMMSS".
 * When a bad file cannot be moved aside it stays in place and the rename's
 * -errno comes back ("PATH: line N: WHY; cannot move it aside: ...").
 * -EISDIR or -EOPNOTSUPP when path is not a regular file (left alone);
 * other -errno for I/O errors. hist is empty on every failure. */
int hp_statefile_load(struct hp_history *hist, const char *path, struct hp_err *e);

/* Parse a state document from memory into hist (emptied first; no
 * renaming): 0, or -EINVAL with e saying why (mostly "line N: WHY") and
 * hist empty
 * (-ENOMEM when out of memory). The fuzzer's entry point. */
int hp_statefile_parse(struct hp_history *hist, const char *buf, size_t len, struct hp_err *e);

#endif
