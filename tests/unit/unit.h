/*
 * unit.h -- what the C unit tests share: TAP output (automake's tap-driver
 * reads it) and fake host roots laid out by tests/lib/fakeroot.sh.
 */
#ifndef HP_UNIT_H
#define HP_UNIT_H

#include <stdbool.h>

/* One test point: "ok N - what" or "not ok N - what". Returns cond. */
bool unit_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A test point comparing strings (NULL allowed); shows both when they differ. */
bool unit_is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A test point comparing integers; shows both when they differ. */
bool unit_is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A TAP comment line ("# ..."). */
void unit_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the plan; the value to return from main. */
int unit_done(void);

/* A new temp dir laid out as fake host profile ("server", "no-rtc", ...);
 * malloc'd path. Bails out of the test (exit 1) when it cannot. */
char *unit_fakeroot(const char *profile);

/* Remove a fake root made by unit_fakeroot and free its path. */
void unit_rmroot(char *root);

/* Write content to root/rel (directories made as needed); 0 or -1. */
int unit_put(const char *root, const char *rel, const char *content);

/* The content of root/rel, malloc'd, or NULL when it cannot be read. */
char *unit_get(const char *root, const char *rel);

/* Does root/rel exist? */
bool unit_exists(const char *root, const char *rel);

#endif
