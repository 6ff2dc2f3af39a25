// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a .desktop file through --integrate's reader and
 * rewriter.  Besides not crashing, hanging or leaking: an error names
 * the file; a file that is rewritten was readable; the copy reads back
 * with its marker naming the source, its main Exec starting nestbox, no
 * DBusActivatable=true, and is never rewritten again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "desktopfile.h"

#define SRC "/usr/share/applications/f.desktop"
#define NB "/opt/nest box/nestbox"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct desktop_info info, back;
	struct nb_error err = { 0 };
	char *text = malloc(size + 1), *copy = NULL, *again = NULL;
	int read_rc, rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	read_rc = desktop_info_read(SRC, text, &info, &err);
	if (read_rc < 0 && strncmp(err.msg, SRC, strlen(SRC)) != 0)
		abort();
	rc = desktop_rewrite(SRC, text, NB, &copy, &err);
	if (rc < 0 && strncmp(err.msg, SRC, strlen(SRC)) != 0)
		abort();
	if (rc == 0) {
		if (read_rc < 0)
			abort();
		if (desktop_info_read("copy", copy, &back, &err) < 0)
			abort();
		if (!back.marker || strcmp(back.marker, SRC) != 0 ||
		    back.dbus_activatable)
			abort();
		if (info.program &&
		    (!back.program || strcmp(back.program, NB) != 0))
			abort();
		desktop_info_free(&back);
		if (desktop_rewrite(SRC, copy, NB, &again, &err) == 0)
			abort();
	}
	desktop_info_free(&info);
	free(copy);
	free(again);
	free(text);
	return 0;
}
