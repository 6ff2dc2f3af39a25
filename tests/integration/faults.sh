# Faults (issue #7), sourced by suite.sh: the launcher killed at every
# step of the launch, missing or failing helpers, a hostile or unusable
# state directory, a program gone before its execve.  In every case: a
# clear message, exit 125 when nothing ran (or the documented fallback),
# and nothing left behind: no process, no registry entry, no mount in the
# caller's namespace.
#
# The launcher is stopped at a step with NESTBOX_TEST_PAUSE (see
# nestbox(1)): under --debug, the process that logs a step matching the
# pattern says "nestbox: test: paused at ..." and waits for a SIGCONT.

FT=$P/faults
# The program of these launches: a copy of sleep under a name of its own,
# so that no sleep of the test itself is taken for a leftover.
FT_PROG=$FT/nbfaultprog
# What a launch can leave running: init and the launcher (named as the
# binary), the program, pasta (re-executed as passt.avx2...), the proxy,
# the id-map helpers.
FT_OURS="^($(basename "$NB")|nbfaultprog|pas|xdg-dbus-proxy|newuidmap|newgidmap)"

ft_setup() {
	mkdir -p "$FT" && cp /bin/sleep "$FT_PROG" && chmod 755 "$FT_PROG"
}

# The caller's mount table, mount point and source fields only.
ft_mounts() { awk '{ print $5, $4 }' /proc/self/mountinfo | sort; }

# ft_steps ARGS...: the --debug steps of a launch with ARGS, one pattern
# a line for NESTBOX_TEST_PAUSE: glob characters escaped, what changes
# from one launch to the next (registry ids, pids, times) matched by '*';
# each once.
ft_steps() {
	"$NB" --debug "$@" "$FT_PROG" 0 2>&1 >/dev/null |
		sed -n 's/^nestbox: debug: \[ *[0-9]* *[0-9.]* ms\] //p' |
		sed -E 's/[][*?\\]/\\&/g; s/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/*/g
			s/[0-9]+/*/g' | awk '!seen[$0]++'
}

# The pids of PID's descendants (not PID itself).
ft_descendants() { # PID
	ps -u "$ME" -o pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2 }
		END {
			grown = 1; mine[root] = 1
			while (grown) {
				grown = 0
				for (p in parent)
					if (!(p in mine) && (parent[p] in mine)) {
						mine[p] = 1; grown = 1
					}
			}
			for (p in mine) if (p != root) print p
		}'
}

# Wait (bounded) until nothing of a launch is left, then say what is.
ft_nothing_left() { # MOUNTS-BEFORE
	local i left entries
	for i in $(seq 1 600); do
		left=$(live_pids "$FT_OURS")
		entries=$(ls -A "$REG" 2>/dev/null)
		[ -z "$left" ] && [ -z "$entries" ] && break
		sleep 0.05
	done
	[ -z "$left" ] || { echo "left running:"; ps -o pid=,stat=,comm= -p "$(echo $left | tr ' ' ,)"; return 1; }
	[ -z "$entries" ] || { echo "left in $REG:"; ls -lAR "$REG"; return 1; }
	eq "$(ft_mounts)" "$1" || { echo "the caller's mounts changed"; return 1; }
}

# Until LAUNCHER's stderr file OUT says a process paused (true), or the
# launcher is gone first (false).  Bounded, and generous: the machine may
# be loaded.
ft_wait_paused() { # LAUNCHER OUT
	local i
	for i in $(seq 1 3000); do
		grep -q '^nestbox: test: paused at' "$2" && return 0
		kill -0 "$1" 2>/dev/null || break
		sleep 0.02
	done
	grep -q '^nestbox: test: paused at' "$2"
}

# Launch ARGS (then the program, for SECONDS) paused at STEP; kill -9
# the launcher there; let the paused process go on; assert nothing is
# left.
ft_kill_at() { # STEP SECONDS ARGS...
	local step=$1 seconds=$2 out=$FT/kill.err launcher i tree mounts
	shift 2
	mounts=$(ft_mounts)
	# emptied here: the background launch's own redirection may come
	# after the first look, which would find the last step's pause
	: > "$out"
	NESTBOX_TEST_PAUSE=$step "$NB" --debug "$@" "$FT_PROG" "$seconds" > /dev/null 2> "$out" &
	launcher=$!
	if ! ft_wait_paused "$launcher" "$out"; then
		echo "step '$step': never paused"
		echo "launcher alive: $(kill -0 "$launcher" 2>/dev/null && echo yes || echo no)"
		tail -4 "$out" | cut -c1-150
		ps -u "$ME" -o pid=,ppid=,stat=,wchan:20=,comm= | grep -v ' Z '
		# nothing of ours for the next tests to find
		tree=$(ft_descendants "$launcher")
		kill -KILL "$launcher" 2>/dev/null
		wait "$launcher" 2>/dev/null
		[ -z "$tree" ] || kill -CONT $tree 2>/dev/null
		ft_nothing_left "$mounts" > /dev/null
		return 1
	fi
	tree=$(ft_descendants "$launcher")
	kill -KILL "$launcher"
	wait "$launcher" 2>/dev/null
	# the paused process (init or the program's) goes on as it would
	# have without the pause
	[ -z "$tree" ] || kill -CONT $tree 2>/dev/null
	ft_nothing_left "$mounts" || { echo "after kill -9 at step '$step'"; tail -3 "$out"; return 1; }
}

# Every step of a launch, in order; stops at the first that leaves
# something.  The program runs a minute (a program that outlived the
# launcher would be seen), except for the steps after its execve (the
# launcher's last, after the program's end), where it exits at once.
ft_kill_at_every_step() { # ARGS...
	local steps step n=0 seconds=60
	steps=$(ft_steps "$@")
	[ "$(printf '%s\n' "$steps" | grep -c .)" -gt 20 ] || { echo "too few steps:"; echo "$steps"; return 1; }
	grep -q '^program: seccomp filter, then execve' <<< "$steps" || { echo "no execve step:"; echo "$steps"; return 1; }
	while IFS= read -r step; do
		ft_kill_at "$step" "$seconds" "$@" || return 1
		case $step in "program: seccomp filter, then execve"*) seconds=0 ;; esac
		n=$((n + 1))
	done <<< "$steps"
	echo "$n steps"
}

test_faults_kill9_at_every_step_of_a_bare_launch() {
	ft_setup || return 1
	ft_kill_at_every_step --noprofile
}

# pasta and xdg-dbus-proxy running: default profile, a session bus.
test_faults_kill9_at_every_step_with_pasta_and_dbus_proxy() {
	ft_setup || return 1
	db_start || { setup_failed; return; }
	local rc
	ft_steps --profile=default --dbus-user=filter > "$FT/steps"
	grep -q '^buses: xdg-dbus-proxy' "$FT/steps" &&
		grep -q '^network: pasta' "$FT/steps" ||
		{ echo "no proxy or no pasta in the launch:"; cat "$FT/steps"; db_stop; return 1; }
	ft_kill_at_every_step --profile=default --dbus-user=filter
	rc=$?
	db_stop
	return $rc
}

# --- a program gone between its lookup and its execve ---------------------

# Paused at the program's last step before execve, the binary is deleted:
# 127 and the path said, nothing left.
test_faults_program_deleted_before_its_execve() {
	ft_setup || return 1
	local out=$FT/deleted.err prog=$FT/nbfaultgone launcher i pid rc mounts
	cp /bin/true "$prog" && chmod 755 "$prog"
	mounts=$(ft_mounts)
	: > "$out"
	NESTBOX_TEST_PAUSE='program: seccomp filter, then execve' \
		"$NB" --debug --noprofile "$prog" > /dev/null 2> "$out" &
	launcher=$!
	if ! ft_wait_paused "$launcher" "$out"; then
		echo "never paused"
		tail -3 "$out"
		pid=$(ft_descendants "$launcher")
		kill -KILL "$launcher"
		[ -z "$pid" ] || kill -CONT $pid
		return 1
	fi
	rm -f "$prog"
	# the program's process, paused in the sandbox: the launcher's
	# grandchild
	kill -CONT $(ft_descendants "$launcher")
	wait "$launcher"
	rc=$?
	eq "$rc" 127 || { tail -3 "$out"; return 1; }
	eq "$(grep -v -e '^nestbox: debug:' -e '^nestbox: test:' "$out")" \
		"nestbox: $prog: no such file in the sandbox" &&
		ft_nothing_left "$mounts"
}

# --- the id maps: newuidmap and /etc/subuid ---------------------------------

# The documented fallback: the direct map "0 U 1", one warning saying why,
# and the program runs.  FAULT is an environment assignment.
ft_fallback() { # FAULT WANTED-WARNING-PATTERN
	local out rc mounts
	mounts=$(ft_mounts)
	out=$(env "$1" "$NB" --noprofile sh -c 'id -u; grep -c . /proc/self/uid_map' 2>"$FT/fb.err")
	rc=$?
	eq "$rc" 0 || { cat "$FT/fb.err"; return 1; }
	eq "$out" "$ME
1" || return 1
	[ "$(grep -c . "$FT/fb.err")" = 1 ] && grep -Eq "^nestbox: warning: $2: only your own uid/gid exist in the sandbox" "$FT/fb.err" ||
		{ echo "$1: stderr:"; cat "$FT/fb.err"; return 1; }
	ft_nothing_left "$mounts"
}

test_faults_newuidmap_missing_failing_or_not_setuid_falls_back_to_the_direct_map() {
	ft_setup || return 1
	cp /usr/bin/newuidmap "$FT/newuidmap-not-setuid" || return 1
	printf '#!/bin/sh\necho "newuidmap: refused" >&2\nexit 1\n' > "$FT/newuidmap-fails"
	chmod 755 "$FT/newuidmap-fails"
	ft_fallback NESTBOX_NEWUIDMAP=/nonexistent/newuidmap \
		'newuidmap failed \(exit 127\): /nonexistent/newuidmap: No such file or directory' &&
		ft_fallback NESTBOX_NEWUIDMAP="$FT/newuidmap-fails" \
			'newuidmap failed \(exit 1\): newuidmap: refused' &&
		ft_fallback NESTBOX_NEWUIDMAP="$FT/newuidmap-not-setuid" \
			'newuidmap failed \(exit 1\): .*' &&
		ft_fallback NESTBOX_NEWUIDMAP=/bin/true 'newuidmap exited 0 but wrote no map' &&
		ft_fallback NESTBOX_NEWGIDMAP=/bin/false 'newgidmap failed \(exit 1\)' || return 1
	# the gid map without newgidmap: setgroups denied, said once
	grep -q '(setgroups denied)$' "$FT/fb.err" || { cat "$FT/fb.err"; return 1; }
}

test_faults_subuid_missing_or_without_the_user_falls_back_to_the_direct_map() {
	ft_setup || return 1
	printf 'someoneelse:100000:65536\n' > "$FT/subuid-other"
	ft_fallback NESTBOX_SUBUID=/nonexistent/subuid \
		'no subordinate uid range for you in /nonexistent/subuid' &&
		ft_fallback NESTBOX_SUBUID="$FT/subuid-other" \
			"no subordinate uid range for you in $FT/subuid-other" &&
		ft_fallback NESTBOX_SUBGID=/nonexistent/subgid \
			'no subordinate gid range for you in /nonexistent/subgid' || return 1
	# a range that is not the caller's: newuidmap (which reads the real
	# /etc/subuid) refuses it
	printf '%s:%s:1000\n' "$(id -un)" 3000000000 > "$FT/subuid-forged"
	ft_fallback NESTBOX_SUBUID="$FT/subuid-forged" 'newuidmap failed \(exit 1\): .*'
}

# --- the state directory -----------------------------------------------------

# ENOSPC, honestly: XDG_RUNTIME_DIR on a tmpfs that is full (no block, or
# no inode left).  An unprivileged user can only mount one in a user and
# mount namespace of its own: the launcher runs there, as the caller's
# uid again (a second user namespace maps it back), unprivileged still.
test_faults_full_runtime_dir_is_enospc_exit_125_and_nothing_left() {
	ft_setup || return 1
	unshare -r -m true 2>/dev/null || { skip "no unprivileged user namespace for unshare(1)"; return 0; }
	local full=$FT/full out rc
	mkdir -p "$full"
	out=$(unshare -r -m sh -c '
		full=$1 nb=$2 uid=$3 gid=$4 prog=$5
		try() { # MOUNT-OPTIONS
			mount -t tmpfs -o "$1,mode=0700" nbfull "$full" || exit 1
			dd if=/dev/zero of="$full/filler" bs=4k count=64 2>/dev/null
			before=$(cat /proc/self/mountinfo)
			unshare --map-user="$uid" --map-group="$gid" sh -c "
				XDG_RUNTIME_DIR=$full $nb --quiet --noprofile $prog 0; echo rc=\$?
				ls -A $full/nestbox | sed s/^/left:/" 2>&1
			[ "$(cat /proc/self/mountinfo)" = "$before" ] || echo "mounts changed"
			umount "$full"
		}
		try size=16k
		try size=1m,nr_inodes=3
	' sh "$full" "$NB" "$ME" "$MYGID" "$FT_PROG" 2>&1)
	printf '%s\n' "$out" | sed -E 's/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/ID/' > "$FT/full.out"
	eq "$(cat "$FT/full.out")" "nestbox: write $full/nestbox/ID/info: No space left on device
rc=125
nestbox: create $full/nestbox/ID: No space left on device
rc=125" && eq "$(live_pids "$FT_OURS")" ""
}

# XDG_RUNTIME_DIR unset, missing or not writable: the registry goes to
# /tmp/nestbox-UID (a private directory of the caller's; --debug names
# the entry: the directory may be there from an earlier launch), and is
# empty again after.
test_faults_unusable_xdg_runtime_dir_falls_back_to_tmp() {
	ft_setup || return 1
	local ro=$FT/xdg-ro tmpreg=/tmp/nestbox-$ME xdg out
	[ -L "$tmpreg" ] || [ -e "$tmpreg" -a ! -O "$tmpreg" ] && { skip "$tmpreg is not ours"; return 0; }
	mkdir -p "$ro" && chmod 500 "$ro"
	for xdg in unset /nonexistent/xdg "$ro"; do
		if [ $xdg = unset ]; then set -- -u XDG_RUNTIME_DIR; else set -- XDG_RUNTIME_DIR="$xdg"; fi
		out=$(env "$@" "$NB" --debug --noprofile sh -c 'cat /proc/self/status | grep -c ^Pid' 2> "$FT/xdg.err")
		eq "$out" 1 || { echo "XDG_RUNTIME_DIR $xdg"; grep -v debug: "$FT/xdg.err"; return 1; }
		grep -q "^nestbox: debug: .* registry entry $tmpreg/[0-9a-f-]*\$" "$FT/xdg.err" ||
			{ echo "XDG_RUNTIME_DIR $xdg: no registry entry in $tmpreg"; grep registry "$FT/xdg.err"; return 1; }
		[ "$(stat -c %a "$tmpreg")" = 700 ] && [ -O "$tmpreg" ] || { ls -ld "$tmpreg"; return 1; }
		[ -z "$(ls -A "$tmpreg")" ] || { echo "XDG_RUNTIME_DIR $xdg: left in $tmpreg:"; ls -A "$tmpreg"; return 1; }
	done
	[ -z "$(ls -A "$ro")" ] || { echo "wrote into a read-only XDG_RUNTIME_DIR"; return 1; }
	chmod 700 "$ro"
}

# The state directory made by someone else (here: with another mode), a
# symlink, or a file: refused, 125, nothing run, nothing left; the place
# it points to untouched.  (A directory of another owner is tested as a
# second user: registry_owned_by_someone_else_is_refused; a symlink in
# /tmp: registry_symlink_in_tmp_is_refused.)
test_faults_hostile_state_directory_is_refused_with_125() {
	ft_setup || return 1
	local xdg=$FT/xdg elsewhere=$FT/elsewhere out rc kind want
	for kind in mode symlink file; do
		rm -rf "$xdg" "$elsewhere"
		mkdir -p "$xdg" "$elsewhere" && chmod 700 "$xdg" "$elsewhere"
		case $kind in
		mode) mkdir -m 755 "$xdg/nestbox"
		      want="nestbox: $xdg/nestbox is not a private directory of uid $ME (owner $ME, mode 0755): refusing it" ;;
		symlink) ln -s "$elsewhere" "$xdg/nestbox"
		      want="nestbox: $xdg/nestbox is a symbolic link, not a private directory of uid $ME: refusing it" ;;
		file) : > "$xdg/nestbox"
		      want="nestbox: open $xdg/nestbox: Not a directory" ;;
		esac
		rm -f "$FT/ran"
		out=$(XDG_RUNTIME_DIR=$xdg "$NB" --quiet --noprofile touch "$FT/ran" 2>&1)
		rc=$?
		eq "$rc" 125 && eq "$out" "$want" && [ ! -e "$FT/ran" ] ||
			{ echo "state directory: $kind"; return 1; }
		[ -z "$(ls -A "$elsewhere")" ] || { echo "wrote through the symlink"; return 1; }
		[ "$kind" != mode ] || [ -z "$(ls -A "$xdg/nestbox")" ] || { echo "wrote into it"; return 1; }
		eq "$(live_pids "$FT_OURS")" "" || return 1
	done
	rm -rf "$xdg" "$elsewhere"
}

# --- pasta and xdg-dbus-proxy missing, failing, dying at start -------------

# A helper in place of pasta or xdg-dbus-proxy that dies after a moment,
# or is killed: 125, how it ended said, nothing left.
ft_dying_helpers() {
	printf '#!/bin/sh\nsleep 0.2\nexit 3\n' > "$FT/dies-later"
	printf '#!/bin/sh\nsleep 0.2\nkill -KILL $$\n' > "$FT/killed-later"
	chmod 755 "$FT/dies-later" "$FT/killed-later"
}

ft_refused() { # WANTED-MESSAGE NESTBOX-ARGS...
	local want=$1 out rc mounts
	shift
	mounts=$(ft_mounts)
	rm -f "$FT/ran"
	out=$("$NB" --quiet "$@" touch "$FT/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && eq "$out" "$want" && [ ! -e "$FT/ran" ] || { echo "nestbox $*"; return 1; }
	ft_nothing_left "$mounts"
}

test_faults_pasta_missing_failing_or_dying_at_start_stops_the_launch() {
	ft_setup && ft_dying_helpers || return 1
	printf 'hostname faults\n' > "$FT/net.profile"
	NESTBOX_PASTA=/nonexistent/pasta ft_refused \
		"nestbox: NESTBOX_PASTA=/nonexistent/pasta: No such file or directory" --profile="$FT/net.profile" &&
	NESTBOX_PASTA=$FT/dies-later ft_refused \
		"nestbox: pasta could not set the network up: it exited with status 3" --profile="$FT/net.profile" &&
	NESTBOX_PASTA=$FT/killed-later ft_refused \
		"nestbox: pasta could not set the network up: it was killed by signal 9 (Killed)" --profile="$FT/net.profile"
}

test_faults_dbus_proxy_missing_failing_or_dying_at_start_stops_the_launch() {
	ft_setup && ft_dying_helpers || return 1
	db_start || { setup_failed; return; }
	printf 'dbus-user filter\n' > "$FT/dbus.profile"
	local rc
	NESTBOX_DBUS_PROXY=/nonexistent/xdg-dbus-proxy ft_refused \
		"nestbox: NESTBOX_DBUS_PROXY=/nonexistent/xdg-dbus-proxy: No such file or directory" --profile="$FT/dbus.profile" --net=none &&
	NESTBOX_DBUS_PROXY=$FT/dies-later ft_refused \
		"nestbox: xdg-dbus-proxy failed to start: it exited with status 3" --profile="$FT/dbus.profile" --net=none &&
	NESTBOX_DBUS_PROXY=$FT/killed-later ft_refused \
		"nestbox: xdg-dbus-proxy failed to start: it was killed by signal 9 (Killed)" --profile="$FT/dbus.profile" --net=none &&
	# executable but not a program: its execve fails in the (vforked)
	# child, which must end alone, never go on as a second launcher
	printf 'not a program\n' > "$FT/unrunnable" && chmod 755 "$FT/unrunnable" &&
	NESTBOX_DBUS_PROXY=$FT/unrunnable ft_refused \
		"nestbox: xdg-dbus-proxy failed to start: it exited with status 127" --profile="$FT/dbus.profile" --net=none
	rc=$?
	db_stop
	return $rc
}
