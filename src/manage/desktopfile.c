// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Desktop entry files: read line by line, as the specification has them
 * (comments, [Group] headers, Key[locale]=value), and copied line by
 * line with the few changes --integrate makes; every other byte of the
 * original is kept, translations and comments included.
 */
#include "desktopfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN_GROUP "Desktop Entry"

struct dline {
	const char *start;
	size_t len;		/* without the newline */
	unsigned no;
	enum { DL_BLANK, DL_COMMENT, DL_GROUP, DL_KEY } kind;
	const char *name;	/* group name, or key (with its [locale]) */
	size_t name_len;
	const char *value;	/* DL_KEY */
	size_t value_len;
};

static bool next_line(const char **p, unsigned *no, struct dline *l)
{
	const char *s = *p, *nl;

	if (!*s)
		return false;
	nl = strchr(s, '\n');
	memset(l, 0, sizeof(*l));
	l->start = s;
	l->len = nl ? (size_t)(nl - s) : strlen(s);
	l->no = ++*no;
	*p = nl ? nl + 1 : s + l->len;
	return true;
}

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/* Classifies @l; -1 with "PATH:LINE: problem" for a line that is none
 * of the four kinds. */
static int classify(const char *path, struct dline *l, struct nb_error *err)
{
	const char *s = l->start, *end = l->start + l->len;
	const char *k;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s == end || (s + 1 == end && *s == '\r')) {
		l->kind = DL_BLANK;
		return 0;
	}
	if (*s == '#') {
		l->kind = DL_COMMENT;
		return 0;
	}
	if (*s == '[') {
		const char *close = memchr(s, ']', (size_t)(end - s));

		if (!close || close == s + 1 || close + 1 != end)
			return nb_fail(err, 0, "%s:%u: a group header is [NAME] alone on its line",
				       path, l->no);
		for (const char *c = s + 1; c < close; c++)
			if ((unsigned char)*c < 0x20 || *c == '[' || *c == 0x7f)
				return nb_fail(err, 0, "%s:%u: a control character or '[' in a group name",
					       path, l->no);
		l->kind = DL_GROUP;
		l->name = s + 1;
		l->name_len = (size_t)(close - s - 1);
		return 0;
	}
	k = s;
	while (k < end && key_char(*k))
		k++;
	if (k < end && *k == '[') {
		const char *close = memchr(k, ']', (size_t)(end - k));

		if (!close)
			return nb_fail(err, 0, "%s:%u: a key's [locale] is not closed",
				       path, l->no);
		k = close + 1;
	}
	if (k == s)
		return nb_fail(err, 0, "%s:%u: neither KEY=VALUE, a [GROUP] nor a # comment",
			       path, l->no);
	l->name = s;
	l->name_len = (size_t)(k - s);
	while (k < end && (*k == ' ' || *k == '\t'))
		k++;
	if (k == end || *k != '=')
		return nb_fail(err, 0, "%s:%u: neither KEY=VALUE, a [GROUP] nor a # comment",
			       path, l->no);
	k++;
	while (k < end && (*k == ' ' || *k == '\t'))
		k++;
	l->kind = DL_KEY;
	l->value = k;
	l->value_len = (size_t)(end - k);
	/* a file written on Windows: the \r is not part of the value */
	if (l->value_len && l->value[l->value_len - 1] == '\r')
		l->value_len--;
	return 0;
}

static bool is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* ------------------------------------------------------------ Exec */

/*
 * An Exec value is a string (escapes \s \n \t \r \\) whose unescaped
 * text is a command line: words separated by spaces, a word in double
 * quotes may hold spaces and \" \` \$ \\.  @map[i] is where unescaped
 * byte i starts in the raw value, so that nestbox can be inserted into
 * the raw text at a word's start and nothing else changes.
 */
static void unescape_value(const char *raw, size_t len, char *out,
			   size_t *map, size_t *n)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		map[o] = i;
		if (raw[i] == '\\' && i + 1 < len) {
			char c = raw[i + 1];
			char v = c == 's' ? ' ' : c == 'n' ? '\n' : c == 't' ? '\t' :
				 c == 'r' ? '\r' : c == '\\' ? '\\' : 0;

			if (v) {
				out[o++] = v;
				i++;
				continue;
			}
		}
		out[o++] = raw[i];
	}
	out[o] = '\0';
	map[o] = len;
	*n = o;
}

/* The next word of @u from *@i: its decoded text (malloc'd) and where
 * it starts; 0 at the end, -1 for an unterminated quote or no memory. */
static int next_word(const char *u, size_t n, size_t *i, char **word,
		     size_t *at)
{
	char *w;
	size_t o = 0;

	while (*i < n && u[*i] == ' ')
		(*i)++;
	if (*i >= n)
		return 0;
	*at = *i;
	w = malloc(n - *i + 1);
	if (!w)
		return -1;
	if (u[*i] == '"') {
		(*i)++;
		while (*i < n && u[*i] != '"') {
			if (u[*i] == '\\' && *i + 1 < n &&
			    strchr("\"`$\\", u[*i + 1]))
				(*i)++;
			w[o++] = u[(*i)++];
		}
		if (*i >= n) {
			free(w);
			return -1;
		}
		(*i)++;
	} else {
		while (*i < n && u[*i] != ' ')
			w[o++] = u[(*i)++];
	}
	w[o] = '\0';
	*word = w;
	return 1;
}

/*
 * The program of the Exec value @raw: the first word, or after `env`
 * the first word that is not VAR=VALUE.  *@program (malloc'd) and
 * *@raw_at, where its word starts in @raw.
 */
static int exec_program(const char *path, unsigned no, const char *raw,
			size_t len, char **program, size_t *raw_at,
			struct nb_error *err)
{
	char *u = malloc(len + 1), *word = NULL;
	size_t *map = malloc((len + 1) * sizeof(*map));
	size_t n, i = 0, at = 0;
	bool after_env = false;
	int rc;

	if (!u || !map) {
		free(u);
		free(map);
		return nb_fail(err, ENOMEM, "%s:%u", path, no);
	}
	unescape_value(raw, len, u, map, &n);
	for (;;) {
		rc = next_word(u, n, &i, &word, &at);
		if (rc <= 0)
			break;
		if (!after_env && strcmp(desktop_program_name(word), "env") == 0) {
			after_env = true;
		} else if (after_env && word[0] != '-' && strchr(word, '=')) {
			;	/* env's VAR=VALUE */
		} else {
			break;
		}
		free(word);
		word = NULL;
	}
	if (rc < 0)
		nb_fail(err, 0, "%s:%u: Exec: a quote is not closed", path, no);
	else if (rc == 0)
		nb_fail(err, 0, "%s:%u: Exec names no program", path, no);
	else if (word[0] == '-' || word[0] == '%' || !word[0])
		nb_fail(err, 0, "%s:%u: Exec: cannot tell the program from '%s'",
			path, no, word);
	else {
		*program = word;
		*raw_at = map[at];
		word = NULL;
	}
	free(word);
	free(u);
	free(map);
	return rc == 1 && *program ? 0 : -1;
}

const char *desktop_program_name(const char *program)
{
	const char *slash = strrchr(program, '/');

	return slash ? slash + 1 : program;
}

/* ------------------------------------------------------------ reading */

static char *dup_value(const struct dline *l)
{
	return strndup(l->value, l->value_len);
}

int desktop_info_read(const char *path, const char *text,
		      struct desktop_info *info, struct nb_error *err)
{
	const char *p = text;
	unsigned no = 0;
	struct dline l;
	bool in_main = false, seen_group = false;

	memset(info, 0, sizeof(*info));
	while (next_line(&p, &no, &l)) {
		if (classify(path, &l, err) < 0)
			return -1;
		if (l.kind == DL_GROUP) {
			if (!seen_group && !is(l.name, l.name_len, MAIN_GROUP))
				return nb_fail(err, 0, "%s:%u: the first group is not [" MAIN_GROUP "]",
					       path, l.no);
			seen_group = true;
			in_main = is(l.name, l.name_len, MAIN_GROUP);
			continue;
		}
		if (l.kind != DL_KEY)
			continue;
		if (!seen_group)
			return nb_fail(err, 0, "%s:%u: a key before any group",
				       path, l.no);
		if (!in_main)
			continue;
		if (is(l.name, l.name_len, "Type"))
			info->application = is(l.value, l.value_len, "Application");
		else if (is(l.name, l.name_len, "Hidden"))
			info->hidden = is(l.value, l.value_len, "true");
		else if (is(l.name, l.name_len, "DBusActivatable"))
			info->dbus_activatable = is(l.value, l.value_len, "true");
		else if (is(l.name, l.name_len, DESKTOP_MARKER_KEY) && !info->marker) {
			info->marker = dup_value(&l);
			if (!info->marker)
				return nb_fail(err, ENOMEM, "%s", path);
		} else if (is(l.name, l.name_len, "Exec") && !info->program) {
			size_t at;

			if (exec_program(path, l.no, l.value, l.value_len,
					 &info->program, &at, err) < 0)
				return -1;
		}
	}
	if (!seen_group)
		return nb_fail(err, 0, "%s: no [" MAIN_GROUP "] group", path);
	return 0;
}

void desktop_info_free(struct desktop_info *info)
{
	free(info->program);
	free(info->marker);
	info->program = NULL;
	info->marker = NULL;
}

/* ------------------------------------------------------------ writing */

struct buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = realloc(b->s, cap);

		if (!grown) {
			b->failed = true;
			return;
		}
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/*
 * @nestbox as the first word of an Exec value, raw: quoted when it holds
 * a byte the command-line syntax reserves (the specification's list, or
 * anything outside a plain path's letters), '%' doubled (a field code
 * otherwise), then every '\' doubled for the string escapes.
 */
static void put_exec_word(struct buf *b, const char *word)
{
	bool plain = true;

	for (const char *c = word; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || strchr("/._+,-", *c)))
			plain = false;
	if (plain) {
		puts_(b, word);
		return;
	}
	puts_(b, "\"");
	for (const char *c = word; *c; c++) {
		/* the quoting's '\' before a reserved byte, string-escaped;
		 * a '\' itself string-escaped too */
		if (strchr("\"`$\\", *c))
			puts_(b, "\\\\");
		if (*c == '\\')
			puts_(b, "\\\\");
		else if (*c == '%')
			puts_(b, "%%");
		else
			put(b, c, 1);
	}
	puts_(b, "\"");
}

static void put_marker(struct buf *b, const char *source)
{
	puts_(b, "# nestbox --integrate wrote this copy of ");
	puts_(b, source);
	puts_(b, ": every Exec\n"
		 "# runs the program in its sandbox.  nestbox --unintegrate removes it,\n"
		 "# unless it was edited since.\n"
		 DESKTOP_MARKER_KEY "=");
	for (const char *c = source; *c; c++)
		puts_(b, *c == '\\' ? "\\\\" : (char[]){ *c, 0 });
	puts_(b, "\n");
}

static int rewrite_exec(const char *source, const struct dline *l,
			const char *nestbox, struct buf *b, struct nb_error *err)
{
	char *program = NULL;
	size_t at;

	if (exec_program(source, l->no, l->value, l->value_len, &program, &at,
			 err) < 0)
		return -1;
	free(program);
	/* the line up to the program's word, nestbox, the rest as it was */
	put(b, l->start, (size_t)(l->value - l->start) + at);
	put_exec_word(b, nestbox);
	puts_(b, " ");
	put(b, l->value + at, l->len - (size_t)(l->value - l->start) - at);
	puts_(b, "\n");
	return 0;
}

int desktop_rewrite(const char *source, const char *text, const char *nestbox,
		    char **out, struct nb_error *err)
{
	struct buf b = { 0 };
	const char *p = text;
	unsigned no = 0;
	struct dline l;
	bool seen_group = false, in_main = false;

	*out = NULL;
	if (nestbox[0] != '/' || has_control(nestbox))
		return nb_fail(err, 0, "nestbox's path %s: not absolute, or has a control character",
			       nestbox);
	if (has_control(source))
		return nb_fail(err, 0, "%s: a control character in the path", source);
	while (next_line(&p, &no, &l)) {
		if (classify(source, &l, err) < 0)
			goto fail;
		if (l.kind == DL_GROUP) {
			if (!seen_group && !is(l.name, l.name_len, MAIN_GROUP)) {
				nb_fail(err, 0, "%s:%u: the first group is not [" MAIN_GROUP "]",
					source, l.no);
				goto fail;
			}
			seen_group = true;
			in_main = is(l.name, l.name_len, MAIN_GROUP);
			put(&b, l.start, l.len);
			puts_(&b, "\n");
			if (in_main)
				put_marker(&b, source);
			continue;
		}
		if (l.kind == DL_KEY && !seen_group) {
			nb_fail(err, 0, "%s:%u: a key before any group", source, l.no);
			goto fail;
		}
		if (l.kind == DL_KEY && in_main &&
		    is(l.name, l.name_len, DESKTOP_MARKER_KEY)) {
			nb_fail(err, 0, "%s:%u: a copy nestbox --integrate wrote already",
				source, l.no);
			goto fail;
		}
		/* the actions' Exec, and any other group's (Unity's
		 * "Shortcut Group"s have one too): whoever reads it starts
		 * the program through nestbox */
		if (l.kind == DL_KEY && is(l.name, l.name_len, "Exec")) {
			if (rewrite_exec(source, &l, nestbox, &b, err) < 0)
				goto fail;
			continue;
		}
		if (l.kind == DL_KEY && in_main &&
		    is(l.name, l.name_len, "DBusActivatable") &&
		    is(l.value, l.value_len, "true")) {
			/* the menu would ask the bus for the program's service,
			 * and the bus starts it from its own .service file:
			 * outside the sandbox.  false: the menu runs Exec. */
			puts_(&b, "# nestbox: DBusActivatable=true turned off: D-Bus activation starts\n"
				  "# the program from its D-Bus service file, outside the sandbox.\n"
				  "DBusActivatable=false\n");
			continue;
		}
		put(&b, l.start, l.len);
		puts_(&b, "\n");
	}
	if (!seen_group) {
		nb_fail(err, 0, "%s: no [" MAIN_GROUP "] group", source);
		goto fail;
	}
	if (b.failed) {
		nb_fail(err, ENOMEM, "%s", source);
		goto fail;
	}
	*out = b.s;
	return 0;
fail:
	free(b.s);
	return -1;
}

uint64_t desktop_hash(const char *text)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		h ^= *c;
		h *= 0x100000001b3ULL;
	}
	return h;
}
