# Shipped profiles (profiles/), sourced by suite.sh: every profile loads
# under --strict; for each, its program starts under it where it is
# installed, and one thing the profile hides and one thing it keeps are
# checked from inside (the program is one that `make deps` installs: a
# missing one fails its test).  Everything a test creates in home is removed after it.

PD=${NESTBOX_PROFILE_DIR:-}

# --- helpers ----------------------------------------------------------------

# Every path of home (4 levels, $P aside): what a test adds is what is new.
shipped_home_list() {
	find "$HOME" -mindepth 1 -maxdepth 4 -path "$P" -prune -o -print 2>/dev/null |
		LC_ALL=C sort
}

# Run a test, then remove whatever it (or a profile's `mkdir`) added to home.
shipped_isolated() {
	local before=$WORK/shipped-home.before rc
	shipped_home_list > "$before"
	"$@"
	rc=$?
	shipped_home_list | LC_ALL=C comm -13 "$before" - |
		while IFS= read -r f; do rm -rf -- "$f"; done
	return $rc
}

# ${DOWNLOADS}-style directories as the profile reader resolves them.
shipped_xdg() { # DOWNLOAD|DOCUMENTS|... FALLBACK
	local v
	v=$(sed -n "s/^XDG_$1_DIR=\"\(.*\)\"$/\1/p" "$HOME/.config/user-dirs.dirs" 2>/dev/null | tail -1)
	v=${v//\$HOME/$HOME}
	if [ -n "$v" ] && [ "$v" != "$HOME" ]; then echo "$v"; else echo "$HOME/$2"; fi
}

shipped_path() { # home-relative path, or @DOWNLOADS/...
	case $1 in
	@DOWNLOADS/*) echo "$(shipped_xdg DOWNLOAD Downloads)/${1#@DOWNLOADS/}" ;;
	*) echo "$HOME/$1" ;;
	esac
}

shipped_plant() { # PATH CONTENT: a file on the host, parents created
	mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" > "$1" && chmod 600 "$1"
}

# Run under a shipped profile, strictly (all of it enforced), from home.
shipped_run() { # NAME PROGRAM [ARGS...]
	local name=$1
	shift
	(cd "$HOME" && "$NB" --strict --quiet --profile="$PD/$name.profile" "$@")
}

# The profile or one it includes keeps only some programs on $PATH.
shipped_has_private_bin() { # NAME
	local f=$PD/$1.profile inc
	grep -q '^private-bin ' "$f" && return 0
	for inc in $(sed -n 's/^include \(.*\.profile\)$/\1/p' "$f"); do
		grep -q '^private-bin ' "$PD/$inc" 2>/dev/null && return 0
	done
	return 1
}

# Run a shell script under the profile.  A profile with private-bin leaves
# no shell on $PATH: its wrapper ignores private-bin and nothing else.
shipped_sh() { # NAME SCRIPT [ARGS...]
	local name=$1 script=$2 prof=$PD/$1.profile
	shift 2
	if shipped_has_private_bin "$name"; then
		prof=$P/shipped-$name-with-sh.profile
		printf 'ignore private-bin\ninclude %s\n' "$PD/$name.profile" > "$prof"
	fi
	(cd "$HOME" && "$NB" --strict --quiet --profile="$prof" sh -c "$script" sh "$@")
}

# FILE was planted with SECRET; OUT is what reading it inside gave, RC its
# status ("-" for programs that exit 0 after reporting an unreadable file).
shipped_hidden() { # FILE SECRET RC OUT HOW(denied|absent|any)
	[ "$3" != 0 ] || { echo "read $1 inside: $4"; return 1; }
	case $4 in *"$2"*) echo "$1 leaked: $4"; return 1 ;; esac
	case $5 in
	denied) [[ ${4,,} == *"permission denied"* ]] || { echo "$1: expected EACCES, got: $4"; return 1; } ;;
	absent) [[ $4 == *"No such file"* ]] || { echo "$1: expected ENOENT, got: $4"; return 1; } ;;
	esac
	echo "hidden: $1"
}

# --- every profile loads ----------------------------------------------------

shipped_load_all() { # extra nestbox options...
	local f out n=0 bad=0
	[ -d "$PD" ] || { echo "NESTBOX_PROFILE_DIR not set or missing: '$PD'"; return 1; }
	[ -f "$PD/default.profile" ] || { echo "no default.profile"; return 1; }
	for f in "$PD"/*.profile; do
		if ! out=$("$NB" "$@" --profile="$f" --dry-run true 2>&1 >/dev/null) ||
			printf '%s\n' "$out" | grep -Eqi 'unknown directive|error'; then
			echo "$(basename "$f"): $out"
			bad=$((bad + 1))
		fi
		[ "$(basename "$f")" = default.profile ] || n=$((n + 1))
	done
	echo "$n program profiles + default.profile, $bad failed"
	[ "$bad" = 0 ] && [ "$n" -ge 25 ]
}

test_shipped_profiles_parse() {
	shipped_load_all
}

# --strict: a directive nestbox does not enforce would be an error.
test_shipped_profiles_load_strict() {
	shipped_load_all --strict
}

# Each .inc says what it is for; each profile first reads its .local file.
test_shipped_profiles_follow_conventions() {
	local f first bad=0
	for f in "$PD"/*.inc; do
		head -1 "$f" | grep -q "^# $(basename "$f"): " ||
			{ echo "$(basename "$f") does not start with '# NAME: what it is for'"; bad=1; }
	done
	for f in "$PD"/*.profile; do
		first=$(grep -v -e '^#' -e '^$' -e '^quiet$' "$f" | head -1)
		[ "$first" = "include $(basename "$f" .profile).local" ] ||
			{ echo "$(basename "$f"): first line '$first'"; bad=1; }
	done
	# firejail's own include names must not be shadowed
	for f in "$PD"/*.inc; do
		case $(basename "$f") in nestbox-*) ;; *) echo "$f: not nestbox-*"; bad=1 ;; esac
	done
	return $bad
}

# --- per program: starts; hides one thing; keeps one -----------------------

# profile|program|start command|planted secret|hidden as|kept path|kept as
# Paths are home-relative (@DOWNLOADS = ${DOWNLOADS}).  "denied": a
# blacklisted path (EACCES); "absent": home is whitelisted, it is not there.
# "write": written inside, seen on the host; "read": planted, read inside.
SHIPPED_TABLE='
default|sh|sh -c true|.ssh/id_nbtest|denied|Documents/nbtest-kept|write
firefox|firefox|firefox --version|.ssh/id_nbtest|absent|@DOWNLOADS/nbtest-kept|write
firefox-esr|firefox-esr|firefox-esr --version|.config/chromium/nbtest|absent|@DOWNLOADS/nbtest-kept|write
chromium|chromium|chromium --version|.mozilla/nbtest|absent|@DOWNLOADS/nbtest-kept|write
thunderbird|thunderbird|thunderbird --version|.ssh/id_nbtest|absent|.thunderbird/nbtest-kept|write
transmission-gtk|transmission-gtk|transmission-gtk --version|.gnupg/nbtest|absent|@DOWNLOADS/nbtest-kept|write
libreoffice|libreoffice|libreoffice --version|.password-store/nbtest.gpg|denied|Documents/nbtest-kept|write
soffice|soffice|soffice --version|.local/share/keyrings/nbtest.keyring|denied|Documents/nbtest-kept|write
evince|evince|evince --version|.gnupg/nbtest|denied|Documents/nbtest-kept|read
okular|okular|okular --version|.password-store/nbtest.gpg|denied|Documents/nbtest-kept|read
eog|eog|eog --version|.local/share/keyrings/nbtest.keyring|denied|Pictures/nbtest-kept|read
gimp|gimp|gimp --version|.mozilla/nbtest|denied|Pictures/nbtest-kept|write
inkscape|inkscape|inkscape --version|.config/chromium/nbtest|denied|Pictures/nbtest-kept|write
vlc|vlc|vlc --version|.aws/credentials|denied|Videos/nbtest-kept|read
mpv|mpv|mpv --version|.kube/config|denied|Music/nbtest-kept|read
audacity|audacity|audacity --version|.netrc|denied|Music/nbtest-kept|write
gedit|gedit|gedit --version|.docker/config.json|denied|Documents/nbtest-kept|write
mousepad|mousepad|mousepad --version|.thunderbird/nbtest|denied|Documents/nbtest-kept|write
xterm|xterm|xterm -version|.ssh/id_nbtest|denied|Documents/nbtest-kept|write
zathura|zathura|zathura --help|.gnupg/nbtest|denied|Documents/nbtest-kept|read
feh|feh|feh --version|.ssh/id_nbtest|denied|Pictures/nbtest-kept|read
curl|curl|curl --version|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
wget|wget|wget --version|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
git|git|git --version|.aws/credentials|denied|.ssh/id_nbtest|read
ssh|ssh|ssh -V|.gnupg/nbtest|denied|.ssh/id_nbtest|read
scp|scp|ssh -V|.password-store/nbtest.gpg|denied|.ssh/id_nbtest|read
sftp|sftp|ssh -V|.aws/credentials|denied|.ssh/id_nbtest|read
python3|python3|python3 -c print(1)|.ssh/id_nbtest|denied|nbtest-project/out|write
node|node|node --version|.npmrc|denied|nbtest-project/out|write
nodejs|nodejs|nodejs --version|.ssh/id_nbtest|denied|nbtest-project/out|write
unzip|unzip|unzip -v|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
7z|7z|7z i|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
7za|7za|7za i|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
7zr|7zr|7zr i|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
pdftotext|pdftotext|pdftotext -v|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
less|less|less --version|.ssh/id_nbtest|denied|Documents/nbtest-kept|read
tar|tar|tar --version|.ssh/id_nbtest|denied|@DOWNLOADS/nbtest-kept|write
'

# The profile's confinement seen by /bin/sh: the secret cannot be read,
# the kept path can be written (and is seen on the host) or read.
shipped_confinement_by_sh() { # NAME SECRET-PATH HOW KEPT-PATH KEPT-AS
	local name=$1 secret=$2 how=$3 kept=$4 kmode=$5 out rc got
	local s=NBSECRET-$name k=NBKEPT-$name
	shipped_plant "$secret" "$s" || return 1
	[ "$kmode" = read ] && { shipped_plant "$kept" "$k" || return 1; }
	[ "$kmode" = write ] && { mkdir -p "$(dirname "$kept")" || return 1; }
	shipped_has_private_bin "$name" && echo "(sh run with private-bin ignored: it leaves no shell)"
	out=$(shipped_sh "$name" '
		if o=$(cat "$1" 2>&1); then echo "SECRET-READ:$o"; else echo "SECRET-FAILED:$o"; fi
		case $2 in
		write) printf "%s\n" "$3" > "$4" ;;
		read) cat "$4" ;;
		esac' "$secret" "$kmode" "$k" "$kept" 2>&1)
	rc=$?
	got=$(printf '%s\n' "$out" | grep '^SECRET-')
	case $got in
	SECRET-READ:*) shipped_hidden "$secret" "$s" 0 "$out" "$how" || return 1 ;;
	SECRET-FAILED:*) shipped_hidden "$secret" "$s" 1 "${got#SECRET-FAILED:}" "$how" || return 1 ;;
	*) echo "the sandbox did not run the check (rc $rc): $out"; return 1 ;;
	esac
	[ $rc = 0 ] || { echo "kept path $kept ($kmode) failed inside: $out"; return 1; }
	case $kmode in
	write) eq "$(cat "$kept" 2>&1)" "$k" || return 1 ;;
	read) printf '%s\n' "$out" | grep -qx "$k" || { echo "read $kept inside: $out"; return 1; } ;;
	esac
	echo "kept: $kept ($kmode)"
}

shipped_case() { # NAME
	local row name prog start secret how kept kmode
	row=$(printf '%s\n' "$SHIPPED_TABLE" | grep "^$1|")
	IFS='|' read -r name prog start secret how kept kmode <<< "$row"
	[ -f "$PD/$name.profile" ] || { echo "no $PD/$name.profile"; return 1; }
	secret=$(shipped_path "$secret")
	kept=$(shipped_path "$kept")
	if command -v "$prog" > /dev/null && declare -F "shipped_with_${name//-/_}" > /dev/null; then
		"shipped_with_${name//-/_}" "$secret" "$kept"
		return
	fi
	need "$prog" || return 1
	# shellcheck disable=SC2086 # the start command is words
	(cd "$HOME" && "$NB" --strict --quiet --env=QT_QPA_PLATFORM=offscreen \
		--profile="$PD/$name.profile" $start) > "$WORK/shipped-start.out" 2>&1 ||
		{ echo "$start failed under $name.profile:"; head -5 "$WORK/shipped-start.out"; return 1; }
	echo "$prog started: $start"
	shipped_confinement_by_sh "$name" "$secret" "$how" "$kept" "$kmode"
}

# One test per row: test_shipped_firefox_esr, test_shipped_7z, ...
while IFS='|' read -r shipped_name _; do
	[ -n "$shipped_name" ] || continue
	eval "test_shipped_${shipped_name//-/_}() { shipped_isolated shipped_case '$shipped_name'; }"
done <<< "$SHIPPED_TABLE"
unset shipped_name

# --- the programs themselves, where installed --------------------------------
# shipped_with_NAME SECRET-PATH KEPT-PATH: the program reads, fetches or
# extracts; the planted secret must not come out, the kept path must work.

shipped_make_zip() { # ZIP MEMBER CONTENT
	mkdir -p "$(dirname "$1")" && python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr(sys.argv[2], sys.argv[3] + "\n")' "$@"
}

# A one-page PDF whose only text is TEXT (offsets computed, so it is valid).
shipped_make_pdf() { # PDF TEXT
	mkdir -p "$(dirname "$1")" && python3 -c '
import sys
s = "BT /F1 24 Tf 72 700 Td (%s) Tj ET" % sys.argv[2]
objs = ["<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(s), s),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out, offs = "%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += "%d 0 obj\n%s\nendobj\n" % (i, o)
x = len(out)
out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += "".join("%010d 00000 n \n" % o for o in offs)
out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "w").write(out)' "$@"
}

# Audacity needs a display even for --version: it runs in the desktop
# session (session.sh), on its X server.
shipped_with_audacity() {
	local secret=$1 kept=$2 rc
	session_start || return 1
	timeout 60 "$NB" --strict --quiet --profile="$PD/audacity.profile" \
		audacity --version > "$WORK/audacity.out" 2>&1
	rc=$?
	session_stop || return 1
	[ "$rc" = 0 ] || { echo "audacity --version exited $rc under audacity.profile:"; grep -v '^$' "$WORK/audacity.out" | head -5; return 1; }
	echo "audacity started on the session's display: audacity --version"
	shipped_confinement_by_sh audacity "$secret" denied "$kept" write
}

shipped_with_curl() {
	local secret=$1 kept=$2 out rc
	shipped_run curl curl --version | grep -q '^curl ' || { echo "curl --version failed"; return 1; }
	shipped_plant "$secret" NBSECRET-curl || return 1
	out=$(shipped_run curl curl -sS "file://$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-curl $rc "$out" any || return 1
	shipped_plant "$kept.src" NBKEPT-curl || return 1
	shipped_run curl curl -sS -o "$kept" "file://$kept.src" || return 1
	eq "$(cat "$kept")" NBKEPT-curl && echo "kept: curl -o $kept"
}

shipped_with_wget() {
	local secret=$1 kept=$2
	shipped_run wget wget --version | grep -q '^GNU Wget' || { echo "wget --version failed"; return 1; }
	shipped_plant "$secret" NBSECRET-wget || return 1
	mkdir -p "$(dirname "$kept")"
	# -i reads URLs from the secret; -o logs into the downloads directory
	# (wget exits 0 when the list of URLs cannot be read: the log says it)
	shipped_run wget wget -nv -o "$kept.log" -i "$secret"
	[ -f "$kept.log" ] || { echo "no log written to $kept.log"; return 1; }
	shipped_hidden "$secret" NBSECRET-wget - "$(cat "$kept.log")" denied || return 1
	echo "kept: wget -o $kept.log"
}

shipped_with_git() {
	local secret=$1 kept=$2 out rc
	shipped_run git git --version | grep -q '^git version' || { echo "git --version failed"; return 1; }
	shipped_plant "$secret" NBSECRET-git || return 1
	out=$(shipped_run git git hash-object "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-git $rc "$out" denied || return 1
	# ~/.ssh stays readable for SSH remotes: same object id as on the host
	shipped_plant "$kept" NBKEPT-git || return 1
	eq "$(shipped_run git git hash-object "$kept" 2>&1)" "$(git hash-object "$kept")" &&
		echo "kept: $kept"
}

# ssh -G parses a configuration and prints the result, connecting nowhere.
shipped_ssh_family() { # NAME SECRET KEPT
	local name=$1 secret=$2 kept=$3 out rc
	# scp and sftp have no version option: their profile runs ssh -V
	shipped_run "$name" ssh -V 2>&1 | grep -q '^OpenSSH' || { echo "ssh -V failed under $name.profile"; return 1; }
	shipped_plant "$secret" "User nbsecretuser" || return 1
	out=$(shipped_run "$name" ssh -G -F "$secret" nbtest.invalid 2>&1)
	rc=$?
	shipped_hidden "$secret" nbsecretuser $rc "$out" denied || return 1
	shipped_plant "$kept" "User nbkeptuser" || return 1
	out=$(shipped_run "$name" ssh -G -F "$kept" nbtest.invalid 2>&1)
	printf '%s\n' "$out" | grep -qx 'user nbkeptuser' || { echo "ssh -G -F $kept: $out" | head -5; return 1; }
	echo "kept: $kept"
}
shipped_with_ssh() { shipped_ssh_family ssh "$@"; }
shipped_with_scp() { shipped_ssh_family scp "$@"; }
shipped_with_sftp() { shipped_ssh_family sftp "$@"; }

shipped_with_python3() {
	local secret=$1 kept=$2 out rc
	eq "$(shipped_run python3 python3 -c 'print(1)')" 1 || return 1
	shipped_plant "$secret" NBSECRET-python3 || return 1
	out=$(shipped_run python3 python3 -c 'import sys; print(open(sys.argv[1]).read())' "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-python3 $rc "$out" denied || return 1
	mkdir -p "$(dirname "$kept")"
	shipped_run python3 python3 -c 'import sys; open(sys.argv[1], "w").write("NBKEPT-python3")' "$kept" || return 1
	eq "$(cat "$kept")" NBKEPT-python3 && echo "kept: $kept"
}

shipped_node_family() { # NAME SECRET KEPT
	local name=$1 secret=$2 kept=$3 out rc
	shipped_run "$name" "$name" --version | grep -q '^v[0-9]' || { echo "$name --version failed"; return 1; }
	shipped_plant "$secret" "NBSECRET-$name" || return 1
	out=$(shipped_run "$name" "$name" -e 'console.log(require("fs").readFileSync(process.argv[1], "utf8"))' "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" "NBSECRET-$name" $rc "$out" denied || return 1
	mkdir -p "$(dirname "$kept")"
	shipped_run "$name" "$name" -e 'require("fs").writeFileSync(process.argv[1], "NBKEPT-node")' "$kept" || return 1
	eq "$(cat "$kept")" NBKEPT-node && echo "kept: $kept"
}
shipped_with_node() { shipped_node_family node "$@"; }
shipped_with_nodejs() { shipped_node_family nodejs "$@"; }

shipped_with_unzip() {
	local secret=$1.zip kept=$2 out rc
	shipped_run unzip unzip -v > /dev/null || { echo "unzip -v failed"; return 1; }
	shipped_make_zip "$secret" secret.txt NBSECRET-unzip || return 1
	out=$(shipped_run unzip unzip -p "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-unzip $rc "$out" any || return 1
	shipped_make_zip "$kept.zip" kept.txt NBKEPT-unzip || return 1
	shipped_run unzip unzip -q -o "$kept.zip" -d "$kept" || return 1
	eq "$(cat "$kept/kept.txt")" NBKEPT-unzip && echo "kept: extracted into $kept"
}

shipped_7z_family() { # NAME SECRET KEPT
	local name=$1 secret=$2.zip kept=$3 out rc
	shipped_run "$name" "$name" i > /dev/null || { echo "$name i failed"; return 1; }
	shipped_make_zip "$secret" secret.txt "NBSECRET-$name" || return 1
	out=$(shipped_run "$name" "$name" x -so "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" "NBSECRET-$name" $rc "$out" any || return 1
	shipped_make_zip "$kept.zip" kept.txt "NBKEPT-$name" || return 1
	shipped_run "$name" "$name" x -y "-o$kept" "$kept.zip" > /dev/null || return 1
	eq "$(cat "$kept/kept.txt")" "NBKEPT-$name" && echo "kept: extracted into $kept"
}
shipped_with_7z() { shipped_7z_family 7z "$@"; }
shipped_with_7za() { shipped_7z_family 7za "$@"; }
shipped_with_7zr() {
	# 7zr reads only .7z archives: make one with 7z on the host
	local secret=$1.7z kept=$2 out rc
	command -v 7z > /dev/null || { echo "7zr without 7z on the host"; return 1; }
	shipped_run 7zr 7zr i > /dev/null || { echo "7zr i failed"; return 1; }
	shipped_plant "$WORK/secret.txt" NBSECRET-7zr && mkdir -p "$(dirname "$secret")" &&
		7z a -bd "$secret" "$WORK/secret.txt" > /dev/null || return 1
	out=$(shipped_run 7zr 7zr x -so "$secret" 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-7zr $rc "$out" any || return 1
	shipped_plant "$WORK/kept.txt" NBKEPT-7zr && mkdir -p "$(dirname "$kept")" &&
		7z a -bd "$kept.7z" "$WORK/kept.txt" > /dev/null || return 1
	shipped_run 7zr 7zr x -y "-o$kept" "$kept.7z" > /dev/null || return 1
	eq "$(cat "$kept/kept.txt")" NBKEPT-7zr && echo "kept: extracted into $kept"
}

shipped_with_pdftotext() {
	local secret=$1.pdf kept=$2 out rc
	shipped_run pdftotext pdftotext -v 2>&1 | grep -q '^pdftotext version' || { echo "pdftotext -v failed"; return 1; }
	shipped_make_pdf "$secret" NBSECRET-pdftotext || return 1
	out=$(shipped_run pdftotext pdftotext "$secret" - 2>&1)
	rc=$?
	shipped_hidden "$secret" NBSECRET-pdftotext $rc "$out" any || return 1
	# the text lands next to the PDF
	shipped_make_pdf "$kept.pdf" NBKEPT-pdftotext || return 1
	shipped_run pdftotext pdftotext "$kept.pdf" || return 1
	grep -q NBKEPT-pdftotext "$kept.txt" && echo "kept: $kept.txt written"
}

shipped_with_less() {
	local secret=$1 kept=$2 out
	shipped_run less less --version | grep -q '^less [0-9]' || { echo "less --version failed"; return 1; }
	shipped_plant "$secret" NBSECRET-less || return 1
	# not a terminal: less copies the file to stdout (and exits 0 either way)
	out=$(shipped_run less less "$secret" 2>&1 < /dev/null)
	shipped_hidden "$secret" NBSECRET-less - "$out" denied || return 1
	shipped_plant "$kept" NBKEPT-less || return 1
	eq "$(shipped_run less less "$kept" < /dev/null)" NBKEPT-less && echo "kept: $kept readable"
}

shipped_with_tar() {
	local secret=$1 kept=$2 rc
	shipped_run tar tar --version | grep -q '^tar (GNU tar)' || { echo "tar --version failed"; return 1; }
	shipped_plant "$secret" NBSECRET-tar || return 1
	shipped_run tar tar -cf - "$secret" > "$WORK/shipped.tar" 2> "$WORK/shipped-tar.err"
	rc=$?
	! grep -q NBSECRET-tar "$WORK/shipped.tar" || { echo "$secret archived from inside"; return 1; }
	shipped_hidden "$secret" NBSECRET-tar $rc "$(cat "$WORK/shipped-tar.err")" denied || return 1
	shipped_plant "$WORK/kept.txt" NBKEPT-tar || return 1
	mkdir -p "$kept" && tar -cf "$kept.tar" -C "$WORK" kept.txt || return 1
	shipped_run tar tar -xf "$kept.tar" -C "$kept" || return 1
	eq "$(cat "$kept/kept.txt")" NBKEPT-tar && echo "kept: extracted into $kept"
}

# --- groups ---------------------------------------------------------------

# nestbox-autostart.inc: start-up files stay readable, writing them fails.
shipped_startup_files_read_only() {
	local f=$HOME/.local/bin/nbtest-tool out
	shipped_plant "$f" '#!/bin/sh' || return 1
	out=$(shipped_sh default 'cat "$1" && { echo evil >> "$1"; } 2>&1; :' "$f" 2>&1)
	printf '%s\n' "$out" | grep -q 'Read-only file system' ||
		{ echo "writing $f inside: $out"; return 1; }
	eq "$(cat "$f")" '#!/bin/sh' || return 1
	printf '%s\n' "$out" | head -1 | grep -qx '#!/bin/sh' || { echo "not readable inside: $out"; return 1; }
}
test_shipped_default_startup_files_are_read_only() {
	shipped_isolated shipped_startup_files_read_only
}

# nestbox-interpreters.inc and nestbox-devel.inc: gone for a viewer, there
# for your shell.
shipped_viewer_without_interpreters() {
	local out
	out=$(shipped_sh evince 'for p in python3 perl gcc; do $p --version >/dev/null 2>&1 && echo "ran $p"; done; echo checked' 2>&1)
	eq "$out" checked || return 1
	out=$(shipped_sh default 'python3 -c "print(1)"')
	eq "$out" 1
}
test_shipped_viewer_has_no_interpreters_or_compilers() {
	shipped_isolated shipped_viewer_without_interpreters
}

# nestbox-secrets.inc: tokens in the environment go too; ssh keeps its agent.
shipped_tokens_removed() {
	local out
	out=$(GITHUB_TOKEN=t AWS_SECRET_ACCESS_KEY=k SSH_AUTH_SOCK=/nonexistent \
		shipped_sh default 'echo "${GITHUB_TOKEN-unset} ${AWS_SECRET_ACCESS_KEY-unset} ${SSH_AUTH_SOCK-unset}"')
	eq "$out" "unset unset unset" || return 1
	out=$(SSH_AUTH_SOCK=/run/nbtest-agent GITHUB_TOKEN=t \
		shipped_sh ssh 'echo "${SSH_AUTH_SOCK-unset} ${GITHUB_TOKEN-unset}"')
	eq "$out" "/run/nbtest-agent unset"
}
test_shipped_tokens_leave_the_environment() {
	shipped_isolated shipped_tokens_removed
}

# nestbox-browsers.inc: a browser sees its own profile, not another's.
shipped_browser_own_data_only() {
	local out
	shipped_plant "$HOME/.mozilla/nbtest" NBSECRET-own || return 1
	shipped_plant "$HOME/.config/chromium/nbtest" NBSECRET-other || return 1
	out=$(shipped_sh firefox 'cat ~/.mozilla/nbtest; cat ~/.config/chromium/nbtest 2>&1; :')
	printf '%s\n' "$out" | grep -qx NBSECRET-own || { echo "firefox lost its profile: $out"; return 1; }
	! printf '%s\n' "$out" | grep -q NBSECRET-other || { echo "firefox read chromium's: $out"; return 1; }
}
test_shipped_browser_sees_only_its_own_data() {
	shipped_isolated shipped_browser_own_data_only
}

# private-bin and private-etc: a downloader or archiver gets its own
# program and the /etc entries it names, nothing else.
shipped_no_shell() {
	local name rc bad=0
	for name in curl wget unzip pdftotext; do
		(cd "$HOME" && "$NB" --strict --quiet --profile="$PD/$name.profile" sh -c true) 2>/dev/null
		rc=$?
		[ $rc = 127 ] || { echo "$name.profile: sh -c true gave $rc, not 127 (not found)"; bad=1; }
	done
	return $bad
}
test_shipped_private_bin_leaves_no_shell() {
	shipped_isolated shipped_no_shell
}

shipped_archiver_sees_little() {
	local out allowed e
	# 7z.profile keeps sh (Debian's 7z is a script): its globbing lists
	out=$(shipped_run 7z sh -c 'command -v cat || echo no-cat; echo /usr/bin/*; echo /etc/*') ||
		{ echo "$out"; return 1; }
	printf '%s\n' "$out" | head -1 | grep -qx no-cat || { echo "$out"; return 1; }
	eq "$(printf '%s\n' "$out" | sed -n 2p)" "$(echo /usr/bin/7z /usr/bin/7za /usr/bin/7zr /usr/bin/7zz /usr/bin/dash /usr/bin/sh |
		tr ' ' '\n' | while read -r e; do [ -e "$e" ] && echo "$e"; done | tr '\n' ' ' | sed 's/ $//')" || return 1
	allowed=$(sed -n 's/^private-etc //p' "$PD/7z.profile" | tr ',' ' ')
	for e in $(printf '%s\n' "$out" | sed -n 3p); do
		case " $allowed machine-id " in *" ${e#/etc/} "*) ;; *) echo "/etc shows $e"; return 1 ;; esac
	done
}
test_shipped_archiver_sees_only_what_it_needs() {
	command -v 7z > /dev/null || { echo "7z not installed"; return 1; }
	shipped_isolated shipped_archiver_sees_little
}

# --- firejail's options under firejail's profiles ---------------------------

# --allow-debuggers means what it means in firejail: strace, which
# firejail's disable-common.inc blacklists, is un-hidden, and
# disable-devel.inc (gdb, valgrind...) is not read; a debugger can then
# trace.  Without it both stay blacklisted.
test_allow_debuggers_unhides_strace_and_gdb() {
	[ -r /etc/firejail/default.profile ] || { echo "firejail-profiles not installed"; return 1; }
	command -v strace > /dev/null && command -v gdb > /dev/null ||
		{ echo "strace or gdb not installed (make deps)"; return 1; }
	mkdir -p "$P" && printf '%s\n' "include /etc/firejail/disable-devel.inc" \
		"include /etc/firejail/default.profile" > "$P/devel.profile" || return 1
	local cmd='strace -o /dev/null true; echo strace=$?; gdb --batch --version | head -1; echo gdb=$?'
	local out bad=0
	out=$("$NB" --quiet --profile="$P/devel.profile" sh -c "$cmd" 2>&1)
	printf '%s\n' "$out" | grep -q "strace: Permission denied" &&
		printf '%s\n' "$out" | grep -q "gdb: Permission denied" ||
		{ echo "without --allow-debuggers: $out"; bad=1; }
	out=$("$NB" --quiet --allow-debuggers --profile="$P/devel.profile" sh -c "$cmd" 2>&1)
	printf '%s\n' "$out" | grep -qx "strace=0" &&
		printf '%s\n' "$out" | grep -q "^GNU gdb" ||
		{ echo "with --allow-debuggers: $out"; bad=1; }
	# firejail's own default profile, as the issue names it
	out=$("$NB" --quiet --allow-debuggers --profile=/etc/firejail/default.profile strace -o /dev/null true 2>&1) ||
		{ echo "default.profile --allow-debuggers: $out"; bad=1; }
	rm -f "$P/devel.profile"
	return $bad
}
