# The X11 display (issue #5), sourced by suite.sh: in the desktop session
# (session.sh), a real Xvfb that requires a cookie, and a second one; from
# inside, what xdpyinfo can reach: the display
# of $DISPLAY with only its own cookie by default, nothing under x11 none,
# a server of its own under x11 xvfb and x11 xephyr (whose window shows on
# the caller's display), and never another display.

XD=$P/display
xd_profile() { mkdir -p "$XD" && printf '%s\n' "$@" > "$XD/p.profile"; }
xbox() { "$NB" --quiet --profile="$XD/p.profile" --net=none "$@"; }

# The desktop session (session.sh): its Xvfb is :$XD_A; a second one,
# :$XD_B, runs in it too.  Both require their cookie from the session's
# $XAUTHORITY (which holds both; $XD/any-Xauthority holds them for any
# host name, as a program inside would need them).  session_stop, in
# xd_stop, stops both.  A session that does not come up fails the test.
xd_start() {
	session_start || return 1
	mkdir -p "$XD"
	XD_A=${DISPLAY#:}
	XD_B=$((XD_A + 1))
	while [ -e "/tmp/.X$XD_B-lock" ] || [ -e "/tmp/.X11-unix/X$XD_B" ]; do
		XD_B=$((XD_B + 1))
	done
	rm -f "$XD/any-Xauthority"
	xauth -q -f "$XAUTHORITY" add ":$XD_B" . "$(mcookie)" 2>/dev/null &&
		xauth -f "$XAUTHORITY" nlist | sed 's/^..../ffff/' |
		xauth -q -f "$XD/any-Xauthority" nmerge - 2>/dev/null ||
		{ session_fail "xauth could not write the cookies"; return 1; }
	session_spawn xvfb-b Xvfb ":$XD_B" -nolisten tcp -noreset -auth "$XAUTHORITY"
	session_wait_server 15 env DISPLAY=":$XD_B" xdpyinfo ||
		{ session_fail "the second Xvfb :$XD_B does not answer xdpyinfo" "$SESSION_DIR/xvfb-b.log"; return 1; }
}
xd_stop() { session_stop > /dev/null; return 0; }
XD_PROBE='xdpyinfo > /dev/null 2>&1 && echo reached || echo refused'

test_x11_display_is_passed_in_with_only_its_cookie() {
	xd_start || return 1
	xd_profile "hostname xtest"
	local out
	out=$(DISPLAY=:$XD_A xbox sh -c "$XD_PROBE; xauth list 2>/dev/null | wc -l
		xauth list 2>/dev/null | awk '{print \$1}'")
	xd_stop
	eq "$out" "reached
1
#ffff#$(printf '%s' "$(hostname)" | od -An -tx1 | tr -d ' \n')#:$XD_A"
}

test_x11_cookie_is_required_and_other_displays_unreachable() {
	xd_start || return 1
	xd_profile "hostname xtest"
	local out
	# the cookie is what lets it in; the other display is not there
	out=$(DISPLAY=:$XD_A xbox sh -c "XAUTHORITY=/dev/null $XD_PROBE
		DISPLAY=:$XD_B $XD_PROBE; ls /tmp/.X11-unix")
	xd_stop
	eq "$out" "refused
refused
X$XD_A"
}

# A caller's Xauthority that is not one: X clients outside ignore it
# (libXau reads no entry) and connect where the server lets them without
# a cookie; so does the launch, with a warning naming the file and no
# cookie passed in, where it used to fail (exit 125, issue #17).  A valid
# one still gives the display's cookie, and no warning.
test_x11_bad_xauthority_is_a_warning_and_no_cookie() {
	xd_start || return 1
	local open=$((XD_B + 1)) i out rc bad=$XD/bad-Xauthority
	# a server without access control, as many a local session has
	while [ -e "/tmp/.X$open-lock" ] || [ -e "/tmp/.X11-unix/X$open" ]; do
		open=$((open + 1))
	done
	session_spawn xvfb-open Xvfb ":$open" -nolisten tcp -noreset
	head -c 300 /dev/urandom > "$bad"
	for i in $(seq 1 100); do
		DISPLAY=:$open XAUTHORITY=$bad xdpyinfo > /dev/null 2>&1 && break
		sleep 0.05
	done
	DISPLAY=:$open XAUTHORITY=$bad xdpyinfo > /dev/null 2>&1 ||
		{ echo "no client connects to Xvfb :$open with $bad outside"; xd_stop; return 1; }
	xd_profile "hostname xtest"
	out=$(DISPLAY=:$open XAUTHORITY=$bad "$NB" --profile="$XD/p.profile" --net=none \
		sh -c "$XD_PROBE; echo \"xauthority=\$XAUTHORITY\"" 2>"$XD/err")
	rc=$?
	eq "$rc" 0 && eq "$out" "reached
xauthority=" &&
		eq "$(cat "$XD/err")" "nestbox: warning: x11: $bad is not an Xauthority file (an entry runs past its end): the program gets no cookie" ||
		{ xd_stop; return 1; }
	# the valid one: its cookie, and not a word
	out=$(DISPLAY=:$XD_A "$NB" --profile="$XD/p.profile" --net=none \
		sh -c "$XD_PROBE; xauth list 2>/dev/null | wc -l" 2>"$XD/err")
	xd_stop
	eq "$out" "reached
1" && eq "$(cat "$XD/err")" ""
}

# A profile that whitelists /tmp/.X11-unix shows the display's socket
# already: the display's own bind then lands on that socket, which the
# old code opened for writing ("open mountpoint /tmp/.X11-unix/XN: No
# such device or address", exit 125; issue #17).
test_x11_display_over_a_whitelisted_x11_unix() {
	xd_start || return 1
	local out rc
	xd_profile "hostname xtest" "whitelist /tmp/.X11-unix"
	out=$(DISPLAY=:$XD_A xbox sh -c "$XD_PROBE" 2>&1)
	rc=$?
	xd_stop
	eq "$rc" 0 && eq "$out" "reached"
}

test_x11_none_hides_every_display() {
	xd_start || return 1
	xd_profile "x11 none"
	local out
	# (without private-tmp /tmp is the host's: its .X11-unix is there,
	# hidden as firejail hides it)
	out=$(DISPLAY=:$XD_A xbox sh -c "echo \"display=\$DISPLAY\"; DISPLAY=:$XD_A $XD_PROBE
		ls -A /tmp/.X11-unix 2>/dev/null | wc -l")
	xd_stop
	eq "$out" "display=
refused
0"
}

# Under pasta the sandbox has its own network namespace too: the
# abstract X socket stays out of reach.
test_x11_other_display_unreachable_with_network() {
	xd_start || return 1
	xd_profile "hostname xtest"
	local out
	# (Landlock's scope would refuse it too: off, to test the namespace)
	out=$(DISPLAY=:$XD_A "$NB" --quiet --profile="$XD/p.profile" --landlock.scope=none \
		sh -c "DISPLAY=:$XD_B $XD_PROBE")
	xd_stop
	eq "$out" refused
}

# A GUI program under its shipped profile shows a window on the display
# passed in; a screenshot of the screen is kept as evidence (not compared).
test_x11_xterm_under_its_profile_shows_a_window() {
	command -v xterm > /dev/null || { skip "xterm is not installed"; return 0; }
	xd_start || return 1
	local launcher i found=""
	DISPLAY=:$XD_A "$NB" --quiet xterm -title nestbox-xterm-$$ -e sleep 30 &
	launcher=$!
	for i in $(seq 1 200); do
		found=$(DISPLAY=:$XD_A xwininfo -root -tree 2>/dev/null | grep -c "nestbox-xterm-$$")
		[ "$found" -ge 1 ] && break
		sleep 0.05
	done
	command -v xwd > /dev/null &&
		DISPLAY=:$XD_A xwd -root -silent -out "${EVIDENCE_DIR:-$XD}/xterm-under-nestbox.xwd" 2>/dev/null
	kill "$launcher"
	wait "$launcher" 2>/dev/null
	xd_stop
	[ "$found" -ge 1 ] || { echo "no window titled nestbox-xterm-$$ on :$XD_A"; return 1; }
}

# x11 xvfb: an X server of the program's own, on a display nobody uses,
# with a cookie only the sandbox has; the caller's display is out of reach
# and the server ends with the sandbox.
test_x11_xvfb_gives_the_program_its_own_server() {
	command -v Xvfb > /dev/null || { skip "Xvfb is not installed"; return 0; }
	xd_start || return 1
	xd_profile "x11 xvfb"
	local out
	out=$(DISPLAY=:$XD_A xbox sh -c "echo \"\$DISPLAY\"; $XD_PROBE; DISPLAY=:$XD_A $XD_PROBE
		XAUTHORITY=/dev/null $XD_PROBE")
	xd_stop
	local own
	own=$(printf '%s\n' "$out" | head -1)
	[ "$own" != ":$XD_A" ] && [ "$own" != ":$XD_B" ] && [ -n "$own" ] || { echo "$out"; return 1; }
	eq "$(printf '%s\n' "$out" | tail -3)" "reached
refused
refused" || return 1
	# gone with the sandbox: no server left on that display
	[ ! -e "/tmp/.X11-unix/X${own#:}" ] && ! pgrep -u "$ME" -f "Xvfb $own " > /dev/null
}

# x11 xephyr: the program's own X server again, shown in a window on the
# caller's display (:$XD_A here), of which Xephyr is a client.  Inside,
# the program checks what it reaches and writes it down, then waits on a
# FIFO, so that the window is looked at while the sandbox runs.
xe_start() { # NAME: launches it in the background, $XE_PID
	mkfifo "$XD/go"
	DISPLAY=:$XD_A "$NB" --quiet --profile="$XD/p.profile" --net=none --name="$1" sh -c "
		{ echo \"\$DISPLAY\"; $XD_PROBE; xdpyinfo | awk '/dimensions:/ { print \$2 }'
		  XAUTHORITY=$XD/any-Xauthority DISPLAY=:$XD_A $XD_PROBE; XAUTHORITY=/dev/null $XD_PROBE
		  ls /tmp/.X11-unix | wc -l; xauth list 2>/dev/null | awk '{ print \$1 }'; } > $XD/inside.tmp 2>&1
		mv $XD/inside.tmp $XD/inside.out
		xlogo & read go < $XD/go" &
	XE_PID=$!
}
# Waits for what the program wrote (only a state is waited for; under
# xpra the launcher itself waits up to 30 s for xpra's server and client).
xe_inside() {
	local i
	for i in $(seq 1 1200); do
		[ -e "$XD/inside.out" ] && { cat "$XD/inside.out"; return 0; }
		kill -0 "$XE_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "the program did not run"
	return 1
}
# xwininfo's line on :$XD_A for the window titled TITLE, once there is
# one (1), or once there is none (0): only a state is waited for.
xe_window() { # TITLE 1|0
	local i line
	for i in $(seq 1 200); do
		line=$(DISPLAY=:$XD_A xwininfo -root -tree 2>/dev/null | grep -F "\"$1\"")
		case $2$line in 0 | 1?*) break ;; esac
		sleep 0.05
	done
	printf '%s\n' "$line"
}
xe_cleanup() { kill "$XE_PID" 2>/dev/null; wait "$XE_PID" 2>/dev/null; rm -f "$XD/go" "$XD"/inside.*; xd_stop; }
# Let the program end; then its status in $XE_RC, and in $XE_LEFT what
# is left on :$XD_A of the window titled TITLE (nothing, once it is gone).
xe_finish() { # TITLE
	echo go > "$XD/go"
	wait "$XE_PID"
	XE_RC=$?
	XE_LEFT=$(xe_window "$1" 0)
	rm -f "$XD/go" "$XD"/inside.*
	xd_stop
}

test_x11_xephyr_shows_the_programs_own_display_in_a_window() {
	command -v Xephyr > /dev/null || { skip "Xephyr is not installed"; return 0; }
	xd_start || return 1
	xd_profile "x11 xephyr" "xephyr-screen 640x480"
	rm -f "$XD/go" "$XD"/inside.*
	xe_start "xe$$"
	local out own tree left rc
	out=$(xe_inside) || { xe_cleanup; echo "$out"; return 1; }
	# its window, on the caller's display, titled with the sandbox's name
	tree=$(xe_window "nestbox: sh (xe$$)" 1)
	command -v xwd > /dev/null &&
		DISPLAY=:$XD_A xwd -root -silent -out "${EVIDENCE_DIR:-$XD}/xephyr-under-nestbox.xwd" 2>/dev/null
	xe_finish "nestbox: sh (xe$$)"
	rc=$XE_RC left=$XE_LEFT
	eq "$rc" 0 || return 1
	[ -n "$tree" ] || { echo "no window titled 'nestbox: sh (xe$$)' on :$XD_A"; return 1; }
	case $tree in *640x480+*) ;; *) echo "window not 640x480: $tree"; return 1 ;; esac
	[ -z "$left" ] || { echo "window left after the sandbox: $left"; return 1; }
	# a display of its own: not the caller's, nor the other one
	own=$(printf '%s\n' "$out" | head -1)
	case $own in :[0-9]*) ;; *) echo "$out"; return 1 ;; esac
	[ "$own" != ":$XD_A" ] && [ "$own" != ":$XD_B" ] || { echo "$out"; return 1; }
	# reached with its cookie, at the size asked; the caller's display
	# refused even with the caller's cookie (no socket of it inside), its
	# own server without the cookie refused; one socket, and one cookie:
	# its own server's
	eq "$(printf '%s\n' "$out" | tail -n +2)" "reached
640x480
refused
refused
1
#ffff##$own" || return 1
	# gone with the sandbox: no Xephyr, no socket
	none_left Xephyr '^Xephyr$' && [ ! -e "/tmp/.X11-unix/X${own#:}" ]
}

# Killed without a chance to clean up, the launcher still takes Xephyr
# with it (PR_SET_PDEATHSIG), and with it the window on the caller's screen.
test_x11_xephyr_dies_with_a_killed_launcher() {
	command -v Xephyr > /dev/null || { skip "Xephyr is not installed"; return 0; }
	xd_start || return 1
	xd_profile "x11 xephyr"
	rm -f "$XD/go" "$XD"/inside.*
	xe_start "xk$$"
	local out xephyr shown left rc
	out=$(xe_inside) || { xe_cleanup; echo "$out"; return 1; }
	xephyr=$(live_pids '^Xephyr$')
	shown=$(xe_window "nestbox: sh (xk$$)" 1)
	kill -KILL "$XE_PID"
	wait "$XE_PID" 2>/dev/null
	[ -n "$xephyr" ] && wait_gone "$xephyr"
	rc=$?
	left=$(xe_window "nestbox: sh (xk$$)" 0)
	rm -f "$XD/go" "$XD"/inside.*
	xd_stop
	[ -n "$xephyr" ] || { echo "no Xephyr was running"; return 1; }
	[ -n "$shown" ] || { echo "no window titled 'nestbox: sh (xk$$)' on :$XD_A"; return 1; }
	eq "$rc" 0 && { [ -z "$left" ] || { echo "window left: $left"; return 1; }; }
}

# Under net host the abstract sockets are the host's: Landlock's scope
# (on by default) keeps the caller's display out of reach, even with its
# cookie, which the program is handed here.  The control, the scope off,
# shows that the probe would see it.
test_x11_xephyr_callers_display_unreachable_with_host_network() {
	command -v Xephyr > /dev/null || { skip "Xephyr is not installed"; return 0; }
	ll_needs 6 || { setup_failed; return; }
	xd_start || return 1
	xd_profile "x11 xephyr"
	local out probe="XAUTHORITY=$XD/any-Xauthority DISPLAY=:$XD_A $XD_PROBE"
	out=$(DISPLAY=:$XD_A "$NB" --quiet --profile="$XD/p.profile" --net=host sh -c "$probe"
		DISPLAY=:$XD_A "$NB" --quiet --profile="$XD/p.profile" --net=host \
			--landlock.scope=none sh -c "$probe")
	xd_stop
	eq "$out" "refused
reached"
}

test_x11_xephyr_without_a_display_is_an_error() {
	command -v Xephyr > /dev/null || { skip "Xephyr is not installed"; return 0; }
	local out
	out=$(env -u DISPLAY "$NB" --quiet --noprofile --x11=xephyr true 2>&1)
	eq "$?" 125 &&
		eq "$out" "nestbox: x11 xephyr shows the program's display in a window on yours, and DISPLAY is not set" &&
		none_left Xephyr '^Xephyr$' && registry_empty
}

test_x11_unsupported_nested_servers_are_errors() {
	local out
	out=$("$NB" --quiet --noprofile --x11=xorgx true 2>&1)
	eq "$?" 125 &&
		eq "$out" "nestbox: --x11: x11 xorgx: not supported (x11 xorg for your display with an untrusted cookie, x11 xephyr, x11 xpra or x11 xvfb for a server of the program's own, x11 none for none)" || return 1
	out=$("$NB" --quiet --noprofile --xephyr-screen=800 true 2>&1)
	eq "$?" 125 &&
		eq "$out" "nestbox: --xephyr-screen: xephyr-screen 800: WIDTHxHEIGHT, each from 64 to 32767"
}

# x11 xpra: the program's own Xvfb again; an xpra server on it and an
# `xpra attach` on the caller's display (:$XD_A) show its windows there,
# one by one, titled "TITLE (nestbox: PROGRAM (NAME))".  The program
# (xe_start) writes down what it reaches and opens an xlogo.
xp_needs() {
	command -v xpra > /dev/null || { skip "xpra is not installed"; return 1; }
	command -v Xvfb > /dev/null || { skip "Xvfb is not installed"; return 1; }
	command -v xwd > /dev/null || { skip "xwd is not installed"; return 1; }
}
# The caller's display, and a program launched under `x11 xpra` as NAME
# in the background (xe_start); false, having said skip, without the tools.
xp_launch() { # NAME
	xp_needs || return 1
	xd_start || return 1
	xd_profile "x11 xpra"
	rm -f "$XD/go" "$XD"/inside.*
	xe_start "$1"
}
# The Xvfb of display :N (the sandbox's, not the test's own :$XD_A).
xp_xvfb_pid() { pgrep -u "$ME" -f "^/usr/bin/Xvfb :$1 " || pgrep -u "$ME" -f "^Xvfb :$1 "; }
# No socket of display :N left (bounded wait: a server stopping removes it).
xp_socket_gone() {
	local i
	for i in $(seq 1 100); do
		[ -e "/tmp/.X11-unix/X$1" ] || return 0
		sleep 0.05
	done
	echo "/tmp/.X11-unix/X$1 left behind"
	return 1
}

# Once the window titled TITLE on :$XD_A shows what the program drew:
# xlogo's black logo on white, a thousand pixels of each at least (xpra's
# client paints the window white until the first picture comes).
xp_painted() { # TITLE
	local i id
	for i in $(seq 1 200); do
		id=$(DISPLAY=:$XD_A xwininfo -root -tree 2>/dev/null | grep -F "\"$1\"" | awk '{ print $1 }')
		[ -n "$id" ] && DISPLAY=:$XD_A xwd -id "$id" -silent 2>/dev/null | od -An -v -tx4 |
			awk '{ for (i = 1; i <= NF; i++) if ($i == "ffffffff") w++; else o++ }
			     END { exit !(w >= 1000 && o >= 1000) }' && return 0
		sleep 0.05
	done
	echo "the window '$1' on :$XD_A shows nothing drawn"
	return 1
}

test_x11_xpra_shows_the_programs_windows_on_the_callers_display() {
	xp_launch "xp$$" || { setup_failed && return 0; return 1; }
	local out own tree painted left rc n
	out=$(xe_inside) || { xe_cleanup; echo "$out"; return 1; }
	# the program's window, forwarded to the caller's display by xpra
	tree=$(xe_window "xlogo (nestbox: sh (xp$$))" 1)
	painted=$(xp_painted "xlogo (nestbox: sh (xp$$))")
	DISPLAY=:$XD_A xwd -root -silent -out "${EVIDENCE_DIR:-$XD}/xpra-under-nestbox.xwd" 2>/dev/null
	own=$(printf '%s\n' "$out" | head -1)
	n=$(live_pids '^xpra$' | wc -l)
	xe_finish "xlogo (nestbox: sh (xp$$))"
	rc=$XE_RC left=$XE_LEFT
	eq "$rc" 0 || return 1
	[ -n "$tree" ] || { echo "no window titled 'xlogo (nestbox: sh (xp$$))' on :$XD_A"; return 1; }
	[ -z "$painted" ] || { echo "$painted"; return 1; }
	[ -z "$left" ] || { echo "window left after the sandbox: $left"; return 1; }
	eq "$n" 2 || { echo "not an xpra server and its client: $n xpra"; return 1; }
	# a display of its own: not the caller's, nor the other one
	case $own in :[0-9]*) ;; *) echo "$out"; return 1 ;; esac
	[ "$own" != ":$XD_A" ] && [ "$own" != ":$XD_B" ] || { echo "$out"; return 1; }
	# reached with its cookie; the caller's display refused even with
	# the caller's cookie, its own without the cookie refused; one
	# socket (not xpra's), one cookie: its own server's
	eq "$(printf '%s\n' "$out" | sed -n 2p; printf '%s\n' "$out" | tail -n +4)" "reached
refused
refused
1
#ffff##$own" || return 1
	# gone with the sandbox: no xpra, no Xvfb of its display, no socket,
	# no registry entry (where xpra's socket and files were)
	none_left xpra '^xpra$' && xp_socket_gone "${own#:}" &&
		{ [ -z "$(xp_xvfb_pid "${own#:}")" ] || { echo "Xvfb $own left"; return 1; }; } &&
		registry_empty
}

# Killed without a chance to clean up, the launcher takes xpra's server
# and client with it (PR_SET_PDEATHSIG), and the Xvfb, which removes its
# socket; init removes the registry entry with xpra's files.
test_x11_xpra_dies_with_a_killed_launcher() {
	xp_launch "xq$$" || { setup_failed && return 0; return 1; }
	local out own xpras xvfb shown left p
	out=$(xe_inside) || { xe_cleanup; echo "$out"; return 1; }
	own=$(printf '%s\n' "$out" | head -1)
	xpras=$(live_pids '^xpra$')
	xvfb=$(xp_xvfb_pid "${own#:}")
	shown=$(xe_window "xlogo (nestbox: sh (xq$$))" 1)
	kill -KILL "$XE_PID"
	wait "$XE_PID" 2>/dev/null
	for p in $xpras $xvfb; do
		wait_gone "$p" || { xe_cleanup; return 1; }
	done
	left=$(xe_window "xlogo (nestbox: sh (xq$$))" 0)
	rm -f "$XD/go" "$XD"/inside.*
	xd_stop
	[ "$(echo $xpras | wc -w)" = 2 ] || { echo "not two xpra processes: $xpras"; return 1; }
	[ -n "$xvfb" ] || { echo "no Xvfb on $own was running"; return 1; }
	[ -n "$shown" ] || { echo "no window titled 'xlogo (nestbox: sh (xq$$))' on :$XD_A"; return 1; }
	[ -z "$left" ] || { echo "window left: $left"; return 1; }
	none_left xpra '^xpra$' && xp_socket_gone "${own#:}" && xp_registry_empty
}
# init removes a killed launcher's entry: a moment after the launcher.
xp_registry_empty() {
	local i
	for i in $(seq 1 100); do
		[ -z "$(find "$REG" -mindepth 1 -maxdepth 1 2>/dev/null)" ] && return 0
		sleep 0.05
	done
	registry_empty
}

# Nothing starts without xpra (NESTBOX_XPRA names a missing one here) or
# without a display to show the windows on.
test_x11_xpra_without_xpra_or_a_display_is_an_error() {
	command -v Xvfb > /dev/null || { skip "Xvfb is not installed"; return 0; }
	local out
	out=$(DISPLAY=:0 NESTBOX_XPRA=/nonexistent/xpra "$NB" --quiet --noprofile --x11=xpra true 2>&1)
	eq "$?" 125 && eq "$out" "nestbox: x11 xpra needs xpra (Debian package xpra)" || return 1
	if command -v xpra > /dev/null; then
		out=$(env -u DISPLAY "$NB" --quiet --noprofile --x11=xpra true 2>&1)
		eq "$?" 125 &&
			eq "$out" "nestbox: x11 xpra shows the program's windows on your display, and DISPLAY is not set" || return 1
	fi
	none_left xpra '^xpra$' && registry_empty
}
