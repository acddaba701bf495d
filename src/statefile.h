/*
 * statefile.h -- the history kept across restarts: an XML file (schema:
 * src/hostpower-state.rng) written atomically after each event.
 */
#ifndef HP_STATEFILE_H
#define HP_STATEFILE_H

#include "err.h"
#include "history.h"

/* Write hist to path: temp file in the same directory, fsync, rename, fsync
 * of the directory. Returns 0 or -errno with e filled; path is untouched on
 * failure. */
int hp_statefile_save(const struct hp_history *hist, const char *path, struct hp_err *e);

/* Load path into hist (initialised, empty). Returns 0 when loaded, -ENOENT
 * when there is no file (hist stays empty), or -EINVAL when the file is
 * truncated, corrupt or foreign: then it has been renamed to
 * path.corrupt-YYYYMMDDTHHMMSS (the name in e) and hist stays empty. Other
 * -errno for I/O errors. */
int hp_statefile_load(struct hp_history *hist, const char *path, struct hp_err *e);

/* Parse a state document from memory into hist (no renaming); 0 or -EINVAL.
 * The fuzzer's entry point. */
int hp_statefile_parse(struct hp_history *hist, const char *buf, size_t len, struct hp_err *e);

#endif
