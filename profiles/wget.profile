# nestbox profile for wget: like curl's, with wget's own configuration
# (/etc/wgetrc, ~/.wgetrc) and GnuTLS's.
quiet
include wget.local
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
private-bin wget
private-cache
private-dev
private-etc alternatives,ca-certificates,ssl,gnutls,wgetrc,hosts,host.conf,gai.conf,nsswitch.conf,resolv.conf,localtime,passwd,group,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload
restrict-namespaces
