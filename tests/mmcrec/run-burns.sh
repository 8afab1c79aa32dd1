#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE the test VM, as root: loads the emulated MMC recorder
# (mmcrec.ko) and has the burners people use burn a generated ISO image to
# a blank emulated disc, then reads the image back through /dev/srN.
#
# usage: run-burns.sh MMCREC_KO [tool[/mode]:media ... | matrix | matrix:K/N]
#   default burns: growisofs on dvd+r, dvd-r, bd-r; wodim on cd-r, dvd+r;
#   cdrskin on cd-r, dvd+r; xorriso on dvd+r; and, when WE2_KO names
#   we2.ko, we2burn (a disc burn) on cd-r, dvd+r, dvd-r, bd-r; each in the
#   tool's own mode (sao for wodim, cdrskin and xorriso -as cdrecord)
#   `matrix`: every mode of every tool (see matrix() below): default, sao,
#   tao, dao, append (two sessions), dummy (simulation: the disc stays
#   blank), and on rewritable media blank (a used CD-RW or DVD-RW
#   blanked, then burned; full: a DVD-RW blanked all), format (a new
#   DVD+RW or BD-RE formatted, a used DVD-RW formatted to restricted
#   overwrite, then burned), overwrite (a used DVD+RW burned twice);
#   `matrix:K/N`: its
#   Kth part of N (every Nth burn from the Kth) but the DVD-RW modes;
#   `dvdrw:K/N` likewise of those (guest.sh splits them across the
#   personalities' drives, each burned once)
# Every burn is judged by what reads the disc: the image byte-exact through
# /dev/srN, both sessions' files through the kernel's iso9660 after an
# append, and the disc's state (blank, appendable, closed; sessions) as
# READ DISC INFORMATION and the tools' own information commands
# (cdrskin -minfo, wodim -toc, dvd+rw-mediainfo, xorriso -toc) report it.
# Prints `burn: <tool> <media> ok|FAIL <reason>` per burn (in another mode
# than the tool's own, or on another personality than friendly:
# `burn: <tool>/<mode> <media> <personality> ok|FAIL <reason>|skip <reason>`)
# and a final `N passed, N failed` line; exits non-zero on any failure.
# Env (set with `env` on the guest command line): MMCREC_MB (size of the
# generated image in MiB, 16), MMCREC_IMG (burn this image instead, e.g. one
# made on the host), MMCREC_VERBOSE=1 (show the burners' output),
# MMCREC_INFO=1 (show the information commands' output), MMCREC_JUDGES=0
# (the disc's state from READ DISC INFORMATION alone, but for we2burn's
# burns), WE2_KO
# (we2.ko: loaded first, so that we2burn burns through /dev/we2N) and
# WE2BURN (the we2burn to run), MMCREC_PERSONALITY (the drive's kind:
# friendly, sata, usb; friendly), MMCREC_DRIVE (which of the personality's
# drives, from 0; 0), MMCREC_SHARED=1 (we2 and mmcrec are
# loaded already, the latter with this personality among others: burns on
# several drives at once). A drive that reports no media change
# after a close (sata) is reloaded before the read-back, as its user would.
set -u
ko=${1:?usage: run-burns.sh MMCREC_KO [tool:media ...]}
shift
burns=("$@")
# every mode of every tool, as issue #16 lists them
matrix() {
	echo growisofs/default:dvd+r growisofs/append:dvd+r \
		growisofs/default:dvd-r growisofs/dao:dvd-r \
		growisofs/append:dvd-r growisofs/default:bd-r \
		growisofs/append:bd-r \
		wodim/sao:cd-r wodim/tao:cd-r wodim/append:cd-r wodim/dummy:cd-r \
		wodim/sao:dvd+r wodim/sao:dvd-r wodim/dummy:dvd-r \
		cdrskin/sao:cd-r cdrskin/tao:cd-r cdrskin/append:cd-r \
		cdrskin/dummy:cd-r cdrskin/default:dvd+r cdrskin/append:dvd+r \
		cdrskin/default:dvd-r cdrskin/sao:dvd-r cdrskin/dummy:dvd-r \
		cdrskin/default:bd-r \
		xorriso/append:cd-r xorriso/dummy:cd-r xorriso/append:dvd+r \
		xorriso/append:dvd-r xorriso/append:bd-r \
		${WE2_KO:+we2burn:cd-r we2burn:dvd+r we2burn:dvd-r we2burn:bd-r} \
		${WE2_KO:+we2burn/dummy:cd-r we2burn/dummy:dvd-r} \
		${WE2_KO:+we2burn/append:cd-r} \
		wodim/blank:cd-rw cdrskin/blank:cd-rw xorriso/blank:cd-rw \
		growisofs/default:dvd+rw growisofs/overwrite:dvd+rw \
		dvd+rw-format/format:dvd+rw xorriso/format:dvd+rw \
		growisofs/default:bd-re dvd+rw-format/format:bd-re
}
# the DVD-RW modes, which guest.sh splits across the personalities (each
# burned once, on one drive) rather than on every one as the matrix
dvdrw() {
	echo growisofs/default:dvd-rw dvd+rw-format/blank:dvd-rw \
		dvd+rw-format/full:dvd-rw dvd+rw-format/format:dvd-rw \
		cdrskin/blank:dvd-rw cdrskin/full:dvd-rw cdrskin/format:dvd-rw \
		wodim/blank:dvd-rw xorriso/blank:dvd-rw xorriso/format:dvd-rw
}
# part K of N of a list: every Nth from the Kth, for N drives burning it
# at once (a mix of tools and media in each)
part() {
	local -a all
	local i

	read -r -a all <<< "$($1)"
	for ((i = $2 - 1; i < ${#all[@]}; i += $3)); do
		echo "${all[i]}"
	done
}
if [ "${burns[*]}" = matrix ]; then
	read -r -a burns <<< "$(matrix) $(dvdrw)"
elif [[ ${burns[*]} =~ ^(matrix|dvdrw):[1-9]/[1-9] ]]; then
	# matrix:K/N and dvdrw:K/N, each its Kth part of N
	args=("${burns[@]}")
	burns=()
	for a in "${args[@]}"; do
		if [[ $a =~ ^(matrix|dvdrw):([1-9])/([1-9])$ ]]; then
			read -r -a p <<< "$(part "${BASH_REMATCH[@]:1:3}" | tr '\n' ' ')"
			burns+=("${p[@]}")
		else
			burns+=("$a")
		fi
	done
elif [ ${#burns[@]} -eq 0 ]; then
	burns=(growisofs:dvd+r growisofs:dvd-r growisofs:bd-r wodim:cd-r
		wodim:dvd+r cdrskin:cd-r cdrskin:dvd+r xorriso:dvd+r)
	[ -n "${WE2_KO:-}" ] &&
		burns+=(we2burn:cd-r we2burn:dvd+r we2burn:dvd-r we2burn:bd-r)
fi
we2burn=${WE2BURN:-$(cd "$(dirname "$0")/../.." && pwd)/tools/we2burn}
mb=${MMCREC_MB:-16}
tmp=/tmp/mmcrec.$$
mkdir -p "$tmp"
pass=0 failn=0 began=$SECONDS judged=0

note() { echo "# $*"; }

modprobe sr_mod 2>/dev/null
# growisofs hands the disc's previous session to mkisofs as /dev/fd/N, as
# on any system; the test guest has no /dev/fd of its own
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd 2>/dev/null
modprobe sg 2>/dev/null
we2node=
pers=${MMCREC_PERSONALITY:-friendly}
# MMCREC_SHARED=1: the caller loaded we2 and mmcrec with this personality
# among others, and runs other burns beside these on the other drives
shared=${MMCREC_SHARED:-0}
if [ "$shared" != 1 ]; then
	rmmod mmcrec 2>/dev/null
	if [[ " ${burns[*]}" =~ " we2burn"[:/] ]]; then
		rmmod we2 2>/dev/null
		if [ -z "${WE2_KO:-}" ] || ! insmod "$WE2_KO"; then
			echo "burn: setup - FAIL insmod we2 '${WE2_KO:-}' for we2burn"
			echo "0 passed, 1 failed"
			exit 1
		fi
	fi
	if ! insmod "$ko" media=none personalities="$pers"; then
		echo "burn: setup - FAIL insmod $ko"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi

# shellcheck source=host.bash
. "$(dirname "$0")/host.bash"
host=$(mmcrec_host "$pers")
sr=
for i in $(seq 100); do
	b=$(ls -d "$host"/device/target*/*:*/block/sr* 2>/dev/null | sort -V |
	    sed -n "$((${MMCREC_DRIVE:-0} + 1))p")
	[ -n "$b" ] && [ -b "/dev/${b##*/}" ] && { sr=/dev/${b##*/}; break; }
	sleep 0.1
done
# the drive's knobs: its SCSI device's directory
drv=${b%/block/*}
sg=/dev/$(ls "$drv/scsi_generic" 2>/dev/null)
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
tree1=$tmp/tree1 tree2=$tmp/tree2
mkdir -p "$tree1" "$tree2"
if [ -z "$img" ]; then
	img=$tmp/img.iso
	for i in $(seq 4); do
		head -c $((mb * 1024 * 1024 / 4 - 65536)) /dev/urandom > "$tree1/f$i"
	done
	xorriso -as mkisofs -quiet -R -o "$img" "$tree1" 2>/dev/null
fi
# what a second session adds: other files, and one of the first replaced
for i in 1 2; do
	head -c $((mb * 1024 * 1024 / 8)) /dev/urandom > "$tree2/g$i"
done
size=$(stat -c %s "$img")
blocks=$((size / 2048))
note "image $size bytes ($blocks blocks)"

# load MEDIA: a fresh blank disc ("MEDIA written": a used rewritable one)
load() {
	echo "$1" > "$drv/media"
	# on a friendly drive, let sr see the change now (open revalidates);
	# the others are left spinning up, for the burner to wait for
	[ "$pers" != friendly ] ||
		dd if="$sr" of=/dev/null bs=2048 count=0 2>/dev/null
	true
}

# see_new_state: what a user does to have the kernel see a burned disc's
# new state: nothing on a drive that reports the change (friendly: at once,
# by a unit attention), an eject and load on one that does not
see_new_state() {
	if [ "$pers" = friendly ]; then
		echo 1 > "$drv/changed"
	elif [ "$(cat "$drv/close_event")" != 1 ]; then
		sg_start --eject "$sg" > /dev/null 2>&1 &&
			sg_start --load "$sg" > /dev/null 2>&1 ||
			{ echo "reload failed"; return 1; }
	fi
	# through the sg node: an open of sr while the disc spins up would
	# find it not ready and keep the old capacity and block size (sr
	# revalidates once per media change, at the first open)
	mmcrec_ready "$sg" || { echo "drive not ready after the burn"; return 1; }
}

# cmp_at FILE LBA: FILE reads back byte-exact through /dev/srN from LBA,
# streamed (no copy of the image in the guest's memory)
cmp_at() {
	local f=$1 lba=$2

	dd if="$sr" bs=64k skip=$((lba * 2048)) \
		iflag=direct,count_bytes,skip_bytes count="$(stat -c %s "$f")" \
		2>"$tmp/dd.err" | cmp - "$f" > "$tmp/cmp.out" 2>&1
	if [ "${PIPESTATUS[0]}" -ne 0 ]; then
		echo "read back at $lba: $(tail -n 1 "$tmp/dd.err")"
		return 1
	fi
	if [ -s "$tmp/cmp.out" ]; then
		echo "read back at $lba differs: $(head -n 1 "$tmp/cmp.out")"
		return 1
	fi
}

# files_match DIR...: every file of each DIR reads back the same through
# the kernel's iso9660 file system on /dev/srN (its last session)
files_match() {
	local d f bad=

	modprobe isofs 2>/dev/null
	mkdir -p "$tmp/mnt"
	if ! mount -t iso9660 -o ro "$sr" "$tmp/mnt" 2>"$tmp/mount.err"; then
		echo "mount: $(grep -v dmesg "$tmp/mount.err" | tail -n 1)" \
			"$(dmesg | grep -E 'sr[0-9]|ISOFS|isofs' | tail -n 1)"
		if [ "${MMCREC_DEBUG:-0}" = 1 ]; then
			dmesg | tail -n 20 >&2
			echo "lbs $(cat /sys/block/${sr#/dev/}/queue/logical_block_size) size $(cat /sys/block/${sr#/dev/}/size)" >&2
			sg_raw -r 12 "$sr" 43 00 01 00 00 00 00 00 0c 00 >&2
			dd if="$sr" bs=2048 skip=16 count=1 iflag=direct 2>&1 | tail -n 1 >&2
		fi
		return 1
	fi
	for d in "$@"; do
		for f in "$d"/*; do
			[ -e "$f" ] || continue
			cmp -s "$f" "$tmp/mnt/${f##*/}" ||
				{ bad=${f##*/}; break 2; }
		done
	done
	umount "$tmp/mnt"
	[ -z "$bad" ] || { echo "file $bad reads back wrong or not at all"; return 1; }
}

# disc_state: "<blank|appendable|closed|other> <recorded sessions>" from
# READ DISC INFORMATION (an empty last session is not counted)
disc_state() {
	local ns

	# shellcheck disable=SC2046
	rdi_decode $(sg_raw -r 34 -b "$sr" 51 00 00 00 00 00 00 00 22 00 \
		     2>/dev/null | od -An -tu1 -v) ||
		{ echo "unreadable 0"; return; }
	ns=$SESSIONS
	[ "$SESSION_STATE" -ne 0 ] || ns=$((ns - 1))
	case $DISC_STATUS in
	0) echo "blank 0" ;;
	1) echo "appendable $ns" ;;
	2) echo "closed $ns" ;;
	*) echo "other $ns" ;;
	esac
}

# the disc a burn leaves, as the tool documents it: closed, or appendable
# where it keeps the disc open (growisofs unless -dvd-compat; xorriso's
# own multi-session; the first session of an append); dummy: blank
expect_state() {
	local tool=$1 mode=$2

	# a formatted DVD+RW or BD-RE is one complete session, whatever was
	# written, and so is a DVD-RW in restricted overwrite
	case $3 in dvd+rw | bd-re) echo "closed 1"; return ;; esac
	case $mode/$3 in format/dvd-rw) echo "closed 1"; return ;; esac
	case $tool/$mode in
	*/dummy) echo "blank 0" ;;
	growisofs/append | xorriso/append) echo "appendable 2" ;;
	*/append) echo "closed 2" ;;
	# growisofs leaves an incremental DVD-R(W) recording appendable
	growisofs/default | dvd+rw-format/full) echo "appendable 1" ;;
	# wodim closes a DVD+R's session (CLOSE function 2), never the disc
	wodim/*) [ "$3" = dvd+r ] && echo "appendable 1" || echo "closed 1" ;;
	*) echo "closed 1" ;;
	esac
}

# the image of a second session after the first on the disc: what
# `-msinfo` tells mkisofs (-C) and the first session read back (-M)
second_image() {
	local msinfo=$1

	xorriso -as mkisofs -quiet -R -C "$msinfo" -M "$sr" \
		-o "$tmp/img2.iso" "$tree2" 2>"$tmp/mkisofs.err" ||
		{ tail -n 3 "$tmp/mkisofs.err"; return 1; }
}

# used_blanked: the disc as READ DISC INFORMATION sees it is blank
used_blanked() {
	local st

	st=$(disc_state)
	[ "$st" = "blank 0" ] ||
		{ echo "after blanking the disc is $st, want blank 0"; return 1; }
}

# growisofs_z IMAGE [FORCE]: growisofs -Z IMAGE, with more of
# -use-the-force-luke's options
growisofs_z() {
	timeout 300 growisofs -use-the-force-luke=notray${2:+,$2} -Z "$sr=$1"
}

# run_burn TOOL MODE MEDIA: the burn (two, for an append); sets img2 and
# img2_lba when the second session was an image of ours
run_burn() {
	local tool=$1 mode=$2 media=$3 force=notray msinfo
	img2= img2_lba=
	case $tool/$mode/$media in
	*/blank/* | */full/dvd-rw)
		# a used CD-RW or DVD-RW: written, so the burn needs the
		# blanking (full: all of it)
		mmcrec_ready "$sg" || { echo "drive not ready"; return 1; }
		[ "$(disc_state)" = "closed 1" ] ||
			{ echo "the used disc is $(disc_state), want closed 1"; return 1; }
		local how=fast
		[ "$mode" = blank ] || how=all
		case $tool in
		wodim | cdrskin)
			timeout 300 env CDR_NODMATEST=1 $tool -v gracetime=0 \
				dev="$sr" blank=$how ;;
		xorriso) timeout 300 xorriso -outdev "$sr" -blank $how ;;
		# -blank: BLANK minimal (11h: IMMED, type 1), -blank=full 10h
		dvd+rw-format)
			local opt=-blank
			[ "$mode" = blank ] || opt=-blank=full
			timeout 300 dvd+rw-format $opt "$sr" ;;
		*) return 3 ;;
		esac || return
		used_blanked || return
		case $tool/$mode in
		wodim/*) timeout 300 env CDR_NODMATEST=1 wodim -v gracetime=0 \
				dev="$sr" -dao "$img" ;;
		cdrskin/blank) timeout 300 cdrskin -v gracetime=0 dev="$sr" \
				-sao "$img" ;;
		# its own mode: on a fully blanked DVD-RW incremental
		cdrskin/full) timeout 300 cdrskin -v gracetime=0 dev="$sr" \
				"$img" ;;
		xorriso/*) timeout 300 xorriso -as cdrecord -v dev="$sr" -sao \
				"$img" ;;
		# growisofs: on a minimally blanked DVD-RW feature 21h is off,
		# so it engages DAO (RESERVE TRACK); fully blanked, incremental
		dvd+rw-format/*) growisofs_z "$img" ;;
		esac ;;
	dvd+rw-format/format/dvd-rw)
		# a used DVD-RW (sequential, one closed session) formatted to
		# restricted overwrite (-force: FORMAT UNIT 15h, quick), then
		# growisofs writes it as it writes a DVD+RW
		mmcrec_ready "$sg" || { echo "drive not ready"; return 1; }
		timeout 300 dvd+rw-format -force "$sr" && see_new_state &&
			growisofs_z "$img" ;;
	cdrskin/format/dvd-rw)
		# blank=format_overwrite: FORMAT UNIT 15h, then a burn in
		# whole 32 KiB blocks
		timeout 300 cdrskin -v gracetime=0 dev="$sr" \
			blank=format_overwrite && see_new_state &&
			timeout 300 cdrskin -v gracetime=0 dev="$sr" "$img" ;;
	dvd+rw-format/format/*)
		# a new DVD+RW formatted (FORMAT UNIT 26h, the background
		# format stopped), or a BD-RE without spare areas (31h), then
		# burned by growisofs
		local -a ssa=()
		[ "$media" != bd-re ] || ssa=(-ssa=none)
		timeout 300 dvd+rw-format "${ssa[@]}" "$sr" &&
			growisofs_z "$img" ;;
	xorriso/format/*)
		timeout 300 xorriso -outdev "$sr" -format as_needed &&
			timeout 300 xorriso -as cdrecord -v dev="$sr" "$img" ;;
	growisofs/overwrite/*)
		# a used DVD+RW burned, then burned over with another image;
		# growisofs refuses -Z over an ISO 9660 file system but from a
		# terminal that is asked, or told so by its "tty" option
		growisofs_z "$img" && see_new_state &&
			xorriso -as mkisofs -quiet -R -o "$tmp/img2.iso" \
				"$tree2" 2>/dev/null &&
			growisofs_z "$tmp/img2.iso" tty || return
		img2=$tmp/img2.iso img2_lba=0 ;;
	growisofs/*)
		[ "$media" = bd-r ] && force=notray,spare:none
		case $mode in
		default) timeout 300 growisofs -use-the-force-luke=$force \
				-Z "$sr=$img" ;;
		dao) timeout 300 growisofs -use-the-force-luke=$force \
				-dvd-compat -Z "$sr=$img" ;;
		append) timeout 300 growisofs -use-the-force-luke=$force \
				-Z "$sr=$img" && see_new_state &&
			timeout 300 growisofs \
				-use-the-force-luke=$force -M "$sr" -R -quiet \
				"$tree2" ;;
		*) return 3 ;;
		esac ;;
	wodim/* | cdrskin/*)
		local -a opt=(-v gracetime=0 dev="$sr")
		case $tool/$mode in
		wodim/default | wodim/sao) opt+=(-dao) ;;
		*/tao) opt+=(-tao) ;;
		cdrskin/sao) opt+=(-sao) ;;
		wodim/dummy) opt+=(-dummy -dao) ;;
		cdrskin/dummy) opt+=(-dummy -sao) ;;
		cdrskin/default | */append) ;;
		*) return 3 ;;
		esac
		if [ "$mode" != append ]; then
			timeout 300 env CDR_NODMATEST=1 $tool "${opt[@]}" "$img"
			return
		fi
		# the first session left open (at once on a CD for wodim), the
		# second (track at once) where -msinfo says, closing the disc
		[ "$tool/$media" = wodim/cd-r ] && opt+=(-dao)
		timeout 300 env CDR_NODMATEST=1 $tool "${opt[@]}" -multi "$img" &&
			see_new_state || return
		msinfo=$(timeout 60 $tool dev="$sr" -msinfo 2>/dev/null) ||
			{ echo "-msinfo failed"; return 1; }
		echo "msinfo: $msinfo"
		second_image "$msinfo" || return
		img2=$tmp/img2.iso img2_lba=${msinfo#*,}
		[ "$tool/$media" = wodim/cd-r ] && opt=("${opt[@]/-dao/-tao}")
		timeout 300 env CDR_NODMATEST=1 $tool "${opt[@]}" "$img2" ;;
	xorriso/default/* | xorriso/sao/*)
		timeout 300 xorriso -as cdrecord -v dev="$sr" -sao "$img" ;;
	xorriso/append/*)
		# its own multi-session: a file tree per session, the disc
		# left appendable
		timeout 300 xorriso -outdev "$sr" -map "$tree1" / -commit &&
			see_new_state &&
			timeout 300 xorriso -dev "$sr" -map "$tree2" / -commit ;;
	xorriso/dummy/*)
		timeout 300 xorriso -outdev "$sr" -dummy on -map "$tree1" / \
			-commit ;;
	we2burn/default/*)
		[ -n "$we2node" ] || { echo "no we2 node for $sr"; return 2; }
		timeout 300 "$we2burn" "$we2node" "$img" ;;
	we2burn/dummy/*)
		[ -n "$we2node" ] || { echo "no we2 node for $sr"; return 2; }
		timeout 300 "$we2burn" --dummy "$we2node" "$img" ;;
	we2burn/append/*)
		# session 1 left open, session 2 where --msinfo says (on a CD
		# track at once), the disc closed with it
		[ -n "$we2node" ] || { echo "no we2 node for $sr"; return 2; }
		timeout 300 "$we2burn" --multi "$we2node" "$img" &&
			see_new_state || return
		msinfo=$(timeout 60 "$we2burn" --msinfo "$we2node") ||
			{ echo "--msinfo failed"; return 1; }
		echo "msinfo: $msinfo"
		second_image "$msinfo" || return
		img2=$tmp/img2.iso img2_lba=${msinfo#*,}
		timeout 300 "$we2burn" "$we2node" "$img2" ;;
	*)
		return 3 ;;
	esac
}

# the tool's own mode when a burn names none
own_mode() {
	case $1 in
	wodim | cdrskin | xorriso) echo sao ;;
	*) echo default ;;
	esac
}

# The information commands' view of the disc, as "<state> <sessions>"
# like disc_state's (an empty last session not counted); their output is
# kept in $tmp/info.log

# state_words FILE STATUS SESSIONS LAST: "<state> <sessions>" from a
# tool's "STATUS: <words>", "SESSIONS: N" and "LAST: empty" lines (the
# regular expressions STATUS, SESSIONS, LAST match the names); its status
# words say blank (or empty), appendable, or complete
state_words() {
	awk -F': *' -v st_re="$2" -v n_re="$3" -v last_re="$4" '
	$1 ~ st_re { st = $2 }
	$1 ~ n_re { n = $2 }
	$1 ~ last_re { empty = ($2 == "empty") }
	END {
		if (st ~ /^(empty|blank)/) { print "blank 0"; exit }
		s = "other"
		if (st ~ /appendable/)
			s = "appendable"
		else if (st == "complete")
			s = "closed"
		print s, n - empty
	}' "$1"
}

# cdrskin -minfo (libburn, on every medium)
info_cdrskin() {
	timeout 60 cdrskin dev="$sr" -minfo > "$tmp/info.out" 2>&1
	cat "$tmp/info.out" >> "$tmp/info.log"
	state_words "$tmp/info.out" '^disk status$' '^number of sessions$' \
		'^session status$'
}

# dvd+rw-mediainfo (DVD and BD)
info_mediainfo() {
	timeout 60 dvd+rw-mediainfo "$sr" > "$tmp/info.out" 2>&1
	cat "$tmp/info.out" >> "$tmp/info.log"
	state_words "$tmp/info.out" 'Disc status$' 'Number of Sessions$' \
		'State of Last Session$'
}

# xorriso -toc: the medium's status and its summary's sessions
info_xorriso() {
	timeout 60 xorriso -indev "$sr" -toc > "$tmp/info.out" 2>&1
	cat "$tmp/info.out" >> "$tmp/info.log"
	awk '
	/^Media status :/ {
		st = "other"
		if (/is blank/)
			st = "blank"
		else if (/is closed/)
			st = "closed"
		else if (/is appendable/)
			st = "appendable"
	}
	/^Media summary:/ { n = $3 + 0 }
	END { print st, st == "blank" ? 0 : n }' "$tmp/info.out"
}

# wodim -toc (CD): its tracks, one per session in these burns
info_wodim() {
	local n

	timeout 60 wodim dev="$sr" -toc > "$tmp/info.out" 2>&1
	cat "$tmp/info.out" >> "$tmp/info.log"
	n=$(grep -c '^track: *[0-9]' "$tmp/info.out")
	echo "tracks $n"
}

# info_judge MEDIA MODE WANT: every information command sees the disc as
# WANT ("<state> <sessions>")
info_judge() {
	local media=$1 mode=$2 want=$3 got judge

	: > "$tmp/info.log"
	for judge in cdrskin mediainfo xorriso wodim; do
		# dvd+rw-mediainfo reads DVD and BD, wodim -toc CDs; xorriso
		# (3 s a look) where sessions are the point
		case $judge/$media/$mode in
		mediainfo/cd-*/* | wodim/dvd*/* | wodim/bd-r/*) continue ;;
		xorriso/*/append | xorriso/*/dummy) ;;
		xorriso/*) continue ;;
		esac
		local t0=$SECONDS
		got=$(info_$judge)
		echo "# $judge: $got in $((SECONDS - t0)) s" >> "$tmp/info.log"
		[ "$judge" != wodim ] || want="tracks ${want#* }"
		if [ "$got" != "$want" ]; then
			echo "$judge sees '$got', want '$want'"
			return 1
		fi
	done
}

# formatted_ok TOOL MODE MEDIA: READ CAPACITY gives the formatted size:
# a DVD+RW's whole disc, a BD-RE's less its spare areas (growisofs'
# default) or all of it (dvd+rw-format -ssa=none)
formatted_ok() {
	local -a c
	local blocks want

	# shellcheck disable=SC2207  # the answer's bytes
	c=($(sg_raw -r 8 -b "$sr" 25 00 00 00 00 00 00 00 00 00 2>/dev/null |
	     od -An -tu1 -v))
	[ ${#c[@]} -eq 8 ] || { echo "READ CAPACITY failed"; return 1; }
	blocks=$(((c[0] << 24 | c[1] << 16 | c[2] << 8 | c[3]) + 1))
	case $1/$3 in
	*/dvd+rw) want=2295104 ;;
	# restricted overwrite: the whole disc
	*/dvd-rw) [ "$2" = format ] || return 0
		want=2298496 ;;
	dvd+rw-format/bd-re) want=12219392 ;;
	*/bd-re) [ "$blocks" -lt 12219392 ] && return
		want="less than 12219392 (spare areas)" ;;
	*) return 0 ;;
	esac
	[ "$blocks" = "$want" ] ||
		{ echo "formatted $blocks blocks, want $want"; return 1; }
}

# judge TOOL MODE MEDIA: the burn's outcome, as the readers see it
judge() {
	local tool=$1 mode=$2 media=$3 want got

	see_new_state || return
	formatted_ok "$tool" "$mode" "$media" || return
	want=$(expect_state "$tool" "$mode" "$media")
	got=$(disc_state)
	[ "$got" = "$want" ] ||
		{ echo "disc $got, want $want (READ DISC INFORMATION)"; return 1; }
	# we2burn's own burns are judged by all of them on every drive
	if [ "${MMCREC_JUDGES:-1}" != 0 ] || [ "$tool" = we2burn ]; then
		info_judge "$media" "$mode" "$want" || return
	fi
	case $mode in
	dummy)
		[ "$(awk '{ for (i = 1; i < NF; i++) if ($i == "written") print $(i + 1) }' "$drv/stats")" = 0 ] ||
			{ echo "a simulation recorded: $(cat "$drv/stats")"; return 1; } ;;
	overwrite)
		cmp_at "$img2" 0 ;;
	append)
		if [ "$tool" != xorriso ]; then
			cmp_at "$img" 0 || return
		fi
		[ -z "$img2" ] || cmp_at "$img2" "$img2_lba" || return
		files_match "$tree1" "$tree2" ;;
	*)
		cmp_at "$img" 0 ;;
	esac
}

for b in "${burns[@]}"; do
	spec=${b%%:*} media=${b#*:}
	tool=${spec%%/*}
	mode=$(own_mode "$tool")
	[ "$spec" = "$tool" ] || mode=${spec#*/}
	# the burn's name in its burn: line
	if [ "$pers" = friendly ] && [ "$spec" = "$tool" ]; then
		name="$tool $media"
	else
		name="$tool/$mode $media $pers"
	fi
	if [ "$tool" != we2burn ] && ! command -v "$tool" > /dev/null; then
		echo "burn: $name FAIL $tool not installed"
		failn=$((failn + 1))
		continue
	fi
	# the rewritable media's own modes start from a used disc
	case $mode/$media in
	blank/* | overwrite/* | full/dvd-rw | format/dvd-rw)
		load "$media written" ;;
	*) load "$media" ;;
	esac
	# growisofs reads the disc's state once (get_mmc_profile) and gives
	# up on a drive still spinning up (02/04/01), as dvd+rw-format does
	# (no current profile yet: "not recognized"), so their user waits for
	# the drive, as for the tray's light; the others wait themselves
	case $tool in
	growisofs | dvd+rw-format) mmcrec_ready "$sr" ;;
	esac
	why= t0=$(date +%s.%N)
	: > "$tmp/info.log"
	run_burn "$tool" "$mode" "$media" > "$tmp/$tool.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	if [ "${MMCREC_VERBOSE:-0}" = 1 ] || [ $rc -ne 0 ]; then
		sed "s/^/# $tool: /" "$tmp/$tool.log" | tail -n 40
	fi
	note "$tool/$mode $media: exit $rc, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $(cat "$drv/stats")"
	if [ $rc -eq 3 ]; then
		echo "burn: $name FAIL no such mode in this script"
		failn=$((failn + 1))
	elif [ $rc -ne 0 ]; then
		echo "burn: $name FAIL exit status $rc"
		failn=$((failn + 1))
	else
		tj=$SECONDS
		why=$(judge "$tool" "$mode" "$media")
		st=$?
		judged=$((judged + SECONDS - tj))
		if [ $st -ne 0 ]; then
			echo "burn: $name FAIL $why"
			failn=$((failn + 1))
		else
			echo "burn: $name ok"
			pass=$((pass + 1))
		fi
	fi
	if [ "${MMCREC_INFO:-0}" = 1 ] || [[ $why == *" sees "* ]]; then
		sed 's/^/# info: /' "$tmp/info.log"
	fi
done

echo none > "$drv/media"
if [ "$shared" != 1 ]; then
	rmmod mmcrec 2>/dev/null || note "rmmod mmcrec failed"
	[ -z "$we2node" ] || rmmod we2 2>/dev/null || note "rmmod we2 failed"
fi
rm -rf "$tmp"
note "${#burns[@]} burns in $((SECONDS - began)) s, $judged s of them judging"
echo "$pass passed, $failn failed"
[ $failn -eq 0 ]
