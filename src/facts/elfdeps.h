/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a program file needs to run (pure): for an ELF object of this
 * machine, its dynamic loader (PT_INTERP), the libraries it names
 * (DT_NEEDED) and where it says to look for them (DT_RPATH, DT_RUNPATH);
 * for a script, its interpreter.  private-lib (fsfacts_lib.c) follows
 * these from the program to every library it loads.
 *
 * The file is hostile: every offset and size is checked against the file
 * and against fixed limits before it is used, and only the few bytes
 * needed are read (a library can weigh 100 MB), through a read callback
 * (pread on a descriptor, or a buffer in tests and the fuzzer).
 */
#ifndef NESTBOX_ELFDEPS_H
#define NESTBOX_ELFDEPS_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

/* The one ELF flavour read: 64-bit, little-endian, this machine.  Its
 * libraries live in /usr/lib/ELF_NATIVE_MULTIARCH (Debian's multiarch
 * directory, the loader's default). */
#if defined(__x86_64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ELF_NATIVE_MACHINE EM_X86_64
#define ELF_NATIVE_MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ELF_NATIVE_MACHINE EM_AARCH64
#define ELF_NATIVE_MULTIARCH "aarch64-linux-gnu"
#endif

/* Limits: far above any real object, low enough that a crafted file
 * cannot make nestbox allocate or read much. */
#define ELF_PHNUM_MAX 512
#define ELF_DYNAMIC_MAX (64 * 1024)	/* bytes of PT_DYNAMIC */
#define ELF_NEEDED_MAX 256		/* DT_NEEDED entries */
#define ELF_NAME_MAX 255		/* a needed name */
#define ELF_PATH_MAX 4095		/* PT_INTERP, an rpath, #! line */
#define ELF_SCRIPT_LINE 256		/* the kernel's BINPRM_BUF_SIZE */

enum elf_kind {
	ELF_KIND_OTHER,		/* neither ELF nor script: nothing to follow */
	ELF_KIND_NATIVE,	/* ELF of this machine: fields below */
	ELF_KIND_FOREIGN,	/* ELF of another class, byte order or machine */
	ELF_KIND_SCRIPT,	/* #!: interp (and env's program) */
};

struct elf_deps {
	enum elf_kind kind;
	char *interp;		/* PT_INTERP, or the script's interpreter */
	char *script_program;	/* #!/usr/bin/env NAME: NAME */
	char **needed;
	size_t n_needed;
	char *rpath;		/* DT_RPATH, colon-separated, unexpanded */
	char *runpath;		/* DT_RUNPATH */
};

/* Read @len bytes at @off into @buf: 0, or -1 if they are not all there. */
typedef int (*elf_read_fn)(void *ctx, void *buf, size_t len, uint64_t off);

/* Inspect a file of @size bytes.  0 with @out filled (kind says what it
 * is), or -1 with @err for a malformed ELF object. */
int elf_deps_read(elf_read_fn read, void *ctx, uint64_t size,
		  struct elf_deps *out, struct nb_error *err);

/* The same, from a buffer holding the whole file. */
int elf_deps_from_buffer(const void *buf, size_t len, struct elf_deps *out,
			 struct nb_error *err);

void elf_deps_free(struct elf_deps *d);

/*
 * One rpath entry with the loader's substitutions: $ORIGIN (the object's
 * directory, @origin) and $LIB.  -1 when it cannot be expanded here
 * ($PLATFORM, an unknown token) or does not fit in @size.
 */
int elf_expand_rpath(const char *entry, size_t len, const char *origin,
		     char *out, size_t size);

#endif
