#!/bin/bash
# Run by tests/run.sh as a second unprivileged user while the first has a
# sandbox named private-box running (init pid $A_PID, launcher $A_LAUNCHER):
# another user's sandboxes are neither listed nor joinable nor stoppable,
# by name or by pid.  TAP lines, as suite.sh prints them.
set -u
NB=${1:?nestbox binary}
t() { # NAME COMMAND...
	local name=$1
	shift
	if out=$("$@" 2>&1); then echo "ok - $name"; else
		echo "not ok - $name"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}
refused() { # ARGS... : nestbox fails with 125, runs nothing
	rm -f "$HOME/.nb-cross"
	"$NB" "$@" touch "$HOME/.nb-cross"
	rc=$?
	[ "$rc" = 125 ] && [ ! -e "$HOME/.nb-cross" ] || { echo "rc $rc"; return 1; }
}
not_listed() {
	out=$("$NB" --list; "$NB" --list --json; "$NB" --tree)
	printf '%s\n' "$out"
	! printf '%s\n' "$out" | grep -q -e private-box -e "$A_PID"
}
t cross_user_list_and_tree_do_not_show_another_users_sandbox not_listed
t cross_user_join_by_name_is_refused refused --join=private-box
t cross_user_join_by_init_pid_is_refused refused --join="$A_PID"
t cross_user_join_by_launcher_pid_is_refused refused --join="$A_LAUNCHER"
# --ls, --get, --put: the other user's registry is not searched
xfer_refused() { # ARGS...
	rm -f "$HOME/hostname"
	out=$(cd "$HOME" && "$NB" "$@" 2>&1)
	rc=$?
	[ "$rc" = 125 ] && [ ! -e "$HOME/hostname" ] &&
		printf '%s\n' "$out" | grep -q "no running sandbox of yours" ||
		{ echo "rc $rc: $out"; return 1; }
}
t cross_user_ls_by_init_pid_is_refused xfer_refused --ls="$A_PID" /
t cross_user_get_by_name_is_refused xfer_refused --get=private-box /etc/hostname
t cross_user_put_by_launcher_pid_is_refused xfer_refused --put="$A_LAUNCHER" /etc/hostname /tmp/x
t cross_user_shutdown_by_pid_is_refused sh -c "! '$NB' --shutdown='$A_PID'"
t cross_user_shutdown_by_name_is_refused sh -c "! '$NB' --shutdown=private-box"
