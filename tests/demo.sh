#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot one of Debian's kernels (6.1 unless told otherwise) in
# QEMU and run tests/demo-guest.sh there.
#
# usage: tests/demo.sh [SERIES|RELEASE]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$("$top/scripts/kver.sh" "${1:-6.1}")
exec "$top/tests/vm/run.sh" --kver "$kver" --timeout 600 -- \
	"$top/tests/demo-guest.sh"
