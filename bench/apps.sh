#!/bin/bash
# make bench: the real desktop programs (issue #17), each one's own job
# under nestbox's profile of its name beside no sandbox, alternated in one
# run (bare, nestbox, bare, nestbox...), in a desktop session
# (tests/integration/session.sh) as an unprivileged user:
#   a page rendered to a headless screenshot (browsers), a document
#   converted (LibreOffice), a clip played to its end (players), a window
#   mapped on the X server (the others: from the launch until xwininfo
#   lists it, then the program is ended, not timed).
# Prints, per program, the median of BENCH_APPS_RUNS runs (default 3) of
# each and their ratio; a job that fails under the sandbox says so in
# place of a time.  Never a test: times vary with the machine.
set -u
BIN=${1:-build/nestbox}
RUNS=${BENCH_APPS_RUNS:-3}
USER_SUB=${BENCH_USER:-nestbox-test}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" = 0 ] && [ -z "${BENCH_APPS_INNER:-}" ]; then
	. "$ROOT/tests/users.sh"
	ensure_user "$USER_SUB" yes > /dev/null || exit 1
	dir=$(mktemp -d /tmp/nestbox-bench.XXXXXX)
	trap 'rm -rf "$dir"' EXIT
	chmod 755 "$dir"
	cp "$BIN" "$dir/nestbox"
	cp "$ROOT/tests/integration/session.sh" "$dir/"
	cp "$ROOT/tests/integration/apps.sh" "$dir/apps-tests.sh"
	cp "$ROOT/bench/apps.sh" "$dir/bench-apps.sh"
	cp -r "$ROOT/profiles" "$dir/profiles"
	chmod -R a+rX "$dir"
	cd /tmp
	runuser -u "$USER_SUB" -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
		HOME="$(getent passwd "$USER_SUB" | cut -d: -f6)" \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_SUB")" \
		BENCH_APPS_INNER="$dir" BENCH_APPS_RUNS="$RUNS" \
		bash "$dir/bench-apps.sh" "$dir/nestbox"
	exit $?
fi

# --- as the unprivileged user -------------------------------------------
src=${BENCH_APPS_INNER:-$ROOT/tests/integration}
NB=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
NESTBOX_PROFILE_DIR=${BENCH_APPS_INNER:+$BENCH_APPS_INNER/profiles}
NESTBOX_PROFILE_DIR=${NESTBOX_PROFILE_DIR:-$ROOT/profiles}
ME=$(id -u)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
skip() { echo "skip: $*"; }
none_left() { return 0; }
. "$src/session.sh"
if [ -n "${BENCH_APPS_INNER:-}" ]; then . "$src/apps-tests.sh"; else . "$src/apps.sh"; fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# One run of JOB (a function below), bare or under nestbox's profile of
# NAME: prints its time in ms, or "fail".
PFX=()
use() { # bare|nestbox NAME
	if [ "$1" = bare ]; then PFX=()
	else PFX=("$NB" --quiet --profile="$NESTBOX_PROFILE_DIR/$2.profile")
	fi
}

# A job whose end is its exit (status 0) and, when given, FILE made.
job_exit() { # FILE COMMAND...
	local file=$1 t0 t1
	shift
	[ -n "$file" ] && rm -f "$file"
	t0=$(now_ms)
	timeout -k 5 120 "${PFX[@]}" "$@" > "$WORK/job.log" 2>&1 || { echo fail; return; }
	t1=$(now_ms)
	[ -z "$file" ] || [ -s "$file" ] || { echo fail; return; }
	echo $((t1 - t0))
}

# A job whose end is a window matching REGEX mapped; the program is then
# ended (not timed).
job_window() { # REGEX COMMAND...
	local re=$1 t0 t1 pid w=
	shift
	t0=$(now_ms)
	timeout -k 5 120 "${PFX[@]}" "$@" > "$WORK/job.log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2> /dev/null; do
		w=$(session_window "$re") && [ -n "$w" ] && break
		[ $(($(now_ms) - t0)) -gt 60000 ] && break
		sleep 0.02
	done
	t1=$(now_ms)
	kill -TERM "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	[ -n "$w" ] && echo $((t1 - t0)) || echo fail
}

D=$AP_DIR
bench_chromium() {
	rm -rf "$HOME/.config/chromium/nbt-bench"
	job_exit "$D/bench.png" chromium --headless --user-data-dir="$HOME/.config/chromium/nbt-bench" \
		--window-size=400,300 --screenshot="$D/bench.png" "file://$D/page.html"
}
bench_firefox() {
	local p=$HOME/.mozilla/firefox/nbt-bench
	rm -rf "$p" && mkdir -p "$p"
	job_exit "$D/bench.png" firefox-esr --headless --no-remote --profile "$p" \
		--window-size=400,300 --screenshot "$D/bench.png" "file://$D/page.html"
}
bench_libreoffice() {
	rm -rf "$HOME/.config/libreoffice/nbt-bench"
	job_exit "$D/letter.pdf" soffice --headless "-env:UserInstallation=file://$HOME/.config/libreoffice/nbt-bench" \
		--convert-to pdf --outdir "$D" "$D/letter.txt"
}
bench_mpv() { job_exit "" mpv --ao=pulse --vo=x11 --no-config "$D/clip.mkv"; }
bench_vlc() { job_exit "" vlc -I dummy --aout=pulse --play-and-exit --no-qt-privacy-ask "$D/clip.mkv"; }
bench_evince() { job_window doc.pdf evince "$D/doc.pdf"; }
bench_okular() { job_window doc.pdf okular "$D/doc.pdf"; }
bench_zathura() { job_window doc.pdf zathura "$D/doc.pdf"; }
bench_eog() { job_window image.png eog "$D/image.png"; }
bench_feh() { job_window image.png feh "$D/image.png"; }
bench_gimp() { job_window 'image.*GIMP' gimp --no-splash "$D/image.png"; }
bench_inkscape() { job_window 'drawing.*Inkscape' inkscape "$D/drawing.svg"; }
bench_gedit() { job_window notes.txt gedit "$D/notes.txt"; }
bench_mousepad() { job_window notes.txt mousepad "$D/notes.txt"; }
bench_xterm() { job_window nbt-term xterm -T nbt-term -e sleep 60; }
bench_transmission() { job_window transmission transmission-gtk; }
bench_thunderbird() {
	local p=$HOME/.thunderbird/nbt-bench
	rm -rf "$p" && mkdir -p "$p"
	job_window thunderbird thunderbird --no-remote --profile "$p"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

ap_docs || exit 1
session_start || exit 1
echo "real programs, their own job, bare beside nestbox's profile; $RUNS runs each, alternated; median ms"
printf '%-13s %-22s %8s %8s %7s\n' program job bare nestbox ratio
rc=0
for name in firefox-esr:firefox chromium:chromium libreoffice:libreoffice mpv:mpv vlc:vlc \
	evince:evince okular:okular zathura:zathura eog:eog feh:feh gimp:gimp \
	inkscape:inkscape gedit:gedit mousepad:mousepad xterm:xterm \
	transmission-gtk:transmission thunderbird:thunderbird; do
	prof=${name%%:*} fn=bench_${name#*:}
	case $fn in
	bench_firefox|bench_chromium) what="page to a screenshot" ;;
	bench_libreoffice) what="txt converted to pdf" ;;
	bench_mpv|bench_vlc) what="2 s clip played" ;;
	*) what="window mapped" ;;
	esac
	bare= sbx= failed=
	for i in $(seq 1 "$RUNS"); do
		use bare "$prof"; t=$($fn); [ "$t" = fail ] && failed="$failed bare" || bare="$bare $t"
		use nestbox "$prof"; t=$($fn); [ "$t" = fail ] && failed="$failed nestbox" || sbx="$sbx $t"
	done
	mb=$(echo "$bare" | median) ms=$(echo "$sbx" | median)
	if [ "$mb" != - ] && [ "$ms" != - ]; then
		ratio=$(awk -v a="$ms" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')
	else
		ratio=-
	fi
	printf '%-13s %-22s %8s %8s %7s' "$prof" "$what" "$mb" "$ms" "$ratio"
	[ -n "$failed" ] && printf '  (failed:%s)' "$(echo $failed | tr ' ' '\n' | sort | uniq -c | awk '{ printf " %s x%s", $2, $1 }')"
	echo
done
rm -rf "$HOME/.config/chromium/nbt-bench" "$HOME/.mozilla/firefox/nbt-bench" \
	"$HOME/.config/libreoffice/nbt-bench" "$HOME/.thunderbird/nbt-bench" "$D/bench.png"
session_stop || rc=1
exit $rc
