# --ls, --get, --put (issue 18: firejail's file transfer), sourced by
# suite.sh: files copied into and out of a running sandbox, the sandbox
# side confined as its program is (a blacklisted path stays unreadable,
# a symlink the sandbox planted leads nowhere the program could not go),
# the host side the caller's own (nothing overwritten, no link followed).
# Sandboxes are started with manage.sh's mg_start and killed after.

FC=$P/filecopy

fc_setup() {
	rm -rf "$FC" && mkdir -p "$FC/out" || return 1
}

test_filecopy_put_then_get_gives_the_same_file_and_ls_shows_it() {
	fc_setup || return 1
	head -c 200000 /dev/urandom > "$FC/data.bin" && printf 'a\nb\n' > "$FC/text"
	mg_start fcround --noprofile sleep 60 || return 1
	local out bad=0 me
	me=$(id -un)
	"$NB" --put=fcround "$FC/data.bin" /tmp/data.bin || bad=1
	"$NB" --put=fcround "$FC/text" /tmp/text || bad=1
	out=$("$NB" --ls=fcround /tmp)
	printf '%s\n' "$out" | grep -Eq "^-rw-r--r-- $me +[^ ]+ +200000 data.bin$" &&
		printf '%s\n' "$out" | grep -Eq "^-rw-r--r-- $me +[^ ]+ +4 text$" &&
		printf '%s\n' "$out" | grep -Eq "^d[rwxt-]{9} .* \.$" || { echo "ls: $out"; bad=1; }
	# the program sees what was put, as its own user's file
	eq "$("$NB" --join=fcround sh -c 'stat -c %U /tmp/data.bin; cat /tmp/text')" "$me
a
b" || bad=1
	(cd "$FC/out" && "$NB" --get=fcround /tmp/data.bin) || bad=1
	cmp "$FC/data.bin" "$FC/out/data.bin" || bad=1
	# a single file lists as itself
	out=$("$NB" --ls=fcround /tmp/text)
	printf '%s\n' "$out" | grep -Eq "^-rw-r--r-- $me +[^ ]+ +4 /tmp/text$" || { echo "ls file: $out"; bad=1; }
	mg_cleanup "$MG_PID"
	return $bad
}

# The sandbox side has the program's confinement: a blacklisted file
# cannot be got, not by its name, not through a link planted inside;
# what failed leaves nothing in the caller's directory.
test_filecopy_get_cannot_read_a_blacklisted_path() {
	fc_setup || return 1
	echo secret-data > "$FC/secret"
	# private-tmp: the link is planted in the sandbox's own /tmp (without
	# it /tmp is the host's, as under firejail)
	printf '%s\n' private-tmp "blacklist $FC/secret" > "$FC/p.profile"
	mg_start fcblack --profile="$FC/p.profile" sh -c "ln -s $FC/secret /tmp/link; exec sleep 60" || return 1
	local out rc bad=0
	out=$(cd "$FC/out" && "$NB" --get=fcblack "$FC/secret" 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --get $FC/secret: Permission denied" || bad=1
	out=$(cd "$FC/out" && "$NB" --get=fcblack /tmp/link 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --get /tmp/link: Permission denied" || bad=1
	out=$("$NB" --ls=fcblack "$FC" 2>&1)
	printf '%s\n' "$out" | grep -q " secret$" || { echo "ls: $out"; bad=1; }
	[ -z "$(ls -A "$FC/out")" ] || { echo "left in the caller's directory:"; ls -la "$FC/out"; bad=1; }
	mg_cleanup "$MG_PID"
	return $bad
}

# A symlink planted in the sandbox toward a host path: --put neither
# writes through it (no link followed at the destination, no file
# replaced) nor reaches the host through a linked directory the sandbox
# hides; where the program cannot write (read-only), neither can --put;
# --get reads only what the sandbox shows.
test_filecopy_a_planted_symlink_does_not_reach_the_host() {
	fc_setup || return 1
	mkdir "$FC/hostdir" "$FC/rodir" && echo host-original > "$FC/hostfile" && echo payload > "$FC/payload"
	printf '%s\n' private-tmp "blacklist $FC/hostdir" "read-only $FC/rodir" > "$FC/p.profile"
	mg_start fclink --profile="$FC/p.profile" \
		sh -c "ln -s $FC/hostfile /tmp/tofile; ln -s $FC/hostdir /tmp/todir; ln -s /etc/hostname /tmp/toetc; exec sleep 60" || return 1
	local out rc bad=0
	out=$("$NB" --put=fclink "$FC/payload" /tmp/tofile 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --put /tmp/tofile: File exists" || bad=1
	out=$("$NB" --put=fclink "$FC/payload" /tmp/todir/new 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --put /tmp/todir/new: Permission denied" || bad=1
	out=$("$NB" --put=fclink "$FC/payload" "$FC/rodir/new" 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --put $FC/rodir/new: Read-only file system" && [ ! -e "$FC/rodir/new" ] || bad=1
	eq "$(cat "$FC/hostfile")" host-original || bad=1
	[ -z "$(ls -A "$FC/hostdir")$(ls -A "$FC/rodir")" ] || { echo "written on the host:"; ls -la "$FC/hostdir" "$FC/rodir"; bad=1; }
	# what the sandbox shows is what --get reads: its /etc, not more
	(cd "$FC/out" && "$NB" --get=fclink /tmp/toetc) || bad=1
	cmp -s "$FC/out/toetc" /etc/hostname || { echo "toetc differs"; bad=1; }
	mg_cleanup "$MG_PID"
	return $bad
}

# The caller's side: --get never overwrites nor follows a link in the
# caller's directory; a sandbox that is not the caller's, a missing
# path, a missing operand: 125, nothing started.
test_filecopy_refuses_overwrites_and_unknown_sandboxes() {
	fc_setup || return 1
	mg_start fcmine --noprofile sh -c 'echo new > /tmp/f; exec sleep 60' || return 1
	local out rc bad=0
	echo old > "$FC/out/f"
	out=$(cd "$FC/out" && "$NB" --get=fcmine /tmp/f 2>&1)
	rc=$?
	eq "$rc $out $(cat "$FC/out/f")" "125 nestbox: --get: f: File exists old" || bad=1
	rm "$FC/out/f" && ln -s "$FC/target" "$FC/out/f"
	out=$(cd "$FC/out" && "$NB" --get=fcmine /tmp/f 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --get: f: File exists" && [ ! -e "$FC/target" ] ||
		{ echo "through a link"; bad=1; }
	out=$("$NB" --ls=1 / 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: no running sandbox of yours is named '1' or has that id or pid (nestbox --list)" || bad=1
	out=$("$NB" --ls=fcmine 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --ls=fcmine takes PATH" || bad=1
	out=$("$NB" --put=fcmine /etc/hostname 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --put=fcmine takes SRC DEST" || bad=1
	out=$("$NB" --ls=fcmine /nowhere 2>&1)
	rc=$?
	eq "$rc $out" "125 nestbox: --ls /nowhere: No such file or directory" || bad=1
	mg_cleanup "$MG_PID"
	return $bad
}
