# A desktop session for the tests (issue #17), sourced by suite.sh and
# bench/apps.sh: a library of functions, no test of its own.
#
# session_start [wayland] starts, as the calling (unprivileged) user, what
# a graphical login has: an X server (Xvfb) on a free display that wants
# the cookie of an Xauthority file (and has the SECURITY extension, on by
# default in Debian's Xvfb as in its Xorg: x11 xorg's tests need it), a
# session dbus-daemon listening at $XDG_RUNTIME_DIR/bus, a sound server
# (PulseAudio, on its usual socket $XDG_RUNTIME_DIR/pulse/native, with a
# null sink as its default), and,
# when asked, a Wayland compositor (weston's headless backend); with
# xwayland, the X server is the compositor's Xwayland instead of an Xvfb,
# as on a Wayland desktop (xwayland-open: weston's own way, with no access
# control).  It exports
# DISPLAY, XAUTHORITY, DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR and, with
# wayland, WAYLAND_DISPLAY, as a login sets them, and returns only once
# each server answers a real client (xdpyinfo, dbus-send, pactl).  When
# one does not come up it prints why, stops what it started and returns 1:
# the caller's test then fails (never skips).
#
# session_stop stops all of it: the servers, and what the session bus
# started on the programs' behalf (dconf, gvfs, the accessibility bus...),
# which run in the servers' own process sessions; then checks that none of
# them is left and removes the sockets.  Returns 1 (and says which) if a
# process would not go.
#
# PulseAudio rather than PipeWire: PipeWire needs a session manager
# (wireplumber) to route a stream to a sink, and its stock configuration
# wants rtkit and the portal; PulseAudio alone, with module-null-sink,
# accepts and plays a client's stream as a plain user without systemd.

SESSION_DIR=
SESSION_PIDS=
SESSION_WAYLAND=

# Runs COMMAND... in a process session of its own (setsid), in the
# background, with its output in $SESSION_DIR/NAME.log; adds its pid (also
# the session's id) to $SESSION_PIDS.
session_spawn() { # NAME COMMAND...
	local name=$1
	shift
	setsid "$@" > "$SESSION_DIR/$name.log" 2>&1 < /dev/null &
	SESSION_PIDS="$SESSION_PIDS $!"
	SESSION_LAST=$!
}

# Polls COMMAND... until it succeeds: at most SECONDS.  Only waits for a
# state; no test asserts on the time it took.
session_wait() { # SECONDS COMMAND...
	local n=$(($1 * 20)) i
	shift
	for i in $(seq 1 "$n"); do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}

# The same, for the server just spawned: fails at once if it exited.
session_wait_server() { # SECONDS COMMAND...
	local n=$(($1 * 20)) i
	shift
	for i in $(seq 1 "$n"); do
		"$@" > /dev/null 2>&1 && return 0
		kill -0 "$SESSION_LAST" 2> /dev/null || return 1
		sleep 0.05
	done
	return 1
}

session_fail() { # WHAT LOG
	echo "session: $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/session:   /' "$2" | tail -5
	session_stop > /dev/null
	return 1
}

session_x_answers() { xdpyinfo -display "$DISPLAY" > /dev/null 2>&1; }
session_bus_answers() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus org.freedesktop.DBus.GetId
}
session_pulse_answers() { pactl info | grep -q '^Default Sink: nbtest'; }
session_wayland_answers() { wayland-info | grep -q "interface: 'wl_compositor'"; }

# An X server on the first free display from a random start: a display
# is free when neither its lock file nor its socket exists; Xvfb itself
# refuses a display taken meanwhile (the next one is tried).
session_start_x() {
	local d tries
	d=$((200 + RANDOM % 600))
	export XAUTHORITY=$SESSION_DIR/Xauthority
	for tries in 1 2 3 4 5; do
		while [ -e "/tmp/.X$d-lock" ] || [ -e "/tmp/.X11-unix/X$d" ]; do
			d=$((d + 1))
		done
		: > "$XAUTHORITY"
		xauth -q -f "$XAUTHORITY" add ":$d" . "$(mcookie)" ||
			{ echo "session: xauth could not write $XAUTHORITY"; return 1; }
		export DISPLAY=:$d
		session_spawn xvfb Xvfb ":$d" -nolisten tcp -noreset -auth "$XAUTHORITY" \
			-screen 0 1280x1024x24
		session_wait_server 15 session_x_answers && return 0
		# gone (the display was taken meanwhile): the next one
		kill -0 "$SESSION_LAST" 2> /dev/null && break
		d=$((d + 1))
	done
	echo "session: Xvfb on $DISPLAY does not answer xdpyinfo"
	sed 's/^/session:   /' "$SESSION_DIR/xvfb.log" | tail -5
	return 1
}

# x11: Xwayland, started by weston as GNOME's mutter and KDE's kwin start
# it: with -auth, so that it wants the cookie of $XAUTHORITY; with open,
# as weston alone starts it: no -auth, no access control at all (every
# local client of the user is let in, trusted).  weston names the display
# before Xwayland runs (it holds the sockets and starts Xwayland on the
# first connection): the cookie is written then, and Xwayland reads it as
# it starts.
session_start_xwayland() { # [open]
	local d auth='-auth "$XAUTHORITY"'
	[ "${1:-}" = open ] && auth=
	export XAUTHORITY=$SESSION_DIR/Xauthority
	: > "$XAUTHORITY" || { session_fail "cannot write $XAUTHORITY"; return 1; }
	printf '#!/bin/sh\nexec Xwayland "$@" %s\n' "$auth" \
		> "$SESSION_DIR/xwayland" && chmod 755 "$SESSION_DIR/xwayland" &&
		printf '[xwayland]\npath=%s\n' "$SESSION_DIR/xwayland" \
		> "$SESSION_DIR/weston.ini" || { session_fail "cannot write $SESSION_DIR/weston.ini"; return 1; }
	SESSION_WAYLAND=wayland-nbs$$
	export WAYLAND_DISPLAY=$SESSION_WAYLAND
	session_spawn weston weston --config="$SESSION_DIR/weston.ini" \
		--backend=headless-backend.so --socket="$SESSION_WAYLAND" \
		--idle-time=0 --xwayland
	session_wait_server 15 grep -q 'xserver listening on display :' "$SESSION_DIR/weston.log" ||
		{ session_fail "weston did not start Xwayland's listener" "$SESSION_DIR/weston.log"; return 1; }
	d=$(sed -n 's/.*xserver listening on display \(:[0-9]*\).*/\1/p' "$SESSION_DIR/weston.log" | head -1)
	export DISPLAY=$d
	xauth -q -f "$XAUTHORITY" add "$d" . "$(mcookie)" ||
		{ session_fail "xauth could not write $XAUTHORITY"; return 1; }
	session_wait_server 15 session_wayland_answers ||
		{ session_fail "weston does not answer wayland-info" "$SESSION_DIR/weston.log"; return 1; }
	session_wait_server 15 session_x_answers ||
		{ session_fail "Xwayland on $DISPLAY does not answer xdpyinfo" "$SESSION_DIR/weston.log"; return 1; }
}

session_start() { # [wayland|xwayland|xwayland-open]
	local bus
	[ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ] && [ -O "$XDG_RUNTIME_DIR" ] ||
		{ echo "session: no runtime directory of ours (XDG_RUNTIME_DIR='${XDG_RUNTIME_DIR:-}')"; return 1; }
	export XDG_RUNTIME_DIR
	bus=$XDG_RUNTIME_DIR/bus
	# another session's (a test that did not stop its own): not ours
	[ -e "$bus" ] && { echo "session: $bus exists already"; return 1; }
	[ -e "$XDG_RUNTIME_DIR/pulse/native" ] &&
		{ echo "session: $XDG_RUNTIME_DIR/pulse/native exists already"; return 1; }
	SESSION_PIDS=
	SESSION_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nb-session.XXXXXX") ||
		{ echo "session: mktemp failed"; return 1; }

	if [ "${1:-}" = xwayland ]; then
		session_start_xwayland || return 1
	elif [ "${1:-}" = xwayland-open ]; then
		session_start_xwayland open || return 1
	else
		session_start_x || { session_stop > /dev/null; return 1; }
	fi

	export DBUS_SESSION_BUS_ADDRESS=unix:path=$bus
	session_spawn dbus dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" \
		--nofork --nopidfile
	session_wait_server 15 session_bus_answers ||
		{ session_fail "dbus-daemon at $bus does not answer dbus-send" "$SESSION_DIR/dbus.log"; return 1; }

	# -n: no default.pa (it would load modules for hardware, X11, D-Bus);
	# a null sink is the machine's "speakers"
	session_spawn pulse pulseaudio -n --daemonize=no --exit-idle-time=-1 \
		--disable-shm=yes --log-target=stderr \
		--load=module-native-protocol-unix \
		--load="module-null-sink sink_name=nbtest" \
		--load=module-always-sink
	session_wait_server 15 session_pulse_answers ||
		{ session_fail "PulseAudio does not answer pactl info" "$SESSION_DIR/pulse.log"; return 1; }

	if [ "${1:-}" = wayland ]; then
		SESSION_WAYLAND=wayland-nbs$$
		export WAYLAND_DISPLAY=$SESSION_WAYLAND
		session_spawn weston weston --backend=headless-backend.so \
			--socket="$SESSION_WAYLAND" --idle-time=0
		session_wait_server 15 session_wayland_answers ||
			{ session_fail "weston does not answer wayland-info" "$SESSION_DIR/weston.log"; return 1; }
	else
		case ${1:-} in xwayland*) ;; *) unset WAYLAND_DISPLAY ;; esac
	fi
	return 0
}

# The live processes whose session is one of the servers' (the servers
# and what they started).
session_members() {
	local sids
	sids=$(echo $SESSION_PIDS | tr ' ' '|')
	[ -n "$sids" ] || return 0
	ps -e -o pid=,sid=,stat= | awk -v re="^($sids)\$" '$2 ~ re && $3 !~ /^Z/ { print $1 }'
}

session_stop() {
	local left i bad=0
	left=$(session_members)
	[ -n "$left" ] && kill $left 2> /dev/null
	for i in $(seq 1 100); do
		left=$(session_members)
		[ -z "$left" ] && break
		sleep 0.05
	done
	if [ -n "$left" ]; then
		echo "session: still running after SIGTERM, killed: $(ps -o pid=,comm= -p "$(echo $left | tr ' ' ,)" | tr '\n' ' ')"
		kill -KILL $left 2> /dev/null
		bad=1
	fi
	# reap our direct children (the setsid'd servers)
	wait $SESSION_PIDS 2> /dev/null
	if [ -n "${XDG_RUNTIME_DIR:-}" ]; then
		rm -f "$XDG_RUNTIME_DIR/bus"
		rm -rf "$XDG_RUNTIME_DIR/pulse"
		[ -n "$SESSION_WAYLAND" ] &&
			rm -f "$XDG_RUNTIME_DIR/$SESSION_WAYLAND" "$XDG_RUNTIME_DIR/$SESSION_WAYLAND.lock"
	fi
	[ -n "$SESSION_DIR" ] && rm -rf "$SESSION_DIR"
	SESSION_PIDS=
	SESSION_DIR=
	SESSION_WAYLAND=
	unset DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
	return $bad
}

# --- checks from outside ---------------------------------------------------

# The id of a mapped top-level window whose name or class matches REGEX
# (xwininfo -root -tree lists every window with its name and class).
session_window() { # REGEX
	xwininfo -root -tree 2> /dev/null |
		awk -v re="$1" '/^ +0x/ && / [0-9]+x[0-9]+\+/ && tolower($0) ~ tolower(re) { print $1 }' |
		while read -r w; do
			xwininfo -id "$w" 2> /dev/null | grep -q 'Map State: IsViewable' &&
				{ echo "$w"; break; }
		done
}

# Waits (at most SECONDS) for such a window; prints its id.
session_wait_window() { # REGEX SECONDS
	local n=$(($2 * 10)) i w
	for i in $(seq 1 "$n"); do
		w=$(session_window "$1")
		[ -n "$w" ] && { echo "$w"; return 0; }
		sleep 0.1
	done
	return 1
}

# The share of an image's pixels within 40 of the colour R,G,B (one
# number, 0 to 100), by python3-pil.
session_colour_share() { # IMAGE R G B
	python3 - "$@" << 'EOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
want = tuple(int(v) for v in sys.argv[2:5])
px = list(im.getdata())
near = sum(1 for p in px if all(abs(a - b) <= 40 for a, b in zip(p, want)))
print(near * 100 // max(len(px), 1))
EOF
}

# The number of distinct colours of an image (1 for a blank one).
session_colours() { # IMAGE
	python3 -c 'import sys; from PIL import Image; print(len(Image.open(sys.argv[1]).convert("RGB").getcolors(1 << 24)))' "$1"
}

# A screenshot of window ID (import, ImageMagick) to FILE.png.
session_shot() { # ID FILE
	/usr/bin/import -display "$DISPLAY" -window "$1" "$2" 2> /dev/null
}
