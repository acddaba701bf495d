/* main.c -- hostpowerd: options and start-up. */
#include "config.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "usage: hostpowerd [--version] [--help]\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("hostpowerd %s\n", PACKAGE_VERSION);
		return 0;
	}
	usage(argc > 1 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
	return argc > 1 && strcmp(argv[1], "--help") == 0 ? 0 : 1;
}
