# nestbox profile for soffice, LibreOffice's own launcher name.
include soffice.local
include libreoffice.profile
