#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds the debug 6.1 kernel of the VM rig (KASAN, lockdep, kmemleak, KUnit,
# fault injection, hang detection) from linux-source-6.1 and the fragment
# tests/debug/debug.config, once per machine, into a cache outside the clone:
#
#   ${WE2_CACHE:-/var/cache/we2}/debug-kernel-<key>/
#       bzImage     boot it: tests/vm/run.sh --debug-kernel <dir> -- cmd...
#       release     its kernel release (uname -r), one line
#       mods/       INSTALL_MOD_PATH: mods/lib/modules/<release>/ (modprobe -d)
#       linux/      the built tree: make -C <dir>/linux M=<module dir> modules
#       build.log   the full log of the last build
#
# <key> is a short hash of the fragment's contents and of the tarball's
# package version, size and mtime: editing the fragment or updating the
# package builds a new kernel (cold: ~6 min on 2 cores), and the directories
# of other keys are deleted. Concurrent runs wait for each other (flock).
# An interrupted build resumes where it stopped: each stage is published by a
# rename or a marker, and `done` is written last.
#
# usage: scripts/debug-kernel.sh [--check]
#   Prints the cache directory on the last line of stdout; everything else
#   goes to stderr. --check builds nothing: exit 0 (and print the directory)
#   if the current kernel is built, 1 if not.
# environment: WE2_CACHE (cache root), WE2_LINUX_TARBALL (default
#   /usr/src/linux-source-6.1.tar.xz, from scripts/deps.sh)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
me=debug-kernel
# stdout carries only the final path
exec 3>&1 1>&2

check=0
case ${1:-} in
'') ;;
--check) check=1 ;;
*) sed -n '/^# usage:/,/^# environment/p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

die() { echo "$me: $*"; exit 1; }

frag=$top/tests/debug/debug.config
tarball=${WE2_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
croot=${WE2_CACHE:-/var/cache/we2}
[ -r "$frag" ] || die "cannot read $frag"
[ -r "$tarball" ] || die "$tarball missing: install linux-source-6.1 (scripts/deps.sh)"
case $croot in /*) ;; *) die "WE2_CACHE must be an absolute path" ;; esac

pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo none)
key=$({
	cat "$frag"
	echo "tarball $(basename "$tarball") $pkgver $(stat -L -c '%s %Y' "$tarball")"
} | sha256sum | cut -c1-12)
dir=$croot/debug-kernel-$key

built() {
	[ -f "$dir/done" ] && [ -s "$dir/bzImage" ] && [ -s "$dir/release" ] &&
		[ -d "$dir/mods/lib/modules/$(cat "$dir/release")" ] && [ -d "$dir/linux" ]
}
. "$top/scripts/kernel-cache.bash"
cache_enter
src=$dir/linux

# 1. the source tree, published by a rename: `linux/` exists only complete.
# It is never moved afterwards (kbuild's .cmd files hold absolute paths).
if [ ! -d "$src" ]; then
	step "unpacking $tarball"
	rm -rf "$dir/linux.unpack"
	mkdir "$dir/linux.unpack"
	run tar -xf "$tarball" -C "$dir/linux.unpack" --strip-components=1
	mv "$dir/linux.unpack" "$src"
fi

# 2. .config: tinyconfig + fragment + olddefconfig, then every line checked
if [ ! -f "$dir/config.ok" ]; then
	step "configuring (tinyconfig + $frag)"
	run make -C "$src" tinyconfig
	run env -C "$src" scripts/kconfig/merge_config.sh -m .config "$frag"
	run make -C "$src" olddefconfig
	lost=()
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$src/.config" || lost+=("$line")
			;;
		'# CONFIG_'*' is not set')
			# absent from .config (dependencies unmet) is as good as not set
			sym=${line#'# '}
			sym=${sym%' is not set'}
			! grep -q "^$sym=" "$src/.config" || lost+=("$line")
			;;
		esac
	done < "$frag"
	if [ ${#lost[@]} -gt 0 ]; then
		echo "$me: these lines of $frag are not in the final .config"
		echo "$me: (a dependency is missing or a choice overrides them):"
		for line in "${lost[@]}"; do
			sym=${line#'# '}
			sym=${sym%%[ =]*}
			have=$(grep -E "^(# )?${sym}[ =]" "$src/.config" || echo "(absent)")
			echo "    $line    -> $have"
		done
		exit 1
	fi
	touch "$dir/config.ok"
fi

# 3. the build; kbuild resumes an interrupted one (a target without its
# .cmd file is rebuilt)
step "make -j$(nproc) bzImage modules (cold: ~6 min on 2 cores; log: $log)"
run make -C "$src" -j"$(nproc)" bzImage modules
rel=$(make -s -C "$src" kernelrelease)
[ -n "$rel" ] || die "empty kernel release"

# 4. modules, published by a rename
step "modules_install ($rel)"
rm -rf "$dir/mods.tmp"
run make -C "$src" modules_install INSTALL_MOD_PATH="$dir/mods.tmp"
[ -d "$dir/mods.tmp/lib/modules/$rel" ] || die "modules_install made no lib/modules/$rel"
rm -rf "$dir/mods"
mv "$dir/mods.tmp" "$dir/mods"

cp "$src/arch/x86/boot/bzImage" "$dir/bzImage.tmp"
mv -f "$dir/bzImage.tmp" "$dir/bzImage"
echo "$rel" > "$dir/release.tmp"
mv -f "$dir/release.tmp" "$dir/release"
echo "built $(date -u +%FT%TZ) in $((SECONDS - t0)) s from $tarball $pkgver" > "$dir/done"
step "done: $rel in $dir"
echo "$dir" >&3
