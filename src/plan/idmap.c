// SPDX-License-Identifier: GPL-2.0-or-later
#include "idmap.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* uid_t is 32 bits and (uid_t)-1 is reserved. */
#define ID_LIMIT 4294967295UL

static bool parse_decimal(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* One "owner:start:count" line, without its newline. */
static bool parse_line(const char *line, size_t len, const char **owner,
		       size_t *owner_len, struct id_range *r)
{
	const char *c1 = memchr(line, ':', len);
	const char *c2;

	if (!c1)
		return false;
	c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line));
	if (!c2)
		return false;
	*owner = line;
	*owner_len = (size_t)(c1 - line);
	if (!parse_decimal(c1 + 1, (size_t)(c2 - c1 - 1), &r->start))
		return false;
	if (!parse_decimal(c2 + 1, len - (size_t)(c2 + 1 - line), &r->count))
		return false;
	return r->count > 0 && r->start < ID_LIMIT &&
	       r->count <= ID_LIMIT - r->start;
}

/* By name, or by the uid written in decimal: compared as text, as shadow
 * does, so "01000" is not 1000 (newuidmap would refuse it). */
static bool owner_matches(const char *owner, size_t len, const char *user,
			  unsigned long id)
{
	char number[24];
	int n;

	if (user && strlen(user) == len && memcmp(owner, user, len) == 0)
		return true;
	n = snprintf(number, sizeof(number), "%lu", id);
	return n > 0 && (size_t)n == len && memcmp(owner, number, len) == 0;
}

size_t subid_find_ranges(const char *text, const char *user, unsigned long id,
			 struct id_range *out, size_t max)
{
	size_t n = 0;
	const char *line = text;

	while (line && *line && n < max) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *owner;
		size_t owner_len;
		struct id_range r;

		if (len && line[len - 1] == '\r')
			len--;
		if (parse_line(line, len, &owner, &owner_len, &r) &&
		    owner_matches(owner, owner_len, user, id))
			out[n++] = r;
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

static bool overlaps(unsigned long a, unsigned long alen, unsigned long b,
		     unsigned long blen)
{
	return a < b + blen && b < a + alen;
}

/* Add [start, start+count) to @map unless an extent already covers part
 * of it; the overlapping part is dropped (rare: duplicated lines). */
static void add_outside_range(struct id_map *map, unsigned long start,
			      unsigned long count, unsigned long *next_inside)
{
	for (size_t i = 0; i < map->n && count; i++) {
		const struct id_extent *e = &map->extents[i];

		if (!overlaps(start, count, e->outside, e->count))
			continue;
		if (start < e->outside) {
			/* keep the part below e; the part above is retried */
			unsigned long above_start = e->outside + e->count;
			unsigned long end = start + count;

			add_outside_range(map, start, e->outside - start,
					  next_inside);
			if (end > above_start)
				add_outside_range(map, above_start,
						  end - above_start, next_inside);
			return;
		}
		if (start + count <= e->outside + e->count)
			return;
		count = start + count - (e->outside + e->count);
		start = e->outside + e->count;
		i = (size_t)-1; /* recheck against all extents */
	}
	if (!count || map->n >= IDMAP_MAX_EXTENTS)
		return;
	if (*next_inside >= ID_LIMIT || count > ID_LIMIT - *next_inside)
		count = ID_LIMIT - *next_inside;
	if (!count)
		return;
	map->extents[map->n++] =
		(struct id_extent){ *next_inside, start, count };
	*next_inside += count;
}

void idmap_plan_direct(unsigned long caller, struct id_map *map)
{
	map->n = 1;
	map->extents[0] = (struct id_extent){ 0, caller, 1 };
}

void idmap_plan(unsigned long caller, const struct id_range *ranges, size_t n,
		struct id_map *map)
{
	unsigned long next_inside = 1;

	idmap_plan_direct(caller, map);
	for (size_t i = 0; i < n; i++)
		add_outside_range(map, ranges[i].start, ranges[i].count,
				  &next_inside);
}

int idmap_format_proc(const struct id_map *map, char *buf, size_t len)
{
	size_t used = 0;

	for (size_t i = 0; i < map->n; i++) {
		int w = snprintf(buf + used, len - used, "%lu %lu %lu\n",
				 map->extents[i].inside,
				 map->extents[i].outside,
				 map->extents[i].count);
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += (size_t)w;
	}
	return (int)used;
}

int idmap_helper_argv(const struct id_map *map, const char *helper, pid_t pid,
		      struct idmap_argv *out)
{
	size_t used = 0, argc = 0;

#define PUSH_NUMBER(v)                                                        \
	do {                                                                  \
		int w_ = snprintf(out->storage + used,                        \
				  sizeof(out->storage) - used, "%lu",         \
				  (unsigned long)(v));                        \
		if (w_ < 0 || (size_t)w_ >= sizeof(out->storage) - used)      \
			return -1;                                            \
		out->argv[argc++] = out->storage + used;                      \
		used += (size_t)w_ + 1;                                       \
	} while (0)

	out->argv[argc++] = (char *)helper;
	PUSH_NUMBER(pid);
	for (size_t i = 0; i < map->n; i++) {
		PUSH_NUMBER(map->extents[i].inside);
		PUSH_NUMBER(map->extents[i].outside);
		PUSH_NUMBER(map->extents[i].count);
	}
	out->argv[argc] = NULL;
#undef PUSH_NUMBER
	return 0;
}
