# Attaches to a CD-type device with a node, sysfs and defaults; disks only
# when attach_types says so.
. "$WE2_TOP/tests/func/lib.sh"
setup
expect_eq "node mode" "$(stat -c %a "$WE2")" 660
expect_eq "node type" "$(stat -c %F "$WE2")" "character special file"
expect_eq "device link" "$(readlink -f "$SYS/device")" "$SDEV"
[ -n "$SR" ] || fail "sr is not bound beside we2"
expect_eq "scsi type" "$(info scsi_type)" 5
expect_eq "abi" "$(info abi_version)" 4
expect_eq "features: order, release, recovered, sized events, not-ready retry, io_uring sense info" "$(info features)" 0x3f
expect_eq "bytes_per_sector" "$(sysval bytes_per_sector)" -1
expect_eq "starting sps" "$(sysval starting_sectors_per_second)" -1
expect_eq "ending sps" "$(sysval ending_sectors_per_second)" -1
expect_eq "write12" "$(sysval use_streaming_write12)" 0
expect_eq "timeout" "$(sysval timeout_ms)" 60000
expect_eq "cap" "$(sysval transfer_cap_bytes)" 65536
expect_eq "in progress" "$(sysval write_in_progress)" 0
for s in sections commands sectors_written errors bounce_bytes; do
	expect_eq "statistics/$s" "$(sysval statistics/$s)" 0
done
# max transfer: the queue's max_hw_sectors, or what max_segments pages
# hold with one page more for a buffer that starts mid-page
q=$(echo "$SDEV"/block/*/queue)
hw=$(($(cat "$q/max_hw_sectors_kb") * 1024))
seg=$(cat "$q/max_segment_size")
[ "$seg" -gt 4096 ] && seg=4096
segs=$((($(cat "$q/max_segments") - 1) * seg))
[ $segs -lt $hw ] && hw=$segs
note "max transfer $hw"
expect_eq "max_transfer_bytes" "$(sysval max_transfer_bytes)" "$hw"
expect_eq "ioctl max transfer" "$(info max_transfer_bytes)" "$hw"

# a disk is left alone by default ...
teardown
kmod_load sd_mod
insmod "$WE2_KO"
kmod_load scsi_debug ptype=0 sector_size=512 delay=0 dev_size_mb=16
sleep 1
[ -e /dev/we20 ] && fail "attached to a disk by default"
# ... and taken with attach_types bit 0
teardown
insmod "$WE2_KO" attach_types=0xb1
kmod_load scsi_debug ptype=0 sector_size=512 delay=0 dev_size_mb=16
wait_for /dev/we20 || fail "not attached to a disk with attach_types=0xb1"
expect_eq "disk type" "$("$WE2T" info /dev/we20 | awk '$1 == "scsi_type" { print $2 }')" 0
teardown
