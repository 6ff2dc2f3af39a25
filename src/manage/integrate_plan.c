// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What --integrate and --unintegrate would do, decided from a snapshot of
 * the world (integrate.h): pure, unit-tested (tests/unit/test_integrate.c).
 *
 * The rule throughout: a file is nestbox's when the record says it wrote
 * it and it is still what was written (a copy's hash, a link's target).
 * Anything else at one of our paths is the user's: left as it is, with a
 * note saying so.
 */
#include "integrate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "desktopfile.h"

/* ------------------------------------------------------------ record */

static const char *const kind_names[] = { [IK_LINK] = "link",
					  [IK_DESKTOP] = "desktop" };

static bool field_ok(const char *s)
{
	return s && *s && !strpbrk(s, "\t\n\r");
}

static int entry_add(struct integrate_record *r, enum integrate_kind kind,
		     const char *program, const char *path, const char *extra,
		     uint64_t hash)
{
	struct integrate_entry *grown = realloc(r->v, (r->n + 1) * sizeof(*grown));
	struct integrate_entry *e;

	if (!grown)
		return -1;
	r->v = grown;
	e = &r->v[r->n];
	e->kind = kind;
	e->hash = hash;
	e->program = strdup(program);
	e->path = strdup(path);
	e->extra = strdup(extra);
	if (!e->program || !e->path || !e->extra) {
		free(e->program);
		free(e->path);
		free(e->extra);
		return -1;
	}
	r->n++;
	return 0;
}

static void entry_remove(struct integrate_record *r, size_t i)
{
	free(r->v[i].program);
	free(r->v[i].path);
	free(r->v[i].extra);
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof(r->v[0]));
	r->n--;
}

void integrate_record_free(struct integrate_record *r)
{
	while (r->n)
		entry_remove(r, r->n - 1);
	free(r->v);
	r->v = NULL;
}

int integrate_record_parse(const char *file, const char *text,
			   struct integrate_record *r, struct nb_error *err)
{
	const char *p = text;
	unsigned no = 0;

	memset(r, 0, sizeof(*r));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len), *f[6] = { 0 }, *save = NULL;
		size_t n = 0;
		int kind = -1;
		uint64_t hash = 0;

		no++;
		p += len + (nl ? 1 : 0);
		if (!line) {
			integrate_record_free(r);
			return nb_fail(err, ENOMEM, "%s", file);
		}
		if (!line[0] || line[0] == '#') {
			free(line);
			continue;
		}
		for (char *t = strtok_r(line, "\t", &save); t && n < 6;
		     t = strtok_r(NULL, "\t", &save))
			f[n++] = t;
		if (n == 4 && strcmp(f[0], "link") == 0)
			kind = IK_LINK;
		if (n == 5 && strcmp(f[0], "desktop") == 0) {
			char *end;

			errno = 0;
			hash = strtoull(f[4], &end, 16);
			if (!errno && *end == '\0' && end != f[4])
				kind = IK_DESKTOP;
		}
		if (kind < 0 || f[2][0] != '/' ||
		    entry_add(r, (enum integrate_kind)kind, f[1], f[2], f[3],
			      hash) < 0) {
			free(line);
			integrate_record_free(r);
			return nb_fail(err, 0, "%s:%u: not 'link PROGRAM PATH TARGET' or 'desktop PROGRAM PATH SOURCE HASH' (tab-separated)",
				       file, no);
		}
		free(line);
	}
	return 0;
}

char *integrate_record_format(const struct integrate_record *r)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	fprintf(f, "# what nestbox --integrate wrote; nestbox --unintegrate removes it\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct integrate_entry *e = &r->v[i];

		fprintf(f, "%s\t%s\t%s\t%s", kind_names[e->kind], e->program,
			e->path, e->extra);
		if (e->kind == IK_DESKTOP)
			fprintf(f, "\t%016" PRIx64, e->hash);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static long record_find(const struct integrate_record *r,
			enum integrate_kind kind, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == kind && strcmp(r->v[i].path, path) == 0)
			return (long)i;
	return -1;
}

static int record_copy(const struct integrate_record *from,
		       struct integrate_record *to)
{
	memset(to, 0, sizeof(*to));
	for (size_t i = 0; i < from->n; i++) {
		const struct integrate_entry *e = &from->v[i];

		if (entry_add(to, e->kind, e->program, e->path, e->extra,
			      e->hash) < 0)
			return -1;
	}
	return 0;
}

/* -------------------------------------------------------------- plan */

struct planner {
	const struct integrate_world *w;
	struct integrate_plan *p;
	bool failed;		/* out of memory */
};

static __attribute__((format(printf, 4, 5))) void step(struct planner *pl,
						      enum integrate_step_kind kind,
						      const char *path,
						      const char *fmt, ...)
{
	struct integrate_step *grown;
	char *text = NULL;
	va_list ap;

	if (pl->failed)
		return;
	if (fmt) {
		va_start(ap, fmt);
		if (vasprintf(&text, fmt, ap) < 0)
			text = NULL;
		va_end(ap);
		if (!text) {
			pl->failed = true;
			return;
		}
	}
	grown = realloc(pl->p->v, (pl->p->n + 1) * sizeof(*grown));
	if (!grown) {
		free(text);
		pl->failed = true;
		return;
	}
	pl->p->v = grown;
	grown[pl->p->n].kind = kind;
	grown[pl->p->n].path = path ? strdup(path) : NULL;
	grown[pl->p->n].text = text;
	if (path && !grown[pl->p->n].path)
		pl->failed = true;
	pl->p->n++;
}

static void record(struct planner *pl, enum integrate_kind kind,
		   const char *program, const char *path, const char *extra,
		   uint64_t hash)
{
	long i = record_find(&pl->p->record, kind, path);

	if (i >= 0)
		entry_remove(&pl->p->record, (size_t)i);
	if (entry_add(&pl->p->record, kind, program, path, extra, hash) < 0)
		pl->failed = true;
}

static void forget(struct planner *pl, enum integrate_kind kind,
		   const char *path)
{
	long i = record_find(&pl->p->record, kind, path);

	if (i >= 0)
		entry_remove(&pl->p->record, (size_t)i);
}

static bool source_exists(const struct integrate_world *w, const char *path)
{
	for (size_t i = 0; i < w->n_sources; i++)
		if (strcmp(w->sources[i].path, path) == 0)
			return true;
	return false;
}

/* The recorded copy @e removed if it is still what was written; @why
 * says why it goes (for the note when it stays). */
static void remove_copy(struct planner *pl, const struct integrate_entry *e,
			const char *why)
{
	char *now = pl->w->read_file(e->path, pl->w->ctx);

	if (now && desktop_hash(now) == e->hash)
		step(pl, IS_REMOVE, e->path, NULL);
	else if (now)
		step(pl, IS_NOTE, e->path,
		     "left %s (%s): edited since nestbox wrote it, so it is yours now",
		     e->path, why);
	free(now);
	forget(pl, IK_DESKTOP, e->path);
}

static void remove_link(struct planner *pl, const struct integrate_entry *e,
			const char *why)
{
	char *target = NULL;
	int rc = pl->w->read_link(e->path, &target, pl->w->ctx);

	if (rc == 0 && strcmp(target, e->extra) == 0)
		step(pl, IS_REMOVE, e->path, NULL);
	else if (rc >= 0)
		step(pl, IS_NOTE, e->path,
		     "left %s (%s): not the link nestbox made (to %s)", e->path,
		     why, e->extra);
	free(target);
	forget(pl, IK_LINK, e->path);
}

/* What the last --integrate wrote and no longer has a reason to be: a
 * copy whose .desktop file went away (the package was removed), a link
 * to a program no longer installed. */
static void clean_orphans(struct planner *pl)
{
	const struct integrate_record *r = pl->w->record;

	for (size_t i = 0; i < r->n; i++) {
		const struct integrate_entry *e = &r->v[i];

		if (e->kind == IK_DESKTOP && !source_exists(pl->w, e->extra))
			remove_copy(pl, e, "an orphan: its source is gone");
		if (e->kind == IK_LINK &&
		    !pl->w->installed(e->program, pl->w->ctx))
			remove_link(pl, e, "an orphan: the program is gone");
	}
}

static void plan_link(struct planner *pl, const char *program)
{
	const struct integrate_world *w = pl->w;
	char *path, *target = NULL;
	long i;
	int rc;

	if (asprintf(&path, "%s/%s", w->bin_dir, program) < 0) {
		pl->failed = true;
		return;
	}
	rc = w->read_link(path, &target, w->ctx);
	i = record_find(&pl->p->record, IK_LINK, path);
	if (rc < 0) {
		step(pl, IS_LINK, path, "%s", w->nestbox);
		record(pl, IK_LINK, program, path, w->nestbox, 0);
	} else if (rc == 0 && i >= 0 &&
		   strcmp(target, pl->p->record.v[i].extra) == 0) {
		/* ours: to this nestbox already, or to where it was */
		if (strcmp(target, w->nestbox) != 0) {
			step(pl, IS_REMOVE, path, NULL);
			step(pl, IS_LINK, path, "%s", w->nestbox);
			record(pl, IK_LINK, program, path, w->nestbox, 0);
		}
	} else {
		step(pl, IS_NOTE, path,
		     "left %s: not made by nestbox --integrate; %s from a terminal runs whatever it is",
		     path, program);
	}
	free(target);
	free(path);
}

static void plan_copy(struct planner *pl, const char *program,
		      const struct integrate_source *s)
{
	const struct integrate_world *w = pl->w;
	struct nb_error err = { 0 };
	char *path = NULL, *text = NULL, *now = NULL;
	long i;

	if (desktop_rewrite(s->path, s->text, w->nestbox, &text, &err) < 0) {
		step(pl, IS_NOTE, s->path, "skipped %s", err.msg);
		return;
	}
	if (asprintf(&path, "%s/%s", w->apps_dir, s->id) < 0) {
		pl->failed = true;
		free(text);
		return;
	}
	now = w->read_file(path, w->ctx);
	i = record_find(&pl->p->record, IK_DESKTOP, path);
	if (now && strcmp(now, text) == 0) {
		/* what we would write: ours (a record lost, or up to date) */
		record(pl, IK_DESKTOP, program, path, s->path, desktop_hash(text));
	} else if (!now || (i >= 0 && desktop_hash(now) == pl->p->record.v[i].hash)) {
		/* missing, or ours and out of date (the package changed the
		 * original, or nestbox moved) */
		step(pl, IS_WRITE, path, "%s", text);
		record(pl, IK_DESKTOP, program, path, s->path, desktop_hash(text));
	} else if (i >= 0) {
		step(pl, IS_NOTE, path,
		     "left %s: edited since nestbox wrote it; --unintegrate will leave it too",
		     path);
	} else {
		step(pl, IS_NOTE, path,
		     "left %s: not written by nestbox; the menu uses it, not %s",
		     path, s->path);
	}
	free(now);
	free(text);
	free(path);
}

/* The program a .desktop file starts, if --integrate can handle it:
 * an application, not deleted (Hidden), with an Exec, not a copy. */
static char *source_program(const struct integrate_source *s)
{
	struct desktop_info info;
	struct nb_error err;
	char *name = NULL;

	if (desktop_info_read(s->path, s->text, &info, &err) == 0 &&
	    info.application && !info.hidden && info.program && !info.marker &&
	    field_ok(s->id) && field_ok(s->path) && !strchr(s->id, '/'))
		name = strdup(desktop_program_name(info.program));
	desktop_info_free(&info);
	return name;
}

static bool name_ok(const char *name)
{
	if (!name[0] || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return false;
	for (const char *c = name; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

/*
 * The programs nestbox itself runs on the host, as helpers of a launch
 * (x11 xpra, the display servers, the network, the buses, the id maps,
 * the menu's notification): one of them sandboxed through a link would
 * break the launches that need it.  nestbox runs most by absolute path,
 * but what they start in turn may look in PATH.
 */
static const char *const helpers[] = {
	"nestbox", "xpra", "Xvfb", "Xephyr", "pasta", "passt",
	"xdg-dbus-proxy", "newuidmap", "newgidmap", "nft", "notify-send",
};

static bool is_helper(const char *name)
{
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
		if (strcmp(helpers[i], name) == 0)
			return true;
	return false;
}

static int check_programs(const struct integrate_world *w,
			  char *const *programs, size_t n,
			  struct nb_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!name_ok(programs[i]))
			return nb_fail(err, 0, "--integrate %s: a program's name, not a path",
				       programs[i]);
		if (is_helper(programs[i]))
			return nb_fail(err, 0, "--integrate %s: nestbox runs it itself, outside the sandbox, for its launches: never integrated",
				       programs[i]);
		if (!w->installed(programs[i], w->ctx))
			return nb_fail(err, 0, "--integrate %s: not installed (not found in PATH)",
				       programs[i]);
		if (!w->has_profile(programs[i], w->ctx))
			return nb_fail(err, 0, "--integrate %s: no %s.profile (nestbox's or firejail's): it would run under default.profile",
				       programs[i], programs[i]);
	}
	return 0;
}

static bool listed(char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

static int plan_begin(const struct integrate_world *w,
		      struct integrate_plan *p, struct planner *pl)
{
	memset(p, 0, sizeof(*p));
	*pl = (struct planner){ .w = w, .p = p };
	if (record_copy(w->record, &p->record) < 0)
		pl->failed = true;
	return 0;
}

static int plan_end(struct planner *pl, struct nb_error *err)
{
	if (!pl->failed)
		return 0;
	integrate_plan_free(pl->p);
	return nb_fail(err, ENOMEM, "planning");
}

int integrate_plan_integrate(const struct integrate_world *w,
			     char *const *programs, size_t n,
			     struct integrate_plan *p, struct nb_error *err)
{
	struct planner pl;
	char **names = NULL;
	size_t n_names = 0;

	if (check_programs(w, programs, n, err) < 0)
		return -1;
	plan_begin(w, p, &pl);
	clean_orphans(&pl);
	/* the programs: those named, or every one a .desktop file starts
	 * that has a profile and is installed */
	for (size_t i = 0; i < n && !pl.failed; i++)
		if (!listed(names, n_names, programs[i])) {
			char **grown = realloc(names, (n_names + 1) * sizeof(*grown));

			if (!grown || !(grown[n_names] = strdup(programs[i]))) {
				names = grown ? grown : names;
				pl.failed = true;
				break;
			}
			names = grown;
			n_names++;
		}
	for (size_t i = 0; n == 0 && i < w->n_sources && !pl.failed; i++) {
		char *name = source_program(&w->sources[i]);
		char **grown;

		if (!name)
			continue;
		if (listed(names, n_names, name) || !name_ok(name) ||
		    is_helper(name) ||
		    !w->has_profile(name, w->ctx) || !w->installed(name, w->ctx)) {
			free(name);
			continue;
		}
		grown = realloc(names, (n_names + 1) * sizeof(*grown));
		if (!grown) {
			free(name);
			pl.failed = true;
			break;
		}
		names = grown;
		names[n_names++] = name;
	}
	for (size_t i = 0; i < n_names && !pl.failed; i++) {
		size_t copies = 0;

		plan_link(&pl, names[i]);
		for (size_t s = 0; s < w->n_sources; s++) {
			char *name = source_program(&w->sources[s]);

			if (name && strcmp(name, names[i]) == 0) {
				plan_copy(&pl, names[i], &w->sources[s]);
				copies++;
			}
			free(name);
		}
		if (copies == 0)
			step(&pl, IS_NOTE, NULL,
			     "%s: no .desktop file starts it: the terminal's link only",
			     names[i]);
	}
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	return plan_end(&pl, err);
}

int integrate_plan_unintegrate(const struct integrate_world *w,
			       char *const *programs, size_t n,
			       struct integrate_plan *p, struct nb_error *err)
{
	const struct integrate_record *r = w->record;
	struct planner pl;

	plan_begin(w, p, &pl);
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t e = 0; e < r->n && !found; e++)
			found = strcmp(r->v[e].program, programs[i]) == 0;
		if (!found)
			step(&pl, IS_NOTE, NULL, "%s: not integrated",
			     programs[i]);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct integrate_entry *e = &r->v[i];

		if (n && !listed(programs, n, e->program))
			continue;
		if (e->kind == IK_DESKTOP)
			remove_copy(&pl, e, "--unintegrate");
		else
			remove_link(&pl, e, "--unintegrate");
	}
	return plan_end(&pl, err);
}

void integrate_plan_free(struct integrate_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].text);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
	integrate_record_free(&p->record);
}

const char *integrate_entry_state(const struct integrate_world *w,
				  const struct integrate_entry *e)
{
	const char *state;

	if (e->kind == IK_DESKTOP) {
		char *now = w->read_file(e->path, w->ctx);

		state = !now ? "missing" :
			desktop_hash(now) != e->hash ? "edited" :
			!source_exists(w, e->extra) ? "orphan" : "ok";
		free(now);
	} else {
		char *target = NULL;
		int rc = w->read_link(e->path, &target, w->ctx);

		state = rc < 0 ? "missing" :
			rc > 0 || strcmp(target, e->extra) ? "changed" :
			!w->installed(e->program, w->ctx) ? "orphan" : "ok";
		free(target);
	}
	return state;
}
