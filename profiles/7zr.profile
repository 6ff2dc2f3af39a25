# nestbox profile for 7zr: 7z's confinement.
include 7zr.local
include 7z.profile
