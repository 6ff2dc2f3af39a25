// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF dependencies from bytes: the real programs and libraries of this
 * machine read into memory, scripts, and malformed files, which must give
 * an error or nothing, never a crash or a read out of bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elfdeps.h"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool needs(const struct elf_deps *d, const char *name)
{
	for (size_t i = 0; i < d->n_needed; i++)
		if (strcmp(d->needed[i], name) == 0)
			return true;
	return false;
}

static void test_a_program_needs_the_loader_and_libc(void **state)
{
	struct nb_error err = { 0 };
	struct elf_deps d;
	size_t len;
	unsigned char *buf = slurp("/bin/ls", &len);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_NATIVE);
	assert_non_null(d.interp);
	assert_non_null(strstr(d.interp, "ld-linux"));
	assert_true(needs(&d, "libc.so.6"));
	assert_true(needs(&d, "libselinux.so.1"));
	elf_deps_free(&d);
	free(buf);
}

static void test_libc_needs_only_the_loader(void **state)
{
	struct nb_error err = { 0 };
	struct elf_deps d;
	size_t len;
	unsigned char *buf =
		slurp("/usr/lib/" ELF_NATIVE_MULTIARCH "/libc.so.6", &len);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_NATIVE);
	assert_int_equal(d.n_needed, 1);
	assert_non_null(strstr(d.needed[0], "ld-linux"));
	elf_deps_free(&d);
	free(buf);
}

static void test_scripts_name_their_interpreter(void **state)
{
	static const char *const env = "#!/usr/bin/env -S LANG=C python3 -u\nprint(1)\n";
	static const char *const sh = "#! /bin/sh -e\necho ok\n";
	struct nb_error err = { 0 };
	struct elf_deps d;

	(void)state;
	assert_int_equal(elf_deps_from_buffer(env, strlen(env), &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_SCRIPT);
	assert_string_equal(d.interp, "/usr/bin/env");
	assert_string_equal(d.script_program, "python3");
	elf_deps_free(&d);
	assert_int_equal(elf_deps_from_buffer(sh, strlen(sh), &d, &err), 0);
	assert_string_equal(d.interp, "/bin/sh");
	assert_null(d.script_program);
	elf_deps_free(&d);
	assert_int_equal(elf_deps_from_buffer("hello world", 11, &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_OTHER);
	elf_deps_free(&d);
}

static void test_other_machines_are_foreign(void **state)
{
	struct nb_error err = { 0 };
	struct elf_deps d;
	size_t len;
	unsigned char *buf = slurp("/bin/ls", &len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	(void)state;
	eh->e_machine = EM_RISCV;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_FOREIGN);
	eh->e_machine = ELF_NATIVE_MACHINE;
	buf[EI_CLASS] = ELFCLASS32;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), 0);
	assert_int_equal(d.kind, ELF_KIND_FOREIGN);
	free(buf);
}

/* Fields a crafted file may lie in: each is refused with a message. */
static void test_lying_headers_are_refused(void **state)
{
	struct nb_error err = { 0 };
	struct elf_deps d;
	size_t len;
	unsigned char *orig = slurp("/bin/ls", &len);
	unsigned char *buf = malloc(len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph;

	(void)state;
	memcpy(buf, orig, len);
	eh->e_phnum = 60000;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), -1);
	assert_non_null(strstr(err.msg, "program headers"));

	memcpy(buf, orig, len);
	eh->e_phoff = len - 8;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), -1);

	memcpy(buf, orig, len);
	ph = (Elf64_Phdr *)(buf + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			ph[i].p_offset = UINT64_MAX - 4;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), -1);
	assert_non_null(strstr(err.msg, "PT_DYNAMIC"));

	memcpy(buf, orig, len);
	for (size_t i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			ph[i].p_filesz = 1u << 20;
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), -1);
	assert_non_null(strstr(err.msg, "PT_INTERP"));

	/* the string table claimed to reach past its segment */
	memcpy(buf, orig, len);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		Elf64_Dyn *dyn;

		if (ph[i].p_type != PT_DYNAMIC)
			continue;
		for (dyn = (Elf64_Dyn *)(buf + ph[i].p_offset);
		     dyn->d_tag != DT_NULL; dyn++)
			if (dyn->d_tag == DT_STRSZ)
				dyn->d_un.d_val = UINT64_MAX;
	}
	assert_int_equal(elf_deps_from_buffer(buf, len, &d, &err), -1);
	assert_non_null(strstr(err.msg, "string table"));
	free(buf);
	free(orig);
}

/* Every prefix of a real program, and random damage to it: an error or
 * a result, never a crash (AddressSanitizer watches under check-asan). */
static void test_truncated_and_damaged_files_never_crash(void **state)
{
	struct nb_error err = { 0 };
	struct elf_deps d;
	size_t len;
	unsigned char *orig = slurp("/bin/ls", &len);
	unsigned char *buf = malloc(len);
	uint32_t seed = 12345;

	(void)state;
	for (size_t n = 0; n < 8192 && n < len; n++) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, orig, n);
		if (elf_deps_from_buffer(copy, n, &d, &err) == 0)
			elf_deps_free(&d);
		free(copy);
	}
	for (int round = 0; round < 3000; round++) {
		memcpy(buf, orig, len);
		for (int k = 0; k < 4; k++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			/* mostly the headers, where the offsets are */
			at = (seed >> 8) % (k < 3 ? 4096 : len);
			seed = seed * 1103515245u + 12345u;
			buf[at] = (unsigned char)(seed >> 16);
		}
		if (elf_deps_from_buffer(buf, len, &d, &err) == 0)
			elf_deps_free(&d);
	}
	free(buf);
	free(orig);
}

static void test_rpath_tokens_expand(void **state)
{
	char out[64];
	const char *e;

	(void)state;
	e = "$ORIGIN/../lib";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/opt/app/bin", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "/opt/app/bin/../lib");
	e = "${ORIGIN}/x:ignored";
	assert_int_equal(elf_expand_rpath(e, 11, "/a", out, sizeof(out)), 0);
	assert_string_equal(out, "/a/x");
	e = "/usr/$LIB/foo";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/a", out, sizeof(out)),
			 0);
	assert_string_equal(out, "/usr/lib/" ELF_NATIVE_MULTIARCH "/foo");
	e = "$PLATFORM/x";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/a", out, sizeof(out)),
			 -1);
	e = "$ORIGINAL";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/a", out, sizeof(out)),
			 -1);
	e = "relative/dir";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/a", out, sizeof(out)),
			 -1);
	/* a cut path would name another directory */
	e = "$ORIGIN/0123456789012345678901234567890123456789";
	assert_int_equal(elf_expand_rpath(e, strlen(e), "/0123456789012345678901",
					  out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_program_needs_the_loader_and_libc),
		cmocka_unit_test(test_libc_needs_only_the_loader),
		cmocka_unit_test(test_scripts_name_their_interpreter),
		cmocka_unit_test(test_other_machines_are_foreign),
		cmocka_unit_test(test_lying_headers_are_refused),
		cmocka_unit_test(test_truncated_and_damaged_files_never_crash),
		cmocka_unit_test(test_rpath_tokens_expand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
