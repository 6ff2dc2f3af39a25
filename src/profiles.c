// SPDX-License-Identifier: GPL-2.0-or-later
#include "profiles.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directives.h"
#include "host.h"
#include "profile.h"

static char *read_for_reader(const char *path, void *ctx)
{
	(void)ctx;
	return host_read_file(path, 1 << 20);
}

/* firejail's fallbacks when user-dirs.dirs does not name a directory. */
static const char *const xdg_keys[XDG_DIR_COUNT] = {
	"XDG_DESKTOP_DIR", "XDG_DOCUMENTS_DIR", "XDG_DOWNLOAD_DIR",
	"XDG_MUSIC_DIR", "XDG_PICTURES_DIR", "XDG_VIDEOS_DIR",
};
static const char *const xdg_fallbacks[XDG_DIR_COUNT] = {
	"Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos",
};

struct facts_storage {
	char cfg[PATH_MAX + 16];
	char runuser[64];
	char xdg[XDG_DIR_COUNT][PATH_MAX + 64];
	char user_cfg[PATH_MAX + 32];
	const char *search[4];
};

/* XDG_DOWNLOAD_DIR="$HOME/Downloads" lines, as xdg-user-dirs writes them. */
static void read_user_dirs(const char *home, struct facts_storage *st)
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

static void gather_facts(const struct options *o, const struct host_facts *h,
			 struct facts_storage *st, struct profile_facts *f)
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
	/* From the options in effect; firejail's configuration defaults for
	 * the others (browser-disable-u2f yes, browser-allow-drm no,
	 * allow-tray no). */
	f->conditions[PROFILE_COND_HAS_NET] = o->policy.net != POLICY_NET_NONE;
	f->conditions[PROFILE_COND_BROWSER_DISABLE_U2F] = true;
	/* DESIGN.md's lookup list */
	st->search[0] = st->user_cfg;
	st->search[1] = "/etc/nestbox";
	st->search[2] = NESTBOX_PROFILE_DIR;
	st->search[3] = "/etc/firejail";
	f->search_dirs = st->search;
	f->n_search_dirs = 4;
	f->read_file = read_for_reader;
}

static int apply_entries(struct options *o, const struct profile_entries *e,
			 struct nb_error *err)
{
	for (size_t i = 0; i < e->n; i++) {
		const struct profile_entry *x = &e->v[i];

		if (directive_apply(&o->policy, x->directive, x->arg, err) < 0)
			return nb_fail_wrap(err, "%s:%u", x->file, x->line);
	}
	return 0;
}

int profiles_load(struct options *o, const struct host_facts *host,
		  struct nb_error *err)
{
	struct facts_storage st;
	struct profile_facts facts;

	if (o->n_profiles == 0)
		return 0;
	gather_facts(o, host, &st, &facts);
	for (size_t i = 0; i < o->n_profiles; i++) {
		struct profile_entries e;
		int rc;

		profile_entries_init(&e);
		rc = profile_read(o->profiles[i], &facts, &e, err);
		for (size_t f = 0; f < e.n_files; f++)
			nb_debug("profile file %s", e.files[f]);
		if (rc == 0)
			rc = apply_entries(o, &e, err);
		profile_entries_free(&e);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int profiles_report_not_enforced(const struct options *o, struct nb_error *err)
{
	const struct policy *p = &o->policy;
	char names[512] = "";

	if (p->n_not_enforced == 0)
		return 0;
	if (o->strict) {
		for (size_t i = 0; i < p->n_not_enforced; i++)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", p->not_enforced[i].directive);
		return nb_fail(err, 0, "--strict: not enforced: %s", names);
	}
	if (p->quiet)
		return 0;
	for (size_t i = 0; i < p->n_not_enforced; i++)
		nb_warn("not enforced: %s (%u line%s): %s",
			p->not_enforced[i].directive, p->not_enforced[i].count,
			p->not_enforced[i].count == 1 ? "" : "s",
			p->not_enforced[i].reason);
	return 0;
}
