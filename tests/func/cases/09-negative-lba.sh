# A negative LBA goes out as 32-bit two's complement (-150 = 0xffffff6a);
# scsi_debug refuses it, and the sense data comes back with a zero count.
. "$WE2_TOP/tests/func/lib.sh"
setup
trace_start
out=$("$WE2T" write "$WE2" -150 10 $BS 3 0 expect EIO 0) || fail "want EIO, got: $out"
trace_writes > "$TMP/cdbs"
cat "$TMP/cdbs"
expect_eq "CDB" "$(cat "$TMP/cdbs")" "2a $((0xffffff6a)) 10 -"
echo "$out"
sense=${out##*sense=}
# fixed format, ILLEGAL REQUEST, ASC 21h (LBA out of range)
expect_eq "response code" "${sense:0:2}" 70
expect_eq "sense key" "${sense:5:1}" 5
expect_eq "asc" "${sense:24:2}" 21
expect_eq "errors stat" "$(sysval statistics/errors)" 1
