#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Names the installed Debian kernels we build for and boot in QEMU: those
# with both an image and headers. Never `uname -r`: the host runs another
# kernel than the test target, and never a hard-coded ABI number, which
# moves with every Debian update.
#
# usage: scripts/kver.sh [SERIES|RELEASE]   newest of a series (default 6.1):
#                                           6.1 -> 6.1.0-56-amd64,
#                                           6.12 -> 6.12.117+deb12-amd64;
#                                           a full release is checked and echoed
#        scripts/kver.sh --all              the newest of each of 6.1 and 6.12
#                                           that is there, a line each; a
#                                           series missing is said on stderr
#                                           (tests/check.sh fails on it),
#                                           none at all is an error
set -euo pipefail

usable() {
	# the generic flavour only: cloud/rt lack drivers the rig needs
	case $1 in *-cloud-amd64 | *-rt-amd64) return 1 ;; esac
	[ -e "/boot/vmlinuz-$1" ] && [ -d "/lib/modules/$1/build" ]
}

newest() {
	local img v list=
	for img in /boot/vmlinuz-"$1".*-amd64; do
		[ -e "$img" ] || continue
		v=${img#/boot/vmlinuz-}
		usable "$v" && list+="$v"$'\n'
	done
	# "6.1." as prefix keeps 6.12 out of the 6.1 series; sort -V orders ABI numbers
	printf '%s' "$list" | sort -V | tail -n 1
}

if [ "${1:-}" = --all ]; then
	found=''
	for s in 6.1 6.12; do
		v=$(newest $s)
		if [ -n "$v" ]; then
			echo "$v"
			found=1
		else
			# the other series still serves make; tests/check.sh fails
			# on this one
			echo "kver: no $s kernel with both image and headers (run scripts/deps.sh)" >&2
		fi
	done
	[ -n "$found" ] || {
		echo "kver: no kernel with both image and headers (run scripts/deps.sh)" >&2
		exit 1
	}
	exit 0
fi

arg=${1:-6.1}
if [[ $arg == *-* ]]; then
	usable "$arg" || { echo "kver: $arg has no image or no headers" >&2; exit 1; }
	echo "$arg"
	exit 0
fi
best=$(newest "$arg")
if [ -z "$best" ]; then
	echo "kver: no $arg kernel with both /boot/vmlinuz-* and /lib/modules/*/build (run scripts/deps.sh)" >&2
	exit 1
fi
echo "$best"
