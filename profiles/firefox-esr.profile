# nestbox profile for Firefox ESR (Debian's firefox-esr): same program,
# same profile directory, so the same confinement as firefox.profile.
include firefox-esr.local
include firefox.profile

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
