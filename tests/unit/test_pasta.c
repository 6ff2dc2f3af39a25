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
	struct pasta_argv a;
	struct policy p;
	int i;

	(void)state;
	policy_init(&p);
	pasta_build_argv("/usr/bin/pasta", &p, 42, "/r/pid", "/r/log", &a);
	assert_int_equal(find(&a, "--dns-forward"), -1);
	assert_true(find(&a, "--no-map-gw") > 0);
	p.netcfg.dns_forward = true;
	p.netcfg.mtu = 1400;
	p.net_host_loopback = true;
	pasta_build_argv("/usr/bin/pasta", &p, 42, "/r/pid", "/r/log", &a);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_resolvers_are_recognized),
		cmocka_unit_test(test_dns_forward_and_settings_reach_pastas_command_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
