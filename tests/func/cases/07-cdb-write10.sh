# The CDBs on the wire (SCSI trace events): WRITE(10), LBA and length of
# each command of the split.
. "$WE2_TOP/tests/func/lib.sh"
setup
trace_start
"$WE2T" write "$WE2" 1000 100 $BS 7 0 || fail "write"
trace_writes > "$TMP/cdbs"
cat "$TMP/cdbs"
printf '%s\n' "2a 1000 32 -" "2a 1032 32 -" "2a 1064 32 -" "2a 1096 4 -" > "$TMP/want"
cmp -s "$TMP/cdbs" "$TMP/want" || fail "CDBs differ from the expected split"
verify 1000 100 7

# a 16 KiB cap makes 8-sector commands
echo 16384 > "$SYS/transfer_cap_bytes"
trace_start
"$WE2T" write "$WE2" 0 20 $BS 8 0 || fail "write"
trace_writes > "$TMP/cdbs"
printf '%s\n' "2a 0 8 -" "2a 8 8 -" "2a 16 4 -" > "$TMP/want"
cmp -s "$TMP/cdbs" "$TMP/want" || { cat "$TMP/cdbs"; fail "capped split"; }
