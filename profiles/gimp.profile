# nestbox profile for GIMP: your pictures anywhere in home, secrets hidden,
# offline.  Plug-ins are programs (some in ~/.config/GIMP) and may be
# scripts, so neither noexec nor the interpreters group applies.
include gimp.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

include nestbox-base.inc
net none
nodvd
nosound
nou2f
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (GIMP 2.10 is GTK2, X only).
x11.fallback xpra
