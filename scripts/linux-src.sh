#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prints the path of the unpacked linux-source-6.1 tree (checkpatch.pl and
# its data files come only with it). It is the tree tests/kunit/run.sh
# builds KUnit from, unpacked the same way and marked with the same stamp,
# so whichever runs first unpacks it once for both.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${WE2_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
[ -r "$tarball" ] || {
	echo "linux-source-6.1 is not installed (make deps)" >&2
	exit 1
}
cache=$top/.build/kunit
tree=$cache/linux-source-6.1
stamp=$cache/linux-source-6.1.stamp
want_stamp="$tarball $(stat -L -c '%s %Y' "$tarball")"
if [ ! -f "$tree/Makefile" ] || [ ! -f "$stamp" ] ||
   [ "$(cat "$stamp")" != "$want_stamp" ]; then
	rm -rf "$tree" "$stamp"
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/unpack.XXXXXX")
	tar -xf "$tarball" -C "$tmp"
	mv "$tmp/linux-source-6.1" "$tree"
	rmdir "$tmp"
	echo "$want_stamp" > "$stamp"
fi
echo "$tree"
