#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: builds the emulated MMC recorder and we2 for a kernel release
# and boots the test VM once to burn to the recorder with growisofs, wodim,
# cdrskin and xorriso, then to write to it through /dev/we2N (cases/).
#
# usage: tests/mmcrec/check.sh [--kver 6.1|6.12|RELEASE] [--timeout S] [tool:media ...]
# Output: the guest's `burn:` lines, its `ok - <series> mmcrec <case>` lines
# and one `N passed, N failed` line adding both up.
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
# we2 for the same kernel, we2t and we2burn (make rebuilds what is stale)
make -s kmod KVER="$krel" >&2
make -s testbin tools >&2
exec tests/vm/run.sh --kver "$krel" --timeout "$tmo" -- \
	/bin/bash "$here/guest.sh" "$ko" "$top/.build/ko/$krel/we2.ko" "$@"
