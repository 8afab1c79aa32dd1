#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's 6.1 kernel in QEMU and run tests/demo-guest.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/tests/vm/run.sh" --timeout 600 -- "$top/tests/demo-guest.sh"
