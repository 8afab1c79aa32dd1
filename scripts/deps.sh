#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages the build and the VM test rig need, and only
# those that are missing, so a second run costs one dpkg-query and no network.
set -euo pipefail

pkgs=(make gcc git linux-image-amd64 linux-headers-amd64 linux-source-6.1
      qemu-system-x86 busybox-static sg3-utils fio liburing-dev sparse flex
      bison libelf-dev libssl-dev cpio kmod bc xz-utils python3 pkg-config
      libc6-dev linux-image-6.12-amd64 linux-headers-6.12-amd64 zstd valgrind
      gnuplot-nox growisofs wodim cdrskin xorriso dvd+rw-tools mandoc
      debian-archive-keyring pahole
      debhelper dh-dkms dkms lintian libburn-dev)

missing=()
for p in "${pkgs[@]}"; do
	# "ii" = installed; anything else (absent, half-installed, removed) counts as missing
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[ "${st:0:2}" = ii ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages already installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}; run as root to install them" >&2
	exit 1
fi
# quiet apt, no prompts, nothing read from stdin (may be run from CI or make)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
echo "deps: installed ${missing[*]}"
