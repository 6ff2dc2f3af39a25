# nestbox profile for Firefox.
# Home is empty except Firefox's own profile and cache, your downloads
# directory and read-only desktop settings; nothing it downloads can be run
# inside the sandbox.  firefox-esr.profile includes this file.
include firefox.local
include nestbox-globals.local

# its own data: un-hide before nestbox-browsers.inc hides every browser's
noblacklist ${HOME}/.mozilla
noblacklist ${HOME}/.cache/mozilla
include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

# created on the host first, so what Firefox saves survives the sandbox
mkdir ${HOME}/.mozilla
mkdir ${HOME}/.cache/mozilla/firefox
mkdir ${DOWNLOADS}
whitelist ${HOME}/.mozilla
whitelist ${HOME}/.cache/mozilla/firefox
whitelist ${DOWNLOADS}
include nestbox-whitelist-common.inc

# DRM plugins (Widevine) live in the profile and must be executable
?BROWSER_ALLOW_DRM: ignore noexec ${HOME}
noexec ${HOME}
noexec /tmp

# Firefox's content sandbox puts its content processes in a user, pid and
# network namespace of their own (a lower sandbox level without them), as
# firejail's firefox-common.profile allows.  What a namespace made inside
# gets is never more than the sandbox has.
ignore restrict-namespaces
# Video calls (WebRTC cameras, ALSA devices) and WebAuthn security keys
# are devices: as firejail's firefox-common.profile, the browser keeps the host's
# /dev, less optical drives, and security keys when nestbox.conf says so.
ignore private-dev
# a browser runs a process per site, each with dozens of threads: twice
# the process and thread count of nestbox-base.inc
ignore rlimit-nproc 2000
rlimit-nproc 4000
include nestbox-base.inc
nodvd
# security keys (/dev/hidraw*) unless nestbox.conf allows them
?BROWSER_DISABLE_U2F: nou2f
disable-mnt

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
# its own names on the session bus (nestbox-dbus-user.inc): `firefox URL`
# hands the URL to a Firefox already running (org.mozilla.firefox.*,
# firefox-esr's org.mozilla.firefox_esr.*), and media keys reach it as an
# MPRIS player.  Owning them also lets it talk to a Firefox running outside
# the sandbox under the same names: that one only opens what it is given.
dbus-user.own org.mozilla.firefox.*
dbus-user.own org.mozilla.firefox_esr.*
dbus-user.own org.mpris.MediaPlayer2.firefox.*
