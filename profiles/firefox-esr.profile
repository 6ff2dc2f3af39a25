# nestbox profile for Firefox ESR (Debian's firefox-esr): same program,
# same profile directory, so the same confinement as firefox.profile.
include firefox-esr.local
include firefox.profile
