// SPDX-License-Identifier: GPL-2.0-or-later
#include "fspath.h"

#include "elfdeps.h"

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

bool path_in_kernel_fs(const char *path)
{
	return path_under(path, "/proc") || path_under(path, "/sys") ||
	       path_under(path, "/dev");
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
