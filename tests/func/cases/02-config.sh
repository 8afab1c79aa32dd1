# Settings through sysfs and the ioctl are one and the same, validated.
. "$WE2_TOP/tests/func/lib.sh"
setup
echo 2352 > "$SYS/bytes_per_sector" || fail "set bps 2352"
echo 1 > "$SYS/use_streaming_write12"
echo 3600 > "$SYS/starting_sectors_per_second"
echo 7200 > "$SYS/ending_sectors_per_second"
echo 5000 > "$SYS/timeout_ms"
echo 32768 > "$SYS/transfer_cap_bytes"
expect_eq "ioctl bps" "$(info bytes_per_sector)" 2352
expect_eq "ioctl write12" "$(info use_streaming_write12)" 1
expect_eq "ioctl start sps" "$(info starting_sectors_per_second)" 3600
expect_eq "ioctl end sps" "$(info ending_sectors_per_second)" 7200
expect_eq "ioctl timeout" "$(info timeout_ms)" 5000
expect_eq "ioctl cap" "$(info transfer_cap_bytes)" 32768

for bad in "bytes_per_sector 0" "bytes_per_sector -5" "bytes_per_sector 40000" \
	   "use_streaming_write12 2" "timeout_ms 999" "transfer_cap_bytes 0" \
	   "transfer_cap_bytes 2351" "starting_sectors_per_second 0" \
	   "ending_sectors_per_second abc"; do
	set -- $bad
	if (echo "$2" > "$SYS/$1") 2>/dev/null; then
		fail "sysfs accepted $1 = $2"
	fi
done
expect_eq "bps unchanged" "$(sysval bytes_per_sector)" 2352
expect_eq "cap unchanged" "$(sysval transfer_cap_bytes)" 32768
echo -1 > "$SYS/bytes_per_sector" || fail "reset bps to -1"
expect_eq "bps unset" "$(info bytes_per_sector)" -1

# sysfs settings are root's: another user cannot change them
if setpriv --reuid=65534 --regid=65534 --clear-groups \
	sh -c "echo 2048 > $SYS/bytes_per_sector" 2>/dev/null; then
	fail "an unprivileged user changed a sysfs setting"
fi
expect_eq "bps still unset" "$(sysval bytes_per_sector)" -1
