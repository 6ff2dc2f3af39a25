/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NESTBOX_GOPIPE_H
#define NESTBOX_GOPIPE_H
/*
 * The go pipe: the launcher's words to init, one byte each, in order.
 * init (and nft's worker, which it forks) blocks on them; EOF means the
 * launcher died, possibly before PR_SET_PDEATHSIG was set in init.
 */
#include <stdbool.h>

enum go_word {
	GO_READY = 'R',		/* the registry entry, the helpers and the
				 * mount plan (in its memfd) are there */
	GO_MAPPED = 'G',	/* init's id maps are written: build the root */
	GO_NETWORK_UP = 'N',	/* pasta is ready (or there is none) */
	GO_NETWORK_CONFIGURED = 'C',	/* before 'N': the program may start
					 * once pasta's routes are there
					 * (net_wait_routes) */
};

/* init's side: block until @word; false on EOF or any other byte. */
bool go_wait(int fd, enum go_word word);

/* The launcher's side: 0, or -1 with errno. */
int go_say(int fd, enum go_word word);

/* The same where init may be gone already (its root could not be
 * built): then its status says why, and the write to its closed pipe
 * must not kill us with SIGPIPE.  0, or -1 with errno (EPIPE: init is
 * gone). */
int go_say_if_alive(int fd, enum go_word word);

#endif
