# The session bus as a way out of the sandbox (issue #19), sourced by
# suite.sh.  In the desktop session of session.sh, test services of our
# own own the real names of the services that run a command or hand out a
# secret for whoever calls them (systemd --user's StartTransientUnit,
# Flatpak's HostCommand and its portal's Spawn, the Secret Service, GNOME
# Shell's Eval, KDE's klauncher), and of the ones a desktop program keeps
# (notifications, the portal); a .service file makes a name the bus
# starts on demand, which records each start and the environment it got.
# Each service writes every call it receives to a record: a call refused
# by the filter never reaches it, which the record shows.  From inside,
# under default.profile, every shipped GUI profile and firejail's profiles
# with and without dbus-user lines: the first group and the bus driver's
# UpdateActivationEnvironment are refused, nothing is started; the second
# group is reached.  The same steps outside the sandbox reach everything
# (the control: the test can fail).

BC=$P/busconfine
# the services that would run a command or hand out a secret
BC_BAD="org.freedesktop.systemd1 org.freedesktop.Flatpak org.freedesktop.portal.Flatpak org.freedesktop.secrets org.gnome.Shell org.kde.klauncher5"
# the ones a desktop program keeps
BC_GOOD="org.freedesktop.Notifications org.freedesktop.portal.Desktop"
# started by the bus on demand (a .service file)
BC_ACT=org.nestbox.test.Activated
# another, which only one test names in its profile
BC_ACT2=org.nestbox.test.Other
BC_SVCDIR=$HOME/.local/share/dbus-1/services

# The test services: one connection owning every name, answering every
# call after writing "DESTINATION INTERFACE.MEMBER" to the record (python3
# with GLib's D-Bus, python3-gi).
BC_SERVICE='import sys
from gi.repository import Gio, GLib
record, names = sys.argv[1], sys.argv[2:]

def on_message(conn, msg, incoming):
    if not incoming or msg.get_message_type() != Gio.DBusMessageType.METHOD_CALL:
        return msg
    dest = msg.get_destination() or ""
    if dest not in names:
        return msg
    with open(record, "a") as f:
        f.write("%s %s.%s\n" % (dest, msg.get_interface(), msg.get_member()))
    conn.send_message(msg.new_method_reply(), Gio.DBusSendMessageFlags.NONE)
    # a portal answers a request with a broadcast signal on the request
    if dest == "org.freedesktop.portal.Desktop" and msg.get_member() == "OpenFile":
        conn.emit_signal(None, "/org/freedesktop/portal/desktop/request/1_1/nbt",
                         "org.freedesktop.portal.Request", "Response",
                         GLib.Variant("(ua{sv})", (0, {})))
    return None

conn = Gio.bus_get_sync(Gio.BusType.SESSION, None)
conn.add_filter(on_message)
for name in names:
    # DO_NOT_QUEUE; 1: the primary owner
    r = conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus", "RequestName",
                       GLib.Variant("(su)", (name, 4)), GLib.VariantType("(u)"),
                       Gio.DBusCallFlags.NONE, -1, None)
    if r.unpack()[0] != 1:
        sys.exit("busservice: %s is owned already" % name)
print("ready", flush=True)
GLib.MainLoop().run()'

# What the program tries, from inside (or outside, for the control): each
# call the way the real client makes it, "NAME ok" when the service
# answered, "NAME refused" when not; then the bus driver's
# UpdateActivationEnvironment (LD_PRELOAD for the next service the bus
# starts) and the start of the activatable name, by a call to it and by
# StartServiceByName.
BC_CALLS='call() { # NAME PATH METHOD [ARG...]
	n=$1; shift
	if dbus-send --session --print-reply --reply-timeout=5000 --dest="$n" "$@" > /dev/null 2>&1
	then echo "$n ok"; else echo "$n refused"; fi
}
call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager.StartTransientUnit string:nbt-run.service string:fail
call org.freedesktop.Flatpak /org/freedesktop/Flatpak/Development org.freedesktop.Flatpak.Development.HostCommand array:byte:0x2f
call org.freedesktop.portal.Flatpak /org/freedesktop/portal/Flatpak org.freedesktop.portal.Flatpak.Spawn array:byte:0x2f
call org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.OpenSession string:plain
call org.gnome.Shell /org/gnome/Shell org.gnome.Shell.Eval string:1
call org.kde.klauncher5 /KLauncher org.kde.KLauncher.exec_blind string:/bin/true
call org.freedesktop.Notifications /org/freedesktop/Notifications org.freedesktop.Notifications.Notify string:nbt
call org.freedesktop.portal.Desktop /org/freedesktop/portal/desktop org.freedesktop.portal.OpenURI.OpenURI string: string:https://example.org/
if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.UpdateActivationEnvironment dict:string:string:NBTEST_PRELOAD,${NBV:-inside} \
	> /dev/null 2>&1
then echo "environment ok"; else echo "environment refused"; fi
dbus-send --session --print-reply --reply-timeout=5000 --dest='$BC_ACT' / org.example.I.Ping > /dev/null 2>&1
dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.StartServiceByName string:'$BC_ACT' uint32:0 > /dev/null 2>&1
true'

# What the calls above print when every service answers (the control),
# and under nestbox's filter.
BC_ALL_OK="org.freedesktop.systemd1 ok
org.freedesktop.Flatpak ok
org.freedesktop.portal.Flatpak ok
org.freedesktop.secrets ok
org.gnome.Shell ok
org.kde.klauncher5 ok
org.freedesktop.Notifications ok
org.freedesktop.portal.Desktop ok
environment ok"
BC_FILTERED="org.freedesktop.systemd1 refused
org.freedesktop.Flatpak refused
org.freedesktop.portal.Flatpak refused
org.freedesktop.secrets refused
org.gnome.Shell refused
org.kde.klauncher5 refused
org.freedesktop.Notifications ok
org.freedesktop.portal.Desktop ok
environment refused"
# a filter of the profile's own that lets none of them through
BC_NONE_OK=$(printf '%s\n' "$BC_FILTERED" | sed 's/ ok$/ refused/')

# The session, the activatable name's .service file (written first: the
# bus reads its service directories when it starts) and the services.
bc_start() {
	mkdir -p "$BC" "$BC_SVCDIR" || return 1
	rm -f "$BC"/record "$BC"/started "$BC"/svc.out
	printf '%s\n' "$BC_SERVICE" > "$BC/busservice.py"
	# each start is recorded with the environment the bus gave it; it
	# then fails without taking its name: the bus ends that start at
	# once (a status 0 would leave it pending, taking the next calls),
	# and the next call starts it again
	cat > "$BC_SVCDIR/$BC_ACT.service" << EOF
[D-BUS Service]
Name=$BC_ACT
Exec=/bin/sh -c 'echo "started NBTEST_PRELOAD=\$NBTEST_PRELOAD" >> $BC/started; exit 1'
EOF
	cat > "$BC_SVCDIR/$BC_ACT2.service" << EOF
[D-BUS Service]
Name=$BC_ACT2
Exec=/bin/sh -c 'echo started >> $BC/started-other; exit 1'
EOF
	rm -f "$BC/started-other"
	session_start || { rm -f "$BC_SVCDIR/$BC_ACT.service" "$BC_SVCDIR/$BC_ACT2.service"; return 1; }
	# shellcheck disable=SC2086
	setsid /usr/bin/python3 "$BC/busservice.py" "$BC/record" $BC_BAD $BC_GOOD \
		> "$BC/svc.out" 2>&1 < /dev/null &
	BC_SVC=$!
	session_wait 20 grep -qx ready "$BC/svc.out" && return 0
	echo "the test services did not come up:"
	cat "$BC/svc.out"
	bc_stop
	return 1
}

bc_stop() {
	kill "$BC_SVC" 2> /dev/null
	wait "$BC_SVC" 2> /dev/null
	rm -f "$BC_SVCDIR/$BC_ACT.service" "$BC_SVCDIR/$BC_ACT2.service"
	session_stop
}

# The calls under a profile (private-bin and private-lib left out: a
# profile that has them keeps only its program, and dbus-send is needed);
# prints what they printed.
bc_inside() { # PROFILE [OPTION...]
	local p=$1
	shift
	"$NB" --quiet --profile="$p" --ignore=private-bin --ignore=private-lib "$@" \
		sh -c "$BC_CALLS" 2>&1
}

# What the services saw of one launch's calls: the names, in order.
bc_seen() { [ -f "$BC/record" ] && cut -d' ' -f1 "$BC/record" | tr '\n' ' '; }

# Under PROFILE: the calls print WANT, the services saw exactly SEEN (the
# names reached), nothing was started.
bc_check() { # PROFILE WANT SEEN [OPTION...]
	local p=$1 want=$2 seen=$3 out
	shift 3
	rm -f "$BC/record"
	out=$(bc_inside "$p" "$@")
	eq "$out" "$want" || { echo "(under $p)"; return 1; }
	eq "$(bc_seen)" "$seen" || { echo "(what the services saw, under $p)"; return 1; }
	[ ! -e "$BC/started" ] || { echo "under $p the bus started $BC_ACT: $(cat "$BC/started")"; return 1; }
}

# The control, outside, after the sandboxed runs.  First a start of the
# activatable name: it must not carry the sandboxes' environment (their
# UpdateActivationEnvironment did not land).  Then the same calls as
# inside: every one reaches its service, and the update made outside
# reaches the next start (so that the first check can fail).
bc_control() {
	local out
	rm -f "$BC/record" "$BC/started"
	dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus org.freedesktop.DBus.StartServiceByName \
		string:$BC_ACT uint32:0 > /dev/null 2>&1
	session_wait 10 grep -q started "$BC/started" ||
		{ echo "the control did not start $BC_ACT"; return 1; }
	eq "$(cat "$BC/started")" "started NBTEST_PRELOAD=" ||
		{ echo "(the environment of a start after the sandboxes' calls)"; return 1; }
	rm -f "$BC/started"
	out=$(NBV=outside sh -c "$BC_CALLS" 2>&1)
	eq "$out" "$BC_ALL_OK" || { echo "(the control, outside)"; return 1; }
	# shellcheck disable=SC2086
	eq "$(bc_seen)" "$(printf '%s ' $BC_BAD $BC_GOOD)" || { echo "(the control's record)"; return 1; }
	session_wait 10 grep -q started "$BC/started" ||
		{ echo "the control's calls did not start $BC_ACT"; return 1; }
	eq "$(sort -u "$BC/started")" "started NBTEST_PRELOAD=outside" ||
		{ echo "(the environment of the control's starts)"; return 1; }
}

# The profiles nestbox ships that show a session bus: all but the
# command-line programs', which say dbus-user none.
bc_filtered_profiles() {
	local f
	for f in "$NESTBOX_PROFILE_DIR"/*.profile; do
		grep -q '^dbus-user none' "$f" && continue
		# a profile that only includes another (scp, 7za): its own kind
		grep -qx 'include [a-z0-9]*\.profile' "$f" &&
			grep -q '^dbus-user none' "$NESTBOX_PROFILE_DIR/$(sed -n 's/^include \([a-z0-9]*\.profile\)$/\1/p' "$f")" &&
			continue
		basename "$f" .profile
	done
}

test_busconfine_shipped_profiles_filter_the_session_bus() {
	local p out n=0
	bc_start || return 1
	for p in $(bc_filtered_profiles); do
		n=$((n + 1))
		# shellcheck disable=SC2086
		bc_check "$p" "$BC_FILTERED" "$(printf '%s ' $BC_GOOD)" || { bc_stop; return 1; }
	done
	# default.profile, chosen for a program without a profile of its own
	rm -f "$BC/record"
	out=$("$NB" --quiet sh -c "$BC_CALLS" 2>&1)
	eq "$out" "$BC_FILTERED" || { echo "(default.profile, by the lookup)"; bc_stop; return 1; }
	bc_control || { bc_stop; return 1; }
	bc_stop
	# the list is what it should be, not empty
	[ "$n" -ge 15 ] || { echo "only $n profiles with a bus: $(bc_filtered_profiles | tr '\n' ' ')"; return 1; }
}

# firejail's profiles: one without any dbus-user line gets nestbox's
# filter; one with its own (firefox.profile: dbus-user filter, owning
# org.mozilla.*) keeps it, which lets none of these names through.
test_busconfine_firejail_profiles_filter_the_session_bus() {
	local p out
	for p in eog chromium firefox; do
		[ -f "/etc/firejail/$p.profile" ] ||
			{ echo "no /etc/firejail/$p.profile (firejail-profiles, make deps)"; return 1; }
	done
	grep -q '^dbus-user' /etc/firejail/eog.profile /etc/firejail/chromium.profile \
		/etc/firejail/chromium-common.profile &&
		{ echo "eog's or chromium's firejail profile has dbus-user lines now: pick others"; return 1; }
	bc_start || return 1
	for p in eog chromium; do
		bc_check "/etc/firejail/$p.profile" "$BC_FILTERED" \
			"$(printf '%s ' $BC_GOOD)" || { bc_stop; return 1; }
	done
	bc_check /etc/firejail/firefox.profile "$BC_NONE_OK" "" || { bc_stop; return 1; }
	bc_control || { bc_stop; return 1; }
	bc_stop
}

# dbus-user allow stays, says at launch that it is weaker, and shows the
# bus as it is; --noprofile shows none at all; without the allowlist's
# file the filter allows nothing.
test_busconfine_allow_warns_and_noprofile_has_no_bus() {
	local out warn
	mkdir -p "$BC"
	printf 'include default.profile\ndbus-user allow\n' > "$BC/allow.profile"
	bc_start || return 1
	rm -f "$BC/record"
	out=$("$NB" --profile="$BC/allow.profile" sh -c "$BC_CALLS" 2> "$BC/allow.err")
	warn=$(grep -c 'dbus-user allow: the session bus is not filtered' "$BC/allow.err")
	eq "$out" "$BC_ALL_OK" || { bc_stop; return 1; }
	eq "$warn" 1 || { cat "$BC/allow.err"; bc_stop; return 1; }
	# under the filter, no such line
	"$NB" --profile=default true 2> "$BC/filter.err"
	grep -q 'dbus-user allow' "$BC/filter.err" && { cat "$BC/filter.err"; bc_stop; return 1; }
	rm -f "$BC/record" "$BC/started"
	out=$("$NB" --quiet --noprofile sh -c "$BC_CALLS
		echo \"addr=\$DBUS_SESSION_BUS_ADDRESS\"; ls \$XDG_RUNTIME_DIR/bus 2>&1 | sed 's/.*: //'" 2>&1)
	eq "$out" "$BC_NONE_OK
addr=
No such file or directory" || { bc_stop; return 1; }
	eq "$(bc_seen)" "" || { bc_stop; return 1; }
	[ ! -e "$BC/started" ] || { echo "--noprofile started $BC_ACT"; bc_stop; return 1; }
	# profile directories without nestbox-dbus-user.inc: filtered with
	# no name allowed, and said
	mkdir -p "$BC/noinc"
	printf 'hostname noinc\n' > "$BC/noinc.profile"
	out=$(NESTBOX_PROFILE_DIR=$BC/noinc "$NB" --profile="$BC/noinc.profile" \
		sh -c "$BC_CALLS" 2> "$BC/noinc.err")
	eq "$out" "$BC_NONE_OK" || { cat "$BC/noinc.err"; bc_stop; return 1; }
	grep -q 'no nestbox-dbus-user.inc in the profile directories' "$BC/noinc.err" ||
		{ cat "$BC/noinc.err"; bc_stop; return 1; }
	eq "$(bc_seen)" "" || { bc_stop; return 1; }
	bc_stop
}

# xdg-dbus-proxy starts (activates) a service for a name the program may
# talk to, and for that name only: a profile that names the first
# activatable service has the bus start it, never the second, nor the
# dconf or KWallet services Debian installs as activatable.
test_busconfine_talk_starts_only_the_named_service() {
	local out
	mkdir -p "$BC"
	printf 'include default.profile\ndbus-user.talk %s\n' "$BC_ACT" > "$BC/talk.profile"
	bc_start || return 1
	rm -f "$BC/started"
	out=$("$NB" --quiet --profile="$BC/talk.profile" sh -c '
		for n in '"$BC_ACT $BC_ACT2"' ca.desrt.dconf org.kde.kwalletd5; do
			dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.DBus \
				/org/freedesktop/DBus org.freedesktop.DBus.StartServiceByName \
				string:$n uint32:0 > /dev/null 2>&1 && echo "$n started"
			dbus-send --session --print-reply --reply-timeout=5000 --dest=$n / \
				org.example.I.Ping > /dev/null 2>&1 && echo "$n answered"
		done; true' 2>&1)
	session_wait 10 test -s "$BC/started" || { echo "$BC_ACT was not started"; bc_stop; return 1; }
	# its start fails on purpose (the service exits 1): nothing answers
	eq "$out" "" || { bc_stop; return 1; }
	[ ! -e "$BC/started-other" ] || { echo "$BC_ACT2 was started"; bc_stop; return 1; }
	[ -z "$(live_pids '^(dconf-service|kwalletd5)$')" ] ||
		{ echo "started: $(live_pids '^(dconf-service|kwalletd5)$')"; bc_stop; return 1; }
	# the control: outside, the second starts too
	dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus org.freedesktop.DBus.StartServiceByName \
		string:$BC_ACT2 uint32:0 > /dev/null 2>&1
	session_wait 10 test -s "$BC/started-other" || { echo "the control did not start $BC_ACT2"; bc_stop; return 1; }
	bc_stop
}

# The desktop portal as a host program: xdg-desktop-portal sees the
# proxy, which runs outside the sandbox, so it takes the program for one
# of the host's and asks it fewer questions than a flatpak app
# (Background writes an autostart entry with the command line it is given
# and asks nothing; Screenshot asks once for every host program...).  The
# allowlist lets through only the portals that are safe so: from inside,
# under default.profile and every shipped profile with a bus, the calls
# to the others never reach the portal, the kept ones do.  The control,
# outside: every call reaches it.
BC_PORTAL_CALLS='p() { # INTERFACE.METHOD [PATH]
	if dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.portal.Desktop \
		"${2:-/org/freedesktop/portal/desktop}" "$1" string: > /dev/null 2>&1
	then echo "$1 ok"; else echo "$1 refused"; fi
}
p org.freedesktop.portal.Background.RequestBackground
p org.freedesktop.portal.DynamicLauncher.Install
p org.freedesktop.portal.RemoteDesktop.CreateSession
p org.freedesktop.portal.InputCapture.CreateSession
p org.freedesktop.portal.Clipboard.RequestClipboard
p org.freedesktop.portal.Screenshot.Screenshot
p org.freedesktop.portal.ScreenCast.CreateSession
p org.freedesktop.portal.GlobalShortcuts.CreateSession
p org.freedesktop.portal.Secret.RetrieveSecret
p org.freedesktop.host.portal.Registry.Register
p org.freedesktop.portal.Request.Close /org/freedesktop/portal/desktop
p org.freedesktop.portal.FileChooser.OpenFile
p org.freedesktop.portal.OpenURI.OpenURI
p org.freedesktop.portal.Settings.Read
p org.freedesktop.portal.Notification.AddNotification
p org.freedesktop.portal.Trash.TrashFile
p org.freedesktop.DBus.Properties.Get
p org.freedesktop.portal.Request.Close /org/freedesktop/portal/desktop/request/1_1/nbt'
BC_PORTAL_KEPT="org.freedesktop.portal.FileChooser.OpenFile
org.freedesktop.portal.OpenURI.OpenURI
org.freedesktop.portal.Settings.Read
org.freedesktop.portal.Notification.AddNotification
org.freedesktop.portal.Trash.TrashFile
org.freedesktop.DBus.Properties.Get
org.freedesktop.portal.Request.Close"
# what the calls print under the filter: the first eleven refused (the
# last of them a request's Close on another path than a request's)
BC_PORTAL_FILTERED="$(printf '%s\n' "$BC_PORTAL_CALLS" | sed -n 's/^p \([^ ]*\).*/\1/p' | head -11 | sed 's/$/ refused/')
$(printf '%s\n' "$BC_PORTAL_KEPT" | sed 's/$/ ok/')"
# what the portal saw: the kept calls, in order
bc_portal_seen() { [ -f "$BC/record" ] && sed -n 's/^org.freedesktop.portal.Desktop //p' "$BC/record"; }

test_busconfine_portal_only_its_safe_interfaces() {
	local p out n=0
	bc_start || return 1
	# the control first: outside, every call reaches the portal
	rm -f "$BC/record"
	out=$(sh -c "$BC_PORTAL_CALLS" 2>&1)
	eq "$out" "$(printf '%s\n' "$BC_PORTAL_FILTERED" | sed 's/ refused$/ ok/')" ||
		{ echo "(the control, outside)"; bc_stop; return 1; }
	eq "$(bc_portal_seen | wc -l)" 18 || { echo "(the control's record)"; bc_stop; return 1; }
	for p in default $(bc_filtered_profiles); do
		n=$((n + 1))
		rm -f "$BC/record"
		out=$("$NB" --quiet --profile="$p" --ignore=private-bin --ignore=private-lib \
			sh -c "$BC_PORTAL_CALLS" 2>&1)
		eq "$out" "$BC_PORTAL_FILTERED" || { echo "(under $p.profile)"; bc_stop; return 1; }
		eq "$(bc_portal_seen)" "$BC_PORTAL_KEPT" ||
			{ echo "(what the portal saw, under $p.profile)"; bc_stop; return 1; }
	done
	bc_stop
	[ "$n" -ge 15 ] || { echo "only $n profiles with a bus"; return 1; }
}

# A portal's answer is a broadcast signal on the request's object (as
# xdg-desktop-portal sends Response): it reaches the program through the
# filter, or the file chooser would never return.  The control: outside,
# the same listener sees it.  (grep -s: the monitor's output file may not
# be there yet when the first wait looks.)
BC_PORTAL_RESPONSE='gdbus monitor --session --dest org.freedesktop.portal.Desktop > "$1" 2>&1 &
m=$!
i=0; until grep -qs "is owned by" "$1" || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.portal.Desktop \
	/org/freedesktop/portal/desktop org.freedesktop.portal.FileChooser.OpenFile string: > /dev/null 2>&1
i=0; until grep -qs "Request.Response" "$1" || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
kill $m
grep -c "/org/freedesktop/portal/desktop/request/1_1/nbt: org.freedesktop.portal.Request.Response" "$1"'

test_busconfine_portal_response_reaches_the_program() {
	local out control
	bc_start || return 1
	control=$(sh -c "$BC_PORTAL_RESPONSE" sh "$BC/mon-outside" 2>&1)
	out=$("$NB" --quiet --profile=default sh -c "$BC_PORTAL_RESPONSE" sh "$BC/mon-inside" 2>&1)
	bc_stop
	eq "$control" 1 || { echo "(the control, outside)"; return 1; }
	eq "$out" 1
}
