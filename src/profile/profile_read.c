// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The profile reader: firejail-profile(5)'s lines, includes, ignores,
 * conditions and macros, turned into an ordered list of entries.
 */
#include "profile_read.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const condition_names[PROFILE_COND_COUNT] = {
	[PROFILE_COND_HAS_APPIMAGE] = "HAS_APPIMAGE",
	[PROFILE_COND_HAS_NET] = "HAS_NET",
	[PROFILE_COND_HAS_NODBUS] = "HAS_NODBUS",
	[PROFILE_COND_HAS_NOSOUND] = "HAS_NOSOUND",
	[PROFILE_COND_HAS_PRIVATE] = "HAS_PRIVATE",
	[PROFILE_COND_HAS_X11] = "HAS_X11",
	[PROFILE_COND_BROWSER_DISABLE_U2F] = "BROWSER_DISABLE_U2F",
	[PROFILE_COND_BROWSER_ALLOW_DRM] = "BROWSER_ALLOW_DRM",
	[PROFILE_COND_ALLOW_TRAY] = "ALLOW_TRAY",
};

static const char *const xdg_macros[XDG_DIR_COUNT] = {
	[XDG_DESKTOP] = "DESKTOP",   [XDG_DOCUMENTS] = "DOCUMENTS",
	[XDG_DOWNLOAD] = "DOWNLOADS", [XDG_MUSIC] = "MUSIC",
	[XDG_PICTURES] = "PICTURES", [XDG_VIDEOS] = "VIDEOS",
};

/* Directives whose argument may use ${PATH}: one entry per element
 * (firejail's landlock-common.inc has `landlock.fs.execute ${PATH}`). */
static const char *const path_macro_directives[] = {
	"blacklist", "blacklist-nolog", "noblacklist",
	"landlock.fs.read", "landlock.fs.write", "landlock.fs.makeipc",
	"landlock.fs.makedev", "landlock.fs.execute",
};

struct reader {
	const struct profile_facts *facts;
	struct profile_entries *out;
	const char *stack[PROFILE_MAX_DEPTH];
	int depth;
};

const char *profile_condition_name(enum profile_condition c)
{
	return c < PROFILE_COND_COUNT ? condition_names[c] : "?";
}

void profile_entries_init(struct profile_entries *e)
{
	memset(e, 0, sizeof(*e));
}

void profile_entries_free(struct profile_entries *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].directive);
		free(e->v[i].arg);
	}
	for (size_t i = 0; i < e->n_files; i++)
		free(e->files[i]);
	for (size_t i = 0; i < e->n_ignores; i++)
		free(e->ignores[i]);
	free(e->v);
	free(e->files);
	free(e->ignores);
	memset(e, 0, sizeof(*e));
}

static int push_string(char ***v, size_t *n, const char *s)
{
	char **grown = realloc(*v, (*n + 1) * sizeof(**v));

	if (!grown)
		return -1;
	*v = grown;
	grown[*n] = strdup(s);
	if (!grown[*n])
		return -1;
	(*n)++;
	return 0;
}

static int add_entry(struct profile_entries *out, const char *file,
		     unsigned line, const char *directive, char *arg)
{
	struct profile_entry *e;

	if (out->n >= PROFILE_MAX_ENTRIES) {
		errno = E2BIG;
		return -1;
	}
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct profile_entry *grown = realloc(out->v, cap * sizeof(*grown));

		if (!grown)
			return -1;
		out->v = grown;
		out->cap = cap;
	}
	e = &out->v[out->n];
	e->file = file;
	e->line = line;
	e->directive = strdup(directive);
	e->arg = arg;
	if (!e->directive)
		return -1;
	out->n++;
	return 0;
}

/* ------------------------------------------------------------ macros */

struct buf {
	char *s;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = realloc(b->s, cap);

		if (!grown)
			return -1;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static const char *macro_value(const char *name, size_t len,
			       const struct profile_facts *f)
{
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
	if (IS("HOME"))
		return f->home;
	if (IS("CFG"))
		return f->cfg;
	if (IS("RUNUSER"))
		return f->runuser;
	for (int i = 0; i < XDG_DIR_COUNT; i++)
		if (strlen(xdg_macros[i]) == len &&
		    memcmp(name, xdg_macros[i], len) == 0)
			return f->xdg[i];
#undef IS
	return NULL;
}

char *profile_expand(const char *arg, const struct profile_facts *f,
		     struct nb_error *err)
{
	struct buf b = { 0 };
	const char *p = arg;

	if (buf_add(&b, "", 0) < 0)
		goto nomem;
	/* a leading ~ is the home directory, as in the shell */
	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		if (!f->home || buf_add(&b, f->home, strlen(f->home)) < 0)
			goto nomem;
		p++;
	}
	while (*p) {
		const char *start = strstr(p, "${"), *end, *value;

		if (!start) {
			if (buf_add(&b, p, strlen(p)) < 0)
				goto nomem;
			break;
		}
		if (buf_add(&b, p, (size_t)(start - p)) < 0)
			goto nomem;
		end = strchr(start + 2, '}');
		if (!end) {
			nb_fail(err, 0, "unterminated macro in '%s'", arg);
			goto fail;
		}
		value = macro_value(start + 2, (size_t)(end - start - 2), f);
		if (!value) {
			nb_fail(err, 0, "unknown macro ${%.*s}",
				(int)(end - start - 2), start + 2);
			goto fail;
		}
		if (buf_add(&b, value, strlen(value)) < 0)
			goto nomem;
		p = end + 1;
	}
	return b.s;
nomem:
	nb_fail(err, ENOMEM, "expand '%s'", arg);
fail:
	free(b.s);
	return NULL;
}

/* ------------------------------------------------------------ lines */

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* `ignore X` suppresses later lines that are X or start with X and a
 * blank: whole words, so `ignore net` does not hide `netfilter`. */
static bool is_ignored(const struct profile_entries *out, const char *line)
{
	for (size_t i = 0; i < out->n_ignores; i++) {
		size_t n = strlen(out->ignores[i]);

		if (strncmp(line, out->ignores[i], n) == 0 &&
		    (line[n] == '\0' || isspace((unsigned char)line[n])))
			return true;
	}
	return false;
}

/* "a   b" and "a b" are the same line to `ignore`: a squeezed copy of
 * the line is matched, never the line itself, whose argument may be a
 * path with a run of blanks in it (`blacklist ~/a  b` is not ~/a b). */
static void squeeze_blanks(char *dst, const char *s)
{
	char *w = dst;
	bool blank = false;

	for (const char *r = s; *r; r++) {
		if (isspace((unsigned char)*r)) {
			blank = true;
			continue;
		}
		if (blank && w != dst)
			*w++ = ' ';
		blank = false;
		*w++ = *r;
	}
	*w = '\0';
}

static int read_named(struct reader *r, const char *path, struct nb_error *err);
static int read_text(struct reader *r, const char *name, const char *text,
		     struct nb_error *err);

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/*
 * include NAME: a NAME with a '/' is a path (relative to @dir, the
 * including file's directory, when not absolute); otherwise it is looked
 * up in @dir, then in the search list.  A missing NAME.local is skipped:
 * those are the user's optional additions, as in firejail.
 */
static int include_from(struct reader *r, const char *dir, const char *name,
			struct nb_error *err)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char path[4096];
	int rc = -1;

	if (r->out->allow_debuggers && strcmp(base, "disable-devel.inc") == 0) {
		nb_debug("include %s: skipped (allow-debuggers)", name);
		return 0;
	}
	if (strchr(name, '/')) {
		if (name[0] == '/')
			snprintf(path, sizeof(path), "%s", name);
		else
			snprintf(path, sizeof(path), "%s/%s", dir, name);
		rc = read_named(r, path, err);
		if (rc == 1) {
			rc = ends_with(name, ".local")
				     ? 0
				     : nb_fail(err, 0, "include %s: not found", name);
		}
		return rc;
	}
	for (size_t i = 0; i <= r->facts->n_search_dirs; i++) {
		const char *d = i == 0 ? dir : r->facts->search_dirs[i - 1];

		snprintf(path, sizeof(path), "%s/%s", d, name);
		rc = read_named(r, path, err);
		if (rc != 1)
			break;
	}
	if (rc == 1) {
		if (ends_with(name, ".local"))
			return 0;
		return nb_fail(err, 0, "include %s: not found", name);
	}
	return rc;
}

static int do_include(struct reader *r, const char *file, const char *name,
		      struct nb_error *err)
{
	char *dir = dir_of(file);
	int rc;

	if (!dir)
		return nb_fail(err, ENOMEM, "include");
	rc = include_from(r, dir, name, err);
	free(dir);
	return rc;
}

static int add_expanded(struct reader *r, const char *file, unsigned lineno,
			const char *directive, const char *arg,
			struct nb_error *err)
{
	char *expanded = arg ? profile_expand(arg, r->facts, err) : NULL;

	if (arg && !expanded)
		return -1;
	if (add_entry(r->out, file, lineno, directive, expanded) < 0) {
		free(expanded);
		if (errno == E2BIG)
			return nb_fail(err, 0, "more than %d directives in all",
				       PROFILE_MAX_ENTRIES);
		return nb_fail(err, ENOMEM, "profile entries");
	}
	return 0;
}

/* One entry, or one per $PATH element for ${PATH} in the blacklist family.
 * ${PATH} must start the argument and appear once, as in every firejail
 * profile: several in one line would multiply into one entry per
 * combination, a hostile line's way to make millions. */
static int add_directive(struct reader *r, const char *file, unsigned lineno,
			 const char *directive, const char *arg,
			 struct nb_error *err)
{
	const char *const *pd = path_macro_directives;
	const char *path = r->facts->path ? r->facts->path : "";
	const char *rest;
	bool allowed = false;

	if (strcmp(directive, "allow-debuggers") == 0 && !arg)
		r->out->allow_debuggers = true;
	if (!arg || !strstr(arg, "${PATH}"))
		return add_expanded(r, file, lineno, directive, arg, err);
	for (size_t i = 0;
	     i < sizeof(path_macro_directives) / sizeof(*path_macro_directives);
	     i++)
		allowed |= strcmp(directive, pd[i]) == 0;
	if (!allowed)
		return nb_fail(err, 0, "${PATH} is only allowed in blacklist, noblacklist and landlock.fs.*");
	rest = arg + 7;
	if (strncmp(arg, "${PATH}", 7) != 0 || strstr(rest, "${PATH}"))
		return nb_fail(err, 0, "${PATH} must start the path, once");
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		char one[PATH_MAX];

		/* a cut path would name another file */
		if (n > 0 && snprintf(one, sizeof(one), "%.*s%s", (int)n, p,
				      rest) >= (int)sizeof(one))
			return nb_fail(err, 0, "${PATH}%s: path too long", rest);
		if (n > 0 &&
		    add_expanded(r, file, lineno, directive, one, err) < 0)
			return -1;
		p += n;
		if (*p == ':')
			p++;
	}
	return 0;
}

static int process_line(struct reader *r, const char *file, unsigned lineno,
			char *line, struct nb_error *err)
{
	char squeezed[PROFILE_LINE_MAX + 1];
	char *arg;
	size_t n;

	*strchrnul(line, '#') = '\0';
	line = trim(line);
	/* ?CONDITION: line — the line counts only when CONDITION holds */
	while (line[0] == '?') {
		char *colon = strchr(line, ':');
		int c;

		if (!colon)
			return nb_fail(err, 0, "condition without ':'");
		*colon = '\0';
		for (c = 0; c < PROFILE_COND_COUNT; c++)
			if (strcmp(line + 1, condition_names[c]) == 0)
				break;
		if (c == PROFILE_COND_COUNT)
			return nb_fail(err, 0, "unknown condition '%s'", line + 1);
		if (!r->facts->conditions[c])
			return 0;
		line = trim(colon + 1);
	}
	if (!*line)
		return 0;
	squeeze_blanks(squeezed, line);
	if (is_ignored(r->out, squeezed))
		return 0;

	/* the directive ends at the first blank; its argument is the rest,
	 * byte for byte (trim() left no blank at either end) */
	n = strcspn(line, " \t\v\f\r");
	arg = NULL;
	if (line[n]) {
		line[n] = '\0';
		for (arg = line + n + 1; isspace((unsigned char)*arg); arg++)
			;
	}

	if (strcmp(line, "ignore") == 0) {
		if (!arg)
			return nb_fail(err, 0, "ignore needs a directive");
		if (push_string(&r->out->ignores, &r->out->n_ignores,
				squeezed + n + 1) < 0)
			return nb_fail(err, ENOMEM, "ignore");
		return 0;
	}
	if (strcmp(line, "include") == 0) {
		char *name;
		int rc;

		if (!arg)
			return nb_fail(err, 0, "include needs a file name");
		name = profile_expand(arg, r->facts, err);
		if (!name)
			return -1;
		rc = do_include(r, file, name, err);
		free(name);
		return rc;
	}
	return add_directive(r, file, lineno, line, arg, err);
}

static int read_text(struct reader *r, const char *name, const char *text,
		     struct nb_error *err)
{
	const char *file;
	unsigned lineno = 0;
	char *copy, *line, *next;
	int rc = 0;

	if (push_string(&r->out->files, &r->out->n_files, name) < 0)
		return nb_fail(err, ENOMEM, "profile");
	file = r->out->files[r->out->n_files - 1];
	copy = strdup(text);
	if (!copy)
		return nb_fail(err, ENOMEM, "profile");
	for (line = copy; line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (strlen(line) > PROFILE_LINE_MAX) {
			rc = nb_fail(err, 0, "%s:%u: line too long", file, lineno);
			break;
		}
		rc = process_line(r, file, lineno, line, err);
		/* the innermost failure already has its FILE:LINE */
		if (rc < 0 && strncmp(err->msg, file, strlen(file)) != 0)
			nb_fail_wrap(err, "%s:%u", file, lineno);
	}
	free(copy);
	return rc;
}

/* 1: not found (the caller decides), 0: read, -1: error. */
static int read_named(struct reader *r, const char *path, struct nb_error *err)
{
	char *text;
	int rc;

	for (int i = 0; i < r->depth; i++)
		if (strcmp(r->stack[i], path) == 0)
			return nb_fail(err, 0, "include cycle through %s", path);
	if (r->depth >= PROFILE_MAX_DEPTH)
		return nb_fail(err, 0, "includes nested deeper than %d",
			       PROFILE_MAX_DEPTH);
	if (r->out->n_files >= PROFILE_MAX_FILES)
		return nb_fail(err, 0, "more than %d profile files read",
			       PROFILE_MAX_FILES);
	text = r->facts->read_file(path, r->facts->ctx);
	if (!text) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		if (errno == EILSEQ)
			return nb_fail(err, 0, "%s: a NUL byte: not a profile",
				       path);
		return nb_fail(err, errno, "read %s", path);
	}
	r->stack[r->depth++] = path;
	rc = read_text(r, path, text, err);
	r->depth--;
	free(text);
	return rc;
}

int profile_read(const char *path, const struct profile_facts *facts,
		 struct profile_entries *out, struct nb_error *err)
{
	struct reader r = { .facts = facts, .out = out };
	int rc = read_named(&r, path, err);

	if (rc == 1)
		return nb_fail(err, ENOENT, "profile %s", path);
	return rc;
}

int profile_read_text(const char *name, const char *text,
		      const struct profile_facts *facts,
		      struct profile_entries *out, struct nb_error *err)
{
	struct reader r = { .facts = facts, .out = out };

	r.stack[r.depth++] = name;
	return read_text(&r, name, text, err);
}

/* ------------------------------------------------------ the command line */

int profile_expand_option(const char *directive, const char *arg,
			  const struct profile_facts *facts,
			  struct profile_entries *out, struct nb_error *err)
{
	struct reader r = { .facts = facts, .out = out };

	return add_directive(&r, NULL, 0, directive, arg, err);
}

int profile_ignore(struct profile_entries *out, const char *pattern,
		   struct nb_error *err)
{
	char squeezed[PROFILE_LINE_MAX + 1];

	if (strlen(pattern) > PROFILE_LINE_MAX)
		return nb_fail(err, 0, "--ignore: too long");
	squeeze_blanks(squeezed, pattern);
	if (!squeezed[0])
		return nb_fail(err, 0, "--ignore needs a directive");
	if (push_string(&out->ignores, &out->n_ignores, squeezed) < 0)
		return nb_fail(err, ENOMEM, "--ignore");
	return 0;
}

int profile_include(const char *name, const struct profile_facts *facts,
		    struct profile_entries *out, struct nb_error *err)
{
	struct reader r = { .facts = facts, .out = out };
	char *expanded = profile_expand(name, facts, err);
	int rc;

	if (!expanded)
		return nb_fail_wrap(err, "--include=%s", name);
	rc = include_from(&r, ".", expanded, err);
	/* an error inside the file already names it, FILE:LINE */
	if (rc < 0 && strncmp(err->msg, "include ", 8) == 0)
		nb_fail(err, 0, "--include=%s: not found", expanded);
	free(expanded);
	return rc;
}

int profile_include_listed(const char *name, const struct profile_facts *facts,
			   struct profile_entries *out, struct nb_error *err)
{
	struct reader r = { .facts = facts, .out = out };

	if (facts->n_search_dirs == 0)
		return nb_fail(err, 0, "include %s: not found", name);
	/* the first directory of the list stands for the includer's own,
	 * which include_from tries first: the current directory is not
	 * looked in */
	return include_from(&r, facts->search_dirs[0], name, err);
}
