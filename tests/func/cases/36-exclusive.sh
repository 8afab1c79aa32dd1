# Exclusive access (ABI 3): opened O_RDWR|O_EXCL, the node admits no other
# writer (EBUSY) but lets readers in, refuses O_EXCL while another writer
# is open, and is let go on close and when the holder dies. we2burn holds
# the node for its burn: it reports the drive busy while another program
# has it open for writing, and burns once that one has closed it.
. "$WE2_TOP/tests/func/lib.sh"
setup
BURN=$WE2_TOP/tools/we2burn
"$WE2T" excl "$WE2" $BS || fail "exclusive open"
head -c $((64 * BS)) /dev/urandom > "$TMP/img"
exec 9<> "$WE2"
out=$("$BURN" --raw --quiet "$WE2" "$TMP/img" 2>&1) && fail "we2burn burned beside another writer"
echo "$out" | grep -q "busy: another program is writing to it" ||
	fail "we2burn: $out"
exec 9>&-
"$BURN" --raw --quiet --verify "$SR" "$WE2" "$TMP/img" > /dev/null 2>&1 ||
	fail "we2burn once the other writer closed"
