// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: untrusted bytes as a program file (ELF or script)
 * through elfdeps.c, which private-lib runs on every library it follows.
 * Checks what the callers rely on: the strings it returns are
 * terminated, within their limits, and the needed names are not empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elfdeps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nb_error err;
	struct elf_deps d;

	if (elf_deps_from_buffer(data, size, &d, &err) < 0)
		return 0;
	if (d.kind != ELF_KIND_NATIVE && (d.n_needed || d.rpath || d.runpath))
		abort();
	if (d.interp && strlen(d.interp) > ELF_PATH_MAX)
		abort();
	if (d.n_needed > ELF_NEEDED_MAX)
		abort();
	for (size_t i = 0; i < d.n_needed; i++)
		if (!d.needed[i][0] || strlen(d.needed[i]) > ELF_NAME_MAX)
			abort();
	if ((d.rpath && strlen(d.rpath) > ELF_PATH_MAX) ||
	    (d.runpath && strlen(d.runpath) > ELF_PATH_MAX))
		abort();
	if (d.runpath) {
		char out[256];

		elf_expand_rpath(d.runpath, strlen(d.runpath), "/origin", out,
				 sizeof(out));
	}
	elf_deps_free(&d);
	return 0;
}
