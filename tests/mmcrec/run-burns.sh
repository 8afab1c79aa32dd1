#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE the test VM, as root: loads the emulated MMC recorder
# (mmcrec.ko) and has the burners people use burn a generated ISO image to
# a blank emulated disc, then reads the image back through /dev/srN.
#
# usage: run-burns.sh MMCREC_KO [tool:media ...]
#   default burns: growisofs on dvd+r, dvd-r, bd-r; wodim on cd-r, dvd+r;
#   cdrskin on cd-r, dvd+r; xorriso on dvd+r; and, when WE2_KO names
#   we2.ko, we2burn --media auto on cd-r, dvd+r, dvd-r, bd-r
# Prints `burn: <tool> <media> ok|FAIL <reason>` per burn (on another
# personality than friendly: `burn: <tool>/<mode> <media> <personality> ...`)
# and a final `N passed, N failed` line; exits non-zero on any failure.
# Env (set with `env` on the guest command line): MMCREC_MB (size of the
# generated image in MiB, 16), MMCREC_IMG (burn this image instead, e.g. one
# made on the host), MMCREC_VERBOSE=1 (show the burners' output), WE2_KO
# (we2.ko: loaded first, so that we2burn burns through /dev/we2N) and
# WE2BURN (the we2burn to run), MMCREC_PERSONALITY (the drive's kind:
# friendly, sata, usb; friendly). A drive that reports no media change
# after a close (sata) is reloaded before the read-back, as its user would.
set -u
ko=${1:?usage: run-burns.sh MMCREC_KO [tool:media ...]}
shift
burns=("$@")
if [ ${#burns[@]} -eq 0 ]; then
	burns=(growisofs:dvd+r growisofs:dvd-r growisofs:bd-r wodim:cd-r
		wodim:dvd+r cdrskin:cd-r cdrskin:dvd+r xorriso:dvd+r)
	[ -n "${WE2_KO:-}" ] &&
		burns+=(we2burn:cd-r we2burn:dvd+r we2burn:dvd-r we2burn:bd-r)
fi
we2burn=${WE2BURN:-$(cd "$(dirname "$0")/../.." && pwd)/tools/we2burn}
mb=${MMCREC_MB:-16}
tmp=/tmp/mmcrec.$$
mkdir -p "$tmp"
pass=0 failn=0

note() { echo "# $*"; }

modprobe sr_mod 2>/dev/null
modprobe sg 2>/dev/null
rmmod mmcrec 2>/dev/null
we2node=
if [[ " ${burns[*]}" == *" we2burn:"* ]]; then
	rmmod we2 2>/dev/null
	if [ -z "${WE2_KO:-}" ] || ! insmod "$WE2_KO"; then
		echo "burn: setup - FAIL insmod we2 '${WE2_KO:-}' for we2burn"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
pers=${MMCREC_PERSONALITY:-friendly}
if ! insmod "$ko" media=none personalities="$pers"; then
	echo "burn: setup - FAIL insmod $ko"
	echo "0 passed, 1 failed"
	exit 1
fi

# shellcheck source=host.bash
. "$(dirname "$0")/host.bash"
host=$(mmcrec_host)
sr=
for i in $(seq 100); do
	b=$(ls -d "$host"/device/target*/*:*/block/sr* 2>/dev/null | head -n 1)
	[ -n "$b" ] && [ -b "/dev/${b##*/}" ] && { sr=/dev/${b##*/}; break; }
	sleep 0.1
done
# the drive's knobs: its SCSI device's directory
drv=${b%/block/*}
if [ -z "$sr" ]; then
	echo "burn: setup - FAIL no /dev/srN for the mmcrec host"
	echo "0 passed, 1 failed"
	exit 1
fi
note "recorder $sr at $drv"
# we2's node of the drive, when we2 is loaded
if lsmod | grep -q '^we2 '; then
	for i in $(seq 100); do
		for d in /sys/class/we2/we2*; do
			[ "$(readlink -f "$d/device")" = "$(readlink -f "$drv")" ] &&
				we2node=/dev/${d##*/}
		done
		[ -n "$we2node" ] && [ -c "$we2node" ] && break
		we2node=
		sleep 0.1
	done
	note "we2 node $we2node"
fi

# the image: random files in an ISO 9660 filesystem
img=${MMCREC_IMG:-}
if [ -z "$img" ]; then
	img=$tmp/img.iso
	mkdir -p "$tmp/tree"
	for i in $(seq 4); do
		head -c $((mb * 1024 * 1024 / 4 - 65536)) /dev/urandom > "$tmp/tree/f$i"
	done
	xorriso -as mkisofs -quiet -R -o "$img" "$tmp/tree" 2>/dev/null ||
		genisoimage -quiet -R -o "$img" "$tmp/tree"
	rm -rf "$tmp/tree"
fi
size=$(stat -c %s "$img")
blocks=$((size / 2048))
note "image $size bytes ($blocks blocks)"

# load MEDIA: a fresh blank disc
load() {
	echo "$1" > "$drv/media"
	# on a friendly drive, let sr see the change now (open revalidates);
	# the others are left spinning up, for the burner to wait for
	[ "$pers" != friendly ] ||
		dd if="$sr" of=/dev/null bs=2048 count=0 2>/dev/null
	true
}

# verify: the image reads back byte-exact through /dev/srN
verify() {
	if [ "$pers" = friendly ]; then
		echo 1 > "$drv/changed"
	elif [ "$(cat "$drv/close_event")" != 1 ]; then
		# what the user of a drive that reports no change does
		sg_start --eject "$sr" > /dev/null 2>&1 &&
			sg_start --load "$sr" > /dev/null 2>&1 ||
			{ echo "reload failed"; return 1; }
	fi
	mmcrec_ready "$sr" || { echo "drive not ready after the burn"; return 1; }
	# streamed: no copy of the image in the guest's memory
	dd if="$sr" bs=64k iflag=direct,count_bytes \
		count="$size" 2>"$tmp/dd.err" | cmp - "$img" > "$tmp/cmp.out" 2>&1
	if [ "${PIPESTATUS[0]}" -ne 0 ]; then
		echo "read back: $(tail -n 1 "$tmp/dd.err")"
		return 1
	fi
	if [ -s "$tmp/cmp.out" ]; then
		echo "read back differs: $(head -n 1 "$tmp/cmp.out")"
		return 1
	fi
	return 0
}

run_burn() {
	local tool=$1 media=$2 rc
	case $tool in
	growisofs)
		local force=notray
		[ "$media" = bd-r ] && force=notray,spare:none
		timeout 300 growisofs -use-the-force-luke=$force \
			-Z "$sr=$img" ;;
	wodim)
		timeout 300 env CDR_NODMATEST=1 wodim -v gracetime=0 dev="$sr" \
			-dao "$img" ;;
	cdrskin)
		timeout 300 cdrskin -v gracetime=0 dev="$sr" -sao "$img" ;;
	xorriso)
		timeout 300 xorriso -as cdrecord -v dev="$sr" -sao "$img" ;;
	we2burn)
		[ -n "$we2node" ] || { echo "no we2 node for $sr"; return 2; }
		timeout 300 "$we2burn" --media auto "$we2node" "$img" ;;
	*)
		echo "unknown tool $tool"
		return 2 ;;
	esac
	rc=$?
	return $rc
}

# mode TOOL: the mode word of its burn below
mode() {
	case $1 in
	wodim | cdrskin | xorriso) echo sao ;;
	*) echo default ;;
	esac
}

for b in "${burns[@]}"; do
	tool=${b%%:*} media=${b#*:}
	# the burn's name in its burn: line
	if [ "$pers" = friendly ]; then
		name="$tool $media"
	else
		name="$tool/$(mode "$tool") $media $pers"
	fi
	if [ "$tool" != we2burn ] && ! command -v "$tool" > /dev/null; then
		echo "burn: $name FAIL $tool not installed"
		failn=$((failn + 1))
		continue
	fi
	load "$media"
	# growisofs reads the disc's state once (get_mmc_profile) and gives
	# up on a drive still spinning up (02/04/01), so its user waits for the
	# drive, as for the tray's light; the others wait themselves
	[ "$tool" != growisofs ] || mmcrec_ready "$sr"
	t0=$(date +%s.%N)
	run_burn "$tool" "$media" > "$tmp/$tool.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	if [ "${MMCREC_VERBOSE:-0}" = 1 ] || [ $rc -ne 0 ]; then
		sed "s/^/# $tool: /" "$tmp/$tool.log" | tail -n 40
	fi
	note "$tool $media: exit $rc, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $(cat "$drv/stats")"
	if [ $rc -ne 0 ]; then
		echo "burn: $name FAIL exit status $rc"
		failn=$((failn + 1))
	elif ! why=$(verify); then
		echo "burn: $name FAIL $why"
		failn=$((failn + 1))
	else
		echo "burn: $name ok"
		pass=$((pass + 1))
	fi
done

echo none > "$drv/media"
rmmod mmcrec 2>/dev/null || note "rmmod mmcrec failed"
[ -z "$we2node" ] || rmmod we2 2>/dev/null || note "rmmod we2 failed"
rm -rf "$tmp"
echo "$pass passed, $failn failed"
[ $failn -eq 0 ]
