/*
 * fail_fprintf.c -- an LD_PRELOAD fault for the tests: fprintf(3) on a
 * stream open on the file named by $HP_FAIL_FPRINTF fails with EIO, as on a
 * failing disk; every other call goes to the C library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...);

/* Is f open on $HP_FAIL_FPRINTF? */
static int targeted(FILE *f)
{
	const char *want = getenv("HP_FAIL_FPRINTF");
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!want)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fileno(f));
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strcmp(path, want) == 0;
}

/* Fail when f is targeted, else print. */
static int print_or_fail(FILE *f, const char *fmt, va_list ap)
{
	if (targeted(f)) {
		errno = EIO;
		return -1;
	}
	return vfprintf(f, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = print_or_fail(f, fmt, ap);
	va_end(ap);
	return rc;
}

/* The same, for a build with _FORTIFY_SOURCE. */
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
	va_list ap;
	int rc;

	(void)flag;
	va_start(ap, fmt);
	rc = print_or_fail(f, fmt, ap);
	va_end(ap);
	return rc;
}
