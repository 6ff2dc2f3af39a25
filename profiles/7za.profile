# nestbox profile for 7za: 7z's confinement.
include 7za.local
include 7z.profile
