// SPDX-License-Identifier: GPL-2.0-or-later
#include "caps.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

int caps_drop_all(struct nb_error *err)
{
	cap_value_t last = (cap_value_t)cap_max_bits();
	cap_t empty;
	int rc;

	for (cap_value_t c = 0; c < last; c++)
		if (cap_drop_bound(c) < 0 && errno != EINVAL)
			return nb_fail(err, errno, "drop capability %d from the bounding set",
				       (int)c);
	if (cap_reset_ambient() < 0 && errno != EINVAL)
		return nb_fail(err, errno, "clear the ambient capabilities");
	empty = cap_init();
	if (!empty)
		return nb_fail(err, errno, "cap_init");
	rc = cap_set_proc(empty);
	cap_free(empty);
	if (rc < 0)
		return nb_fail(err, errno, "clear the capability sets");
	return 0;
}

int caps_set_no_new_privs(struct nb_error *err)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return nb_fail(err, errno, "set no_new_privs");
	return 0;
}
