// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The profile reader's environment, from the host: the macros' values
 * (home, ~/.config/user-dirs.dirs, $PATH), the lookup list, and the
 * function that reads a file for it.  Used by the loading of profiles and
 * by the command line's options that name macros.
 */
#include "profile_env.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The reader sees a profile as one C string: a NUL byte in the file
 * would end it there, and every line after it (a blacklist, a seccomp
 * line) would be dropped without a word.  Such a file is refused:
 * EILSEQ, which the reader reports as a NUL byte.
 */
static char *read_for_reader(const char *path, void *ctx)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	char *text;

	(void)ctx;
	if (fd < 0)
		return NULL;
	text = host_read_fd(fd, 1 << 20, &len);
	if (text && memchr(text, '\0', len)) {
		free(text);
		errno = EILSEQ;
		return NULL;
	}
	return text;
}

/* firejail's fallbacks when user-dirs.dirs does not name a directory. */
static const char *const xdg_keys[XDG_DIR_COUNT] = {
	"XDG_DESKTOP_DIR", "XDG_DOCUMENTS_DIR", "XDG_DOWNLOAD_DIR",
	"XDG_MUSIC_DIR", "XDG_PICTURES_DIR", "XDG_VIDEOS_DIR",
};
static const char *const xdg_fallbacks[XDG_DIR_COUNT] = {
	"Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos",
};

/* XDG_DOWNLOAD_DIR="$HOME/Downloads" lines, as xdg-user-dirs writes them. */
static void read_user_dirs(const char *home, struct profiles_storage *st)
{
	char path[PATH_MAX + 64], *text;

	for (int i = 0; i < XDG_DIR_COUNT; i++)
		snprintf(st->xdg[i], sizeof(st->xdg[i]), "%s/%s", home,
			 xdg_fallbacks[i]);
	snprintf(path, sizeof(path), "%s/.config/user-dirs.dirs", home);
	text = host_read_file(path, 1 << 16);
	if (!text)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		for (int i = 0; i < XDG_DIR_COUNT; i++) {
			size_t k = strlen(xdg_keys[i]);
			char *v;
			size_t n;

			if (strncmp(line, xdg_keys[i], k) || line[k] != '=')
				continue;
			v = line + k + 1;
			n = strlen(v);
			if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
				v[n - 1] = '\0';
				v++;
			}
			if (strncmp(v, "$HOME/", 6) == 0)
				snprintf(st->xdg[i], sizeof(st->xdg[i]), "%s/%s",
					 home, v + 6);
			else if (v[0] == '/')
				snprintf(st->xdg[i], sizeof(st->xdg[i]), "%s", v);
		}
	}
	free(text);
}

static const char *installed_profile_dir(void)
{
	const char *dir = getenv("NESTBOX_PROFILE_DIR");

	return dir && *dir ? dir : NESTBOX_PROFILE_DIR;
}

void profiles_reader_facts(const struct host_facts *h,
			   struct profiles_storage *st, struct profile_facts *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(st->cfg, sizeof(st->cfg), "%s/.config", h->home);
	snprintf(st->runuser, sizeof(st->runuser), "/run/user/%u",
		 (unsigned)h->uid);
	snprintf(st->user_cfg, sizeof(st->user_cfg), "%s/.config/nestbox",
		 h->home);
	read_user_dirs(h->home, st);
	f->home = h->home;
	f->cfg = st->cfg;
	f->runuser = st->runuser;
	f->path = getenv("PATH");
	for (int i = 0; i < XDG_DIR_COUNT; i++)
		f->xdg[i] = st->xdg[i];
	/* the lookup list of nestbox(1), FILES: for includes and for choosing profiles */
	st->search[0] = st->user_cfg;
	st->search[1] = "/etc/nestbox";
	st->search[2] = installed_profile_dir();
	st->search[3] = "/etc/firejail";
	f->search_dirs = st->search;
	f->n_search_dirs = 4;
	f->read_file = read_for_reader;
}
