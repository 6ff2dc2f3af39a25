# The X11 display (issue #5), sourced by suite.sh: a real Xvfb that
# requires a cookie, and from inside what xdpyinfo can reach: the display
# of $DISPLAY with only its own cookie by default, nothing under x11 none,
# and never another display.

XD=$P/display
xd_profile() { mkdir -p "$XD" && printf '%s\n' "$@" > "$XD/p.profile"; }
xbox() { "$NB" --quiet --profile="$XD/p.profile" --net=none "$@"; }

# Two Xvfb servers, :$XD_A and :$XD_B, each requiring its cookie from
# $XD/Xauthority (which holds both); $XD_PIDS to stop.
xd_start() {
	command -v Xvfb > /dev/null || { skip "Xvfb is not installed"; return 1; }
	mkdir -p "$XD"
	XD_A=$((100 + RANDOM % 400))
	XD_B=$((XD_A + 1))
	export XAUTHORITY=$XD/Xauthority
	rm -f "$XAUTHORITY"
	xauth -q -f "$XAUTHORITY" add ":$XD_A" . "$(mcookie)" 2>/dev/null &&
		xauth -q -f "$XAUTHORITY" add ":$XD_B" . "$(mcookie)" 2>/dev/null || return 1
	XD_PIDS=
	local d i
	for d in "$XD_A" "$XD_B"; do
		Xvfb ":$d" -nolisten tcp -auth "$XAUTHORITY" > /dev/null 2>&1 &
		XD_PIDS="$XD_PIDS $!"
	done
	for i in $(seq 1 100); do
		DISPLAY=:$XD_A xdpyinfo > /dev/null 2>&1 &&
			DISPLAY=:$XD_B xdpyinfo > /dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "Xvfb did not start"
	xd_stop
	return 1
}
xd_stop() { kill $XD_PIDS 2>/dev/null; wait $XD_PIDS 2>/dev/null; unset XAUTHORITY; return 0; }
XD_PROBE='xdpyinfo > /dev/null 2>&1 && echo reached || echo refused'

test_x11_display_is_passed_in_with_only_its_cookie() {
	xd_start || return 0
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
	xd_start || return 0
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

test_x11_none_hides_every_display() {
	xd_start || return 0
	xd_profile "x11 none"
	local out
	out=$(DISPLAY=:$XD_A xbox sh -c "echo \"display=\$DISPLAY\"; DISPLAY=:$XD_A $XD_PROBE
		ls -A /tmp | grep -c X11")
	xd_stop
	eq "$out" "display=
refused
0"
}

# Under pasta the sandbox has its own network namespace too: the
# abstract X socket stays out of reach.
test_x11_other_display_unreachable_with_network() {
	xd_start || return 0
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
	xd_start || return 0
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
	xd_start || return 0
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

test_x11_unsupported_nested_servers_are_errors() {
	local out
	out=$("$NB" --quiet --noprofile --x11=xephyr true 2>&1)
	eq "$?" 125 &&
		eq "$out" "nestbox: --x11: x11 xephyr: not supported (x11 xvfb for a server of the program's own, x11 none for none)"
}
