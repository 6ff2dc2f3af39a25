# The desktop sockets of $XDG_RUNTIME_DIR (issue #5), sourced by suite.sh:
# the sandbox's runtime directory is private, with only the session bus,
# the Wayland display and the sound servers' sockets passed in.  Each test
# runs in the test desktop session of session.sh (issue #17): Xvfb, the
# session bus at $XDG_RUNTIME_DIR/bus, PulseAudio and, where a test needs
# it, weston; a session that does not come up fails the test.  Beside it,
# stand-ins where the session has no such server: a listener on
# pipewire-0 and one on a socket no desktop passes (agent.sock), the
# Wayland compositor with wp_security_context_v1 (which no compositor in
# Debian 12 has), and a PipeWire daemon of the test's own.

DK=$P/desktop
RUN=${XDG_RUNTIME_DIR:-}
dk_profile() { mkdir -p "$DK" && printf '%s\n' "$@" > "$DK/p.profile"; }

# Listening sockets at the given names under $RUN, each answering
# "hello"; $DK_PIDS to stop.
dk_listen() {
	local name
	DK_PIDS=
	for name in "$@"; do
		mkdir -p "$(dirname "$RUN/$name")"
		python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(8)
while True:
    c, _ = s.accept(); c.sendall(b"hello\n"); c.close()' "$RUN/$name" > /dev/null 2>&1 &
		DK_PIDS="$DK_PIDS $!"
	done
	local i
	for i in $(seq 1 100); do
		for name in "$@"; do [ -S "$RUN/$name" ] || { sleep 0.05; continue 2; }; done
		return 0
	done
	echo "listeners did not start"
	return 1
}
dk_stop() { # NAMES...
	kill $DK_PIDS 2>/dev/null
	wait $DK_PIDS 2>/dev/null
	local name
	for name in "$@"; do rm -f "$RUN/$name"; done
	return 0
}
DK_STANDINS="pipewire-0 agent.sock"

# The session with the stand-ins beside it; says why and returns 1 if
# any did not come up (the test fails).
dk_session() { # [wayland]
	session_start "$@" || return 1
	dk_listen $DK_STANDINS || { dk_stop $DK_STANDINS; session_stop; return 1; }
}
# Stops both; returns 1 if a server would not go.
dk_end() {
	dk_stop $DK_STANDINS
	session_stop
}

# Inside: whether each server answers a real client (the sound server,
# the compositor, the bus: its id), then which stand-in answers.
DK_PROBE='pactl info 2>&1 | grep -m1 -e "^Default Sink:" -e "^Connection failure:"
echo "wl_compositor $(wayland-info 2>&1 | grep -c "interface: .wl_compositor.")"
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.GetId 2>&1 | sed -n "s/^ *string \"\(.*\)\"/bus \1/p; s/^Error.*/bus error/p"
for s in pipewire-0 agent.sock; do
	python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1]); print(sys.argv[2], s.recv(16).decode().strip())
except OSError as e:
    print(sys.argv[2], e.strerror)" "$XDG_RUNTIME_DIR/$s" "$s"
done'
dk_bus_id() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.GetId | sed -n 's/^ *string "\(.*\)"/\1/p'
}

test_desktop_runtime_dir_shows_only_the_desktop_sockets() {
	local out listing id rc=0
	dk_profile "hostname desk"
	dk_session wayland || return 1
	echo secret > "$RUN/nb-secret"
	id=$(dk_bus_id)
	out=$("$NB" --quiet --profile="$DK/p.profile" --net=none sh -c "$DK_PROBE")
	listing=$("$NB" --quiet --profile="$DK/p.profile" --net=none \
		sh -c 'ls -A "$XDG_RUNTIME_DIR" | sort | tr "\n" " "')
	local way=$WAYLAND_DISPLAY
	rm -f "$RUN/nb-secret"
	dk_end || rc=1
	[ -n "$id" ] || { echo "the bus has no id outside"; return 1; }
	eq "$out" "Default Sink: nbtest
wl_compositor 1
bus $id
pipewire-0 hello
agent.sock No such file or directory" || return 1
	# the X cookie of the display passed (x11), the session's three
	# sockets and the stand-in sound server; nothing else of the host's
	eq "$listing" ".nestbox-Xauthority bus pipewire-0 pulse $way " && return $rc
}

test_desktop_nosound_hides_the_sound_servers() {
	local out id rc=0
	dk_profile "nosound"
	dk_session wayland || return 1
	id=$(dk_bus_id)
	out=$("$NB" --quiet --profile="$DK/p.profile" --net=none sh -c "$DK_PROBE")
	dk_end || rc=1
	eq "$out" "Connection failure: Connection refused
wl_compositor 1
bus $id
pipewire-0 No such file or directory
agent.sock No such file or directory" && return $rc
}

# A profile hides the Wayland display the firejail way: a blacklist.
test_desktop_profile_can_hide_the_wayland_display() {
	local out rc=0
	dk_profile 'blacklist ${RUNUSER}/wayland-*'
	session_start wayland || return 1
	out=$("$NB" --quiet --profile="$DK/p.profile" --net=none \
		python3 -c '
import os, socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(os.environ["XDG_RUNTIME_DIR"] + "/" + os.environ["WAYLAND_DISPLAY"]); print("reached")
except OSError as e:
    print(e.strerror)')
	session_stop || rc=1
	eq "$out" "Permission denied" && return $rc
}

# The session's compositor (weston): wayland-info inside, unless the
# profile hides the socket.
test_desktop_wayland_compositor_reachable_unless_hidden() {
	local shown hidden rc=0
	session_start wayland || return 1
	dk_profile "hostname wl"
	shown=$("$NB" --quiet --profile="$DK/p.profile" --net=none \
		wayland-info 2>&1 | grep -c "interface: 'wl_compositor'")
	dk_profile 'blacklist ${RUNUSER}/wayland-*'
	hidden=$("$NB" --quiet --profile="$DK/p.profile" --net=none \
		wayland-info 2>&1 | head -1)
	session_stop || rc=1
	eq "$shown" 1 && eq "$hidden" "failed to create display: Permission denied" && return $rc
}

# --- the Wayland security context (wp_security_context_v1) ---------------

# No compositor Debian 12 packages implements wp_security_context_v1
# (weston 10, sway 1.7, mutter 43 do not): these tests use a stand-in,
# $PROBE-wayland (tests/integration/probe-wayland.c, libwayland-server),
# which implements that protocol and logs, one line each, the direct
# connections ("client direct"), the contexts registered ("listen ENGINE
# APP_ID INSTANCE_ID"), the connections that came through one ("client
# context ..."), and the contexts whose close_fd hung up ("closed ...").
WL_ID='[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}'
# It runs in the test session (X, the bus, the sound server), as the
# compositor of a login would; wl_stop stops both, and returns 1 if a
# server of the session would not go.
wl_standin() { # NAME [reject]: listening on $RUN/NAME, logging to $P/NAME.log
	local i
	[ -x "$PROBE-wayland" ] || { echo "no $PROBE-wayland"; return 1; }
	session_start || return 1
	"$PROBE-wayland" "$@" > "$P/$1.log" 2>&1 &
	WL_PID=$!
	for i in $(seq 1 100); do [ -S "$RUN/$1" ] && return 0; sleep 0.05; done
	echo "the stand-in compositor did not start"
	cat "$P/$1.log"
	wl_stop "$1"
	return 1
}
wl_stop() { # NAME
	kill "$WL_PID" 2>/dev/null
	wait "$WL_PID" 2>/dev/null
	rm -f "$RUN/$1" "$RUN/$1.lock"
	session_stop
}
# Until the log has a line matching REGEX (the compositor's side happens
# after the launcher's).
wl_wait_log() { # NAME REGEX
	local i
	for i in $(seq 1 200); do
		grep -q "$2" "$P/$1.log" && return 0
		sleep 0.05
	done
	echo "the stand-in never logged /$2/:"
	cat "$P/$1.log"
	return 1
}
# A connection from inside, to $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY.
WL_CONNECT='python3 -c "
import os, socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(os.environ[\"XDG_RUNTIME_DIR\"] + \"/\" + os.environ[\"WAYLAND_DISPLAY\"]); print(\"connected\")
except OSError as e:
    print(e.strerror)"'

# The program's connections come through a context the compositor knows
# by engine nestbox, app id the profile's name, instance id the sandbox's
# id; and the manager is not offered again inside (no nesting).
test_desktop_wayland_security_context_labels_the_sandbox() {
	local sock=wayland-nbsc$$ out direct
	mkdir -p "$DK" && echo "hostname wl" > "$DK/wlapp.profile"
	wl_standin "$sock" || return 1
	out=$(WAYLAND_DISPLAY=$sock "$NB" --quiet --profile="$DK/wlapp.profile" --net=none \
		wayland-info 2>&1 | grep -o "interface: '[a-z_0-9]*'")
	wl_wait_log "$sock" "^closed " || { wl_stop "$sock"; return 1; }
	wl_stop "$sock" || return 1
	direct=$(grep -c '^client direct$' "$P/$sock.log")
	eq "$out" "interface: 'wl_compositor'" || return 1
	# one direct connection: the launcher's own
	eq "$direct" 1 || { cat "$P/$sock.log"; return 1; }
	grep -q "^listen nestbox wlapp $WL_ID\$" "$P/$sock.log" &&
		grep -q "^client context nestbox wlapp $WL_ID\$" "$P/$sock.log" || {
		cat "$P/$sock.log"
		return 1
	}
}

# Inside, $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY is the sandbox's own socket
# (another inode than the compositor's), every connection made there
# goes through the context, and the registry entry that holds ours is
# not to be seen.
test_desktop_wayland_compositors_own_socket_is_not_in_the_sandbox() {
	local sock=wayland-nbsc$$ out host_inode
	dk_profile "hostname wl"
	wl_standin "$sock" || return 1
	host_inode=$(stat -c %i "$RUN/$sock")
	out=$(WAYLAND_DISPLAY=$sock "$NB" --quiet --profile="$DK/p.profile" --net=none sh -c "
		$WL_CONNECT; $WL_CONNECT
		[ \$(stat -c %i \"\$XDG_RUNTIME_DIR/$sock\") = $host_inode ] && echo same inode
		ls -A \"\$XDG_RUNTIME_DIR\"; ls \"\$XDG_RUNTIME_DIR/nestbox\" 2>&1 | sed 's/.*: //'")
	wl_wait_log "$sock" "^closed " || { wl_stop "$sock"; return 1; }
	wl_stop "$sock" || return 1
	# beside the session's X cookie, bus and sound server: the socket,
	# and no registry entry of ours
	eq "$out" "connected
connected
.nestbox-Xauthority
bus
pulse
$sock
No such file or directory" || return 1
	eq "$(grep -c '^client direct$' "$P/$sock.log")" 1 &&
		eq "$(grep -c '^client context nestbox p ' "$P/$sock.log")" 2
}

# The compositor stops listening when the sandbox ends, and when its
# launcher is killed; no socket of ours is left in the registry.
test_desktop_wayland_security_context_ends_with_the_sandbox() {
	local sock=wayland-nbsc$$ launcher init left
	dk_profile "hostname wl"
	wl_standin "$sock" || return 1
	WAYLAND_DISPLAY=$sock "$NB" --quiet --profile="$DK/p.profile" --net=none true
	wl_wait_log "$sock" "^closed p $WL_ID\$" || { wl_stop "$sock"; return 1; }
	left=$(find "$REG" -name wayland 2>/dev/null)
	eq "$left" "" || { wl_stop "$sock"; return 1; }
	WAYLAND_DISPLAY=$sock "$NB" --quiet --profile="$DK/p.profile" --net=none sleep 60 &
	launcher=$!
	init=$(registered_init_pid)
	[ "$(grep -c '^listen ' "$P/$sock.log")" = 2 ] || {
		echo "not registered"; kill "$launcher"; wl_stop "$sock"; return 1; }
	kill -KILL "$launcher"
	wait "$launcher" 2>/dev/null
	wl_wait_log "$sock" "^closed p $WL_ID\$" &&
		[ "$(grep -c '^closed ' "$P/$sock.log")" = 2 ] || { wl_stop "$sock"; return 1; }
	wait_gone "$init" || { wl_stop "$sock"; return 1; }
	wl_stop "$sock" || return 1
	left=$(find "$REG" -name wayland 2>/dev/null)
	eq "$left" "" && registry_empty
}

# A compositor that offers the protocol but refuses the registration:
# exit 125 and a clear message; the program never ran, and the
# compositor's unrestricted socket was not passed instead.
test_desktop_wayland_refused_security_context_stops_the_launch() {
	local sock=wayland-nbsc$$ err rc
	dk_profile "hostname wl"
	wl_standin "$sock" reject || return 1
	rm -f "$DK/ran"
	err=$(WAYLAND_DISPLAY=$sock "$NB" --profile="$DK/p.profile" --net=none \
		touch "$DK/ran" 2>&1)
	rc=$?
	wl_stop "$sock" || return 1
	eq "$rc" 125 || { echo "$err"; return 1; }
	[ ! -e "$DK/ran" ] || { echo "the program ran"; return 1; }
	printf '%s\n' "$err" | grep -q "wayland: the compositor offers wp_security_context_v1 but did not register this sandbox's socket (protocol error 3 on wp_security_context_v1)" || {
		echo "$err"
		return 1
	}
	grep -q '^rejected p$' "$P/$sock.log" && registry_empty
}

# --debug says which way the socket went: weston 10 has no
# wp_security_context_v1, the stand-in has.
test_desktop_wayland_debug_says_whether_the_context_is_used() {
	local sock=wayland-nbsc$$ used
	dk_profile "hostname wl"
	wl_standin "$sock" || return 1
	used=$(WAYLAND_DISPLAY=$sock "$NB" --debug --profile="$DK/p.profile" --net=none true 2>&1 |
		grep -o "wayland: the compositor's wp_security_context_v1 listens on .*/wayland for this sandbox: engine nestbox, app id p, instance id $WL_ID$" | wc -l)
	wl_stop "$sock" || return 1
	eq "$used" 1
}

# A real compositor without the protocol (weston 10): its socket as it
# is, and --debug says so.
test_desktop_wayland_without_security_context_passes_the_socket() {
	local out dbg rc=0
	session_start wayland || return 1
	dk_profile "hostname wl"
	dbg=$("$NB" --debug --profile="$DK/p.profile" --net=none \
		wayland-info 2>&1 > "$P/wl-info.out" | grep 'wayland: ')
	out=$(grep -c "interface: 'wl_compositor'" "$P/wl-info.out")
	session_stop || rc=1
	eq "$out" 1 &&
		eq "${dbg#*debug: \[*\] }" "wayland: the compositor has no wp_security_context_v1: its socket is passed as it is" &&
		return $rc
}

# The session's sound server: PulseAudio on $XDG_RUNTIME_DIR/pulse/native,
# and pactl inside.
test_desktop_pulseaudio_reachable_unless_nosound() {
	local shown hidden rc=0
	session_start || return 1
	dk_profile "hostname snd"
	shown=$("$NB" --quiet --profile="$DK/p.profile" --net=none pactl info 2>&1 |
		grep -e '^Server String:' -e '^Default Sink:' -e '^Connection failure:')
	hidden=$("$NB" --quiet --profile="$DK/p.profile" --net=none --nosound pactl info 2>&1 | head -1)
	session_stop || rc=1
	eq "$shown" "Server String: $RUN/pulse/native
Default Sink: nbtest" &&
		eq "$hidden" "Connection failure: Connection refused" && return $rc
}

# A real PipeWire daemon on $XDG_RUNTIME_DIR/pipewire-0, and pw-cli inside,
# started beside the session's (whose sound server is PulseAudio: see
# session.sh for why).
# The config is the test's own, not the stock pipewire.conf: that one
# loads module-rt (rtkit over the system bus), module-portal (the session
# bus, which dbus autolaunches where $DISPLAY is set: a dbus-daemon left
# running) and module-x11-bell (a connection to $DISPLAY), none of which a
# client's connection needs.  Kept: protocol-native (the socket; it
# listens because of core.daemon), access (grants a connecting client its
# permissions: without it pw-cli waits for them forever) and metadata
# (the marshalling of the "settings" metadata the core publishes, which
# pw-cli binds: without it the daemon logs protocol errors).
pw_conf() { # FILE
	mkdir -p "$(dirname "$1")" && cat > "$1" <<'CONF'
context.properties = {
    core.daemon = true
    core.name   = pipewire-0
}
context.spa-libs = {
    support.* = support/libspa-support
}
context.modules = [
    { name = libpipewire-module-protocol-native }
    { name = libpipewire-module-access }
    { name = libpipewire-module-metadata }
]
CONF
}
pw_stop() {
	kill "$PW_PID" 2>/dev/null
	wait "$PW_PID" 2>/dev/null
	rm -f "$RUN/pipewire-0" "$RUN/pipewire-0.lock"
}
# What names the core that answers on pipewire-0: its cookie (random for
# each daemon), version and name.  A client that gets no answer (or no
# permissions) would wait: timeout keeps a failure a failure.
PW_INFO='timeout 20 pw-cli -r pipewire-0 info 0 2>&1 |
	grep -E "^(Error|[[:space:]]*(cookie|version|name):)"'

test_desktop_pipewire_reachable_unless_nosound() {
	local i outside shown hidden rc=0
	[ -e "$RUN/pipewire-0" ] && { echo "$RUN/pipewire-0 exists already"; return 1; }
	session_start || return 1
	pw_conf "$DK/pipewire.conf"
	pipewire -c "$DK/pipewire.conf" > "$P/pipewire.log" 2>&1 &
	PW_PID=$!
	for i in $(seq 1 100); do
		[ -S "$RUN/pipewire-0" ] && break
		kill -0 "$PW_PID" 2>/dev/null || break
		sleep 0.05
	done
	if ! kill -0 "$PW_PID" 2>/dev/null; then
		pw_stop
		session_stop
		skip "pipewire does not start here: $(grep -m1 '^\[E\]' "$P/pipewire.log")"
		return 0
	fi
	dk_profile "hostname snd"
	outside=$(sh -c "$PW_INFO")
	shown=$("$NB" --quiet --profile="$DK/p.profile" --net=none sh -c "$PW_INFO")
	hidden=$("$NB" --quiet --profile="$DK/p.profile" --net=none --nosound sh -c '
		[ -e "$XDG_RUNTIME_DIR/pipewire-0" ] && echo present || echo absent
		'"$PW_INFO")
	pw_stop
	session_stop || rc=1
	printf '%s\n' "$outside" | grep -q '^[[:space:]]*cookie: [0-9]' &&
		printf '%s\n' "$outside" | grep -q '^[[:space:]]*name: "pipewire-0"$' ||
		{ echo "outside: $outside"; cat "$P/pipewire.log"; return 1; }
	eq "$shown" "$outside" &&
		eq "$hidden" 'absent
Error: "failed to connect: Host is down"' && return $rc
}

# --- the GPU's nodes -----------------------------------------------------

# Under a profile, /dev/dri as the host has it (tests/users.sh makes a stand-in render node
# on a machine without a GPU: what is asserted is what the sandbox shows).
test_desktop_gpu_nodes_are_shown_unless_no3d() {
	[ -d /dev/dri ] || { skip "no /dev/dri on this machine"; return 0; }
	local host in none private in_private
	local bare
	dk_profile "hostname gpu"
	host=$(ls -l /dev/dri | awk 'NR > 1 { print $1, $5, $6, $NF }' | sort)
	in=$("$NB" --quiet --profile="$DK/p.profile" --net=none sh -c 'ls -l /dev/dri' |
		awk 'NR > 1 { print $1, $5, $6, $NF }' | sort)
	# no3d over the host's /dev (no private-dev) hides it as firejail
	# does, with an inaccessible cover; in private-dev's minimal /dev it
	# is not there at all
	none=$("$NB" --quiet --profile="$DK/p.profile" --net=none --no3d \
		sh -c 'ls /dev/dri 2>&1 | sed "s/.*: //"; ls /dev | grep -c nvidia')
	private=$("$NB" --quiet --profile="$DK/p.profile" --net=none --no3d \
		--private-dev sh -c 'ls /dev/dri 2>&1 | sed "s/.*: //"')
	in_private=$("$NB" --quiet --profile="$DK/p.profile" --net=none \
		--private-dev sh -c 'ls -l /dev/dri' |
		awk 'NR > 1 { print $1, $5, $6, $NF }' | sort)
	# the baseline (--noprofile) keeps its minimal /dev
	bare=$(sbx sh -c 'ls /dev/dri 2>&1 | sed "s/.*: //"')
	[ -n "$host" ] || { echo "empty /dev/dri"; return 1; }
	eq "$in" "$host" && eq "$in_private" "$host" &&
		eq "$none" "Permission denied
0" && eq "$private" "No such file or directory" &&
		eq "$bare" "No such file or directory"
}

# A whitelisted node of /dev is the host's (same device numbers), and
# still opened only as the caller's permissions allow.
test_desktop_whitelisted_device_node_is_the_hosts() {
	local dev="" d want got
	for d in /dev/fuse /dev/kmsg /dev/loop-control /dev/vcs /dev/tty0; do
		[ -c "$d" ] && { dev=$d; break; }
	done
	[ -n "$dev" ] || { skip "no spare character device"; return 0; }
	want=$(stat -c '%F %t:%T' "$dev")
	got=$(sbx --whitelist="$dev" stat -c '%F %t:%T' "$dev")
	eq "$got" "$want" || return 1
	got=$(sbx stat -c %F "$dev" 2>&1 | sed 's/.*: //')
	eq "$got" "No such file or directory" || return 1
	if [ ! -r "$dev" ]; then
		got=$(sbx --whitelist="$dev" sh -c "head -c1 $dev" 2>&1 | sed 's/.*: //')
		eq "$got" "Permission denied"
	fi
}
