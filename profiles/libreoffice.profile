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
