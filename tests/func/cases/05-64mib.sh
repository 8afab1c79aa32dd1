# 64 MiB in one section, read back through sg and through the sr block
# device with O_DIRECT (no page cache).
. "$WE2_TOP/tests/func/lib.sh"
setup
nr=32768
start=$(date +%s.%N)
"$WE2T" write "$WE2" 0 $nr $BS 13 0 || fail "write"
end=$(date +%s.%N)
note "64 MiB in $(echo "$end - $start" | bc) s"
verify 0 $nr 13
dd if="$SR" bs=1M count=64 iflag=direct of="$TMP/sr" 2>/dev/null ||
	fail "dd from $SR"
"$WE2T" pattern 13 $((nr * BS)) | cmp -s - "$TMP/sr" || fail "sr read-back differs"
expect_eq "commands" "$(sysval statistics/commands)" 1024
expect_eq "bounce" "$(sysval statistics/bounce_bytes)" 0
