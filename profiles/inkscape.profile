# nestbox profile for Inkscape: drawings anywhere in home, secrets hidden,
# offline.  Its extensions are Python scripts: the interpreters stay.
include inkscape.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

# extensions are run through python3, never executed from home directly
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
