/* path.c -- paths made absolute against the working directory of the start. */
#include "config.h"

#include "path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char start_cwd[PATH_MAX];

void agent_path_init(void)
{
	if (!getcwd(start_cwd, sizeof(start_cwd)))
		strcpy(start_cwd, "/");
}

/* Fill why with "path: cause" and return -err. */
static int path_fail(char *why, size_t len, const char *path, int err, const char *cause)
{
	snprintf(why, len, "%s: %s", path, cause ? cause : strerror(err));
	return -err;
}

int agent_path_abs(const char *path, enum agent_path_need need, char *out, size_t len,
		   char *why, size_t why_len)
{
	char abs[PATH_MAX], real[PATH_MAX], *base = NULL;
	const char *checked;
	struct stat st;
	int n;

	if (!start_cwd[0])
		agent_path_init();
	if (!path[0])
		return path_fail(why, why_len, path, EINVAL, "an empty path");
	n = path[0] == '/' ? snprintf(abs, sizeof(abs), "%s", path) :
		snprintf(abs, sizeof(abs), "%s/%s", start_cwd, path);
	if (n < 0 || (size_t)n >= sizeof(abs))
		return path_fail(why, why_len, path, ENAMETOOLONG, NULL);
	if (need == AGENT_PATH_IN_DIR) {
		base = strrchr(abs, '/'); /* abs is absolute: there is one */
		*base++ = '\0';
	}
	if (need != AGENT_PATH_ANY) {
		checked = abs[0] ? abs : "/";
		if (!realpath(checked, real) || stat(real, &st) < 0)
			return path_fail(why, why_len, checked, errno, NULL);
		if (!S_ISDIR(st.st_mode) == (need != AGENT_PATH_FILE))
			return path_fail(why, why_len, checked,
					 need == AGENT_PATH_FILE ? EISDIR : ENOTDIR, NULL);
	}
	n = base ? snprintf(out, len, "%s/%s", strcmp(real, "/") ? real : "", base) :
		snprintf(out, len, "%s", need == AGENT_PATH_ANY ? abs : real);
	if (n < 0 || (size_t)n >= len)
		return path_fail(why, why_len, path, ENAMETOOLONG, NULL);
	return 0;
}
