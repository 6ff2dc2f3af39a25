# nestbox profile for Mousepad, Xfce's text editor: any file of home except
# secrets; start-up files read-only; offline; no interpreters needed.
include mousepad.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

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
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
