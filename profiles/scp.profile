# nestbox profile for scp: ssh's confinement (it runs ssh).
include scp.local
include ssh.profile
