// SPDX-License-Identifier: GPL-2.0-or-later
#include "host.h"
#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Top-level entries that are bound (directories) or recreated (merged-/usr
 * symlinks) when the host has them. */
static const char *const top_entries[HOST_TOP_ENTRIES] = {
	"bin", "sbin", "lib", "lib32", "lib64", "libx32", "opt", "srv",
};

static void read_top_entry(struct host_entry *e, const char *name)
{
	char path[64];
	struct stat st;
	ssize_t n;

	e->name = name;
	e->kind = HOST_ABSENT;
	snprintf(path, sizeof(path), "/%s", name);
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		e->kind = HOST_DIR;
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, e->target, sizeof(e->target) - 1);
		if (n <= 0)
			return;
		e->target[n] = '\0';
		e->kind = HOST_SYMLINK;
	} else {
		e->kind = HOST_OTHER;
	}
}

int host_facts_read(struct host_facts *host, struct nb_error *err)
{
	struct passwd *pw;
	char run_user[64];

	memset(host, 0, sizeof(*host));
	host->uid = getuid();
	host->gid = getgid();

	/* The password database, not $HOME: the environment is the caller's
	 * to set, the home that is bound read-write should not be. */
	errno = 0;
	pw = getpwuid(host->uid);
	if (!pw)
		return nb_fail(err, errno, "no password entry for uid %u",
			       (unsigned)host->uid);
	if (strlen(pw->pw_name) >= sizeof(host->user) ||
	    strlen(pw->pw_dir) >= sizeof(host->home))
		return nb_fail(err, 0, "user name or home too long");
	strcpy(host->user, pw->pw_name);
	strcpy(host->home, pw->pw_dir);
	/* only its name matters (which skeleton file a private home gets) */
	if (pw->pw_shell && strrchr(pw->pw_shell, '/'))
		snprintf(host->shell, sizeof(host->shell), "%s",
			 strrchr(pw->pw_shell, '/') + 1);

	if (!getcwd(host->cwd, sizeof(host->cwd)))
		host->cwd[0] = '\0';

	snprintf(run_user, sizeof(run_user), "/run/user/%u",
		 (unsigned)host->uid);
	host->has_run_user = access(run_user, X_OK) == 0;
	if (registry_base_path(host->registry_dir, sizeof(host->registry_dir)) < 0)
		host->registry_dir[0] = '\0';

	for (size_t i = 0; i < HOST_TOP_ENTRIES; i++)
		read_top_entry(&host->top[i], top_entries[i]);
	host->n_top = HOST_TOP_ENTRIES;
	/* a directory of /var or a device, never a link: what the plan
	 * covers must be what a mount there would cover */
	for (size_t i = 0; i < HOST_PATHS; i++) {
		struct stat st;

		host->has_path[i] = lstat(host_paths[i].path, &st) == 0 &&
				    (host_paths[i].use == HOST_PATH_DEVICE ?
					     !S_ISLNK(st.st_mode) :
					     S_ISDIR(st.st_mode));
	}
	return 0;
}
