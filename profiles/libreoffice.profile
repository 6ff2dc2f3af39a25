# nestbox profile for LibreOffice.
# Opens and saves documents anywhere in home; secrets hidden, start-up files
# read-only.  Macros and extensions use its own Python and Java, so the
# interpreters are left alone; the network stays (remote images, templates).
include libreoffice.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

include nestbox-base.inc
machine-id
no3d
nodvd
nou2f
novideo
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (Debian 12's LibreOffice has only its X11
# backend unless libreoffice-gtk3 is installed).
x11.fallback xpra
