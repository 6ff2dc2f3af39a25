# Desktop integration (issue #22): nestbox --integrate makes the menu and
# the terminal start a program sandboxed, --unintegrate undoes exactly
# that; argv[0] dispatch; a failed launch from the menu is seen (a
# notification, a log entry).  Sourced by suite.sh.
#
# --integrate writes in the test user's own ~/.local (~/.local/bin has no
# variable to move it): each test removes what it wrote, and first what
# an interrupted run may have left (--unintegrate, which removes only
# what the record names).

IG_APPS=$HOME/.local/share/applications
IG_COPY=$IG_APPS/org.gnome.Evince.desktop
IG_LINK=$HOME/.local/bin/evince

ig_clean() {
	"$NB" --unintegrate > /dev/null 2>&1
	rm -f "$IG_COPY" "$IG_LINK"
}

# The desktop file id's path as GIO (what menus and gtk-launch use)
# resolves it through $XDG_DATA_HOME and $XDG_DATA_DIRS.
ig_resolved() { # ID
	/usr/bin/python3 -c 'import sys
from gi.repository import Gio
a = Gio.DesktopAppInfo.new(sys.argv[1])
print(a.get_filename() if a else "none")' "$1"
}

# Starts the application of desktop file id ID as a menu does (GIO's
# launch: Exec, with no terminal), in the background.
ig_menu_launch() { # ID
	/usr/bin/python3 -c 'import sys
from gi.repository import Gio
a = Gio.DesktopAppInfo.new(sys.argv[1])
sys.exit(0 if a and a.launch([], None) else 1)' "$1" > "$WORK/menu.log" 2>&1
}

# Waits (60 s at most: evince takes seconds under load) for evince to be
# running and prints its pid.  evince itself: started through the link,
# the launcher's name (comm) is evince too, its executable nestbox.
ig_evince_pid() {
	local i pid p
	for i in $(seq 1 600); do
		pid=
		for p in $(pgrep -u "$ME" -x evince); do
			[ "$(readlink "/proc/$p/exe")" = /usr/bin/evince ] && { pid=$p; break; }
		done
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		sleep 0.1
	done
	echo "evince did not start in 60 s"
	return 1
}

# Sandboxed, seen from outside: a pid namespace other than ours, and
# nestbox --list names it.  Then the sandbox is shut down.
ig_check_sandboxed() { # HOW
	local pid id
	pid=$(ig_evince_pid) || { echo "$pid ($1)"; return 1; }
	[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] ||
		{ echo "$1: evince (pid $pid) runs in the host's pid namespace"; return 1; }
	id=$("$NB" --list | awk '/evince/ { print $1; exit }')
	[ -n "$id" ] || { echo "$1: nestbox --list does not show evince:"; "$NB" --list; return 1; }
	"$NB" --quiet --shutdown="$id" > /dev/null 2>&1
	wait_gone "$pid" || return 1
}

ig_check_unsandboxed() { # HOW
	local pid
	pid=$(ig_evince_pid) || { echo "$pid ($1)"; return 1; }
	[ "$(readlink "/proc/$pid/ns/pid")" = "$(readlink /proc/self/ns/pid)" ] ||
		{ echo "$1: evince (pid $pid) is still sandboxed"; kill "$pid"; return 1; }
	"$NB" --list | grep -q evince && { echo "$1: nestbox --list shows evince"; kill "$pid"; return 1; }
	kill "$pid"
	wait_gone "$pid" || return 1
}

# evince from a shell whose PATH has ~/.local/bin first (Debian's
# ~/.profile), in the background.
ig_shell_launch() {
	(PATH=$HOME/.local/bin:$PATH; cd "$WORK" && exec evince) > "$WORK/shell.log" 2>&1 < /dev/null &
}

test_integrate_evince_from_menu_and_shell_runs_sandboxed() {
	local out rc
	ig_clean
	session_start || return 1
	out=$("$NB" --integrate evince 2>&1)
	rc=$?
	eq "$rc" 0 || { echo "$out"; session_stop; return 1; }
	[ -f "$IG_COPY" ] && [ -L "$IG_LINK" ] || { echo "$out"; session_stop; return 1; }
	# the menus take the per-user copy over /usr/share's
	eq "$(ig_resolved org.gnome.Evince.desktop)" "$IG_COPY" || { session_stop; return 1; }
	ig_menu_launch org.gnome.Evince.desktop || { cat "$WORK/menu.log"; session_stop; return 1; }
	ig_check_sandboxed "the menu" || { ig_clean; session_stop; return 1; }
	ig_shell_launch
	ig_check_sandboxed "a shell" || { cat "$WORK/shell.log"; ig_clean; session_stop; return 1; }
	"$NB" --unintegrate evince > /dev/null || { session_stop; return 1; }
	ap_end
}

test_unintegrate_evince_runs_it_unsandboxed_again() {
	local out
	ig_clean
	session_start || return 1
	"$NB" --integrate evince > /dev/null 2>&1 || { echo "--integrate failed"; session_stop; return 1; }
	out=$("$NB" --unintegrate evince 2>&1) || { echo "$out"; session_stop; return 1; }
	[ ! -e "$IG_COPY" ] && [ ! -L "$IG_LINK" ] || { echo "left: $out"; session_stop; return 1; }
	eq "$(ig_resolved org.gnome.Evince.desktop)" /usr/share/applications/org.gnome.Evince.desktop ||
		{ session_stop; return 1; }
	ig_menu_launch org.gnome.Evince.desktop || { cat "$WORK/menu.log"; session_stop; return 1; }
	ig_check_unsandboxed "the menu" || { session_stop; return 1; }
	ig_shell_launch
	ig_check_unsandboxed "a shell" || { cat "$WORK/shell.log"; session_stop; return 1; }
	ap_end
}

test_integrate_and_unintegrate_are_idempotent_and_leave_a_users_edit() {
	local out
	ig_clean
	# the suite's PATH has no ~/.local/bin: --integrate says so
	out=$("$NB" --integrate evince 2>&1) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -q "^nestbox: warning: $HOME/.local/bin is not in PATH: " || { echo "$out"; ig_clean; return 1; }
	out=$(PATH=$HOME/.local/bin:$PATH "$NB" --integrate evince 2>&1)
	eq "$out" "nothing to do" || { ig_clean; return 1; }
	"$NB" --integrated --json | /usr/bin/python3 -c 'import json, sys
v = json.load(sys.stdin)
assert sorted((e["kind"], e["state"]) for e in v if e["program"] == "evince") == [("desktop", "ok"), ("link", "ok")], v' ||
		{ ig_clean; return 1; }
	# the user's own change to the copy
	echo "X-Mine=true" >> "$IG_COPY"
	"$NB" --integrated | grep -q "evince .* desktop .* edited " || { "$NB" --integrated; ig_clean; return 1; }
	out=$("$NB" --unintegrate evince 2>&1)
	printf '%s\n' "$out" | grep -q "^nestbox: warning: left $IG_COPY (--unintegrate): edited since nestbox wrote it" ||
		{ echo "$out"; ig_clean; return 1; }
	grep -q '^X-Mine=true$' "$IG_COPY" || { echo "the edit is gone"; ig_clean; return 1; }
	[ ! -L "$IG_LINK" ] || { echo "the link stayed"; ig_clean; return 1; }
	out=$("$NB" --unintegrate evince 2>&1)
	rm -f "$IG_COPY"
	printf '%s\n' "$out" | grep -q "evince: not integrated" || { echo "$out"; return 1; }
}

# A file at one of --integrate's paths that nestbox did not write is
# never replaced, and --unintegrate leaves it.
test_integrate_leaves_a_users_own_files() {
	local out
	ig_clean
	mkdir -p "$IG_APPS" "$HOME/.local/bin"
	printf '[Desktop Entry]\nType=Application\nName=Mine\nExec=evince\n' > "$IG_COPY"
	ln -s /usr/bin/evince "$IG_LINK"
	out=$("$NB" --integrate evince 2>&1)
	printf '%s\n' "$out" | grep -q "left $IG_COPY: not written by nestbox" &&
		printf '%s\n' "$out" | grep -q "left $IG_LINK: not made by nestbox" ||
		{ echo "$out"; rm -f "$IG_COPY" "$IG_LINK"; return 1; }
	"$NB" --unintegrate > /dev/null 2>&1
	grep -q '^Name=Mine$' "$IG_COPY" && [ "$(readlink "$IG_LINK")" = /usr/bin/evince ]
	local rc=$?
	rm -f "$IG_COPY" "$IG_LINK"
	return $rc
}

test_integrate_dry_run_writes_nothing() {
	local out
	ig_clean
	out=$("$NB" --integrate --dry-run evince 2>&1) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -q "^would link $IG_LINK -> " &&
		printf '%s\n' "$out" | grep -q "^would write $IG_COPY:" &&
		printf '%s\n' "$out" | grep -q "^    Exec=[^ ]*nestbox evince %U$" || { echo "$out"; return 1; }
	[ ! -e "$IG_COPY" ] && [ ! -L "$IG_LINK" ] || { echo "--dry-run wrote"; ig_clean; return 1; }
}

test_integrate_refuses_a_program_without_profile() {
	local out rc
	ig_clean
	# installed, but neither nestbox nor firejail has a profile for it
	out=$("$NB" --integrate evince tac 2>&1)
	rc=$?
	eq "$rc" 125 || { ig_clean; return 1; }
	printf '%s\n' "$out" | grep -q "tac: no tac.profile" || { echo "$out"; return 1; }
	# nothing at all written, evince's either
	[ ! -e "$IG_COPY" ] && [ ! -L "$IG_LINK" ] || { echo "wrote for evince"; ig_clean; return 1; }
}

# Every file --integrate writes (every program with a profile) passes
# desktop-file-validate; the copies go to a directory of the test's own.
test_integrate_all_copies_pass_desktop_file_validate() {
	local out n f bad=0
	ig_clean
	out=$(XDG_DATA_HOME=$WORK/data "$NB" --integrate 2>&1) || { echo "$out"; ig_clean; return 1; }
	n=$(ls "$WORK/data/applications"/*.desktop 2> /dev/null | wc -l)
	[ "$n" -ge 5 ] || { echo "only $n copies written:"; echo "$out" | head; ig_clean; return 1; }
	for f in "$WORK/data/applications"/*.desktop; do
		# hints are advice (several main categories...), errors are not
		desktop-file-validate --no-hints "$f" > "$WORK/dfv.out" 2>&1 || { echo "$f:"; cat "$WORK/dfv.out"; bad=1; }
		grep -q '^X-Nestbox-Integrated=/' "$f" || { echo "$f: no marker"; bad=1; }
		grep '^Exec=' "$f" | grep -qv -e "^Exec=$NB " -e "^Exec=env .* $NB " && { echo "$f: an Exec not through nestbox"; bad=1; }
		grep -q '^DBusActivatable=true' "$f" && { echo "$f: D-Bus activation left on"; bad=1; }
	done
	XDG_DATA_HOME=$WORK/data "$NB" --unintegrate > /dev/null 2>&1
	[ -z "$(ls -A "$WORK/data/applications")" ] || { echo "--unintegrate left:"; ls "$WORK/data/applications"; bad=1; }
	[ -z "$(find "$HOME/.local/bin" -lname "$NB" 2> /dev/null)" ] || { echo "links left"; bad=1; }
	return $bad
}

# --- argv[0] dispatch --------------------------------------------------------

test_dispatch_runs_the_program_of_its_name_sandboxed() {
	mkdir -p "$WORK/links"
	ln -sf "$NB" "$WORK/links/readlink"
	local inside
	inside=$(PATH=$WORK/links:/usr/bin:/bin readlink /proc/self/ns/pid 2> "$WORK/err")
	eq "$?" 0 || { cat "$WORK/err"; return 1; }
	[ -n "$inside" ] && [ "$inside" != "$(readlink /proc/self/ns/pid)" ] ||
		{ echo "readlink through the link ran in the host's pid namespace ($inside)"; return 1; }
}

# Inside a sandbox of nestbox's already (a sandboxed program starting
# another through its link), the program runs as it is, not in a sandbox
# nested in this one; its pid namespace is then the caller's.
test_dispatch_inside_a_sandbox_runs_the_program_directly() {
	mkdir -p "$WORK/links"
	ln -sf "$NB" "$WORK/links/readlink"
	local ns
	ns=$(container=nestbox PATH=$WORK/links:/usr/bin:/bin readlink /proc/self/ns/pid 2> "$WORK/err")
	eq "$?" 0 || { cat "$WORK/err"; return 1; }
	eq "$ns" "$(readlink /proc/self/ns/pid)"
}

test_dispatch_where_every_path_entry_links_back_exits_127() {
	local out rc
	mkdir -p "$WORK/loop/a" "$WORK/loop/b" "$WORK/loop/c"
	ln -sf "$NB" "$WORK/loop/a/foo"
	# a link to the link, and a hard link's stand-in: a copy is another
	# program, so only links are used
	ln -sf "$WORK/loop/a/foo" "$WORK/loop/b/foo"
	ln -sf "../b/foo" "$WORK/loop/c/foo"
	out=$(PATH=$WORK/loop/a:$WORK/loop/b:$WORK/loop/c /usr/bin/timeout 20 "$WORK/loop/a/foo" x 2>&1)
	rc=$?
	eq "$rc" 127 || { echo "$out"; return 1; }
	eq "$out" "nestbox: foo: not found in PATH, other than 3 links to nestbox itself (skipped: nestbox started as foo runs the program foo found in PATH)"
}

# --- failures a desktop user can see -----------------------------------------

# A notification server on the session bus (as a desktop's): each Notify
# call appended to FILE as "APP<tab>SUMMARY<tab>BODY<tab>PIDNS", PIDNS the
# sender's pid namespace.
ig_notification_server() { # FILE
	cat > "$WORK/notifyd.py" << 'EOF'
import os, sys
from gi.repository import Gio, GLib
XML = """<node><interface name="org.freedesktop.Notifications">
<method name="Notify"><arg type="s" direction="in"/><arg type="u" direction="in"/>
<arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="s" direction="in"/>
<arg type="as" direction="in"/><arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
<arg type="u" direction="out"/></method>
<method name="GetCapabilities"><arg type="as" direction="out"/></method>
<method name="GetServerInformation"><arg type="s" direction="out"/><arg type="s" direction="out"/>
<arg type="s" direction="out"/><arg type="s" direction="out"/></method>
<method name="CloseNotification"><arg type="u" direction="in"/></method>
</interface></node>"""
out = sys.argv[1]
iface = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
count = [0]
def sender_pid_ns(conn, sender):
    # the sending process's pid namespace, as the bus knows its pid
    r = conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                       GLib.Variant("(s)", (sender,)), None, 0, -1, None)
    try:
        return os.readlink("/proc/%d/ns/pid" % r.unpack()[0])
    except OSError:
        return "gone"
def call(conn, sender, path, name, method, params, inv):
    if method == "Notify":
        p = params.unpack()
        count[0] += 1
        ns = sender_pid_ns(conn, sender)
        with open(out, "a") as f:
            f.write("%s\t%s\t%s\t%s\n" % (p[0], p[3], p[4].replace("\n", " "), ns))
        inv.return_value(GLib.Variant("(u)", (count[0],)))
    elif method == "GetCapabilities":
        inv.return_value(GLib.Variant("(as)", (["body"],)))
    elif method == "GetServerInformation":
        inv.return_value(GLib.Variant("(ssss)", ("nbtest", "nestbox", "1", "1.2")))
    else:
        inv.return_value(None)
def on_bus(conn, name):
    conn.register_object("/org/freedesktop/Notifications", iface, call, None, None)
def on_name(conn, name):
    open(out + ".ready", "w").close()
Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                 Gio.BusNameOwnerFlags.NONE, on_bus, on_name, lambda *a: sys.exit(1))
GLib.MainLoop().run()
EOF
	: > "$1"
	session_spawn notifyd /usr/bin/python3 "$WORK/notifyd.py" "$1"
	session_wait_server 15 test -e "$1.ready" ||
		{ echo "the notification server did not take its name"; cat "$SESSION_DIR/notifyd.log"; return 1; }
}

# Waits (10 s at most) until FILE has N lines.
ig_wait_lines() { # FILE N
	local i
	for i in $(seq 1 100); do
		[ "$(wc -l < "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

test_menu_launch_failure_notifies_once_and_logs() {
	local notes=$WORK/notes rc state=$WORK/state log
	log=$state/nestbox/launch.log
	session_start || return 1
	ig_notification_server "$notes" || { session_stop; return 1; }
	printf 'nosuchdirective x\n' > "$WORK/bad.profile"
	# no terminal: stderr to a file, as a menu has it
	XDG_STATE_HOME=$state "$NB" --profile="$WORK/bad.profile" true < /dev/null > "$WORK/out" 2>&1
	rc=$?
	eq "$rc" 125 || { cat "$WORK/out"; session_stop; return 1; }
	ig_wait_lines "$notes" 1 || { echo "no notification"; cat "$SESSION_DIR/notifyd.log"; session_stop; return 1; }
	# a launch that works sends none
	XDG_STATE_HOME=$state "$NB" --quiet --noprofile true < /dev/null > /dev/null 2>&1 ||
		{ echo "the good launch failed"; session_stop; return 1; }
	sleep 1
	session_stop || return 1
	eq "$(wc -l < "$notes")" 1 || { cat "$notes"; return 1; }
	grep -q "^nestbox	true: $WORK/bad.profile:1: .*nosuchdirective" "$notes" || { cat "$notes"; return 1; }
	grep -q "launch.log" "$notes" || { cat "$notes"; return 1; }
	# sent from outside the sandbox
	eq "$(cut -f4 "$notes")" "$(readlink /proc/self/ns/pid)" || return 1
	eq "$(grep -c ' true (pid [0-9]*): did not start, exit 125$' "$log")" 1 || { cat "$log"; return 1; }
	grep -q "^  nestbox: $WORK/bad.profile:1: .*nosuchdirective" "$log" || { cat "$log"; return 1; }
	# and only that entry: the good launch said nothing
	eq "$(grep -c '^[0-9]' "$log")" 1 || { cat "$log"; return 1; }
}

# From a terminal's point of view nothing changes: a launch that fails
# with stderr on a tty only prints (script(1) gives it one).
test_terminal_launch_failure_is_not_logged() {
	local state=$WORK/state-tty
	printf 'nosuchdirective x\n' > "$WORK/bad.profile"
	XDG_STATE_HOME=$state script -qec "$NB --profile=$WORK/bad.profile true" /dev/null > "$WORK/out" 2>&1
	grep -q "nosuchdirective" "$WORK/out" || { cat "$WORK/out"; return 1; }
	[ ! -e "$state/nestbox/launch.log" ] || { echo "logged:"; cat "$state/nestbox/launch.log"; return 1; }
}

# The not-enforced report of a menu launch is kept in the log.
test_menu_launch_keeps_warnings_in_the_log() {
	local state=$WORK/state-warn log
	log=$state/nestbox/launch.log
	printf 'apparmor\n' > "$WORK/warn.profile"
	XDG_STATE_HOME=$state "$NB" --profile="$WORK/warn.profile" true < /dev/null > /dev/null 2>&1 ||
		{ echo "the launch failed"; return 1; }
	grep -q ' true (pid [0-9]*): warnings, exit 0$' "$log" &&
		grep -q '^  nestbox: warning: not enforced: apparmor' "$log" || { cat "$log" 2> /dev/null; return 1; }
}

# The reason may come from inside the sandbox (the program's process says
# it could not run the program): it reaches the log all the same.
test_menu_launch_failure_inside_the_sandbox_is_logged() {
	local state=$WORK/state-inside log rc
	log=$state/nestbox/launch.log
	XDG_STATE_HOME=$state "$NB" --noprofile /no/such/program < /dev/null > /dev/null 2>&1
	rc=$?
	eq "$rc" 127 || return 1
	grep -q ' program (pid [0-9]*): did not start, exit 127$' "$log" &&
		grep -q '^  nestbox: /no/such/program: no such file in the sandbox$' "$log" || { cat "$log" 2> /dev/null; return 1; }
}

# A .desktop file that disappears (its package removed) leaves a copy
# that the next --integrate removes; --integrated calls it an orphan.
test_integrate_cleans_the_copy_of_a_desktop_file_gone() {
	local out
	ig_clean
	mkdir -p "$WORK/share/applications" "$WORK/data"
	cp /usr/share/applications/org.gnome.Evince.desktop "$WORK/share/applications/"
	export XDG_DATA_DIRS=$WORK/share XDG_DATA_HOME=$WORK/data
	out=$("$NB" --integrate evince 2>&1) || { echo "$out"; unset XDG_DATA_DIRS XDG_DATA_HOME; ig_clean; return 1; }
	[ -f "$WORK/data/applications/org.gnome.Evince.desktop" ] || { echo "$out"; unset XDG_DATA_DIRS XDG_DATA_HOME; ig_clean; return 1; }
	rm "$WORK/share/applications/org.gnome.Evince.desktop"
	"$NB" --integrated | grep -q "evince .* desktop .* orphan " || { "$NB" --integrated; unset XDG_DATA_DIRS XDG_DATA_HOME; ig_clean; return 1; }
	out=$("$NB" --integrate 2>&1)
	unset XDG_DATA_DIRS XDG_DATA_HOME
	printf '%s\n' "$out" | grep -q "^removed $WORK/data/applications/org.gnome.Evince.desktop$" || { echo "$out"; ig_clean; return 1; }
	[ ! -e "$WORK/data/applications/org.gnome.Evince.desktop" ] || { echo "the orphan stayed"; ig_clean; return 1; }
	"$NB" --integrated | grep -q "desktop" && { echo "still recorded:"; "$NB" --integrated; ig_clean; return 1; }
	ig_clean
}

# The launch log does not grow without bound: past 256 KiB it becomes
# launch.log.1 and a new one starts.
test_menu_log_is_rotated() {
	local state=$WORK/state-rot log
	log=$state/nestbox/launch.log
	mkdir -p "$state/nestbox"
	head -c 262144 /dev/zero | tr '\0' 'x' > "$log"
	printf 'nosuchdirective x\n' > "$WORK/bad.profile"
	XDG_STATE_HOME=$state "$NB" --profile="$WORK/bad.profile" true < /dev/null > /dev/null 2>&1
	eq "$?" 125 || return 1
	eq "$(stat -c %s "$log.1")" 262144 || return 1
	eq "$(grep -c '^[0-9]' "$log")" 1 || { cat "$log"; return 1; }
}
