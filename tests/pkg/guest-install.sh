# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by tests/pkg/guest.sh, INSIDE the test VM, after the packages
# were purged: we2 installed as those who do not use the packages install
# it (issue #18), the host having built the module for the running kernel,
# the library and the tools (tests/pkg/vm.sh), so that make installs and
# compiles nothing here.
#
# - make install PREFIX=/usr/local KVER=<running release> puts the module
#   in /lib/modules/<release>/updates (depmod run), the udev rule in
#   /etc/udev/rules.d (udevd told), the library in /usr/local/lib (ldconfig
#   run), the headers, libwe2.pc, the tools and the manual pages, each file
#   checked; modprobe we2 loads it from there, udevd gives /dev/we2N to
#   cdrom, a user in cdrom only burns with /usr/local/bin/we2burn, read
#   back byte-exact through /dev/srN; the example builds against
#   /usr/local with pkg-config alone and runs on /usr/local/lib's library;
# - make uninstall with the same PREFIX and KVER leaves none of those
#   files, no file newer than the install anywhere under /usr/local,
#   /etc/udev or the kernel's modules, and modprobe, the loader's cache and
#   the module index knowing nothing of we2;
# - make install with DESTDIR puts exactly the expected files under it and
#   nothing on the live system; make uninstall with it empties it.
# Uses guest.sh's helpers (result, note, phase, as, recorder, load,
# reads_back) and its users burner (in cdrom) and img.iso.

install_test() {
	local t0 st so left got marker miss extra m v
	local -a files
	m=/usr/local/share/man
	v=$(sed -n 's/^#define WE2_\(MAJOR\|MINOR\|PATCH\)_VERSION[[:space:]]*//p' \
		"$top/ulib/libwe2.h" | paste -sd.)
	files=("/lib/modules/$krel/updates/we2.ko" /etc/udev/rules.d/60-we2.rules
	       /usr/local/lib/libwe2.a "/usr/local/lib/libwe2.so.$v"
	       "/usr/local/lib/libwe2.so.${v%%.*}" /usr/local/lib/libwe2.so
	       /usr/local/lib/pkgconfig/libwe2.pc /usr/local/include/libwe2.h
	       /usr/local/include/linux/we2.h /usr/local/bin/we2burn
	       /usr/local/bin/we2ctl $m/man1/we2burn.1 $m/man1/we2ctl.1
	       $m/man3/libwe2.3 $m/man4/we2.4)
	# a page per function libwe2 exports, that "man we2_open" finds
	for f in $(sed -n 's/^[[:space:]]*\(we2_[a-z0-9_]*\);$/\1/p' "$top/ulib/libwe2.map"); do
		files+=("$m/man3/$f.3")
	done

	marker=$work/install.marker
	touch "$marker"
	sleep 1
	t0=$(now)
	make -C "$top" install PREFIX=/usr/local KVER="$krel" > install.log 2>&1
	st=$?
	note "make install: $(since "$t0") s"
	[ $st -eq 0 ] || sed 's/^/# make install: /' install.log | tail -n 20
	# it compiled nothing: the host built it all
	got=$(grep -cE '^[[:space:]]*(CC|LD|AR|KMOD)[[:space:]]|^(cc|gcc|x86_64-linux-gnu-gcc[-0-9]*|ar) ' install.log)
	result "make install PREFIX=/usr/local KVER=$krel, nothing compiled (${#files[@]} files)" \
		"$([ $st -eq 0 ] && [ "$got" = 0 ]; echo $?)"
	miss=
	for f in "${files[@]}"; do
		[ -e "$f" ] || miss="$miss $f"
	done
	result "make install: module, rule, library, headers, libwe2.pc, tools, manual pages in place" \
		"$([ -z "$miss" ]; echo $?)" "missing:$miss"
	so=$(ldconfig -p | awk '$1 == "libwe2.so.1" { print $NF }')
	result "make install: ldconfig knows libwe2.so.1 at $so" \
		"$([ "$so" = /usr/local/lib/libwe2.so.1 ]; echo $?)"
	phase "make install"

	start_udevd || return
	modprobe we2
	st=$?
	got=$(modinfo -n we2 2>/dev/null)
	result "modprobe we2 loads $got" \
		"$([ $st -eq 0 ] && [ -d /sys/module/we2 ] &&
		   [ "$got" = "/lib/modules/$krel/updates/we2.ko" ]; echo $?)"
	if recorder; then
		load dvd+r
		we2burn=$(command -v we2burn)
		as burner "$we2burn" "$node" img.iso > install-burn.log 2>&1
		st=$?
		[ $st -eq 0 ] || sed 's/^/# we2burn: /' install-burn.log | tail -n 20
		result "a user in cdrom burns with $we2burn, read back byte-exact through $sr" \
			"$([ $st -eq 0 ] && [ "$we2burn" = /usr/local/bin/we2burn ] &&
			   reads_back img.iso; echo $?)"
		echo none > "$drv/media"
	fi
	phase "modprobe, udev, burn as a user in cdrom"

	# the example against /usr/local: pkg-config finds libwe2.pc there,
	# and the program runs on the installed shared library (/dev/null is
	# a device but no drive: we2_drive_find() says so)
	# shellcheck disable=SC2046
	cc -O2 -Wall -Wextra -Werror -o burnfile-local "$work/${example##*/}" \
		$(pkg-config --cflags --libs libwe2) > cc-local.log 2>&1
	st=$?
	[ $st -eq 0 ] || sed 's/^/# cc: /' cc-local.log
	so=$(ldd ./burnfile-local 2>/dev/null | awk '$1 ~ /^libwe2/ { print $3 }')
	got=$(./burnfile-local /dev/null /dev/null 2>&1)
	result "example builds against /usr/local with pkg-config ($(pkg-config --variable=prefix libwe2)), runs on $so: $got" \
		"$([ $st -eq 0 ] && [ "$so" = /usr/local/lib/libwe2.so.1 ] &&
		   [ "$got" = "/dev/null: No such device" ]; echo $?)"
	phase "the example against /usr/local"

	rmmod mmcrec
	rmmod we2
	udevadm settle -t 10
	make -C "$top" uninstall PREFIX=/usr/local KVER="$krel" > uninstall.log 2>&1
	st=$?
	[ $st -eq 0 ] || sed 's/^/# make uninstall: /' uninstall.log | tail -n 20
	result "make uninstall PREFIX=/usr/local KVER=$krel" $st
	left=
	for f in "${files[@]}"; do
		[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
	done
	# anything else the install left: files newer than it where it
	# installs (the module index depmod rewrote excepted: checked below)
	extra=$( (find /usr/local /etc/udev /lib/modules/"$krel"/updates ! -type d \
		-newer "$marker"; find "/lib/modules/$krel" -maxdepth 1 ! -type d \
		-newer "$marker" ! -name 'modules.*') 2>/dev/null | tr '\n' ' ')
	result "make uninstall: none of the ${#files[@]} files left${left:+:$left}${extra:+; newer than the install: $extra}" \
		"$([ -z "$left" ] && [ -z "$extra" ]; echo $?)"
	result "make uninstall: modprobe, the module index and ldconfig know no we2" \
		"$(! modinfo -n we2 > /dev/null 2>&1 &&
		   ! grep -q 'we2\.ko' "/lib/modules/$krel/modules.dep" &&
		   ! ldconfig -p | grep -q libwe2; echo $?)"
	phase "make uninstall"

	# a staged install: exactly the expected files under DESTDIR, none
	# on the live system
	local stage=$work/stage want
	make -C "$top" install DESTDIR="$stage" PREFIX=/usr/local KVER="$krel" > stage.log 2>&1
	st=$?
	[ $st -eq 0 ] || sed 's/^/# make install DESTDIR: /' stage.log | tail -n 20
	want=$(printf '%s\n' "${files[@]}" | sort)
	got=$(cd "$stage" && find . ! -type d | sed 's/^\.//' | sort)
	extra=$(comm -13 <(echo "$want") <(echo "$got") | tr '\n' ' ')
	miss=$(comm -23 <(echo "$want") <(echo "$got") | tr '\n' ' ')
	result "make install DESTDIR=$stage: exactly the ${#files[@]} files${miss:+, missing $miss}${extra:+, extra $extra}" \
		"$([ $st -eq 0 ] && [ -z "$miss" ] && [ -z "$extra" ]; echo $?)"
	left=
	for f in "${files[@]}"; do
		[ -e "$f" ] && left="$left $f"
	done
	result "make install DESTDIR: nothing on the live system${left:+:$left}" \
		"$([ -z "$left" ] && ! modinfo -n we2 > /dev/null 2>&1; echo $?)"
	make -C "$top" uninstall DESTDIR="$stage" PREFIX=/usr/local KVER="$krel" > unstage.log 2>&1
	st=$?
	got=$(cd "$stage" && find . ! -type d | tr '\n' ' ')
	result "make uninstall DESTDIR leaves no file${got:+: $got}" \
		"$([ $st -eq 0 ] && [ -z "$got" ]; echo $?)"
	phase "make install and uninstall with DESTDIR"
}
