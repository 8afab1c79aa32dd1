# The SCSI device deleted through sysfs during a write: the writer gets an
# error, later calls ENODEV, no oops; then it comes back on a rescan and
# the module unloads clean.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
host=$(echo "$SDEV" | sed -n 's|.*/\(host[0-9]*\)/.*|\1|p')
"$WE2T" remove "$WE2" "$SDEV/delete" 8192 || fail "removal checks"
[ -e "$SYS" ] && fail "$SYS still there"
echo "- - -" > /sys/class/scsi_host/$host/scan
wait_for /dev/we20 || fail "no node after rescan"
echo 0 > $SDEBUG/delay
"$WE2T" write /dev/we20 0 4 $BS 3 0 || fail "write after re-attach"
rmmod we2 || fail "rmmod after removal"
