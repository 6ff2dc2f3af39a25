# nestbox profile for less: a pager shows any file of home, read-only, but
# not your secrets; offline.  LESSSECURE turns off its shell escapes, editor
# and log files; no history file is written.
quiet
include less.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

read-only ${HOME}
noexec ${HOME}
noexec /tmp
env LESSSECURE=1
env LESSHISTFILE=-

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
