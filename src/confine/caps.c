// SPDX-License-Identifier: GPL-2.0-or-later
#include "caps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* The names libcap knows ("cap_chown"...), whatever the running kernel
 * has: a profile is checked the same way on every machine. */
static bool cap_name_is(cap_value_t c, const char *name, size_t len)
{
	char *full = cap_to_name(c);
	bool same;

	if (!full)
		return false;
	/* cap_to_name gives a number for a capability it has no name for */
	same = strncmp(full, "cap_", 4) == 0 && strlen(full + 4) == len &&
	       strncasecmp(full + 4, name, len) == 0;
	cap_free(full);
	return same;
}

static int cap_from_word(const char *word, size_t len)
{
	if (len > 4 && strncasecmp(word, "cap_", 4) == 0) {
		word += 4;
		len -= 4;
	}
	for (cap_value_t c = 0; c < CAPS_MAX; c++)
		if (cap_name_is(c, word, len))
			return (int)c;
	return -1;
}

int caps_parse_list(const char *directive, const char *list, bool allow_all,
		    unsigned long long *mask, struct nb_error *err)
{
	unsigned long long bits = 0;
	const char *p = list;

	if (allow_all && strcmp(list, "all") == 0) {
		*mask = CAPS_ALL;
		return 0;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int c = cap_from_word(p, len);

		if (c < 0)
			return nb_fail(err, 0, "%s %s: unknown capability '%.*s'",
				       directive, list, (int)len, p);
		bits |= 1ULL << c;
		if (!p[len])
			break;
		p += len + 1;
	}
	*mask = bits;
	return 0;
}

void caps_format(unsigned long long mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (mask == CAPS_ALL) {
		snprintf(buf, size, "all");
		return;
	}
	for (cap_value_t c = 0; c < CAPS_MAX && len < size; c++) {
		char *name;

		if (!(mask & (1ULL << c)))
			continue;
		name = cap_to_name(c);
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? "," : "",
					name && !strncmp(name, "cap_", 4) ?
						name + 4 : "?");
		cap_free(name);
	}
}

unsigned long long caps_allowed(const struct policy_process *pp)
{
	unsigned long long allowed = CAPS_ALL;

	if (pp->caps_keep_set)
		allowed &= pp->caps_keep;
	return allowed & ~pp->caps_drop;
}

int caps_limit_to(unsigned long long allowed, struct nb_error *err)
{
	cap_value_t last = (cap_value_t)cap_max_bits();
	cap_t sets;
	int rc = 0;

	for (cap_value_t c = 0; c < last; c++)
		if (!(c < CAPS_MAX && (allowed & (1ULL << c))) &&
		    cap_drop_bound(c) < 0 && errno != EINVAL)
			return nb_fail(err, errno, "drop capability %d from the bounding set",
				       (int)c);
	if (cap_reset_ambient() < 0 && errno != EINVAL)
		return nb_fail(err, errno, "clear the ambient capabilities");
	sets = cap_init();
	if (!sets)
		return nb_fail(err, errno, "cap_init");
	/* Permitted and effective only: under no_new_privs, execve keeps
	 * at most the permitted set, and root's execve refills it from the
	 * bounding set (capabilities(7)); inheritable stays empty. */
	for (cap_value_t c = 0; c < last && c < CAPS_MAX && rc == 0; c++)
		if (allowed & (1ULL << c))
			rc = cap_set_flag(sets, CAP_PERMITTED, 1, &c, CAP_SET) |
			     cap_set_flag(sets, CAP_EFFECTIVE, 1, &c, CAP_SET);
	if (rc == 0)
		rc = cap_set_proc(sets);
	if (rc < 0)
		rc = nb_fail(err, errno, "set the capability sets");
	cap_free(sets);
	return rc;
}

int caps_drop_all(struct nb_error *err)
{
	return caps_limit_to(0, err);
}

int caps_set_no_new_privs(struct nb_error *err)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return nb_fail(err, errno, "set no_new_privs");
	return 0;
}
