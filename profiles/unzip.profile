# nestbox profile for unzip (and zipinfo, funzip): archives are untrusted
# input.  Offline, only unzip on $PATH, secrets hidden, and start-up files
# read-only, so an entry named ../../.bashrc cannot land.
quiet
include unzip.local
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
private-bin unzip,zipinfo,funzip
private-cache
private-dev
private-etc alternatives,localtime,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload
restrict-namespaces
