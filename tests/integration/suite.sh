#!/bin/bash
# Integration tests: each runs nestbox as the calling (unprivileged) user
# and asserts, from inside the sandbox or from the host, what a program can
# and cannot see or do.  Prints "ok - NAME" / "not ok - NAME" per test.
#
# Environment: NESTBOX (the binary), PROBE (tests/integration/probe.c,
# somewhere the sandbox shows: under $HOME), OPT_FILE (optional: a file the
# caller owns outside home).  `suite.sh fallback` runs only the tests for a
# user without a subordinate id range.
set -u
NB=${NESTBOX:?}
PROBE=${PROBE:-}
ME=$(id -u)
MYGID=$(id -g)
REG=${XDG_RUNTIME_DIR:-/tmp/nestbox-$ME}
[ -n "${XDG_RUNTIME_DIR:-}" ] && REG=$XDG_RUNTIME_DIR/nestbox
WORK=$(mktemp -d)
# Only this shell removes it.  A child forked for `cmd &` keeps the trap
# until it execs cmd, and bash runs an EXIT trap on SIGTERM: a test that
# signals such a child early (the fork bomb's twenty `sleep 30 &` outside,
# escape/processes.sh's sleeps) would otherwise remove $WORK under every
# test after it.  The pid is the kernel's (/proc/self/stat, read by a
# builtin): $BASHPID, cached by bash, can still be the parent's in a
# child that is signalled as soon as it is forked.
read -r SUITE_PID _ < /proc/self/stat
trap 'read -r me _ < /proc/self/stat; [ "$me" = "$SUITE_PID" ] && rm -rf "$WORK"' EXIT

check() { # NAME COMMAND...
	local name=$1
	shift
	SKIPPED=0
	if "$@" > "$WORK/check.out" 2>&1; then
		# a test that cannot run on this machine said why (skip);
		# the runner counts it apart from the passes
		if grep -q '^skip: ' "$WORK/check.out"; then
			local why
			why=$(sed -n 's/^skip: //p' "$WORK/check.out" | head -1)
			# what `make deps` installs is never a reason to skip:
			# a broken install must fail, not hide behind a skip
			case $why in
			*"not installed"*)
				echo "not ok - $name # a skip for a missing dependency: $why"
				return 0 ;;
			esac
			echo "ok - $name # skip $why"
			return 0
		fi
		echo "ok - $name"
		# the corpus tests report what they met
		case $name in firejail_*) sed 's/^/#   /' "$WORK/check.out" | tail -45 ;; esac
	else
		echo "not ok - $name"
		sed 's/^/#   /' "$WORK/check.out" | head -20
	fi
}

eq() { # GOT WANT
	[ "$1" = "$2" ] && return 0
	echo "expected: $2"
	echo "got:      $1"
	return 1
}

# In a test that cannot run here for a reason outside the project (no
# GPU, a kernel without the feature): `skip REASON; return 0`.
skip() { echo "skip: $*"; SKIPPED=1; }
# need CMD...: commands that `make deps` installs.  One missing fails the
# test, naming it: never a skip, which would hide a broken install.
need() {
	local c
	for c; do
		command -v "$c" > /dev/null && continue
		echo "$c is missing: \`make deps\` installs it"
		return 1
	done
}
# After a set-up that failed: `setup || { setup_failed; return; }`.  A
# set-up that said skip (a reason outside the project) ends the test as a
# skip; any other failure (a server that did not come up) fails it.
setup_failed() { [ "${SKIPPED:-0}" = 1 ]; }

sbx() { "$NB" --quiet --noprofile "$@"; }
# For background launches: $! must be nestbox itself, not a subshell.
SBX=("$NB" --quiet --noprofile)

# Wait until exactly one sandbox is registered with its init (an entry
# says "pid 0" while it starts) and print the init's pid.
# Polling here only waits for a state; no test asserts on time.
registered_init_pid() {
	local i f pid
	for i in $(seq 1 200); do
		for f in "$REG"/*/info; do
			pid=$(sed -n 's/^pid \([1-9][0-9]*\)$/\1/p' "$f" 2>/dev/null)
			[ -n "$pid" ] && { echo "$pid"; return 0; }
		done
		sleep 0.05
	done
	return 1
}

wait_gone() { # PID
	local i
	for i in $(seq 1 200); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	echo "process $1 still alive"
	return 1
}

# The caller's live processes whose name matches REGEX (a zombie is dead
# already, waiting for the machine's init to reap it).
live_pids() { # REGEX
	ps -u "$ME" -o pid=,stat=,comm= | awk -v re="$1" '$2 !~ /^Z/ && $3 ~ re { print $1 }'
}
# No helper (pasta, xdg-dbus-proxy...) of the caller left running.  The
# launcher kills pasta at the end without waiting for the kernel to tear
# it down (25-50 ms, src/net/pasta.c): a killed process may still be listed
# for that long, so this waits (bounded) for it to be gone.
none_left() { # WHAT REGEX
	local left i
	for i in $(seq 1 40); do
		left=$(live_pids "$2")
		[ -z "$left" ] && return 0
		sleep 0.05
	done
	echo "$1 left running: $left"
	return 1
}

# An HTTP server of DIR on the host's loopback at PORT, answering before
# this returns; its pid in $HTTP_PID.
http_serve() { # DIR PORT
	local i
	python3 -m http.server "$2" --bind 127.0.0.1 --directory "$1" \
		> /dev/null 2>&1 &
	HTTP_PID=$!
	for i in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$2/marker" && return 0
		sleep 0.05
	done
	echo "test server on $2 did not start"
	return 1
}

registry_empty() {
	local n
	n=$(find "$REG" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	eq "$n" 0 || { ls -la "$REG"; return 1; }
}

# --- identity and privileges --------------------------------------------

test_uid_is_callers() {
	eq "$(sbx id -u)" "$ME" && eq "$(sbx id -g)" "$MYGID"
}

test_outer_uid_map_holds_subordinate_range() {
	local start count pid map
	start=$(awk -F: -v u="$(id -un)" -v n="$ME" '$1==u||$1==n {print $2; exit}' /etc/subuid)
	count=$(awk -F: -v u="$(id -un)" -v n="$ME" '$1==u||$1==n {print $3; exit}' /etc/subuid)
	[ -n "$start" ] || { echo "no subordinate range for $(id -un)"; return 1; }
	"${SBX[@]}" sleep 30 &
	local launcher=$!
	pid=$(registered_init_pid) || { kill $launcher; return 1; }
	map=$(tr -s ' ' < "/proc/$pid/uid_map" | sed 's/^ //')
	kill $launcher
	wait $launcher
	printf '%s\n' "$map" | grep -qx "0 $ME 1" &&
		printf '%s\n' "$map" | grep -qx "1 $start $count" ||
		{ echo "uid_map of init: $map"; return 1; }
}

test_capability_sets_are_empty() {
	local s
	s=$(sbx cat /proc/self/status)
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		printf '%s\n' "$s" | grep -qx "$f:[[:space:]]*0000000000000000" ||
			{ echo "$f not zero"; printf '%s\n' "$s" | grep Cap; return 1; }
	done
}

test_no_new_privs_and_seccomp_are_set() {
	local s
	s=$(sbx cat /proc/self/status)
	printf '%s\n' "$s" | grep -qx "NoNewPrivs:[[:space:]]*1" &&
		printf '%s\n' "$s" | grep -qx "Seccomp:[[:space:]]*2" ||
		{ printf '%s\n' "$s" | grep -E 'NoNewPrivs|Seccomp'; return 1; }
}

# uid 0 does not exist in the program's user namespace: EINVAL.
test_cannot_become_root_inside() {
	eq "$(sbx "$PROBE" setuid0)" EINVAL
}

# --- processes ------------------------------------------------------------

test_parent_is_pid1_and_proc_shows_only_the_sandbox() {
	local out host_pid
	sleep 60 &
	host_pid=$!
	out=$(sbx sh -c 'echo ppid=$PPID; ls -d /proc/[0-9]* | sed "s|/proc/||" | sort -n | tail -1 | sed "s/^/max=/"; cat /proc/1/comm; ps -e -o comm=')
	kill $host_pid
	printf '%s\n' "$out" | grep -qx 'ppid=1' || { echo "$out"; return 1; }
	# only the handful of pids of the sandbox, none of the host's
	local max
	max=$(printf '%s\n' "$out" | sed -n 's/^max=//p')
	[ "$max" -lt 10 ] || { echo "$out"; return 1; }
	! printf '%s\n' "$out" | grep -qx 'sleep' || { echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -qx 'nestbox' || { echo "$out"; return 1; }
}

test_orphans_are_reaped() {
	local z
	z=$(sbx sh -c '(sleep 0.1 &); sleep 0.5; ps -e -o stat= | grep -c "^Z" || true')
	eq "$z" 0
}

test_leftover_processes_die_with_the_program() {
	local tag="nbleft$$"
	sbx sh -c "cp /bin/sleep /tmp/$tag; /tmp/$tag 1000 & exit 0"
	sleep 0.2
	! pgrep -u "$ME" -f "$tag" || { echo "leftover survived"; return 1; }
}

# --- seccomp and forbidden operations --------------------------------------

test_forbidden_calls_fail_with_eperm() {
	local op got bad=0
	for op in ptrace tiocsti tiocsti-high mount unshare-user unshare-net \
		keyctl personality-bad netlink-audit name-to-handle; do
		got=$(sbx "$PROBE" "$op" </dev/null)
		[ "$got" = EPERM ] || { echo "$op: $got"; bad=1; }
	done
	return $bad
}

# x32 (same audit arch, bit 30 in the number) and i386 (int 0x80): the
# filter's answer is EPERM whatever the kernel would have said.
test_non_native_abis_are_refused() {
	[ "$(uname -m)" = x86_64 ] || { echo "not x86_64"; return 0; }
	eq "$(sbx "$PROBE" x32)" EPERM || return 1
	# i386 only where the kernel has IA32 emulation (else int 0x80 faults)
	if "$PROBE" i386 >/dev/null 2>&1; then
		eq "$(sbx "$PROBE" i386)" EPERM
	else
		echo "no IA32 emulation on this kernel: i386 not tested"
	fi
}

test_clone3_is_enosys_so_libc_falls_back() {
	eq "$(sbx "$PROBE" clone3)" ENOSYS
}

test_harmless_personality_query_works() {
	eq "$(sbx "$PROBE" personality-query)" OK
}

test_tiocsti_refused_on_a_real_terminal() {
	command -v script >/dev/null || { echo "no script(1)"; return 1; }
	local out
	out=$(script -qec "$NB --quiet --noprofile $PROBE tiocsti" /dev/null | tr -d '\r')
	eq "$out" EPERM
}

# --- network, hostname -----------------------------------------------------

test_only_loopback_exists_and_is_up() {
	local out
	out=$(sbx sh -c 'ls /sys/class/net; cat /sys/class/net/lo/operstate /sys/class/net/lo/flags')
	eq "$(printf '%s\n' "$out" | head -1)" lo || return 1
	[ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || { echo "$out"; return 1; }
	# IFF_UP is bit 0 of the flags
	[ $(( $(printf '%s\n' "$out" | tail -1) & 1 )) = 1 ] || { echo "$out"; return 1; }
}

test_loopback_carries_traffic() {
	command -v python3 >/dev/null || { echo "no python3"; return 1; }
	local out
	out=$(sbx python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.send(b"hi"); print(a.recv(2).decode())')
	eq "$out" hi
}

test_hostname_default_and_option() {
	eq "$(sbx hostname)" nestbox && eq "$(sbx --hostname=box1 hostname)" box1
}

# --- filesystem --------------------------------------------------------------

test_tmp_is_private_and_empty() {
	local marker=/tmp/nestbox-host-marker-$$
	: > "$marker"
	local out
	out=$(sbx sh -c 'ls -A /tmp; echo inside > /tmp/made-inside && echo wrote')
	rm -f "$marker"
	eq "$out" wrote || return 1
	[ ! -e /tmp/made-inside ] || { echo "sandbox /tmp leaked to host"; return 1; }
}

test_usr_and_etc_are_read_only() {
	eq "$(sbx "$PROBE" write /usr/nestbox-x)" EROFS &&
		eq "$(sbx "$PROBE" write /etc/nestbox-x)" EROFS &&
		eq "$(sbx "$PROBE" write /nestbox-x)" EROFS &&
		eq "$(sbx "$PROBE" write /dev/nestbox-x)" EROFS
}

test_callers_files_outside_home_are_not_writable() {
	[ -n "${OPT_FILE:-}" ] || { echo "no OPT_FILE"; return 1; }
	[ -w "$OPT_FILE" ] || { echo "$OPT_FILE not writable on the host"; return 1; }
	eq "$(sbx "$PROBE" write "$OPT_FILE")" EROFS
}

test_home_is_writable() {
	local f="$HOME/.nestbox-test/written-inside"
	rm -f "$f"
	eq "$(sbx "$PROBE" write "$f")" OK && [ -f "$f" ]
}

# The kernel already refuses these writes on permission (EACCES) before it
# looks at the mount, so the mount options themselves are checked.
mount_options_of() { # MOUNTPOINT
	sbx cat /proc/self/mountinfo | awk -v m="$1" '$5 == m {print $6}'
}

test_proc_sys_is_read_only() {
	local o
	o=$(mount_options_of /proc/sys)
	printf '%s\n' "$o" | grep -q '^ro,' || { echo "/proc/sys: '$o'"; return 1; }
	[ "$(sbx "$PROBE" write /proc/sys/net/ipv4/ip_forward)" != OK ]
}

test_sys_is_read_only() {
	local o
	o=$(mount_options_of /sys)
	printf '%s\n' "$o" | grep -q '^ro,' || { echo "/sys: '$o'"; return 1; }
	[ "$(sbx "$PROBE" write /sys/class/net/lo/mtu)" != OK ]
}

test_read_only_binds_are_read_only_recursively() {
	# every mount under /usr and /etc, submounts included
	local bad
	bad=$(sbx cat /proc/self/mountinfo | awk '$5 ~ "^/(usr|etc)(/|$)" && $6 !~ /^ro/')
	eq "$bad" ""
}

test_dev_is_minimal() {
	local out
	out=$(sbx sh -c 'ls /dev | tr "\n" " "; echo; echo x > /dev/null && head -c1 /dev/zero | wc -c; ls /dev/pts')
	printf '%s\n' "$out" | head -1 | grep -qx 'fd full null ptmx pts random shm stderr stdin stdout tty urandom zero ' ||
		{ echo "$out"; return 1; }
	printf '%s\n' "$out" | sed -n 2p | grep -qx 1 || { echo "$out"; return 1; }
}

test_launcher_descriptors_are_closed() {
	local out
	out=$(sbx sh -c 'ls /proc/self/fd' 5</etc/hostname 7</etc/hostname)
	eq "$(printf '%s\n' "$out" | tr '\n' ' ')" "0 1 2 3 "
}

# --- exit statuses and signals -------------------------------------------

test_exit_statuses_propagate() {
	local bad=0 rc
	sbx true; rc=$?; [ $rc = 0 ] || { echo "true: $rc"; bad=1; }
	sbx sh -c 'exit 3'; rc=$?; [ $rc = 3 ] || { echo "exit 3: $rc"; bad=1; }
	printf 'echo hi\n' > "$HOME/.nestbox-test/not-executable"
	chmod 644 "$HOME/.nestbox-test/not-executable"
	sbx "$HOME/.nestbox-test/not-executable" 2>/dev/null; rc=$?
	[ $rc = 126 ] || { echo "not executable: $rc"; bad=1; }
	sbx no-such-command-nestbox 2>/dev/null; rc=$?
	[ $rc = 127 ] || { echo "not found: $rc"; bad=1; }
	sbx sh -c 'kill -TERM $$'; rc=$?
	[ $rc = 143 ] || { echo "killed by SIGTERM: $rc"; bad=1; }
	return $bad
}

test_sigterm_to_launcher_ends_the_program() {
	local launcher pid rc
	"${SBX[@]}" sleep 100 &
	launcher=$!
	pid=$(registered_init_pid) || return 1
	kill -TERM $launcher
	wait $launcher
	rc=$?
	eq $rc 143 && wait_gone "$pid"
}

test_signals_are_forwarded_to_the_program() {
	local launcher out rc
	"${SBX[@]}" sh -c 'trap "echo got-usr1; exit 7" USR1; echo ready; while :; do sleep 0.05; done' > "$WORK/sig.out" &
	launcher=$!
	registered_init_pid > /dev/null || return 1
	for _ in $(seq 1 100); do grep -q ready "$WORK/sig.out" && break; sleep 0.05; done
	kill -USR1 $launcher
	wait $launcher
	rc=$?
	out=$(cat "$WORK/sig.out")
	eq "$rc" 7 && printf '%s\n' "$out" | grep -q got-usr1
}

test_kill9_of_launcher_leaves_nothing_behind() {
	local launcher pid
	"${SBX[@]}" sleep 100 &
	launcher=$!
	pid=$(registered_init_pid) || return 1
	kill -KILL $launcher
	wait $launcher 2>/dev/null
	wait_gone "$pid" || return 1
	! pgrep -u "$ME" -x sleep || { echo "sleep survived"; return 1; }
	for _ in $(seq 1 100); do
		[ -z "$(ls -A "$REG" 2>/dev/null)" ] && break
		sleep 0.05
	done
	registry_empty
}

# --- registry -----------------------------------------------------------------

test_registry_entry_lives_with_the_sandbox() {
	local launcher pid dir
	"${SBX[@]}" sleep 100 &
	launcher=$!
	pid=$(registered_init_pid) || return 1
	dir=$(dirname "$(ls "$REG"/*/info | head -1)")
	[ "$(stat -c %a "$REG")" = 700 ] || { echo "registry mode $(stat -c %a "$REG")"; return 1; }
	grep -q '^command sleep 100$' "$dir/info" || { cat "$dir/info"; return 1; }
	grep -q '^start [0-9][0-9]*$' "$dir/info" || { cat "$dir/info"; return 1; }
	kill $launcher
	wait $launcher
	registry_empty
}

test_stale_registry_entry_is_swept() {
	mkdir -p "$REG/00000000-stale" && chmod 700 "$REG" &&
		echo "pid 1" > "$REG/00000000-stale/info"
	sbx true
	[ ! -e "$REG/00000000-stale" ] || { echo "stale entry kept"; return 1; }
}

test_registry_falls_back_to_tmp_without_xdg_runtime_dir() {
	local launcher
	env -u XDG_RUNTIME_DIR "$NB" --quiet --noprofile sleep 100 &
	launcher=$!
	local i found=1
	for i in $(seq 1 200); do
		ls /tmp/nestbox-"$ME"/*/info >/dev/null 2>&1 && { found=0; break; }
		sleep 0.05
	done
	kill $launcher
	wait $launcher
	[ $found = 0 ] || { echo "no entry under /tmp/nestbox-$ME"; return 1; }
	[ "$(stat -c %a "/tmp/nestbox-$ME")" = 700 ]
}

# --- command line ---------------------------------------------------------------

test_bad_option_exits_125_with_one_line() {
	local out rc
	out=$("$NB" --bogus-option true 2>&1)
	rc=$?
	eq "$rc" 125 || return 1
	eq "$out" "nestbox: --bogus-option: unknown option (try --help)" || return 1
	out=$("$NB" --net=bad/iface true 2>&1)
	rc=$?
	eq "$rc" 125 && registry_empty
}

test_dry_run_prints_plan_and_runs_nothing() {
	local out
	out=$("$NB" --noprofile --dry-run touch "$HOME/.nestbox-test/dry")
	printf '%s\n' "$out" | grep -q '^mount plan' &&
		printf '%s\n' "$out" | grep -q 'bind    /usr ro' &&
		printf '%s\n' "$out" | grep -q '^seccomp' &&
		[ ! -e "$HOME/.nestbox-test/dry" ]
}

test_env_option_and_container_variable() {
	eq "$(sbx --env=NB_TEST=hello sh -c 'echo $NB_TEST $container')" "hello nestbox"
}

test_no_program_runs_the_shell() {
	eq "$(echo 'echo from-shell' | SHELL=/bin/sh "$NB" --quiet --noprofile)" from-shell
}

test_double_dash_ends_options() {
	eq "$(sbx -- sh -c 'echo "$0"' --debug)" --debug
}

test_version_and_help() {
	"$NB" --version | grep -q '^nestbox [0-9]' && "$NB" --help | grep -q -- '--noprofile'
}

# --- profiles -------------------------------------------------------------------

P=$HOME/.nestbox-test

test_profile_directives_apply() {
	printf '# a profile\nhostname fromprofile  # comment\nenv NB_P=1\nrmenv NB_GONE\n' > "$P/p1.profile"
	eq "$(NB_GONE=x "$NB" --quiet --profile="$P/p1.profile" sh -c 'echo $(hostname) $NB_P ${NB_GONE:-unset}')" \
		"fromprofile 1 unset"
}

test_not_enforced_is_reported_once_per_kind() {
	printf 'appimage\nappimage\nappimage\napparmor\nnet none\n' > "$P/p2.profile"
	local err
	err=$("$NB" --profile="$P/p2.profile" true 2>&1 >/dev/null)
	[ "$(printf '%s\n' "$err" | grep -c 'warning: not enforced')" = 2 ] || { echo "$err"; return 1; }
	printf '%s\n' "$err" | grep -q 'not enforced: appimage (3 lines)' &&
		printf '%s\n' "$err" | grep -q 'not enforced: apparmor (1 line): no AppArmor profile can be loaded without root' ||
		{ echo "$err"; return 1; }
	# the profile's own `quiet` silences them, as --quiet does
	printf 'quiet\nappimage\n' > "$P/p3.profile"
	eq "$("$NB" --profile="$P/p3.profile" true 2>&1)" ""
}

test_strict_refuses_what_is_not_enforced() {
	printf 'blacklist ~/a\nappimage\ntracelog\n' > "$P/p4.profile"
	rm -f "$P/strict-ran"
	local out rc
	out=$("$NB" --strict --profile="$P/p4.profile" touch "$P/strict-ran" 2>&1)
	rc=$?
	eq "$rc" 125 &&
		eq "$out" "nestbox: --strict: not enforced: appimage, tracelog" &&
		[ ! -e "$P/strict-ran" ] && registry_empty
}

test_bad_profile_names_file_and_line() {
	printf 'net none\nbogus-directive x\n' > "$P/p5.profile"
	rm -f "$P/bad-ran"
	local out rc
	out=$("$NB" --profile="$P/p5.profile" touch "$P/bad-ran" 2>&1)
	rc=$?
	eq "$rc" 125 &&
		eq "$out" "nestbox: $P/p5.profile:2: unknown directive 'bogus-directive'" &&
		[ ! -e "$P/bad-ran" ] || return 1
	out=$("$NB" --profile="$P/no-such.profile" true 2>&1)
	rc=$?
	eq "$rc" 125 && printf '%s\n' "$out" | grep -q "profile $P/no-such.profile: No such file"
}

# Every profile of Debian's firejail-profiles loads; the only errors allowed
# are the package's own missing includes (firejail fails on them too).
test_firejail_corpus_loads() {
	[ -d /etc/firejail ] || { echo "no /etc/firejail (firejail-profiles not installed)"; return 1; }
	local f out n=0 bad=0 defects=0 inc
	: > "$WORK/kinds"
	: > "$WORK/loaded"
	for f in /etc/firejail/*.profile; do
		n=$((n + 1))
		if out=$("$NB" --quiet --profile="$f" --dry-run true 2>&1); then
			echo "$f" >> "$WORK/loaded"
			printf '%s\n' "$out" | sed -n 's/^  not enforced: \([^ ]*\) (\([0-9]*\)).*/\1 \2/p' >> "$WORK/kinds"
			continue
		fi
		inc=$(printf '%s\n' "$out" | sed -n 's/.*: include \(.*\): not found$/\1/p')
		if [ -n "$inc" ] && [ ! -e "/etc/firejail/$inc" ]; then
			defects=$((defects + 1))
			echo "corpus defect: $out"
			continue
		fi
		bad=$((bad + 1))
		echo "$out"
	done
	echo "$n profiles: $((n - bad - defects)) loaded, $defects with a missing include in the package, $bad errors"
	awk '{c[$1] += $2} END {for (k in c) printf "not enforced: %s %d\n", k, c[k]}' "$WORK/kinds" | sort -k4 -rn | head -40
	[ "$bad" = 0 ] && [ "$n" -gt 1000 ]
}

test_firejail_profiles_launch() {
	[ -d /etc/firejail ] || { echo "no /etc/firejail"; return 1; }
	local f n=0 bad=0 nobin=0 rc
	# in order, until 110 have launched (about a quarter of the corpus)
	for f in /etc/firejail/*.profile; do
		[ "$n" -ge 110 ] && break
		"$NB" --quiet --profile="$f" --dry-run true >/dev/null 2>&1 || continue
		"$NB" --quiet --profile="$f" /bin/true
		rc=$?
		if [ "$rc" = 0 ]; then
			n=$((n + 1))
		elif [ "$rc" = 127 ] && "$NB" --quiet --profile="$f" --dry-run true | grep -q '^  private-bin'; then
			# private-bin without `true`: not found, as under firejail
			nobin=$((nobin + 1))
		else
			echo "failed ($rc): $f"
			bad=$((bad + 1))
		fi
	done
	echo "$n launched, $nobin without /bin/true (private-bin), $bad failed"
	[ "$bad" = 0 ] && [ "$n" -ge 100 ]
}

# --- the fallback map (a user without a subordinate range) --------------------

test_fallback_map_without_subordinate_range() {
	local out err
	out=$("$NB" --noprofile sh -c 'id -u; cat /proc/self/status | grep -E "^(CapEff|Seccomp):"' 2>"$WORK/err")
	err=$(cat "$WORK/err")
	printf '%s\n' "$out" | head -1 | grep -qx "$ME" || { echo "$out"; echo "$err"; return 1; }
	printf '%s\n' "$out" | grep -q 'Seccomp:.2' || { echo "$out"; return 1; }
	[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
		printf '%s\n' "$err" | grep -q 'nestbox: warning: .*only your own uid' ||
		{ echo "stderr: $err"; return 1; }
	err=$("$NB" --quiet --noprofile true 2>&1)
	eq "$err" ""
}

# --- hostile registry locations (run as the second user) ------------------

# FOREIGN_XDG: a runtime dir of ours whose nestbox/ was made by root.
test_registry_owned_by_someone_else_is_refused() {
	[ -n "${FOREIGN_XDG:-}" ] || { echo "FOREIGN_XDG not set"; return 1; }
	local out rc
	out=$(XDG_RUNTIME_DIR=$FOREIGN_XDG "$NB" --quiet --noprofile touch "$HOME/.nb-ran" 2>&1)
	rc=$?
	eq "$rc" 125 || return 1
	printf '%s\n' "$out" | grep -q "^nestbox: $FOREIGN_XDG/nestbox is not a private directory" ||
		{ echo "$out"; return 1; }
	[ ! -e "$HOME/.nb-ran" ]
}

test_registry_symlink_in_tmp_is_refused() {
	local link=/tmp/nestbox-$ME out rc
	rm -rf "$link" 2>/dev/null
	[ -e "$link" ] && { echo "$link exists and is not ours"; return 1; }
	mkdir -p "$WORK/elsewhere" && chmod 700 "$WORK/elsewhere"
	ln -s "$WORK/elsewhere" "$link"
	out=$(env -u XDG_RUNTIME_DIR "$NB" --quiet --noprofile true 2>&1)
	rc=$?
	rm -f "$link"
	eq "$rc" 125 || return 1
	eq "$out" "nestbox: /tmp/nestbox-$ME is a symbolic link, not a private directory of uid $ME: refusing it" || return 1
	[ -z "$(ls -A "$WORK/elsewhere")" ] || { echo "wrote through the symlink"; return 1; }
}

# Further tests, one file per area (profiles.sh, fs.sh...), and the escape
# battery (escape/*.sh): each defines test_* functions using the helpers above.
for f in "$(dirname "$0")"/[a-z]*.sh "$(dirname "$0")"/escape/[a-z]*.sh; do
	[ -e "$f" ] || continue
	[ "$f" = "$0" ] || [ "$(basename "$f")" = suite.sh ] || . "$f"
done

if [ "${1:-}" = fallback ]; then
	check fallback_map_without_subordinate_range test_fallback_map_without_subordinate_range
	check registry_owned_by_someone_else_is_refused test_registry_owned_by_someone_else_is_refused
	check registry_symlink_in_tmp_is_refused test_registry_symlink_in_tmp_is_refused
	check fallback_nogroups_is_reported_not_enforced test_fallback_nogroups_is_reported_not_enforced
	exit 0
fi

for t in $(declare -F | awk '{print $3}' | grep '^test_' | grep -v -e fallback -e registry_owned_by -e registry_symlink); do
	# ONLY=REGEX runs the matching tests alone (while developing)
	[ -n "${ONLY:-}" ] && ! [[ $t =~ $ONLY ]] && continue
	check "${t#test_}" "$t"
done
