# A node number is reused only after the old node is gone (closed too).
. "$WE2_TOP/tests/func/lib.sh"
setup
host=$(echo "$SDEV" | sed -n 's|.*/\(host[0-9]*\)/.*|\1|p')
exec 7<"$WE2"
echo 1 > "$SDEV/delete"
echo "- - -" > /sys/class/scsi_host/$host/scan
wait_for /dev/we21 || fail "new device is not we21 while we20 is held"
[ -e /dev/we20 ] && fail "we20 node still there"
exec 7<&-
sdev=$(readlink -f /sys/class/we2/we21/device)
echo 1 > "$sdev/delete"
echo "- - -" > /sys/class/scsi_host/$host/scan
wait_for /dev/we20 || fail "number 0 not reused after close"
