# The node's mode is the permission: an unprivileged user cannot open it
# for writing until it is in the node's group; then it writes, without any
# capability. A read-only descriptor can look but not write.
. "$WE2_TOP/tests/func/lib.sh"
setup
nobody() { setpriv --reuid=65534 --regid=65534 "$@"; }
out=$(nobody --clear-groups "$WE2T" open "$WE2" rw) && fail "nobody opened $WE2"
expect_eq "unprivileged open" "$out" EACCES
gid=$(getent group cdrom | cut -d: -f3)
[ -n "$gid" ] || fail "no cdrom group"
chgrp cdrom "$WE2"
nobody --groups=$gid "$WE2T" open "$WE2" rw || fail "cdrom member cannot open"
nobody --groups=$gid --inh-caps=-all --bounding-set=-all \
	"$WE2T" write "$WE2" 50 40 $BS 17 0 || fail "cdrom member cannot write"
verify 50 40 17
"$WE2T" rdonly "$WE2" || fail "read-only descriptor checks"
