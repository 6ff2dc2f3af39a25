# nestbox profile for tar: archives are untrusted input.  Offline (no
# remote archives through rsh/ssh), secrets hidden, start-up files
# read-only, so a member named .bashrc or ../.profile cannot land.  It
# still runs the compressors (gzip, xz, zstd...), so $PATH stays.
quiet
include tar.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

noexec ${HOME}
noexec /tmp

include nestbox-base.inc
# a command-line program: no session bus at all
dbus-user none
net none
x11 none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-cache
private-dev
restrict-namespaces
