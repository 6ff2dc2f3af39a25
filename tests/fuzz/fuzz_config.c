// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: nestbox.conf text through the parser.  Besides not
 * crashing, hanging or leaking: an error always names the file and a
 * line, and a successful parse leaves every switch a real bool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nestbox_config c;
	struct nb_error err = { 0 };
	char *text = malloc(size + 1);
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	config_defaults(&c);
	rc = config_parse("/fuzz.conf", text, &c, &err);
	if (rc < 0 && strncmp(err.msg, "/fuzz.conf:", 11) != 0)
		abort();
	if (rc == 0 && (*(unsigned char *)&c.allow_tray > 1 ||
			*(unsigned char *)&c.browser_allow_drm > 1 ||
			*(unsigned char *)&c.browser_disable_u2f > 1))
		abort();
	free(text);
	return 0;
}
