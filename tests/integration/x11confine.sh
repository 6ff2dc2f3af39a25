# x11 xorg (issue #19), sourced by suite.sh: the caller's display with an
# untrusted cookie of the X SECURITY extension, in the desktop session of
# session.sh (its Xvfb has SECURITY, as Debian builds it, and requires a
# cookie).  From inside, under every shipped GUI profile: typing into a
# terminal outside changes nothing there and a screenshot of it fails,
# where the same commands outside do both (the controls); the cookie is
# revoked when the sandbox ends; a server that cannot make a client
# untrusted is refused, not given with full trust.

XC=$P/x11confine

# The shipped profiles of GUI programs (and default.profile): every one
# that does not say `x11 none`.
xc_gui_profiles() {
	local f
	for f in "$NESTBOX_PROFILE_DIR"/*.profile; do
		grep -q '^x11 none' "$f" && continue
		grep -q '^x11 xorg' "$f" || continue
		basename "$f" .profile
	done
}

# An xterm outside the sandbox running a shell that writes every byte
# typed into it to $XC/typed (no echo, no line editing), its window
# focused (XSetInputFocus: there is no window manager).  $XC_TERM its pid,
# $XC_WIN its window.
xc_terminal() {
	mkdir -p "$XC" && : > "$XC/typed" || return 1
	xterm -title "nbt-typed-$$" -e sh -c "stty -icanon -echo; exec cat > '$XC/typed'" \
		> /dev/null 2>&1 &
	XC_TERM=$!
	XC_WIN=$(session_wait_window "nbt-typed-$$" 30) ||
		{ echo "the xterm outside mapped no window"; return 1; }
	timeout 10 xdotool windowfocus --sync "$XC_WIN" ||
		{ echo "could not focus the xterm outside"; return 1; }
}
xc_stop() {
	[ -n "${XC_TERM:-}" ] && { kill "$XC_TERM" 2> /dev/null; wait "$XC_TERM" 2> /dev/null; }
	XC_TERM=
	session_stop > /dev/null
}

# Types WORD from outside (XTEST, as xdotool does) and waits until the
# terminal outside got it: the control, and a barrier (the server handles
# the input of every client in order: what was typed before has arrived).
xc_type_outside() { # WORD
	local i
	xdotool type --delay 5 "$1" 2> /dev/null
	for i in $(seq 1 100); do
		grep -q "$1" "$XC/typed" && return 0
		sleep 0.05
	done
	echo "typed from outside, '$1' did not reach the xterm: $(cat "$XC/typed")"
	return 1
}

# What a program inside tries, with the window's id ($1) and a word
# ($2): reach the display at all (it must: the attacks are then real),
# focus the window and type (XTEST), send the keys to the window itself
# (SendEvent), read the window and the root window (GetImage); and what
# extensions it sees.
XC_ATTACK='
xdpyinfo > /dev/null 2>&1 && echo connected || echo "no display"
xdotool windowfocus "$1" > /dev/null 2>&1
xdotool type --delay 5 "$2" > /dev/null 2>&1
xdotool type --window "$1" --delay 5 "$2" > /dev/null 2>&1
xdotool key --window "$1" Return > /dev/null 2>&1
n=$(xwd -id "$1" -silent 2> /dev/null | wc -c); echo "window image: $n"
n=$(xwd -root -silent 2> /dev/null | wc -c); echo "root image: $n"
xdpyinfo -queryExtensions 2> /dev/null | grep -cE "^ +(XTEST|RECORD|XInputExtension|SECURITY) "
'

# Under each shipped GUI profile: the program reaches the display, and
# nothing it types reaches the terminal outside, nor can it read the
# terminal's window or the screen.  Controls: the same xdotool from
# outside types into it, and xwd from outside reads it.
test_x11_xorg_no_typing_or_reading_outside_under_every_gui_profile() {
	session_start || return 1
	xc_terminal || { xc_stop; return 1; }
	local prof out n=0 bad=0 shot
	# the controls first: outside, the same tools do type and read
	xc_type_outside "nbtctl0x" || { xc_stop; return 1; }
	shot=$(xwd -id "$XC_WIN" -silent 2> /dev/null | wc -c)
	[ "$shot" -gt 1000 ] || { echo "xwd outside read $shot bytes of the xterm"; xc_stop; return 1; }
	for prof in $(xc_gui_profiles); do
		n=$((n + 1))
		out=$(timeout -k 5 60 "$NB" --quiet --profile="$NESTBOX_PROFILE_DIR/$prof.profile" \
			sh -c "$XC_ATTACK" sh "$XC_WIN" "nbtin${n}x" 2>&1)
		# the barrier: typed after, from outside; it arrives
		xc_type_outside "nbtctl${n}x" || { bad=1; break; }
		if grep -q "nbtin${n}x" "$XC/typed"; then
			echo "$prof: typed into the xterm outside: $(cat "$XC/typed")"
			bad=1
		fi
		eq "$out" "connected
window image: 0
root image: 0
0" || { echo "  (under $prof.profile)"; bad=1; }
	done
	xc_stop
	[ "$n" -ge 10 ] || { echo "only $n GUI profiles say x11 xorg"; return 1; }
	return $bad
}

# The control of the control: with the caller's own (full) cookie, the
# same attack from inside a sandbox does type into the terminal outside,
# and reads its window; so the test above would see it.
test_x11_full_cookie_lets_the_program_type_outside() {
	session_start || return 1
	xc_terminal || { xc_stop; return 1; }
	local out
	mkdir -p "$XC" && printf 'hostname xtest\n' > "$XC/full.profile"
	out=$("$NB" --quiet --profile="$XC/full.profile" --net=none \
		sh -c "$XC_ATTACK" sh "$XC_WIN" nbtfullx 2>&1)
	xc_type_outside nbtafterx || { xc_stop; return 1; }
	local typed
	typed=$(cat "$XC/typed")
	xc_stop
	case $typed in *nbtfullx*) ;; *) echo "the full cookie did not type: '$typed'"; return 1 ;; esac
	case $out in "connected
window image: "[1-9]*) ;; *) echo "$out"; return 1 ;; esac
}

# The cookie lives as long as the sandbox: copied out while it runs it
# connects (untrusted) and a client started with it outside is connected;
# once the sandbox ends the authorization is revoked, that client's
# connection closed, and the copy lets no one in.
test_x11_xorg_cookie_is_revoked_when_the_sandbox_ends() {
	session_start || return 1
	mkdir -p "$XC" && rm -f "$XC/stolen" "$XC/go" && mkfifo "$XC/go" &&
		printf 'x11 xorg\n' > "$XC/xorg.profile" || { xc_stop; return 1; }
	local sandbox during client after i
	"$NB" --quiet --profile="$XC/xorg.profile" --net=none \
		sh -c "cp \"\$XAUTHORITY\" $XC/stolen.tmp && mv $XC/stolen.tmp $XC/stolen; read go < $XC/go" &
	sandbox=$!
	for i in $(seq 1 200); do
		[ -s "$XC/stolen" ] && break
		sleep 0.05
	done
	during=$(XAUTHORITY=$XC/stolen xdpyinfo -queryExtensions 2> /dev/null | grep -c '^ *XTEST ' ; echo "rc=$?")
	XAUTHORITY=$XC/stolen xlogo > /dev/null 2>&1 &
	client=$!
	session_wait 10 sh -c "xwininfo -root -tree | grep -q xlogo"
	kill -0 "$client" 2> /dev/null || { echo "xlogo with the copied cookie did not stay up"; kill "$sandbox"; xc_stop; return 1; }
	echo go > "$XC/go"
	wait "$sandbox"
	# its connection closed by the revocation: xlogo ends
	for i in $(seq 1 100); do
		kill -0 "$client" 2> /dev/null || break
		sleep 0.05
	done
	kill -0 "$client" 2> /dev/null && { echo "xlogo still connected after the sandbox ended"; kill "$client"; }
	wait "$client" 2> /dev/null
	after=$(XAUTHORITY=$XC/stolen xdpyinfo > /dev/null 2>&1 && echo reached || echo refused)
	xc_stop
	[ -s "$XC/stolen" ] || { echo "the program did not run"; return 1; }
	# during: connected, without XTEST (grep -c prints 0, exits 1)
	eq "$during" "0
rc=1" && eq "$after" refused
}

# A server on which an untrusted cookie would not hold is refused with
# the reason, nothing started: one without SECURITY (as Xwayland may be),
# one without access control (the program could connect with no cookie
# at all, and be trusted).
xc_other_server() { # NAME ARGS...: an Xvfb on a free display in the session
	local d=$((${DISPLAY#:} + 1)) name=$1
	shift
	while [ -e "/tmp/.X$d-lock" ] || [ -e "/tmp/.X11-unix/X$d" ]; do d=$((d + 1)); done
	xauth -q -f "$XAUTHORITY" add ":$d" . "$(mcookie)" || return 1
	session_spawn "$name" Xvfb ":$d" -nolisten tcp -noreset "$@"
	XC_OTHER=$d
	session_wait_server 15 env DISPLAY=":$d" xdpyinfo ||
		{ session_fail "Xvfb :$d ($name) does not answer" "$SESSION_DIR/$name.log"; return 1; }
}

test_x11_xorg_fails_closed_on_a_server_without_security() {
	session_start || return 1
	xc_other_server nosec -auth "$XAUTHORITY" -extension SECURITY || return 1
	local out rc
	out=$(DISPLAY=:$XC_OTHER "$NB" --quiet --noprofile --x11=xorg sh -c 'echo ran' 2>&1)
	rc=$?
	xc_stop
	eq "$rc" 125 &&
		eq "$out" "nestbox: x11 xorg: the X server of :$XC_OTHER has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie$XC_CLOSED" &&
		registry_empty
}
XC_CLOSED="; the display is not given with full trust instead (x11.fallback none, xvfb, xephyr or xpra names what the program gets)"

# x11.fallback: where no untrusted cookie can be had, the mode the
# profile names instead, with a warning saying why; never the display
# with full trust.  none: no display at all; xvfb: a server of its own.
test_x11_xorg_falls_back_only_where_the_profile_says() {
	session_start || return 1
	xc_other_server nosec -auth "$XAUTHORITY" -extension SECURITY || return 1
	local none own rc1 rc2 warn="nestbox: warning: x11 xorg: the X server of :$XC_OTHER has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie; x11.fallback: the program gets"
	mkdir -p "$XC" && printf 'x11 xorg\nx11.fallback none\n' > "$XC/none.profile" &&
		printf 'x11 xorg\nx11.fallback xvfb\n' > "$XC/xvfb.profile" || { xc_stop; return 1; }
	none=$(DISPLAY=:$XC_OTHER "$NB" --profile="$XC/none.profile" --net=none --private-tmp \
		sh -c "echo \"display=\$DISPLAY\"; DISPLAY=:$XC_OTHER xdpyinfo > /dev/null 2>&1 && echo reached || echo refused; ls -A /tmp/.X11-unix 2> /dev/null | wc -l" 2>&1)
	rc1=$?
	own=$(DISPLAY=:$XC_OTHER "$NB" --profile="$XC/xvfb.profile" --net=none \
		sh -c "echo \"display=\$DISPLAY\"; xdpyinfo > /dev/null 2>&1 && echo reached; DISPLAY=:$XC_OTHER xdpyinfo > /dev/null 2>&1 && echo reached || echo refused" 2>&1)
	rc2=$?
	xc_stop
	eq "$rc1" 0 && eq "$none" "$warn no X11 display instead
display=
refused
0" || return 1
	eq "$rc2" 0 || return 1
	# its own server: another display, reached; the caller's refused
	case $own in "$warn x11 xvfb instead
display=:"*"
reached
refused") ;; *) echo "$own"; return 1 ;; esac
	[ "$(printf '%s\n' "$own" | sed -n 2p)" != "display=:$XC_OTHER" ] || { echo "$own"; return 1; }
}

test_x11_xorg_fails_closed_on_a_server_without_access_control() {
	session_start || return 1
	# no -auth: every client of the user is let in as trusted (the
	# control: a client with no cookie at all reaches it, with XTEST)
	xc_other_server open || return 1
	local out rc control
	control=$(DISPLAY=:$XC_OTHER XAUTHORITY=/dev/null xdpyinfo -queryExtensions 2> /dev/null | grep -c '^ *XTEST ')
	out=$(DISPLAY=:$XC_OTHER "$NB" --quiet --noprofile --x11=xorg sh -c 'echo ran' 2>&1)
	rc=$?
	xc_stop
	eq "$control" 1 && eq "$rc" 125 &&
		eq "$out" "nestbox: x11 xorg: the X server of :$XC_OTHER lets your clients in without a cookie (no access control, or xhost +si:localuser): the program could connect with none, as a trusted client$XC_CLOSED" &&
		registry_empty
}

# --x11.fallback holds over the profile's x11.fallback line, both ways
# (a profile line applied after the option does not undo it, as with
# --x11): the one running the program knows the desktop it runs on.
test_x11_fall_back_option_holds_over_the_profiles_line() {
	session_start || return 1
	xc_other_server nosec -auth "$XAUTHORITY" -extension SECURITY || return 1
	local own none warn="nestbox: warning: x11 xorg: the X server of :$XC_OTHER has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie; x11.fallback: the program gets"
	mkdir -p "$XC" && printf 'x11 xorg\nx11.fallback none\n' > "$XC/none.profile" &&
		printf 'x11 xorg\nx11.fallback xvfb\n' > "$XC/xvfb.profile" || { xc_stop; return 1; }
	own=$(DISPLAY=:$XC_OTHER "$NB" --profile="$XC/none.profile" --x11.fallback=xvfb --net=none \
		sh -c "echo \"display=\$DISPLAY\"; xdpyinfo > /dev/null 2>&1 && echo reached; DISPLAY=:$XC_OTHER xdpyinfo > /dev/null 2>&1 && echo reached || echo refused" 2>&1)
	none=$(DISPLAY=:$XC_OTHER "$NB" --profile="$XC/xvfb.profile" --x11.fallback=none --net=none \
		sh -c "echo \"display=\$DISPLAY\"; DISPLAY=:$XC_OTHER xdpyinfo > /dev/null 2>&1 && echo reached || echo refused" 2>&1)
	xc_stop
	case $own in "$warn x11 xvfb instead
display=:"*"
reached
refused") ;; *) echo "--x11.fallback=xvfb over x11.fallback none: $own"; return 1 ;; esac
	[ "$(printf '%s\n' "$own" | sed -n 2p)" != "display=:$XC_OTHER" ] || { echo "$own"; return 1; }
	eq "$none" "$warn no X11 display instead
display=
refused"
}

# --noprofile, the strict baseline, gives the display as x11 xorg does:
# the program reaches it, but types nothing into the terminal outside
# and reads no window (the controls: typing from outside reaches it, and
# test_x11_full_cookie_lets_the_program_type_outside shows the same
# attack with the full cookie does type).
test_x11_noprofile_gives_the_display_with_an_untrusted_cookie() {
	session_start || return 1
	xc_terminal || { xc_stop; return 1; }
	local out
	xc_type_outside "nbtctlnp0x" || { xc_stop; return 1; }
	out=$(timeout -k 5 60 "$NB" --quiet --noprofile \
		sh -c "$XC_ATTACK" sh "$XC_WIN" "nbtnoprofx" 2>&1)
	xc_type_outside "nbtctlnp1x" || { xc_stop; return 1; }
	local typed
	typed=$(cat "$XC/typed")
	xc_stop
	case $typed in *nbtnoprofx*) echo "--noprofile typed into the xterm outside: $typed"; return 1 ;; esac
	eq "$out" "connected
window image: 0
root image: 0
0"
}

# Where the server can make no untrusted cookie, --noprofile gives no
# display (x11.fallback none, with the warning) rather than a trusted
# one; the command line still chooses: --x11.fallback=xvfb a server of
# its own, --x11=xorg said outright fails closed (exit 125).
test_x11_noprofile_without_security_gives_no_display_unless_told() {
	session_start || return 1
	xc_other_server nosec -auth "$XAUTHORITY" -extension SECURITY || return 1
	local none own xorg rc1 rc3 warn="nestbox: warning: x11 xorg: the X server of :$XC_OTHER has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie; x11.fallback: the program gets"
	none=$(DISPLAY=:$XC_OTHER "$NB" --noprofile \
		sh -c "echo \"display=\$DISPLAY\"; DISPLAY=:$XC_OTHER xdpyinfo > /dev/null 2>&1 && echo reached || echo refused; ls -A /tmp/.X11-unix 2> /dev/null | wc -l" 2>&1)
	rc1=$?
	own=$(DISPLAY=:$XC_OTHER "$NB" --noprofile --x11.fallback=xvfb \
		sh -c "echo \"display=\$DISPLAY\"; xdpyinfo > /dev/null 2>&1 && echo reached" 2>&1)
	xorg=$(DISPLAY=:$XC_OTHER "$NB" --quiet --noprofile --x11=xorg true 2>&1)
	rc3=$?
	xc_stop
	eq "$rc1" 0 && eq "$none" "$warn no X11 display instead
display=
refused
0" || return 1
	case $own in "$warn x11 xvfb instead
display=:"*"
reached") ;; *) echo "--noprofile --x11.fallback=xvfb: $own"; return 1 ;; esac
	eq "$rc3" 125 && eq "$xorg" "nestbox: x11 xorg: the X server of :$XC_OTHER has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie$XC_CLOSED"
}

# --- on a Wayland desktop: Xwayland ---------------------------------------
#
# A Wayland desktop runs X programs on Xwayland (session_start xwayland:
# weston's, started with -auth as GNOME's mutter and KDE's kwin start it).
# Debian 12's Xwayland (22.1) has no SECURITY extension, so x11 xorg can
# have no untrusted cookie there: it fails closed with the reason, and
# each x11.fallback does what nestbox-profile(5) says.

# The session, and the facts the tests rest on, checked from outside: the
# caller reaches Xwayland with the session's cookie (XTEST and all) and
# not without it, and it has no SECURITY extension.
xw_start() {
	session_start xwayland || return 1
	local ext
	ext=$(xdpyinfo -queryExtensions 2> /dev/null | grep -oE '^ +(SECURITY|XTEST) ' | tr -d ' ')
	[ "$ext" = XTEST ] ||
		{ echo "Xwayland on $DISPLAY: '$ext' of SECURITY and XTEST (XTEST alone expected)"; xc_stop; return 1; }
	XAUTHORITY=/dev/null xdpyinfo > /dev/null 2>&1 &&
		{ echo "Xwayland on $DISPLAY lets a client in without a cookie"; xc_stop; return 1; }
	# the caller's cookie for any host name (the sandbox has a hostname
	# of its own), in home, where the program can read it
	mkdir -p "$XC" && rm -f "$XC/any-Xauthority" &&
		xauth -f "$XAUTHORITY" nlist | sed 's/^..../ffff/' |
		xauth -q -f "$XC/any-Xauthority" nmerge - ||
		{ echo "xauth could not copy the cookie"; xc_stop; return 1; }
	XW_NOSEC="x11 xorg: the X server of $DISPLAY has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie"
}

# What a program inside reaches: the display it was given (and which),
# the caller's Xwayland with the caller's cookie in hand (a copy in home),
# and the compositor (the Wayland socket).
XW_PROBE='
echo "display=${DISPLAY:+own}"
[ -n "$DISPLAY" ] && { xdpyinfo > /dev/null 2>&1 && echo reached || echo "own refused"; }
[ "$DISPLAY" = "$1" ] && echo "the caller'"'"'s display"
DISPLAY=$1 XAUTHORITY=$2 xdpyinfo > /dev/null 2>&1 && echo "caller reached" || echo "caller refused"
wayland-info 2> /dev/null | grep -c "interface: '"'"'wl_compositor'"'"'"
'

# Xwayland as weston itself starts it: no access control, every client of
# the user is let in, trusted, with no cookie (the control, from
# outside); x11 xorg refuses it for that, before it would find no
# SECURITY, and x11.fallback none holds there too.
test_x11_xorg_on_xwayland_without_access_control_fails_closed() {
	session_start xwayland-open || return 1
	local control out rc none
	control=$(XAUTHORITY=/dev/null xdpyinfo -queryExtensions 2> /dev/null | grep -c '^ *XTEST ')
	mkdir -p "$XC" && printf 'x11 xorg\n' > "$XC/xorg.profile" &&
		printf 'x11 xorg\nx11.fallback none\n' > "$XC/none.profile" || { xc_stop; return 1; }
	out=$("$NB" --quiet --profile="$XC/xorg.profile" --net=none sh -c 'echo ran' 2>&1)
	rc=$?
	none=$("$NB" --profile="$XC/none.profile" --net=none --private-tmp \
		sh -c "echo \"display=\$DISPLAY\"; DISPLAY=$DISPLAY xdpyinfo > /dev/null 2>&1 && echo reached || echo refused" 2>&1)
	local d=$DISPLAY
	xc_stop
	eq "$control" 1 && eq "$rc" 125 &&
		eq "$out" "nestbox: x11 xorg: the X server of $d lets your clients in without a cookie (no access control, or xhost +si:localuser): the program could connect with none, as a trusted client$XC_CLOSED" &&
		eq "$none" "nestbox: warning: x11 xorg: the X server of $d lets your clients in without a cookie (no access control, or xhost +si:localuser): the program could connect with none, as a trusted client; x11.fallback: the program gets no X11 display instead
display=
refused" && registry_empty
}

test_x11_xorg_on_xwayland_fails_closed_with_the_reason() {
	xw_start || return 1
	local prof out rc nop nrc
	printf 'x11 xorg\n' > "$XC/xorg.profile"
	out=$("$NB" --quiet --profile="$XC/xorg.profile" --net=none sh -c 'echo ran' 2>&1)
	rc=$?
	nop=$("$NB" --quiet --noprofile --x11=xorg sh -c 'echo ran' 2>&1)
	nrc=$?
	xc_stop
	eq "$rc" 125 && eq "$out" "nestbox: $XW_NOSEC$XC_CLOSED" &&
		eq "$nrc" 125 && eq "$nop" "nestbox: $XW_NOSEC$XC_CLOSED" &&
		registry_empty
}

# x11.fallback none: no X11 display at all (not even with the caller's
# cookie in hand), the Wayland socket still there for a program that
# speaks Wayland; the same under --noprofile without --x11.  xvfb: a
# server of its own, the caller's Xwayland out of reach.
test_x11_on_xwayland_falls_back_to_none_or_xvfb_as_told() {
	xw_start || return 1
	local none nop own rc1 rc2 rc3 warn full
	printf 'x11 xorg\nx11.fallback none\n' > "$XC/none.profile" &&
		printf 'x11 xorg\nx11.fallback xvfb\n' > "$XC/xvfb.profile" &&
		printf 'hostname xfull\n' > "$XC/full.profile" || { xc_stop; return 1; }
	# the control: with the caller's display as it is (a profile with no
	# x11 line), the probe reaches it, and with the cookie in hand
	full=$("$NB" --quiet --profile="$XC/full.profile" --net=none sh -c "$XW_PROBE" sh "$DISPLAY" "$XC/any-Xauthority" 2>&1)
	none=$("$NB" --profile="$XC/none.profile" --net=none sh -c "$XW_PROBE" sh "$DISPLAY" "$XC/any-Xauthority" 2>&1)
	rc1=$?
	nop=$("$NB" --noprofile sh -c "$XW_PROBE" sh "$DISPLAY" "$XC/any-Xauthority" 2>&1)
	rc2=$?
	own=$("$NB" --profile="$XC/xvfb.profile" --net=none sh -c "$XW_PROBE" sh "$DISPLAY" "$XC/any-Xauthority" 2>&1)
	rc3=$?
	warn="nestbox: warning: $XW_NOSEC; x11.fallback: the program gets"
	xc_stop
	eq "$full" "display=own
reached
the caller's display
caller reached
1" || return 1
	eq "$rc1" 0 && eq "$none" "$warn no X11 display instead
display=
caller refused
1" || return 1
	eq "$rc2" 0 && eq "$nop" "$warn no X11 display instead
display=
caller refused
1" || return 1
	eq "$rc3" 0 && eq "$own" "$warn x11 xvfb instead
display=own
reached
caller refused
1"
}

# x11.fallback xephyr and xpra: a server of the program's own, shown in a
# window on the caller's Xwayland (Xephyr's, titled with the sandbox's
# name; xpra's, one for each of the program's windows: its xlogo); the
# caller's Xwayland out of the program's reach.
xw_own_server() { # MODE NAME TITLE
	local out tree i pid
	rm -f "$XC/go" "$XC"/inside.* && mkfifo "$XC/go" &&
		printf 'x11 xorg\nx11.fallback %s\n' "$1" > "$XC/$1.profile" || return 1
	"$NB" --profile="$XC/$1.profile" --net=none --name="$2" sh -c \
		"{ $XW_PROBE } > $XC/inside.tmp 2>&1; mv $XC/inside.tmp $XC/inside.out; xlogo & read go < $XC/go" \
		sh "$DISPLAY" "$XC/any-Xauthority" 2> "$XC/warn" &
	pid=$!
	for i in $(seq 1 600); do
		[ -e "$XC/inside.out" ] && break
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	for i in $(seq 1 200); do
		tree=$(xwininfo -root -tree 2> /dev/null | grep -F "\"$3\"")
		[ -n "$tree" ] && break
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	echo go > "$XC/go"
	wait "$pid"
	out="rc=$? $(cat "$XC/warn")
$(cat "$XC/inside.out" 2> /dev/null)"
	[ -n "$tree" ] || out="$out
no window titled '$3' on the caller's Xwayland"
	rm -f "$XC/go" "$XC"/inside.*
	eq "$out" "rc=0 nestbox: warning: $XW_NOSEC; x11.fallback: the program gets x11 $1 instead
display=own
reached
caller refused
1"
}

test_x11_on_xwayland_falls_back_to_xephyr() {
	xw_start || return 1
	xw_own_server xephyr "xw$$" "nestbox: sh (xw$$)"
	local rc=$?
	xc_stop
	return $rc
}

test_x11_on_xwayland_falls_back_to_xpra() {
	xw_start || return 1
	xw_own_server xpra "xx$$" "xlogo (nestbox: sh (xx$$))"
	local rc=$?
	xc_stop
	return $rc
}
