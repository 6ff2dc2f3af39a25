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

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (feh draws with Xlib only).
x11.fallback xpra
