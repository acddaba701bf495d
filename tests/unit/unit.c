/* unit.c -- TAP output and fake host roots for the C unit tests. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

static int unit_n;

static bool report(bool cond, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++unit_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool unit_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool unit_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool same = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

bool unit_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return got == want;
}

void unit_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int unit_done(void)
{
	printf("1..%d\n", unit_n);
	return 0;
}

char *unit_fakeroot(const char *profile)
{
	const char *srcdir = getenv("top_srcdir"), *tmp = getenv("TMPDIR");
	char *dir, cmd[4096];

	if (asprintf(&dir, "%s/hp-unit.XXXXXX", tmp && tmp[0] ? tmp : "/tmp") < 0)
		exit(1);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/lib/fakeroot.sh' '%s' '%s'",
		 srcdir && srcdir[0] ? srcdir : ".", dir, profile);
	if (system(cmd) != 0) {
		printf("Bail out! %s failed\n", cmd);
		exit(1);
	}
	return dir;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void unit_rmroot(char *root)
{
	/* Only what unit_fakeroot made: never a path that is not ours. */
	if (root && strstr(root, "/hp-unit."))
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

int unit_put(const char *root, const char *rel, const char *content)
{
	char path[4096], *p;
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	if (!(f = fopen(path, "w")))
		return -1;
	r = fputs(content, f) < 0;
	return fclose(f) || r ? -1 : 0;
}

char *unit_get(const char *root, const char *rel)
{
	char path[4096], *buf;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(f = fopen(path, "r")))
		return NULL;
	buf = calloc(1, 65536);
	n = buf ? fread(buf, 1, 65535, f) : 0;
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

bool unit_exists(const char *root, const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return lstat(path, &st) == 0;
}
