# The module stays while a node is open and unloads clean after.
. "$WE2_TOP/tests/func/lib.sh"
setup
"$WE2T" hold "$WE2" 30 &
pid=$!
sleep 0.5
rmmod we2 2>/dev/null && fail "unloaded while open"
grep -q '^we2 ' /proc/modules || fail "module gone"
kill $pid
wait $pid 2>/dev/null
rmmod we2 || fail "rmmod after close"
grep -q '^we2 ' /proc/modules && fail "still loaded"
[ -e /sys/class/we2 ] && fail "class still there"
true
