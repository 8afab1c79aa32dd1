#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE the test VM, as root, in one boot: the burners people use
# against the emulated recorder (run-burns.sh; on a friendly, a sata and a
# usb drive at once), then we2 against it (the
# cases in cases/, through tests/func/run.sh: each under a timeout, failed
# when it leaves a BUG or WARNING in the kernel log). Their own summaries
# are kept as comments; the last line adds both up.
#
# usage: guest.sh MMCREC_KO WE2_KO [tool:media ...]
# Prints run-burns.sh's `burn:` lines, `ok - <series> mmcrec <case>` /
# `not ok - ...` lines and `N passed, N failed`; exits non-zero on any
# failure.
set -u
# the pipe into the loop below runs it in this shell (the guest has no
# /dev/fd for a process substitution)
shopt -s lastpipe
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ko=${1:?usage: guest.sh MMCREC_KO WE2_KO [tool:media ...]}
we2ko=${2:?usage: guest.sh MMCREC_KO WE2_KO [tool:media ...]}
shift 2
series=$(uname -r | cut -d. -f1,2)
pass=0 failed=0 skipped=0

# run WHAT COMMAND...: its output as it comes, its summary line turned into
# a comment and added to ours; no summary, or a failure status with none
# counted, is one failure more
run() {
	local what=$1 line sum='' st p=0 f=0 s=0
	shift
	"$@" 2>&1 | while IFS= read -r line; do
		if [[ $line =~ ^[0-9]+\ passed,\ [0-9]+\ failed ]]; then
			sum=$line
			echo "# $what: $line"
		else
			echo "$line"
		fi
	done
	st=${PIPESTATUS[0]}
	[[ $sum =~ ([0-9]+)\ passed ]] && p=${BASH_REMATCH[1]}
	[[ $sum =~ ([0-9]+)\ failed ]] && f=${BASH_REMATCH[1]}
	[[ $sum =~ ([0-9]+)\ skipped ]] && s=${BASH_REMATCH[1]}
	if [ -z "$sum" ]; then
		echo "not ok - $series mmcrec $what (no summary line, exit status $st)"
		f=$((f + 1))
	elif [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $series mmcrec $what (exit status $st)"
		f=1
	fi
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

# burns named on the command line: on the friendly drive alone
if [ $# -gt 0 ]; then
	run burns env WE2_KO="$we2ko" /bin/bash "$here/run-burns.sh" "$ko" "$@"
fi
# Otherwise the friendly drive in the tools' own modes (16 MiB images),
# and the same burners on drives that are not friendly, in every mode on
# 6.1 (judged on sata by the information commands too, on usb by READ DISC
# INFORMATION; 8 MiB images, the modes are the point), the matrix split
# between drives of each personality. Other kernels: one burn per tool
# on each personality, the friendly drive's on other media than the other
# two's, and one per rewritable medium. All drives burn at the same time,
# on the hosts of one mmcrec: a burn waits on its drive (spin-up, buffer,
# speed) more than on the VM's CPUs.
if [ $# -eq 0 ]; then
	# sata's judges take longer: its matrix on three drives, usb's on two;
	# the DVD-RW modes split across all five, two burns on each
	friendly=() drives=3
	sata=("matrix:1/3 dvdrw:1/5" "matrix:2/3 dvdrw:2/5" "matrix:3/3 dvdrw:3/5")
	usb=("matrix:1/2 dvdrw:4/5" "matrix:2/2 dvdrw:5/5")
	if [ "$series" != 6.1 ]; then
		friendly=(growisofs:bd-r wodim:dvd+r cdrskin:dvd+r xorriso:dvd+r
			  we2burn:cd-r)
		sata=("growisofs/append:dvd+r wodim/tao:cd-r cdrskin/dummy:cd-r xorriso/append:cd-r we2burn:dvd+r")
		usb=("${sata[@]}")
		# and one burn per rewritable medium (a used DVD-RW blanked
		# minimally by dvd+rw-format, then burned disc at once by
		# growisofs)
		friendly+=(growisofs:dvd+rw dvd+rw-format/blank:dvd-rw)
		sata[0]+=" wodim/blank:cd-rw"
		usb[0]+=" dvd+rw-format/format:bd-re"
		drives=1
	fi
	out=/tmp/guest-burns.$$
	mkdir -p "$out"
	rmmod mmcrec we2 2>/dev/null
	# we2 needs the SCSI midlayer in; the burners need sr and sg
	modprobe -a sr_mod sg 2>/dev/null
	if insmod "$we2ko" && insmod "$ko" media=none drives=$drives \
	   personalities=friendly,sata,usb; then
		env WE2_KO="$we2ko" MMCREC_SHARED=1 \
			/bin/bash "$here/run-burns.sh" "$ko" "${friendly[@]}" \
			> "$out/friendly" 2>&1 &
		for pers in sata usb; do
			judges=1
			[ $pers = sata ] || judges=0
			declare -n parts=$pers
			for ((d = 0; d < ${#parts[@]}; d++)); do
				# shellcheck disable=SC2086  # a part is a list
				env WE2_KO="$we2ko" MMCREC_SHARED=1 \
					MMCREC_PERSONALITY=$pers MMCREC_DRIVE=$d \
					MMCREC_JUDGES=$judges MMCREC_MB=8 \
					/bin/bash "$here/run-burns.sh" "$ko" \
					${parts[d]} > "$out/$pers.$d" 2>&1 &
			done
			unset -n parts
		done
		wait
		run burns cat "$out/friendly"
		for f in "$out"/sata.* "$out"/usb.*; do
			run "burns ${f##*/}" cat "$f"
		done
	else
		echo "not ok - $series mmcrec burns (insmod failed)"
		failed=$((failed + 1))
	fi
	rmmod mmcrec we2 2>/dev/null
	rm -rf "$out"
fi
# other kernels: fewer repetitions of the io_uring order burns (4 whole
# discs each way), 128 MiB for the large burn
reps=()
[ "$series" = 6.1 ] || reps=(ORDER_REPS=4 BIG_MB=128)
run cases env MMCREC_KO="$ko" WE2_KO="$we2ko" CASE_TIMEOUT=240 "${reps[@]}" \
	/bin/bash "$top/tests/func/run.sh" "$series mmcrec" "$here"/cases/*.sh

if [ $skipped -gt 0 ]; then
	echo "$pass passed, $failed failed, $skipped skipped"
else
	echo "$pass passed, $failed failed"
fi
[ $failed -eq 0 ]
