# we2burn --speed: sectors per second, Nx of the media's 1x, or a ramp;
# the device is set to it, the write takes the paced time (+-10%), and
# without --speed the device is set back to as fast as it goes.
. "$WE2_TOP/tests/func/lib.sh"
BURN=$WE2_TOP/tools/we2burn
setup
img=$TMP/img
"$WE2T" pattern 95 $((2000 * BS)) > "$img"

"$BURN" --raw --speed 1000 --verify "$SR" "$WE2" "$img" > "$TMP/out" 2>&1 ||
	{ cat "$TMP/out"; fail "paced burn"; }
cat "$TMP/out"
grep -q 'paced from 1000 to 1000 sectors/s' "$TMP/out" || fail "no pace line"
grep -q 'verify ok' "$TMP/out" || fail "verify"
# the write's own time, as we2burn measured it (not the verify's)
ms=$(sed -n 's/.*wrote 2000 sectors .* in \([0-9.]*\) s,.*/\1/p' "$TMP/out" |
	awk '{ printf "%d", $1 * 1000 }')
note "2000 sectors at 1000/s in $ms ms"
[ -n "$ms" ] && [ "$ms" -ge 1800 ] && [ "$ms" -le 2200 ] ||
	fail "took '$ms' ms, want 2000 +-10%"
rate=$(sysval statistics/last_sectors_per_second)
[ "$rate" -ge 900 ] && [ "$rate" -le 1100 ] || fail "achieved $rate/s"

"$BURN" --raw --media cd --speed 4x:8x --lba 3000 --quiet "$WE2" "$img" ||
	fail "ramp in x"
expect_eq "4x CD" "$(sysval starting_sectors_per_second)" 300
expect_eq "8x CD" "$(sysval ending_sectors_per_second)" 600
verify 3000 2000 95

"$BURN" --raw --lba 6000 --quiet "$WE2" "$img" || fail "unpaced"
expect_eq "unpaced again" "$(sysval starting_sectors_per_second)" -1
"$BURN" --raw --speed 0x "$WE2" "$img" 2>/dev/null
expect_eq "0x refused" $? 2
