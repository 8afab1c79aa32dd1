#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE the test VM, as root (its / the host's, under a tmpfs
# overlay: nothing done here reaches the host): we2 installed as a user
# installs it, from the four packages of make deb, and used as a user
# uses it, then removed (issue #18).
#
# - dpkg -i of all four at once, as `apt install ./we2*.deb` does it, from
#   a directory of their own (the tree is on no path the programs search);
#   the machine has one kernel, the running one, as a user's has (the
#   others' /boot/config-* hidden in the overlay: Debian's DKMS builds for
#   the running and the newest kernel), and DKMS builds the module for it:
#   `dkms status` shows it installed there and nowhere else;
# - modprobe we2 loads it from updates/dkms; udevd (started here, as the
#   guest has no init) gives the recorder's /dev/we2N to cdrom, 0660;
# - a user in cdrom only, no capability, burns an image with the installed
#   we2burn on the emulated recorder (mmcrec.ko), read back byte-exact
#   through /dev/srN; a user in no such group cannot open the node, and
#   the recorder records nothing (its sysfs written count, the disc blank);
# - the example builds against libwe2-dev with pkg-config alone and burns
#   a file, read back byte-exact;
# - after rmmod, dpkg --purge leaves nothing: module, DKMS tree, source,
#   rule, library, headers, pkg-config file, tools, nodes;
# - then, in the same boot, make install and make uninstall as those who
#   do not use the packages run them (tests/pkg/guest-install.sh).
# One `ok - <series> pkg|install <check>` line per check, measurements as
# `# ` lines (`# time: ` for each phase), then `N passed, N failed`.
#
# usage: guest.sh MMCREC_KO DEB_DIR EXAMPLE_C [PARTS]
#	PARTS: "pkg install" (both, the default), "pkg" or "install"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ko=${1:?usage: guest.sh MMCREC_KO DEB_DIR EXAMPLE_C}
debdir=${2:?usage: guest.sh MMCREC_KO DEB_DIR EXAMPLE_C}
example=${3:?usage: guest.sh MMCREC_KO DEB_DIR EXAMPLE_C}
parts=" ${4:-pkg install} "
krel=$(uname -r)
series=$(echo "$krel" | cut -d. -f1,2)
pass=0 failed=0 part=pkg
work=/tmp/we2-pkg
pkgs="we2-dkms libwe2-1 libwe2-dev we2-tools"
udevd_pid=

result() {	# result NAME STATUS [WHY]
	if [ "$2" -eq 0 ]; then
		echo "ok - $series $part $1"; pass=$((pass + 1))
	else
		echo "not ok - $series $part $1${3:+ ($3)}"; failed=$((failed + 1))
	fi
}
note() { echo "# $series $part: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# phase NAME: how long the phase that ends here took (since the last one)
t_guest=$(now) t_phase=$(now)
phase() { echo "# time: $series $part $1: $(since "$t_phase") s"; t_phase=$(now); }
finish() {
	[ -z "$udevd_pid" ] || udevadm control --exit 2>/dev/null
	echo "# time: $series guest total: $(since "$t_guest") s"
	echo "$pass passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

# as USER COMMAND...: COMMAND as USER with USER's groups, no capability
# (none permitted, inheritable or in the bounding set), no new privileges
as() {
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$u" --init-groups --inh-caps=-all \
		--bounding-set=-all --no-new-privs -- "$@"
}

# find_node: the emulated recorder's /dev/we2N once udev has given it to
# cdrom (node), its /dev/srN (sr), /dev/sgN (sg) and SCSI device (drv);
# non-zero if they do not all come within some 10 s
find_node() {
	local i d b host
	node='' sr='' drv='' sg=''
	host=$(mmcrec_host friendly) || return 1
	for ((i = 0; i < 100; i++)); do
		udevadm settle -t 10
		d=$(ls -d /sys/class/we2/we2* 2>/dev/null | head -n 1)
		b=$(ls -d "$host"/device/target*/*:*/block/sr* 2>/dev/null | head -n 1)
		if [ -n "$d" ] && [ -n "$b" ] && [ -c "/dev/${d##*/}" ] &&
			[ "$(stat -c %G "/dev/${d##*/}")" = cdrom ]; then
			node=/dev/${d##*/} sr=/dev/${b##*/} drv=${b%/block/*}
			sg=/dev/$(ls "$drv/scsi_generic" 2>/dev/null)
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# load MEDIA: a fresh blank disc, seen by sr at once (a friendly drive)
load() {
	echo "$1" > "$drv/media"
	dd if="$sr" of=/dev/null bs=2048 count=0 2>/dev/null
	true
}
written() { awk '{ for (i = 1; i < NF; i++) if ($i == "written") print $(i + 1) }' "$drv/stats"; }
# reads_back FILE: FILE reads back byte-exact from LBA 0 through sr, as a
# user would read the new disc (its state seen anew first)
reads_back() {
	echo 1 > "$drv/changed"
	mmcrec_ready "$sg" || return 1
	local n
	n=$(stat -c %s "$1")
	# whole sectors through O_DIRECT, the file's length of them compared
	dd if="$sr" bs=2048 iflag=direct count=$(((n + 2047) / 2048)) 2>/dev/null |
		head -c "$n" | cmp -s - "$1"
}
disc_state() {
	# shellcheck disable=SC2046
	rdi_decode $(sg_raw -r 34 -b "$sr" 51 00 00 00 00 00 00 00 22 00 \
		     2>/dev/null | od -An -tu1 -v) || { echo unreadable; return; }
	echo "status $DISC_STATUS"
}

# udevd, as the system's init would run it, before the module comes
start_udevd() {
	[ -z "$udevd_pid" ] || return 0
	/lib/systemd/systemd-udevd --daemon > "$work/udevd.log" 2>&1
	udevd_pid=$(pgrep -x systemd-udevd | head -n 1)
	[ -n "$udevd_pid" ] || { result "udevd runs" 1 "$(cat "$work/udevd.log")"; return 1; }
}

# the emulated recorder (our test module, loaded from the tree) and its
# nodes, given to cdrom by udev; a fresh blank disc in it by load
recorder() {
	modprobe sr_mod
	modprobe sg
	insmod "$ko" media=none personalities=friendly ||
		{ result "insmod mmcrec" 1; return 1; }
	find_node
	local got
	got=$(stat -c '%U:%G %a' "$node" 2>&1)
	result "udev: $node is $got" "$([ "$got" = "root:cdrom 660" ]; echo $?)"
	[ -n "$node" ] && [ -b "$sr" ]
}

. "$top/tests/mmcrec/host.bash"

packages() {
	local t0 t1 st st1 st2 ver mlog b status path caps out w0 w1 ds so left inst

	local d
	for d in ./*.deb; do
		note "${d#./}: $(stat -c %s "$d") bytes, installed $(dpkg-deb -f "$d" Installed-Size) KiB"
	done

	# install: dpkg -i of all four, as apt does with ./we2*.deb
	t0=$(now)
	# (each line of dpkg's timed, to see where the minutes go)
	dpkg -i ./*.deb 2>&1 | while IFS= read -r l; do
		[[ $l == debconf:* ]] || echo "# dpkg: $(since "$t0") $l"
	done
	st=${PIPESTATUS[0]}
	note "dpkg -i: $(since "$t0") s"
	phase "dpkg -i (DKMS build included)"
	ver=$(dpkg-query -W -f='${Version}' we2-dkms 2>/dev/null)
	result "dpkg -i $(ls ./*.deb | tr '\n' ' ')" $st
	mlog=/var/lib/dkms/we2/$ver/$krel/x86_64/log/make.log
	[ -r "$mlog" ] || mlog=/var/lib/dkms/we2/$ver/build/make.log
	if [ -r "$mlog" ]; then
		# the log's second line is when the build began, its time the end
		b=$(date -d "$(sed -n 2p "$mlog")" +%s 2>/dev/null)
		[ -z "$b" ] || note "DKMS build (make) for $krel: $(($(stat -c %Y "$mlog") - b)) s"
		sed -n 3p "$mlog" | sed 's/^/# make.log: /'
	fi

	# (dkms's stderr carries readelf's noise about the kernel's headers)
	status=$(dkms status we2 2>/dev/null)
	note "dkms status: $status"
	result "dkms status: installed for the running kernel only" \
		"$([ "$status" = "we2/$ver, $krel, x86_64: installed" ]; echo $?)"

	start_udevd || return
	modprobe we2
	st=$?
	path=$(modinfo -n we2 2>/dev/null)
	result "modprobe we2 loads $path" \
		"$([ $st -eq 0 ] && [ -d /sys/module/we2 ] &&
		   case $path in /lib/modules/$krel/updates/dkms/we2.ko*) true ;; *) false ;; esac; echo $?)"
	recorder || return
	note "dpkg -i to a usable $node: $(since "$t0") s"
	phase "modprobe, udev, the recorder"

	caps=$(as burner grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status | awk '{ print $2 }' | sort -u)
	result "burner: uid $(as burner id -u), groups $(as burner id -Gn), capabilities $caps" \
		"$([ "$(as burner id -u)" != 0 ] &&
		   [ "$(as burner id -Gn | tr ' ' '\n' | sort | tr '\n' ' ')" = "burner cdrom " ] &&
		   [ "$caps" = 0000000000000000 ]; echo $?)"

	# a user in cdrom burns with the installed we2burn
	load dvd+r
	we2burn=$(command -v we2burn)
	t1=$(now)
	as burner "$we2burn" "$node" img.iso > burn.log 2>&1
	st=$?
	note "burner's we2burn $node (DVD+R): exit $st in $(since "$t1") s"
	[ $st -eq 0 ] || sed 's/^/# we2burn: /' burn.log | tail -n 20
	result "a user in cdrom burns with $we2burn, read back byte-exact through $sr" \
		"$([ $st -eq 0 ] && [ "$we2burn" = /usr/bin/we2burn ] && reads_back img.iso; echo $?)"
	phase "burn as a user in cdrom"

	# a user in no such group: refused, nothing recorded
	load dvd+r
	w0=$(written)
	out=$(as outsider bash -c "exec 3<> $node" 2>&1)
	st1=$?
	as outsider "$we2burn" "$node" img.iso > refused.log 2>&1
	st2=$?
	w1=$(written)
	ds=$(disc_state)
	result "a user in no group: open refused ($(echo "$out" | sed 's/.*: //'); we2burn exit $st2), nothing written ($w0 -> $w1 sectors, disc $ds)" \
		"$([ $st1 -ne 0 ] && [[ $out == *"Permission denied"* ]] &&
		   [ $st2 -ne 0 ] && grep -q 'Permission denied' refused.log &&
		   [ "$w0" = "$w1" ] && [ "$ds" = "status 0" ]; echo $?)"
	phase "a user in no group refused"

	# the example, against the installed -dev package with pkg-config alone
	t1=$(now)
	# shellcheck disable=SC2046
	cc -O2 -Wall -Wextra -Werror -o burnfile "$work/${example##*/}" \
		$(pkg-config --cflags --libs libwe2) > cc.log 2>&1
	st=$?
	so=$(ldd ./burnfile 2>/dev/null | awk '$1 ~ /^libwe2/ { print $3 }')
	note "example built in $(since "$t1") s, linked to $so"
	[ $st -eq 0 ] || sed 's/^/# cc: /' cc.log
	result "example builds with pkg-config --cflags --libs libwe2 ($so)" \
		"$([ $st -eq 0 ] && [ -n "$so" ] &&
		   [ "$(readlink -f "$so")" = "$(readlink -f /usr/lib/x86_64-linux-gnu/libwe2.so.1)" ]; echo $?)"
	load cd-r
	head -c 1000000 /dev/urandom > file.bin
	chmod 644 file.bin
	as burner ./burnfile "$sr" file.bin > example.log 2>&1
	st=$?
	sed 's/\r/\n/g' example.log | grep -v '^written' | sed 's/^/# example: /'
	result "example burns a file on a CD-R as the user in cdrom, read back byte-exact" \
		"$([ $st -eq 0 ] && reads_back file.bin; echo $?)"
	phase "the example built and burning"

	# removal
	echo none > "$drv/media"
	rmmod mmcrec && rmmod we2
	result "rmmod we2" $?
	udevadm settle -t 10
	dpkg --purge $pkgs > purge.log 2>&1
	st=$?
	[ $st -eq 0 ] || sed 's/^/# dpkg --purge: /' purge.log | tail -n 20
	result "dpkg --purge $pkgs" $st
	left=$(ls -d /lib/modules/*/updates/dkms/we2.ko* /var/lib/dkms/we2 \
		/usr/src/we2-* /lib/udev/rules.d/60-we2.rules /etc/udev/rules.d/60-we2.rules \
		/usr/lib/x86_64-linux-gnu/libwe2* /usr/lib/x86_64-linux-gnu/pkgconfig/libwe2.pc \
		/usr/include/libwe2.h /usr/include/linux/we2.h /usr/bin/we2burn \
		/usr/bin/we2ctl /usr/share/man/man3/we2_open.3* /usr/share/doc/we2-* \
		/usr/share/doc/libwe2-* /dev/we2* 2>/dev/null | tr '\n' ' ')
	inst=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $pkgs 2>/dev/null | grep -v '^un ' | tr '\n' ' ')
	result "nothing left after the purge${left:+: $left}${inst:+; dpkg: $inst}" \
		"$([ -z "$left" ] && [ -z "$inst" ] && ! modinfo -n we2 > /dev/null 2>&1; echo $?)"
	phase "rmmod and dpkg --purge"
}

mkdir -p "$work"
chmod 755 "$work"
cp "$debdir"/*.deb "$example" "$work/" || { result "copy the packages" 1; finish; }
cd "$work" || exit 1

# What a booted system has and this guest's bare chroot lacks: /dev/fd
# (dkms reads its status through a process substitution), and udev's
# tools working (they ignore requests in a chroot unless told)
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
export SYSTEMD_IGNORE_CHROOT=1

# a user's machine: the running kernel only (see above)
for c in /boot/config-*; do
	[ "$c" = "/boot/config-$krel" ] || rm -f "$c"
done
# man-db's trigger would rebuild its index for the manual pages (minutes
# under emulation); it is a cache, not the install
rm -f /var/lib/man-db/auto-update
# the users: one in cdrom, one in no such group
useradd -M -U -G cdrom burner && useradd -M -U outsider ||
	{ result "useradd" 1; finish; }
# an image: random files in ISO 9660
mkdir -p tree
head -c 1500000 /dev/urandom > tree/a
xorriso -as mkisofs -quiet -R -o img.iso tree 2>/dev/null
chmod 644 img.iso
phase "setup"

if [[ $parts == *" pkg "* ]]; then
	packages
	# the modules of the packages' part out, whatever became of it
	rmmod mmcrec 2> /dev/null
	rmmod we2 2> /dev/null
fi
if [[ $parts == *" install "* ]]; then
	part=install
	. "$here/guest-install.sh"
	install_test
fi
finish
