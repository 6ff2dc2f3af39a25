# The session bus (issue #5), sourced by suite.sh: the desktop session of
# session.sh (its dbus-daemon at $XDG_RUNTIME_DIR/bus) with two services
# (dbus-test-tool echo), and from inside the sandbox what dbus-send can
# reach under dbus-user allow, filter and none.  The system bus, and a
# session bus at another address, are daemons of the tests' own.

DB=$P/dbus
DB_BUS=${XDG_RUNTIME_DIR:-/nonexistent}/bus

# Services (dbus-test-tool echo) on the bus at socket $1, of the names
# that follow, by default org.example.Allowed and org.example.Denied;
# adds to $DB_PIDS, for db_stop.  Returns once the bus lists them all.
db_services() { # SOCKET [NAME...]
	local sock=$1 i svc names
	shift
	[ $# -gt 0 ] || set -- org.example.Allowed org.example.Denied
	for svc in "$@"; do
		DBUS_SESSION_BUS_ADDRESS=unix:path=$sock \
			dbus-test-tool echo --name="$svc" > /dev/null 2>&1 &
		DB_PIDS="$DB_PIDS $!"
	done
	for i in $(seq 1 400); do
		names=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$sock dbus-send --session --print-reply \
			--dest=org.freedesktop.DBus / org.freedesktop.DBus.ListNames 2>/dev/null)
		for svc in "$@"; do
			printf '%s\n' "$names" | grep -qF "\"$svc\"" || break
		done
		printf '%s\n' "$names" | grep -qF "\"$svc\"" && return 0
		sleep 0.05
	done
	echo "the test services on $sock did not come up"
	db_stop
	return 1
}

# A bus of the test's own at socket $1, with services as above.
db_bus_start() { # SOCKET [NAME...]
	local sock=$1 i
	dbus-daemon --session --address="unix:path=$sock" --nofork --nopidfile \
		> /dev/null 2>&1 &
	DB_PIDS="${DB_PIDS:-} $!"
	# bounded, and generous: a loaded machine once took over 5 s
	for i in $(seq 1 400); do [ -S "$sock" ] && break; sleep 0.05; done
	db_services "$@"
}

# The desktop session (session.sh), its bus with the services.  A session
# that does not come up fails the test.
db_start() { # [NAME...]
	DB_PIDS=
	mkdir -p "$DB"
	session_start || return 1
	db_services "$DB_BUS" "$@"
}

# A system bus of the test's own: the caller's DBUS_SYSTEM_BUS_ADDRESS
# names it (the machine's /run/dbus is not ours to use).
DB_SYS=$DB/system_bus_socket
db_system_start() {
	DB_PIDS=
	mkdir -p "$DB"
	rm -f "$DB_SYS"
	db_bus_start "$DB_SYS"
}
db_stop() {
	kill $DB_PIDS 2>/dev/null
	wait $DB_PIDS 2>/dev/null
	DB_PIDS=
	rm -f "$DB_SYS"
	# the session's, when the test started one
	[ -z "$SESSION_DIR" ] || session_stop
}
# Inside: call Ping on each service, print "NAME ok" or "NAME refused".
DB_CALLS='for s in Allowed Denied; do
	if dbus-send --session --print-reply --dest=org.example.$s / org.example.I.Ping >/dev/null 2>&1
	then echo "$s ok"; else echo "$s refused"; fi
done'
# The same on the system bus
DB_SYS_CALLS=$(printf '%s\n' "$DB_CALLS" | sed 's/--session/--system/')
dbox() { "$NB" --quiet --profile="$DB/p.profile" --net=none "$@"; }
sysbox() { DBUS_SYSTEM_BUS_ADDRESS=unix:path=$DB_SYS dbox "$@"; }
db_profile() { printf '%s\n' "$@" > "$DB/p.profile"; }
proxy_pids() { live_pids '^xdg-dbus-proxy$'; }
no_proxy_left() { none_left xdg-dbus-proxy '^xdg-dbus-proxy$'; }

test_dbus_filter_talks_only_to_the_allowed_name() {
	db_start || { setup_failed; return; }
	db_profile "dbus-user filter" "dbus-user.talk org.example.Allowed"
	local out addr
	out=$(dbox sh -c "$DB_CALLS")
	addr=$(dbox sh -c 'echo "$DBUS_SESSION_BUS_ADDRESS"')
	db_stop
	eq "$out" "Allowed ok
Denied refused" && eq "$addr" "unix:path=$DB_BUS" && no_proxy_left
}

# firejail's desktop profiles whitelist ${RUNUSER}/bus (whitelist-runuser-
# common.inc) and filter it: the proxy's socket is bound over the host's
# socket the whitelist showed, whose mountpoint is a socket already.
test_dbus_filter_over_a_whitelisted_bus() {
	db_start || { setup_failed; return; }
	db_profile "whitelist $DB_BUS" "dbus-user filter" "dbus-user.talk org.example.Allowed"
	local out
	out=$(dbox sh -c "$DB_CALLS" 2>&1)
	db_stop
	eq "$out" "Allowed ok
Denied refused" && no_proxy_left
}

# A profile with no dbus-user line: the bus is filtered by
# nestbox-dbus-user.inc (issue #19), which names neither service; with
# `dbus-user allow` it is the bus as it is.
test_dbus_default_filters_the_session_bus_and_allow_shows_it() {
	db_start || { setup_failed; return; }
	db_profile "hostname busy"
	local out allowed
	out=$(dbox sh -c "$DB_CALLS")
	db_profile "dbus-user allow"
	allowed=$(dbox sh -c "$DB_CALLS")
	db_stop
	eq "$out" "Allowed refused
Denied refused" && eq "$allowed" "Allowed ok
Denied ok" && no_proxy_left
}

test_dbus_none_leaves_no_bus_at_all() {
	db_start || { setup_failed; return; }
	db_profile "dbus-user none"
	local out
	out=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$DB_BUS dbox sh -c "$DB_CALLS
		echo \"addr=\$DBUS_SESSION_BUS_ADDRESS\"; cat $DB_BUS 2>&1 | sed 's/.*: //'")
	db_stop
	# not shown at all: the runtime directory is private (desktop.c)
	eq "$out" "Allowed refused
Denied refused
addr=
No such file or directory"
}

test_dbus_nodbus_is_dbus_user_none() {
	db_start || { setup_failed; return; }
	db_profile "nodbus"
	local out
	out=$(dbox sh -c "$DB_CALLS")
	db_stop
	eq "$out" "Allowed refused
Denied refused"
}

test_dbus_proxy_dies_with_a_killed_launcher() {
	db_start || { setup_failed; return; }
	db_profile "dbus-user filter" "dbus-user.talk org.example.Allowed"
	local launcher i
	"$NB" --quiet --profile="$DB/p.profile" --net=none sleep 60 &
	launcher=$!
	registered_init_pid > /dev/null
	[ -n "$(proxy_pids)" ] || { echo "no proxy ran"; kill "$launcher"; db_stop; return 1; }
	kill -KILL "$launcher"
	wait "$launcher" 2>/dev/null
	for i in $(seq 1 100); do
		[ -z "$(proxy_pids)" ] && break
		sleep 0.05
	done
	db_stop
	no_proxy_left && registry_empty
}

# No bus to filter: the program runs with none (nothing is let through);
# no proxy: the launch stops.
test_dbus_filter_without_a_bus_runs_without_one_and_without_a_proxy_stops() {
	mkdir -p "$DB"
	db_profile "dbus-user filter"
	local out rc
	rm -f "$DB/ran"
	if [ ! -e "$DB_BUS" ]; then
		out=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$DB_BUS dbox sh -c 'echo "addr=$DBUS_SESSION_BUS_ADDRESS"' 2>&1)
		eq "$out" "addr=" && no_proxy_left || return 1
	fi
	db_start || { setup_failed; return; }
	out=$(NESTBOX_DBUS_PROXY=/bin/false dbox touch "$DB/ran" 2>&1)
	rc=$?
	db_stop
	eq "$rc" 125 && [ ! -e "$DB/ran" ] &&
		eq "$out" "nestbox: xdg-dbus-proxy failed to start: it exited with status 1" && registry_empty
}

test_dbus_bad_rules_are_profile_errors() {
	mkdir -p "$DB"
	local line want out
	while IFS='|' read -r line want; do
		db_profile "$line"
		out=$("$NB" --profile="$DB/p.profile" true 2>&1)
		eq "$?" 125 && eq "$out" "nestbox: $DB/p.profile:1: $want" || return 1
	done <<'LINES'
dbus-user maybe|dbus-user maybe: none, filter or allow
dbus-user.talk nodots|dbus-user.talk nodots: not a D-Bus name (org.example.Name or org.example.*)
dbus-user.own org..example|dbus-user.own org..example: not a D-Bus name (org.example.Name or org.example.*)
dbus-user.call org.example.A|dbus-user.call org.example.A: NAME=RULE, with a D-Bus name (org.example.Name)
dbus-system sometimes|dbus-system sometimes: none, filter or allow
dbus-system.talk nodots|dbus-system.talk nodots: not a D-Bus name (org.example.Name or org.example.*)
LINES
}

# --- the system bus ---------------------------------------------------------

test_dbus_system_filter_talks_only_to_the_allowed_name() {
	db_system_start || return 1
	db_profile "dbus-system filter" "dbus-system.talk org.example.Allowed"
	local out addr
	out=$(sysbox sh -c "$DB_SYS_CALLS")
	addr=$(sysbox sh -c 'echo "$DBUS_SYSTEM_BUS_ADDRESS"')
	db_stop
	eq "$out" "Allowed ok
Denied refused" && eq "$addr" "unix:path=/run/dbus/system_bus_socket" &&
		no_proxy_left
}

test_dbus_system_is_none_unless_asked() {
	db_system_start || return 1
	db_profile "hostname nosys"
	local out
	out=$(sysbox sh -c "$DB_SYS_CALLS
		echo \"addr=\$DBUS_SYSTEM_BUS_ADDRESS\"; ls /run/dbus 2>&1 | sed 's/.*: //'")
	db_stop
	eq "$out" "Allowed refused
Denied refused
addr=
No such file or directory"
}

test_dbus_system_allow_shows_the_hosts_bus() {
	db_system_start || return 1
	db_profile "dbus-system allow"
	local out
	out=$(sysbox sh -c "$DB_SYS_CALLS")
	db_stop
	eq "$out" "Allowed ok
Denied ok"
}

# One proxy, two rule sets: each bus gets its own.
test_dbus_user_and_system_filters_keep_their_own_rules() {
	db_start || { setup_failed; return; }
	db_bus_start "$DB_SYS" || return 1
	db_profile "dbus-user filter" "dbus-user.talk org.example.Allowed" \
		"dbus-system filter" "dbus-system.talk org.example.Denied"
	local out launcher n
	out=$(sysbox sh -c "$DB_CALLS; $DB_SYS_CALLS")
	# nestbox itself in the background, so that $! is its pid
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=$DB_SYS \
		"$NB" --quiet --profile="$DB/p.profile" --net=none sleep 60 &
	launcher=$!
	registered_init_pid > /dev/null
	n=$(proxy_pids | wc -w)
	kill "$launcher"
	wait "$launcher" 2>/dev/null
	db_stop
	eq "$out" "Allowed ok
Denied refused
Allowed refused
Denied ok" && eq "$n" 1 && no_proxy_left
}

test_dbus_nodbus_hides_the_system_bus_too() {
	db_system_start || return 1
	db_profile "dbus-system allow" "nodbus"
	local out
	out=$(sysbox sh -c "$DB_SYS_CALLS")
	db_stop
	eq "$out" "Allowed refused
Denied refused"
}

# A session bus elsewhere than /run/user/UID/bus (DBUS_SESSION_BUS_ADDRESS
# names it) is filtered too, and shown where programs look.
test_dbus_filter_follows_the_callers_bus_address() {
	DB_PIDS=
	mkdir -p "$DB"
	local sock=$DB/elsewhere.sock out addr
	rm -f "$sock"
	db_bus_start "$sock" || return 1
	db_profile "dbus-user filter" "dbus-user.talk org.example.Allowed"
	out=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$sock dbox sh -c "$DB_CALLS")
	addr=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$sock dbox sh -c 'echo "$DBUS_SESSION_BUS_ADDRESS"')
	db_stop
	rm -f "$sock"
	eq "$out" "Allowed ok
Denied refused" && eq "$addr" "unix:path=$DB_BUS" && no_proxy_left
}

# --- a live session bus under firejail's desktop profiles (issue #17) ---------

# The names the filters below are about: one that evince.profile lets
# through (talk), one that firefox.profile owns (org.mozilla.*: own
# implies talk) and one nobody allows.
DB_DESKTOP_NAMES="ca.desrt.dconf org.mozilla.nbtest org.example.Denied"
DB_DESKTOP_CALLS='for s in '$DB_DESKTOP_NAMES'; do
	if dbus-send --session --print-reply --dest=$s / org.example.I.Ping >/dev/null 2>&1
	then echo "$s ok"; else echo "$s refused"; fi
done'

# A firejail desktop profile that filters the session bus also whitelists
# ${RUNUSER}/bus (whitelist-runuser-common.inc): the host's socket was
# bound there first, and the proxy's over it.  That second mountpoint is
# a socket, which the old code opened for writing (ENXIO): "open
# mountpoint /run/user/UID/bus: No such device or address", exit 125.
test_dbus_firejail_desktop_profiles_filter_a_live_bus() {
	local p out want
	for p in evince firefox-esr; do
		[ -f "/etc/firejail/$p.profile" ] ||
			{ echo "no /etc/firejail/$p.profile (firejail-profiles, make deps)"; return 1; }
	done
	# shellcheck disable=SC2086
	db_start $DB_DESKTOP_NAMES || { setup_failed; return; }
	for p in evince firefox-esr; do
		# the profile as it is (evince's private-bin has sh)
		out=$("$NB" --quiet --profile="/etc/firejail/$p.profile" sh -c 'echo started' 2>&1)
		eq "$out" "started" || { echo "($p.profile)"; db_stop; return 1; }
	done
	# and its filter, with dbus-send (private-bin and private-lib would
	# leave only the program's own)
	# the proxy's socket takes the whitelisted one's place: the host's
	# is not even mounted beneath it
	out=$("$NB" --quiet --ignore=private-bin --ignore=private-lib \
		--profile=/etc/firejail/evince.profile sh -c "$DB_DESKTOP_CALLS
		awk '\$5 == \"$DB_BUS\" { print (\$4 ~ /\\/dbus-user\$/) ? \"proxy\" : \$4 }' /proc/self/mountinfo | sort -u" 2>&1)
	eq "$out" "ca.desrt.dconf ok
org.mozilla.nbtest refused
org.example.Denied refused
proxy" || { echo "(evince.profile)"; db_stop; return 1; }
	out=$("$NB" --quiet --profile=/etc/firejail/firefox-esr.profile \
		sh -c "$DB_DESKTOP_CALLS" 2>&1)
	eq "$out" "ca.desrt.dconf refused
org.mozilla.nbtest ok
org.example.Denied refused" || { echo "(firefox-esr.profile)"; db_stop; return 1; }
	db_stop
	no_proxy_left && registry_empty
}

# The same from the command line: the bus socket whitelisted (the proxy's
# over the host's), or the whole runtime directory (the proxy's over the
# host's socket inside the bound directory); none over a whitelisted bus
# leaves it unreachable.
test_dbus_filter_over_a_whitelisted_bus_from_the_command_line() {
	local w out
	db_start $DB_DESKTOP_NAMES || { setup_failed; return; }
	for w in "$DB_BUS" "$XDG_RUNTIME_DIR"; do
		out=$("$NB" --quiet --noprofile --whitelist="$w" --dbus-user=filter \
			--dbus-user.talk=org.example.Denied sh -c "$DB_DESKTOP_CALLS" 2>&1)
		eq "$out" "ca.desrt.dconf refused
org.mozilla.nbtest refused
org.example.Denied ok" || { echo "(whitelist $w)"; db_stop; return 1; }
	done
	out=$("$NB" --quiet --noprofile --whitelist="$DB_BUS" --dbus-user=none \
		sh -c "$DB_DESKTOP_CALLS" 2>&1)
	db_stop
	eq "$out" "ca.desrt.dconf refused
org.mozilla.nbtest refused
org.example.Denied refused" && no_proxy_left && registry_empty
}

# nestbox's own profiles filter the live bus (nestbox-dbus-user.inc names
# none of these: dconf's writes can set a command, the names of other
# programs are theirs); the bare baseline has no bus at all (issue #19).
test_dbus_live_bus_under_shipped_profiles_and_noprofile() {
	local p out
	db_start $DB_DESKTOP_NAMES || { setup_failed; return; }
	for p in evince firefox-esr chromium; do
		out=$("$NB" --quiet --profile="$p" --ignore=private-bin --ignore=private-lib \
			sh -c "$DB_DESKTOP_CALLS" 2>&1)
		eq "$out" "ca.desrt.dconf refused
org.mozilla.nbtest refused
org.example.Denied refused" || { echo "(profile $p)"; db_stop; return 1; }
	done
	out=$("$NB" --quiet --noprofile sh -c "$DB_DESKTOP_CALLS
		echo \"addr=\$DBUS_SESSION_BUS_ADDRESS\"" 2>&1)
	db_stop
	eq "$out" "ca.desrt.dconf refused
org.mozilla.nbtest refused
org.example.Denied refused
addr="
}
