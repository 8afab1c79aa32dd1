#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepares a module build tree of the newest kernel Debian ships, so that
# make check builds we2.ko against it with W=1 before a
# user's distribution moves on to it. Today that is 7.3.4 from
# trixie-backports, pinned to one package version so CI cannot change
# under us. Its linux-headers package cannot be installed on Debian 12 (it
# depends on gcc-14 and trixie's libc), so the tree is prepared from the
# source package with Debian 12's gcc, once per machine:
#
#   ${WE2_CACHE:-/var/cache/we2}/newest-kernel-<key>/
#       linux/      the prepared tree: make -C <dir>/linux M=<module dir> modules
#       release     its kernel release (7.3.4+deb13-amd64), one line
#       debs/       the downloaded packages (apt-get download, signatures
#                   checked against bookworm's debian-archive-keyring, which
#                   holds trixie's keys)
#       apt/        the private apt state (sources.list, lists); /etc/apt and
#                   dpkg's database are never touched, nothing is installed
#       config.diff what the adaptation to gcc-12 changed in Debian's config
#       build.log   the full log of the last preparation
#
# What it takes from Debian, all of version 7.3.4-1~bpo13+1:
#   linux-source-7.3     the tree (Debian's patches applied)
#   linux-config-7.3     config.amd64_none_amd64.xz, the amd64 flavour's config
#   linux-headers-7.3.4+deb13-amd64
#                        only two files of Debian's build: Module.symvers,
#                        the kernel's exports, so modpost checks every
#                        symbol the module uses (undefined, GPL-only)
#                        against the real kernel, where without it modpost
#                        fails or, with KBUILD_MODPOST_WARN, hides exactly
#                        that, and building vmlinux and its 4000 modules
#                        would take hours; and vmlinux, its BTF alone, the
#                        base against which pahole writes the module's BTF
#                        as on a Debian system (else kbuild says "Skipping
#                        BTF generation")
#
# The adaptation to gcc-12 and the tools of Debian 12 ($adapt below):
#   RUST off            no rustc here (Kconfig drops it anyway; what
#                       depends on it goes with it, see config.diff)
#   MODULE_SIG_ALL off  olddefconfig turns it on, and modules_install would
#                       sign with a key only Debian's build has; nothing is
#                       installed from here
#   LOCALVERSION, BUILD_SALT as Debian built it, so the release (vermagic)
#                       is 7.3.4+deb13-amd64, the image's own
# then olddefconfig, which also drops what gcc-12 lacks (CC_HAS_*: asm
# goto with outputs, counted_by...). Kept as Debian has them: BTF (pahole
# 1.24 is enough for Kconfig's >= 1.22, and SCHED_CLASS_EXT and
# IO_URING_BPF_OPS depend on it: struct layouts stay Debian's), and
# MODVERSIONS stays off as in Debian's config. GCC plugins are not used by
# Debian's config.
#
# <key> is a short hash of the pinned version, the adaptation and the gcc
# version (kbuild re-runs Kconfig when the compiler changes); other keys'
# directories are deleted. Concurrent runs wait for each other (flock).
# An interrupted preparation resumes where it stopped: each stage is
# published by a rename or a marker, and `done` is written last.
#
# Measured on 2 cores (Debian 12, deb.debian.org): the download is 170 MB
# (linux-source 166.8, linux-headers 1.8, linux-config 1.1), 2 s here; the
# cold preparation 90 s on an idle machine (unpacking 16 s, olddefconfig
# 12 s, modules_prepare 58 s), 155 s while other jobs ran (load 5); a
# prepared cache answers in 0.08 s. make check's step then takes 16 s
# with a fresh module build, 2 s when nothing changed. The cache
# directory takes 2.0 GB.
#
# usage: scripts/newest-kernel.sh [--check|--release]
#   Prints the cache directory on the last line of stdout; everything else
#   goes to stderr. --check prepares nothing: exit 0 (and print the
#   directory) if the tree is prepared, 1 if not. --release prints the
#   pinned kernel release and does nothing else.
#   Exit 3: the download failed (network, archive); 1: anything else.
# environment: WE2_CACHE (cache root)
set -euo pipefail
me=newest-kernel
top=$(cd "$(dirname "$0")/.." && pwd)
# stdout carries only the final path
exec 3>&1 1>&2

check=0
case ${1:-} in
'') ;;
--check) check=1 ;;
--release) check=2 ;;
*) sed -n '/^# usage:/,/^# environment/p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

die() { echo "$me: $*"; exit 1; }

# the pin: bump all four together
series=7.3
pkgver=7.3.4-1~bpo13+1
release=7.3.4+deb13-amd64
suite=trixie-backports
pkgs=("linux-source-$series" "linux-config-$series" "linux-headers-$release")
adapt=(--disable RUST --disable MODULE_SIG_ALL
       --set-str LOCALVERSION "${release#"${release%%+*}"}"
       --set-str BUILD_SALT "$release")

if [ $check = 2 ]; then
	echo "$release" >&3
	exit 0
fi

croot=${WE2_CACHE:-/var/cache/we2}
case $croot in /*) ;; *) die "WE2_CACHE must be an absolute path" ;; esac
command -v gcc > /dev/null || die "no gcc (scripts/deps.sh)"

key=$({
	echo "$suite ${pkgs[*]} $pkgver"
	printf '%s\n' "${adapt[@]}"
	gcc --version | head -n 1
} | sha256sum | cut -c1-12)
dir=$croot/newest-kernel-$key

built() {
	[ -f "$dir/done" ] && [ -s "$dir/release" ] && [ -f "$dir/linux/.config" ] &&
		[ -s "$dir/linux/Module.symvers" ] && [ -s "$dir/linux/vmlinux" ]
}
. "$top/scripts/kernel-cache.bash"
cache_enter
src=$dir/linux

# 1. the packages, with a private apt state, published by a rename
if [ ! -d "$dir/debs" ]; then
	apt=$dir/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -r "$keyring" ] || die "$keyring missing: install debian-archive-keyring (scripts/deps.sh)"
	echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" \
		> "$apt/sources.list"
	aptopts=(-o Dir::Etc::sourcelist="$apt/sources.list"
		 -o Dir::Etc::sourceparts=-
		 -o Dir::State::Lists="$apt/lists"
		 -o Dir::State::status=/dev/null
		 -o Dir::Cache="$apt/cache"
		 -o APT::Get::List-Cleanup=0)
	step "apt-get update ($suite, private lists in $apt)"
	apt-get "${aptopts[@]}" -q update < /dev/null >> "$log" 2>&1 || {
		tail -n 20 "$log"
		echo "$me: apt-get update of $suite failed (network? full log: $log)"
		exit 3
	}
	step "apt-get download ${pkgs[*]} =$pkgver (~170 MB)"
	rm -rf "$dir/debs.tmp"
	mkdir "$dir/debs.tmp"
	# apt fetches as _apt: it must be able to write there
	! id _apt > /dev/null 2>&1 || chown _apt "$dir/debs.tmp"
	(cd "$dir/debs.tmp" &&
		apt-get "${aptopts[@]}" -q download "${pkgs[@]/%/=$pkgver}" < /dev/null) \
		>> "$log" 2>&1 || {
		tail -n 20 "$log"
		echo "$me: apt-get download failed (network, or $pkgver gone from $suite? full log: $log)"
		exit 3
	}
	for p in "${pkgs[@]}"; do
		f=$(echo "$dir/debs.tmp/${p}_"*.deb)
		[ -f "$f" ] || die "no .deb of $p downloaded"
		got="$(dpkg-deb -f "$f" Package) $(dpkg-deb -f "$f" Version)"
		[ "$got" = "$p $pkgver" ] || die "$f is $got, not $p $pkgver"
	done
	chown -R root "$dir/debs.tmp"
	mv "$dir/debs.tmp" "$dir/debs"
	step "downloaded $(du -sm "$dir/debs" | cut -f1) MB"
fi

# 2. the tree and the two files taken from the other packages, published
# by a rename: `linux/` exists only complete. It is never moved afterwards
# (kbuild's .cmd files hold absolute paths).
if [ ! -d "$src" ]; then
	step "unpacking linux-source-$series"
	rm -rf "$dir/pkg" "$dir/linux.unpack"
	mkdir -p "$dir/pkg" "$dir/linux.unpack"
	for p in "${pkgs[@]}"; do
		run dpkg-deb -x "$dir/debs/${p}_"*.deb "$dir/pkg"
	done
	tarball=$dir/pkg/usr/src/linux-source-$series.tar.xz
	[ -f "$tarball" ] || die "no $tarball in linux-source-$series"
	run tar -xf "$tarball" -C "$dir/linux.unpack" --strip-components=1
	run sh -c "xz -dc '$dir/pkg/usr/src/linux-config-$series/config.amd64_none_amd64.xz' > '$dir/debian.config'"
	for f in Module.symvers vmlinux; do
		run cp "$dir/pkg/usr/src/linux-headers-$release/$f" "$dir/$f.debian"
	done
	rm -rf "$dir/pkg"
	mv "$dir/linux.unpack" "$src"
	rm -f "$dir/config.ok" "$dir/prepared"
fi

# 3. .config: Debian's, adapted to gcc-12 and the tools here
if [ ! -f "$dir/config.ok" ]; then
	step "configuring (Debian's amd64 config, ${adapt[*]}, olddefconfig)"
	cp "$dir/debian.config" "$src/.config"
	run env -C "$src" scripts/config "${adapt[@]}"
	run nice -n 10 make -C "$src" olddefconfig
	for s in RUST MODULE_SIG_ALL; do
		! grep -q "^CONFIG_$s=y" "$src/.config" || die "CONFIG_$s still set"
	done
	rel=$(make -s -C "$src" kernelrelease)
	[ "$rel" = "$release" ] || die "kernel release is '$rel', not $release"
	# what differs from what Debian built, for the record (CC_VERSION_TEXT,
	# the CC_HAS_* that gcc-12 lacks, RUST and what depends on it)
	env -C "$src" scripts/diffconfig "$dir/debian.config" .config \
		> "$dir/config.diff" 2>&1 || true
	step "$(grep -c . "$dir/config.diff") options differ from Debian's (config.diff)"
	touch "$dir/config.ok"
fi

# 4. modules_prepare; kbuild resumes an interrupted one
if [ ! -f "$dir/prepared" ]; then
	step "make -j$(nproc) modules_prepare (~1.5 min; log: $log)"
	run nice -n 10 make -C "$src" -j"$(nproc)" modules_prepare
	touch "$dir/prepared"
fi
# Debian's, after modules_prepare (which would not touch them, but a
# resumed stage must not leave them half-copied)
for f in Module.symvers vmlinux; do
	cp "$dir/$f.debian" "$src/$f.tmp"
	mv -f "$src/$f.tmp" "$src/$f"
done

echo "$release" > "$dir/release.tmp"
mv -f "$dir/release.tmp" "$dir/release"
echo "prepared $(date -u +%FT%TZ) in $((SECONDS - t0)) s from ${pkgs[*]} $pkgver" > "$dir/done"
step "done: $release in $dir"
echo "$dir" >&3
