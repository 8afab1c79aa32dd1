#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest side of the peer table of "make bench" (tests/bench/peers.sh
# boots the VM with it): the same generated ISO image burned to the same
# emulated drive (mmcrec, one drive, a fresh blank disc each time) at the
# same drive speed (the drive's speed cap, so that every tool gets the
# same top speed) by we2burn (io_uring and --sync, --media auto), growisofs,
# cdrskin, wodim and xorriso, BENCH_REPS times each. One line per run:
#
#   peer-raw: <tool> <media> <speed-kB/s> <achieved-kB/s> <cpu-s> <min-buffer-%> <dry> <wall-s>
#
# achieved: the image's bytes over the drive's recording time, from its
# first WRITE to the moment its buffer has drained after the last one (the
# drive's own account, mmcrec's stats): a host that keeps the buffer from
# running dry records at the drive's speed; min-buffer: the lowest fill
# the drive's buffer showed at a WRITE once the data taken could have
# filled it; dry: WRITEs that found it empty. cpu: the whole machine's
# user + system + irq + softirq time from /proc/stat over the tool's run
# (its start-up and closing included), so the kernel work the tool causes
# counts wherever it runs; the guest is otherwise idle.
#
# usage: peers-guest.sh MMCREC_KO WE2_KO
#   env: BENCH_REPS (3), PEER_SCALE (percent of the image sizes, 100),
#   PEER_BURNS ("dvd+r:11080 dvd+r:22160 bd-r:35960 cd-r:8448"), PEER_TOOLS (all)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mmcrec=${1:?usage: peers-guest.sh MMCREC_KO WE2_KO}
we2ko=${2:?usage: peers-guest.sh MMCREC_KO WE2_KO}
reps=${BENCH_REPS:-3}
scale=${PEER_SCALE:-100}
burns=${PEER_BURNS:-dvd+r:11080 dvd+r:22160 bd-r:35960 cd-r:8448}
tools=${PEER_TOOLS:-we2burn we2burn-sync growisofs cdrskin wodim xorriso}
tmp=/tmp/we2-peers
mkdir -p "$tmp"

fail() { echo "FAIL $*"; exit 1; }

modprobe sr_mod
modprobe sg
insmod "$we2ko" || fail "insmod we2"
insmod "$mmcrec" media=none || fail "insmod mmcrec"
for i in $(seq 100); do
	we2=$(ls -d /sys/class/we2/we2* 2>/dev/null | head -n 1)
	[ -n "$we2" ] && [ -e "$we2/device/block" ] && [ -c "/dev/${we2##*/}" ] && break
	sleep 0.1
done
drv=$(readlink -f "$we2/device")
sr=/dev/$(ls "$drv/block")
we2=/dev/${we2##*/}
[ -b "$sr" ] || fail "no sr node for $drv"
echo "# we2 peers: $(uname -r), recorder $sr, $we2, $(nproc) CPUs, $reps runs each"

# image MB: an ISO 9660 image of random files, MB MiB
image() {
	local f=$tmp/img$1.iso i
	[ -e "$f" ] && { echo "$f"; return; }
	mkdir -p "$tmp/tree"
	for i in 1 2 3 4; do
		head -c $(($1 * 1024 * 1024 / 4 - 65536)) /dev/urandom > "$tmp/tree/f$i"
	done
	xorriso -as mkisofs -quiet -R -o "$f" "$tmp/tree" 2>/dev/null
	rm -rf "$tmp/tree"
	echo "$f"
}

# busy: user + nice + system + irq + softirq ticks of all CPUs
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }

# stat NAME: a field of the drive's stats
stat_of() { sed -n "s/.* $1 \\(-\\{0,1\\}[0-9]*\\).*/\\1/p" "$drv/stats"; }

# burn TOOL MEDIA IMAGE: one burn, each under a hard timeout
burn() {
	local t=(timeout 600)

	case $1 in
	we2burn)
		"${t[@]}" "$top/tools/we2burn" --media auto --no-verify --quiet \
			"$we2" "$3" ;;
	we2burn-sync)
		"${t[@]}" "$top/tools/we2burn" --media auto --no-verify --quiet \
			--sync "$we2" "$3" ;;
	growisofs)
		local force=notray
		[ "$2" = bd-r ] && force=notray,spare:none
		"${t[@]}" growisofs -use-the-force-luke=$force -Z "$sr=$3" ;;
	wodim)
		"${t[@]}" env CDR_NODMATEST=1 wodim gracetime=0 dev="$sr" -dao "$3" ;;
	cdrskin)
		"${t[@]}" cdrskin gracetime=0 dev="$sr" -sao "$3" ;;
	xorriso)
		"${t[@]}" xorriso -as cdrecord dev="$sr" -sao "$3" ;;
	esac
}

hz=$(getconf CLK_TCK)
for b in $burns; do
	media=${b%%:*} speed=${b#*:}
	case $media in
	cd-r) mb=$((64 * scale / 100)) ;;
	*) mb=$((256 * scale / 100)) ;;
	esac
	[ "$mb" -ge 4 ] || mb=4
	img=$(image "$mb")
	size=$(stat -c %s "$img")
	echo "# $media at $speed kB/s: image $size bytes"
	for tool in $tools; do
		# growisofs burns no CD, wodim no BD; xorriso's CD and BD runs
		# would be cdrskin's again (both are libburn)
		case $media:$tool in
		cd-r:growisofs | cd-r:xorriso | bd-r:wodim | bd-r:xorriso) continue ;;
		esac
		for ((r = 1; r <= reps; r++)); do
			echo "$speed" > "$drv/speed"
			echo "$media" > "$drv/media"
			# sr sees the new disc now, not in the middle of the burn
			dd if="$sr" of=/dev/null bs=2048 count=0 2>/dev/null
			sync
			t0=$(date +%s.%N) c0=$(busy)
			burn "$tool" "$media" "$img" > "$tmp/out" 2>&1
			rc=$?
			c1=$(busy) t1=$(date +%s.%N)
			written=$(stat_of written) ms=$(stat_of recorded_ms)
			if [ $rc -ne 0 ] || [ "$written" -lt $((size / 2048)) ] || [ "$ms" -le 0 ]; then
				tail -n 20 "$tmp/out" | sed "s/^/# $tool: /"
				echo "FAIL $tool $media $speed: exit $rc, $written sectors in $ms ms"
				continue
			fi
			echo "peer-raw: $tool $media $speed $((written * 2048 / ms)) $(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }') $(stat_of min_fill) $(stat_of dry) $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		done
	done
done
echo none > "$drv/media"
rmmod mmcrec
rmmod we2
rm -rf "$tmp"
echo "# we2 peers: done"
