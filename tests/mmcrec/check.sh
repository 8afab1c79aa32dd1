#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: builds the emulated MMC recorder for a kernel release and boots
# the test VM to burn to it with growisofs, wodim, cdrskin and xorriso.
#
# usage: tests/mmcrec/check.sh [--kver 6.1|6.12|RELEASE] [--timeout S] [tool:media ...]
# Output: the guest's `burn:` lines and its `N passed, N failed` line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
kver=6.1 tmo=900
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?}; shift 2 ;;
	--timeout) tmo=${2:?}; shift 2 ;;
	*) break ;;
	esac
done
case $kver in
*.*.*) krel=$kver ;;
*) krel=$("$top/scripts/kver.sh" "$kver") ;;
esac
make -s -C "$here" KREL="$krel" >&2
ko=$here/build/$krel/mmcrec.ko
cd "$top"
exec tests/vm/run.sh --kver "$krel" --timeout "$tmo" -- \
	/bin/bash "$here/run-burns.sh" "$ko" "$@"
