# nestbox profile for gedit: edits any file of home but cannot see your
# secrets, nor write your shell and session start-up files (read-only), so
# an edited file cannot become code run at your next login.  Offline.
# Many gedit plugins are Python: the interpreters stay.
include gedit.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

include nestbox-base.inc
net none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
