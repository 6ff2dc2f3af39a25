#!/bin/sh
# Install the Debian packages named as arguments when some are missing:
# `make check` and `make demo` do all their set-up on a fresh machine.
# As root: apt-get update + install.  Otherwise: say what to run, fail.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "nestbox: missing packages:$missing"
	echo "run: sudo apt-get install$missing   (or: sudo make deps)"
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q && apt-get install -y -q --no-install-recommends $missing
