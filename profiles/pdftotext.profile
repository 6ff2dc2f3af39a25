# nestbox profile for pdftotext (poppler): a PDF parser on untrusted input,
# often run from scripts.  Offline, only pdftotext on $PATH, secrets
# hidden, start-up files read-only; writes the text next to the PDF.
quiet
include pdftotext.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

noexec ${HOME}
noexec /tmp

include nestbox-base.inc
# a command-line program: no session bus at all
dbus-user none
net none
x11 none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-bin pdftotext
private-cache
private-dev
private-etc alternatives,fonts,localtime,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload
restrict-namespaces
