#!/bin/bash
# make demo: run a program in the sandbox and show what it sees, bare
# (--noprofile) and under the shipped default.profile.  As root, the demo
# runs as the unprivileged user nestbox-test (created if needed), because a
# sandbox for normal users is only shown honestly by one.
set -u
BIN=${1:-build/nestbox}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

SCRIPT='
echo "whoami:        $(id -un) (uid $(id -u)), hostname $(hostname)"
echo "processes:     $(ps -e -o pid=,comm= | tr -s " " | tr "\n" ";")"
echo "capabilities:  $(grep CapEff /proc/self/status | tr -d "\t")"
echo "no_new_privs:  $(grep NoNewPrivs /proc/self/status | cut -f2), seccomp mode $(grep "^Seccomp:" /proc/self/status | cut -f2)"
echo "network:       $(ls /sys/class/net | tr "\n" " ")"
echo "/ holds:       $(ls / | tr "\n" " ")"
echo "/tmp holds:    $(ls -A /tmp | wc -l) entries"
printf "write /usr:    "; touch /usr/x 2>&1 | sed "s/.*: //"
printf "mount tmpfs:   "; python3 -c "import ctypes,os; l=ctypes.CDLL(None,use_errno=True); r=l.mount(b\"none\",b\"/tmp\",b\"tmpfs\",0,None); print(os.strerror(ctypes.get_errno()) if r else \"allowed?!\")"
'

# Under the shipped default.profile: a secret outside, hidden inside.
PROFILE_SCRIPT='
echo "profile:       $NESTBOX_DEMO_PROFILE"
printf "~/.ssh/id_demo: "; cat ~/.ssh/id_demo 2>&1 | sed "s/.*: //"
echo "network:       $(ls /sys/class/net | tr "\n" " ")"
printf "~/Downloads:   "; touch ~/Downloads/nestbox-demo 2>&1 && echo writable && rm ~/Downloads/nestbox-demo
'

run_demo() { # [runuser args...]
	echo "\$ nestbox --noprofile sh -c '...what do I see?...'"
	"$@" "$DEMO_BIN" --noprofile sh -c "$SCRIPT"
	echo "exit status: $?"
	echo
	"$@" sh -c 'mkdir -p ~/.ssh ~/Downloads && echo "a key (readable outside)" > ~/.ssh/id_demo &&
		printf "outside, ~/.ssh/id_demo: "; cat ~/.ssh/id_demo'
	echo "\$ nestbox --profile=default sh -c '...and under the shipped profile?...'"
	"$@" NESTBOX_DEMO_PROFILE="$DEMO_PROFILES/default.profile" \
		NESTBOX_PROFILE_DIR="$DEMO_PROFILES" "$DEMO_BIN" --quiet --profile=default \
		sh -c "$PROFILE_SCRIPT"
	echo "exit status: $?"
}

if [ "$(id -u)" = 0 ]; then
	. "$ROOT/tests/users.sh"
	ensure_user nestbox-test yes || exit 1
	dir=$(mktemp -d /tmp/nestbox-demo.XXXXXX)
	trap 'rm -rf "$dir"' EXIT
	chmod 755 "$dir"
	cp "$BIN" "$dir/nestbox"
	cp -r "$ROOT/profiles" "$dir/profiles" && chmod -R a+rX "$dir"
	DEMO_BIN=$dir/nestbox
	DEMO_PROFILES=$dir/profiles
	echo "(running as the unprivileged user nestbox-test)"
	cd /tmp && run_demo runuser -u nestbox-test -- env -i PATH=/usr/bin:/bin \
		HOME=/home/nestbox-test XDG_RUNTIME_DIR=/run/user/$(id -u nestbox-test)
else
	DEMO_BIN=$BIN
	DEMO_PROFILES=$ROOT/profiles
	run_demo env
fi
