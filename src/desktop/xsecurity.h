/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x11 xorg: an untrusted cookie from the X SECURITY extension, as ssh's
 * untrusted X forwarding (ssh -X) gets one with `xauth generate DISPLAY
 * MIT-MAGIC-COOKIE-1 untrusted`.  A client that connects with it is
 * untrusted: the server shows it only the BIG-REQUESTS and XC-MISC
 * extensions (no XTEST to inject input, no RECORD to snoop keys), refuses
 * it the trusted clients' windows (GetImage, SendEvent, properties) and
 * grabs of the keyboard.
 *
 * The launcher speaks the few requests itself, over the display's Unix
 * socket with the caller's own cookie, rather than run xauth: a fork and
 * exec of xauth and its libraries costs tens of milliseconds at every
 * launch, three requests well under one; and the reply gives the
 * authorization's id, which xauth does not print, to revoke it when the
 * sandbox ends.
 *
 * Lifetime: the authorization is made with timeout 0, which the server
 * reads as "never expires by itself" (with a timeout T it would be
 * dropped T seconds after the last client using it disconnects, and T
 * after it was made if none connected by then: a sandboxed shell that
 * starts an X program later would find it gone).  The launcher revokes
 * it when the sandbox ends; revoking also closes every connection made
 * with it.  A launcher killed with SIGKILL cannot: the authorization then
 * lives until the server resets, its cookie only in the registry entry
 * init removes.
 */
#ifndef NESTBOX_XSECURITY_H
#define NESTBOX_XSECURITY_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"

#define XSEC_COOKIE_LEN 16 /* MIT-MAGIC-COOKIE-1's */

/* --- pure: the protocol's messages ------------------------------------ */

/* The connection set-up (little-endian), with the auth protocol @name
 * and @data (none: both empty).  Its length, or 0 if @size is short. */
size_t xsec_setup_request(unsigned char *buf, size_t size, const char *name,
			  const unsigned char *data, size_t dlen);

/* QueryExtension of @name with sequence-free framing.  Length or 0. */
size_t xsec_query_extension(unsigned char *buf, size_t size, const char *name);

/* SECURITY's GenerateAuthorization (extension opcode @major):
 * MIT-MAGIC-COOKIE-1, untrusted, timeout 0.  Length or 0. */
size_t xsec_generate_request(unsigned char *buf, size_t size, uint8_t major);

/* SECURITY's RevokeAuthorization of @id.  Its length (8). */
size_t xsec_revoke_request(unsigned char buf[8], uint8_t major, uint32_t id);

/* GenerateAuthorization's reply (@len bytes, the 32 of its header and
 * what follows): the id and the cookie.  -1 if it is not a reply with a
 * 16-byte cookie. */
int xsec_parse_generate_reply(const unsigned char *r, size_t len,
			      uint32_t *id, unsigned char cookie[XSEC_COOKIE_LEN]);

/* A counted field of an Xauthority entry at *@at (a 16-bit big-endian
 * length, then the bytes): 0 with *@v, *@vlen and *@at past it, or -1
 * if @len bytes do not hold it.  display.c's reader uses it too. */
int xsec_auth_field(const unsigned char *d, size_t len, size_t *at,
		    const unsigned char **v, size_t *vlen);

/* The first MIT-MAGIC-COOKIE-1 among the entries of an Xauthority file
 * (@data, @len, already filtered to one display): 0 and its 16 bytes in
 * @cookie, or -1 (none: the server may let the caller in without one). */
int xsec_find_cookie(const unsigned char *data, size_t len,
		     unsigned char cookie[XSEC_COOKIE_LEN]);

/* --- on the host: talks to the X server of display :@num ------------- */

/*
 * Makes an untrusted authorization on display :@num, connecting with
 * @caller (the caller's MIT cookie, NULL: none), and checks that a client
 * with it is really untrusted.  Fails closed, with an error naming why:
 * a server that lets the caller's clients in without any cookie (the
 * program could then just show none, and be trusted), one without
 * SECURITY, one that does not honour it.  On success *@id and @cookie.
 */
int xsec_generate(unsigned num, const unsigned char *caller, uint32_t *id,
		  unsigned char cookie[XSEC_COOKIE_LEN], struct nb_error *err);

/* Revokes authorization @id on display :@num (closing the connections
 * made with it).  Best effort: -1 (debug-logged) if the server is gone. */
int xsec_revoke(unsigned num, const unsigned char *caller, uint32_t id);

#endif
