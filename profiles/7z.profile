# nestbox profile for 7-Zip (7z, 7za, 7zr, 7zz): archives are untrusted
# input.  Offline, secrets hidden, start-up files read-only.  Debian's
# p7zip commands are shell scripts that exec /usr/lib/p7zip/: sh stays.
quiet
include 7z.local
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
private-bin 7z,7za,7zr,7zz,sh,dash
private-cache
private-dev
private-etc alternatives,localtime,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload
restrict-namespaces
