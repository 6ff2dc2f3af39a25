// SPDX-License-Identifier: GPL-2.0-or-later
/* A profile's path made safe to hold: policy_path.h. */
#include "policy_path.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool memchr_any(const char *s, size_t n, const char *set)
{
	for (; *set; set++)
		if (memchr(s, *set, n))
			return true;
	return false;
}

/*
 * A path from a profile is hostile until shown otherwise: it must be
 * absolute, without "." or ".." components and without control
 * characters; repeated and trailing slashes are dropped so that one path
 * has one spelling.  It must also fit the kernel's limits (PATH_MAX for
 * the whole, NAME_MAX for a component): every later stage holds paths in
 * PATH_MAX buffers, and a path cut short there would name another file,
 * perhaps an existing one, while the one meant stayed uncovered.
 */
char *policy_normalize_path(const char *path, struct nb_error *err)
{
	size_t len = strlen(path);
	char *out, *o;
	const char *c = path;

	if (path[0] != '/')
		return nb_fail(err, 0, "'%s' is not an absolute path", path),
		       NULL;
	for (const char *s = path; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return nb_fail(err, 0, "path with a control character"),
			       NULL;
	out = malloc(len + 1);
	if (!out)
		return nb_fail(err, ENOMEM, "path"), NULL;
	o = out;
	while (*c) {
		const char *end;
		size_t n;

		while (*c == '/')
			c++;
		if (!*c)
			break;
		end = strchrnul(c, '/');
		n = (size_t)(end - c);
		/* a glob's component is a pattern, which may be longer
		 * than the names it matches ([[:xdigit:]]... for a UUID) */
		if (n > NAME_MAX && !memchr_any(c, n, "*?[")) {
			free(out);
			return nb_fail(err, 0,
				       "'%.40s...': a component longer than %d bytes",
				       path, NAME_MAX),
			       NULL;
		}
		if ((n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.')) {
			free(out);
			return nb_fail(err, 0,
				       "'%s': '.' and '..' are not allowed in paths",
				       path),
			       NULL;
		}
		*o++ = '/';
		memcpy(o, c, n);
		o += n;
		c = end;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	if ((size_t)(o - out) >= PATH_MAX) {
		free(out);
		return nb_fail(err, 0, "'%.40s...': longer than %d bytes", path,
			       PATH_MAX - 1),
		       NULL;
	}
	return out;
}
