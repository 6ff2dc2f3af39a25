// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * private-etc, private-opt, private-srv, private-bin, private-lib and
 * private-cache: the listed entries bound (not copied) into the empty
 * tmpfs that replaces their directory; and the few files `private`
 * copies into its throwaway home.
 */
#include "mountplan_fs.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- 2. private-* lists ------------------------------------------- */

/* Link targets the sandbox shows as the host has them: a link into
 * them is recreated as a link, anything else is bound as its target. */
static bool shown_as_on_host(const char *resolved)
{
	return path_under(resolved, "/usr") || path_under(resolved, "/proc") ||
	       path_under(resolved, "/sys") || path_under(resolved, "/dev");
}

int plan_listed(struct fsplan *fp, const char *dir,
		       const struct name_list *names, struct nb_error *err)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < names->n; i++) {
		const struct fs_fact *x;

		snprintf(path, sizeof(path), "%s/%s", dir, names->v[i]);
		x = fs_facts_find(fp->facts, path);
		if (!x || x->kind == FS_ABSENT) {
			nb_debug("%s: %s is not on the host", dir, names->v[i]);
			continue;
		}
		if (x->is_link && (shown_as_on_host(x->resolved) ||
				   path_under(x->resolved, dir))) {
			if (add_op(fp, MOUNT_OP_SYMLINK, x->link, path, 0, 0,
				   err) < 0)
				return -1;
			if (!path_under(x->resolved, dir))
				continue;
			/* the target, in the same directory, is shown too */
			snprintf(path, sizeof(path), "%s", x->resolved);
		}
		if (add_op(fp, MOUNT_OP_BIND, x->resolved, path,
			   MOUNT_F_SYSTEM | MOUNT_F_NOFOLLOW, 0, err) < 0)
			return -1;
	}
	return 0;
}

/* A real (not symlinked) bin directory that the sandbox shows. */
static bool real_dir(const struct fsplan *fp, const char *dir)
{
	const struct fs_fact *d = fs_facts_find(fp->facts, dir);

	return d && d->kind == FS_DIR && strcmp(d->resolved, dir) == 0;
}

/* Bind the program @x (a fact of bin directory @dir) into the real
 * directory: /bin/ls on a merged-/usr host is /usr/bin/ls, shown
 * through the /bin link.  Once per destination. */
static int bind_bin(struct fsplan *fp, const struct fs_fact *x,
		    const struct fs_fact *dir, const char *name,
		    struct nb_error *err)
{
	char dst[PATH_MAX + 256];

	snprintf(dst, sizeof(dst), "%s/%s", dir->resolved, name);
	if (index_latest_at(fp, dst, strlen(dst)) >= 0)
		return 0;
	return add_op(fp, MOUNT_OP_BIND, x->resolved, dst,
		      MOUNT_F_SYSTEM | MOUNT_F_NOFOLLOW, 0, err);
}

/* firejail's private-bin takes globs (`python*`): every program of the
 * bin directories whose name matches, the first directory's first.
 * The facts hold each match (gathered by fs_facts_gather). */
static int plan_bin_glob(struct fsplan *fp, const char *pattern,
			 struct nb_error *err)
{
	for (size_t d = 0; d < fspath_n_bin_dirs; d++) {
		const char *bindir = fspath_bin_dirs[d];
		const struct fs_fact *dir = fs_facts_find(fp->facts, bindir);
		size_t len = strlen(bindir);
		size_t found = 0;

		if (!dir || !dir->resolved)
			continue;
		for (size_t k = 0; k < fp->facts->n; k++) {
			const struct fs_fact *x = &fp->facts->v[k];
			const char *name = x->path + len + 1;

			if (strncmp(x->path, bindir, len) != 0 ||
			    x->path[len] != '/' || strchr(name, '/') ||
			    x->kind != FS_FILE ||
			    fnmatch(pattern, name, FNM_PERIOD) != 0)
				continue;
			found++;
			if (bind_bin(fp, x, dir, name, err) < 0)
				return -1;
		}
		if (found)
			nb_debug("private-bin: %s matches %zu programs of %s",
				 pattern, found, bindir);
	}
	return 0;
}

int plan_private_bin(struct fsplan *fp, struct nb_error *err)
{
	const struct name_list *names = &fp->fs->private_bin;
	char path[PATH_MAX];

	if (!names->set)
		return 0;
	for (size_t d = 0; d < fspath_n_bin_dirs; d++)
		if (real_dir(fp, fspath_bin_dirs[d]) &&
		    add_op(fp, MOUNT_OP_TMPFS, NULL, fspath_bin_dirs[d],
			   MOUNT_F_SYSTEM | MOUNT_F_NOCREATE, 0755, err) < 0)
			return -1;
	for (size_t i = 0; i < names->n; i++) {
		const struct fs_fact *x = NULL;
		const struct fs_fact *dir = NULL;

		if (fspath_has_glob(names->v[i])) {
			if (plan_bin_glob(fp, names->v[i], err) < 0)
				return -1;
			continue;
		}
		for (size_t d = 0; d < fspath_n_bin_dirs;
		     d++) {
			snprintf(path, sizeof(path), "%s/%s", fspath_bin_dirs[d],
				 names->v[i]);
			x = fs_facts_find(fp->facts, path);
			if (x && x->kind == FS_FILE) {
				dir = fs_facts_find(fp->facts, fspath_bin_dirs[d]);
				break;
			}
			x = NULL;
		}
		if (!x || !dir || !dir->resolved) {
			nb_debug("private-bin: %s not found", names->v[i]);
			continue;
		}
		if (bind_bin(fp, x, dir, names->v[i], err) < 0)
			return -1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is @path in one of the @n directories of @dirs? */
static bool below_any(const char *path, const char *const *dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (path_below(path, dirs[i]))
			return true;
	return false;
}

/* One path private-lib shows: a link where it leads somewhere the
 * sandbox shows (its target is a shown path of its own); otherwise the
 * file or directory itself, bound read-only. */
static int plan_lib_path(struct fsplan *fp, const char *path,
			 const char *const *dirs, size_t n_dirs,
			 struct nb_error *err)
{
	const struct fs_fact *x = fs_facts_find(fp->facts, path);

	if (!x || x->kind == FS_ABSENT) {
		nb_debug("private-lib: %s is not on the host", path);
		return 0;
	}
	if (x->is_link && (shown_as_on_host(x->resolved) ||
			   below_any(x->resolved, dirs, n_dirs)))
		return add_op(fp, MOUNT_OP_SYMLINK, x->link, path, 0, 0, err);
	return add_op(fp, MOUNT_OP_BIND, x->resolved, path,
		      MOUNT_F_SYSTEM | MOUNT_F_NOFOLLOW, 0, err);
}

/*
 * private-lib: each confined library directory (a real one: on a
 * merged-/usr host /lib/MULTIARCH is a link into /usr/lib/MULTIARCH)
 * becomes an empty tmpfs, read-only once built, showing the paths the
 * facts found (fsfacts_lib.c).  Sorted, so that a directory comes
 * before what lies in it, which it already shows.
 */
int plan_private_lib(struct fsplan *fp, struct nb_error *err)
{
	const char *dirs[8];
	size_t n_dirs = 0, n = fp->facts->n_lib_paths;
	const char *covering = NULL;
	char **paths;
	int rc = 0;

	if (!fp->fs->private_lib.set)
		return 0;
	for (size_t i = 0; i < fspath_n_lib_dirs && n_dirs < 8; i++)
		if (real_dir(fp, fspath_lib_dirs[i]))
			dirs[n_dirs++] = fspath_lib_dirs[i];
	if (n_dirs == 0)
		return 0; /* the gatherer said it is not enforced */
	for (size_t i = 0; i < n_dirs; i++)
		if (add_op(fp, MOUNT_OP_TMPFS, NULL, dirs[i],
			   MOUNT_F_SYSTEM | MOUNT_F_NOCREATE, 0755, err) < 0)
			return -1;
	paths = malloc((n ? n : 1) * sizeof(*paths));
	if (!paths)
		return nb_fail(err, ENOMEM, "mount plan");
	memcpy(paths, fp->facts->lib_paths, n * sizeof(*paths));
	if (n)
		qsort(paths, n, sizeof(*paths), cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fs_fact *x;

		if ((i && strcmp(paths[i], paths[i - 1]) == 0) ||
		    !below_any(paths[i], dirs, n_dirs) ||
		    (covering && path_below(paths[i], covering)))
			continue;
		rc = plan_lib_path(fp, paths[i], dirs, n_dirs, err);
		x = fs_facts_find(fp->facts, paths[i]);
		if (x && x->kind == FS_DIR && !x->is_link)
			covering = paths[i];
	}
	free(paths);
	return rc;
}

/*
 * Files whose empty stand-in would not mean what their absence means:
 * nestbox-autostart.inc creates the missing code-running files in home
 * (`mkfile`) so that they can be made read-only (a path that does not
 * exist cannot be a mountpoint).  For most names an empty file is read
 * as no file; not for these.  bash's login shell reads the first of
 * ~/.bash_profile, ~/.bash_login and ~/.profile that exists: an empty
 * ~/.bash_profile would hide ~/.profile.  Each stand-in goes on down the
 * chain as bash would; readline reads /etc/inputrc only without
 * ~/.inputrc; vim and sshd have defaults of their own without theirs; an
 * X session or server start-up file is the whole session or server: an
 * empty one would end it.  Written only when the file is created, never
 * over one.
 */
static const struct {
	const char *name;	/* below home */
	const char *text;
	mode_t mode;		/* 0: 0600 */
} standins[] = {
	{ "/.bash_profile",
	  "# Made by nestbox for a missing ~/.bash_profile (nestbox-profile(5),\n"
	  "# \"Code-running files in home\"), so that a sandboxed program cannot\n"
	  "# create one.  It does what bash does without it: read ~/.bash_login,\n"
	  "# else ~/.profile.  Edit or replace it as you like.\n"
	  "if [ -e \"$HOME/.bash_login\" ]; then . \"$HOME/.bash_login\"\n"
	  "elif [ -e \"$HOME/.profile\" ]; then . \"$HOME/.profile\"; fi\n", 0 },
	{ "/.bash_login",
	  "# Made by nestbox for a missing ~/.bash_login (nestbox-profile(5),\n"
	  "# \"Code-running files in home\"), so that a sandboxed program cannot\n"
	  "# create one.  It does what bash does without it: read ~/.profile.\n"
	  "# Edit or replace it as you like.\n"
	  "if [ -e \"$HOME/.profile\" ]; then . \"$HOME/.profile\"; fi\n", 0 },
	{ "/.inputrc",
	  "# Made by nestbox for a missing ~/.inputrc (nestbox-profile(5)): what\n"
	  "# readline reads without it.  Edit or replace it as you like.\n"
	  "$include /etc/inputrc\n", 0 },
	/* vim(1) "Initialization": without a vimrc, ~/.vim/vimrc, then
	 * ~/.exrc, then defaults.vim */
	{ "/.vimrc",
	  "\" Made by nestbox for a missing ~/.vimrc (nestbox-profile(5)): it\n"
	  "\" does what vim does without one.  Edit or replace it as you like.\n"
	  "if filereadable(expand('~/.vim/vimrc'))\n"
	  "  source ~/.vim/vimrc\n"
	  "elseif filereadable(expand('~/.exrc'))\n"
	  "  source ~/.exrc\n"
	  "else\n"
	  "  unlet! g:skip_defaults_vim\n"
	  "  source $VIMRUNTIME/defaults.vim\n"
	  "endif\n", 0 },
	/* sshd(8) SSHRC: without ~/.ssh/rc, /etc/ssh/sshrc runs, else xauth
	 * is given the forwarded display's cookie (read on stdin) */
	{ "/.ssh/rc",
	  "# Made by nestbox for a missing ~/.ssh/rc (nestbox-profile(5)): it\n"
	  "# does what sshd does without one.  Edit or replace it as you like.\n"
	  "if [ -e /etc/ssh/sshrc ]; then exec /bin/sh /etc/ssh/sshrc; fi\n"
	  "if [ -n \"$DISPLAY\" ] && read proto cookie; then\n"
	  "\tcase $DISPLAY in\n"
	  "\tlocalhost:*) echo add \"unix:${DISPLAY#localhost:}\" $proto $cookie ;;\n"
	  "\t*) echo add \"$DISPLAY\" $proto $cookie ;;\n"
	  "\tesac | xauth -q -\n"
	  "fi\n", 0 },
	/*
	 * Debian's Xsession(5), 50x11-common_determine-startup: the session
	 * a display manager's "default" session or startx starts is
	 * ~/.xsession, else ~/.Xsession (run directly when executable,
	 * else with $SHELL), else x-session-manager, x-window-manager,
	 * x-terminal-emulator.  Executable, with its own #!: run with a
	 * $SHELL of fish or tcsh, or by gdm's "custom" session (which
	 * wants -x), a sh script would fail.  The ~/.xsession stand-in
	 * goes on to ~/.Xsession (made too), which picks the program.
	 * gnome-session's 55gnome-session_gnomerc reads ~/.gnomerc when the
	 * session it sees is gnome-session: it sees this file instead, so
	 * the stand-in reads it where that script would have.
	 */
	{ "/.xsession",
	  "#!/bin/sh\n"
	  "# Made by nestbox for a missing ~/.xsession (nestbox-profile(5)), so\n"
	  "# that a sandboxed program cannot create one.  It does what Debian's\n"
	  "# Xsession does without it: run ~/.Xsession, else the system's\n"
	  "# session.  Edit or remove it as you like.\n"
	  "if [ -e \"$HOME/.Xsession\" ]; then\n"
	  "\tif [ -x \"$HOME/.Xsession\" ]; then exec \"$HOME/.Xsession\"; fi\n"
	  "\texec ${SHELL:-sh} \"$HOME/.Xsession\"\n"
	  "fi\n"
	  "for s in x-session-manager x-window-manager x-terminal-emulator; do\n"
	  "\tif [ -x /usr/bin/$s ]; then exec /usr/bin/$s; fi\n"
	  "done\n"
	  "echo \"$0: no session manager, window manager or terminal\" >&2\n"
	  "exit 1\n",
	  0700 },
	{ "/.Xsession",
	  "#!/bin/sh\n"
	  "# Made by nestbox for a missing ~/.Xsession (nestbox-profile(5)), so\n"
	  "# that a sandboxed program cannot create one.  It does what Debian's\n"
	  "# Xsession does without it: run x-session-manager, else\n"
	  "# x-window-manager, else x-terminal-emulator.  Edit or remove it as\n"
	  "# you like.\n"
	  "if [ -x /usr/bin/x-session-manager ]; then\n"
	  "\t# what gnome-session's Xsession.d script does for it\n"
	  "\tcase $(readlink -f /usr/bin/x-session-manager) in\n"
	  "\t*/gnome-session*)\n"
	  "\t\tif [ -e /etc/X11/Xsession.d/55gnome-session_gnomerc ] &&\n"
	  "\t\t   [ -f \"$HOME/.gnomerc\" ]; then . \"$HOME/.gnomerc\"; fi ;;\n"
	  "\tesac\n"
	  "\texec /usr/bin/x-session-manager\n"
	  "fi\n"
	  "for s in x-window-manager x-terminal-emulator; do\n"
	  "\tif [ -x /usr/bin/$s ]; then exec /usr/bin/$s; fi\n"
	  "done\n"
	  "echo \"$0: no session manager, window manager or terminal\" >&2\n"
	  "exit 1\n",
	  0700 },
	/* startx(1): without ~/.xinitrc, /etc/X11/xinit/xinitrc (Debian's
	 * runs Xsession), else xterm; without ~/.xserverrc,
	 * /etc/X11/xinit/xserverrc, else /usr/bin/X, with startx's
	 * arguments.  exec: xinit waits for and signals the pid it
	 * started. */
	{ "/.xinitrc",
	  "#!/bin/sh\n"
	  "# Made by nestbox for a missing ~/.xinitrc (nestbox-profile(5)), so\n"
	  "# that a sandboxed program cannot create one.  It does what startx\n"
	  "# does without it: run /etc/X11/xinit/xinitrc, else xterm.  Edit or\n"
	  "# remove it as you like.\n"
	  "if [ -f /etc/X11/xinit/xinitrc ]; then\n"
	  "\texec /bin/sh /etc/X11/xinit/xinitrc \"$@\"\n"
	  "fi\n"
	  "exec xterm \"$@\"\n",
	  0700 },
	{ "/.xserverrc",
	  "#!/bin/sh\n"
	  "# Made by nestbox for a missing ~/.xserverrc (nestbox-profile(5)), so\n"
	  "# that a sandboxed program cannot create one.  It does what startx\n"
	  "# does without it: run /etc/X11/xinit/xserverrc, else /usr/bin/X,\n"
	  "# with the same arguments.  Edit or remove it as you like.\n"
	  "if [ -f /etc/X11/xinit/xserverrc ]; then\n"
	  "\texec /bin/sh /etc/X11/xinit/xserverrc \"$@\"\n"
	  "fi\n"
	  "exec /usr/bin/X \"$@\"\n",
	  0700 },
	/* tcsh(1) Startup and shutdown: ~/.tcshrc, else ~/.cshrc (csh
	 * reads only ~/.cshrc, which an empty file keeps) */
	{ "/.tcshrc",
	  "# Made by nestbox for a missing ~/.tcshrc (nestbox-profile(5)), so\n"
	  "# that a sandboxed program cannot create one.  It does what tcsh does\n"
	  "# without it: read ~/.cshrc.  Edit or replace it as you like.\n"
	  "if ( -e ~/.cshrc ) source ~/.cshrc\n", 0 },
};

/* The stand-in for @path, or NULL (an empty file). */
static const char *standin_for(const struct fsplan *fp, const char *path,
			       mode_t *mode)
{
	const char *home = fp->host->home;

	*mode = 0;
	if (!path_below(path, home))
		return NULL;
	for (size_t i = 0; i < sizeof(standins) / sizeof(*standins); i++)
		if (strcmp(path + strlen(home), standins[i].name) == 0) {
			*mode = standins[i].mode;
			return standins[i].text;
		}
	return NULL;
}

/*
 * The path is created where it will lie, every symlink of its parents
 * followed (fsfacts: created_resolved): mount.c creates each component
 * beneath the anchor through no symlink, so a symlinked ~/.config is
 * created in, not refused.  A path a symlink leads out of @anchor is
 * created beneath home's real path, or beneath its own parent.
 */
int plan_host_mkdir(struct fsplan *fp, const struct fs_fact *x,
			   const char *anchor, struct nb_error *err)
{
	const char *dst, *real = fp->facts->home_real, *text = NULL;
	char parent[PATH_MAX];
	mode_t mode = 0;

	if (!x || !x->created)
		return 0;
	dst = x->resolved ? x->resolved : x->path;
	if (!path_below(dst, anchor)) {
		if (real && strcmp(anchor, fp->host->home) == 0 &&
		    path_below(dst, real)) {
			anchor = real;
		} else {
			snprintf(parent, sizeof(parent), "%.*s",
				 (int)(strrchr(dst, '/') - dst), dst);
			anchor = parent;
		}
	}
	if (x->kind == FS_FILE)
		text = standin_for(fp, x->path, &mode);
	if (mount_plan_add(fp->plan,
			   x->kind == FS_FILE ? MOUNT_OP_HOST_MKFILE
					      : MOUNT_OP_HOST_MKDIR,
			   anchor, dst, 0, mode, err) < 0)
		return -1;
	return mount_plan_set_text(fp->plan, text, err);
}

int plan_private_cache(struct fsplan *fp, struct nb_error *err)
{
	char cache[PATH_MAX + 16];
	const struct fs_fact *x;
	bool nocreate;

	if (!fp->fs->private_cache)
		return 0;
	snprintf(cache, sizeof(cache), "%s/.cache", fp->host->home);
	if (!visible(fp, cache, &nocreate))
		return 0; /* an empty home already has no cache */
	x = fs_facts_find(fp->facts, cache);
	if (nocreate && plan_host_mkdir(fp, x, fp->host->home, err) < 0)
		return -1;
	return add_op(fp, MOUNT_OP_TMPFS, NULL, cache,
		      MOUNT_F_USER | (nocreate ? MOUNT_F_NOCREATE : 0), 0700, err);
}


/*
 * `private` (a throwaway home) is not quite empty in firejail: it holds
 * copies of the real home's .Xauthority and .asoundrc (so that X11
 * clients and ALSA set-ups keep working) and the skeleton's start-up
 * file of the user's shell.  Copies, not binds: whatever the program
 * does to them, the real files stay as they are.  .Xauthority is read
 * through no symlink (firejail refuses a linked one); .asoundrc may be a
 * link that stays in home (firejail's rule).  The skeleton's file is
 * firejail's choice: .zshrc for zsh, .cshrc for csh, else .bashrc.
 */
int plan_private_home_files(struct fsplan *fp, struct nb_error *err)
{
	static const struct {
		const char *name;
		unsigned flags;
	} from_home[] = {
		{ ".Xauthority", MOUNT_F_NOFOLLOW },
		{ ".asoundrc", 0 },
	};
	const char *home = fp->host->home;
	const char *rc = ".bashrc";
	char src[PATH_MAX + 32], dst[PATH_MAX + 32];

	if (!fp->throwaway_home || home[0] != '/' || strcmp(home, "/") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(from_home) / sizeof(from_home[0]); i++) {
		snprintf(src, sizeof(src), "%s/%s", home, from_home[i].name);
		if (add_op(fp, MOUNT_OP_COPY, src, src, from_home[i].flags,
			   0600, err) < 0)
			return -1;
	}
	if (strcmp(fp->host->shell, "zsh") == 0)
		rc = ".zshrc";
	else if (strcmp(fp->host->shell, "csh") == 0)
		rc = ".cshrc";
	snprintf(src, sizeof(src), "/etc/skel/%s", rc);
	snprintf(dst, sizeof(dst), "%s/%s", home, rc);
	return add_op(fp, MOUNT_OP_COPY, src, dst, MOUNT_F_NOFOLLOW, 0644, err);
}
