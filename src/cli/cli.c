// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "directives.h"
#include "host.h"
#include "profile_env.h"

/* Options that are about nestbox itself, not about the sandbox. */
enum own_option { OPT_DEBUG, OPT_QUIET, OPT_DRY_RUN, OPT_NOPROFILE, OPT_HELP,
		  OPT_VERSION, OPT_PROFILE, OPT_STRICT, OPT_LOG,
		  OPT_AS_ROOT, OPT_LIST, OPT_TREE, OPT_JSON, OPT_JOIN,
		  OPT_SHUTDOWN, OPT_SHUTDOWN_TIMEOUT, OPT_IGNORE, OPT_INCLUDE,
		  OPT_LS, OPT_GET, OPT_PUT, OPT_INTEGRATE, OPT_UNINTEGRATE,
		  OPT_INTEGRATED };

static const struct {
	const char *name;
	enum own_option id;
	const char *arg_name;	/* NULL: takes no argument */
	const char *summary;
} own_options[] = {
	{ "as-root", OPT_AS_ROOT, NULL,
	  "run the program as root of its own user namespace (caps.* apply)" },
	{ "debug", OPT_DEBUG, NULL, "print one line per setup step" },
	{ "dry-run", OPT_DRY_RUN, NULL,
	  "print the policy, what the launch resolved, the plans; run nothing" },
	{ "get", OPT_GET, "NAME|ID|PID",
	  "PATH: copy a file of a running sandbox into the current directory" },
	{ "help", OPT_HELP, NULL, "print this help" },
	{ "ignore", OPT_IGNORE, "DIRECTIVE",
	  "skip the profiles' lines that start with DIRECTIVE (may be repeated)" },
	{ "include", OPT_INCLUDE, "FILE",
	  "read FILE before the profiles (may be repeated)" },
	{ "join", OPT_JOIN, "NAME|ID|PID",
	  "run PROGRAM (default: $SHELL) inside a running sandbox" },
	{ "integrate", OPT_INTEGRATE, NULL,
	  "[PROGRAM...]: start PROGRAM (default: each with a profile) sandboxed from the menu and ~/.local/bin" },
	{ "integrated", OPT_INTEGRATED, NULL,
	  "list what --integrate wrote (with --json: a JSON array)" },
	{ "json", OPT_JSON, NULL, "with --list, --integrated: a JSON array" },
	{ "list", OPT_LIST, NULL, "list your running sandboxes" },
	{ "log", OPT_LOG, "FILE",
	  "write --trace-denials lines to FILE instead of stderr" },
	{ "ls", OPT_LS, "NAME|ID|PID",
	  "PATH: list a directory of a running sandbox" },
	{ "noprofile", OPT_NOPROFILE, NULL,
	  "no profile: exactly the baseline sandbox" },
	{ "profile", OPT_PROFILE, "NAME|FILE",
	  "this profile instead of PROGRAM.profile (may be repeated)" },
	{ "put", OPT_PUT, "NAME|ID|PID",
	  "SRC DEST: copy the file SRC into a running sandbox as DEST" },
	{ "quiet", OPT_QUIET, NULL, "print errors only" },
	{ "tree", OPT_TREE, NULL, "show the processes of your running sandboxes" },
	{ "unintegrate", OPT_UNINTEGRATE, NULL,
	  "[PROGRAM...]: remove what --integrate wrote (a file edited since stays)" },
	{ "shutdown", OPT_SHUTDOWN, "NAME|ID|PID",
	  "stop a running sandbox: SIGTERM, then SIGKILL" },
	{ "shutdown-timeout", OPT_SHUTDOWN_TIMEOUT, "SECONDS",
	  "with --shutdown: grace period before SIGKILL (default 10)" },
	{ "strict", OPT_STRICT, NULL,
	  "a directive nestbox cannot enforce is an error" },
	{ "version", OPT_VERSION, NULL, "print the version" },
};

/* --@option=@word (into argv), kept at the end of @v; an empty @word
 * is an error: the option needs @what. */
static int add_word(const char ***v, size_t *n, const char *option,
		    const char *what, const char *word, struct nb_error *err)
{
	const char **grown;

	if (!*word)
		return nb_fail(err, 0, "--%s needs %s", option, what);
	grown = realloc(*v, (*n + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "--%s", option);
	*v = grown;
	(*v)[(*n)++] = word;
	return 0;
}

/* Profiles' ?HAS_X11-style conditions depend on which options were given,
 * not on the policy they produced: remember them. */
static int record_given(struct options *o, const char *name, const char *arg,
			struct nb_error *err)
{
	struct cli_directive *grown;

	grown = realloc(o->given, (o->n_given + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "--%s", name);
	o->given = grown;
	grown[o->n_given].name = strdup(name);
	if (!grown[o->n_given].name)
		return nb_fail(err, ENOMEM, "--%s", name);
	grown[o->n_given++].arg = arg;
	return 0;
}

static void set_own_option(struct options *o, enum own_option id)
{
	switch (id) {
	case OPT_PROFILE:
	case OPT_LOG:
	case OPT_JOIN:
	case OPT_SHUTDOWN:
	case OPT_SHUTDOWN_TIMEOUT:
	case OPT_IGNORE:
	case OPT_INCLUDE:
	case OPT_LS:
	case OPT_GET:
	case OPT_PUT:
		break;
	case OPT_LIST:
		o->command = CMD_LIST;
		break;
	case OPT_TREE:
		o->command = CMD_TREE;
		break;
	case OPT_INTEGRATE:
		o->command = CMD_INTEGRATE;
		break;
	case OPT_UNINTEGRATE:
		o->command = CMD_UNINTEGRATE;
		break;
	case OPT_INTEGRATED:
		o->command = CMD_INTEGRATED;
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_STRICT:
		o->strict = true;
		break;
	case OPT_AS_ROOT:
		o->as_root = true;
		break;
	case OPT_DEBUG:
		o->log_level = NB_LOG_DEBUG;
		break;
	case OPT_QUIET:
		o->log_level = NB_LOG_QUIET;
		break;
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case OPT_NOPROFILE:
		o->noprofile = true;
		break;
	case OPT_HELP:
		o->help = true;
		break;
	case OPT_VERSION:
		o->version = true;
		break;
	}
}

static int set_target(struct options *o, enum nb_command cmd,
		      const char *name, const char *arg, struct nb_error *err)
{
	if (!*arg)
		return nb_fail(err, 0, "--%s needs a sandbox: a name, an id or a pid",
			       name);
	o->command = cmd;
	o->target = arg;
	return 0;
}

static int set_option_arg(struct options *o, enum own_option id,
			  const char *arg, struct nb_error *err)
{
	char *end;
	unsigned long v;

	switch (id) {
	case OPT_LOG:
		if (!*arg)
			return nb_fail(err, 0, "--log needs a file");
		o->log_file = arg;
		return 0;
	case OPT_JOIN:
		return set_target(o, CMD_JOIN, "join", arg, err);
	case OPT_SHUTDOWN:
		return set_target(o, CMD_SHUTDOWN, "shutdown", arg, err);
	case OPT_LS:
		return set_target(o, CMD_LS, "ls", arg, err);
	case OPT_GET:
		return set_target(o, CMD_GET, "get", arg, err);
	case OPT_PUT:
		return set_target(o, CMD_PUT, "put", arg, err);
	case OPT_SHUTDOWN_TIMEOUT:
		errno = 0;
		v = strtoul(arg, &end, 10);
		if (!*arg || *end || errno || v > 3600 || arg[0] == '-')
			return nb_fail(err, 0,
				       "--shutdown-timeout=%s: seconds, 0 to 3600",
				       arg);
		o->shutdown_timeout = (unsigned)v;
		return 0;
	case OPT_IGNORE:
		return add_word(&o->ignores, &o->n_ignores, "ignore",
				"a directive", arg, err);
	case OPT_INCLUDE:
		return add_word(&o->includes, &o->n_includes, "include",
				"a file", arg, err);
	default:
		return add_word(&o->profiles, &o->n_profiles, "profile",
				"a file or a name", arg, err);
	}
}

/*
 * The values of the macros (~, ${HOME}, ${DOWNLOADS}, ${PATH}...), as a
 * profile's reader has them: gathered on the first argument that uses
 * one, so that options without macros read nothing from the host.
 */
struct cli_macros {
	struct host_facts host;
	struct profiles_storage st;
	struct profile_facts facts;
};

static bool has_macro(const char *arg)
{
	return arg && (arg[0] == '~' || strstr(arg, "${"));
}

static const struct profile_facts *macro_facts(struct options *o,
					       struct nb_error *err)
{
	if (o->macros)
		return &o->macros->facts;
	o->macros = calloc(1, sizeof(*o->macros));
	if (!o->macros)
		return nb_fail(err, ENOMEM, "macros"), NULL;
	if (host_facts_read(&o->macros->host, err) < 0) {
		free(o->macros);
		o->macros = NULL;
		return NULL;
	}
	profiles_reader_facts(&o->macros->host, &o->macros->st,
			      &o->macros->facts);
	return &o->macros->facts;
}

/* --@name=@arg into the policy, once per argument its macros expand to
 * (${PATH}: one per $PATH element), as the same profile line would be. */
static int apply_directive(struct options *o, const char *name,
			   const char *arg, const char *origin,
			   struct nb_error *err)
{
	const struct profile_facts *facts;
	struct profile_entries e;
	int rc = 0;

	if (!has_macro(arg))
		return directive_apply(&o->policy, name, arg, origin, err);
	facts = macro_facts(o, err);
	if (!facts)
		return -1;
	profile_entries_init(&e);
	rc = profile_expand_option(name, arg, facts, &e, err);
	for (size_t i = 0; rc == 0 && i < e.n; i++)
		rc = directive_apply(&o->policy, name, e.v[i].arg, origin,
				     err);
	profile_entries_free(&e);
	return rc;
}

static int find_own_option(const char *name)
{
	for (size_t i = 0; i < sizeof(own_options) / sizeof(own_options[0]); i++)
		if (strcmp(own_options[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* @word is one "--NAME[=ARG]" word. */
static int parse_option(struct options *o, const char *word,
			struct nb_error *err)
{
	char name[128];
	const char *body = word + 2;
	const char *eq = strchr(body, '=');
	const char *arg = eq ? eq + 1 : NULL;
	size_t len = eq ? (size_t)(eq - body) : strlen(body);
	int own;

	if (len == 0 || len >= sizeof(name))
		return nb_fail(err, 0, "%s: unknown option (try --help)", word);
	memcpy(name, body, len);
	name[len] = '\0';

	own = find_own_option(name);
	if (own >= 0) {
		if (own_options[own].arg_name) {
			if (!arg)
				return nb_fail(err, 0, "--%s needs an argument: --%s=%s",
					       name, name, own_options[own].arg_name);
			return set_option_arg(o, own_options[own].id, arg, err);
		}
		if (arg)
			return nb_fail(err, 0, "--%s takes no argument", name);
		set_own_option(o, own_options[own].id);
		return 0;
	}
	if (!directive_find(name))
		return nb_fail(err, 0, "%s: unknown option (try --help)", word);
	{
		char origin[sizeof(name) + 2];
		int rc;

		snprintf(origin, sizeof(origin), "--%s", name);
		rc = apply_directive(o, name, arg, origin, err);
		/* firejail's --allow-debuggers un-hides strace, which its
		 * disable-common.inc blacklists: a `noblacklist` before every
		 * profile line (the profiles' disable-devel.inc, which hides
		 * gdb, valgrind..., is skipped by the reader) */
		if (rc == 0 && strcmp(name, "allow-debuggers") == 0 && !arg)
			rc = apply_directive(o, "noblacklist", "${PATH}/strace",
					     origin, err);
		if (rc < 0)
			return nb_fail_wrap(err, "--%s", name);
	}
	return record_given(o, name, arg, err);
}

static const char *const command_options[] = {
	[CMD_LIST] = "--list", [CMD_TREE] = "--tree",
	[CMD_SHUTDOWN] = "--shutdown", [CMD_LS] = "--ls",
	[CMD_GET] = "--get", [CMD_PUT] = "--put",
	[CMD_INTEGRATED] = "--integrated",
};

/* The words after --ls, --get and --put: their paths, as firejail takes
 * them, and nothing more. */
static int check_paths(const struct options *o, struct nb_error *err)
{
	static const char *const want[] = {
		[CMD_LS] = "PATH", [CMD_GET] = "PATH", [CMD_PUT] = "SRC DEST",
	};
	size_t need = o->command == CMD_PUT ? 2 : 1, n = 0;

	while (o->program_argv && o->program_argv[n])
		n++;
	if (n != need)
		return nb_fail(err, 0, "%s=%s takes %s", command_options[o->command],
			       o->target, want[o->command]);
	for (size_t i = 0; i < n; i++)
		if (!o->program_argv[i][0])
			return nb_fail(err, 0, "%s: an empty path",
				       command_options[o->command]);
	return 0;
}

/* The management options stand alone: what would a profile or a program
 * mean to --list? */
static int check_command(const struct options *o, struct nb_error *err)
{
	if (o->json && o->command != CMD_LIST && o->command != CMD_INTEGRATED)
		return nb_fail(err, 0, "--json goes with --list or --integrated");
	/* --integrate's words are programs' names */
	if (o->command == CMD_RUN || o->command == CMD_JOIN ||
	    o->command == CMD_INTEGRATE || o->command == CMD_UNINTEGRATE)
		return 0;
	if (o->command == CMD_LS || o->command == CMD_GET ||
	    o->command == CMD_PUT)
		return check_paths(o, err);
	if (o->program_argv)
		return nb_fail(err, 0, "%s takes no program (%s)",
			       command_options[o->command], o->program_argv[0]);
	return 0;
}

int cli_parse(int argc, char *argv[], struct options *o, struct nb_error *err)
{
	int i;

	memset(o, 0, sizeof(*o));
	policy_init(&o->policy);
	o->log_level = NB_LOG_NORMAL;
	o->shutdown_timeout = SHUTDOWN_TIMEOUT_DEFAULT;

	for (i = 1; i < argc; i++) {
		const char *word = argv[i];

		if (strcmp(word, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(word, "-h") == 0 || strcmp(word, "-?") == 0) {
			o->help = true;
			continue;
		}
		if (word[0] != '-')
			break;
		if (word[1] != '-')
			return nb_fail(err, 0, "%s: unknown option (options start with --; try --help)",
				       word);
		if (parse_option(o, word, err) < 0)
			return -1;
	}
	o->program_argv = i < argc ? &argv[i] : NULL;
	if (o->noprofile && o->n_profiles)
		return nb_fail(err, 0, "--noprofile and --profile contradict each other");
	return check_command(o, err);
}

void cli_print_usage(FILE *out)
{
	size_t n;
	const struct directive *d = directive_table(&n);

	fprintf(out,
		"Usage: nestbox [OPTIONS] [--] [PROGRAM [ARGS...]]\n"
		"Run PROGRAM (default: $SHELL) in a rootless sandbox.\n\n"
		"Options:\n");
	for (size_t i = 0; i < sizeof(own_options) / sizeof(own_options[0]); i++) {
		char left[64];

		snprintf(left, sizeof(left), "%s%s%s", own_options[i].name,
			 own_options[i].arg_name ? "=" : "",
			 own_options[i].arg_name ? own_options[i].arg_name : "");
		fprintf(out, "  --%-22s %s\n", left, own_options[i].summary);
	}
	fprintf(out, "\nProfile directives implemented so far, as options:\n");
	for (size_t i = 0; i < n; i++) {
		char left[64];

		/* the others are listed by nestbox-profile(5) */
		if (!d[i].apply || !d[i].summary || d[i].summary[0] == '(' ||
		    find_own_option(d[i].name) >= 0)
			continue;
		if (d[i].arg == DIRECTIVE_ARG_NONE)
			snprintf(left, sizeof(left), "%s", d[i].name);
		else
			snprintf(left, sizeof(left), "%s=%s", d[i].name,
				 d[i].arg_name);
		fprintf(out, "  --%-22s %s\n", left, d[i].summary);
	}
	fprintf(out,
		"\nEvery other directive of firejail's profiles is also an option;\n"
		"nestbox --dry-run lists those it does not enforce yet.\n"
		"\nExit status: the program's; 128+N if it died of signal N;\n"
		"125 nestbox error; 126 not executable; 127 not found.\n");
}

void options_free(struct options *o)
{
	policy_free(&o->policy);
	free(o->profiles);
	o->profiles = NULL;
	free(o->ignores);
	o->ignores = NULL;
	free(o->includes);
	o->includes = NULL;
	free(o->macros);
	o->macros = NULL;
	free(o->profile_label);
	o->profile_label = NULL;
	for (size_t i = 0; i < o->n_given; i++)
		free(o->given[i].name);
	free(o->given);
	o->given = NULL;
	o->n_given = 0;
}
