// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: /etc/subuid text through planning, checking what the
 * kernel would otherwise reject: extents never overlap, inside or outside,
 * and the caller is always inside id 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"

static int overlap(unsigned long a, unsigned long alen, unsigned long b,
		   unsigned long blen)
{
	return a < b + blen && b < a + alen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct id_range ranges[IDMAP_MAX_RANGES];
	struct id_map map;
	struct idmap_argv av;
	char *text = malloc(size + 1);
	char proc[8192];
	size_t n;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	n = subid_find_ranges(text, "alice", 1000, ranges, IDMAP_MAX_RANGES);
	idmap_plan(1000, ranges, n, &map);
	if (map.n < 1 || map.extents[0].inside != 0 ||
	    map.extents[0].outside != 1000 || map.extents[0].count != 1)
		abort();
	for (size_t i = 0; i < map.n; i++) {
		const struct id_extent *a = &map.extents[i];

		if (a->count == 0 || a->outside + a->count > 4294967295UL ||
		    a->inside + a->count > 4294967295UL)
			abort();
		for (size_t j = i + 1; j < map.n; j++) {
			const struct id_extent *b = &map.extents[j];

			if (overlap(a->outside, a->count, b->outside, b->count) ||
			    overlap(a->inside, a->count, b->inside, b->count))
				abort();
		}
	}
	idmap_format_proc(&map, proc, sizeof(proc));
	idmap_helper_argv(&map, "/usr/bin/newuidmap", 12345, &av);
	free(text);
	return 0;
}
