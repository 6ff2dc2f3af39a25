#!/bin/bash
# Developer aid: run the integration suite (or the tests matching ONLY) as
# an unprivileged USER with a subordinate range, from the binary in BUILD.
#   sudo bash tests/run-as.sh USER [BUILD] [ONLY-REGEX]
# `make check` does the same for the whole suite, with its own test users.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
user=$1 build=${2:-build} only=${3:-}
home=$(getent passwd "$user" | cut -d: -f6)
uid=$(id -u "$user")
dir=$(mktemp -d /tmp/nestbox-dev.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cp "$ROOT/$build/nestbox" "$ROOT"/tests/integration/*.sh "$dir/"
mkdir -p "$dir/escape" && find "$ROOT/tests/integration/escape" -name "*.sh" -exec cp {} "$dir/escape/" \; 2>/dev/null || true
mkdir -p "$dir/profiles" && cp -r "$ROOT"/profiles/. "$dir/profiles/"
mkdir -p "$home/.nestbox-test"
cp "$ROOT/$build"/tests/probe* "$home/.nestbox-test/"
chown -R "$user:" "$home/.nestbox-test"
chmod -R a+rX "$dir"
mkdir -p "/run/user/$uid" && chown "$user:" "/run/user/$uid" && chmod 700 "/run/user/$uid"
runuser -u "$user" -- env -i PATH=/usr/local/bin:/usr/bin:/bin \
	HOME="$home" USER="$user" SHELL=/bin/bash LANG=C.UTF-8 \
	XDG_RUNTIME_DIR="/run/user/$uid" ONLY="$only" \
	NESTBOX="$dir/nestbox" PROBE="$home/.nestbox-test/probe" \
	NESTBOX_PROFILE_DIR="$dir/profiles" bash "$dir/suite.sh"
