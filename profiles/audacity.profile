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
