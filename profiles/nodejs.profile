# nestbox profile for nodejs, Debian's other name for node.
include nodejs.local
include node.profile
