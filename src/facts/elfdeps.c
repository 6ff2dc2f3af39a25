// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF dependencies, read from untrusted bytes (pure: the bytes come
 * through a callback).  Only what the dynamic loader itself uses to find
 * libraries is read: the program headers, PT_INTERP, PT_DYNAMIC, and the
 * strings DT_NEEDED, DT_RPATH and DT_RUNPATH point at in DT_STRTAB.
 * Section headers are never trusted or read: the loader ignores them.
 */
#include "elfdeps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void elf_deps_free(struct elf_deps *d)
{
	free(d->interp);
	free(d->script_program);
	for (size_t i = 0; i < d->n_needed; i++)
		free(d->needed[i]);
	free(d->needed);
	free(d->rpath);
	free(d->runpath);
	memset(d, 0, sizeof(*d));
}

/* ---- scripts -------------------------------------------------------- */

/* "#!INTERP ARG": the kernel reads one line of at most ELF_SCRIPT_LINE
 * bytes and passes everything after the interpreter as one argument.
 * For env, the program it runs is the first word that is neither an
 * option nor an assignment (`env -S python3 -u`, `env LANG=C perl`). */
static int parse_script(const char *line, size_t len, struct elf_deps *out,
			struct nb_error *err)
{
	const char *p = line + 2, *end = line + len, *s, *base;
	const char *nl = memchr(line, '\n', len);

	if (nl)
		end = nl;
	out->kind = ELF_KIND_SCRIPT;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (s = p; s < end && *s != ' ' && *s != '\t' && *s; s++)
		;
	if (s == p)
		return 0; /* "#!" alone: the kernel refuses it (ENOEXEC) */
	out->interp = strndup(p, (size_t)(s - p));
	if (!out->interp)
		return nb_fail(err, ENOMEM, "script");
	base = strrchr(out->interp, '/');
	if (strcmp(base ? base + 1 : out->interp, "env") != 0)
		return 0;
	for (p = s; p < end && *p;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (s = p; s < end && *s && *s != ' ' && *s != '\t'; s++)
			;
		if (s == p)
			break;
		if (*p != '-' && !memchr(p, '=', (size_t)(s - p))) {
			out->script_program = strndup(p, (size_t)(s - p));
			if (!out->script_program)
				return nb_fail(err, ENOMEM, "script");
			return 0;
		}
		p = s;
	}
	return 0;
}

/* ---- ELF ------------------------------------------------------------ */

struct elf_file {
	elf_read_fn read;
	void *ctx;
	uint64_t size;
};

/* @len bytes at @off, all inside the file. */
static int read_at(const struct elf_file *f, void *buf, uint64_t len,
		   uint64_t off)
{
	if (off > f->size || len > f->size - off)
		return -1;
	return f->read(f->ctx, buf, (size_t)len, off);
}

/* A string of at most @max bytes at @off of the string table (which
 * begins at file offset @tab and holds @tab_size bytes). */
static char *read_string(const struct elf_file *f, uint64_t tab,
			 uint64_t tab_size, uint64_t off, size_t max,
			 struct nb_error *err)
{
	uint64_t room;
	size_t n;
	char *s;

	if (off >= tab_size)
		return nb_fail(err, 0, "ELF: string offset %llu outside the string table",
			       (unsigned long long)off), NULL;
	room = tab_size - off;
	n = room < max + 1 ? (size_t)room : max + 1;
	s = malloc(n + 1);
	if (!s)
		return nb_fail(err, ENOMEM, "ELF"), NULL;
	if (read_at(f, s, n, tab + off) < 0) {
		free(s);
		return nb_fail(err, 0, "ELF: string table beyond the end of the file"),
		       NULL;
	}
	if (!memchr(s, '\0', n)) {
		free(s);
		return nb_fail(err, 0, "ELF: a string longer than %zu bytes or unterminated",
			       max), NULL;
	}
	return s;
}

/* The file offset of virtual address @addr, which must lie in the file
 * bytes of a PT_LOAD segment, with @len bytes after it there. */
static int vaddr_to_offset(const Elf64_Phdr *ph, size_t n, uint64_t addr,
			   uint64_t len, uint64_t *off)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t rel;

		if (ph[i].p_type != PT_LOAD || addr < ph[i].p_vaddr)
			continue;
		rel = addr - ph[i].p_vaddr;
		if (rel >= ph[i].p_filesz || len > ph[i].p_filesz - rel)
			continue;
		if (ph[i].p_offset > UINT64_MAX - rel)
			return -1;
		*off = ph[i].p_offset + rel;
		return 0;
	}
	return -1;
}

static bool native(const Elf64_Ehdr *eh)
{
#ifdef ELF_NATIVE_MACHINE
	return eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       eh->e_machine == ELF_NATIVE_MACHINE;
#else
	(void)eh;
	return false;
#endif
}

static int read_interp(const struct elf_file *f, const Elf64_Phdr *p,
		       struct elf_deps *out, struct nb_error *err)
{
	if (out->interp)
		return nb_fail(err, 0, "ELF: two PT_INTERP");
	if (p->p_filesz < 2 || p->p_filesz > ELF_PATH_MAX + 1)
		return nb_fail(err, 0, "ELF: PT_INTERP of %llu bytes",
			       (unsigned long long)p->p_filesz);
	out->interp = calloc(1, (size_t)p->p_filesz + 1);
	if (!out->interp)
		return nb_fail(err, ENOMEM, "ELF");
	if (read_at(f, out->interp, p->p_filesz, p->p_offset) < 0)
		return nb_fail(err, 0, "ELF: PT_INTERP beyond the end of the file");
	if (strlen(out->interp) != p->p_filesz - 1 || out->interp[0] != '/')
		return nb_fail(err, 0, "ELF: PT_INTERP is not an absolute path");
	return 0;
}

/* What PT_DYNAMIC says: the needed names' offsets and the string table. */
struct dyn_refs {
	uint64_t needed[ELF_NEEDED_MAX];
	size_t n_needed;
	uint64_t strtab, strsz, rpath, runpath;
	bool has_strtab, has_strsz, has_rpath, has_runpath;
};

static int read_dynamic(const struct elf_file *f, const Elf64_Phdr *p,
			struct dyn_refs *r, struct nb_error *err)
{
	size_t n = (size_t)(p->p_filesz / sizeof(Elf64_Dyn));
	Elf64_Dyn *dyn;
	int rc = 0;

	if (p->p_filesz > ELF_DYNAMIC_MAX)
		return nb_fail(err, 0, "ELF: PT_DYNAMIC of %llu bytes",
			       (unsigned long long)p->p_filesz);
	if (n == 0)
		return 0;
	dyn = malloc(n * sizeof(*dyn));
	if (!dyn)
		return nb_fail(err, ENOMEM, "ELF");
	if (read_at(f, dyn, n * sizeof(*dyn), p->p_offset) < 0) {
		free(dyn);
		return nb_fail(err, 0, "ELF: PT_DYNAMIC beyond the end of the file");
	}
	for (size_t i = 0; i < n && dyn[i].d_tag != DT_NULL && rc == 0; i++) {
		uint64_t v = dyn[i].d_un.d_val;

		switch (dyn[i].d_tag) {
		case DT_NEEDED:
			if (r->n_needed == ELF_NEEDED_MAX)
				rc = nb_fail(err, 0, "ELF: more than %d DT_NEEDED",
					     ELF_NEEDED_MAX);
			else
				r->needed[r->n_needed++] = v;
			break;
		case DT_STRTAB:
			r->strtab = v, r->has_strtab = true;
			break;
		case DT_STRSZ:
			r->strsz = v, r->has_strsz = true;
			break;
		case DT_RPATH:
			r->rpath = v, r->has_rpath = true;
			break;
		case DT_RUNPATH:
			r->runpath = v, r->has_runpath = true;
			break;
		}
	}
	free(dyn);
	return rc;
}

static int read_strings(const struct elf_file *f, const Elf64_Phdr *ph,
			size_t n_ph, const struct dyn_refs *r,
			struct elf_deps *out, struct nb_error *err)
{
	uint64_t tab;

	if (!r->n_needed && !r->has_rpath && !r->has_runpath)
		return 0;
	if (!r->has_strtab || !r->has_strsz || r->strsz == 0)
		return nb_fail(err, 0, "ELF: no string table");
	if (vaddr_to_offset(ph, n_ph, r->strtab, r->strsz, &tab) < 0)
		return nb_fail(err, 0, "ELF: the string table is in no loaded segment");
	out->needed = calloc(r->n_needed ? r->n_needed : 1, sizeof(char *));
	if (!out->needed)
		return nb_fail(err, ENOMEM, "ELF");
	for (size_t i = 0; i < r->n_needed; i++) {
		char *name = read_string(f, tab, r->strsz, r->needed[i],
					 ELF_NAME_MAX, err);

		if (!name)
			return -1;
		if (!name[0]) {
			free(name);
			return nb_fail(err, 0, "ELF: an empty DT_NEEDED");
		}
		out->needed[out->n_needed++] = name;
	}
	if (r->has_rpath &&
	    !(out->rpath = read_string(f, tab, r->strsz, r->rpath,
					ELF_PATH_MAX, err)))
		return -1;
	if (r->has_runpath &&
	    !(out->runpath = read_string(f, tab, r->strsz, r->runpath,
					  ELF_PATH_MAX, err)))
		return -1;
	return 0;
}

static int parse_elf(const struct elf_file *f, struct elf_deps *out,
		     struct nb_error *err)
{
	struct dyn_refs *refs = NULL;
	const Elf64_Phdr *dynamic = NULL;
	Elf64_Phdr *ph = NULL;
	Elf64_Ehdr eh;
	int rc = -1;

	if (read_at(f, &eh, sizeof(eh), 0) < 0) {
		/* too short for a 64-bit header: a 32-bit object, or junk */
		out->kind = ELF_KIND_FOREIGN;
		return 0;
	}
	if (!native(&eh)) {
		out->kind = ELF_KIND_FOREIGN;
		return 0;
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		out->kind = ELF_KIND_OTHER; /* relocatable, core: not loaded */
		return 0;
	}
	out->kind = ELF_KIND_NATIVE;
	if (eh.e_phnum == 0)
		return 0;
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > ELF_PHNUM_MAX)
		return nb_fail(err, 0, "ELF: %u program headers of %u bytes",
			       eh.e_phnum, eh.e_phentsize);
	ph = calloc(eh.e_phnum, sizeof(*ph));
	refs = calloc(1, sizeof(*refs));
	if (!ph || !refs) {
		nb_fail(err, ENOMEM, "ELF");
		goto out;
	}
	if (read_at(f, ph, (uint64_t)eh.e_phnum * sizeof(*ph), eh.e_phoff) < 0) {
		nb_fail(err, 0, "ELF: program headers beyond the end of the file");
		goto out;
	}
	for (size_t i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP && read_interp(f, &ph[i], out, err) < 0)
			goto out;
		if (ph[i].p_type == PT_DYNAMIC) {
			if (dynamic) {
				nb_fail(err, 0, "ELF: two PT_DYNAMIC");
				goto out;
			}
			dynamic = &ph[i];
		}
	}
	if (dynamic && (read_dynamic(f, dynamic, refs, err) < 0 ||
			read_strings(f, ph, eh.e_phnum, refs, out, err) < 0))
		goto out;
	rc = 0;
out:
	free(ph);
	free(refs);
	return rc;
}

int elf_deps_read(elf_read_fn read, void *ctx, uint64_t size,
		  struct elf_deps *out, struct nb_error *err)
{
	const struct elf_file f = { read, ctx, size };
	char head[ELF_SCRIPT_LINE];
	size_t n = size < sizeof(head) ? (size_t)size : sizeof(head);
	int rc;

	memset(out, 0, sizeof(*out));
	if (n < 4 || read_at(&f, head, n, 0) < 0)
		return 0; /* too short to be either: ELF_KIND_OTHER */
	if (head[0] == '#' && head[1] == '!')
		rc = parse_script(head, n, out, err);
	else if (memcmp(head, ELFMAG, SELFMAG) == 0)
		rc = parse_elf(&f, out, err);
	else
		return 0;
	if (rc < 0)
		elf_deps_free(out);
	return rc;
}

struct buffer {
	const unsigned char *p;
	size_t len;
};

static int buffer_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	const struct buffer *b = ctx;

	if (off > b->len || len > b->len - off)
		return -1;
	memcpy(buf, b->p + off, len);
	return 0;
}

int elf_deps_from_buffer(const void *buf, size_t len, struct elf_deps *out,
			 struct nb_error *err)
{
	struct buffer b = { buf, len };

	return elf_deps_read(buffer_read, &b, len, out, err);
}

/* ---- rpath entries -------------------------------------------------- */

static int append(char *out, size_t size, size_t *at, const char *s, size_t n)
{
	if (n >= size - *at)
		return -1;
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = '\0';
	return 0;
}

/* Does @p (of @len bytes) start with the token $NAME or ${NAME}?  Its
 * length in *@tok. */
static bool token(const char *p, size_t len, const char *name, size_t *tok)
{
	size_t n = strlen(name);

	if (len >= n + 1 && strncmp(p + 1, name, n) == 0 &&
	    (len == n + 1 || !(p[n + 1] == '_' ||
			       (p[n + 1] >= 'A' && p[n + 1] <= 'Z') ||
			       (p[n + 1] >= 'a' && p[n + 1] <= 'z') ||
			       (p[n + 1] >= '0' && p[n + 1] <= '9')))) {
		*tok = n + 1;
		return true;
	}
	if (len >= n + 3 && p[1] == '{' && strncmp(p + 2, name, n) == 0 &&
	    p[n + 2] == '}') {
		*tok = n + 3;
		return true;
	}
	return false;
}

int elf_expand_rpath(const char *entry, size_t len, const char *origin,
		     char *out, size_t size)
{
	size_t at = 0, tok;

	if (size == 0)
		return -1;
	out[0] = '\0';
	for (size_t i = 0; i < len;) {
		const char *p = entry + i;

		if (*p != '$') {
			if (!*p || append(out, size, &at, p, 1) < 0)
				return -1;
			i++;
		} else if (token(p, len - i, "ORIGIN", &tok)) {
			if (!origin || append(out, size, &at, origin,
					      strlen(origin)) < 0)
				return -1;
			i += tok;
		} else if (token(p, len - i, "LIB", &tok)) {
#ifdef ELF_NATIVE_MULTIARCH
			if (append(out, size, &at, "lib/" ELF_NATIVE_MULTIARCH,
				   strlen("lib/" ELF_NATIVE_MULTIARCH)) < 0)
				return -1;
#else
			return -1;
#endif
			i += tok;
		} else {
			return -1; /* $PLATFORM, or unknown */
		}
	}
	return out[0] == '/' ? 0 : -1;
}
