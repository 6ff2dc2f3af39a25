// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sandbox management, pure part: names, the registry's info files, which
 * sandbox a --join/--shutdown target designates, the cli's management
 * options, and the state recorded for --join (joinstate.c) read back as
 * it was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "joinstate.h"
#include "nb_limits.h"
#include "landlock.h"
#include "registry.h"

#define ID "0a8ca071-9595-4c8c-9e6a-2c3c26931e41"

static void test_names_are_short_plain_words_not_numbers(void **state)
{
	(void)state;
	assert_true(registry_name_valid("web"));
	assert_true(registry_name_valid("fire-fox_2.0"));
	assert_true(registry_name_valid("1a"));
	assert_false(registry_name_valid(""));
	assert_false(registry_name_valid("1234"));	/* a pid */
	assert_false(registry_name_valid("-web"));	/* an option */
	assert_false(registry_name_valid(".web"));
	assert_false(registry_name_valid("a/b"));
	assert_false(registry_name_valid("a b"));
	assert_false(registry_name_valid("a\nb"));
	assert_false(registry_name_valid(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void test_info_files_are_read_back(void **state)
{
	struct registry_info info;

	(void)state;
	assert_int_equal(registry_parse_info("id " ID "\nname web\npid 42\nlauncher 41\n"
					     "start 1234567\nprofile /etc/x.profile\n"
					     "command sleep 60 with spaces\n", &info), 0);
	assert_string_equal(info.id, ID);
	assert_string_equal(info.name, "web");
	assert_int_equal(info.pid, 42);
	assert_int_equal(info.launcher, 41);
	assert_true(info.start == 1234567ULL);
	assert_string_equal(info.profile, "/etc/x.profile");
	assert_string_equal(info.command, "sleep 60 with spaces");
	/* while starting: a name, no pid yet */
	assert_int_equal(registry_parse_info("id " ID "\nname \npid 0\n", &info), 0);
	assert_string_equal(info.name, "");
	assert_int_equal(info.pid, 0);
}

static void test_damaged_info_files_are_refused(void **state)
{
	struct registry_info info;

	(void)state;
	assert_int_equal(registry_parse_info("", &info), -1);
	assert_int_equal(registry_parse_info("id short\npid 1\n", &info), -1);
	assert_int_equal(registry_parse_info("id " ID "\npid -5\n", &info), -1);
	/* an over-long value is cut, never overflows */
	{
		char text[8192];

		snprintf(text, sizeof(text), "id " ID "\nname %0*d\npid 1\n", 3000, 7);
		assert_int_equal(registry_parse_info(text, &info), 0);
		assert_int_equal(strlen(info.name), REGISTRY_NAME_MAX);
	}
}

static void test_targets_match_name_id_prefix_or_pid(void **state)
{
	struct registry_info info;

	(void)state;
	assert_int_equal(registry_parse_info("id " ID "\nname web\npid 4242\nlauncher 4241\n",
					     &info), 0);
	assert_int_equal(registry_match(&info, "web"), MATCH_EXACT);
	assert_int_equal(registry_match(&info, ID), MATCH_EXACT);
	assert_int_equal(registry_match(&info, "0a8c"), MATCH_PREFIX);
	assert_int_equal(registry_match(&info, "0a8"), MATCH_NONE); /* too short */
	assert_int_equal(registry_match(&info, "4242"), MATCH_PID);
	assert_int_equal(registry_match(&info, "4241"), MATCH_PID);
	assert_int_equal(registry_match(&info, "424"), MATCH_NONE);
	assert_int_equal(registry_match(&info, "we"), MATCH_NONE);
	assert_int_equal(registry_match(&info, ""), MATCH_NONE);
	/* a sandbox without a name matches no empty name */
	info.name[0] = '\0';
	assert_int_equal(registry_match(&info, ""), MATCH_NONE);
}

static int parse(struct options *o, struct nb_error *err, const char *a,
		 const char *b, const char *c)
{
	/* static: the options point into it (program_argv) after return */
	static char *argv[5];
	int argc = 1 + (a != NULL) + (b != NULL) + (c != NULL);

	argv[0] = "nestbox";
	argv[1] = (char *)a;
	argv[2] = (char *)b;
	argv[3] = (char *)c;
	argv[4] = NULL;

	return cli_parse(argc, argv, o, err);
}

static void test_management_options(void **state)
{
	struct options o;
	struct nb_error err = { 0 };

	(void)state;
	assert_int_equal(parse(&o, &err, "--list", "--json", NULL), 0);
	assert_int_equal(o.command, CMD_LIST);
	assert_true(o.json);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--join=web", "ls", "-l"), 0);
	assert_int_equal(o.command, CMD_JOIN);
	assert_string_equal(o.target, "web");
	assert_string_equal(o.program_argv[0], "ls");
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--shutdown=42", "--shutdown-timeout=3", NULL), 0);
	assert_int_equal(o.command, CMD_SHUTDOWN);
	assert_int_equal(o.shutdown_timeout, 3);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--name=web", "true", NULL), 0);
	assert_string_equal(o.policy.name, "web");
	assert_false(o.policy.join_or_start);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--join-or-start=web", NULL, NULL), 0);
	assert_true(o.policy.join_or_start);
	options_free(&o);
}

static void test_bad_management_options_are_refused(void **state)
{
	struct options o;
	struct nb_error err = { 0 };

	(void)state;
	assert_int_equal(parse(&o, &err, "--list", "ls", NULL), -1);
	assert_string_equal(err.msg, "--list takes no program (ls)");
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--json", NULL, NULL), -1);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--join=", NULL, NULL), -1);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--shutdown=x", "--shutdown-timeout=-1", NULL), -1);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--shutdown=x", "--shutdown-timeout=9999", NULL), -1);
	options_free(&o);
	assert_int_equal(parse(&o, &err, "--name=99", NULL, NULL), -1);
	options_free(&o);
}

static void test_landlock_state_reads_back_as_written(void **state)
{
	struct policy_landlock ll = { 0 }, back;
	struct nb_error err = { 0 };
	char *buf, *again;
	size_t len, len2;

	(void)state;
	ll.enforce = true;
	assert_int_equal(landlock_add_fs_rule(&ll, LANDLOCK_FS_READ, "/usr", NULL, &err), 0);
	assert_int_equal(landlock_add_fs_rule(&ll, LANDLOCK_FS_WRITE, "/home/u/a b", NULL, &err), 0);
	assert_int_equal(landlock_add_ports(&ll.connect, "443,80", &err), 0);
	assert_int_equal(landlock_add_ports(&ll.bind, "none", &err), 0);
	assert_int_equal(landlock_set_scope(&ll, "signal", &err), 0);
	assert_int_equal(joinstate_format_landlock(&ll, &buf, &len, &err), 0);
	assert_int_equal(joinstate_parse_landlock(buf, len, &back, &err), 0);
	assert_true(back.enforce);
	assert_int_equal(back.n_fs, 2);
	assert_string_equal(back.fs[1].path, "/home/u/a b");
	assert_int_equal(back.fs[1].kind, LANDLOCK_FS_WRITE);
	assert_int_equal(back.connect.n, 2);
	assert_int_equal(back.connect.v[0], 80);
	assert_true(back.bind.set);
	assert_int_equal(back.bind.n, 0);
	assert_true(back.scope_given);
	assert_int_equal(back.scope, POLICY_LANDLOCK_SCOPE_SIGNAL);
	/* and the same words again */
	assert_int_equal(joinstate_format_landlock(&back, &again, &len2, &err), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	landlock_policy_free(&back);
	/* truncated or foreign: refused */
	assert_int_equal(joinstate_parse_landlock(buf, len - 1, &back, &err), -1);
	assert_int_equal(joinstate_parse_landlock("fs\0" "9\0/x\0", 8, &back, &err), -1);
	assert_int_equal(joinstate_parse_landlock("chmod\0all\0", 10, &back, &err), -1);
	free(buf);
	free(again);
	landlock_policy_free(&ll);
}

static void test_seccomp_state_reads_back_as_written(void **state)
{
	uint64_t insns[3] = { 1, 2, 3 }, keep[1] = { 9 };
	struct seccomp_bpf bpf = { .insns = insns, .len = 3, .keep_insns = keep,
				   .keep_len = 1 }, back;
	struct nb_error err = { 0 };
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(joinstate_format_seccomp(&bpf, &buf, &len, &err), 0);
	assert_int_equal(joinstate_parse_seccomp(buf, len, &back, &err), 0);
	assert_int_equal(back.len, 3);
	assert_memory_equal(back.insns, insns, sizeof(insns));
	assert_int_equal(back.keep_len, 1);
	assert_memory_equal(back.keep_insns, keep, sizeof(keep));
	assert_false(back.notify);
	seccomp_bpf_free(&back);
	/* every length is checked against what is there */
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(joinstate_parse_seccomp(buf, cut, &back, &err), -1);
	buf[4] = 7; /* seven filters */
	assert_int_equal(joinstate_parse_seccomp(buf, len, &back, &err), -1);
	free(buf);
}

/* nogroups, rlimits, nice, oom-score-adj and cpu as the joined process applies them;
 * a word nestbox would not write, or a cut pair, is refused. */
static void test_process_state_reads_back_as_written(void **state)
{
	struct policy_process pp = { 0 }, back;
	struct nb_error err = { 0 };
	char *buf;
	size_t len;

	(void)state;
	pp.nogroups = true;
	assert_int_equal(limits_set_rlimit(&pp, POLICY_RLIMIT_NPROC, "300", &err), 0);
	assert_int_equal(limits_set_rlimit(&pp, POLICY_RLIMIT_AS, "1g", &err), 0);
	assert_int_equal(limits_set_nice(&pp, "-3", &err), 0);
	assert_int_equal(limits_set_oom_score_adj(&pp, "200", &err), 0);
	assert_int_equal(limits_set_cpus(&pp, "0,2-3", &err), 0);
	assert_int_equal(joinstate_format_process(&pp, &buf, &len, &err), 0);
	assert_int_equal(joinstate_parse_process(buf, len, &back, &err), 0);
	assert_memory_equal(&back, &pp, sizeof(pp));
	/* a cut is refused, or (between two pairs) reads as less */
	for (size_t cut = 0; cut < len; cut++)
		assert_false(joinstate_parse_process(buf, cut, &back, &err) == 0 &&
			     memcmp(&back, &pp, sizeof(pp)) == 0);
	free(buf);
	/* nothing recorded: nothing applied */
	memset(&pp, 0, sizeof(pp));
	assert_int_equal(joinstate_format_process(&pp, &buf, &len, &err), 0);
	assert_int_equal(len, 0);
	free(buf);
	assert_int_equal(joinstate_parse_process("nice\0" "99\0", 8, &back, &err), -1);
	assert_int_equal(joinstate_parse_process("umask\0" "7\0", 8, &back, &err), -1);
	assert_int_equal(joinstate_parse_process("cpu\0", 4, &back, &err), -1);
}

/* The file init writes, read back whole; any cut is refused. */
static void test_join_state_file_reads_back_and_refuses_any_cut(void **state)
{
	uint64_t insns[2] = { 5, 6 };
	struct seccomp_bpf bpf = { .insns = insns, .len = 2 };
	struct policy_landlock ll = { 0 };
	struct policy_process pp = { .nogroups = true };
	struct nb_error err = { 0 };
	struct joinstate js;
	char dir[] = "/tmp/nb-unit-XXXXXX", path[64], *buf;
	int dfd;
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	setenv("NB_UNIT_MARK", "yes", 1);
	ll.enforce = true;
	pp.rlimit_set[POLICY_RLIMIT_NOFILE] = true;
	pp.rlimit[POLICY_RLIMIT_NOFILE] = 64;
	assert_int_equal(joinstate_record(dfd, &ll, &bpf, &pp, &err), 0);
	assert_int_equal(joinstate_read(dfd, &js, &err), 0);
	{
		bool found = false;

		for (char **e = js.env; *e; e++)
			found |= strcmp(*e, "NB_UNIT_MARK=yes") == 0;
		assert_true(found);
	}
	assert_true(js.cwd[0] == '/');
	assert_true(js.landlock.enforce);
	assert_int_equal(js.bpf.len, 2);
	assert_null(js.bpf.keep_insns);
	assert_true(js.process.nogroups);
	assert_int_equal(js.process.rlimit[POLICY_RLIMIT_NOFILE], 64);
	joinstate_free(&js);

	snprintf(path, sizeof(path), "%s/join", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	buf = malloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(joinstate_parse(buf, cut, &js, &err), -1);
	assert_int_equal(joinstate_parse(buf, len, &js, &err), 0);
	joinstate_free(&js);
	free(buf);
	unlink(path);
	close(dfd);
	rmdir(dir);
}

#define T(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_names_are_short_plain_words_not_numbers),
		T(test_info_files_are_read_back),
		T(test_damaged_info_files_are_refused),
		T(test_targets_match_name_id_prefix_or_pid),
		T(test_management_options),
		T(test_bad_management_options_are_refused),
		T(test_landlock_state_reads_back_as_written),
		T(test_seccomp_state_reads_back_as_written),
		T(test_process_state_reads_back_as_written),
		T(test_join_state_file_reads_back_and_refuses_any_cut),
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
