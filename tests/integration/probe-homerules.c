// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-homerules: the attacks of issue #19 on home's code-running paths,
 * from inside a sandbox (homerules.sh), and outside on a scratch tree as
 * the control that shows each would work without the sandbox.
 *
 *   probe-homerules HOME MARK KIND:REL...     (KIND: d directory, f file)
 *
 * For each path X = HOME/REL, each way to leave MARK at X:
 *   write          append MARK to X (a file), or create X/nbx-MARK in X
 *                  (a directory), X created first when missing;
 *   replace        rename X away, then create X anew holding MARK;
 *   parent:A       rename A (each directory between HOME and X) away,
 *                  create A again with X below it holding MARK;
 *   exchange:A     build A's replacement beside it, with X holding MARK,
 *                  and swap the two (renameat2 RENAME_EXCHANGE).
 * One line per attempt, "REL STEP OK" when MARK reached X, else the errno
 * name of the call that failed.  A successful attempt is undone at once
 * (the original put back, what was planted renamed to *.nbx-plantedN-MARK,
 * which still holds MARK) so that the next one meets the same tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *mark;
static int attempt;	/* names what each attempt moves apart */

static const char *err_name(void)
{
	const char *name = strerrorname_np(errno);

	return name ? name : "E?";
}

static int mkdirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int write_mark(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags,
		      0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, mark, strlen(mark));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* MARK at @x: in the file, or in a file of the directory */
static int plant(const char *x, char kind)
{
	char in[PATH_MAX];
	char parent[PATH_MAX];

	snprintf(parent, sizeof(parent), "%s", x);
	*strrchr(parent, '/') = '\0';
	if (mkdirs(parent) < 0)
		return -1;
	if (kind == 'f')
		return write_mark(x, O_APPEND);
	if (mkdir(x, 0755) < 0 && errno != EEXIST)
		return -1;
	snprintf(in, sizeof(in), "%s/nbx-%s", x, mark);
	return write_mark(in, O_TRUNC);
}

static void say(const char *rel, const char *step, const char *what, int ok)
{
	printf("%s %s%s%s %s\n", rel, step, what ? ":" : "", what ? what : "",
	       ok ? "OK" : err_name());
}

/* @a renamed to @a.nbx-old-MARK worked: put the original back, keeping
 * what was planted (if anything) as @a.nbx-planted-MARK. */
static void undo_rename(const char *a, const char *old)
{
	char planted[PATH_MAX * 2];

	snprintf(planted, sizeof(planted), "%s.nbx-planted%d-%s", a,
		 ++attempt, mark);
	rename(a, planted);
	rename(old, a);
}

static int rm_one(const char *p, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(p);
	return 0;
}

static void attack(const char *home, const char *spec)
{
	char kind = spec[0];
	const char *rel = spec + 2;
	char x[PATH_MAX], a[PATH_MAX], old[PATH_MAX * 2], xchg[PATH_MAX * 2],
		sub[PATH_MAX * 3];
	int ok;

	snprintf(x, sizeof(x), "%s/%s", home, rel);
	say(rel, "write", NULL, plant(x, kind) == 0);

	snprintf(old, sizeof(old), "%s.nbx-old-%s", x, mark);
	if (rename(x, old) < 0) {
		say(rel, "replace", NULL, 0);
	} else {
		ok = plant(x, kind) == 0;
		say(rel, "replace", NULL, ok);
		undo_rename(x, old);
	}

	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		char what[PATH_MAX];

		snprintf(what, sizeof(what), "%.*s", (int)(s - rel), rel);
		snprintf(a, sizeof(a), "%s/%.*s", home, (int)(s - rel), rel);
		snprintf(old, sizeof(old), "%s.nbx-old-%s", a, mark);
		if (rename(a, old) < 0) {
			say(rel, "parent", what, 0);
		} else {
			ok = plant(x, kind) == 0;
			say(rel, "parent", what, ok);
			undo_rename(a, old);
		}

		/* the replacement beside A, in the same directory */
		snprintf(xchg, sizeof(xchg), "%s", a);
		*strrchr(xchg, '/') = '\0';
		snprintf(xchg + strlen(xchg), sizeof(xchg) - strlen(xchg),
			 "/nbx-xchg%d-%s", ++attempt, mark);
		snprintf(sub, sizeof(sub), "%s%s", xchg, s);
		if (plant(sub, kind) < 0) {
			say(rel, "exchange", what, 0);
			nftw(xchg, rm_one, 8, FTW_DEPTH | FTW_PHYS);
			continue;
		}
		if (renameat2(AT_FDCWD, xchg, AT_FDCWD, a, RENAME_EXCHANGE) < 0) {
			say(rel, "exchange", what, 0);
			nftw(xchg, rm_one, 8, FTW_DEPTH | FTW_PHYS);
			continue;
		}
		say(rel, "exchange", what, 1);
		/* swapped back; the planted tree stays in xchg, with MARK */
		renameat2(AT_FDCWD, xchg, AT_FDCWD, a, RENAME_EXCHANGE);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s HOME MARK KIND:REL...\n", argv[0]);
		return 2;
	}
	mark = argv[2];
	for (int i = 3; i < argc; i++) {
		if ((argv[i][0] != 'd' && argv[i][0] != 'f') ||
		    argv[i][1] != ':') {
			fprintf(stderr, "%s: not KIND:REL\n", argv[i]);
			return 2;
		}
		attack(argv[1], argv[i]);
	}
	return 0;
}
