# nestbox profile for feh, the image viewer.
# Home is read-only: feh can show any picture but not delete one, nor
# write ~/.fehbg, a script your session runs at login.  Offline.
include feh.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

read-only ${HOME}
noexec ${HOME}
noexec /tmp

include nestbox-base.inc
net none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-cache
private-dev
restrict-namespaces
