// SPDX-License-Identifier: GPL-2.0-or-later
/* Landlock: directives into the policy, and the policy into one ruleset
 * for a given kernel ABI (pure: no Landlock call is made). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "directives.h"
#include "landlock.h"
#include "launch_facts.h"

struct world {
	struct policy p;
	struct launch_facts lf;	/* what the launch notes: landlock_check */
	struct nb_error err;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	policy_init(&w->p);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	policy_free(&w->p);
	launch_facts_free(&w->lf);
	free(w);
	return 0;
}

static void apply_ok(struct world *w, const char *name, const char *arg)
{
	memset(&w->err, 0, sizeof(w->err));
	if (directive_apply(&w->p, name, arg, NULL, &w->err) != 0)
		fail_msg("%s %s: %s", name, arg ? arg : "", w->err.msg);
}

static void apply_fails(struct world *w, const char *name, const char *arg,
			const char *want)
{
	memset(&w->err, 0, sizeof(w->err));
	if (directive_apply(&w->p, name, arg, NULL, &w->err) == 0)
		fail_msg("%s %s: accepted", name, arg);
	if (!strstr(w->err.msg, want))
		fail_msg("%s %s: '%s' does not say '%s'", name, arg, w->err.msg,
			 want);
}

static const struct landlock_path_rule *
path_rule(const struct landlock_plan *plan, const char *path)
{
	for (size_t i = 0; i < plan->n_paths; i++)
		if (strcmp(plan->paths[i].path, path) == 0)
			return &plan->paths[i];
	return NULL;
}

static char *printed(const struct policy *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	landlock_policy_print(f, &p->landlock);
	fclose(f);
	return text;
}

/* --- the directives ----------------------------------------------------- */

static void test_every_landlock_directive_is_implemented(void **state)
{
	static const char *const names[] = {
		"landlock.enforce",    "landlock.fs.read",
		"landlock.fs.write",   "landlock.fs.makeipc",
		"landlock.fs.makedev", "landlock.fs.execute",
		"landlock.net.bind",   "landlock.net.connect",
		"landlock.scope",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const struct directive *d = directive_find(names[i]);

		assert_non_null(d);
		assert_non_null(d->apply);
	}
}

static void test_fs_rules_are_kept_normalized_with_their_origin(void **state)
{
	struct world *w = *state;

	assert_int_equal(directive_apply(&w->p, "landlock.fs.read",
					 "/usr//share/", "p.profile:3", &w->err),
			 0);
	apply_ok(w, "landlock.fs.write", "/tmp");
	assert_int_equal(w->p.landlock.n_fs, 2);
	assert_int_equal(w->p.landlock.fs[0].kind, LANDLOCK_FS_READ);
	assert_string_equal(w->p.landlock.fs[0].path, "/usr/share");
	assert_string_equal(w->p.landlock.fs[0].origin, "p.profile:3");
	assert_int_equal(w->p.landlock.fs[1].kind, LANDLOCK_FS_WRITE);
	assert_string_equal(w->p.landlock.fs[1].origin, "landlock.fs.write");
	assert_false(w->p.landlock.enforce);
	apply_ok(w, "landlock.enforce", NULL);
	assert_true(w->p.landlock.enforce);
}

static void test_relative_or_dotted_fs_paths_are_profile_errors(void **state)
{
	struct world *w = *state;

	apply_fails(w, "landlock.fs.read", "relative/path",
		    "not an absolute path");
	apply_fails(w, "landlock.fs.read", "relative/path", "landlock.fs.read");
	apply_fails(w, "landlock.fs.write", "/home/../etc", "'..'");
	apply_fails(w, "landlock.fs.execute", "/usr/./bin", "'.'");
	apply_fails(w, "landlock.fs.makeipc", "/tmp/a\nb", "control character");
	apply_fails(w, "landlock.fs.makedev", "", "needs an argument");
	assert_int_equal(w->p.landlock.n_fs, 0);
}

static void test_ports_are_sorted_merged_and_ranges_expanded(void **state)
{
	struct world *w = *state;
	const struct landlock_ports *c = &w->p.landlock.connect;

	apply_ok(w, "landlock.net.connect", "443, 80");
	apply_ok(w, "landlock.net.connect", "8000-8002,80");
	assert_true(c->set);
	assert_int_equal(c->n, 5);
	assert_int_equal(c->v[0], 80);
	assert_int_equal(c->v[1], 443);
	assert_int_equal(c->v[2], 8000);
	assert_int_equal(c->v[4], 8002);
	assert_false(w->p.landlock.bind.set);
	apply_ok(w, "landlock.net.bind", "0,65535");
	assert_int_equal(w->p.landlock.bind.n, 2);
	assert_int_equal(w->p.landlock.bind.v[1], 65535);
}

static void test_none_sets_an_empty_port_list(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.net.bind", "none");
	assert_true(w->p.landlock.bind.set);
	assert_int_equal(w->p.landlock.bind.n, 0);
}

static void test_bad_ports_are_profile_errors_and_change_nothing(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.net.connect", "22");
	apply_fails(w, "landlock.net.bind", "99999", "out of range");
	apply_fails(w, "landlock.net.bind", "99999", "landlock.net.bind 99999");
	apply_fails(w, "landlock.net.bind", "65536", "out of range");
	apply_fails(w, "landlock.net.bind", "0000080", "out of range");
	apply_fails(w, "landlock.net.connect", "abc",
		    "'abc' is not a port number");
	apply_fails(w, "landlock.net.connect", "-1", "empty port");
	apply_fails(w, "landlock.net.connect", "80,,443", "empty port");
	apply_fails(w, "landlock.net.connect", "80,", "empty port");
	apply_fails(w, "landlock.net.connect", "9-3", "empty port range");
	apply_fails(w, "landlock.net.connect", "1-2-3", "not a port number");
	apply_fails(w, "landlock.net.connect", "443,none", "not a port number");
	apply_fails(w, "landlock.net.connect", "+80", "not a port number");
	assert_false(w->p.landlock.bind.set);
	assert_int_equal(w->p.landlock.connect.n, 1);
	assert_int_equal(w->p.landlock.connect.v[0], 22);
}

static void test_scope_defaults_to_all_and_can_be_turned_off(void **state)
{
	struct world *w = *state;

	assert_int_equal(landlock_scope(&w->p.landlock),
			 POLICY_LANDLOCK_SCOPE_ALL);
	apply_ok(w, "landlock.scope", "none");
	assert_int_equal(landlock_scope(&w->p.landlock), 0);
	apply_ok(w, "landlock.scope", "signal");
	assert_int_equal(landlock_scope(&w->p.landlock),
			 POLICY_LANDLOCK_SCOPE_SIGNAL);
	apply_ok(w, "landlock.scope", "signal,abstract-unix-socket");
	assert_int_equal(landlock_scope(&w->p.landlock),
			 POLICY_LANDLOCK_SCOPE_ALL);
	apply_ok(w, "landlock.scope", NULL);
	assert_int_equal(landlock_scope(&w->p.landlock),
			 POLICY_LANDLOCK_SCOPE_ALL);
	apply_fails(w, "landlock.scope", "signals", "unknown scope 'signals'");
	apply_fails(w, "landlock.scope", "signal,", "unknown scope ''");
}

/* --- the plan ------------------------------------------------------------ */

static void test_fs_rules_without_enforce_make_no_ruleset(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.fs.read", "/usr");
	apply_ok(w, "landlock.scope", "none");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 7, &plan, &w->err),
			 0);
	assert_true(landlock_plan_empty(&plan));
	assert_int_equal(plan.n_paths, 0);
	landlock_plan_free(&plan);
}

static void test_abi_1_handles_firejails_rights_only(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;
	const struct landlock_path_rule *r;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.write", "/tmp");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 1, &plan, &w->err),
			 0);
	assert_int_equal(plan.handled_fs, (1ULL << 13) - 1);
	r = path_rule(&plan, "/tmp");
	assert_non_null(r);
	assert_int_equal(r->access & (LANDLOCK_ACCESS_FS_REFER |
				      LANDLOCK_ACCESS_FS_TRUNCATE |
				      LANDLOCK_ACCESS_FS_IOCTL_DEV),
			 0);
	assert_true(r->access & LANDLOCK_ACCESS_FS_WRITE_FILE);
	assert_int_equal(plan.scoped, 0);
	assert_int_equal(plan.handled_net, 0);
	landlock_plan_free(&plan);
}

static void test_newer_abis_add_refer_truncate_and_ioctl(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.write", "/tmp");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 3, &plan, &w->err),
			 0);
	assert_true(plan.handled_fs & LANDLOCK_ACCESS_FS_REFER);
	assert_true(plan.handled_fs & LANDLOCK_ACCESS_FS_TRUNCATE);
	assert_false(plan.handled_fs & LANDLOCK_ACCESS_FS_IOCTL_DEV);
	assert_true(path_rule(&plan, "/tmp")->access &
		    LANDLOCK_ACCESS_FS_TRUNCATE);
	landlock_plan_free(&plan);
	assert_int_equal(landlock_plan_build(&w->p.landlock, 7, &plan, &w->err),
			 0);
	assert_int_equal(plan.handled_fs, (1ULL << 16) - 1);
	assert_true(path_rule(&plan, "/tmp")->access &
		    LANDLOCK_ACCESS_FS_IOCTL_DEV);
	landlock_plan_free(&plan);
}

static void test_each_directive_grants_firejails_rights(void **state)
{
	(void)state;
	assert_int_equal(landlock_fs_access(LANDLOCK_FS_READ, 7),
			 LANDLOCK_ACCESS_FS_READ_FILE |
				 LANDLOCK_ACCESS_FS_READ_DIR);
	assert_int_equal(landlock_fs_access(LANDLOCK_FS_MAKEIPC, 7),
			 LANDLOCK_ACCESS_FS_MAKE_FIFO |
				 LANDLOCK_ACCESS_FS_MAKE_SOCK);
	assert_int_equal(landlock_fs_access(LANDLOCK_FS_MAKEDEV, 7),
			 LANDLOCK_ACCESS_FS_MAKE_CHAR |
				 LANDLOCK_ACCESS_FS_MAKE_BLOCK);
	assert_int_equal(landlock_fs_access(LANDLOCK_FS_EXECUTE, 7),
			 LANDLOCK_ACCESS_FS_EXECUTE);
	assert_false(
		landlock_fs_access(LANDLOCK_FS_WRITE, 7) &
		(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE |
		 LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_CHAR));
	assert_int_equal(landlock_fs_access(LANDLOCK_FS_READ, 0), 0);
	/* a rule on a plain file keeps only the file rights */
	assert_int_equal(landlock_fs_file_access(
				 landlock_fs_access(LANDLOCK_FS_READ, 7)),
			 LANDLOCK_ACCESS_FS_READ_FILE);
	assert_int_equal(landlock_fs_file_access(
				 landlock_fs_access(LANDLOCK_FS_MAKEIPC, 7)),
			 0);
}

static void test_rules_on_one_path_are_merged(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.read", "/usr");
	apply_ok(w, "landlock.fs.read", "/home");
	apply_ok(w, "landlock.fs.execute", "/usr/");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 7, &plan, &w->err),
			 0);
	assert_int_equal(plan.n_paths, 2);
	assert_int_equal(path_rule(&plan, "/usr")->access,
			 LANDLOCK_ACCESS_FS_READ_FILE |
				 LANDLOCK_ACCESS_FS_READ_DIR |
				 LANDLOCK_ACCESS_FS_EXECUTE);
	landlock_plan_free(&plan);
}

static void test_ports_need_abi_4_and_merge_by_port(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.net.connect", "80,443");
	apply_ok(w, "landlock.net.bind", "443,8080");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 3, &plan, &w->err),
			 0);
	assert_int_equal(plan.handled_net, 0);
	assert_int_equal(plan.n_ports, 0);
	landlock_plan_free(&plan);
	assert_int_equal(landlock_plan_build(&w->p.landlock, 4, &plan, &w->err),
			 0);
	assert_int_equal(plan.handled_net,
			 LANDLOCK_ACCESS_NET_CONNECT_TCP |
				 LANDLOCK_ACCESS_NET_BIND_TCP);
	assert_int_equal(plan.handled_fs, 0);
	assert_int_equal(plan.n_ports, 3);
	assert_int_equal(plan.ports[0].port, 80);
	assert_int_equal(plan.ports[0].access, LANDLOCK_ACCESS_NET_CONNECT_TCP);
	assert_int_equal(plan.ports[1].port, 443);
	assert_int_equal(plan.ports[1].access,
			 LANDLOCK_ACCESS_NET_CONNECT_TCP |
				 LANDLOCK_ACCESS_NET_BIND_TCP);
	assert_int_equal(plan.ports[2].port, 8080);
	assert_int_equal(plan.ports[2].access, LANDLOCK_ACCESS_NET_BIND_TCP);
	landlock_plan_free(&plan);
}

static void test_connect_none_handles_connect_with_no_rule(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.net.connect", "none");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 4, &plan, &w->err),
			 0);
	assert_int_equal(plan.handled_net, LANDLOCK_ACCESS_NET_CONNECT_TCP);
	assert_int_equal(plan.n_ports, 0);
	landlock_plan_free(&plan);
}

static void test_default_scope_only_from_abi_6(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	assert_int_equal(landlock_plan_build(&w->p.landlock, 5, &plan, &w->err),
			 0);
	assert_true(landlock_plan_empty(&plan));
	landlock_plan_free(&plan);
	assert_int_equal(landlock_plan_build(&w->p.landlock, 6, &plan, &w->err),
			 0);
	assert_false(landlock_plan_empty(&plan));
	assert_int_equal(plan.scoped, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
					      LANDLOCK_SCOPE_SIGNAL);
	assert_int_equal(plan.handled_fs, 0);
	assert_int_equal(plan.handled_net, 0);
	landlock_plan_free(&plan);
	apply_ok(w, "landlock.scope", "signal");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 7, &plan, &w->err),
			 0);
	assert_int_equal(plan.scoped, LANDLOCK_SCOPE_SIGNAL);
	landlock_plan_free(&plan);
}

static void test_no_landlock_means_an_empty_plan(void **state)
{
	struct world *w = *state;
	struct landlock_plan plan;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.read", "/");
	apply_ok(w, "landlock.net.bind", "80");
	assert_int_equal(landlock_plan_build(&w->p.landlock, 0, &plan, &w->err),
			 0);
	assert_true(landlock_plan_empty(&plan));
	landlock_plan_free(&plan);
}

/* --- reporting what the kernel cannot do ------------------------------ */

static const struct policy_not_enforced *noted(const struct launch_facts *lf,
					       const char *name)
{
	for (size_t i = 0; i < lf->n_not_enforced; i++)
		if (strcmp(lf->not_enforced[i].directive, name) == 0)
			return &lf->not_enforced[i];
	return NULL;
}

static void test_ports_on_abi_3_are_reported_not_enforced(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.net.connect", "443");
	assert_int_equal(landlock_check(&w->p, 3, &w->lf, &w->err), 0);
	assert_non_null(noted(&w->lf, "landlock.net.connect"));
	assert_non_null(
		strstr(noted(&w->lf, "landlock.net.connect")->reason, "ABI 4"));
	assert_null(noted(&w->lf, "landlock.net.bind"));
	/* the default scope is not a request: nothing to report */
	assert_null(noted(&w->lf, "landlock.scope"));
}

static void test_asked_scope_on_abi_5_is_reported(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.scope", NULL);
	assert_int_equal(landlock_check(&w->p, 5, &w->lf, &w->err), 0);
	assert_non_null(noted(&w->lf, "landlock.scope"));
}

static void test_scope_none_is_never_reported(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.scope", "none");
	assert_int_equal(landlock_check(&w->p, 0, &w->lf, &w->err), 0);
	assert_int_equal(w->lf.n_not_enforced, 0);
}

static void test_no_landlock_reports_each_fs_rule(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.read", "/usr");
	apply_ok(w, "landlock.fs.read", "/etc");
	apply_ok(w, "landlock.fs.write", "/tmp");
	assert_int_equal(landlock_check(&w->p, 0, &w->lf, &w->err), 0);
	assert_non_null(noted(&w->lf, "landlock.enforce"));
	assert_int_equal(noted(&w->lf, "landlock.fs.read")->count, 2);
	assert_int_equal(noted(&w->lf, "landlock.fs.write")->count, 1);
	assert_non_null(strstr(noted(&w->lf, "landlock.fs.read")->reason,
			       "no Landlock"));
	/* noted in the launch's facts, not written into the policy */
	assert_int_equal(w->p.n_not_enforced, 0);
}

static void test_full_abi_reports_nothing(void **state)
{
	struct world *w = *state;

	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.read", "/usr");
	apply_ok(w, "landlock.net.bind", "80");
	apply_ok(w, "landlock.scope", "all");
	assert_int_equal(landlock_check(&w->p, 6, &w->lf, &w->err), 0);
	assert_int_equal(w->lf.n_not_enforced, 0);
}

/* --- --dry-run ---------------------------------------------------------- */

static void test_printed_policy_shows_rules_ports_and_scope(void **state)
{
	struct world *w = *state;
	char *text;

	text = printed(&w->p);
	assert_string_equal(
		text,
		"  landlock.scope abstract-unix-socket,signal (default)\n");
	free(text);
	apply_ok(w, "landlock.enforce", NULL);
	apply_ok(w, "landlock.fs.read", "/usr");
	apply_ok(w, "landlock.net.connect", "80,443,8000-8002");
	apply_ok(w, "landlock.net.bind", "none");
	apply_ok(w, "landlock.scope", "none");
	text = printed(&w->p);
	assert_string_equal(text, "  landlock.enforce\n"
				  "  landlock.fs.read /usr\n"
				  "  landlock.net.connect 80,443,8000-8002\n"
				  "  landlock.net.bind none\n"
				  "  landlock.scope none\n");
	free(text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_landlock_directive_is_implemented),
		T(test_fs_rules_are_kept_normalized_with_their_origin),
		T(test_relative_or_dotted_fs_paths_are_profile_errors),
		T(test_ports_are_sorted_merged_and_ranges_expanded),
		T(test_none_sets_an_empty_port_list),
		T(test_bad_ports_are_profile_errors_and_change_nothing),
		T(test_scope_defaults_to_all_and_can_be_turned_off),
		T(test_fs_rules_without_enforce_make_no_ruleset),
		T(test_abi_1_handles_firejails_rights_only),
		T(test_newer_abis_add_refer_truncate_and_ioctl),
		T(test_each_directive_grants_firejails_rights),
		T(test_rules_on_one_path_are_merged),
		T(test_ports_need_abi_4_and_merge_by_port),
		T(test_connect_none_handles_connect_with_no_rule),
		T(test_default_scope_only_from_abi_6),
		T(test_no_landlock_means_an_empty_plan),
		T(test_ports_on_abi_3_are_reported_not_enforced),
		T(test_asked_scope_on_abi_5_is_reported),
		T(test_scope_none_is_never_reported),
		T(test_no_landlock_reports_each_fs_rule),
		T(test_full_abi_reports_nothing),
		T(test_printed_policy_shows_rules_ports_and_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
