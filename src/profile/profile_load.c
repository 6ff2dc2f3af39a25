// SPDX-License-Identifier: GPL-2.0-or-later
#include "profile_load.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dbus.h"
#include "directives.h"
#include "host.h"
#include "profile_read.h"

/* ------------------------------------------------ choosing (pure) */

/* "A, B, C" for messages: where we looked. */
static void describe_dirs(const struct profile_lookup *l, char *buf,
			  size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < l->n_dirs; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
			 l->dirs[i]);
	}
}

/* The first DIR/@name that exists: 1 and *@out set, 0 if none, -1 if out
 * of memory. */
static int first_in_list(const struct profile_lookup *l, const char *name,
			 const char *suffix, char **out)
{
	for (size_t i = 0; i < l->n_dirs; i++) {
		char *path;

		if (asprintf(&path, "%s/%s%s", l->dirs[i], name, suffix) < 0)
			return -1;
		if (l->exists(path, l->ctx)) {
			*out = path;
			return 1;
		}
		free(path);
	}
	return 0;
}

char *profiles_find_for_program(const struct profile_lookup *l,
				const char *program, bool *is_default,
				struct nb_error *err)
{
	const char *name = NULL;
	char *path = NULL, where[2048];
	int rc = 0;

	/* basename(), without its habit of modifying its argument */
	if (program) {
		const char *slash = strrchr(program, '/');

		name = slash ? slash + 1 : program;
		if (!*name)
			name = NULL;	/* "dir/": no name to look up */
	}
	*is_default = false;
	if (name)
		rc = first_in_list(l, name, ".profile", &path);
	if (rc == 0) {
		*is_default = true;
		rc = first_in_list(l, "default.profile", "", &path);
	}
	if (rc < 0) {
		nb_fail(err, ENOMEM, "profile lookup");
		return NULL;
	}
	if (rc == 1)
		return path;
	describe_dirs(l, where, sizeof(where));
	if (name)
		nb_fail(err, 0,
			"no profile for %s and no default.profile in %s; use --noprofile",
			name, where);
	else
		nb_fail(err, 0, "no default.profile in %s; use --noprofile",
			where);
	return NULL;
}

char *profiles_find_named(const struct profile_lookup *l, const char *arg,
			  struct nb_error *err)
{
	char *path = NULL, where[2048];
	int rc;

	if (strchr(arg, '/')) {
		path = strdup(arg);
		if (!path)
			nb_fail(err, ENOMEM, "--profile");
		return path;
	}
	/* Per directory, so that ~/.config/nestbox/NAME.profile wins over
	 * /etc/firejail/NAME.profile however NAME was spelt. */
	rc = 0;
	for (size_t i = 0; i < l->n_dirs && rc == 0; i++) {
		struct profile_lookup one = *l;

		one.dirs = &l->dirs[i];
		one.n_dirs = 1;
		rc = first_in_list(&one, arg, ".profile", &path);
		if (rc == 0)
			rc = first_in_list(&one, arg, "", &path);
	}
	if (rc < 0) {
		nb_fail(err, ENOMEM, "--profile=%s", arg);
		return NULL;
	}
	if (rc == 1)
		return path;
	describe_dirs(l, where, sizeof(where));
	nb_fail(err, 0, "--profile=%s: no %s.profile or %s in %s", arg, arg, arg,
		where);
	return NULL;
}

/* ---------------------------------------------- conditions (pure) */

/*
 * firejail's HAS_* conditions, as its profile.c evaluates them: the
 * option was given (HAS_NET with any --net, `none` included; HAS_X11 with
 * any --x11, `none` included; HAS_NODBUS with --nodbus or a D-Bus policy
 * other than `allow`).
 */
static const struct {
	const char *directive;
	const char *except_arg;	/* this argument does not count */
	enum profile_condition cond;
} option_conditions[] = {
	{ "appimage", NULL, PROFILE_COND_HAS_APPIMAGE },
	{ "net", NULL, PROFILE_COND_HAS_NET },
	{ "nodbus", NULL, PROFILE_COND_HAS_NODBUS },
	{ "dbus-user", "allow", PROFILE_COND_HAS_NODBUS },
	{ "dbus-system", "allow", PROFILE_COND_HAS_NODBUS },
	{ "nosound", NULL, PROFILE_COND_HAS_NOSOUND },
	{ "private", NULL, PROFILE_COND_HAS_PRIVATE },
	{ "x11", NULL, PROFILE_COND_HAS_X11 },
};

#define N_OPTION_CONDITIONS \
	(sizeof(option_conditions) / sizeof(option_conditions[0]))

void profiles_conditions(const struct options *o,
			 const struct nestbox_config *conf,
			 bool cond[PROFILE_COND_COUNT])
{
	for (int c = 0; c < PROFILE_COND_COUNT; c++)
		cond[c] = false;
	for (size_t i = 0; i < o->n_given; i++) {
		const struct cli_directive *g = &o->given[i];

		for (size_t k = 0; k < N_OPTION_CONDITIONS; k++) {
			const char *except = option_conditions[k].except_arg;

			if (strcmp(g->name, option_conditions[k].directive))
				continue;
			if (except && g->arg && strcmp(g->arg, except) == 0)
				continue;
			cond[option_conditions[k].cond] = true;
		}
	}
	cond[PROFILE_COND_BROWSER_DISABLE_U2F] = conf->browser_disable_u2f;
	cond[PROFILE_COND_BROWSER_ALLOW_DRM] = conf->browser_allow_drm;
	cond[PROFILE_COND_ALLOW_TRAY] = conf->allow_tray;
}

/* ------------------------------------------------------- the host */

/*
 * A candidate counts unless it is certainly absent: one we cannot check
 * (EACCES on a directory of the list...) is chosen and then fails to be
 * read, rather than being skipped for a later, possibly weaker, profile.
 * A directory is never a profile.
 */
static bool exists_on_host(const char *path, void *ctx)
{
	struct stat st;

	(void)ctx;
	if (stat(path, &st) == 0)
		return !S_ISDIR(st.st_mode);
	return errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG;
}

bool profiles_program_has_own(const struct host_facts *h, const char *program)
{
	struct profiles_storage st;
	struct profile_facts facts;
	struct profile_lookup l;
	struct nb_error ignored;
	bool is_default = true;
	char *path;
	bool found;

	profiles_reader_facts(h, &st, &facts);
	l = (struct profile_lookup){ .dirs = facts.search_dirs,
				     .n_dirs = facts.n_search_dirs,
				     .exists = exists_on_host };
	path = profiles_find_for_program(&l, program, &is_default, &ignored);
	found = path != NULL;
	free(path);
	return found && !is_default;
}

static int read_config(struct nestbox_config *conf, struct nb_error *err)
{
	const char *path = getenv("NESTBOX_CONF");
	char *text;
	int rc;

	if (!path || !*path)
		path = CONFIG_DEFAULT_PATH;
	config_defaults(conf);
	text = host_read_file(path, CONFIG_MAX_SIZE);
	if (!text) {
		if (errno == ENOENT) {
			nb_debug("configuration %s: none, the defaults apply",
				 path);
			return 0;
		}
		return nb_fail(err, errno, "configuration %s", path);
	}
	nb_debug("configuration %s", path);
	rc = config_parse(path, text, conf, err);
	free(text);
	return rc;
}

static int apply_entries_from(struct options *o,
			      const struct profile_entries *e, size_t first,
			      struct nb_error *err)
{
	for (size_t i = first; i < e->n; i++) {
		const struct profile_entry *x = &e->v[i];
		char origin[PATH_MAX + 16];
		int rc;

		snprintf(origin, sizeof(origin), "%s:%u", x->file, x->line);
		rc = directive_apply(&o->policy, x->directive, x->arg, origin,
				     err);
		if (rc < 0)
			return nb_fail_wrap(err, "%s", origin);
	}
	return 0;
}

static int apply_entries(struct options *o, const struct profile_entries *e,
			 struct nb_error *err)
{
	return apply_entries_from(o, e, 0, err);
}

/* Was a file of this name read (an `include` of it, from any directory)? */
static bool was_read(const struct profile_entries *all, const char *name)
{
	for (size_t i = 0; i < all->n_files; i++) {
		const char *slash = strrchr(all->files[i], '/');

		if (strcmp(slash ? slash + 1 : all->files[i], name) == 0)
			return true;
	}
	return false;
}

static bool exists_on_host(const char *path, void *ctx);

/* Is @name in one of the lookup list's directories? */
static bool include_exists(const struct profile_facts *facts, const char *name)
{
	for (size_t i = 0; i < facts->n_search_dirs; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", facts->search_dirs[i], name);
		if (exists_on_host(path, NULL))
			return true;
	}
	return false;
}

/*
 * A file of nestbox's read as if the profile included it (the session
 * bus's filter, home's code-running files), unless a profile did: @what
 * names it in messages and --dry-run, @missing says what holds without
 * it.  The `ignore` lines read so far hold for it as for any include.
 */
static int apply_default_include(struct options *o,
				 const struct profile_facts *facts,
				 struct profile_entries *all, const char *name,
				 const char *what, const char *missing,
				 struct nb_error *err)
{
	size_t first = all->n, first_file = all->n_files;

	if (was_read(all, name))
		return 0;
	if (!include_exists(facts, name)) {
		if (!o->policy.quiet)
			nb_warn("no %s in the profile directories: %s", name,
				missing);
		return 0;
	}
	if (profile_include_listed(name, facts, all, err) < 0)
		return nb_fail_wrap(err, "%s", what);
	nb_debug("%s: %s", what, all->files[first_file]);
	if (o->dry_run)
		printf("profile: %s (%s)\n", all->files[first_file], what);
	return apply_entries_from(o, all, first, err);
}

/*
 * The session bus of a profile that says nothing of it (no dbus-user
 * line, no nodbus; firejail's own profiles, most of them): filtered, by
 * the allowlist of PROFILES_DBUS_USER_INC, read here unless a profile
 * included it already.  The bus as the host has it lets the program ask
 * services outside the sandbox to run its commands; that takes a
 * profile's `dbus-user allow`.  The `ignore` lines read so far hold for
 * the file as for any include: a user's .local can take a name out.
 */
static int default_session_bus(struct options *o,
			       const struct profile_facts *facts,
			       struct profile_entries *all,
			       struct nb_error *err)
{
	if (o->policy.dbus.user.said)
		return 0;
	o->policy.dbus.user.mode = POLICY_DBUS_FILTER;
	/* a GApplication stops when it cannot own its name (the one its
	 * desktop file has); firejail's profiles do not say it */
	if (dbus_own_program_name(&o->policy.dbus.user,
				  o->program_argv ? o->program_argv[0] : NULL,
				  err) < 0)
		return -1;
	/* an installation without the file (a profile directory of one's
	 * own): the filter allows no name at all, the stricter side */
	return apply_default_include(o, facts, all, PROFILES_DBUS_USER_INC,
				     "the session bus's default filter",
				     "the session bus is filtered with no name allowed",
				     err);
}

/*
 * Home's code-running files (PROFILES_HOME_RULES_INC: shell start-up,
 * autostart, user services, ~/.local/bin, git and python configuration...)
 * under a profile that did not include the file: firejail's own profiles
 * make only the existing ones read-only (disable-common.inc), so a
 * program could still create ~/.bash_profile or ~/.config/autostart/x
 * for something outside to run later.  Read here as an include, so a
 * user's .local can `ignore` one of its lines.  A deliberate difference
 * from firejail (nestbox-profile(5), WHAT A PROFILE LEAVES OUT).
 */
static int default_home_rules(struct options *o,
			      const struct profile_facts *facts,
			      struct profile_entries *all,
			      struct nb_error *err)
{
	return apply_default_include(o, facts, all, PROFILES_HOME_RULES_INC,
				     "home's code-running files",
				     "home's code-running files are protected only as the profile says",
				     err);
}

/* Read @path, and everything it includes, onto @all. */
static int read_one(const struct profile_facts *facts, const char *path,
		    struct profile_entries *all, struct nb_error *err)
{
	size_t first = all->n_files;
	int rc = profile_read(path, facts, all, err);

	for (size_t f = first; f < all->n_files; f++)
		nb_debug("profile file %s", all->files[f]);
	return rc;
}

static void print_conditions(const bool cond[PROFILE_COND_COUNT])
{
	printf("conditions:");
	for (int c = 0; c < PROFILE_COND_COUNT; c++)
		if (cond[c])
			printf(" %s", profile_condition_name(c));
	printf("\n");
}

/* "a.profile,b.profile": what --list shows as the sandbox's profile. */
static void note_loaded(struct options *o, const char *path)
{
	size_t old = o->profile_label ? strlen(o->profile_label) : 0;
	char *grown = realloc(o->profile_label, old + strlen(path) + 2);

	if (!grown)
		return;
	if (old)
		grown[old++] = ',';
	strcpy(grown + old, path);
	o->profile_label = grown;
}

/* A chosen profile (@path, freed here) read, and named in the label. */
static int read_chosen(struct options *o, const struct profile_facts *facts,
		       char *path, struct profile_entries *all,
		       struct nb_error *err)
{
	int rc;

	if (o->dry_run)
		printf("profile: %s\n", path);
	rc = read_one(facts, path, all, err);
	if (rc == 0)
		note_loaded(o, path);
	free(path);
	return rc;
}

/* The profiles chosen: --profile ones in order, else the program's. */
static int read_profiles(struct options *o, const struct profile_facts *facts,
			 struct profile_entries *all, struct nb_error *err)
{
	struct profile_lookup lookup = { .dirs = facts->search_dirs,
					 .n_dirs = facts->n_search_dirs,
					 .exists = exists_on_host };

	if (o->n_profiles == 0) {
		const char *program =
			o->program_argv ? o->program_argv[0] : NULL;
		bool is_default;
		char *path;

		path = profiles_find_for_program(&lookup, program, &is_default,
						 err);
		if (!path)
			return -1;
		if (!program)
			nb_debug("profile %s chosen for the shell", path);
		else if (is_default)
			nb_debug("profile %s chosen: no %s.profile in the lookup list",
				 path, strrchr(program, '/') ?
					       strrchr(program, '/') + 1 :
					       program);
		else
			nb_debug("profile %s chosen for %s", path, program);
		return read_chosen(o, facts, path, all, err);
	}
	for (size_t i = 0; i < o->n_profiles; i++) {
		/* --profile=~/my.profile, as firejail expands it */
		char *name = profile_expand(o->profiles[i], facts, err);
		char *path = name ? profiles_find_named(&lookup, name, err) : NULL;

		free(name);
		if (!path)
			return -1;
		nb_debug("profile %s chosen by --profile=%s", path,
			 o->profiles[i]);
		if (read_chosen(o, facts, path, all, err) < 0)
			return -1;
	}
	return 0;
}

static void say_no_profile(const struct options *o)
{
	nb_debug("no profile (--noprofile)");
	if (o->dry_run)
		printf("profile: none (--noprofile)\n");
}

/*
 * firejail's order: the options' directives are in the policy already
 * (cli_parse applied them); --ignore lines come before every profile
 * line, --include files before the profiles; one `ignore` holds from its
 * line to the end, across the --profile files.
 */
static int read_all(struct options *o, const struct profile_facts *facts,
		    struct profile_entries *all, struct nb_error *err)
{
	for (size_t i = 0; i < o->n_ignores; i++)
		if (profile_ignore(all, o->ignores[i], err) < 0)
			return -1;
	for (size_t i = 0; i < o->n_includes; i++) {
		size_t first = all->n_files;

		if (profile_include(o->includes[i], facts, all, err) < 0)
			return -1;
		for (size_t f = first; f < all->n_files; f++)
			nb_debug("profile file %s (--include)", all->files[f]);
	}
	if (o->noprofile) {
		say_no_profile(o);
		return 0;
	}
	return read_profiles(o, facts, all, err);
}

int profiles_load(struct options *o, const struct host_facts *host,
		  struct nb_error *err)
{
	struct nestbox_config conf;
	struct profiles_storage st;
	struct profile_facts facts;
	struct profile_entries all;
	int rc;

	if (read_config(&conf, err) < 0)
		return -1;
	/* the one setting of nestbox.conf that is not a profile condition */
	snprintf(o->policy.fs.tmpfs_size, sizeof(o->policy.fs.tmpfs_size),
		 "%s", conf.tmpfs_size);
	/* the bare sandbox reads nothing more */
	if (o->noprofile && o->n_includes == 0) {
		say_no_profile(o);
		return 0;
	}
	profiles_reader_facts(host, &st, &facts);
	profiles_conditions(o, &conf, facts.conditions);
	profile_entries_init(&all);
	all.allow_debuggers = o->policy.seccomp.allow_debuggers;
	rc = read_all(o, &facts, &all, err);
	if (rc == 0)
		rc = apply_entries(o, &all, err);
	if (rc == 0 && !o->noprofile)
		rc = default_session_bus(o, &facts, &all, err);
	if (rc == 0 && !o->noprofile)
		rc = default_home_rules(o, &facts, &all, err);
	profile_entries_free(&all);
	if (rc == 0 && o->dry_run && !o->noprofile)
		print_conditions(facts.conditions);
	return rc;
}

int profiles_report_not_enforced(const struct options *o,
				 const struct launch_facts *lf,
				 struct nb_error *err)
{
	const struct policy *p = &o->policy;
	/* the directive table's, then what this host cannot enforce */
	const struct policy_not_enforced *lists[] = { p->not_enforced,
						      lf->not_enforced };
	const size_t counts[] = { p->n_not_enforced, lf->n_not_enforced };
	char names[512] = "";

	if (counts[0] + counts[1] == 0)
		return 0;
	if (o->strict) {
		for (size_t l = 0; l < 2; l++)
			for (size_t i = 0; i < counts[l]; i++)
				snprintf(names + strlen(names),
					 sizeof(names) - strlen(names), "%s%s",
					 names[0] ? ", " : "",
					 lists[l][i].directive);
		return nb_fail(err, 0, "--strict: not enforced: %s", names);
	}
	if (p->quiet)
		return 0;
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++)
			nb_warn("not enforced: %s (%u line%s): %s",
				lists[l][i].directive, lists[l][i].count,
				lists[l][i].count == 1 ? "" : "s",
				lists[l][i].reason);
	return 0;
}
