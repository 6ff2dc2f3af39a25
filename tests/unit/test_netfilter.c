// SPDX-License-Identifier: GPL-2.0-or-later
/* netfilter: format detection, nft's command line, its errors made one
 * line, and what a policy plans (or reports) for each network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "directives.h"
#include "netfilter.h"

static enum netfilter_format detect(const char *text)
{
	return netfilter_detect_format(text, strlen(text));
}

static void test_nft_rulesets_are_nft(void **state)
{
	(void)state;
	assert_int_equal(detect("table inet t {\n}\n"), NETFILTER_FORMAT_NFT);
	assert_int_equal(detect("#!/usr/sbin/nft -f\nflush ruleset\n"),
			 NETFILTER_FORMAT_NFT);
	assert_int_equal(detect("\n  # comment\n\tadd table ip x\n"),
			 NETFILTER_FORMAT_NFT);
	assert_int_equal(detect(netfilter_default_ruleset()),
			 NETFILTER_FORMAT_NFT);
	/* empty: nft's to judge (it loads nothing) */
	assert_int_equal(detect(""), NETFILTER_FORMAT_NFT);
	assert_int_equal(detect("# nothing\n\n"), NETFILTER_FORMAT_NFT);
	/* a word starting like iptables' keywords is not one */
	assert_int_equal(detect("COMMITTED\n"), NETFILTER_FORMAT_NFT);
}

static void test_iptables_restore_files_are_detected(void **state)
{
	(void)state;
	assert_int_equal(detect("*filter\n:INPUT DROP [0:0]\nCOMMIT\n"),
			 NETFILTER_FORMAT_IPTABLES);
	/* firejail's .net files start with comments, blank lines too */
	assert_int_equal(detect("# client filter\n\n  *filter\n"),
			 NETFILTER_FORMAT_IPTABLES);
	assert_int_equal(detect(":OUTPUT ACCEPT [0:0]\n"),
			 NETFILTER_FORMAT_IPTABLES);
	assert_int_equal(detect("-A INPUT -i lo -j ACCEPT\n"),
			 NETFILTER_FORMAT_IPTABLES);
	assert_int_equal(detect("\r\nCOMMIT\r\n"), NETFILTER_FORMAT_IPTABLES);
}

static void test_nft_reads_the_ruleset_from_its_stdin(void **state)
{
	struct netfilter_argv a;

	(void)state;
	netfilter_build_argv("/usr/sbin/nft", &a);
	assert_string_equal(a.v[0], "/usr/sbin/nft");
	assert_string_equal(a.v[1], "-f");
	assert_string_equal(a.v[2], "/dev/stdin");
	assert_null(a.v[3]);
}

static void test_nft_errors_name_the_file_on_one_line(void **state)
{
	const char *nft =
		"/dev/stdin:4:22-22: Error: syntax error, unexpected newline\n"
		"\t\ttcp dport 8080 junk\n"
		"\t\t                    ^\n"
		"/dev/stdin:9:1-3: Error: No such file or directory\n";
	char out[256];

	(void)state;
	netfilter_summarize_errors(nft, "/home/a/f.nft", out, sizeof(out));
	assert_string_equal(out,
			    "/home/a/f.nft:4:22-22: Error: syntax error, unexpected newline; "
			    "/home/a/f.nft:9:1-3: Error: No such file or directory");
}

static void test_nft_output_without_error_lines_gives_its_first_line(void **state)
{
	char out[64];

	(void)state;
	netfilter_summarize_errors("\nOperation not permitted (you must be root)\nmore\n",
				   NULL, out, sizeof(out));
	assert_string_equal(out, "Operation not permitted (you must be root)");
	netfilter_summarize_errors("", NULL, out, sizeof(out));
	assert_string_equal(out, "");
	/* the default filter has no file: named as such */
	netfilter_summarize_errors("/dev/stdin:1:1: Error: x\n", NULL, out,
				   sizeof(out));
	assert_string_equal(out, "(nestbox's default filter):1:1: Error: x");
}

static void test_long_nft_errors_are_cut_and_terminated(void **state)
{
	char out[16];

	(void)state;
	netfilter_summarize_errors("/dev/stdin:1:1: Error: a very long message\n",
				   "/f", out, sizeof(out));
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_memory_equal(out, "/f:1:1: Error: ", 15);
}

/* What a launch notes (not enforced), beside the policy. */
static struct launch_facts lf;

/* The plan for a launch whose network is @net. */
static int plan_for(const struct policy *p, enum policy_net net,
		    const char *nft, struct netfilter_plan *plan,
		    struct nb_error *err)
{
	launch_facts_free(&lf);
	lf.net = net;
	return netfilter_plan_build(p, &lf, nft, plan, err);
}

static void apply(struct policy *p, const char *name, const char *arg)
{
	struct nb_error err;

	assert_int_equal(directive_apply(p, name, arg, NULL, &err), 0);
}

static void test_bare_netfilter_plans_the_default_filter(void **state)
{
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", NULL);
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, "/usr/sbin/nft",
					      &plan, &err), 0);
	assert_int_equal(plan.n, 1);
	assert_string_equal(plan.nft, "/usr/sbin/nft");
	assert_string_equal(plan.v[0].directive, "netfilter");
	assert_null(plan.v[0].file);
	assert_string_equal(plan.v[0].text, netfilter_default_ruleset());
	assert_non_null(strstr(plan.v[0].text, "table inet nestbox"));
	assert_int_equal(lf.n_not_enforced, 0);
	netfilter_plan_free(&plan);
	policy_free(&p);
	launch_facts_free(&lf);
}

static void test_no_netfilter_plans_nothing(void **state)
{
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(plan_for(&p, POLICY_NET_NONE, "/usr/sbin/nft",
					      &plan, &err), 0);
	assert_int_equal(plan.n, 0);
	assert_null(plan.nft);
	policy_free(&p);
	launch_facts_free(&lf);
}

/* net host: the namespace is the host's, and nothing is loaded into it */
static void test_net_host_reports_netfilter_not_enforced(void **state)
{
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", NULL);
	apply(&p, "netfilter6", "/nonexistent/f.nft");
	assert_int_equal(plan_for(&p, POLICY_NET_HOST, "/usr/sbin/nft",
					      &plan, &err), 0);
	assert_int_equal(plan.n, 0);
	assert_int_equal(lf.n_not_enforced, 2);
	assert_string_equal(lf.not_enforced[0].directive, "netfilter");
	assert_string_equal(lf.not_enforced[1].directive, "netfilter6");
	assert_non_null(strstr(lf.not_enforced[0].reason, "host"));
	policy_free(&p);
	launch_facts_free(&lf);
}

static void test_missing_nft_is_reported_naming_the_package(void **state)
{
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", NULL);
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, NULL, &plan,
					      &err), 0);
	assert_int_equal(plan.n, 0);
	assert_int_equal(lf.n_not_enforced, 1);
	assert_non_null(strstr(lf.not_enforced[0].reason, "nftables"));
	policy_free(&p);
	launch_facts_free(&lf);
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/nestbox-test-netfilter.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_file_content_is_read_once_into_the_plan(void **state)
{
	const char *text = "table inet t {\n}\n";
	char *path = write_temp(text);
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", NULL);
	apply(&p, "netfilter6", path);
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, "/usr/sbin/nft",
					      &plan, &err), 0);
	unlink(path);
	assert_int_equal(plan.n, 2);
	assert_null(plan.v[0].file);
	assert_string_equal(plan.v[1].directive, "netfilter6");
	assert_string_equal(plan.v[1].file, path);
	assert_int_equal(plan.v[1].len, strlen(text));
	assert_string_equal(plan.v[1].text, text);
	netfilter_plan_free(&plan);
	policy_free(&p);
	launch_facts_free(&lf);
	free(path);
}

/* net none: nestbox's default filter would accept all that a
 * loopback-only namespace carries: not loaded, and said; a FILE still is
 * (it may filter loopback) */
static void test_net_none_loads_a_file_but_not_the_default_filter(void **state)
{
	const char *text = "table inet t {\n}\n";
	char *path = write_temp(text);
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", NULL);
	assert_int_equal(plan_for(&p, POLICY_NET_NONE, "/usr/sbin/nft",
					      &plan, &err), 0);
	assert_int_equal(plan.n, 0);
	assert_null(plan.nft);
	assert_true(plan.default_unneeded);
	apply(&p, "netfilter6", path);
	assert_int_equal(plan_for(&p, POLICY_NET_NONE, "/usr/sbin/nft",
					      &plan, &err), 0);
	unlink(path);
	assert_int_equal(plan.n, 1);
	assert_string_equal(plan.v[0].file, path);
	assert_true(plan.default_unneeded);
	netfilter_plan_free(&plan);
	policy_free(&p);
	launch_facts_free(&lf);
	free(path);
}

static void test_iptables_file_is_an_error_naming_it(void **state)
{
	char *path = write_temp("# firejail\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n");
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;
	char want[256];

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", path);
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, "/usr/sbin/nft",
					      &plan, &err), -1);
	unlink(path);
	snprintf(want, sizeof(want), "netfilter %s: iptables-restore format", path);
	assert_memory_equal(err.msg, want, strlen(want));
	assert_int_equal(plan.n, 0);
	policy_free(&p);
	launch_facts_free(&lf);
	free(path);
}

static void test_unreadable_or_odd_files_are_errors(void **state)
{
	struct netfilter_plan plan;
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	apply(&p, "netfilter", "/nonexistent/f.nft");
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, "/usr/sbin/nft",
					      &plan, &err), -1);
	assert_string_equal(err.msg,
			    "netfilter /nonexistent/f.nft: No such file or directory");
	apply(&p, "netfilter", "/tmp");
	assert_int_equal(plan_for(&p, POLICY_NET_PASTA, "/usr/sbin/nft",
					      &plan, &err), -1);
	assert_string_equal(err.msg, "netfilter /tmp: not a regular file");
	policy_free(&p);
	launch_facts_free(&lf);
}

static void test_netfilter_file_must_be_absolute(void **state)
{
	struct nb_error err;
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(directive_apply(&p, "netfilter", "rules.nft", NULL, &err), -1);
	assert_string_equal(err.msg, "netfilter rules.nft: an absolute path");
	/* the last line wins: a bare one after a file means the default */
	apply(&p, "netfilter", "/etc/x.nft");
	assert_string_equal(p.netfilter.file, "/etc/x.nft");
	apply(&p, "netfilter", NULL);
	assert_true(p.netfilter.set);
	assert_null(p.netfilter.file);
	policy_free(&p);
	launch_facts_free(&lf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nft_rulesets_are_nft),
		cmocka_unit_test(test_iptables_restore_files_are_detected),
		cmocka_unit_test(test_nft_reads_the_ruleset_from_its_stdin),
		cmocka_unit_test(test_nft_errors_name_the_file_on_one_line),
		cmocka_unit_test(test_nft_output_without_error_lines_gives_its_first_line),
		cmocka_unit_test(test_long_nft_errors_are_cut_and_terminated),
		cmocka_unit_test(test_bare_netfilter_plans_the_default_filter),
		cmocka_unit_test(test_no_netfilter_plans_nothing),
		cmocka_unit_test(test_net_host_reports_netfilter_not_enforced),
		cmocka_unit_test(test_missing_nft_is_reported_naming_the_package),
		cmocka_unit_test(test_file_content_is_read_once_into_the_plan),
		cmocka_unit_test(test_net_none_loads_a_file_but_not_the_default_filter),
		cmocka_unit_test(test_iptables_file_is_an_error_naming_it),
		cmocka_unit_test(test_unreadable_or_odd_files_are_errors),
		cmocka_unit_test(test_netfilter_file_must_be_absolute),
	};
	return cmocka_run_group_tests_name("netfilter", tests, NULL, NULL);
}
