# use_streaming_write12: WRITE(12) with the Streaming bit (byte 10 = 0x80).
. "$WE2_TOP/tests/func/lib.sh"
setup
trace_start
"$WE2T" write "$WE2" 2000 70 $BS 9 0 write12 || fail "write"
trace_writes > "$TMP/cdbs"
cat "$TMP/cdbs"
printf '%s\n' "aa 2000 32 80" "aa 2032 32 80" "aa 2064 6 80" > "$TMP/want"
cmp -s "$TMP/cdbs" "$TMP/want" || fail "WRITE(12) CDBs differ"
verify 2000 70 9
expect_eq "write12 setting" "$(sysval use_streaming_write12)" 1
