#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prints the path of an unpacked linux-source-6.1 tree (for checkpatch and
# KUnit), unpacking Debian's tarball into .build/ the first time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null) || {
	echo "linux-source-6.1 is not installed (make deps)" >&2
	exit 1
}
dir=$top/.build/kunit
if [ ! -x "$dir/linux-source-6.1/scripts/checkpatch.pl" ]; then
	mkdir -p "$dir"
	tar -C "$dir" -xJf "$tarball"
fi
echo "$dir/linux-source-6.1"
