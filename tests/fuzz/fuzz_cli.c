// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the command line.  The input is argv, NUL-separated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	char *argv[MAX_ARGS + 2];
	int argc = 1;
	struct options o;
	struct nb_error err = { 0 };

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "nestbox";
	for (char *p = buf; p < buf + size + 1 && argc <= MAX_ARGS;) {
		argv[argc++] = p;
		p += strlen(p) + 1;
	}
	argv[argc] = NULL;
	cli_parse(argc, argv, &o, &err);
	options_free(&o);
	free(buf);
	return 0;
}
