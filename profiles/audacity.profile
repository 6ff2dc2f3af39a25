# nestbox profile for Audacity: records and edits audio files anywhere in
# home, offline, secrets hidden.  Effect plug-ins (LADSPA, LV2) are shared
# libraries that may live in home, so home is not noexec.
include audacity.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

include nestbox-base.inc
net none
nodvd
nou2f
novideo
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (Audacity sets GDK_BACKEND=x11).
x11.fallback xpra
