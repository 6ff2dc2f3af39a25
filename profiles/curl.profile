# nestbox profile for curl: fetches from the network into the current
# directory or -o FILE anywhere in home; cannot read your secrets (so cannot
# upload them), nor write start-up files.  Only curl itself is on $PATH.
# To use --netrc, add `noblacklist ${HOME}/.netrc` to curl.local.
quiet
include curl.local
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
x11 none
disable-mnt
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-bin curl
private-cache
private-dev
# name resolution, TLS roots, the dynamic loader; nothing else of /etc
private-etc alternatives,ca-certificates,ssl,hosts,host.conf,gai.conf,nsswitch.conf,resolv.conf,localtime,passwd,group,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload
restrict-namespaces
