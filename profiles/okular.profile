# nestbox profile for Okular, KDE's document viewer: reads your files but
# not your secrets, offline, nothing in home or /tmp runs.
include okular.local
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
# server, shown through xpra (Qt 5 speaks Wayland only with qtwayland5,
# not installed by default).
x11.fallback xpra
