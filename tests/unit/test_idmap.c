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

/* shadow compares the owner as text: "01000" is not uid 1000 */
static void test_numeric_owner_must_be_written_exactly(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("01000:5000:10\n1000 :6000:10\n1000:7000:1\n", r), 1);
	assert_int_equal(r[0].start, 7000);
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

/* --- subid_find_ranges: the edges of the format --- */

static void test_user_is_matched_by_uid_alone_without_a_name(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(subid_find_ranges("alice:1:2\n1000:5000:10\n", NULL,
					   1000, r, IDMAP_MAX_RANGES), 1);
	assert_int_equal(r[0].start, 5000);
	assert_int_equal(r[0].count, 10);
}

static void test_other_users_and_near_names_are_ignored(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("Alice:1:2\n alice:1:2\nalice :1:2\n1001:1:2\n"
			      "100:1:2\n10001:1:2\n:1:2\nbob:3:4\n", r), 0);
	assert_int_equal(find("bob:3:4\nalice:7:8\ncarol:9:10\n", r), 1);
	assert_int_equal(r[0].start, 7);
	assert_int_equal(r[0].count, 8);
}

static void test_empty_and_blank_lines_are_skipped(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("\n\n\r\n::\n:\nalice:10:2\n\n\nalice:20:3\n\n", r),
			 2);
	assert_int_equal(r[0].start, 10);
	assert_int_equal(r[1].start, 20);
	assert_int_equal(find("\n", r), 0);
}

static void test_fields_with_non_digits_are_skipped(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice: 1:2\nalice:1 :2\nalice:1:2 \nalice:+1:2\n"
			      "alice:1:0x2\nalice:1e3:2\nalice:1:\t2\n"
			      "alice:1\r:2\n", r), 0);
}

static void test_zero_count_is_skipped(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice:100000:0\nalice:100000:00\n", r), 0);
}

static void test_ranges_past_the_last_valid_id_are_skipped(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	/* ids are 32 bits and 4294967295 is (uid_t)-1: a range may end at
	 * 4294967294, never include 4294967295 */
	assert_int_equal(find("alice:4294967295:1\n", r), 0);
	assert_int_equal(find("alice:4294967294:2\n", r), 0);
	assert_int_equal(find("alice:1:4294967295\n", r), 0);
	assert_int_equal(find("alice:0:4294967296\n", r), 0);
	assert_int_equal(find("alice:4294967296:1\n", r), 0);
	assert_int_equal(find("alice:9999999999:1\n", r), 0);
	assert_int_equal(find("alice:99999999999:1\n", r), 0);
	assert_int_equal(find("alice:18446744073709551617:1\n", r), 0);
	assert_int_equal(find("alice:1:18446744073709551615\n", r), 0);

	assert_int_equal(find("alice:4294967294:1\n", r), 1);
	assert_int_equal(r[0].start, 4294967294UL);
	assert_int_equal(r[0].count, 1);
	assert_int_equal(find("alice:0:4294967295\n", r), 1);
	assert_int_equal(r[0].start, 0);
	assert_int_equal(r[0].count, 4294967295UL);
}

static void test_crlf_line_endings_are_tolerated(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice:100000:65536\r\nalice:200000:10\r\n", r), 2);
	assert_int_equal(r[0].start, 100000);
	assert_int_equal(r[0].count, 65536);
	assert_int_equal(r[1].start, 200000);
	assert_int_equal(r[1].count, 10);
	/* only one \r, and only at the end of the line */
	assert_int_equal(find("alice:1:2\r\r\n", r), 0);
}

static void test_last_line_without_newline_is_read(void **state)
{
	struct id_range r[IDMAP_MAX_RANGES];
	(void)state;
	assert_int_equal(find("alice:100000:65536", r), 1);
	assert_int_equal(r[0].start, 100000);
	assert_int_equal(r[0].count, 65536);
	assert_int_equal(find("bob:1:1\nalice:7:3\r", r), 1);
	assert_int_equal(r[0].count, 3);
}

static void test_at_most_max_ranges_are_returned(void **state)
{
	struct id_range r[3] = { { 0, 0 }, { 0, 0 }, { 77, 77 } };
	(void)state;
	assert_int_equal(subid_find_ranges("alice:1:1\nalice:2:1\nalice:3:1\n",
					   "alice", 1000, r, 2), 2);
	assert_int_equal(r[1].start, 2);
	assert_int_equal(r[2].start, 77); /* untouched */
	assert_int_equal(subid_find_ranges("alice:1:1\n", "alice", 1000, r, 0),
			 0);
}

/* --- idmap_plan --- */

static void assert_extent(const struct id_map *m, size_t i,
			  unsigned long inside, unsigned long outside,
			  unsigned long count)
{
	assert_true(i < m->n);
	assert_int_equal(m->extents[i].inside, inside);
	assert_int_equal(m->extents[i].outside, outside);
	assert_int_equal(m->extents[i].count, count);
}

static void test_caller_is_always_the_first_extent_mapped_to_root(void **state)
{
	struct id_range r[] = { { 0, 10 }, { 100000, 65536 } };
	struct id_map m;
	(void)state;
	idmap_plan(5, r, 2, &m);
	assert_extent(&m, 0, 0, 5, 1);
	assert_extent(&m, 1, 1, 0, 5);
	assert_extent(&m, 2, 6, 6, 4);
	assert_extent(&m, 3, 10, 100000, 65536);
	assert_int_equal(m.n, 4);
}

static void test_range_starting_at_the_caller_skips_it(void **state)
{
	struct id_range r[] = { { 1000, 10 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(m.n, 2);
	assert_extent(&m, 0, 0, 1000, 1);
	assert_extent(&m, 1, 1, 1001, 9);
}

static void test_range_ending_at_the_caller_stops_before_it(void **state)
{
	struct id_range r[] = { { 990, 11 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(m.n, 2);
	assert_extent(&m, 1, 1, 990, 10);
}

static void test_range_of_only_the_caller_adds_nothing(void **state)
{
	struct id_range r[] = { { 1000, 1 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(m.n, 1);
	assert_extent(&m, 0, 0, 1000, 1);
}

static void test_duplicate_range_is_dropped(void **state)
{
	struct id_range r[] = { { 100000, 65536 }, { 100000, 65536 },
				{ 100010, 5 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 3, &m);
	assert_int_equal(m.n, 2);
	assert_extent(&m, 1, 1, 100000, 65536);
}

static void test_overlapping_range_keeps_only_its_new_ids(void **state)
{
	struct id_range r[] = { { 100000, 65536 }, { 150000, 65536 },
				{ 90000, 20000 } };
	struct id_map m;
	(void)state;
	idmap_plan(1000, r, 3, &m);
	assert_int_equal(m.n, 4);
	assert_extent(&m, 1, 1, 100000, 65536);
	assert_extent(&m, 2, 65537, 165536, 50000);
	assert_extent(&m, 3, 115537, 90000, 10000);
}

static void test_range_enclosing_earlier_ones_fills_the_gaps(void **state)
{
	struct id_range r[] = { { 1200, 100 }, { 900, 500 } };
	struct id_map m;
	(void)state;
	/* [900, 1400) contains the caller (1000) and [1200, 1300) */
	idmap_plan(1000, r, 2, &m);
	assert_int_equal(m.n, 5);
	assert_extent(&m, 0, 0, 1000, 1);
	assert_extent(&m, 1, 1, 1200, 100);
	assert_extent(&m, 2, 101, 900, 100);
	assert_extent(&m, 3, 201, 1001, 199);
	assert_extent(&m, 4, 400, 1300, 100);
}

/*
 * Every plan over a small id space, checked against the sets: inside ids
 * are 0.. without a gap, no outside id is mapped twice, and the outside
 * ids are exactly the caller plus the union of the ranges.
 */
static void test_no_outside_id_is_ever_mapped_twice(void **state)
{
	uint32_t x = 2463534242u;
	(void)state;
	for (int it = 0; it < 50000; it++) {
		unsigned char want[128] = { 0 }, got[128] = { 0 };
		struct id_range r[8];
		struct id_map m;
		unsigned long caller, next = 0;
		size_t n;

#define NEXT() (x ^= x << 13, x ^= x >> 17, x ^= x << 5, x)
		caller = NEXT() % 64;
		n = NEXT() % 8;
		want[caller] = 1;
		for (size_t i = 0; i < n; i++) {
			r[i].start = NEXT() % 64;
			r[i].count = 1 + NEXT() % 24;
			for (unsigned long k = 0; k < r[i].count; k++)
				want[r[i].start + k] = 1;
		}
#undef NEXT
		idmap_plan(caller, r, n, &m);
		assert_extent(&m, 0, 0, caller, 1);
		for (size_t i = 0; i < m.n; i++) {
			const struct id_extent *e = &m.extents[i];

			assert_int_equal(e->inside, next);
			assert_true(e->count > 0);
			next += e->count;
			for (unsigned long k = 0; k < e->count; k++) {
				assert_true(e->outside + k < sizeof(got));
				if (got[e->outside + k])
					fail_msg("outside id %lu mapped twice",
						 e->outside + k);
				got[e->outside + k] = 1;
			}
		}
		assert_memory_equal(want, got, sizeof(want));
	}
}

static void test_inside_ids_never_reach_the_reserved_id(void **state)
{
	/* the second range runs past the last valid id (only a caller that
	 * skips subid_find_ranges could pass it): inside ids stop at
	 * 4294967294 all the same */
	struct id_range r[] = { { 0, 4294967000UL }, { 4294967000UL, 1000 },
				{ 5, 5 } };
	struct id_map m;
	(void)state;
	idmap_plan(4294967294UL, r, 3, &m);
	assert_int_equal(m.n, 3);
	assert_extent(&m, 0, 0, 4294967294UL, 1);
	assert_extent(&m, 1, 1, 0, 4294967000UL);
	assert_extent(&m, 2, 4294967001UL, 4294967000UL, 294);
	assert_int_equal(m.extents[2].inside + m.extents[2].count,
			 4294967295UL);
}

static void test_too_many_extents_are_capped(void **state)
{
	struct id_range r[IDMAP_MAX_EXTENTS + 10];
	struct idmap_argv av;
	struct id_map m;
	size_t n = sizeof(r) / sizeof(r[0]);
	(void)state;
	for (size_t i = 0; i < n; i++)
		r[i] = (struct id_range){ 4000000000UL + i * 100, 10 };
	idmap_plan(4294967294UL, r, n, &m);
	assert_int_equal(m.n, IDMAP_MAX_EXTENTS);
	/* the largest argv still fits its storage */
	assert_int_equal(idmap_helper_argv(&m, "newuidmap", 2147483647, &av), 0);
	assert_string_equal(av.argv[1], "2147483647");
	assert_string_equal(av.argv[3], "4294967294");
	assert_null(av.argv[2 + 3 * IDMAP_MAX_EXTENTS]);
}

static void test_direct_plan_is_the_caller_alone(void **state)
{
	struct id_map m;
	char text[32];
	(void)state;
	m.n = 7;
	idmap_plan_direct(1000, &m);
	assert_int_equal(m.n, 1);
	assert_extent(&m, 0, 0, 1000, 1);
	assert_int_equal(idmap_format_proc(&m, text, sizeof(text)), 9);
	assert_string_equal(text, "0 1000 1\n");
}

/* --- formatting --- */

static void test_proc_text_needs_room_for_its_terminator(void **state)
{
	static const char want[] = "0 1000 1\n1 100000 65536\n";
	struct id_range r[] = { { 100000, 65536 } };
	struct id_map m;
	char text[64];
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(idmap_format_proc(&m, text, sizeof(want)),
			 (int)strlen(want));
	assert_string_equal(text, want);
	assert_int_equal(idmap_format_proc(&m, text, strlen(want)), -1);
	assert_int_equal(idmap_format_proc(&m, text, 9), -1);
	assert_int_equal(idmap_format_proc(&m, text, 10), -1);
	assert_int_equal(idmap_format_proc(&m, text, 1), -1);
	assert_int_equal(idmap_format_proc(&m, text, 0), -1);
}

static void test_helper_argv_is_name_pid_then_triples(void **state)
{
	struct id_range r[] = { { 100000, 65536 } };
	struct idmap_argv av;
	struct id_map m;
	const char *want[] = { "newuidmap", "4242", "0", "1000", "1",
			       "1", "100000", "65536", NULL };
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(idmap_helper_argv(&m, "newuidmap", 4242, &av), 0);
	for (size_t i = 0; want[i]; i++)
		assert_string_equal(av.argv[i], want[i]);
	assert_null(av.argv[8]);
}

static void test_helper_argv_of_a_split_map(void **state)
{
	struct id_range r[] = { { 990, 20 } };
	struct idmap_argv av;
	struct id_map m;
	const char *want[] = { "newgidmap", "7", "0", "1000", "1", "1", "990",
			       "10", "11", "1001", "9", NULL };
	(void)state;
	idmap_plan(1000, r, 1, &m);
	assert_int_equal(idmap_helper_argv(&m, "newgidmap", 7, &av), 0);
	for (size_t i = 0; want[i]; i++)
		assert_string_equal(av.argv[i], want[i]);
	assert_null(av.argv[11]);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_several_ranges_of_one_user_are_found),
		cmocka_unit_test(test_user_is_matched_by_name_and_by_uid),
		cmocka_unit_test(test_numeric_owner_must_be_written_exactly),
		cmocka_unit_test(test_missing_user_has_no_range),
		cmocka_unit_test(test_malformed_lines_are_skipped),
		cmocka_unit_test(test_caller_maps_to_root_and_ranges_pack_from_one),
		cmocka_unit_test(test_range_containing_caller_is_split_around_it),
		cmocka_unit_test(test_overlapping_ranges_are_trimmed),
		cmocka_unit_test(test_no_range_maps_only_the_caller),
		cmocka_unit_test(test_proc_text_is_one_line_per_extent_and_checks_room),
		cmocka_unit_test(test_helper_argv_lists_pid_and_triples),
		cmocka_unit_test(test_user_is_matched_by_uid_alone_without_a_name),
		cmocka_unit_test(test_other_users_and_near_names_are_ignored),
		cmocka_unit_test(test_empty_and_blank_lines_are_skipped),
		cmocka_unit_test(test_fields_with_non_digits_are_skipped),
		cmocka_unit_test(test_zero_count_is_skipped),
		cmocka_unit_test(test_ranges_past_the_last_valid_id_are_skipped),
		cmocka_unit_test(test_crlf_line_endings_are_tolerated),
		cmocka_unit_test(test_last_line_without_newline_is_read),
		cmocka_unit_test(test_at_most_max_ranges_are_returned),
		cmocka_unit_test(test_caller_is_always_the_first_extent_mapped_to_root),
		cmocka_unit_test(test_range_starting_at_the_caller_skips_it),
		cmocka_unit_test(test_range_ending_at_the_caller_stops_before_it),
		cmocka_unit_test(test_range_of_only_the_caller_adds_nothing),
		cmocka_unit_test(test_duplicate_range_is_dropped),
		cmocka_unit_test(test_overlapping_range_keeps_only_its_new_ids),
		cmocka_unit_test(test_range_enclosing_earlier_ones_fills_the_gaps),
		cmocka_unit_test(test_no_outside_id_is_ever_mapped_twice),
		cmocka_unit_test(test_inside_ids_never_reach_the_reserved_id),
		cmocka_unit_test(test_too_many_extents_are_capped),
		cmocka_unit_test(test_direct_plan_is_the_caller_alone),
		cmocka_unit_test(test_proc_text_needs_room_for_its_terminator),
		cmocka_unit_test(test_helper_argv_is_name_pid_then_triples),
		cmocka_unit_test(test_helper_argv_of_a_split_map),
	};
	return cmocka_run_group_tests_name("idmap", tests, NULL, NULL);
}
