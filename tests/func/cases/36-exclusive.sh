# Exclusive access (ABI 3): opened O_RDWR|O_EXCL, the node admits no other
# writer (EBUSY) but lets readers in, refuses O_EXCL while another writer
# is open, and is let go on close and when the holder dies. we2burn holds
# the node for its burn: it reports the drive busy while another program
# has it open for writing (and --scan says so, from sysfs's writers), and
# burns once that one has closed it.
. "$WE2_TOP/tests/func/lib.sh"
setup
BURN=$WE2_TOP/tools/we2burn
"$WE2T" excl "$WE2" $BS || fail "exclusive open"
head -c $((64 * BS)) /dev/urandom > "$TMP/img"
# sysfs's writers counts the descriptors open for writing, readers not
writers() { cat "/sys/class/we2/${WE2##*/}/writers"; }
expect_writers() { [ "$(writers)" = "$1" ] || fail "writers $(writers), want $1 ($2)"; }
expect_writers 0 "idle"
exec 9<> "$WE2"
expect_writers 1 "one writer"
exec 8< "$WE2"
expect_writers 1 "a reader beside it"
exec 8<&-
exec 8<> "$WE2"
expect_writers 2 "two writers"
exec 8>&-
out=$("$BURN" --raw --quiet "$WE2" "$TMP/img" 2>&1) && fail "we2burn burned beside another writer"
echo "$out" | grep -q "busy: another program is writing to it" ||
	fail "we2burn: $out"
# --scan says so before any burn tries
"$BURN" --scan 2>/dev/null | grep -qx "${WE2##*/}: .*, busy, -" ||
	fail "--scan beside a writer: $("$BURN" --scan 2>&1 | grep "^${WE2##*/}:")"
exec 9>&-
expect_writers 0 "the writer closed"
"$BURN" --scan 2>/dev/null | grep -x "${WE2##*/}: .*" | grep -q ", busy, -$" &&
	fail "--scan says busy once the writer closed"
"$BURN" --raw --quiet --verify "$SR" "$WE2" "$TMP/img" > /dev/null 2>&1 ||
	fail "we2burn once the other writer closed"
