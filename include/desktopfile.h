/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Desktop entry files (freedesktop.org's Desktop Entry Specification),
 * read and rewritten for `nestbox --integrate`: pure functions on text,
 * no system call, unit-tested and fuzzed.
 */
#ifndef NESTBOX_DESKTOPFILE_H
#define NESTBOX_DESKTOPFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "log.h"

/* The key of the line --integrate adds: its value is the file copied. */
#define DESKTOP_MARKER_KEY "X-Nestbox-Integrated"

struct desktop_info {
	bool application;	/* Type=Application (the only type with Exec) */
	bool hidden;		/* Hidden=true: "deleted", never shown */
	bool dbus_activatable;	/* DBusActivatable=true */
	char *program;		/* the main Exec's program as written
				 * (a name or a path), after `env VAR=...`;
				 * NULL: no Exec */
	char *marker;		/* X-Nestbox-Integrated's value; NULL: none */
};

/* The facts --integrate needs of @text (read from @path, for messages).
 * Errors are "PATH:LINE: problem".  desktop_info_free() in every case. */
int desktop_info_read(const char *path, const char *text,
		      struct desktop_info *info, struct nb_error *err);
void desktop_info_free(struct desktop_info *info);

/* basename(@program), without modifying it. */
const char *desktop_program_name(const char *program);

/*
 * The per-user copy of @text (the file @source): every Exec= (the main
 * group's, the actions', any group's) runs through @nestbox (an absolute path,
 * quoted as an Exec argument when it has to be), placed after a leading
 * `env VAR=VALUE...` so that the variables still reach the program; the
 * program keeps its name; TryExec is kept; DBusActivatable=true becomes
 * false, with a comment saying why; and the marker line
 * X-Nestbox-Integrated=@source, with a comment, follows the group header.
 * Returns a malloc'd text in *@out, or -1 with "PATH:LINE: problem".
 */
int desktop_rewrite(const char *source, const char *text, const char *nestbox,
		    char **out, struct nb_error *err);

/* FNV-1a of @text: tells the copy nestbox wrote from a user's later edit
 * of it (not a defence against anyone: the user owns the file). */
uint64_t desktop_hash(const char *text);

#endif
