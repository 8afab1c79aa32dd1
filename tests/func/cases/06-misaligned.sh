# Buffers misaligned by 1, 7 and 511 bytes are bounced and still exact;
# page-aligned and 4-byte-aligned ones are mapped (no bounce).
. "$WE2_TOP/tests/func/lib.sh"
setup
nr=100
lba=0
for off in 0 4096 4 2048; do
	"$WE2T" write "$WE2" $lba $nr $BS $((20 + off)) $off || fail "write at offset $off"
	verify $lba $nr $((20 + off))
	expect_eq "bounce after offset $off" "$(sysval statistics/bounce_bytes)" 0
	lba=$((lba + nr))
done
bounced=0
for off in 1 7 511; do
	"$WE2T" write "$WE2" $lba $nr $BS $((30 + off)) $off || fail "write at offset $off"
	verify $lba $nr $((30 + off))
	bounced=$((bounced + nr * BS))
	expect_eq "bounce after offset $off" "$(sysval statistics/bounce_bytes)" $bounced
	lba=$((lba + nr))
done
