#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds we2.ko for one kernel release in a build tree of its own,
# .build/kmod/<release>/, whose sources are links to kmod/ and include/:
# two kernels never share an object file, a rebuild is incremental, and
# the module ends up in .build/ko/<release>/we2.ko, where the VM loads it.
# (kbuild's "clean" deletes every *.ko below M=, so the copy lives outside
# the build tree.)
#
# For a kernel with CONFIG_KUNIT (the debug kernel) it also builds the
# KUnit suites as .build/ko/<release>/we2_kunit.ko.
#
# usage: scripts/build-kmod.sh RELEASE [kbuild arguments...]
#        WE2_KDIR=<kernel build tree> overrides /lib/modules/RELEASE/build
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=${1:?release}
shift
kdir=${WE2_KDIR:-/lib/modules/$kver/build}
[ -d "$kdir" ] || { echo "build-kmod: no headers for $kver at $kdir" >&2; exit 1; }

bdir=$top/.build/kmod/$kver
mkdir -p "$bdir/kmod/tests" "$top/.build/ko/$kver"
ln -sfn "$top/include" "$bdir/include"
ln -sf "$top/Kbuild" "$bdir/Kbuild"
# links to the current sources; stale ones (a file that went away) dropped
find "$bdir/kmod" -type l -delete
for f in "$top"/kmod/Kbuild "$top"/kmod/*.[ch] "$top"/kmod/tests/*.[ch]; do
	[ -e "$f" ] && ln -s "$f" "$bdir/kmod/${f#"$top"/kmod/}"
done

make -C "$kdir" M="$bdir" W=1 "$@" modules
cp "$bdir/kmod/we2.ko" "$top/.build/ko/$kver/we2.ko"

grep -qs '^CONFIG_KUNIT=y' "$kdir/.config" || exit 0
kdir_kunit=$top/.build/kunit-mod/$kver
mkdir -p "$kdir_kunit/kmod/tests"
ln -sfn "$top/include" "$kdir_kunit/include"
find "$kdir_kunit/kmod" -type l -delete
for f in "$top"/kmod/we2_cdb.[ch] "$top"/kmod/we2_section.[ch] \
	 "$top"/kmod/we2_settings.[ch] "$top"/kmod/we2_pace.[ch] \
	 "$top"/kmod/we2_sense.[ch] \
	 "$top"/kmod/we2_compat.h \
	 "$top"/kmod/tests/*_kunit.c; do
	ln -s "$f" "$kdir_kunit/kmod/${f#"$top"/kmod/}"
done
ln -s "$top/tests/kunit/Kbuild.module" "$kdir_kunit/kmod/Kbuild"
make -C "$kdir" M="$kdir_kunit/kmod" W=1 "$@" modules
cp "$kdir_kunit/kmod/we2_kunit.ko" "$top/.build/ko/$kver/we2_kunit.ko"
