#!/bin/sh
# tests/dryrun-compare.sh OLD NEW [USER]: --dry-run of every firejail
# profile (/etc/firejail) and every shipped one (profiles/) with two
# nestbox binaries, back to back (the host changes under a long session:
# a package installed between the runs changes the plans), as USER
# (default nestbox-test, run as root), then the files that differ.  For
# a refactoring that must not change what a launch does.  The outputs
# stay in $DRYRUN_OUT (default a temporary directory, printed).
set -u
[ $# -ge 2 ] || { echo "usage: $0 OLD NEW [USER]" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
USER_=${3:-nestbox-test}
OUT=${DRYRUN_OUT:-$(mktemp -d /tmp/nestbox-dryrun.XXXXXX)}
# each binary as .../nestbox: under another name it would start as a
# program's link (argv[0] dispatch)
mkdir -p "$OUT/old" "$OUT/new" "$OUT/bin/old" "$OUT/bin/new" || exit 1
cp "$1" "$OUT/bin/old/nestbox" && cp "$2" "$OUT/bin/new/nestbox" || exit 1
cp -r "$ROOT/profiles" "$OUT/shipped"
cat > "$OUT/run.sh" <<'EOF'
bin=$1 out=$2 shipped=$3
for f in /etc/firejail/*.profile "$shipped"/*.profile; do
	case $f in /etc/*) n=firejail-${f##*/} ;; *) n=shipped-${f##*/} ;; esac
	"$bin" --profile="$f" --dry-run true > "$out/$n" 2>&1
	echo "exit $?" >> "$out/$n"
done
"$bin" --noprofile --dry-run true > "$out/noprofile" 2>&1
echo "exit $?" >> "$out/noprofile"
EOF
chmod -R a+rwX "$OUT"
if [ "$(id -u)" = 0 ]; then
	. "$ROOT/tests/users.sh"
	ensure_user "$USER_" yes > /dev/null || exit 1
	as() {
		(cd /tmp && runuser -u "$USER_" -- env -i PATH=/usr/bin:/bin \
			HOME="$(getent passwd "$USER_" | cut -d: -f6)" \
			XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_")" "$@")
	}
else
	as() { env -i PATH=/usr/bin:/bin HOME="$HOME" \
		XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-}" "$@"; }
fi
for v in old new; do
	as sh "$OUT/run.sh" "$OUT/bin/$v/nestbox" "$OUT/$v" "$OUT/shipped"
done
n=$(ls "$OUT/new" | wc -l)
d=$(diff -rq "$OUT/old" "$OUT/new" | wc -l)
echo "dry-run: $d of $n outputs differ (in $OUT: old/, new/)"
[ "$d" = 0 ]
