# The real desktop programs (issue #17), sourced by suite.sh: each under
# nestbox's own profile of its name ($NESTBOX_PROFILE_DIR/NAME.profile)
# and under firejail's (/etc/firejail/NAME.profile), in a desktop session
# (session.sh: Xvfb, a session bus at $XDG_RUNTIME_DIR/bus, PulseAudio),
# does what a user does with it, checked from outside the sandbox:
#   browsers    render a local page: a headless screenshot that shows the
#               page's colour, and a window on the X server showing it;
#               their own sandbox is up (chromium's renderers and Firefox's
#               content processes in user namespaces of their own)
#   viewers     map a window whose screenshot shows the document's colour
#   editors     map a window titled with the file they opened
#   office      converts a document to PDF (--headless --convert-to pdf)
#   players     play a file to its end (exit 0) with a stream reaching the
#               sound server (a new sink-input, seen by pactl subscribe)
#   mail, torrent, terminal: map their main window
# Every launch is bounded (timeout), so a hang fails instead of blocking.
# The programs' own state (browser and mail profiles, LibreOffice's user
# installation) is fresh for each launch: a new directory where the
# profile lets the program keep it, removed afterwards.
#
# Documents live in ~/Downloads/nbt-apps, which every profile here shows
# (those that whitelist home whitelist ${DOWNLOADS}).

AP_DIR=$HOME/Downloads/nbt-apps
# the colour of every document: a page, an image, a PDF, a video
AP_RGB="200 30 120"
AP_HEX=c81e78

ap_docs() {
	mkdir -p "$AP_DIR" || return 1
	[ -s "$AP_DIR/doc.pdf" ] && return 0
	printf '<html><head><title>nbt-page</title></head><body style="background:#%s;margin:0"><h1>nestbox</h1></body></html>\n' \
		"$AP_HEX" > "$AP_DIR/page.html"
	printf 'nestbox converts this line\n' > "$AP_DIR/letter.txt"
	printf 'nestbox notes\n' > "$AP_DIR/notes.txt"
	printf '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#%s"/></svg>\n' \
		"$AP_HEX" > "$AP_DIR/drawing.svg"
	python3 - "$AP_DIR" $AP_RGB << 'EOF' || return 1
import sys
from PIL import Image
d, rgb = sys.argv[1], tuple(int(v) for v in sys.argv[2:5])
Image.new("RGB", (400, 300), rgb).save(d + "/image.png")
# a one-page PDF filled with the colour, written by hand (no PDF library)
r, g, b = (v / 255 for v in rgb)
content = b"%.3f %.3f %.3f rg 0 0 300 400 re f" % (r, g, b)
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
	b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R /Resources << >> >>",
	b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
out, offs = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
	offs.append(len(out))
	out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(d + "/doc.pdf", "wb").write(out)
EOF
	# 2 s of video in the colour with a tone: what a player plays
	ffmpeg -loglevel error -f lavfi -i "color=c=0x$AP_HEX:size=320x240:rate=10:duration=2" \
		-f lavfi -i "sine=frequency=440:duration=2" -c:v mpeg4 -c:a libvorbis \
		-shortest "$AP_DIR/clip.mkv" || { echo "ffmpeg could not make the clip"; return 1; }
}

# The profile of NAME: nestbox's own or firejail's.
ap_profile() { # nestbox|firejail NAME
	case $1 in
	nestbox) echo "$NESTBOX_PROFILE_DIR/$2.profile" ;;
	firejail) echo "/etc/firejail/$2.profile" ;;
	esac
}

# Everything a program test needs: the documents, a session, the profile.
# $AP_LOG has the launch's output.
ap_begin() { # KIND NAME [wayland]
	AP_PROFILE=$(ap_profile "$1" "$2")
	[ -e "$AP_PROFILE" ] || {
		# firejail-profiles has no profile for every program (xterm)
		[ "$1" = firejail ] && { skip "firejail-profiles has no $2.profile"; return 2; }
		echo "no $AP_PROFILE"
		return 1
	}
	ap_docs || return 1
	AP_LOG=$WORK/app.log
	: > "$AP_LOG"
	session_start ${3:-}
}

# The end of a program test: the session stopped, nothing of the program
# left.  Returns 1 if anything was.
ap_end() {
	session_stop || return 1
	# the names (comm) the programs' processes take, their helpers' too
	none_left "the program's processes" '^(chromium|chrome_crashpad|firefox-esr|Web|Isolated|WebExtensions|RDD|Socket|Utility|Privileged|forkserver|evince|eog|feh|mpv|vlc|gimp.*|script-fu|inkscape|soffice.bin|oosplash|thunderbird|transmission-gt|gedit|mousepad|xterm|zathura|okular)$'
}

ap_fail() { # WHAT
	echo "$1"
	echo "--- output of the launch:"
	grep -v -e 'Gtk-WARNING' -e 'dbind-WARNING' "$AP_LOG" | tail -12
	return 1
}

# Runs the program in the background under the profile ($AP_PID: the
# timeout around the launcher).
ap_launch() { # COMMAND...
	timeout -k 5 120 "$NB" --profile="$AP_PROFILE" "$@" >> "$AP_LOG" 2>&1 &
	AP_PID=$!
}

# Ends a program left running (the launcher forwards the signal) and
# waits for the launcher to exit.
ap_close() {
	kill -TERM "$AP_PID" 2> /dev/null
	wait "$AP_PID" 2> /dev/null
	return 0
}

# The window: mapped within 60 s, its name or class matching REGEX, and
# (with R G B) at least MIN% of its pixels of that colour.
ap_window_shows() { # REGEX [MIN R G B]
	local win share i
	for i in $(seq 1 60); do
		win=$(session_wait_window "$1" 1) && break
		kill -0 "$AP_PID" 2> /dev/null || {
			ap_fail "the program exited without mapping a window ('$1')"
			return 1
		}
	done
	[ -n "$win" ] || {
		echo "windows on the display:"
		xwininfo -root -tree | grep '^ *0x' | grep -v '(has no name)' | head -8
		ap_fail "no window matching '$1' mapped in 60 s"
		return 1
	}
	[ $# -gt 1 ] || return 0
	# a window is mapped before it is drawn: the document's pixels come
	# within a few seconds
	for i in $(seq 1 40); do
		session_shot "$win" "$WORK/shot.png" &&
			share=$(session_colour_share "$WORK/shot.png" "$3" "$4" "$5") &&
			[ "$share" -ge "$2" ] && return 0
		sleep 0.5
	done
	ap_fail "window $win ($1): ${share:-no}% of its pixels in the document's colour, want $2%"
}

# --- browsers ---------------------------------------------------------------

# The headless screenshot FILE shows the page: mostly its colour.
ap_page_shot_shows() { # FILE
	[ -s "$1" ] || { ap_fail "no screenshot $1"; return 1; }
	local share
	share=$(session_colour_share "$1" $AP_RGB)
	[ "$share" -ge 50 ] || ap_fail "the screenshot is ${share}% the page's colour, want 50%"
}

# The namespaces (user, pid) of PID, as the kernel names them.
ap_ns() { readlink "/proc/$1/ns/user" "/proc/$1/ns/pid" 2> /dev/null | tr '\n' ' '; }

# The browser's children of KIND (a regex on their command line) run in
# user and pid namespaces other than the browser's own: its own sandbox.
ap_children_in_own_ns() { # BROWSER-COMM CHILD-REGEX
	local main kids k n=0
	main=$(ps -u "$ME" -o pid=,comm=,args= | awk -v c="$1" -v re="$2" '$2 == c && $0 !~ re && $0 !~ /--type=/ { print $1; exit }')
	[ -n "$main" ] || { echo "no $1 browser process"; return 1; }
	kids=$(ps -u "$ME" -o pid=,args= | awk -v re="$2" '$0 ~ re { print $1 }')
	[ -n "$kids" ] || { echo "no process of the browser matches '$2'"; return 1; }
	for k in $kids; do
		[ -n "$(ap_ns "$k")" ] || continue
		n=$((n + 1))
		[ "$(ap_ns "$k")" != "$(ap_ns "$main")" ] || {
			echo "$1: its process $k ($2) shares the browser's namespaces ($(ap_ns "$main")): no sandbox of its own"
			return 1
		}
	done
	[ "$n" -gt 0 ] || { echo "no namespace readable for '$2'"; return 1; }
}

ap_chromium() { # nestbox|firejail
	ap_begin "$1" chromium || return $(($? == 2 ? 0 : 1))
	local data=$HOME/.config/chromium/nbt-$$ ok=0
	rm -rf "$data" "$AP_DIR/shot-chromium.png"
	# its own sandbox: never --no-sandbox
	timeout -k 5 60 "$NB" --profile="$AP_PROFILE" chromium --headless \
		--user-data-dir="$data" --window-size=400,300 \
		--screenshot="$AP_DIR/shot-chromium.png" "file://$AP_DIR/page.html" >> "$AP_LOG" 2>&1
	if grep -q 'No usable sandbox' "$AP_LOG"; then
		ap_fail "chromium has no sandbox of its own under $AP_PROFILE"
	elif ap_page_shot_shows "$AP_DIR/shot-chromium.png"; then
		rm -rf "$data"
		ap_launch chromium --user-data-dir="$data" --no-first-run \
			--no-default-browser-check "file://$AP_DIR/page.html"
		ap_window_shows 'nbt-page' 30 $AP_RGB &&
			ap_children_in_own_ns chromium 'chromium.*--type=renderer' && ok=1
		ap_close
	fi
	rm -rf "$data"
	ap_end && [ $ok = 1 ]
}

ap_firefox() { # nestbox|firejail
	ap_begin "$1" firefox-esr || return $(($? == 2 ? 0 : 1))
	local data=$HOME/.mozilla/firefox/nbt-$$ ok=0
	rm -rf "$data" "$AP_DIR/shot-firefox.png"
	mkdir -p "$data"
	timeout -k 5 60 "$NB" --profile="$AP_PROFILE" firefox-esr --headless --no-remote \
		--profile "$data" --window-size=400,300 \
		--screenshot "$AP_DIR/shot-firefox.png" "file://$AP_DIR/page.html" >> "$AP_LOG" 2>&1
	if ap_page_shot_shows "$AP_DIR/shot-firefox.png"; then
		rm -rf "$data" && mkdir -p "$data"
		ap_launch firefox-esr --no-remote --profile "$data" "file://$AP_DIR/page.html"
		# its content sandbox at the level it has outside: the content
		# processes in user and pid namespaces of their own
		ap_window_shows 'nbt-page' 30 $AP_RGB &&
			ap_children_in_own_ns firefox-esr 'firefox-esr.* -contentproc .* tab' && ok=1
		grep -q 'CanCreateUserNamespace' "$AP_LOG" &&
			{ ap_fail "Firefox could not make its sandbox's namespaces"; ok=0; }
		ap_close
	fi
	rm -rf "$data"
	ap_end && [ $ok = 1 ]
}

# --- viewers, editors -------------------------------------------------------

# NAME shows the document FILE (under $AP_DIR) in a window matching REGEX,
# MIN% of it in the document's colour (0: the window alone).
ap_viewer() { # nestbox|firejail NAME REGEX MIN FILE COMMAND...
	local kind=$1 name=$2 re=$3 min=$4 file=$5 ok=0
	shift 5
	ap_begin "$kind" "$name" || return $(($? == 2 ? 0 : 1))
	ap_launch "$@" "$AP_DIR/$file"
	if [ "$min" = 0 ]; then
		ap_window_shows "$re" && ok=1
	else
		ap_window_shows "$re" "$min" $AP_RGB && ok=1
	fi
	ap_close
	ap_end && [ $ok = 1 ]
}

ap_evince() { ap_viewer "$1" evince 'doc.pdf' 20 doc.pdf evince; }
ap_okular() { ap_viewer "$1" okular 'doc.pdf' 20 doc.pdf okular; }
ap_zathura() { ap_viewer "$1" zathura 'doc.pdf' 20 doc.pdf zathura; }
ap_eog() { ap_viewer "$1" eog 'image.png' 20 image.png eog; }
ap_feh() { ap_viewer "$1" feh 'image.png' 50 image.png feh; }
ap_gimp() { ap_viewer "$1" gimp 'image.*GIMP' 10 image.png gimp --no-splash; }
ap_inkscape() { ap_viewer "$1" inkscape 'drawing.*Inkscape' 10 drawing.svg inkscape; }
ap_gedit() { ap_viewer "$1" gedit 'notes.txt' 0 notes.txt gedit; }
ap_mousepad() { ap_viewer "$1" mousepad 'notes.txt' 0 notes.txt mousepad; }

# --- office -----------------------------------------------------------------

ap_libreoffice() { # nestbox|firejail
	ap_begin "$1" libreoffice || return $(($? == 2 ? 0 : 1))
	local inst=$HOME/.config/libreoffice/nbt-$$ ok=0 text
	rm -rf "$inst" "$AP_DIR/letter.pdf"
	timeout -k 5 120 "$NB" --profile="$AP_PROFILE" soffice --headless \
		"-env:UserInstallation=file://$inst" --convert-to pdf --outdir "$AP_DIR" \
		"$AP_DIR/letter.txt" >> "$AP_LOG" 2>&1
	if [ -s "$AP_DIR/letter.pdf" ]; then
		text=$(pdftotext "$AP_DIR/letter.pdf" - 2> /dev/null | head -1)
		if [ "$text" = "nestbox converts this line" ]; then ok=1
		else ap_fail "letter.pdf says '$text'"
		fi
	else
		ap_fail "no letter.pdf"
	fi
	rm -rf "$inst"
	ap_end && [ $ok = 1 ]
}

# --- players ------------------------------------------------------------------

# The clip played to its end (exit 0), and a stream of the player's
# reached the sound server.
ap_player() { # nestbox|firejail NAME COMMAND...
	local kind=$1 name=$2 ev rc ok=0
	shift 2
	ap_begin "$kind" "$name" || return $(($? == 2 ? 0 : 1))
	pactl subscribe > "$WORK/pulse-events" 2>&1 &
	ev=$!
	# the subscription is live once pactl has connected
	session_wait 5 sh -c "pactl list clients short | grep -q pactl"
	timeout -k 5 60 "$NB" --profile="$AP_PROFILE" "$@" "$AP_DIR/clip.mkv" >> "$AP_LOG" 2>&1
	rc=$?
	sleep 0.2
	kill "$ev"
	wait "$ev" 2> /dev/null
	if [ "$rc" != 0 ]; then
		ap_fail "$name exited with status $rc"
	elif ! grep -q "Event 'new' on sink-input" "$WORK/pulse-events"; then
		ap_fail "no stream of $name reached PulseAudio"
	else
		ok=1
	fi
	ap_end && [ $ok = 1 ]
}

ap_mpv() { ap_player "$1" mpv mpv --ao=pulse --vo=x11 --no-config; }
ap_vlc() { ap_player "$1" vlc vlc -I dummy --aout=pulse --play-and-exit --no-qt-privacy-ask; }

# --- mail, torrent, terminal ------------------------------------------------

ap_thunderbird() { # nestbox|firejail
	ap_begin "$1" thunderbird || return $(($? == 2 ? 0 : 1))
	local data=$HOME/.thunderbird/nbt-$$ ok=0
	rm -rf "$data" && mkdir -p "$data"
	ap_launch thunderbird --no-remote --profile "$data"
	ap_window_shows 'thunderbird' && ok=1
	ap_close
	rm -rf "$data"
	ap_end && [ $ok = 1 ]
}

ap_transmission() { # nestbox|firejail
	ap_begin "$1" transmission-gtk || return $(($? == 2 ? 0 : 1))
	local ok=0
	ap_launch transmission-gtk
	ap_window_shows 'transmission' && ok=1
	ap_close
	ap_end && [ $ok = 1 ]
}

ap_xterm() { # nestbox|firejail
	ap_begin "$1" xterm || return $(($? == 2 ? 0 : 1))
	local ok=0
	rm -f "$AP_DIR/typed"
	# the shell in the terminal runs, too
	ap_launch xterm -T nbt-term -e sh -c "echo ran > '$AP_DIR/typed'; sleep 60"
	ap_window_shows 'nbt-term' && session_wait 10 test -s "$AP_DIR/typed" && ok=1
	[ -s "$AP_DIR/typed" ] || echo "the shell in xterm did not run"
	ap_close
	ap_end && [ $ok = 1 ]
}

# One test per program and profile: test_app_NAME_nestbox, ..._firejail.
for ap_name in chromium firefox evince okular zathura eog feh gimp inkscape \
	gedit mousepad libreoffice mpv vlc thunderbird transmission xterm; do
	for ap_kind in nestbox firejail; do
		eval "test_app_${ap_name}_${ap_kind}() { ap_$ap_name $ap_kind; }"
	done
done
unset ap_name ap_kind

# The session itself: every server answers a client as a login's would
# (X with the cookie only, the bus at its usual address, the sound server,
# the compositor), and nothing of it is left once stopped.
test_app_session_comes_up_and_goes() {
	session_start wayland || return 1
	local pids=$SESSION_PIDS bus=$XDG_RUNTIME_DIR/bus way=$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY bad=0
	eq "$DBUS_SESSION_BUS_ADDRESS" "unix:path=$bus" || bad=1
	XAUTHORITY=/dev/null xdpyinfo > /dev/null 2>&1 && { echo "X answers without the cookie"; bad=1; }
	session_x_answers || { echo "X does not answer"; bad=1; }
	session_bus_answers > /dev/null 2>&1 || { echo "the bus does not answer"; bad=1; }
	session_pulse_answers || { echo "PulseAudio does not answer"; bad=1; }
	session_wayland_answers || { echo "weston does not answer"; bad=1; }
	# a service the bus starts on demand stops with the session too
	dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.StartServiceByName string:ca.desrt.dconf uint32:0 > /dev/null 2>&1
	session_stop || bad=1
	local p
	for p in $pids; do
		kill -0 "$p" 2> /dev/null && { echo "server $p left"; bad=1; }
	done
	[ -z "$(live_pids '^(dconf-service|Xvfb|dbus-daemon|pulseaudio|weston)$')" ] ||
		{ echo "left: $(live_pids '^(dconf-service|Xvfb|dbus-daemon|pulseaudio|weston)$')"; bad=1; }
	[ ! -e "$bus" ] && [ ! -e "$way" ] && [ ! -e "$XDG_RUNTIME_DIR/pulse/native" ] ||
		{ echo "sockets left: $(ls "$XDG_RUNTIME_DIR")"; bad=1; }
	[ -z "${DISPLAY:-}${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "variables left set"; bad=1; }
	return $bad
}
