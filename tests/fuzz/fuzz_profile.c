// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the profile reader, then every entry through the
 * directive table, then the seccomp rule set built from the policy
 * (groups expanded, exceptions, merging).  Any include of a name ending in ".inc" reads the input
 * itself again, so cycles, depth and ignore lists get exercised.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "directives.h"
#include "profile_read.h"
#include "seccomp.h"

static const char *input;

static char *read_input(const char *path, void *ctx)
{
	size_t n = strlen(path);

	(void)ctx;
	if (n >= 4 && strcmp(path + n - 4, ".inc") == 0)
		return strdup(input);
	errno = ENOENT;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { "/etc/nestbox" };
	struct profile_facts f = {
		.home = "/home/u", .cfg = "/home/u/.config",
		.runuser = "/run/user/1000", .path = "/usr/bin:/bin",
		.xdg = { "/home/u/D", "/home/u/Doc", "/home/u/Dl", "/home/u/M",
			 "/home/u/P", "/home/u/V" },
		.search_dirs = dirs, .n_search_dirs = 1,
		.read_file = read_input,
	};
	struct profile_entries e;
	struct nb_error err = { 0 };
	struct policy p;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	input = text;
	f.conditions[PROFILE_COND_HAS_X11] = size & 1;
	profile_entries_init(&e);
	policy_init(&p);
	if (profile_read_text("/p/fuzz.profile", text, &f, &e, &err) == 0) {
		struct seccomp_plan plan;
		size_t i;

		for (i = 0; i < e.n; i++)
			if (directive_apply(&p, e.v[i].directive, e.v[i].arg, NULL,
					    &err) < 0)
				break;
		seccomp_plan_init(&plan);
		if (i == e.n)
			seccomp_plan_build(&plan, &p.seccomp, &err);
		seccomp_plan_free(&plan);
	}
	policy_free(&p);
	profile_entries_free(&e);
	free(text);
	return 0;
}
