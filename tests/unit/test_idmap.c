// SPDX-License-Identifier: GPL-2.0-or-later
/* Id-map planning from /etc/subuid text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "idmap.h"

static size_t find(const char *text, struct id_range *r)
{
	return subid_find_ranges(text, "alice", 1000, r, IDMAP_MAX_RANGES);
}

static void test_several_ranges_of_one_user_are_found(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice:100000:65536\nbob:200000:65536\n"
			      "alice:300000:10\n", r), 2);
	assert_int_equal(r[0].start, 100000);
	assert_int_equal(r[0].count, 65536);
	assert_int_equal(r[1].start, 300000);
	assert_int_equal(r[1].count, 10);
}

static void test_user_is_matched_by_name_and_by_uid(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("1000:5000:10\nalice:6000:10\n10000:7000:1\n", r), 2);
	assert_int_equal(r[0].start, 5000);
	assert_int_equal(r[1].start, 6000);
}

static void test_missing_user_has_no_range(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("bob:100000:65536\nalicex:1:2\nalic:1:2\n", r), 0);
	assert_int_equal(find("", r), 0);
}

static void test_malformed_lines_are_skipped(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice\nalice:\nalice:1\nalice::5\nalice:x:5\n"
			      "alice:5:y\nalice:5:0\nalice:4294967290:100\n"
			      "alice:-1:5\nalice:1:2:3\n"
			      "alice:42:7\r\nalice:50:1", r), 2);
	assert_int_equal(r[0].start, 42);
	assert_int_equal(r[0].count, 7);
	assert_int_equal(r[1].start, 50); /* no final newline */
}

static void test_caller_maps_to_root_and_ranges_pack_from_one(void **state)
{
	struct id_range r[] = { { 100000, 65536 }, { 300000, 10 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 2, &m);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.extents[0].inside, 0);
	assert_int_equal(m.extents[0].outside, 1000);
	assert_int_equal(m.extents[0].count, 1);
	assert_int_equal(m.extents[1].inside, 1);
	assert_int_equal(m.extents[1].outside, 100000);
	assert_int_equal(m.extents[2].inside, 65537);
	assert_int_equal(m.extents[2].outside, 300000);
}

static void test_range_containing_caller_is_split_around_it(void **state)
{
	struct id_range r[] = { { 990, 20 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.extents[1].outside, 990);
	assert_int_equal(m.extents[1].count, 10);
	assert_int_equal(m.extents[2].outside, 1001);
	assert_int_equal(m.extents[2].count, 9);
	assert_int_equal(m.extents[2].inside, 11);
}

static void test_overlapping_ranges_are_trimmed(void **state)
{
	struct id_range r[] = { { 100, 50 }, { 120, 50 }, { 100, 50 }, { 90, 100 } };
	struct id_map m;
	unsigned long total = 0;
	(void)state;
	idmap_plan(1000, r, 4, &m);
	for (size_t i = 1; i < m.n; i++) {
		total += m.extents[i].count;
		for (size_t j = i + 1; j < m.n; j++) {
			const struct id_extent *a = &m.extents[i], *b = &m.extents[j];
			assert_false(a->outside < b->outside + b->count &&
				     b->outside < a->outside + a->count);
		}
	}
	assert_int_equal(total, 100); /* 90..189, once */
}

static void test_no_range_maps_only_the_caller(void **state)
{
	struct id_map m;
	char text[64];
	(void)state;
	idmap_plan(1000, NULL, 0, &m);
	assert_int_equal(m.n, 1);
	assert_int_equal(idmap_format_proc(&m, text, sizeof(text)), 9);
	assert_string_equal(text, "0 1000 1\n");
	idmap_plan_direct(42, &m);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.extents[0].outside, 42);
}

static void test_proc_text_is_one_line_per_extent_and_checks_room(void **state)
{
	struct id_range r[] = { { 100000, 65536 } };
	struct id_map m;
	char text[64];
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_true(idmap_format_proc(&m, text, sizeof(text)) > 0);
	assert_string_equal(text, "0 1000 1\n1 100000 65536\n");
	assert_int_equal(idmap_format_proc(&m, text, 12), -1);
}

static void test_helper_argv_lists_pid_and_triples(void **state)
{
	struct id_range r[] = { { 100000, 65536 } };
	struct idmap_argv av;
	struct id_map m;
	const char *want[] = { "/usr/bin/newuidmap", "4242", "0", "1000", "1",
			       "1", "100000", "65536" };
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(idmap_helper_argv(&m, "/usr/bin/newuidmap", 4242, &av), 0);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(av.argv[i], want[i]);
	assert_null(av.argv[8]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_several_ranges_of_one_user_are_found),
		cmocka_unit_test(test_user_is_matched_by_name_and_by_uid),
		cmocka_unit_test(test_missing_user_has_no_range),
		cmocka_unit_test(test_malformed_lines_are_skipped),
		cmocka_unit_test(test_caller_maps_to_root_and_ranges_pack_from_one),
		cmocka_unit_test(test_range_containing_caller_is_split_around_it),
		cmocka_unit_test(test_overlapping_ranges_are_trimmed),
		cmocka_unit_test(test_no_range_maps_only_the_caller),
		cmocka_unit_test(test_proc_text_is_one_line_per_extent_and_checks_room),
		cmocka_unit_test(test_helper_argv_lists_pid_and_triples),
	};
	return cmocka_run_group_tests_name("idmap", tests, NULL, NULL);
}
