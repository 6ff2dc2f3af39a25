# Filesystem confinement (issue #3 §3), sourced by suite.sh: what a
# sandboxed program sees of the caller's files under blacklist, whitelist,
# read-only, private-* and the rest, asserted from inside.
#
# Each test works in $P/fs (under home, removed by the runner with $P).

FS=$P/fs
fs_setup() {
	rm -rf "$FS" && mkdir -p "$FS" && cd "$HOME" || return 1
}
fs_profile() { # LINES... -> $FS/p.profile
	printf '%s\n' "$@" > "$FS/p.profile"
}
fsbox() { "$NB" --quiet --profile="$FS/p.profile" "$@"; }

test_fs_blacklist_gives_permission_denied() {
	fs_setup || return 1
	mkdir "$FS/secret-dir" && echo s1 > "$FS/secret-dir/f" && echo s2 > "$FS/secret-file"
	fs_profile "blacklist $FS/secret-dir" "blacklist \${HOME}/${FS#"$HOME"/}/secret-file"
	local out
	out=$(fsbox sh -c "cat $FS/secret-file; ls $FS/secret-dir; cat $FS/secret-dir/f; chmod 777 $FS/secret-dir; echo x > $FS/secret-file" 2>&1)
	printf '%s\n' "$out" | grep -q "cat: $FS/secret-file: Permission denied" &&
		printf '%s\n' "$out" | grep -q "ls: cannot open directory '$FS/secret-dir': Permission denied" &&
		printf '%s\n' "$out" | grep -q "chmod: .*Read-only file system" &&
		! printf '%s\n' "$out" | grep -q -e s1 -e s2 || { echo "$out"; return 1; }
	eq "$(cat "$FS/secret-file")" s2
}

test_fs_blacklisting_a_link_blacklists_its_target() {
	fs_setup || return 1
	echo target > "$FS/target" && ln -s target "$FS/link" && echo open > "$FS/open"
	fs_profile "blacklist $FS/link"
	local out
	# the file beside it stays readable: the target is covered, not more
	out=$(fsbox cat "$FS/target" "$FS/open" 2>&1)
	eq "$out" "cat: $FS/target: Permission denied
open"
}

test_fs_noblacklist_acts_only_on_later_lines() {
	fs_setup || return 1
	echo a > "$FS/a" && echo b > "$FS/b"
	fs_profile "blacklist $FS/a" "noblacklist $FS/a" "noblacklist $FS/b" "blacklist $FS/b"
	eq "$(fsbox sh -c "cat $FS/a 2>&1; cat $FS/b" 2>&1)" "cat: $FS/a: Permission denied
b"
}

# Every entry of a /proc/sys directory blacklisted: one cover for the
# directory (block-entries), each entry denied as a cover of its own
# would be, the one kept by an earlier noblacklist readable.
test_fs_blacklist_of_every_proc_sys_entry() {
	fs_setup || return 1
	fs_profile "noblacklist /proc/sys/kernel/osrelease" "blacklist /proc/sys/*/*"
	fsbox --dry-run true | grep -q '^  block-entries /proc/sys/kernel keeping osrelease optional$' &&
		fsbox --dry-run true | grep -q '^  block-entries /proc/sys/vm keeping none optional$' &&
		! fsbox --dry-run true | grep -q '^  block  */proc/sys/vm/' || {
		fsbox --dry-run true | grep /proc/sys; return 1; }
	local out
	out=$(fsbox sh -c 'cat /proc/sys/kernel/osrelease
		n=0; for f in /proc/sys/vm/* /proc/sys/kernel/*; do
			n=$((n + 1)); cat "$f" >/dev/null 2>&1 && echo "read $f"; done
		echo "$n entries"; ls /proc/sys/kernel/random; touch /proc/sys/vm/new' 2>&1)
	printf '%s\n' "$out" | grep -qx "$(cat /proc/sys/kernel/osrelease)" &&
		printf '%s\n' "$out" | grep -qx "read /proc/sys/kernel/osrelease" &&
		[ "$(printf '%s\n' "$out" | grep -c '^read ')" = 1 ] &&
		printf '%s\n' "$out" | grep -qx "$(( $(ls /proc/sys/vm | wc -l) + $(ls /proc/sys/kernel | wc -l) )) entries" &&
		printf '%s\n' "$out" | grep -q "ls: cannot open directory '/proc/sys/kernel/random': Permission denied" &&
		printf '%s\n' "$out" | grep -q "touch: .*Read-only file system" || {
		echo "$out"; return 1; }
}

# A blacklisted file in a directory of the caller's that they may not
# search (mode 0000, or 0400; a path or a glob) is found by no lookup, but the
# program, as its owner, could chmod the directory and read the file: the
# directory keeps its mode in the sandbox (read-only), so the file stays
# out of reach.  The control: without the rule, chmod lets it be read.
test_fs_blacklist_behind_a_directory_the_caller_may_not_search() {
	fs_setup || return 1
	mkdir -p "$FS/sec/in" "$FS/lst" "$FS/gl" && echo s1 > "$FS/sec/key" &&
		echo s2 > "$FS/sec/in/k2" && echo s3 > "$FS/lst/k3" && echo s4 > "$FS/gl/k4" &&
		chmod 0000 "$FS/sec" "$FS/gl" && chmod 0400 "$FS/lst" || return 1
	fs_profile "blacklist $FS/sec/key" "read-only $FS/sec/in/k2" "blacklist $FS/lst/*" \
		"blacklist $FS/gl/k*"
	local try="chmod 0700 $FS/sec $FS/lst $FS/gl; cat $FS/sec/key $FS/lst/k3 $FS/gl/k4; echo w >> $FS/sec/in/k2"
	local out control
	out=$(fsbox sh -c "$try" 2>&1)
	control=$("$NB" --quiet --noprofile sh -c "$try; cat $FS/sec/in/k2" 2>&1)
	chmod 0700 "$FS/sec" "$FS/lst" "$FS/gl"
	printf '%s\n' "$out" | grep -q "chmod: changing permissions of '$FS/sec': Read-only file system" &&
		printf '%s\n' "$out" | grep -q "chmod: changing permissions of '$FS/lst': Read-only file system" &&
		printf '%s\n' "$out" | grep -q "chmod: changing permissions of '$FS/gl': Read-only file system" &&
		! printf '%s\n' "$out" | grep -q '^s[0-9]' || { echo "$out"; return 1; }
	eq "$control" "s1
s3
s4
s2
w"
}

# An option's argument has a profile line's macros: --whitelist=~/Documents
# is the line `whitelist ~/Documents` (firejail's own example), ${HOME} is
# the home, ${PATH} gives one rule per element of the caller's $PATH.
test_fs_options_expand_macros_as_profile_lines_do() {
	fs_setup || return 1
	local rel=${FS#"$HOME"/} out
	mkdir -p "$FS/keep/bin" && echo k > "$FS/keep/f" && echo o > "$FS/other" &&
		printf '#!/bin/sh\necho ran\n' > "$FS/keep/bin/tool" &&
		chmod +x "$FS/keep/bin/tool" || return 1
	out=$(PATH=$FS/keep/bin:$PATH "$NB" --quiet --noprofile "--whitelist=~/$rel/keep" \
		"--read-only=\${HOME}/$rel/keep" "--blacklist=\${PATH}/tool" \
		sh -c "cat $FS/keep/f; cat $FS/other; touch $FS/keep/g; $FS/keep/bin/tool" 2>&1)
	eq "$out" "k
cat: $FS/other: No such file or directory
touch: cannot touch '$FS/keep/g': Read-only file system
sh: 1: $FS/keep/bin/tool: Permission denied" || return 1
	# the control: without the options all three are there
	eq "$("$NB" --quiet --noprofile sh -c "cat $FS/other; $FS/keep/bin/tool")" "o
ran" || return 1
	out=$("$NB" --quiet --noprofile '--blacklist=${NOPE}/x' true 2>&1)
	eq "$?:$out" "125:nestbox: --blacklist: unknown macro \${NOPE}"
}

# A directory one may search but not read cannot be listed: each of many
# paths in it is still looked up, and covered.
test_fs_blacklist_in_a_directory_not_readable() {
	fs_setup || return 1
	mkdir "$FS/x" && for i in 1 2 3 4 5 6 7; do echo "s$i" > "$FS/x/f$i"; done
	echo open > "$FS/x/f8"
	chmod 0100 "$FS/x"
	fs_profile "blacklist $FS/x/f1" "blacklist $FS/x/f2" "blacklist $FS/x/f3" \
		"blacklist $FS/x/f4" "blacklist $FS/x/f5" "blacklist $FS/x/f6" \
		"blacklist $FS/x/f7"
	local out
	# f8, not listed, stays readable: the files are covered, not x
	out=$(fsbox sh -c "for i in 1 2 3 4 5 6 7 8; do cat $FS/x/f\$i; done" 2>&1)
	chmod 0700 "$FS/x"
	[ "$(printf '%s\n' "$out" | grep -c 'Permission denied')" = 7 ] &&
		printf '%s\n' "$out" | tail -1 | grep -qx open &&
		! printf '%s\n' "$out" | grep -q '^s[0-9]' || { echo "$out"; return 1; }
}

# init holds a descriptor per host tree it binds: a profile of 1,100
# whitelists is more than the usual soft limit of 1024.  The program
# still gets the caller's limit.
test_fs_a_thousand_whitelists_launch() {
	fs_setup || return 1
	local i=0 lines=""
	mkdir "$FS/many" || return 1
	while [ $i -lt 1100 ]; do
		mkdir "$FS/many/d$i" && lines="$lines
whitelist $FS/many/d$i"
		i=$((i + 1))
	done
	printf '%s\n' "$lines" > "$FS/p.profile"
	local out
	out=$(ulimit -Sn 1024 && fsbox sh -c "ulimit -Sn; ls $FS/many | wc -l" 2>&1)
	eq "$out" "1024
1100"
}

# firejail's whitelist in /sys/module (blender's amdgpu): the module's
# directory alone in a read-only /sys/module; the rest of /sys as before.
test_fs_whitelist_in_sys_module() {
	fs_setup || return 1
	fs_profile "whitelist /sys/module/kernel" "whitelist /sys/module/no-such-module"
	fsbox --dry-run true 2>&1 | grep -q "not enforced" &&
		{ fsbox --dry-run true 2>&1 | grep "not enforced"; return 1; }
	local out
	out=$(fsbox sh -c 'ls /sys/module; cat /sys/module/kernel/parameters/panic
		touch /sys/module/x; ls -d /sys/class/net' 2>&1)
	eq "$out" "kernel
$(cat /sys/module/kernel/parameters/panic)
touch: cannot touch '/sys/module/x': Read-only file system
/sys/class/net"
}

test_fs_globs_match_dot_files() {
	fs_setup || return 1
	echo 1 > "$FS/.g-one" && echo 2 > "$FS/g-two" && echo 3 > "$FS/keep"
	fs_profile "blacklist $FS/*g-*"
	eq "$(fsbox sh -c "cat $FS/.g-one $FS/g-two $FS/keep 2>&1")" "cat: $FS/.g-one: Permission denied
cat: $FS/g-two: Permission denied
3"
}

test_fs_whitelist_shows_only_whitelisted_home_entries() {
	fs_setup || return 1
	mkdir -p "$FS/wl/sub" "$HOME/nbfs-hidden" && echo h > "$HOME/nbfs-hidden/f"
	fs_profile "whitelist $FS/wl"
	local out
	out=$(fsbox sh -c "ls -A $HOME; ls $FS; echo new > $FS/wl/sub/made; cat $HOME/nbfs-hidden/f" 2>&1)
	rm -rf "$HOME/nbfs-hidden"
	eq "$out" "$(basename "$P")
wl
cat: $HOME/nbfs-hidden/f: No such file or directory" &&
		eq "$(cat "$FS/wl/sub/made")" new
}

test_fs_blacklist_and_read_only_inside_whitelist_win() {
	fs_setup || return 1
	mkdir -p "$FS/wl/ro" && echo s > "$FS/wl/secret"
	fs_profile "whitelist $FS/wl" "blacklist $FS/wl/secret" "read-only $FS/wl/ro"
	local out
	out=$(fsbox sh -c "cat $FS/wl/secret; touch $FS/wl/ro/x; touch $FS/wl/ok && echo wrote" 2>&1)
	eq "$out" "cat: $FS/wl/secret: Permission denied
touch: cannot touch '$FS/wl/ro/x': Read-only file system
wrote"
}

test_fs_whitelist_ro_is_read_only() {
	fs_setup || return 1
	mkdir -p "$FS/wro"
	fs_profile "whitelist-ro $FS/wro"
	eq "$(fsbox touch "$FS/wro/x" 2>&1)" "touch: cannot touch '$FS/wro/x': Read-only file system"
}

# firejail's rule for a whitelisted symlink: a link whose target is in
# home is shown with its target bound (below); one that leads out of home
# to what the sandbox hides (/root, a chain through another link) is
# refused and said, never followed.
test_fs_whitelisted_symlink_out_of_home_is_refused() {
	fs_setup || return 1
	ln -s /root "$FS/out-link" && ln -s /root "$FS/hop" && ln -s hop "$FS/chain"
	mkdir "$FS/real" && ln -s real "$FS/in-link"
	fs_profile "whitelist $FS/out-link" "whitelist $FS/chain" "whitelist $FS/in-link" "whitelist $FS/real"
	local out
	out=$("$NB" --profile="$FS/p.profile" sh -c "ls -d $FS/out-link/ $FS/chain/ /root 2>&1; ls -d $FS/in-link/" 2>&1)
	printf '%s\n' "$out" | grep -q "whitelist $FS/out-link: refused: it leads through a symlink to /root, outside $HOME" &&
		printf '%s\n' "$out" | grep -q "whitelist $FS/chain: refused: it leads through a symlink to /root, outside $HOME" &&
		! printf '%s\n' "$out" | grep -qx -e "$FS/out-link/" -e "$FS/chain/" -e /root &&
		printf '%s\n' "$out" | grep -qx "$FS/in-link/" || { echo "$out"; return 1; }
}

# GNU stow's layout: ~/.mozilla -> dotfiles/mozilla.  The program reads
# and writes through the link; the target is whitelisted, the files
# beside it in dotfiles stay hidden.
test_fs_whitelisted_stow_link_shows_its_target() {
	fs_setup || return 1
	mkdir -p "$FS/dotfiles/mozilla" "$FS/dotfiles/ssh" && echo prefs > "$FS/dotfiles/mozilla/prefs.js"
	echo key > "$FS/dotfiles/ssh/id" && echo beside > "$FS/dotfiles/beside"
	ln -s dotfiles/mozilla "$FS/.mozilla"
	fs_profile "whitelist $FS/.mozilla"
	local out
	out=$(fsbox sh -c "cat $FS/.mozilla/prefs.js && echo written > $FS/.mozilla/new.js && readlink $FS/.mozilla
		ls -A $FS/dotfiles; ls -A $FS; cat $FS/dotfiles/beside $FS/dotfiles/ssh/id" 2>&1)
	printf '%s\n' "$out" | grep -qx prefs &&
		printf '%s\n' "$out" | grep -qx "$FS/dotfiles/mozilla" &&
		! printf '%s\n' "$out" | grep -qx -e beside -e key -e ssh &&
		[ "$(printf '%s\n' "$out" | grep -cx mozilla)" = 1 ] || { echo "$out"; return 1; }
	eq "$(cat "$FS/dotfiles/mozilla/new.js")" written
}

# The link's target swapped for a link to what the profile hides while
# nestbox starts: the mount is by the target's symlink-free path, opened
# without following, so the sandbox shows the target or fails; never the
# hidden directory.
test_fs_whitelisted_link_target_swapped_never_redirects() {
	fs_setup || return 1
	mkdir -p "$FS/dotfiles/moz" "$FS/outside" && echo fine > "$FS/dotfiles/moz/marker"
	echo LEAK > "$FS/outside/marker" && ln -s dotfiles/moz "$FS/.moz"
	fs_profile "whitelist $FS/.moz" "blacklist $FS/outside"
	( for i in $(seq 1 400); do
		mv "$FS/dotfiles/moz" "$FS/dotfiles/moz.d" 2>/dev/null && ln -s ../outside "$FS/dotfiles/moz"
		rm -f "$FS/dotfiles/moz" && mv "$FS/dotfiles/moz.d" "$FS/dotfiles/moz" 2>/dev/null
	done ) &
	local racer=$! i out leaks=0 shown=0
	for i in $(seq 1 25); do
		out=$(fsbox cat "$FS/.moz/marker" 2>&1)
		case $out in *LEAK*) leaks=$((leaks + 1)) ;; fine) shown=$((shown + 1)) ;; esac
	done
	wait $racer
	[ "$(fsbox cat "$FS/.moz/marker")" = fine ] && shown=$((shown + 1))
	echo "$shown launches showed the target"
	eq "$leaks" 0 && [ "$shown" -gt 0 ]
}

test_fs_read_write_below_read_only() {
	fs_setup || return 1
	mkdir -p "$FS/ro/rw"
	fs_profile "read-only $FS/ro" "read-write $FS/ro/rw"
	eq "$(fsbox sh -c "touch $FS/ro/x 2>&1; touch $FS/ro/rw/y && echo ok")" \
		"touch: cannot touch '$FS/ro/x': Read-only file system
ok"
}

test_fs_noexec_refuses_execution() {
	fs_setup || return 1
	mkdir "$FS/bin" && printf '#!/bin/sh\necho ran\n' > "$FS/bin/s" && chmod +x "$FS/bin/s"
	fs_profile "noexec $FS/bin"
	local out
	# readable, not executable: refused for noexec, not hidden (a
	# blacklist gives "Permission denied" too)
	out=$(fsbox sh -c "cat $FS/bin/s > /dev/null && echo readable; $FS/bin/s" 2>&1)
	eq "$out" "readable
sh: 1: $FS/bin/s: Permission denied" || return 1
	eq "$("$NB" --quiet --noprofile "$FS/bin/s")" ran
}

test_fs_tmpfs_in_home_is_empty_and_not_kept() {
	fs_setup || return 1
	mkdir "$FS/t" && echo old > "$FS/t/old"
	fs_profile "tmpfs $FS/t"
	eq "$(fsbox sh -c "ls -A $FS/t; echo new > $FS/t/new && echo wrote")" wrote &&
		eq "$(ls "$FS/t")" old
}

test_fs_tmpfs_outside_home_is_an_error() {
	fs_setup || return 1
	fs_profile "tmpfs /etc/xdg"
	local out rc
	out=$("$NB" --profile="$FS/p.profile" true 2>&1)
	rc=$?
	eq "$rc" 125 && eq "$out" "nestbox: $FS/p.profile:1: tmpfs /etc/xdg: only directories below home"
}

test_fs_mkdir_and_mkfile_create_on_the_host() {
	fs_setup || return 1
	fs_profile "mkdir $FS/made/deep" "mkfile $FS/madefile" "whitelist $FS/made"
	fsbox sh -c "echo in > $FS/made/deep/f" || return 1
	[ -d "$FS/made/deep" ] && [ -f "$FS/madefile" ] && eq "$(cat "$FS/made/deep/f")" in
}

test_fs_private_home_is_empty() {
	fs_setup || return 1
	mkdir "$FS/other-home" && echo mine > "$FS/other-home/f"
	fs_profile "private"
	# nothing of the real home; only the skeleton's .bashrc (below)
	eq "$(fsbox sh -c "ls -A $HOME | grep -vx .bashrc | wc -l; touch $HOME/x && echo ok")" "0
ok" && [ ! -e "$HOME/x" ] || return 1
	fs_profile "private $FS/other-home"
	eq "$(fsbox cat "$HOME/f")" mine
}

# `private DIR` where DIR is the home itself means `private` (firejail):
# a throwaway home, whichever way it is spelt; the real home is neither
# shown nor written.
test_fs_private_of_the_home_itself_is_a_throwaway_home() {
	fs_setup || return 1
	echo real > "$FS/marker"
	local how out bad=0
	for how in "--private=$HOME" "--private=~" "--profile=$FS/p.profile"; do
		fs_profile "private \${HOME}"
		rm -f "$HOME/nbfs-written"
		out=$("$NB" --quiet "$how" sh -c "cat $FS/marker 2>&1; echo new > $HOME/nbfs-written && cat $HOME/nbfs-written")
		printf '%s\n' "$out" | grep -q "$FS/marker: No such file or directory" &&
			printf '%s\n' "$out" | grep -qx new &&
			[ ! -e "$HOME/nbfs-written" ] ||
			{ echo "$how: $out"; ls -la "$HOME/nbfs-written" 2>&1; bad=1; }
	done
	rm -f "$HOME/nbfs-written"
	return $bad
}

# firejail's private home holds copies of the real .Xauthority and
# .asoundrc and the skeleton's .bashrc: copies, so the real files stay
# unchanged whatever the program does; a .asoundrc linked out of home is
# not read (a link that stays in home is).
test_fs_private_home_copies_xauthority_asoundrc_and_skel() {
	fs_setup || return 1
	local saved=$FS/saved out bad=0 f
	mkdir "$saved" || return 1
	for f in .Xauthority .asoundrc; do
		[ -e "$HOME/$f" ] || [ -L "$HOME/$f" ] && mv "$HOME/$f" "$saved/$f"
	done
	echo xauth-cookie > "$HOME/.Xauthority"
	echo pcm-in-home > "$FS/asound-real"
	ln -s "${FS#"$HOME"/}/asound-real" "$HOME/.asoundrc"
	fs_profile "private"
	out=$(fsbox sh -c "cat $HOME/.Xauthority $HOME/.asoundrc; cmp /etc/skel/.bashrc $HOME/.bashrc && echo same-skel; echo changed > $HOME/.Xauthority; echo changed > $HOME/.asoundrc; cat $HOME/.Xauthority" 2>&1)
	eq "$out" "xauth-cookie
pcm-in-home
same-skel
changed" || bad=1
	eq "$(cat "$HOME/.Xauthority") $(cat "$FS/asound-real")" "xauth-cookie pcm-in-home" || bad=1
	# a link out of home is not followed
	rm -f "$HOME/.asoundrc" && ln -s /etc/hostname "$HOME/.asoundrc"
	out=$(fsbox sh -c "ls -A $HOME" 2>&1)
	printf '%s\n' "$out" | grep -qx .Xauthority &&
		! printf '%s\n' "$out" | grep -qx .asoundrc || { echo "link out of home: $out"; bad=1; }
	rm -f "$HOME/.Xauthority" "$HOME/.asoundrc"
	for f in .Xauthority .asoundrc; do
		[ -e "$saved/$f" ] || [ -L "$saved/$f" ] && mv "$saved/$f" "$HOME/$f"
	done
	return $bad
}

test_fs_private_etc_and_bin_show_only_the_listed() {
	fs_setup || return 1
	fs_profile "private-etc passwd,group,hostname" "private-bin sh,ls,cat"
	local out
	out=$(fsbox sh -c 'ls /etc; echo /usr/bin/*; cat /etc/shadow' 2>&1)
	eq "$out" "group
hostname
passwd
/usr/bin/cat /usr/bin/ls /usr/bin/sh
cat: /etc/shadow: No such file or directory"
}

# firejail's private-bin takes globs (hexchat's and mpv's `python*`):
# every program of the bin directories whose name matches, nothing else;
# and private-lib brings what the matches load.
test_fs_private_bin_glob_shows_every_match() {
	fs_setup || return 1
	local want out
	want=$(cd /usr/bin && ls -d py*on* 2>/dev/null)
	[ -n "$want" ] || { echo "no /usr/bin/py*on* on the host (python3 is a test dependency)"; return 1; }
	fs_profile "private-bin sh,ls,py*on*" "private-lib"
	out=$(fsbox sh -c 'ls /usr/bin' 2>&1)
	eq "$out" "$(printf '%s\nls\nsh\n' "$want" | sort)" || return 1
	eq "$(fsbox python3 -c 'print(6 * 7)' 2>&1)" 42
}

# private-lib (issue #3): the multiarch library directory shows what
# the programs load, and the listed entries; nothing else.
LIBDIR=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
# A library on the host that neither sh, ls, cat nor true loads.
unneeded_lib() {
	local l
	for l in libssl.so.3 libcrypto.so.3 libsqlite3.so.0 libxml2.so.2; do
		[ -e "$LIBDIR/$l" ] && ! ldd /bin/ls /bin/sh /bin/cat | grep -q "$l" &&
			{ echo "$l"; return 0; }
	done
	return 1
}

test_fs_private_lib_runs_dynamic_programs() {
	fs_setup || return 1
	fs_profile "private-lib"
	printf '#!/bin/sh\necho script-ok\n' > "$FS/s.sh" && chmod 755 "$FS/s.sh"
	fsbox /bin/true || { echo "true failed"; return 1; }
	eq "$(fsbox sh -c 'echo ok')" ok || return 1
	eq "$(fsbox ls -d /usr)" /usr || return 1
	eq "$(fsbox "$FS/s.sh")" script-ok || return 1
	eq "$(fsbox getent passwd root | cut -d: -f1)" root || return 1
	need python3 || return 1
	eq "$(fsbox python3 -c 'print(1)')" 1 || return 1
}

test_fs_private_lib_hides_what_is_not_needed() {
	fs_setup || return 1
	local lib out
	lib=$(unneeded_lib) || { skip "no unneeded library on this host"; return 0; }
	[ -e "$LIBDIR/$lib" ] || return 1
	# (ls is the program: what sh -c starts is not followed)
	fs_profile "private-lib"
	out=$(fsbox ls "$LIBDIR/$lib" "$LIBDIR/libc.so.6" 2>&1)
	eq "$out" "ls: cannot access '$LIBDIR/$lib': No such file or directory
$LIBDIR/libc.so.6" || return 1
	# a few dozen entries, not the host's hundreds
	out=$(fsbox ls "$LIBDIR" | wc -l)
	[ "$out" -gt 3 ] && [ "$out" -lt 60 ] || { echo "$out entries"; return 1; }
	# and nothing can be added to it
	out=$(fsbox touch "$LIBDIR/libnew.so" 2>&1)
	printf '%s\n' "$out" | grep -q 'Read-only file system' || { echo "$out"; return 1; }
}

test_fs_private_lib_shows_the_listed_entries() {
	fs_setup || return 1
	local lib out
	lib=$(unneeded_lib) || { skip "no unneeded library on this host"; return 0; }
	[ -e "$LIBDIR/libz.so.1" ] || { skip "no libz on this host"; return 0; }
	ldd /bin/ls /bin/sh | grep -q libz && { skip "libz is needed anyway"; return 0; }
	fs_profile "private-lib libz.so.*,gconv"
	out=$(fsbox ls -d "$LIBDIR/libz.so.1" "$LIBDIR/gconv" "$LIBDIR/$lib" 2>&1)
	eq "$out" "ls: cannot access '$LIBDIR/$lib': No such file or directory
$LIBDIR/gconv
$LIBDIR/libz.so.1"
}

# The programs of private-bin bring their libraries: here ls's
# libselinux, which sh (the program) does not load.
test_fs_private_lib_with_private_bin() {
	fs_setup || return 1
	ldd /bin/ls | grep -q libselinux || { skip "ls without libselinux"; return 0; }
	ldd /bin/sh | grep -q libselinux && { skip "sh loads libselinux"; return 0; }
	fs_profile "private-bin sh,ls,cat" "private-lib"
	local out
	out=$(fsbox sh -c 'ls /usr/bin; cat /etc/hostname >/dev/null && echo cat-ok' 2>&1)
	eq "$out" "cat
ls
sh
cat-ok"
}

# firejail's own profiles that use private-lib launch their program.
test_fs_private_lib_in_firejail_profiles() {
	local f out n=0
	[ -d /etc/firejail ] || { skip "no /etc/firejail"; return 0; }
	if [ -f /etc/firejail/patch.profile ] && command -v patch >/dev/null; then
		out=$("$NB" --quiet --profile=/etc/firejail/patch.profile patch --version 2>&1)
		printf '%s\n' "$out" | head -1 | grep -q '^GNU patch' || { echo "$out"; return 1; }
	fi
	# each one launches: true runs, or is missing from its private-bin,
	# but no program fails to load its libraries
	for f in $(grep -l '^private-lib' /etc/firejail/*.profile); do
		out=$("$NB" --quiet --profile="$f" true 2>&1)
		case $? in
		0) n=$((n + 1)) ;;
		127) printf '%s\n' "$out" | grep -q 'command not found' || { echo "$f: $out"; return 1; } ;;
		*) echo "$f: $out"; return 1 ;;
		esac
		printf '%s\n' "$out" | grep -q 'error while loading' && { echo "$f: $out"; return 1; }
	done
	[ "$n" -gt 0 ] || { echo "no profile with private-lib ran true"; return 1; }
}

test_fs_private_cache_and_private_cwd() {
	fs_setup || return 1
	mkdir -p "$HOME/.cache" && echo c > "$HOME/.cache/nbfs-c"
	rm -f "$HOME/.cache/nbfs-made"
	fs_profile "private-cache" "private-cwd"
	local out
	# an empty ~/.cache the program can write (a hidden one would list
	# nothing too), and what it writes stays in the sandbox
	out=$(cd /tmp && fsbox sh -c 'pwd; ls -A ~/.cache | wc -l; echo made > ~/.cache/nbfs-made && cat ~/.cache/nbfs-made' 2>&1)
	rm -f "$HOME/.cache/nbfs-c"
	eq "$out" "$HOME
0
made" && [ ! -e "$HOME/.cache/nbfs-made" ] || { rm -f "$HOME/.cache/nbfs-made"; return 1; }
}

test_fs_machine_id_is_random() {
	fs_setup || return 1
	fs_profile "machine-id"
	local a b
	a=$(fsbox cat /etc/machine-id) && b=$(fsbox cat /etc/machine-id) || return 1
	[ ${#a} = 32 ] && [ "$a" != "$b" ] && [ "$a" != "$(cat /etc/machine-id 2>/dev/null)" ] ||
		{ echo "$a / $b"; return 1; }
}

# Whatever the profile says, nestbox's own profiles cannot be written
# from inside, nor moved away and replaced.
test_fs_own_configuration_is_read_only_in_every_sandbox() {
	fs_setup || return 1
	fs_profile "read-write \${HOME}/.config/nestbox" "whitelist \${HOME}/.config"
	local p out
	for p in "--profile=$FS/p.profile" --noprofile; do
		out=$("$NB" --quiet "$p" sh -c 'echo x > ~/.config/nestbox/evil.profile; mv ~/.config ~/.config-moved; mv ~/.config/nestbox ~/.config/nb2' 2>&1)
		printf '%s\n' "$out" | grep -q "evil.profile: Read-only file system" &&
			[ "$(printf '%s\n' "$out" | grep -c "Device or resource busy")" = 2 ] ||
			{ echo "$p: $out"; return 1; }
	done
	[ ! -e "$HOME/.config/nestbox/evil.profile" ] && [ ! -e "$HOME/.config-moved" ]
}

# A whitelisted directory swapped for a symlink while nestbox starts:
# the sandbox shows the directory or fails; never the link's target.
test_fs_whitelist_swapped_for_a_symlink_never_leaks() {
	fs_setup || return 1
	mkdir -p "$FS/outside" "$FS/wl" && echo LEAK > "$FS/outside/marker"
	echo fine > "$FS/wl/marker"
	# outside is in home: a link there is firejail's to follow when it
	# is there at planning; the profile hides it, so it must stay hidden
	fs_profile "whitelist $FS/wl" "blacklist $FS/outside"
	( for i in $(seq 1 400); do
		mv "$FS/wl" "$FS/wl.d" 2>/dev/null && ln -s outside "$FS/wl"
		rm -f "$FS/wl" && mv "$FS/wl.d" "$FS/wl" 2>/dev/null
	done ) &
	local racer=$! i out leaks=0 shown=0
	for i in $(seq 1 25); do
		out=$(fsbox cat "$FS/wl/marker" 2>&1)
		case $out in *LEAK*) leaks=$((leaks + 1)) ;; fine) shown=$((shown + 1)) ;; esac
	done
	wait $racer
	# and once the race is over, the directory itself is shown
	[ "$(fsbox cat "$FS/wl/marker")" = fine ] && shown=$((shown + 1))
	echo "$shown launches showed the directory"
	eq "$leaks" 0 && [ "$shown" -gt 0 ]
}

test_fs_dry_run_lists_the_blocks() {
	fs_setup || return 1
	mkdir "$FS/b"
	fs_profile "blacklist $FS/b"
	"$NB" --quiet --profile="$FS/p.profile" --dry-run true | grep -qx "  block   $FS/b optional"
}

# /run shows nothing of the host but what a whitelist names (firejail's
# whitelist-run-common.inc); the sandbox's /run/user/UID stays its own.
test_fs_whitelist_in_run_shows_only_that_entry() {
	fs_setup || return 1
	local d="" other="" c out
	for c in /run/lock /run/log /run/systemd /run/dbus /run/sendsigs.omit.d; do
		[ -d "$c" ] || continue
		if [ -z "$d" ]; then d=$c; elif [ -z "$other" ]; then other=$c; fi
	done
	[ -n "$other" ] || { skip "fewer than two directories in /run"; return 0; }
	fs_profile "whitelist $d"
	out=$(fsbox sh -c "ls -d $d $other 2>&1 | sed 's/.*: //'; ls -d \$XDG_RUNTIME_DIR")
	eq "$out" "No such file or directory
$d
$XDG_RUNTIME_DIR" || return 1
	# without the line, neither
	fs_profile "hostname norun"
	out=$(fsbox sh -c "ls -d $d 2>&1 | sed 's/.*: //'")
	eq "$out" "No such file or directory"
}

# firejail's profiles whitelist helpers in /usr/libexec and /usr/sbin
# (webkit2gtk's, p7zip's): the directory then shows only those, read-only,
# and they run.
test_fs_whitelist_in_usr_libexec_and_usr_sbin_shows_only_those() {
	fs_setup || return 1
	local lx="" lother="" c out
	for c in /usr/libexec/*; do
		[ -e "$c" ] || continue
		if [ -z "$lx" ]; then lx=$c; elif [ -z "$lother" ]; then lother=$c; fi
	done
	[ -n "$lother" ] || { skip "fewer than two entries in /usr/libexec"; return 0; }
	[ -x /usr/sbin/nft ] && [ -e /usr/sbin/nologin ] || { skip "no /usr/sbin/nft and nologin"; return 0; }
	# a control: outside, both are there
	ls -d "$lother" /usr/sbin/nologin >/dev/null || return 1
	fs_profile "whitelist $lx
whitelist /usr/sbin/nft"
	out=$(fsbox sh -c "ls -d $lx; ls -d $lother /usr/sbin/nologin 2>&1 | sed 's/.*: //'
		/usr/sbin/nft --version >/dev/null && echo nft runs
		touch /usr/sbin/new 2>&1 | sed 's/.*: //'")
	eq "$out" "$lx
No such file or directory
No such file or directory
nft runs
Read-only file system" || return 1
	# not reported as not enforced (the old binary did)
	out=$("$NB" --net=none --profile="$FS/p.profile" true 2>&1)
	case $out in *"not enforced"*) echo "reported: $out"; return 1 ;; esac
}

# `noexec /dev/shm`, said twice by firejail's chromium profile and its
# includes, on a /dev/shm that is a noexec tmpfs already: one mount there
# (chromium's wrapper runs `findmnt -T /dev/shm` and breaks on three),
# and it is noexec.  With private-dev: without it the host's /dev comes
# with its own /dev/shm mounts under the sandbox's (a bind in a user
# namespace takes the submounts along, locked).
test_fs_noexec_twice_on_dev_shm_stacks_no_mount() {
	fs_setup || return 1
	fs_profile "private-dev" "noexec /dev/shm" "noexec /dev/shm"
	local out
	out=$(fsbox sh -c 'awk "\$5 == \"/dev/shm\" {print \$6}" /proc/self/mountinfo' 2>&1)
	eq "$(printf '%s\n' "$out" | wc -l)" 1 || { echo "$out"; return 1; }
	case ,$out, in *,noexec,*) ;; *) echo "not noexec: $out"; return 1 ;; esac
}
