# Landlock (issue #4), sourced by suite.sh: for each directive, from
# inside the sandbox, what it refuses is refused (EACCES, EPERM) and what
# it grants still works, with probe-landlock.c.  A test whose Landlock ABI
# this kernel lacks says so (# skip).
#
# Each test works in $P/ll (under home, removed by the runner with $P).

LL=$P/ll
LLP=${PROBE}-landlock
# the kernel's ABI, asked on the host (-1: no Landlock); nothing printed:
# the probe did not run, which is no reason to skip
LL_ABI=$("$LLP" abi 2>/dev/null)
LL_SAID=$LL_ABI LL_PROBE_RAN=0
[[ $LL_ABI =~ ^-?[0-9]+$ ]] && LL_PROBE_RAN=1
[ "$LL_PROBE_RAN" = 1 ] && [ "$LL_ABI" -gt 0 ] || LL_ABI=0

ll_setup() {
	rm -rf "$LL" && mkdir -p "$LL" && cd "$HOME" || return 1
}
ll_profile() { # LINES... -> $LL/p.profile
	printf '%s\n' "$@" > "$LL/p.profile"
}
# What every landlock.fs.* test needs for its probe to run at all: the
# system's programs and libraries, and the probe.
LL_BASE=("landlock.enforce" "landlock.fs.read /usr" "landlock.fs.execute /usr"
	"landlock.fs.read $LLP" "landlock.fs.execute $LLP")
llbox() { "$NB" --quiet --profile="$LL/p.profile" "$@"; }
# After it: `ll_needs N || { setup_failed; return; }`.
ll_needs() { # ABI: true if this kernel has it, else says skip
	[ "$LL_PROBE_RAN" = 1 ] || { echo "$LLP abi printed '$LL_SAID': the probe did not run"; return 1; }
	[ "$LL_ABI" -ge "$1" ] && return 0
	skip "needs Landlock ABI $1, this kernel has $LL_ABI"
	return 1
}

# --- landlock.fs.* (firejail's), with landlock.enforce ---------------------

test_landlock_fs_read_allows_reading_only_beneath_listed_paths() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/in" "$LL/out" && echo a > "$LL/in/f" && echo b > "$LL/out/f"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL/in"
	eq "$(llbox sh -c "p=$LLP; \$p read $LL/in/f; \$p readdir $LL/in;
		\$p read $LL/out/f; \$p readdir $LL/out; \$p read /etc/passwd;
		\$p write $LL/in/f")" "OK
OK
EACCES
EACCES
EACCES
EACCES" &&
		# the same reads without Landlock: the refusals were its own
		eq "$(sbx "$LLP" read "$LL/out/f")" OK
}

test_landlock_fs_write_allows_writing_only_beneath_listed_paths() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/w" "$LL/w2" "$LL/r" && echo old > "$LL/r/f" && echo old > "$LL/w/f"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL" \
		"landlock.fs.write $LL/w" "landlock.fs.write $LL/w2"
	local move=OK trunc=EACCES
	# ABI 1 refuses every move between directories; ABI 3 checks truncate
	[ "$LL_ABI" -lt 2 ] && move=EXDEV
	[ "$LL_ABI" -lt 3 ] && trunc=OK
	eq "$(llbox sh -c "p=$LLP; \$p write $LL/w/new; \$p mkdir $LL/w/d;
		\$p truncate $LL/w/f; \$p rename $LL/w/new $LL/w2/moved;
		\$p write $LL/r/new; \$p write $LL/r/f; \$p mkdir $LL/r/d;
		\$p truncate $LL/r/f")" "OK
OK
OK
$move
EACCES
EACCES
EACCES
$trunc" || return 1
	[ -d "$LL/w/d" ] && [ ! -e "$LL/r/new" ] && [ ! -e "$LL/r/d" ] &&
		eq "$(cat "$LL/r/f")" old &&
		{ [ "$move" != OK ] || [ -f "$LL/w2/moved" ]; }
}

test_landlock_fs_execute_allows_running_only_beneath_listed_paths() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/x" "$LL/nx" && cp "$LLP" "$LL/x/" && cp "$LLP" "$LL/nx/"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL" "landlock.fs.execute $LL/x"
	local b=${LLP##*/}
	eq "$(llbox "$LLP" exec "$LL/x/$b")" OK &&
		eq "$(llbox "$LLP" exec "$LL/nx/$b")" EACCES || return 1
	# nestbox's own execve of the program is under the rules too
	local out rc
	out=$(llbox "$LL/nx/$b" noop 2>&1)
	rc=$?
	eq "$rc" 126 && eq "$out" "nestbox: $LL/nx/$b: Permission denied"
}

# firejail's landlock-common.inc says `landlock.fs.execute ${PATH}`
test_landlock_fs_execute_takes_the_path_macro() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/x" && cp "$LLP" "$LL/x/"
	# the dynamic loader is executed too: /usr/lib
	ll_profile landlock.enforce "landlock.fs.read /usr" "landlock.fs.read $LL" \
		"landlock.fs.execute \${PATH}" "landlock.fs.execute /usr/lib"
	eq "$(llbox sh -c "echo ran; $LL/x/${LLP##*/} noop" 2>&1)" "ran
sh: 1: $LL/x/${LLP##*/}: Permission denied"
}

test_landlock_fs_makeipc_allows_fifos_and_sockets_only_there() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/ipc"
	# write does not include making FIFOs or sockets
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL" "landlock.fs.write $LL" \
		"landlock.fs.makeipc $LL/ipc"
	eq "$(llbox sh -c "p=$LLP; \$p mkfifo $LL/ipc/fifo; \$p bind-unix $LL/ipc/sock;
		\$p mkfifo $LL/fifo; \$p bind-unix $LL/sock; \$p write $LL/file")" "OK
OK
EACCES
EACCES
OK" && [ -p "$LL/ipc/fifo" ] && [ -S "$LL/ipc/sock" ] && [ ! -e "$LL/fifo" ]
}

# Device nodes need CAP_MKNOD, except a whiteout (char 0:0, Linux 5.8):
# without Landlock the program can make one anywhere it can write.
test_landlock_fs_makedev_allows_device_nodes_only_there() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	mkdir "$LL/dev"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL" "landlock.fs.write $LL" \
		"landlock.fs.makedev $LL/dev"
	eq "$(llbox sh -c "p=$LLP; \$p mknod-whiteout $LL/dev/wh; \$p mknod-whiteout $LL/wh")" "OK
EACCES" && [ -c "$LL/dev/wh" ] && [ ! -e "$LL/wh" ] &&
		eq "$(sbx "$LLP" mknod-whiteout "$LL/wh")" OK
}

test_landlock_fs_rules_without_enforce_have_no_effect() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	echo b > "$LL/f"
	ll_profile "${LL_BASE[@]:1}" "landlock.fs.read $LL/elsewhere"
	eq "$(llbox "$LLP" read "$LL/f")" OK || return 1
	# the control: the same rules, enforced, refuse that read
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL/elsewhere"
	eq "$(llbox "$LLP" read "$LL/f")" EACCES
}

test_landlock_fs_missing_path_is_skipped_with_a_debug_line() {
	ll_needs 1 || { setup_failed; return; }
	ll_setup || return 1
	echo b > "$LL/f"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL/missing" "landlock.fs.read $LL/f"
	local out
	out=$("$NB" --debug --profile="$LL/p.profile" "$LLP" read "$LL/f" 2>&1)
	printf '%s\n' "$out" | grep -qx OK &&
		printf '%s\n' "$out" | grep -q "Landlock: $LL/missing: No such file or directory: rule skipped" &&
		printf '%s\n' "$out" | grep -q "Landlock ABI $LL_ABI: file-system rights 0x[0-9a-f]* handled, 4 path rules (1 skipped)" ||
		{ echo "$out"; return 1; }
}

# --- landlock.net.* (nestbox's, ABI 4): the sandbox has its own loopback --

test_landlock_net_connect_allows_only_listed_ports() {
	ll_needs 4 || { setup_failed; return; }
	eq "$(sbx --landlock.net.connect=5555,7000-7002 sh -c "p=$LLP; \$p tcp-connect 5555;
		\$p tcp-connect 7001; \$p tcp-connect 5556")" "OK
OK
EACCES" &&
		eq "$(sbx --landlock.net.connect=none "$LLP" tcp-connect 5555)" EACCES &&
		eq "$(sbx "$LLP" tcp-connect 5556)" OK
}

test_landlock_net_bind_allows_only_listed_ports() {
	ll_needs 4 || { setup_failed; return; }
	# connecting stays free: only bind is restricted
	eq "$(sbx --landlock.net.bind=6000 sh -c "p=$LLP; \$p tcp-bind 6000; \$p tcp-bind 6001;
		\$p tcp-connect 6000")" "OK
EACCES
OK" &&
		eq "$(sbx --landlock.net.bind=none "$LLP" tcp-bind 6000)" EACCES &&
		eq "$(sbx "$LLP" tcp-bind 6001)" OK
}

# --- landlock.scope (nestbox's, ABI 6): on by default ---------------------

# Init (pid 1) is outside the program's Landlock domain; the program's own
# children are inside it.
test_landlock_default_scope_refuses_signals_outside_the_domain() {
	ll_needs 6 || { setup_failed; return; }
	eq "$(sbx sh -c "$LLP kill 1; $LLP kill-child")" "EPERM
OK" &&
		eq "$(sbx --landlock.scope=none "$LLP" kill 1)" OK &&
		eq "$(sbx --landlock.scope=abstract-unix-socket "$LLP" kill 1)" OK
}

# A process outside the sandbox joins its user and network namespaces
# (as their owner, it may) and listens on an abstract socket there; the
# sandboxed program retries while it gets ECONNREFUSED (not listening
# yet) and prints what it finally gets.
ll_abstract_outside() { # NESTBOX-OPTIONS...
	local name=nbll-$$-$RANDOM launcher pid srv out
	"${SBX[@]}" "$@" sh -c 'for i in $(seq 1 200); do
			r=$("$0" abstract-connect "$1"); [ "$r" = ECONNREFUSED ] || break
			sleep 0.05
		done; echo "$r"' "$LLP" "$name" > "$LL/abstract.out" &
	launcher=$!
	pid=$(registered_init_pid) || { kill $launcher; return 1; }
	nsenter -t "$pid" -U -n --preserve-credentials "$LLP" abstract-listen "$name" 20 > "$LL/listen.out" &
	srv=$!
	wait $launcher
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	grep -qx LISTENING "$LL/listen.out" || { echo "listener: $(cat "$LL/listen.out")"; return 1; }
	cat "$LL/abstract.out"
}

test_landlock_default_scope_refuses_abstract_sockets_bound_outside() {
	ll_needs 6 || { setup_failed; return; }
	ll_setup || return 1
	local got
	got=$(ll_abstract_outside) && eq "$got" EPERM || return 1
	got=$(ll_abstract_outside --landlock.scope=none) && eq "$got" OK || return 1
	# one bound inside the sandbox is reachable
	eq "$(sbx "$LLP" abstract-self "nbll-$$")" OK
}

# --- hostile input, and what the user is told -----------------------------

test_landlock_bad_lines_are_profile_errors() {
	ll_setup || return 1
	local line want out rc
	while IFS='|' read -r line want; do
		ll_profile "# a comment" "$line"
		out=$("$NB" --profile="$LL/p.profile" true 2>&1)
		rc=$?
		eq "$rc" 125 && eq "$out" "nestbox: $LL/p.profile:2: $want" || return 1
	done <<'EOF'
landlock.fs.read relative/path|landlock.fs.read: 'relative/path' is not an absolute path
landlock.fs.write /home/../etc|landlock.fs.write: '/home/../etc': '.' and '..' are not allowed in paths
landlock.fs.execute|landlock.fs.execute needs an argument (PATH)
landlock.net.bind 99999|landlock.net.bind 99999: port 99999 out of range (0-65535)
landlock.net.connect abc|landlock.net.connect abc: 'abc' is not a port number
landlock.net.connect 80,,443|landlock.net.connect 80,,443: empty port in the list
landlock.net.bind 9000-8000|landlock.net.bind 9000-8000: empty port range 9000-8000
landlock.scope everything|landlock.scope: unknown scope 'everything' (abstract-unix-socket, signal, all or none)
landlock.enforce now|landlock.enforce takes no argument
EOF
	out=$("$NB" --landlock.net.connect=80,x true 2>&1)
	rc=$?
	eq "$rc" 125 && eq "$out" "nestbox: --landlock.net.connect: landlock.net.connect 80,x: 'x' is not a port number"
}

test_landlock_dry_run_prints_the_landlock_policy() {
	local out
	out=$("$NB" --noprofile --dry-run --landlock.enforce --landlock.fs.read=/usr \
		--landlock.net.connect=443,80 --landlock.net.bind=none --landlock.scope=signal true) || return 1
	printf '%s\n' "$out" | grep -qx "  landlock.enforce" &&
		printf '%s\n' "$out" | grep -qx "  landlock.fs.read /usr" &&
		printf '%s\n' "$out" | grep -qx "  landlock.net.connect 80,443" &&
		printf '%s\n' "$out" | grep -qx "  landlock.net.bind none" &&
		printf '%s\n' "$out" | grep -qx "  landlock.scope signal" || { echo "$out"; return 1; }
	out=$("$NB" --noprofile --dry-run true) || return 1
	printf '%s\n' "$out" | grep -qx "  landlock.scope abstract-unix-socket,signal (default)" ||
		{ echo "$out"; return 1; }
}

test_landlock_debug_says_the_abi_and_what_was_applied() {
	local out
	out=$("$NB" --debug --noprofile true 2>&1) || { echo "$out"; return 1; }
	if [ "$LL_ABI" = 0 ]; then
		printf '%s\n' "$out" | grep -q "Landlock: not available" || { echo "$out"; return 1; }
		return 0
	fi
	printf '%s\n' "$out" | grep -q "debug: .*Landlock ABI $LL_ABI\$" || { echo "$out"; return 1; }
	[ "$LL_ABI" -lt 6 ] ||
		printf '%s\n' "$out" | grep -q "Landlock ABI $LL_ABI: scope abstract-unix-socket signal" ||
		{ echo "$out"; return 1; }
}
