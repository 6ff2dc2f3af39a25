// SPDX-License-Identifier: GPL-2.0-or-later
#include "dispatch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "desktopfile.h"

/* execvp's own default, for a PATH that is not set */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

bool dispatch_wanted(const char *argv0)
{
	return argv0 && argv0[0] &&
	       strcmp(desktop_program_name(argv0), "nestbox") != 0;
}

char *dispatch_find(const char *name, const char *path_env,
		    const struct dispatch_fs *fs, unsigned *self_links)
{
	const char *p = path_env ? path_env : DEFAULT_PATH;

	*self_links = 0;
	errno = 0;
	if (!name[0] || strchr(name, '/'))
		return NULL;
	while (*p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *cand;

		/* an empty entry means the working directory to execvp:
		 * never a place to take a menu's program from */
		if (len > 0) {
			if (asprintf(&cand, "%.*s/%s", (int)len, p, name) < 0) {
				errno = ENOMEM;
				return NULL;
			}
			switch (fs->probe(cand, fs->ctx)) {
			case 0:
				return cand;
			case 1:
				(*self_links)++;
				break;
			}
			free(cand);
		}
		p += len + (colon ? 1 : 0);
	}
	return NULL;
}

static int probe_host(const char *path, void *ctx)
{
	const struct stat *self = ctx;
	struct stat st;

	/* stat follows every link: a chain of them to nestbox is nestbox */
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(path, X_OK) < 0)
		return -1;
	return st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

char *dispatch_find_on_host(const char *name, unsigned *self_links)
{
	struct stat self;
	struct dispatch_fs fs = { .probe = probe_host, .ctx = &self };

	*self_links = 0;
	if (stat("/proc/self/exe", &self) < 0)
		return NULL;
	return dispatch_find(name, getenv("PATH"), &fs, self_links);
}

int dispatch_argv(int argc, char *argv[], char ***out, struct nb_error *err)
{
	const char *name = desktop_program_name(argv[0]);
	const char *container = getenv("container");
	unsigned self_links;
	char *found, **v;

	found = dispatch_find_on_host(name, &self_links);
	if (!found) {
		if (errno == ENOMEM)
			return nb_fail(err, ENOMEM, "%s", name), NB_EXIT_ERROR;
		nb_fail(err, 0,
			"%s: not found in PATH, other than %u link%s to nestbox itself (skipped: nestbox started as %s runs the program %s found in PATH)",
			name, self_links, self_links == 1 ? "" : "s", name, name);
		return NB_EXIT_NOTFOUND;
	}
	/* Already in a sandbox of ours (a program there started this one
	 * through the link): it is confined already, and a sandbox inside
	 * would not start; run it as it is. */
	if (container && strcmp(container, "nestbox") == 0) {
		argv[0] = found;
		execv(found, argv);
		nb_fail(err, errno, "%s", found);
		free(found);
		return NB_EXIT_NOEXEC;
	}
	v = calloc((size_t)argc + 3, sizeof(*v));
	if (!v) {
		free(found);
		return nb_fail(err, ENOMEM, "%s", name), NB_EXIT_ERROR;
	}
	v[0] = "nestbox";
	v[1] = "--";
	v[2] = found;
	for (int i = 1; i < argc; i++)
		v[i + 2] = argv[i];
	*out = v;
	return 0;
}
