# Networking (issue #5), sourced by suite.sh: pasta gives a sandbox under
# a profile its own network; `net none` keeps loopback only, `net host`
# shares the host's.  Each test asserts from inside what can be reached,
# against a server the test runs on the host, and that no pasta is left.

NT=$P/net
NT_PROFILE=$NT/plain.profile	# a profile without `net none`
nt_setup() {
	mkdir -p "$NT" && printf 'hostname nettest\n' > "$NT_PROFILE"
}
nbox() { "$NB" --quiet --profile="$NT_PROFILE" "$@"; }

# An HTTP server on the host's loopback; $NT_PORT, $NT_SRV (its pid).
nt_serve() {
	mkdir -p "$NT/www" && echo "served-$$" > "$NT/www/marker"
	NT_PORT=$((20000 + RANDOM % 20000))
	http_serve "$NT/www" "$NT_PORT"
	local rc=$?
	NT_SRV=$HTTP_PID
	return $rc
}
nt_unserve() { kill "$NT_SRV" 2>/dev/null; wait "$NT_SRV" 2>/dev/null; return 0; }
# The address of the host's default gateway (pasta gives the sandbox the same).
nt_gateway() { ip -4 route show default | awk '{print $3; exit}'; }
# pasta runs as "pasta", then as "passt.avx2" (it re-executes itself)
pasta_pids() { live_pids '^pas'; }
no_pasta_left() { none_left pasta '^pas'; }

test_net_profile_gets_pasta_network_with_the_hosts_routes() {
	nt_setup || return 1
	local gw out
	gw=$(nt_gateway)
	[ -n "$gw" ] || { skip "the host has no default IPv4 route"; return 0; }
	out=$(nbox sh -c 'ip -4 route show default; cat /sys/class/net/*/operstate | sort | tr "\n" " "')
	printf '%s\n' "$out" | grep -q "^default via $gw " || { echo "$out"; return 1; }
	no_pasta_left
}

# The control, in the same sandbox: it has pasta's network (the default
# route via the gateway), so the refusals are not those of a sandbox
# without a network (--net=none gives the same curl failures), nor of a
# curl that did not run.  127.0.0.1 is the sandbox's own loopback: refused
# (curl 7); the gateway is not mapped to the host: no answer from the
# server, refused or timed out (7 or 28) depending on the real gateway.
test_net_host_loopback_is_unreachable_by_default() {
	nt_setup && nt_serve || return 1
	need curl || { nt_unserve; return 1; }
	local gw out
	gw=$(nt_gateway)
	[ -n "$gw" ] || { nt_unserve; skip "the host has no default IPv4 route"; return 0; }
	out=$(nbox sh -c "ip -4 route show default | cut -d' ' -f1-3
		curl -s --max-time 2 http://127.0.0.1:$NT_PORT/marker; echo \"lo \$?\"
		curl -s --max-time 2 http://$gw:$NT_PORT/marker; echo \"gw \$?\"" 2>&1)
	nt_unserve
	case $out in
	"default via $gw
lo 7
gw 7" | "default via $gw
lo 7
gw 28") ;;
	*) echo "$out"; return 1 ;;
	esac
	no_pasta_left
}

test_net_host_loopback_option_reaches_a_host_server_through_pasta() {
	nt_setup && nt_serve || return 1
	local gw out
	gw=$(nt_gateway)
	out=$(nbox --net.host-loopback curl -s --max-time 5 "http://$gw:$NT_PORT/marker")
	nt_unserve
	eq "$out" "served-$$" && no_pasta_left
}

test_net_none_has_loopback_only_and_no_route() {
	nt_setup || return 1
	local out
	out=$(nbox --net=none sh -c 'ls /sys/class/net | tr "\n" " "; ip -4 route | wc -l
		curl -s --max-time 2 http://192.0.2.1/ 2>&1; echo "curl $?"')
	eq "$out" "lo 0
curl 7" && no_pasta_left
}

test_net_host_shares_the_hosts_network_namespace() {
	nt_setup && nt_serve || return 1
	local out
	out=$(nbox --net=host sh -c "readlink /proc/self/ns/net; curl -s --max-time 5 http://127.0.0.1:$NT_PORT/marker")
	nt_unserve
	eq "$out" "$(readlink /proc/self/ns/net)
served-$$" && no_pasta_left
}

# The host's abstract unix sockets stay outside the sandbox's network
# namespace (Landlock's scope would refuse them too: turned off here, so
# the namespace alone is tested).
test_net_pasta_sandbox_cannot_reach_host_abstract_sockets() {
	nt_setup || return 1
	local name=nestbox-test-$$ srv out
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0" + sys.argv[1]); s.listen(4); time.sleep(20)' "$name" &
	srv=$!
	sleep 0.3
	out=$(nbox --landlock.scope=none python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect("\0" + sys.argv[1]); print("connected")
except OSError as e:
    print(e.strerror)' "$name")
	local host
	host=$(python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("\0" + sys.argv[1]); print("connected")' "$name")
	kill "$srv"
	wait "$srv" 2>/dev/null
	eq "$host" connected && eq "$out" "Connection refused"
}

test_net_pasta_dies_with_a_killed_launcher() {
	nt_setup || return 1
	local launcher i
	# $! must be nestbox itself, not a subshell running nbox
	"$NB" --quiet --profile="$NT_PROFILE" sleep 60 &
	launcher=$!
	registered_init_pid > /dev/null
	for i in $(seq 1 200); do
		[ -n "$(pasta_pids)" ] && break
		sleep 0.05
	done
	[ -n "$(pasta_pids)" ] || { echo "pasta never ran"; kill "$launcher"; return 1; }
	kill -KILL "$launcher"
	wait "$launcher" 2>/dev/null
	for i in $(seq 1 100); do
		[ -z "$(pasta_pids)" ] && break
		sleep 0.05
	done
	no_pasta_left && registry_empty
}

test_net_pasta_failing_stops_the_launch_with_a_clear_error() {
	nt_setup || return 1
	local out rc
	rm -f "$NT/ran"
	out=$(NESTBOX_PASTA=/bin/false "$NB" --profile="$NT_PROFILE" touch "$NT/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$NT/ran" ] || { echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -q '^nestbox: pasta could not set the network up' || { echo "$out"; return 1; }
	out=$(NESTBOX_PASTA=/nonexistent/pasta "$NB" --profile="$NT_PROFILE" touch "$NT/ran" 2>&1)
	eq "$?" 125 && [ ! -e "$NT/ran" ] &&
		eq "$out" "nestbox: NESTBOX_PASTA=/nonexistent/pasta: No such file or directory" &&
		registry_empty && no_pasta_left
}

# A launch that fails in the sandbox's set-up (here init's mkdir, through
# a regular file: the planner cannot know, init finds out) ends pasta's
# namespace, and pasta with it: only the real cause is printed, not
# "pasta could not set the network up" besides (issue #17).
test_net_failed_setup_prints_only_its_own_cause() {
	nt_setup || return 1
	local i out rc
	rm -rf "$NT/afile" "$NT/ran"
	echo x > "$NT/afile"
	printf 'mkdir %s/afile/sub\n' "$NT" > "$NT/fail.profile"
	# pasta may or may not have finished by then: a few launches
	for i in 1 2 3; do
		out=$("$NB" --quiet --profile="$NT/fail.profile" --net=pasta touch "$NT/ran" 2>&1)
		rc=$?
		eq "$rc" 125 && [ ! -e "$NT/ran" ] &&
			eq "$out" "nestbox: create $NT/afile/sub: Not a directory" || return 1
	done
	rm -f "$NT/afile"
	registry_empty && no_pasta_left
}

# The program starts once pasta has configured the namespace (its
# addresses and default routes), not when pasta says it is ready, which
# takes four times as long (its tables and sockets).  A pasta whose
# readiness is held back until the program has run (or 20 s, for a
# binary that waits for it: the program then finds the word said) shows
# which: the program reaches a host server through it before the word.
nt_late_pasta() { # FILE: pasta, its pid written late to nestbox's FIFO
	cat > "$1" << EOF
#!/bin/sh
tmp=$NT/pasta.pid.\$\$
fifo=
prev=
for a in "\$@"; do
	shift
	[ "\$prev" = --pid ] && { fifo=\$a; a=\$tmp; }
	set -- "\$@" "\$a"
	prev=\$a
done
(
	for i in \$(seq 1 400); do
		[ -e "$NT/program-done" ] && exit 0
		sleep 0.05
	done
	: > "$NT/pasta-said-ready"
	cat "\$tmp" > "\$fifo"
) &
exec /usr/bin/pasta "\$@"
EOF
	chmod 755 "$1"
}

test_net_program_starts_once_pasta_has_configured_the_namespace() {
	nt_setup && nt_serve || return 1
	local gw out
	gw=$(nt_gateway)
	[ -n "$gw" ] || { nt_unserve; skip "the host has no default IPv4 route"; return 0; }
	rm -f "$NT/program-done" "$NT/pasta-said-ready"
	nt_late_pasta "$NT/late-pasta"
	out=$(NESTBOX_PASTA=$NT/late-pasta "$NB" --quiet --profile="$NT_PROFILE" \
		--net.host-loopback sh -c "
		[ -e $NT/pasta-said-ready ] && echo after pasta said ready || echo before pasta said ready
		curl -s --max-time 10 http://$gw:$NT_PORT/marker
		touch $NT/program-done")
	nt_unserve
	rm -f "$NT"/pasta.pid.*
	eq "$out" "before pasta said ready
served-$$" && no_pasta_left && registry_empty
}

# Under restrict-namespaces, init's limits on new namespaces in its user
# namespace wait for pasta's readiness: pasta makes its own sandbox's
# namespaces there, last in its set-up.  Set as the program started, they
# made a program outliving pasta's set-up end with exit 125 and "pasta
# could not set the network up: ... Failed to sandbox process".
test_net_restrict_namespaces_and_pasta_run_to_the_end() {
	nt_setup || return 1
	local out rc
	printf 'hostname nettest\nrestrict-namespaces\n' > "$NT/restrict.profile"
	out=$("$NB" --quiet --profile="$NT/restrict.profile" sh -c 'sleep 3; echo done' 2>&1)
	rc=$?
	eq "$rc" 0 && eq "$out" done && no_pasta_left && registry_empty || return 1
	# and init's limits are set once pasta is ready (read in init's
	# user namespace, which the caller owns)
	local launcher init i lim=
	"$NB" --quiet --profile="$NT/restrict.profile" sleep 30 &
	launcher=$!
	init=$(registered_init_pid) || { kill "$launcher"; echo "no init"; return 1; }
	for i in $(seq 1 200); do
		lim=$(nsenter -U -t "$init" --preserve-credentials \
			cat /proc/sys/user/max_mnt_namespaces /proc/sys/user/max_user_namespaces 2>&1 | tr '\n' ' ')
		[ "$lim" = "0 0 " ] && break
		sleep 0.05
	done
	kill "$launcher"
	wait "$launcher" 2>/dev/null
	eq "$lim" "0 0 " && no_pasta_left
}

test_net_interface_is_reported_and_pasta_used_instead() {
	nt_setup || return 1
	local out
	out=$("$NB" --profile="$NT_PROFILE" --net=eth0 sh -c 'ip -4 route show default | wc -l' 2>&1)
	printf '%s\n' "$out" | grep -q '^nestbox: warning: not enforced: net IFACE (1 line): a macvlan' &&
		printf '%s\n' "$out" | tail -1 | grep -qx 1 || { echo "$out"; return 1; }
}

test_net_settings_go_to_pasta_and_to_etc() {
	nt_setup || return 1
	printf '10.1.2.3 nbtest.example\n' > "$NT/hosts"
	local out
	out=$(nbox --ip=10.99.0.5 --defaultgw=10.99.0.1 --mtu=1400 --dns=192.0.2.53 \
		--dns=192.0.2.54 --hosts-file="$NT/hosts" sh -c '
		ip -4 -o addr show | awk "\$2 != \"lo\" {print \$4}"
		ip -4 route show default | cut -d" " -f1-3
		for i in /sys/class/net/*; do [ "${i##*/}" = lo ] || cat "$i/mtu"; done
		cat /etc/resolv.conf; getent hosts nbtest.example | tr -s " "')
	eq "$out" "10.99.0.5/8
default via 10.99.0.1
1400
nameserver 192.0.2.53
nameserver 192.0.2.54
10.1.2.3 nbtest.example" && no_pasta_left
}

test_net_bad_settings_are_errors_and_unused_ones_reported() {
	nt_setup || return 1
	local arg want out
	while IFS='|' read -r arg want; do
		out=$("$NB" --quiet "$arg" true 2>&1)
		eq "$?" 125 && eq "$out" "nestbox: ${arg%%=*}: $want" || return 1
	done <<'ARGS'
--ip=1.2.3|ip 1.2.3: not an IPv4 address
--ip6=10.0.0.1|ip6 10.0.0.1: not an IPv6 address
--defaultgw=gw|defaultgw gw: not an IPv4 address
--mtu=100|mtu 100: a number from 576 to 65520
--dns=name.example|dns name.example: not an IP address
--hosts-file=relative|hosts-file relative: an absolute path
ARGS
	out=$(nbox --net=none --mtu=1400 true 2>&1 >/dev/null; "$NB" --profile="$NT_PROFILE" --net=none --mtu=1400 true 2>&1)
	printf '%s\n' "$out" | grep -q '^nestbox: warning: not enforced: ip, ip6, defaultgw, mtu (1 line)' || { echo "$out"; return 1; }
}

# --dry-run (issue #21): the policy says what the profile said (no net
# line: default), the launch's resolved section what it chose (pasta
# under a profile, none under --noprofile); the desktop's sockets and the
# launch's not-enforced notes are the launch's, not the profile's rules.
test_net_default_is_resolved_beside_the_policy_not_into_it() {
	nt_setup || return 1
	local out policy resolved sock
	sock="/run/user/$(id -u)/wayland-0"
	out=$(nbox --dry-run true) || { echo "$out"; return 1; }
	policy=$(printf '%s\n' "$out" | sed -n '/^policy:/,/^resolved /p')
	resolved=$(printf '%s\n' "$out" | sed -n '/^resolved /,/^uid map/p')
	printf '%s\n' "$policy" | grep -qx '  net default' &&
		printf '%s\n' "$resolved" | grep -qx '  net pasta' &&
		! printf '%s\n' "$policy" | grep -q "^  whitelist $sock\$" &&
		printf '%s\n' "$resolved" | grep -qx "  whitelist $sock (nestbox's desktop sockets)" ||
		{ echo "$out" | grep -v '^  [a-z-]* /\(usr\|etc\|home\|proc\|sys\|var\|opt\|srv\)'; return 1; }
	out=$("$NB" --noprofile --net=none --mtu=1400 --dry-run true 2>&1) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | sed -n '/^policy:/,/^resolved /p' | grep -qx '  net none' &&
		printf '%s\n' "$out" | sed -n '/^resolved /,/^uid map/p' |
			grep -q '^  not enforced: ip, ip6, defaultgw, mtu (1)' &&
		! printf '%s\n' "$out" | sed -n '/^policy:/,/^resolved /p' | grep -q 'not enforced: ip' ||
		{ echo "$out" | head -40; return 1; }
	out=$("$NB" --quiet --noprofile --dry-run true) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | sed -n '/^resolved /,/^uid map/p' | grep -qx '  net none' ||
		{ echo "$out" | head -40; return 1; }
}
