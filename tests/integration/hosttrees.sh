# shellcheck shell=bash
# What a profile leaves out is the host's, as under firejail (issue 18):
# /dev without private-dev, /mnt and /media without disable-mnt, /tmp
# without private-tmp, /var always (read-only, private parts), and
# firejail's /sys hardening; --noprofile stays the strict baseline.

HT="$HOME/.nestbox-test/hosttrees"

# A profile of the given lines (none: a profile that says nothing).
ht_profile() { mkdir -p "$HT" && printf '%s\n' quiet "$@" > "$HT/p.profile"; }
ht() { "$NB" --quiet --profile="$HT/p.profile" --net=none "$@"; }

# A character device beyond the minimal /dev's that this machine has.
ht_spare_device() {
	local d
	for d in /dev/loop-control /dev/fuse /dev/vcs /dev/tty0 /dev/console; do
		[ -c "$d" ] && { echo "$d"; return 0; }
	done
	return 1
}

test_hosttrees_dev_is_the_hosts_without_private_dev() {
	local dev want got pts kmsg shm marker
	dev=$(ht_spare_device) || { skip "no spare character device"; return 0; }
	want=$(stat -c '%F %t:%T' "$dev")
	ht_profile
	got=$(ht stat -c '%F %t:%T' "$dev" 2>&1)
	eq "$got" "$want" || return 1
	# never the host's terminals, shared memory or kernel log
	marker=/dev/shm/nestbox-ht-$$
	: > "$marker" || { echo "cannot write $marker on the host"; return 1; }
	pts=$(ht sh -c 'ls /dev/pts | tr "\n" " "; ls -A /dev/shm | wc -l')
	rm -f "$marker"
	eq "$pts" "ptmx 0" || return 1
	# covered (an empty file) or absent; not a launch that failed
	kmsg=$(ht stat -c %F /dev/kmsg 2>&1)
	case $kmsg in
	"regular empty file" | *": No such file or directory") ;;
	*) echo "/dev/kmsg: $kmsg"; return 1 ;;
	esac
	# nothing in the host's /dev can be created or written
	eq "$(ht "$PROBE" write /dev/nestbox-x)" EROFS || return 1
	# private-dev, and --noprofile: the minimal /dev
	ht_profile private-dev
	got=$(ht stat -c %F "$dev" 2>&1 | sed 's/.*: //')
	eq "$got" "No such file or directory" || return 1
	got=$(sbx stat -c %F "$dev" 2>&1 | sed 's/.*: //')
	eq "$got" "No such file or directory"
}

# The harness makes stand-ins (tests/users.sh) where the machine has no
# camera or optical drive.
test_hosttrees_device_classes_hide_theirs() {
	local cam dvd got
	cam=$(ls /dev/video* 2>/dev/null | head -1)
	dvd=/dev/sr0
	[ -n "$cam" ] && [ -b "$dvd" ] || { echo "no camera or drive node (tests/users.sh makes them)"; return 1; }
	ht_profile
	got=$(ht stat -c '%F %t:%T' "$cam" "$dvd")
	eq "$got" "$(stat -c '%F %t:%T' "$cam" "$dvd")" || return 1
	ht_profile novideo nodvd
	got=$(ht sh -c "stat -c %F $cam $dvd; cat $cam 2>&1 | sed 's/.*: //'")
	eq "$got" "regular empty file
regular empty file
Permission denied"
}

# firejail's private-dev keeps the device classes a profile does not take
# away: a camera and an optical drive (with the names players look for)
# in the sandbox's own /dev; novideo and nodvd take them; --noprofile has
# none.
test_hosttrees_private_dev_keeps_firejails_device_classes() {
	local cam dvd got
	cam=$(ls /dev/video* 2>/dev/null | head -1)
	dvd=/dev/sr0
	[ -n "$cam" ] && [ -b "$dvd" ] || { echo "no camera or drive node (tests/users.sh makes them)"; return 1; }
	ht_profile private-dev
	got=$(ht sh -c "stat -c '%F %t:%T' $cam $dvd; readlink /dev/cdrom /dev/dvd; ls /dev/pts" 2>&1)
	eq "$got" "$(stat -c '%F %t:%T' "$cam" "$dvd")
sr0
sr0
ptmx" || return 1
	ht_profile private-dev novideo nodvd
	got=$(ht sh -c "ls $cam $dvd /dev/cdrom 2>&1 | sed 's/.*: //'")
	eq "$got" "No such file or directory
No such file or directory
No such file or directory" || return 1
	got=$(sbx sh -c "ls $cam $dvd 2>&1 | sed 's/.*: //'")
	eq "$got" "No such file or directory
No such file or directory"
}

test_hosttrees_mnt_and_media_unless_disable_mnt() {
	local d got
	for d in /mnt /media; do
		[ -d "$d" ] || continue
		# "shown" first: an empty /media listed is not one that is missing
		got=$(ht_profile; ht sh -c "test -d $d && echo shown && ls -A $d 2>&1 | tr '\n' ' '")
		eq "$got" "$(printf 'shown\n%s' "$(ls -A "$d" | tr '\n' ' ')")" || return 1
		got=$(ht_profile disable-mnt; ht sh -c "test -e $d && echo shown || echo hidden")
		eq "$got" hidden || return 1
		got=$(sbx sh -c "test -e $d && echo shown || echo hidden")
		eq "$got" hidden || return 1
	done
	[ -d /mnt ] || [ -d /media ] || skip "no /mnt or /media on this machine"
}

test_hosttrees_tmp_is_the_hosts_without_private_tmp() {
	local marker=/tmp/nestbox-ht-$$ got
	echo host > "$marker"
	rm -f "$marker.inside"
	ht_profile
	got=$(ht sh -c "cat $marker; echo inside > $marker.inside && echo wrote")
	eq "$got" "host
wrote" || { rm -f "$marker" "$marker.inside"; return 1; }
	[ -f "$marker.inside" ] || { echo "not written to the host's /tmp"; rm -f "$marker"; return 1; }
	rm -f "$marker.inside"
	ht_profile private-tmp
	got=$(ht sh -c "cat $marker 2>&1 | sed 's/.*: //'; ls -A /tmp | wc -l")
	rm -f "$marker"
	eq "$got" "No such file or directory
0"
}

# Other displays' sockets in the host's /tmp/.X11-unix: x11 none hides
# the directory (as firejail does).
test_hosttrees_x11_none_hides_the_hosts_sockets() {
	[ -d /tmp/.X11-unix ] || { skip "no /tmp/.X11-unix on this machine"; return 0; }
	# the control: without the line, the host's /tmp shows it
	ht_profile
	eq "$(ht sh -c 'ls /tmp/.X11-unix > /dev/null && echo listed' 2>&1)" listed || return 1
	ht_profile "x11 none"
	eq "$(ht sh -c 'ls /tmp/.X11-unix 2>&1 | sed "s/.*: //"')" "Permission denied"
}

test_hosttrees_var_is_the_hosts_read_only_with_private_tmp() {
	local marker=/var/tmp/nestbox-ht-$$ got
	[ -d /var/lib ] && [ -d /var/tmp ] || { skip "no /var/lib or /var/tmp"; return 0; }
	: > "$marker" || { echo "cannot write $marker on the host"; return 1; }
	ht_profile
	got=$(ht sh -c "ls /var/lib | tr '\n' ' '; echo; test -e $marker && echo seen; echo x > /var/tmp/inside-$$ && echo wrote; ls -A /var/log | wc -l")
	rm -f "$marker"
	eq "$got" "$(ls /var/lib | tr '\n' ' ')
wrote
0" || return 1
	[ ! -e "/var/tmp/inside-$$" ] || { rm -f "/var/tmp/inside-$$"; echo "private /var/tmp leaked"; return 1; }
	eq "$(ht "$PROBE" write /var/lib/nestbox-x)" EROFS || return 1
	# --noprofile: no /var at all
	eq "$(sbx sh -c 'test -e /var && echo shown || echo none')" none
}

# firejail's /sys hardening, under every profile and --noprofile; a
# noblacklist opens /sys/fs and /sys/module, never the firmware's.
test_hosttrees_sys_is_hardened() {
	local got
	[ -d /sys/firmware ] && [ -d /sys/module ] || { skip "no /sys/firmware or /sys/module"; return 0; }
	got=$(sbx sh -c 'ls /sys/firmware /sys/module /sys/fs 2>&1 >/dev/null | sed "s/.*: //"')
	eq "$got" "Permission denied
Permission denied
Permission denied" || return 1
	ht_profile "noblacklist /sys/module" "noblacklist /sys/firmware"
	got=$(ht sh -c 'ls /sys/module | grep -c . ; ls /sys/firmware 2>&1 | sed "s/.*: //"; ls /sys/fs 2>&1 | sed "s/.*: //"')
	[ "$(printf '%s\n' "$got" | head -1)" -gt 0 ] || { echo "$got"; return 1; }
	eq "$(printf '%s\n' "$got" | sed 1d)" "Permission denied
Permission denied"
}
