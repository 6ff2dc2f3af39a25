/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The launch sequence, from the launcher's side. */
#ifndef NESTBOX_LAUNCH_H
#define NESTBOX_LAUNCH_H

#include "cli.h"
#include "log.h"

/* Plan, then run the sandbox: returns the exit status nestbox should exit
 * with, or -1 with @err set when nestbox itself failed (exit 125). */
/* Profiles named in @loaded are loaded into its policy first; nothing
 * writes to the policy after that (the launch's own findings go in its
 * facts, launch_facts.h). */
int launch_sandbox(struct options *loaded, struct nb_error *err);

#endif
