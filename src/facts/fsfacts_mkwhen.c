// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Placeholders that depend on what else is in home (issue #19).
 *
 * nestbox-autostart.inc makes a missing code-running file (mkdir,
 * mkfile) so that it can be held read-only.  For a few programs, the
 * placeholder's mere existence would change which file they read, but
 * only where another of their files exists; there the path is kept
 * missing instead (`keep-missing`, a pinned link to nowhere), which every
 * program reads as no file.  Each condition is the program's own rule,
 * checked against its source; "exists" is access(F_OK), which follows
 * symlinks, as those programs' own checks do.
 */
#include "fsfacts_mkwhen.h"

#include "fspath.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool exists(const char *home, const char *name)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s%s", home, name);

	return n > 0 && (size_t)n < sizeof(path) && access(path, F_OK) == 0;
}

/*
 * emacs 27 and later (lisp/startup.el, startup--xdg-or-homedot): its
 * user directory, where early-init.el, init.el and the packages are
 * read, is ~/.emacs.d when that or ~/.emacs exists, else ~/.config/emacs
 * when that exists, else ~/.emacs.d.  Made, ~/.emacs.d would hide the
 * ~/.config/emacs you keep your configuration in.
 */
static bool emacs_uses_config_dir(const char *home)
{
	return !exists(home, "/.emacs.d") && !exists(home, "/.emacs") &&
	       exists(home, "/.config/emacs");
}

/*
 * cargo (src/cargo/util/config, the config file lookup): of `config` and
 * `config.toml` in ~/.cargo it reads `config` when that exists, and warns
 * at every command when both exist as different files.  Beside a legacy
 * `config`, an empty `config.toml` would bring that warning; kept missing,
 * cargo reads `config` as before.  The same for the credentials.
 */
static bool cargo_legacy_config(const char *home)
{
	return exists(home, "/.cargo/config");
}

static bool cargo_legacy_credentials(const char *home)
{
	return exists(home, "/.cargo/credentials");
}

static const struct {
	const char *name; /* below home */
	bool (*kept_missing)(const char *home);
	const char *why;
} conditions[] = {
	{ "/.emacs.d", emacs_uses_config_dir,
	  "emacs reads ~/.config/emacs here" },
	{ "/.emacs.d/init.el", emacs_uses_config_dir,
	  "emacs reads ~/.config/emacs here" },
	{ "/.cargo/config.toml", cargo_legacy_config,
	  "cargo reads ~/.cargo/config here" },
	{ "/.cargo/credentials.toml", cargo_legacy_credentials,
	  "cargo reads ~/.cargo/credentials here" },
};

const char *fs_mk_kept_missing(const char *home, const char *path)
{
	if (!path_below(path, home))
		return NULL;
	for (size_t i = 0; i < sizeof(conditions) / sizeof(*conditions); i++)
		if (strcmp(path + strlen(home), conditions[i].name) == 0)
			return conditions[i].kept_missing(home) ? conditions[i].why
								: NULL;
	return NULL;
}
