#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, inside the VM: an emulated CD/DVD recorder (scsi_debug, type 5,
# 2048-byte sectors), we2 on it, a 64 MiB image burnt through /dev/we20 by
# we2burn, then read back through /dev/sr0 and /dev/sgN, not through we2.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
img=/tmp/demo.img
mb=64

step() { printf '\n== %s\n' "$*"; }

echo "kernel: $(uname -r)"
step "loading sr, sg, scsi_debug (CD type, 2048-byte sectors) and we2"
modprobe sr_mod
modprobe sg
modprobe scsi_debug ptype=5 sector_size=2048 delay=0 dev_size_mb=96
insmod "$top/.build/ko/$(uname -r)/we2.ko"
for i in $(seq 50); do [ -e /dev/we20 ] && break; sleep 0.1; done
sdev=$(readlink -f /sys/class/we2/we20/device)
sr=/dev/$(ls "$sdev/block")
sg=/dev/$(ls "$sdev/scsi_generic")
echo "recorder: $(cat "$sdev/vendor") $(cat "$sdev/model") at $(basename "$sdev"): $sr $sg /dev/we20"
grep -H . /sys/class/we2/we20/{max_transfer_bytes,transfer_cap_bytes} | sed 's|/sys/class/we2/||'

step "making a $mb MiB image"
head -c $((mb << 20)) /dev/urandom > "$img"
sha256sum "$img"

step "we2burn: streaming it at LBA 0 through /dev/we20 (io_uring, 8 writes in flight), verifying through $sr"
"$top/tools/we2burn" --bps 2048 --lba 0 --verify "$sr" /dev/we20 "$img"

step "reading it back once more through $sg (SCSI READ, no we2, no page cache)"
sg_dd if="$sg" of=/tmp/readback bs=2048 count=$((mb << 9)) 2>/dev/null
cmp "$img" /tmp/readback
echo "sg read-back: identical, $(sha256sum < /tmp/readback | cut -c1-64)"

step "what we2 counted"
for f in sections commands uring_commands uring_fixed sectors_written errors bounce_bytes; do
	printf '%-16s %s\n' "$f" "$(cat /sys/class/we2/we20/statistics/$f)"
done
rmmod we2
echo
echo "demo: ok"
