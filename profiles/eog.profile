# nestbox profile for Eye of GNOME, the image viewer: offline, no sound,
# secrets hidden, nothing in home or /tmp runs.
# Python plugins (eog-plugins) would need `ignore include
# nestbox-interpreters.inc` in eog.local.
include eog.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

noexec ${HOME}
noexec /tmp

include nestbox-base.inc
net none
machine-id
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
