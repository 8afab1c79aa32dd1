#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check's host half of the install and the packages (issue #18):
# - make install DESTDIR=... PREFIX=/usr puts every file where it belongs
#   (the module for each kernel, the udev rule, the library with its
#   soname links, the headers, libwe2.pc naming the prefix, the tools, the
#   manual pages); the example program builds against that install with
#   pkg-config alone and runs linked to the installed library; make
#   uninstall with the same DESTDIR leaves no file behind;
# - make deb builds the four packages, and lintian finds no error in them.
# One "ok -"/"not ok -" line per check, then "N passed, N failed".
#
# usage: tests/pkg/host.sh [--no-deb]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
pass=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$top/.build/check
mkdir -p "$log"

result() {	# result NAME STATUS [WHY]
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "not ok - $1${3:+ ($3)}"; failed=$((failed + 1))
	fi
}

root=$tmp/root
kvers=$(scripts/kver.sh --all 2>/dev/null)
v=$(sed -n 's/^#define WE2_\(MAJOR\|MINOR\|PATCH\)_VERSION[[:space:]]*//p' ulib/libwe2.h | paste -sd.)
lib=$root/usr/lib
make -s install DESTDIR="$root" PREFIX=/usr > "$log/pkg-install" 2>&1
result "make install DESTDIR PREFIX=/usr" $? "${log#"$top"/}/pkg-install"

# every file where it belongs, and nothing else
missing=
want=(etc/udev/rules.d/60-we2.rules usr/include/libwe2.h
      usr/include/linux/we2.h usr/lib/libwe2.a "usr/lib/libwe2.so.$v"
      usr/lib/pkgconfig/libwe2.pc usr/bin/we2burn usr/bin/we2ctl
      usr/share/man/man1/we2burn.1 usr/share/man/man1/we2ctl.1
      usr/share/man/man3/libwe2.3 usr/share/man/man3/we2_open.3
      usr/share/man/man4/we2.4)
for k in $kvers; do want+=("lib/modules/$k/updates/we2.ko"); done
for f in "${want[@]}"; do
	[ -f "$root/$f" ] || missing="$missing $f"
done
result "make install: module per kernel, rule, library, headers, tools, manual pages" \
	"$([ -z "$missing" ]; echo $?)" "missing:$missing"
links="$(readlink "$lib/libwe2.so.${v%%.*}") $(readlink "$lib/libwe2.so")"
result "make install: soname links ($links)" \
	"$([ "$links" = "libwe2.so.$v libwe2.so.${v%%.*}" ]; echo $?)"
pc="$(PKG_CONFIG_PATH=$lib/pkgconfig pkg-config --variable=prefix libwe2) $(PKG_CONFIG_PATH=$lib/pkgconfig pkg-config --variable=libdir libwe2)"
result "make install: libwe2.pc names the prefix ($pc)" \
	"$([ "$pc" = "/usr /usr/lib" ]; echo $?)"
# each kernel's own build: its vermagic names the release it goes with
bad=
for k in $kvers; do
	vm=$(modinfo -F vermagic "$root/lib/modules/$k/updates/we2.ko" 2>&1)
	[ "${vm%% *}" = "$k" ] || bad="$bad $k: '$vm'"
done
result "make install: each kernel's module built for it (vermagic)" \
	"$([ -z "$bad" ]; echo $?)" "$bad"

# the example against the install: pkg-config's flags alone, the sysroot
# prefixed to its -I and -L; it runs on the installed shared library
mkdir -p "$tmp/ex"
PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root \
	make -s -C "$tmp/ex" -f "$top/examples/Makefile" > "$log/pkg-example" 2>&1
st=$?
result "examples build against the install with pkg-config" $st "${log#"$top"/}/pkg-example"
if [ $st -eq 0 ]; then
	so=$(LD_LIBRARY_PATH=$lib ldd "$tmp/ex/burnfile" | awk '$1 ~ /^libwe2/ { print $3 }')
	out=$(LD_LIBRARY_PATH=$lib "$tmp/ex/burnfile" /dev/null /dev/null 2>&1)
	st=$?
	# /dev/null is a device but no drive: we2_drive_find() says so
	result "example runs on the installed libwe2 ($so): $out" \
		"$([ "$so" = "$lib/libwe2.so.${v%%.*}" ] && [ $st -eq 1 ] &&
		   [ "$out" = "/dev/null: No such device" ]; echo $?)"
fi

make -s uninstall DESTDIR="$root" PREFIX=/usr > "$log/pkg-uninstall" 2>&1
st=$?
left=$(cd "$root" && find . ! -type d | sort | tr '\n' ' ')
result "make uninstall leaves no file behind${left:+: $left}" \
	"$([ $st -eq 0 ] && [ -z "$left" ]; echo $?)"

if [ "${1:-}" != --no-deb ]; then
	t0=$SECONDS
	make -s deb > "$log/pkg-deb" 2>&1
	st=$?
	debs=$(ls .build/deb/*.deb 2>/dev/null | xargs -n 1 basename | sort | tr '\n' ' ')
	result "make deb ($debs)" \
		"$([ $st -eq 0 ] && [ "$(echo $debs | wc -w)" = 4 ]; echo $?)" \
		"${log#"$top"/}/pkg-deb"
	echo "# make deb: $((SECONDS - t0)) s"
	for d in .build/deb/*.deb; do
		[ -e "$d" ] && echo "# $(basename "$d"): $(stat -c %s "$d") bytes, installed $(dpkg-deb -f "$d" Installed-Size) KiB"
	done
	t0=$SECONDS
	lintian --tag-display-limit 0 .build/deb/*.deb > "$log/pkg-lintian" 2>&1
	st=$?
	sed 's/^/# lintian: /' "$log/pkg-lintian"
	echo "# lintian: $((SECONDS - t0)) s"
	result "lintian clean (no errors)" \
		"$([ $st -eq 0 ] && ! grep -q '^E: ' "$log/pkg-lintian"; echo $?)"
fi

echo "$pass passed, $failed failed"
[ $failed -eq 0 ]
