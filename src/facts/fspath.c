// SPDX-License-Identifier: GPL-2.0-or-later
#include "fspath.h"

#include "elfdeps.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || !path[n]);
}

bool path_below(const char *path, const char *dir)
{
	return path_under(path, dir) && strcmp(path, dir) != 0;
}

bool fspath_has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

bool path_in_kernel_fs(const char *path)
{
	return path_under(path, "/proc") || path_under(path, "/sys") ||
	       path_under(path, "/dev");
}

static bool plain_name(const char *name, size_t len)
{
	if (len == 0 || len > NAME_MAX)
		return false;
	return !(name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

/* One or more plain names joined by single slashes, nothing after. */
static bool plain_names(const char *s)
{
	for (;;) {
		const char *end = strchrnul(s, '/');

		if (!plain_name(s, (size_t)(end - s)))
			return false;
		if (!*end)
			return true;
		s = end + 1;
	}
}

bool path_link_target(const char *link, const char *text, char *out,
		      size_t size)
{
	const char *base = link, *names = text;
	size_t len;
	int n;

	if (link[0] != '/' || !plain_names(link + 1))
		return false;
	len = (size_t)(strrchr(link, '/') - link);
	if (text[0] == '/') {
		base = "/";
		len = 0;
		names++;
	}
	while (strncmp(names, "../", 3) == 0) {
		/* "/.." is "/" */
		while (len > 0 && base[len - 1] != '/')
			len--;
		if (len > 0)
			len--;
		names += 3;
	}
	if (!plain_names(names))
		return false;
	n = snprintf(out, size, "%.*s/%s", (int)len, base, names);
	return n >= 0 && (size_t)n < size;
}

const char *path_mk_anchor(const char *path, const char *home,
			   const char *run_user)
{
	const char *bases[] = { home, "/tmp", run_user };

	for (size_t i = 0; i < 3; i++)
		if (path_below(path, bases[i]))
			return bases[i];
	return NULL;
}

const char *const fspath_bin_dirs[] = {
	"/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin",
	"/sbin", "/usr/games", "/usr/local/games",
};
const size_t fspath_n_bin_dirs =
	sizeof(fspath_bin_dirs) / sizeof(fspath_bin_dirs[0]);

#ifdef ELF_NATIVE_MULTIARCH
#define MA "/" ELF_NATIVE_MULTIARCH
const char *const fspath_lib_dirs[] = { "/usr/lib" MA, "/lib" MA };
const size_t fspath_n_lib_dirs =
	sizeof(fspath_lib_dirs) / sizeof(fspath_lib_dirs[0]);
const char *const fspath_lib_search[] = {
	"/usr/local/lib", "/usr/local/lib" MA, "/lib" MA, "/usr/lib" MA,
	"/lib64", "/usr/lib64", "/lib", "/usr/lib",
};
const size_t fspath_n_lib_search =
	sizeof(fspath_lib_search) / sizeof(fspath_lib_search[0]);
#else
/* private-lib knows no library directory on this machine: it says so
 * and confines nothing */
const char *const fspath_lib_dirs[] = { NULL };
const size_t fspath_n_lib_dirs = 0;
const char *const fspath_lib_search[] = { NULL };
const size_t fspath_n_lib_search = 0;
#endif
