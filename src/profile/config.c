// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nestbox.conf: firejail.config's line format, with only the keys that
 * nestbox acts on.  Anything else is an error rather than ignored: a
 * misspelt `browser-alow-drm yes` silently doing nothing is the kind of
 * surprise a security tool's configuration must not have.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* One row per key: a yes/no switch, or a size. */
enum config_kind { CONFIG_SWITCH, CONFIG_SIZE };

static const struct {
	const char *key;
	enum config_kind kind;
	size_t offset;
} config_keys[] = {
	{ "browser-disable-u2f", CONFIG_SWITCH,
	  offsetof(struct nestbox_config, browser_disable_u2f) },
	{ "browser-allow-drm", CONFIG_SWITCH,
	  offsetof(struct nestbox_config, browser_allow_drm) },
	{ "allow-tray", CONFIG_SWITCH,
	  offsetof(struct nestbox_config, allow_tray) },
	{ "tmpfs-size", CONFIG_SIZE,
	  offsetof(struct nestbox_config, tmpfs_size) },
};

#define N_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))

void config_defaults(struct nestbox_config *c)
{
	c->browser_disable_u2f = true;
	c->browser_allow_drm = false;
	c->allow_tray = false;
	snprintf(c->tmpfs_size, sizeof(c->tmpfs_size), "%s",
		 CONFIG_TMPFS_SIZE_DEFAULT);
}

static bool is_blank(char ch)
{
	return ch != '\n' && isspace((unsigned char)ch);
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/*
 * A size as tmpfs takes it (N bytes, Nk, Nm, Ng, or N% of RAM), checked
 * here so that a typo stops the launch with its line rather than at the
 * first mount.  Zero, which tmpfs reads as "no limit", is refused: the
 * limit is the point of the key.
 */
static int parse_size(const char *name, unsigned lineno, const char *key,
		      const char *value, size_t len, char *out,
		      struct nb_error *err)
{
	size_t digits = 0;
	unsigned long long n = 0;
	bool percent;

	while (digits < len && isdigit((unsigned char)value[digits]) &&
	       n < 1000000000000ull)
		n = n * 10 + (unsigned)(value[digits++] - '0');
	percent = digits + 1 == len && value[digits] == '%';
	if (digits == 0 || len >= CONFIG_SIZE_MAX ||
	    (digits != len && (digits + 1 != len ||
			       !strchr("kKmMgG%", value[digits]))))
		return nb_fail(err, 0,
			       "%s:%u: %s: '%.*s' is not a size (N, Nk, Nm, Ng or N%%)",
			       name, lineno, key, (int)(len > 80 ? 80 : len),
			       value);
	if (n == 0 || (percent && n > 100))
		return nb_fail(err, 0,
			       "%s:%u: %s: '%.*s' is out of range (more than 0, at most 100%%)",
			       name, lineno, key, (int)len, value);
	memcpy(out, value, len);
	out[len] = '\0';
	return 0;
}

/* @line .. @end is one line without its newline. */
static int parse_line(const char *name, unsigned lineno, const char *line,
		      const char *end, struct nestbox_config *c,
		      struct nb_error *err)
{
	const char *hash = memchr(line, '#', (size_t)(end - line));
	const char *key, *value;
	size_t key_len, value_len;
	size_t k;

	if (hash)
		end = hash;
	while (line < end && is_blank(*line))
		line++;
	while (end > line && is_blank(end[-1]))
		end--;
	if (line == end)
		return 0;
	key = line;
	while (line < end && !is_blank(*line))
		line++;
	key_len = (size_t)(line - key);
	while (line < end && is_blank(*line))
		line++;
	value = line;
	value_len = (size_t)(end - line);

	for (k = 0; k < N_KEYS; k++)
		if (word_is(key, key_len, config_keys[k].key))
			break;
	if (k == N_KEYS)
		return nb_fail(err, 0,
			       "%s:%u: unknown key '%.*s' (known: browser-disable-u2f, browser-allow-drm, allow-tray, tmpfs-size)",
			       name, lineno, (int)(key_len > 80 ? 80 : key_len),
			       key);
	if (config_keys[k].kind == CONFIG_SIZE)
		return parse_size(name, lineno, config_keys[k].key, value,
				  value_len,
				  (char *)c + config_keys[k].offset, err);
	if (value_len == 0)
		return nb_fail(err, 0, "%s:%u: %s needs a value: yes or no",
			       name, lineno, config_keys[k].key);
	if (!word_is(value, value_len, "yes") &&
	    !word_is(value, value_len, "no"))
		return nb_fail(err, 0, "%s:%u: %s: '%.*s' is not yes or no",
			       name, lineno, config_keys[k].key,
			       (int)(value_len > 80 ? 80 : value_len), value);
	/* a key given twice: the last line wins, as in firejail.config */
	*(bool *)((char *)c + config_keys[k].offset) = value[0] == 'y';
	return 0;
}

int config_parse(const char *name, const char *text, struct nestbox_config *c,
		 struct nb_error *err)
{
	unsigned lineno = 0;

	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n');

		lineno++;
		if (parse_line(name, lineno, line, end, c, err) < 0)
			return -1;
		line = *end ? end + 1 : end;
	}
	return 0;
}
