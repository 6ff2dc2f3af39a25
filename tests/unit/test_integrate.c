// SPDX-License-Identifier: GPL-2.0-or-later
/* --integrate's plan over an in-memory world: what is written, what is
 * removed, what is left to the user; argv[0] dispatch's PATH search; the
 * menu notification's summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "desktopfile.h"
#include "dispatch.h"
#include "integrate.h"
#include "menulog.h"

#define NB "/usr/local/bin/nestbox"
#define APPS "/home/a/.local/share/applications"
#define BIN "/home/a/.local/bin"
#define EVINCE_SRC "/usr/share/applications/org.gnome.Evince.desktop"
#define EVINCE_COPY APPS "/org.gnome.Evince.desktop"

/* The world: files (path -> text), links (path -> target), programs. */
struct fake {
	const char *files[8][2];
	const char *links[8][2];
	const char *installed[8];
	const char *profiles[8];
};

static bool in(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

static bool fake_has_profile(const char *p, void *ctx)
{
	return in(((struct fake *)ctx)->profiles, p);
}

static bool fake_installed(const char *p, void *ctx)
{
	return in(((struct fake *)ctx)->installed, p);
}

static char *fake_read(const char *path, void *ctx)
{
	struct fake *f = ctx;

	for (int i = 0; f->files[i][0]; i++)
		if (strcmp(f->files[i][0], path) == 0)
			return strdup(f->files[i][1]);
	return NULL;
}

static int fake_link(const char *path, char **target, void *ctx)
{
	struct fake *f = ctx;

	*target = NULL;
	for (int i = 0; f->links[i][0]; i++)
		if (strcmp(f->links[i][0], path) == 0) {
			if (!f->links[i][1])
				return 1;	/* a plain file */
			*target = strdup(f->links[i][1]);
			return 0;
		}
	return -1;
}

static const char evince_text[] = "[Desktop Entry]\nType=Application\n"
				  "TryExec=evince\nExec=evince %U\n";
static const char xterm_text[] = "[Desktop Entry]\nType=Application\nExec=xterm\n";

static struct integrate_source sources[] = {
	{ .id = "org.gnome.Evince.desktop", .path = EVINCE_SRC,
	  .text = (char *)evince_text },
	{ .id = "debian-xterm.desktop",
	  .path = "/usr/share/applications/debian-xterm.desktop",
	  .text = (char *)xterm_text },
};

static struct integrate_world world(struct fake *f,
				    const struct integrate_record *r)
{
	return (struct integrate_world){
		.apps_dir = APPS, .bin_dir = BIN, .nestbox = NB,
		.sources = sources, .n_sources = 2, .record = r,
		.has_profile = fake_has_profile, .installed = fake_installed,
		.read_file = fake_read, .read_link = fake_link, .ctx = f,
	};
}

static size_t count(const struct integrate_plan *p,
		    enum integrate_step_kind kind, const char *path)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].kind == kind &&
		     (!path || (p->v[i].path && strcmp(p->v[i].path, path) == 0));
	return n;
}

static char *copy_of_evince(void)
{
	struct nb_error err;
	char *text;

	assert_int_equal(desktop_rewrite(EVINCE_SRC, evince_text, NB, &text, &err), 0);
	return text;
}

static void record_of(struct integrate_record *r, const char *copy_text)
{
	char *text;
	struct nb_error err = { 0 };

	assert_true(asprintf(&text,
			     "link\tevince\t" BIN "/evince\t" NB "\n"
			     "desktop\tevince\t" EVINCE_COPY "\t" EVINCE_SRC "\t%016llx\n",
			     (unsigned long long)desktop_hash(copy_text)) > 0);
	assert_int_equal(integrate_record_parse("rec", text, r, &err), 0);
	free(text);
}

static void test_integrate_writes_the_link_and_the_copy(void **state)
{
	struct fake f = { .installed = { "evince", "xterm" },
			  .profiles = { "evince" } };
	struct integrate_record none = { 0 };
	struct integrate_world w = world(&f, &none);
	struct integrate_plan p;
	struct nb_error err = { 0 };
	char *const want[] = { "evince" };

	(void)state;
	assert_int_equal(integrate_plan_integrate(&w, want, 1, &p, &err), 0);
	assert_int_equal(count(&p, IS_LINK, BIN "/evince"), 1);
	assert_int_equal(count(&p, IS_WRITE, EVINCE_COPY), 1);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.record.n, 2);
	integrate_plan_free(&p);
}

static void test_without_names_only_programs_with_a_profile(void **state)
{
	struct fake f = { .installed = { "evince", "xterm" },
			  .profiles = { "evince" } };
	struct integrate_record none = { 0 };
	struct integrate_world w = world(&f, &none);
	struct integrate_plan p;
	struct nb_error err = { 0 };

	(void)state;
	assert_int_equal(integrate_plan_integrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(count(&p, IS_LINK, BIN "/evince"), 1);
	assert_int_equal(count(&p, IS_LINK, BIN "/xterm"), 0);
	assert_int_equal(count(&p, IS_WRITE, NULL), 1);
	integrate_plan_free(&p);
}

static void test_a_program_without_profile_or_install_writes_nothing(void **state)
{
	struct fake f = { .installed = { "evince", "xterm" },
			  .profiles = { "evince", "gimp" } };
	struct integrate_record none = { 0 };
	struct integrate_world w = world(&f, &none);
	struct integrate_plan p;
	struct nb_error err = { 0 };
	char *const noprofile[] = { "evince", "xterm" };
	char *const missing[] = { "gimp" };
	char *const path[] = { "/usr/bin/evince" };

	(void)state;
	assert_int_equal(integrate_plan_integrate(&w, noprofile, 2, &p, &err), -1);
	assert_non_null(strstr(err.msg, "xterm: no xterm.profile"));
	assert_int_equal(integrate_plan_integrate(&w, missing, 1, &p, &err), -1);
	assert_non_null(strstr(err.msg, "gimp: not installed"));
	assert_int_equal(integrate_plan_integrate(&w, path, 1, &p, &err), -1);
	assert_non_null(strstr(err.msg, "a program's name, not a path"));
}

static void test_nestbox_helpers_are_never_integrated(void **state)
{
	static const char xpra_text[] = "[Desktop Entry]\nType=Application\nExec=xpra start\n";
	struct integrate_source xpra = { .id = "xpra.desktop",
					 .path = "/usr/share/applications/xpra.desktop",
					 .text = (char *)xpra_text };
	struct fake f = { .installed = { "xpra" }, .profiles = { "xpra" } };
	struct integrate_record none = { 0 };
	struct integrate_world w = world(&f, &none);
	struct integrate_plan p;
	struct nb_error err = { 0 };
	char *const want[] = { "xpra" };

	(void)state;
	w.sources = &xpra;
	w.n_sources = 1;
	assert_int_equal(integrate_plan_integrate(&w, want, 1, &p, &err), -1);
	assert_non_null(strstr(err.msg, "xpra: nestbox runs it itself"));
	assert_int_equal(integrate_plan_integrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(p.n, 0);
	integrate_plan_free(&p);
}

static void test_integrate_twice_does_nothing_the_second_time(void **state)
{
	char *copy = copy_of_evince();
	struct fake f = { .installed = { "evince" }, .profiles = { "evince" },
			  .files = { { EVINCE_COPY, copy } },
			  .links = { { BIN "/evince", NB } } };
	struct integrate_record r;
	struct integrate_world w;
	struct integrate_plan p;
	struct nb_error err = { 0 };
	char *const want[] = { "evince" };

	(void)state;
	record_of(&r, copy);
	w = world(&f, &r);
	assert_int_equal(integrate_plan_integrate(&w, want, 1, &p, &err), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.record.n, 2);
	integrate_plan_free(&p);
	integrate_record_free(&r);
	free(copy);
}

static void test_files_not_ours_are_left_with_a_note(void **state)
{
	struct fake f = { .installed = { "evince" }, .profiles = { "evince" },
			  .files = { { EVINCE_COPY, "[Desktop Entry]\nExec=mine\n" } },
			  .links = { { BIN "/evince", "/opt/evince/bin/evince" } } };
	struct integrate_record none = { 0 };
	struct integrate_world w = world(&f, &none);
	struct integrate_plan p;
	struct nb_error err = { 0 };
	char *const want[] = { "evince" };

	(void)state;
	assert_int_equal(integrate_plan_integrate(&w, want, 1, &p, &err), 0);
	assert_int_equal(count(&p, IS_WRITE, NULL), 0);
	assert_int_equal(count(&p, IS_LINK, NULL), 0);
	assert_int_equal(count(&p, IS_NOTE, NULL), 2);
	assert_int_equal(p.record.n, 0);
	integrate_plan_free(&p);
}

static void test_unintegrate_removes_what_was_written(void **state)
{
	char *copy = copy_of_evince();
	struct fake f = { .files = { { EVINCE_COPY, copy } },
			  .links = { { BIN "/evince", NB } } };
	struct integrate_record r;
	struct integrate_world w;
	struct integrate_plan p;
	struct nb_error err = { 0 };

	(void)state;
	record_of(&r, copy);
	w = world(&f, &r);
	assert_int_equal(integrate_plan_unintegrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(count(&p, IS_REMOVE, EVINCE_COPY), 1);
	assert_int_equal(count(&p, IS_REMOVE, BIN "/evince"), 1);
	assert_int_equal(p.record.n, 0);
	integrate_plan_free(&p);
	integrate_record_free(&r);
	free(copy);
}

static void test_unintegrate_leaves_an_edited_copy(void **state)
{
	char *copy = copy_of_evince(), *edited;
	struct fake f = { .links = { { BIN "/evince", NB } } };
	struct integrate_record r;
	struct integrate_world w;
	struct integrate_plan p;
	struct nb_error err = { 0 };

	(void)state;
	assert_true(asprintf(&edited, "%sX-Mine=1\n", copy) > 0);
	f.files[0][0] = EVINCE_COPY;
	f.files[0][1] = edited;
	record_of(&r, copy);
	w = world(&f, &r);
	assert_string_equal(integrate_entry_state(&w, &r.v[1]), "edited");
	assert_int_equal(integrate_plan_unintegrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(count(&p, IS_REMOVE, EVINCE_COPY), 0);
	assert_int_equal(count(&p, IS_NOTE, EVINCE_COPY), 1);
	assert_int_equal(count(&p, IS_REMOVE, BIN "/evince"), 1);
	integrate_plan_free(&p);
	integrate_record_free(&r);
	free(edited);
	free(copy);
}

static void test_orphans_are_cleaned_by_integrate(void **state)
{
	char *copy = copy_of_evince();
	struct fake f = { .files = { { EVINCE_COPY, copy } },
			  .links = { { BIN "/evince", NB } },
			  .installed = { "xterm" }, .profiles = { "xterm" } };
	struct integrate_record r;
	struct integrate_world w;
	struct integrate_plan p;
	struct nb_error err = { 0 };

	(void)state;
	record_of(&r, copy);
	/* evince was removed: its .desktop file and its program are gone */
	w = world(&f, &r);
	w.n_sources = 0;
	assert_string_equal(integrate_entry_state(&w, &r.v[1]), "orphan");
	assert_int_equal(integrate_plan_integrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(count(&p, IS_REMOVE, EVINCE_COPY), 1);
	assert_int_equal(count(&p, IS_REMOVE, BIN "/evince"), 1);
	assert_int_equal(p.record.n, 0);
	integrate_plan_free(&p);
	integrate_record_free(&r);
	free(copy);
}

static void test_a_changed_original_updates_our_copy(void **state)
{
	char *old;
	struct fake f = { .installed = { "evince" }, .profiles = { "evince" },
			  .links = { { BIN "/evince", NB } } };
	struct integrate_record r;
	struct integrate_world w;
	struct integrate_plan p;
	struct nb_error err = { 0 };

	(void)state;
	/* what an older evince package had */
	assert_int_equal(desktop_rewrite(EVINCE_SRC, "[Desktop Entry]\nType=Application\nExec=evince\n",
					 NB, &old, &err), 0);
	f.files[0][0] = EVINCE_COPY;
	f.files[0][1] = old;
	record_of(&r, old);
	w = world(&f, &r);
	assert_int_equal(integrate_plan_integrate(&w, NULL, 0, &p, &err), 0);
	assert_int_equal(count(&p, IS_WRITE, EVINCE_COPY), 1);
	assert_int_equal(p.n, 1);
	integrate_plan_free(&p);
	integrate_record_free(&r);
	free(old);
}

static void test_record_round_trips_and_refuses_garbage(void **state)
{
	struct integrate_record r, again, bad;
	struct nb_error err = { 0 };
	char *copy = copy_of_evince(), *text;

	(void)state;
	record_of(&r, copy);
	text = integrate_record_format(&r);
	assert_int_equal(integrate_record_parse("rec", text, &again, &err), 0);
	assert_int_equal(again.n, 2);
	assert_true(again.v[1].hash == desktop_hash(copy));
	assert_int_equal(integrate_record_parse("rec", "# c\nlink\tx\n", &bad, &err), -1);
	assert_non_null(strstr(err.msg, "rec:2: "));
	assert_int_equal(bad.n, 0);
	integrate_record_free(&again);
	integrate_record_free(&r);
	free(text);
	free(copy);
}

/* ---------------------------------------------------- argv[0] dispatch */

/* ctx: "path=kind;..." kinds 0 (a program) and 1 (nestbox itself) */
static int fake_probe(const char *path, void *ctx)
{
	const char *const *v = ctx;

	for (; *v; v += 2)
		if (strcmp(*v, path) == 0)
			return atoi(v[1]);
	return -1;
}

static void test_dispatch_skips_links_to_itself(void **state)
{
	const char *files[] = { "/home/a/.local/bin/evince", "1",
				"/usr/bin/evince", "0", NULL };
	struct dispatch_fs fs = { .probe = fake_probe, .ctx = files };
	unsigned self;
	char *found;

	(void)state;
	found = dispatch_find("evince", "/home/a/.local/bin::/usr/bin", &fs, &self);
	assert_string_equal(found, "/usr/bin/evince");
	assert_int_equal(self, 1);
	free(found);
}

static void test_dispatch_never_loops(void **state)
{
	const char *files[] = { "/a/foo", "1", "/b/foo", "1", NULL };
	struct dispatch_fs fs = { .probe = fake_probe, .ctx = files };
	unsigned self;

	(void)state;
	assert_null(dispatch_find("foo", "/a:/b:/a", &fs, &self));
	assert_int_equal(self, 3);
	assert_null(dispatch_find("../foo", "/a", &fs, &self));
}

static void test_dispatch_is_for_other_names_only(void **state)
{
	(void)state;
	assert_false(dispatch_wanted("nestbox"));
	assert_false(dispatch_wanted("/usr/local/bin/nestbox"));
	assert_true(dispatch_wanted("/home/a/.local/bin/evince"));
	assert_true(dispatch_wanted("evince"));
}

static void test_notification_summary_is_the_first_error(void **state)
{
	char out[256];

	(void)state;
	menulog_summary("evince",
			"nestbox: warning: not enforced: x\n"
			"nestbox: /p/evince.profile:3: unknown directive\n"
			"nestbox: later\n", out, sizeof(out));
	assert_string_equal(out, "evince: /p/evince.profile:3: unknown directive");
	menulog_summary("evince", "nestbox: warning: only\n", out, sizeof(out));
	assert_string_equal(out, "evince: did not start");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integrate_writes_the_link_and_the_copy),
		cmocka_unit_test(test_without_names_only_programs_with_a_profile),
		cmocka_unit_test(test_a_program_without_profile_or_install_writes_nothing),
		cmocka_unit_test(test_nestbox_helpers_are_never_integrated),
		cmocka_unit_test(test_integrate_twice_does_nothing_the_second_time),
		cmocka_unit_test(test_files_not_ours_are_left_with_a_note),
		cmocka_unit_test(test_unintegrate_removes_what_was_written),
		cmocka_unit_test(test_unintegrate_leaves_an_edited_copy),
		cmocka_unit_test(test_orphans_are_cleaned_by_integrate),
		cmocka_unit_test(test_a_changed_original_updates_our_copy),
		cmocka_unit_test(test_record_round_trips_and_refuses_garbage),
		cmocka_unit_test(test_dispatch_skips_links_to_itself),
		cmocka_unit_test(test_dispatch_never_loops),
		cmocka_unit_test(test_dispatch_is_for_other_names_only),
		cmocka_unit_test(test_notification_summary_is_the_first_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
