// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: what --list, --join and --shutdown read back from the
 * registry: an info file, a target matched against it, and the join state
 * (joinstate.c).  The registry is the caller's own and hidden from every
 * sandbox, but a damaged file must still be refused, never trusted.
 * Input: the first byte splits it into an info file and a join state.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "joinstate.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry_info info;
	struct nb_error err;
	struct joinstate js;
	size_t cut;
	char *text;

	if (size < 1)
		return 0;
	cut = data[0] < size ? data[0] : size - 1;
	text = malloc(cut + 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, cut);
	text[cut] = '\0';
	if (registry_parse_info(text, &info) == 0) {
		if (strlen(info.id) != 36 || info.pid < 0)
			abort();
		registry_match(&info, info.name);
		registry_match(&info, "1234");
		registry_match(&info, "0a8c");
	}
	registry_name_valid(text);
	free(text);
	memset(&err, 0, sizeof(err));
	if (joinstate_parse((const char *)data + 1 + cut, size - 1 - cut, &js,
			    &err) == 0) {
		if (!js.env || !js.cwd || !js.bpf.insns || js.bpf.len == 0 ||
		    js.bpf.len > 4096)
			abort();
		joinstate_free(&js);
	}
	return 0;
}
