#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, inside the VM: the emulated recorder (mmcrec: a DVD writer
# with a blank DVD+R), we2 on it, an ISO 9660 image of 64 MiB burned as a
# whole disc by `we2burn` through /dev/we20 (the data) and
# /dev/sr0 (preparing and closing the disc), with its progress: speed, our
# buffers, the drive's buffer; then the disc read back through /dev/sr0,
# not through we2, and compared with the image.
#
# usage: demo-guest.sh MMCREC_KO
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mmcrec=${1:?usage: demo-guest.sh MMCREC_KO}
img=/tmp/demo.iso
mb=64

step() { printf '\n== %s\n' "$*"; }

echo "kernel: $(uname -r)"
step "loading sr, sg, we2 and the emulated recorder with a blank DVD+R"
modprobe sr_mod
modprobe sg
insmod "$top/.build/ko/$(uname -r)/we2.ko"
insmod "$mmcrec" media=dvd+r
for i in $(seq 100); do
	[ -c /dev/we20 ] && [ -e /sys/class/we2/we20/device/block ] && break
	sleep 0.1
done
sdev=$(readlink -f /sys/class/we2/we20/device)
for i in $(seq 100); do
	sr=/dev/$(ls "$sdev/block" 2>/dev/null) && [ -b "$sr" ] && break
	sleep 0.1
done
echo "recorder: $(cat "$sdev/vendor") $(cat "$sdev/model") at ${sdev##*/}: $sr, /dev/we20"

step "making a $mb MiB ISO 9660 image"
mkdir -p /tmp/tree
for i in 1 2 3 4; do
	head -c $((mb * 1024 * 1024 / 4 - 65536)) /dev/urandom > /tmp/tree/file$i
done
xorriso -as mkisofs -quiet -R -V WE2DEMO -o "$img" /tmp/tree 2>/dev/null
rm -rf /tmp/tree
echo "$img: $(stat -c %s "$img") bytes, sha256 $(sha256sum < "$img" | cut -c1-64)"

step "we2burn --speed 8x: the whole disc, the data through /dev/we20 (io_uring, 8 writes in flight)"
"$top/tools/we2burn" --speed 8x /dev/we20 "$img"

step "reading the disc back once more through $sr (not we2, no page cache)"
size=$(stat -c %s "$img")
dd if="$sr" bs=64k iflag=direct,count_bytes count="$size" status=none |
	cmp - "$img"
echo "$sr read-back: identical, sha256 $(dd if="$sr" bs=64k iflag=direct,count_bytes count="$size" status=none | sha256sum | cut -c1-64)"
echo "disc: $(sed -n 's/.*\(disc [0-9]* sessions [0-9]* tracks [0-9]*\).*/\1/p' "$sdev/stats") (disc 2: closed)"

step "what we2 counted"
for f in sections commands uring_commands uring_fixed sectors_written errors bounce_bytes; do
	printf '%-16s %s\n' "$f" "$(cat /sys/class/we2/we20/statistics/$f)"
done
rmmod we2
rmmod mmcrec
echo
echo "demo: ok"
