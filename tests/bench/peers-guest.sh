#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest side of the peer table of "make bench" (tests/bench/peers.sh
# boots the VM with it): the same generated ISO image burned to the same
# emulated drive (mmcrec, one drive, a fresh blank disc each time) at the
# same drive speed (the drive's speed cap, so that every tool gets the
# same top speed) by we2burn (io_uring and --sync, a disc burn), growisofs,
# cdrskin, wodim and xorriso, BENCH_REPS times each. One line per run:
#
#   peer-raw: <tool> <media> <speed-kB/s> <achieved-kB/s> <cpu-s> <min-buffer-%> <dry> <wall-s> <personality>
#
# on each drive personality asked for (friendly: the WRITE waits for room
# in the buffer; sata: at most 128 KiB per command, one at a time, and a
# full buffer answers NOT READY 04/08, which each tool must send again).
# The tools take turns: each repetition runs every tool once, so a drift
# of the machine over the run touches them all alike.
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
#   PEER_BURNS ("dvd+r:11080 dvd+r:22160 bd-r:35960 cd-r:8448"), PEER_TOOLS (all),
#   PEER_PERSONALITIES ("friendly sata"), PEER_BURNS_SATA (the burns on a
#   drive that is not friendly: "dvd+r:22160 cd-r:8448", its fastest DVD
#   speed and its CD)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mmcrec=${1:?usage: peers-guest.sh MMCREC_KO WE2_KO}
we2ko=${2:?usage: peers-guest.sh MMCREC_KO WE2_KO}
reps=${BENCH_REPS:-3}
scale=${PEER_SCALE:-100}
burns=${PEER_BURNS:-dvd+r:11080 dvd+r:22160 bd-r:35960 cd-r:8448}
tools=${PEER_TOOLS:-we2burn we2burn-sync growisofs cdrskin wodim xorriso}
personalities=${PEER_PERSONALITIES:-friendly sata}
burns_other=${PEER_BURNS_SATA:-dvd+r:22160 cd-r:8448}
tmp=/tmp/we2-peers
mkdir -p "$tmp"

fail() { echo "FAIL $*"; exit 1; }

modprobe sr_mod
modprobe sg
insmod "$we2ko" || fail "insmod we2"

# attach PERSONALITY: the recorder of that kind, its nodes in drv, sr, we2
attach() {
	local i d
	rmmod mmcrec 2>/dev/null
	insmod "$mmcrec" media=none personalities="$1" ||
		fail "insmod mmcrec personalities=$1"
	we2=
	for i in $(seq 100); do
		for d in /sys/class/we2/we2*; do
			[ -e "$d/device/block" ] && [ -c "/dev/${d##*/}" ] && we2=$d
		done
		[ -n "$we2" ] && break
		sleep 0.1
	done
	[ -n "$we2" ] || fail "no we2 node on the $1 recorder"
	drv=$(readlink -f "$we2/device")
	sr=/dev/$(ls "$drv/block")
	we2=/dev/${we2##*/}
	[ -b "$sr" ] || fail "no sr node for $drv"
	echo "# we2 peers: $(uname -r), $1 recorder $sr, $we2, $(nproc) CPUs, $reps runs each"
}

# shellcheck source=../mmcrec/host.bash
. "$top/tests/mmcrec/host.bash"

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
		"${t[@]}" "$top/tools/we2burn" --no-verify --quiet \
			"$we2" "$3" ;;
	we2burn-sync)
		"${t[@]}" "$top/tools/we2burn" --no-verify --quiet \
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

# run_personality PERS: every burn of the table on a PERS drive
run_personality() {
	local pers=$1 list b media speed mb img size r tool rc t0 t1 c0 c1 written ms

	attach "$pers"
	list=$burns
	[ "$pers" = friendly ] || list=$burns_other
	for b in $list; do
		media=${b%%:*} speed=${b#*:}
		case $media in
		cd-r) mb=$((64 * scale / 100)) ;;
		*) mb=$((256 * scale / 100)) ;;
		esac
		[ "$mb" -ge 4 ] || mb=4
		img=$(image "$mb")
		size=$(stat -c %s "$img")
		echo "# $media at $speed kB/s on $pers: image $size bytes"
		for ((r = 1; r <= reps; r++)); do
			for tool in $tools; do
				# growisofs burns no CD, wodim no BD; xorriso's CD and BD
				# runs would be cdrskin's again (both are libburn)
				case $media:$tool in
				cd-r:growisofs | cd-r:xorriso | bd-r:wodim | bd-r:xorriso) continue ;;
				esac
				echo "$speed" > "$drv/speed"
				echo "$media" > "$drv/media"
				# the disc spun up (not the tool's work) and seen by sr
				# now, not in the middle of the burn
				mmcrec_ready "$sr" || fail "$pers drive not ready"
				dd if="$sr" of=/dev/null bs=2048 count=0 2>/dev/null
				sync
				t0=$(date +%s.%N) c0=$(busy)
				burn "$tool" "$media" "$img" > "$tmp/out" 2>&1
				rc=$?
				c1=$(busy) t1=$(date +%s.%N)
				written=$(stat_of written) ms=$(stat_of recorded_ms)
				if [ $rc -ne 0 ] || [ "$written" -lt $((size / 2048)) ] || [ "$ms" -le 0 ]; then
					tail -n 20 "$tmp/out" | sed "s/^/# $tool: /"
					echo "FAIL $tool $media $speed $pers: exit $rc, $written sectors in $ms ms"
					continue
				fi
				echo "peer-raw: $tool $media $speed $((written * 2048 / ms)) $(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }') $(stat_of min_fill) $(stat_of dry) $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') $pers"
			done
		done
	done
	echo none > "$drv/media"
}

for pers in $personalities; do
	run_personality "$pers"
done
rmmod mmcrec
rmmod we2
rm -rf "$tmp"
echo "# we2 peers: done"
