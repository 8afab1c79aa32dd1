#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build the emulated recorder for one of Debian's kernels (6.1
# unless told otherwise), boot it in QEMU and run tests/demo-guest.sh there.
#
# usage: tests/demo.sh [SERIES|RELEASE]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$("$top/scripts/kver.sh" "${1:-6.1}")
make -s -C "$top/tests/mmcrec" KREL="$kver" >&2
exec "$top/tests/vm/run.sh" --kver "$kver" --timeout 600 -- \
	/bin/bash "$top/tests/demo-guest.sh" "$top/tests/mmcrec/build/$kver/mmcrec.ko"
