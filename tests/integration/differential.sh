# Differential test against firejail (issue 18), sourced by suite.sh:
# under firejail's own profiles, what a program sees under nestbox equals
# what it sees under firejail, except the differences listed in DF_TABLE,
# each with its reason.  And nestbox never shows a path that firejail
# hides, unless the table says why.
#
# What is compared, for each profile, from inside (one probe run under
# `firejail --quiet --profile=P` and under `nestbox --quiet --profile=P`):
#   - the entries of home, /etc, /dev, /usr/bin, /tmp, /var,
#     /run/user/UID, /mnt and /media (`ls -A`; "(the directory)" when
#     one side shows a directory the other hides);
#   - whether a new user namespace can be made (`unshare -Ur true`);
#   - whether a 32-bit binary runs (a static i386 exit(0), built with
#     binutils' `as --32`; read from stdin and run as /proc/self/fd/0, so
#     that no directory of the host has to be shown for it).  Skipped,
#     with a note, where the host's kernel itself cannot run one.
#
# The probe is /bin/sh with ls and unshare, given to both sandboxes the
# same way: `--noblacklist=${PATH}/sh --noblacklist=${PATH}/dash` before
# the profile (disable-shell.inc blacklists shells, and firejail refuses
# to start a blacklisted program; a blacklisted file keeps its name in
# a listing, so /usr/bin does not change), and, for the profiles with
# private-bin only, `--private-bin=sh,dash,ls,unshare` after it (firejail
# adds private-bin lists together), so /usr/bin shows the profile's
# programs and these four under both.
#
# A directory that is absent and one that cannot be listed (firejail's
# blacklist: Permission denied) both show the program nothing: both are
# "(hidden)".
#
# Other programs write in the host's /tmp meanwhile: an entry of the
# host's directories that came or went during a profile's two runs (the
# host is listed before and after) is not compared.
#
# The profiles: the programs of issue 18 (Debian 12's firejail-profiles
# has no xterm.profile) and a few more desktop ones.
#
# firejail needs a session bus for the profiles with dbus-user filter
# ("DBus user socket was not found"): a dbus-daemon is started at
# $XDG_RUNTIME_DIR/bus for the test, as a login session has.

DF=$P/differential
DF_PROFILES="firefox-esr chromium evince eog feh mpv vlc gimp inkscape
libreoffice thunderbird transmission-gtk gedit mousepad zathura okular curl
wget git ssh audacity totem hexchat keepassxc pidgin ristretto vim less"

# The deliberate differences, one per line:
#   PROFILES SIDE WHERE ENTRY REASON...
# PROFILES: a bash pattern over the profile names (* for all, a|b...);
# SIDE: `nestbox` (nestbox shows it, firejail does not: the direction
# that must stay rare) or `firejail` (firejail shows it, nestbox hides
# it: nestbox stricter); WHERE: home, /etc, /dev, /usr/bin, /tmp, /var,
# /run/user, /mnt, /media, userns or abi32; ENTRY: a bash pattern over the
# entry name (for userns and abi32: yes, the side that can; for a whole
# directory one side hides: "(the directory)").
#
# The table states the behaviour aimed at (issue 18): a directive's absence
# means what it means in firejail (restrict-namespaces, private-dev,
# private-tmp, disable-mnt, /var, seccomp.block-secondary).  What nestbox
# does differently on purpose is below, nothing else.  Fields are
# separated by tabs.
DF_TABLE=$(cat <<'EOF'
# --- nestbox stricter: firejail shows, nestbox hides -------------------
# The runtime directory is private unless the profile shows it whole
# (DESIGN, the desktop is the threat model): systemd's user manager
# (its private socket starts any command outside the sandbox),
*	firejail	/run/user	systemd	systemd --user runs commands outside the sandbox for whoever reaches it
# gpg-agent (signs and decrypts with the user's keys for any client),
*	firejail	/run/user	gnupg	gpg-agent uses the user's keys for any client; a profile names it to get it
# the bus's service directory (a service file there is run, outside),
*	firejail	/run/user	dbus-1	a service file written there is started outside the sandbox
# and nestbox's own registry (join, shutdown of other sandboxes).
*	firejail	/run/user	nestbox	nestbox's registry: a sandbox must not join or stop another
# the accessibility bus (a client of it reads other programs' text and
# synthesizes their input),
*	firejail	/run/user	at-spi	the accessibility bus reaches other programs' windows; not passed in
# dconf's change-notification file (settings go through the bus anyway).
*	firejail	/run/user	dconf	only the desktop sockets are passed into the private runtime directory
# The session bus under a profile without dbus-user lines: firejail's as
# it is, nestbox's filtered by xdg-dbus-proxy with nestbox-dbus-user.inc
# (issue #19).  The socket has the same name on both sides, so no row:
# busconfine.sh tests what reaches through it.
# The session bus: under dbus-user none firejail leaves the covered
# socket's name; nestbox leaves nothing.
*	firejail	/run/user	bus	dbus-user none: no socket, not even a covered name
# X11: nestbox shows /tmp/.X11-unix only when the session has a display
# (DISPLAY set), and then that display's socket alone (display.c);
# firejail's private-tmp binds the whole directory whatever the session.
# The test runs without a display.
*	firejail	/tmp	.X11-unix	X sockets only for the session's display (none in the test)
# A whitelisted home: firejail writes the skeleton's .bashrc and an
# .inputrc into the tmpfs it makes; nestbox shows what the whitelists
# name, nothing it made up (its private home gets the copies).
*	firejail	home	.bashrc	a whitelisted home shows what its whitelists name, no skeleton files
*	firejail	home	.inputrc	a whitelisted home shows what its whitelists name, no skeleton files
# private-bin of a symlink (python3.11-config ->
# x86_64-linux-gnu-python3.11-config): nestbox binds the program at the
# listed name; firejail also copies the link's target under its own.
*	firejail	/usr/bin	x86_64-linux-gnu-*	private-bin shows a listed link's program at the listed name only
# --- nestbox shows what firejail hides ---------------------------------
# machine-id under a private-etc that does not list it: nestbox writes
# its random id anyway, firejail only replaces a file private-etc kept.
# A fresh random id, not the host's: it reveals nothing.
*	nestbox	/etc	machine-id	a random id, not the host's; reveals nothing
EOF
)

# The probe's output: "== WHERE" then one entry per line.
df_probe_script() { # UID
	cat <<EOF
for d in "\$HOME" /etc /dev /usr/bin /tmp /var /run/user/$1 /mnt /media; do
	case \$d in "\$HOME") w=home ;; /run/user/*) w=/run/user ;; *) w=\$d ;; esac
	echo "== \$w"
	ls -A1 "\$d" 2>/dev/null || echo "(hidden)"
done
echo "== userns"
if unshare -Ur true 2>/dev/null; then echo yes; else echo no; fi
echo "== abi32"
if /proc/self/fd/0 2>/dev/null; then echo yes; else echo no; fi
EOF
}

# A static i386 program that exits 0.
df_build_abi32() { # OUT
	printf '.globl _start\n_start:\n\tmovl $1, %%eax\n\txorl %%ebx, %%ebx\n\tint $0x80\n' > "$DF/e32.s" &&
		as --32 -o "$DF/e32.o" "$DF/e32.s" && ld -m elf_i386 -o "$1" "$DF/e32.o"
}

df_bus_start() {
	DF_BUS_PID=
	[ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ] ||
		{ echo "no XDG_RUNTIME_DIR"; return 1; }
	[ -S "$XDG_RUNTIME_DIR/bus" ] && return 0 # a session has one already
	dbus-daemon --session --address="unix:path=$XDG_RUNTIME_DIR/bus" --nofork \
		--nopidfile > /dev/null 2>&1 &
	DF_BUS_PID=$!
	local i
	for i in $(seq 1 200); do [ -S "$XDG_RUNTIME_DIR/bus" ] && return 0; sleep 0.05; done
	echo "the session bus did not come up"
	return 1
}
df_bus_stop() {
	[ -n "$DF_BUS_PID" ] || return 0
	kill "$DF_BUS_PID" 2>/dev/null
	wait "$DF_BUS_PID" 2>/dev/null
	rm -f "$XDG_RUNTIME_DIR/bus"
}

# Run the probe under SANDBOX (firejail or nestbox) with profile NAME,
# output sorted per section into FILE: lines "WHERE<TAB>ENTRY".
df_run() { # SANDBOX NAME FILE
	local cmd extra=() script rc
	local shells=(--noblacklist='${PATH}/sh' --noblacklist='${PATH}/dash')
	case $1 in
	firejail) cmd=(firejail) ;;
	nestbox) cmd=("$NB") ;;
	esac
	grep -q '^private-bin' "/etc/firejail/$2.profile" &&
		extra=(--private-bin=sh,dash,ls,unshare)
	script=$(df_probe_script "$(id -u)")
	DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/bus \
		timeout 60 "${cmd[@]}" --quiet "${shells[@]}" --profile="/etc/firejail/$2.profile" "${extra[@]}" \
		/bin/sh -c "$script" < "$DF/abi32" > "$DF/$1-$2.raw" 2> "$DF/$1-$2.err"
	rc=$?
	awk '/^== / { w = $2; next } w != "" { print w "\t" $0 }' "$DF/$1-$2.raw" | sort -u > "$3"
	grep -q '^abi32	' "$3" || { echo "$1 $2: the probe did not finish (exit $rc): $(head -c 600 "$DF/$1-$2.err")"; return 1; }
}

# Is the difference SIDE WHERE ENTRY of PROFILE in the table?
df_allowed() { # PROFILE SIDE WHERE ENTRY
	local prof side where entry reason
	while IFS=$'\t' read -r prof side where entry reason; do
		[ -n "$prof" ] && [ "${prof#\#}" = "$prof" ] || continue
		# shellcheck disable=SC2053
		[[ $1 == $prof ]] && [ "$2" = "$side" ] && [ "$3" = "$where" ] &&
			[[ $4 == $entry ]] && return 0
	done <<< "$DF_TABLE"
	return 1
}

# What the host's directories hold, as "WHERE<TAB>ENTRY" lines: taken
# before and after each pair of runs, an entry in one snapshot only came
# or went meanwhile (other programs write in /tmp): it is not compared.
df_host() { # FILE
	local d w
	for d in "$HOME" /etc /dev /usr/bin /tmp /var "/run/user/$(id -u)" /mnt /media; do
		case $d in "$HOME") w=home ;; /run/user/*) w=/run/user ;; *) w=$d ;; esac
		ls -A1 "$d" 2>/dev/null | sed "s|^|$w\t|"
	done | sort -u > "$1"
}

# The differences of one profile, not in the table, as lines
# "SIDE<TAB>WHERE<TAB>PROFILE<TAB>ENTRY" on stdout.
df_compare() { # NAME ABI32
	local side where entry
	comm -3 "$DF/host-before" "$DF/host-after" | tr -d '\t' > "$DF/transient.names"
	{ comm -13 "$DF/fj-$1" "$DF/nb-$1" | sed 's/^/nestbox\t/'
	  comm -23 "$DF/fj-$1" "$DF/nb-$1" | sed 's/^/firejail\t/'; } |
	while IFS=$'\t' read -r side where entry; do
		[ "$where" = abi32 ] && [ "$2" = no ] && continue
		grep -qxF "$where$entry" "$DF/transient.names" && continue
		# userns, abi32: the side that can is the side that shows
		[ "$entry" = no ] && continue
		# a directory one side hides: the other side shows it
		if [ "$entry" = "(hidden)" ]; then
			entry="(the directory)"
			if [ "$side" = nestbox ]; then side=firejail; else side=nestbox; fi
		fi
		df_allowed "$1" "$side" "$where" "$entry" && continue
		printf '%s\t%s\t%s\t%s\n' "$side" "$where" "$1" "$entry"
	done
}

# The differences, grouped: one line per side, place and set of
# profiles, with the entries; what only nestbox shows first.
df_report() { # FILE
	sort -t $'\t' -k1,1r -k2,2 -k4,4 -k3,3 "$1" | awk -F'\t' '
		{ k = $1 "\t" $2 "\t" $4; if (!(k in p)) order[n++] = k
		  p[k] = p[k] (p[k] == "" ? "" : ",") $3 }
		END {
			for (i = 0; i < n; i++) {
				split(order[i], f, "\t"); g = f[1] "\t" f[2] "\t" p[order[i]]
				if (!(g in e)) gorder[m++] = g
				e[g] = e[g] " " f[3]
			}
			for (i = 0; i < m; i++) {
				split(gorder[i], f, "\t")
				printf "only %s shows, in %s, under %s:%s\n", f[1], f[2], f[3], e[gorder[i]]
			}
		}'
}

test_differential_against_firejail() {
	command -v firejail > /dev/null || { echo "firejail is not installed (make deps)"; return 1; }
	rm -rf "$DF" && mkdir -p "$DF" || return 1
	local name failed=0 n=0 abi32=yes start=$SECONDS
	df_build_abi32 "$DF/abi32" || { echo "cannot build the i386 probe"; return 1; }
	# the control: the host runs it, or the column says nothing
	"$DF/abi32" 2>/dev/null || abi32=no
	df_bus_start || return 1
	: > "$DF/diffs"
	for name in $DF_PROFILES; do
		[ -f "/etc/firejail/$name.profile" ] ||
			{ echo "no /etc/firejail/$name.profile"; failed=$((failed + 1)); continue; }
		df_host "$DF/host-before"
		df_run firejail "$name" "$DF/fj-$name" && df_run nestbox "$name" "$DF/nb-$name" ||
			{ failed=$((failed + 1)); continue; }
		df_host "$DF/host-after"
		n=$((n + 1))
		df_compare "$name" "$abi32" >> "$DF/diffs"
	done
	df_bus_stop
	df_report "$DF/diffs"
	[ "$abi32" = no ] && echo "note: the 32-bit column is skipped: this kernel cannot run an i386 binary (no IA32 emulation)"
	echo "$n profiles compared in $((SECONDS - start)) s, $(wc -l < "$DF/diffs") differences not in the table, $failed probes failed"
	[ "$n" -ge 20 ] && [ "$failed" = 0 ] && [ ! -s "$DF/diffs" ]
}
