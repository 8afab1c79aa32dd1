# A section running past the end of the medium: the commands before the
# end land, the one crossing it fails with sense data, the count is exact.
. "$WE2_TOP/tests/func/lib.sh"
setup
cap=$(capacity)
[ -n "$cap" ] && [ "$cap" -gt 100 ] || fail "capacity '$cap'"
out=$("$WE2T" write "$WE2" $((cap - 40)) 100 $BS 5 0 expect EIO 32) ||
	fail "want EIO after 32 sectors, got: $out"
echo "$out"
sense=${out##*sense=}
expect_eq "sense key" "${sense:5:1}" 5
expect_eq "asc" "${sense:24:2}" 21
verify $((cap - 40)) 32 5
verify_zero $((cap - 8)) 8
expect_eq "status count" "$(info status_sectors_written)" 32
expect_eq "stat sectors" "$(sysval statistics/sectors_written)" 32
expect_eq "stat errors" "$(sysval statistics/errors)" 1
expect_eq "stat commands" "$(sysval statistics/commands)" 2
