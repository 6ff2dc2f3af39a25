// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: what x11 xorg reads from outside its control, the
 * caller's Xauthority file (xsec_find_cookie) and the X server's reply
 * to GenerateAuthorization (xsec_parse_generate_reply).  Besides not
 * crashing or reading out of bounds: a cookie found in an Xauthority is
 * 16 bytes that the input holds, and a reply accepted is one at least as
 * long as its header.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xsecurity.h"

static int holds(const uint8_t *data, size_t size, const unsigned char *c)
{
	for (size_t i = 0; i + XSEC_COOKIE_LEN <= size; i++)
		if (!memcmp(data + i, c, XSEC_COOKIE_LEN))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char cookie[XSEC_COOKIE_LEN];
	/* a copy of exactly @size bytes, so that ASan sees any overread */
	unsigned char *copy = malloc(size ? size : 1);
	uint32_t id;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (xsec_find_cookie(copy, size, cookie) == 0 &&
	    !holds(data, size, cookie))
		abort();
	if (xsec_parse_generate_reply(copy, size, &id, cookie) == 0 &&
	    (size < 32 || !holds(data, size, cookie)))
		abort();
	free(copy);
	return 0;
}
