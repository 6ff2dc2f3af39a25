// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pasta, pure part: its command line from the policy, and when the host's
 * resolver sits on loopback (where the sandbox cannot reach it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pasta.h"
#include "policy.h"

static int find(const struct pasta_argv *a, const char *word)
{
	for (int i = 0; a->v[i]; i++)
		if (strcmp(a->v[i], word) == 0)
			return i;
	return -1;
}

static void test_loopback_resolvers_are_recognized(void **state)
{
	(void)state;
	assert_true(pasta_resolver_on_loopback("nameserver 127.0.0.53\noptions edns0\n"));
	assert_true(pasta_resolver_on_loopback("# x\nsearch lan\nnameserver ::1\n"));
	assert_true(pasta_resolver_on_loopback("nameserver 127.0.0.1"));
	/* the first one decides: that is the one pasta forwards to */
	assert_false(pasta_resolver_on_loopback("nameserver 10.0.0.1\nnameserver 127.0.0.53\n"));
	assert_false(pasta_resolver_on_loopback("nameserver 10.255.255.53\n"));
	assert_false(pasta_resolver_on_loopback("# nameserver 127.0.0.1\n"));
	assert_false(pasta_resolver_on_loopback(""));
	assert_false(pasta_resolver_on_loopback(NULL));
}

static void test_dns_forward_and_settings_reach_pastas_command_line(void **state)
{
	struct launch_facts lf = { .net = POLICY_NET_PASTA };
	struct pasta_argv a;
	struct policy p;
	int i;

	(void)state;
	policy_init(&p);
	pasta_build_argv("/usr/bin/pasta", &p, &lf, 42, "/r/pid", "/r/log", &a);
	assert_int_equal(find(&a, "--dns-forward"), -1);
	assert_true(find(&a, "--no-map-gw") > 0);
	lf.dns_forward = true;
	p.netcfg.mtu = 1400;
	p.net_host_loopback = true;
	pasta_build_argv("/usr/bin/pasta", &p, &lf, 42, "/r/pid", "/r/log", &a);
	i = find(&a, "--dns-forward");
	assert_true(i > 0);
	assert_string_equal(a.v[i + 1], PASTA_DNS_FORWARD);
	i = find(&a, "-m");
	assert_string_equal(a.v[i + 1], "1400");
	assert_int_equal(find(&a, "--no-map-gw"), -1);
	/* the namespace's pid last */
	for (i = 0; a.v[i + 1]; i++)
		;
	assert_string_equal(a.v[i], "42");
	policy_free(&p);
}

/* A resolver on the host's loopback, and no dns line: the sandbox's
 * resolver is the address pasta forwards, a fact of the launch; the
 * policy keeps no dns line.  A dns line holds over it. */
static void test_loopback_resolver_is_forwarded_unless_dns_is_given(void **state)
{
	struct nb_error err = { 0 };
	struct launch_facts lf;
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	pasta_resolve_dns("nameserver 127.0.0.53\n", &lf);
	assert_true(lf.dns_forward);
	assert_int_equal(lf.n_dns, 1);
	assert_string_equal(lf.dns[0], PASTA_DNS_FORWARD);
	assert_int_equal(p.netcfg.n_dns, 0);
	launch_facts_free(&lf);

	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	pasta_resolve_dns("nameserver 10.0.0.1\n", &lf);
	assert_false(lf.dns_forward);
	assert_int_equal(lf.n_dns, 0);
	launch_facts_free(&lf);

	p.netcfg.dns[p.netcfg.n_dns++] = strdup("192.0.2.1");
	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	pasta_resolve_dns("nameserver 127.0.0.53\n", &lf);
	assert_false(lf.dns_forward);
	assert_int_equal(lf.n_dns, 1);
	assert_string_equal(lf.dns[0], "192.0.2.1");
	launch_facts_free(&lf);
	policy_free(&p);
}

/* What init waits for before the program starts (net_wait_routes): the
 * default route of each family pasta copies from the host; a reject
 * route (a host without IPv6 has one on lo) is none. */
static void test_expected_routes_follow_the_hosts_default_routes(void **state)
{
	static const char v4[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
		"eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
		"eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
	static const char v4_none[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
		"eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
	static const char v6[] =
		"fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0\n"
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
	static const char v6_reject_only[] =
		"fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n"
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(pasta_expected_routes(v4, v6, &p),
			 PASTA_ROUTE_V4 | PASTA_ROUTE_V6);
	assert_int_equal(pasta_expected_routes(v4, v6_reject_only, &p),
			 PASTA_ROUTE_V4);
	assert_int_equal(pasta_expected_routes(v4_none, v6, &p), PASTA_ROUTE_V6);
	assert_int_equal(pasta_expected_routes(v4_none, v6_reject_only, &p), 0);
	assert_int_equal(pasta_expected_routes(NULL, NULL, &p), 0);
	/* an address the profile gives: pasta configures that family */
	p.netcfg.ip6 = "fd00::5";
	assert_int_equal(pasta_expected_routes(v4, NULL, &p),
			 PASTA_ROUTE_V4 | PASTA_ROUTE_V6);
	p.netcfg.ip6 = NULL;
	policy_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_resolvers_are_recognized),
		cmocka_unit_test(test_dns_forward_and_settings_reach_pastas_command_line),
		cmocka_unit_test(test_loopback_resolver_is_forwarded_unless_dns_is_given),
		cmocka_unit_test(test_expected_routes_follow_the_hosts_default_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
