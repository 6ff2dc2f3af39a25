/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NESTBOX_FSFACTS_MKWHEN_H
#define NESTBOX_FSFACTS_MKWHEN_H

/*
 * A `mkdir` or `mkfile` of nestbox-autostart.inc whose placeholder would
 * change what a program reads where another of its files exists: NULL
 * when @path (below @home) is made as usual, else why it is not (it is
 * then kept missing by its `keep-missing` line).  Reads the host.
 */
const char *fs_mk_kept_missing(const char *home, const char *path);

#endif
