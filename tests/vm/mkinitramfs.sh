#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds the tiny busybox initramfs of the VM rig for one kernel version.
# Its /init loads virtio + 9p + overlay, mounts the host's / (read-only, 9p
# tag "hostroot") under a tmpfs overlay, chroots into it and runs the script
# named by `we2vm_script=PATH` on the kernel command line, then prints
# `GUEST_EXIT=<status>` on the console and powers off.
#
# usage: tests/vm/mkinitramfs.sh KVER OUT.cpio.gz
#        tests/vm/mkinitramfs.sh --builtin OUT.cpio.gz
# --builtin: for a kernel with virtio-pci, 9p and overlayfs built in (the
# debug kernel of scripts/debug-kernel.sh): the initramfs loads no modules.
# The output is cached: rebuilt only when missing or older than this script
# (or than busybox, or than the kernel's modules.dep, rewritten on reinstall).
set -euo pipefail
kver=${1:?usage: mkinitramfs.sh KVER|--builtin OUT.cpio.gz}
out=${2:?usage: mkinitramfs.sh KVER|--builtin OUT.cpio.gz}
bb=/bin/busybox
moddep=/lib/modules/$kver/modules.dep
[ "$kver" != --builtin ] || moddep=$0

if [ -s "$out" ] && [ "$out" -nt "$0" ] && [ "$out" -nt "$bb" ] &&
	[ "$out" -nt "$moddep" ]; then
	exit 0
fi
# the initramfs has no libc: busybox must be the static build
ldd_out=$(LC_ALL=C ldd "$bb" 2>&1 || true)
case $ldd_out in
*"not a dynamic"*) ;;
*) echo "mkinitramfs: $bb missing or not static (install busybox-static)" >&2; exit 1 ;;
esac
[ "$kver" = --builtin ] || [ -d "/lib/modules/$kver" ] ||
	{ echo "mkinitramfs: no /lib/modules/$kver" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,dev,proc,sys,mnt/lower,mnt/rw,newroot,modules}
cp "$bb" "$root/bin/busybox"
# applets /init uses, linked at build time so nothing has to be installed at boot
for a in sh mount umount insmod mkdir cat echo chroot poweroff reboot stty \
	sleep ip env setsid; do
	ln -s busybox "$root/bin/$a"
done
# the kernel opens /dev/console for init before /init runs; devtmpfs comes later
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

# Modules in load order, from modprobe's own dependency resolution. Only the
# `insmod` lines: what is built in (virtio_pci on 6.12) prints `builtin`.
n=0
: > "$root/modules/order"
mods='virtio_pci 9pnet_virtio 9p overlay'
[ "$kver" != --builtin ] || mods=
for m in $mods; do
	lines=$(modprobe -S "$kver" --show-depends "$m") || {
		echo "mkinitramfs: modprobe -S $kver --show-depends $m failed" >&2; exit 1; }
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		base=$(basename "$path")
		name=${base%%.ko*}
		grep -qx "[0-9]*-$name.ko" "$root/modules/order" && continue
		n=$((n + 1))
		dst=$(printf '%02d-%s.ko' "$n" "$name")
		# busybox insmod passes the bytes to init_module(): store them uncompressed
		case $base in
		*.ko) cp "$path" "$root/modules/$dst" ;;
		*.ko.xz) xz -dc "$path" > "$root/modules/$dst" ;;
		*.ko.gz) gzip -dc "$path" > "$root/modules/$dst" ;;
		*.ko.zst) zstd -qdc "$path" > "$root/modules/$dst" ;;
		*) echo "mkinitramfs: unknown module file $path" >&2; exit 1 ;;
		esac
		echo "$dst" >> "$root/modules/order"
	done <<< "$lines"
done

cat > "$root/init" <<'INIT'
#!/bin/sh
# we2 VM rig init (busybox). Every failure ends in GUEST_EXIT=255 + power off.
export PATH=/bin

off() {
	# let the UART drain (stty applies settings with TCSADRAIN) before power off
	stty -F /dev/console onlcr 2>/dev/null
	# keep GUEST_EXIT the last line: silence "reboot: Power down" (console level 0)
	echo 0 > /proc/sys/kernel/printk 2>/dev/null
	poweroff -f
	echo o > /proc/sysrq-trigger 2>/dev/null
	sleep 5
	# last resort: init exits -> panic -> panic=-1 reboots -> QEMU -no-reboot exits
	exit 1
}
fail() {
	echo "we2vm-init: $*"
	echo "GUEST_EXIT=255"
	off
}

mount -t devtmpfs devtmpfs /dev || fail "mount /dev"
exec < /dev/console > /dev/console 2>&1
mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"

script=
for arg in $(cat /proc/cmdline); do
	case $arg in we2vm_script=*) script=${arg#we2vm_script=} ;; esac
done
[ -n "$script" ] || fail "no we2vm_script= on the kernel command line"

for m in $(cat /modules/order); do
	insmod "/modules/$m" || fail "insmod $m"
done

# The insmods probe the virtio device synchronously; retry briefly anyway in
# case the 9p channel shows up late. cache=loose: the host side does not
# change under a short-lived guest, and it was the fastest mode measured.
i=0
until mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose \
	hostroot /mnt/lower; do
	i=$((i + 1))
	[ $i -lt 20 ] || fail "mount 9p hostroot"
	sleep 0.1
done
mount -t tmpfs -o mode=755 rw /mnt/rw || fail "mount tmpfs for overlay"
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work \
	root /newroot || fail "mount overlay"

R=/newroot
mount -t proc proc $R/proc || fail "mount $R/proc"
mount -t sysfs sysfs $R/sys || fail "mount $R/sys"
mount -t devtmpfs devtmpfs $R/dev || fail "mount $R/dev"
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $R/dev/pts || fail "mount devpts"
mount -t tmpfs -o mode=1777 shm $R/dev/shm || fail "mount /dev/shm"
# no fresh tmpfs on /tmp: a checkout under the host's /tmp (CI may clone
# there) must stay visible; the overlay's tmpfs upper layer takes the writes
mount -t tmpfs -o mode=755 run $R/run || fail "mount /run"
mount -t debugfs debugfs $R/sys/kernel/debug || fail "mount debugfs"
mount -t tracefs tracefs $R/sys/kernel/tracing || fail "mount tracefs"
ip link set lo up 2>/dev/null

[ -r "$R$script" ] || fail "script $script not visible in the guest"
# the script (written by run.sh) does the cd and execs the command
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb LANG=C.UTF-8 \
	chroot $R /bin/bash "$script" < /dev/null > /dev/console 2>&1
st=$?
echo "GUEST_EXIT=$st"
off
INIT
chmod 755 "$root/init"

mkdir -p "$(dirname "$out")"
# build next to the target and rename: concurrent runs never see half a file
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --quiet -o -0 -H newc -R 0:0) | gzip -1 > "$out.tmp.$$"
mv -f "$out.tmp.$$" "$out"
