#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs one command inside a fresh QEMU VM booting a Debian kernel, with the
# host's / shared read-only over 9p under a tmpfs overlay (every host tool and
# the freshly built module are there; nothing the guest writes reaches the host).
#
# usage: tests/vm/run.sh [--kver V | --debug-kernel DIR] [--timeout S] [--mem MB]
#                        [--log FILE] [--append "KERNEL ARGS"] -- command [args...]
#
# --debug-kernel DIR boots DIR/bzImage, the debug kernel that
# scripts/debug-kernel.sh built (DIR is the path it prints), with a
# no-module initramfs, 3072 MB unless --mem, and `kmemleak=on` unless
# --append sets kmemleak=. The command gets WE2_KREL=<its release> and
# WE2_MODDIR=DIR/mods in its environment: `modprobe -d $WE2_MODDIR scsi_debug`
# (/lib/modules/$WE2_KREL is also linked there in the guest's overlay).
#
# The command runs as root in the guest, in the caller's current directory,
# with stdin /dev/null and stdout/stderr on the serial console, which streams
# to our stdout (and to --log FILE). Exit status: the command's own status
# (from the guest's last `GUEST_EXIT=<n>` line), 124 on timeout, 125 if the
# guest died without reporting one. A guest whose kernel dies while booting,
# before the command begins (`GUEST_START` on the console), is booted once
# more within the same timeout: nothing of the test ran. The guest's / is read-only underneath, so
# the caller's directory must be a host directory outside /run (the guest
# mounts a fresh tmpfs there); /tmp is the host's, writable in the overlay.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
me=tests/vm/run.sh

usage() {
	sed -n '/^# usage:/,/^#$/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

kver='' tmo=900 mem='' log='' append='' dkdir=''
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?}; shift 2 ;;
	--debug-kernel) dkdir=${2:?}; shift 2 ;;
	--timeout) tmo=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--append) append=${2:?}; shift 2 ;;
	--) shift; break ;;
	-h | --help) usage ;;
	*) echo "$me: unknown option $1" >&2; usage ;;
	esac
done
[ $# -gt 0 ] || usage
[ -z "$kver" ] || [ -z "$dkdir" ] || { echo "$me: --kver or --debug-kernel, not both" >&2; exit 2; }
if [ -z "$mem" ]; then
	# KASAN's shadow takes an eighth of the guest's memory
	if [ -n "$dkdir" ]; then mem=3072; else mem=2048; fi
fi
case $tmo$mem in *[!0-9]*) echo "$me: --timeout/--mem take whole numbers" >&2; exit 2 ;; esac

if [ -n "$dkdir" ]; then
	# everything the initramfs needs is built in; the guest sees DIR over 9p
	[ -d "$dkdir" ] || { echo "$me: no directory $dkdir" >&2; exit 125; }
	dkdir=$(cd "$dkdir" && pwd -P)
	kernel=$dkdir/bzImage
	krel=$(cat "$dkdir/release" 2>/dev/null || true)
	if [ ! -r "$kernel" ] || [ -z "$krel" ] || [ ! -d "$dkdir/mods/lib/modules/$krel" ]; then
		echo "$me: $dkdir is not a debug kernel built by scripts/debug-kernel.sh" >&2
		exit 125
	fi
	case $dkdir/ in
	/run/*) echo "$me: warning: $dkdir is not visible in the guest" >&2 ;;
	esac
	initrd=$top/.build/vm/initramfs-builtin.cpio.gz
	"$top/tests/vm/mkinitramfs.sh" --builtin "$initrd"
	case " $append " in *' kmemleak='*) ;; *) append="kmemleak=on $append" ;; esac
else
	[ -n "$kver" ] || kver=$("$top/scripts/kver.sh")
	kernel=/boot/vmlinuz-$kver
	[ -r "$kernel" ] || { echo "$me: cannot read $kernel" >&2; exit 125; }
	initrd=$top/.build/vm/initramfs-$kver.cpio.gz
	"$top/tests/vm/mkinitramfs.sh" "$kver" "$initrd"
fi

# Under TCG, decompressing the bzImage costs ~3 s of every boot. The same
# kernel's ELF vmlinux boots directly through its PVH entry (CONFIG_PVH=y in
# Debian's configs): extract it once, cached; fall back to the bzImage.
vmlinux=$top/.build/vm/vmlinux-$kver
extract_vmlinux() {
	local magic off t=$vmlinux.tmp.$$
	for magic in '\xfd7zXZ\x00:xz' '\x28\xb5\x2f\xfd:zstd' '\x1f\x8b\x08:gzip'; do
		off=$(LC_ALL=C grep -obUaP "${magic%:*}" "$kernel" | head -n 1 | cut -d: -f1)
		[ -n "$off" ] || continue
		# the payload is followed by other data: ignore the decompressor's complaint
		tail -c +$((off + 1)) "$kernel" | ${magic#*:} -dcq > "$t" 2>/dev/null || true
		# ELF with a PVH entry note (type 0x12, XEN_ELFNOTE_PHYS32_ENTRY)
		if [ "$(head -c 4 "$t" | od -An -c | tr -d ' ')" = '177ELF' ] &&
			readelf -n "$t" 2>/dev/null | grep -q '(0x00000012)'; then
			mv -f "$t" "$vmlinux"
			return 0
		fi
	done
	rm -f "$t"
	return 1
}
if [ -z "$dkdir" ] && { [ "$vmlinux" -nt "$kernel" ] || extract_vmlinux; }; then
	kernel=$vmlinux
fi
# qboot is a minimal firmware that starts faster than SeaBIOS and prints nothing
bios=()
[ -r /usr/share/qemu/qboot.rom ] && bios=(-bios qboot.rom)

# The command goes to the guest as a script file: the guest sees this host
# directory through 9p at the same path (hence not under /run). Its path goes
# on the kernel command line, which splits on blanks.
mkdir -p "$top/.build/vm"
work=$(mktemp -d "$top/.build/vm/run.XXXXXX")
case $work in *[[:space:]]*) echo "$me: blank in path $work" >&2; rm -rf "$work"; exit 125 ;; esac
tpid=''
# shellcheck disable=SC2317  # called from traps
cleanup() {
	if [ -n "$tpid" ]; then
		kill -TERM "$tpid" 2>/dev/null || true
		[ ! -s "$work/qemu.pid" ] || kill -TERM "$(cat "$work/qemu.pid")" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
# a signal to us must not leave QEMU running: stop it (timeout passes the
# TERM on to QEMU), then exit as killed
trap 'trap - INT; cleanup; exit 130' INT
trap 'trap - TERM; cleanup; exit 143' TERM
trap 'trap - HUP; cleanup; exit 129' HUP

cwd=$(pwd -P)
case $cwd/ in
/run/* | /proc/* | /sys/* | /dev/*)
	echo "$me: warning: $cwd is a fresh mount in the guest, not the host's" >&2 ;;
esac
{
	if [ -n "$dkdir" ]; then
		printf 'export WE2_MODDIR=%q WE2_KREL=%q\n' "$dkdir/mods" "$krel"
		# plain modprobe and the kernel's request_module() look in /lib/modules
		printf '[ -e /lib/modules/%q ] || ln -s %q /lib/modules/ 2>/dev/null\n' \
			"$krel" "$dkdir/mods/lib/modules/$krel"
	fi
	printf 'cd -- %q || { echo "%s: directory %q is not visible in the guest"; exit 255; }\n' \
		"$cwd" "$me" "$cwd"
	# The kernel enables a static key (crng_is_ready) once its random
	# generator is seeded, by patching its text with int3 while the other
	# CPU runs on. QEMU's TCG can run a stale copy of that text and hit the
	# int3 ("Oops: int3" in urandom_read_iter, seen with tests reading
	# /dev/urandom on both CPUs at that moment): the test begins once the
	# generator is seeded (a read of /dev/random waits for it) and its
	# static key flipped (a second later, from a workqueue).
	printf 'timeout 60 head -c 1 /dev/random > /dev/null; sleep 1\n'
	# the boot is over and the command begins (see the retry below)
	printf 'echo GUEST_START\n'
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} > "$work/cmd.sh"

logfile=${log:-$work/console.log}
: > "$logfile"

# log_buf_len: a case's kernel log is read from its start marker
# (tests/func/run.sh), and a log that wrapped over it fails the case; the
# storms' hundreds of attach and detach messages must not push it out.
# shellcheck disable=SC2054  # the commas are QEMU's
qemu=(qemu-system-x86_64
	-accel tcg -machine q35 -smp 2 -m "$mem"
	-nodefaults -nographic -no-reboot
	-serial stdio -monitor none
	"${bios[@]}" -kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 quiet loglevel=4 log_buf_len=16M we2vm_script=$work/cmd.sh $append"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-pidfile "$work/qemu.pid"
)

# boot ATTEMPT: one run of QEMU under what is left of the timeout; its
# status in $qrc
boot() {
	local left=$((tmo - (SECONDS - start)))
	rm -f "$work/timeout.pid" "$work/qemu.rc"
	# QEMU under timeout in the background so that our traps run while we
	# wait; its status goes to a file. The guest console ends lines with
	# CR LF: strip CR.
	{
		timeout --foreground -k 10 "$left" "${qemu[@]}" < /dev/null &
		echo $! > "$work/timeout.pid"
		# (quiet: after a signal our cleanup may have removed $work already)
		wait $! && echo 0 2>/dev/null > "$work/qemu.rc" || echo $? 2>/dev/null > "$work/qemu.rc"
	} | sed -u 's/\r$//' | tee -a "$logfile" &
	pipe=$!
	# wait for the pid of `timeout` so that the traps can stop QEMU
	while [ ! -s "$work/timeout.pid" ] && kill -0 "$pipe" 2>/dev/null; do sleep 0.05; done
	tpid=$(cat "$work/timeout.pid" 2>/dev/null || true)
	wait "$pipe" || true
	tpid=''
	qrc=$(cat "$work/qemu.rc" 2>/dev/null || echo 125)
}

# A guest that dies before the command begins (neither GUEST_START nor
# GUEST_EXIT on its console: a kernel that oopsed while booting, as TCG's stale-text int3 above once did in
# sched_init_debug) ran nothing of the test, so it is booted once more;
# once the command has begun, whatever happens is the test's outcome.
start=$SECONDS
for attempt in 1 2; do
	from=$(stat -c %s "$logfile")
	boot
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then break; fi
	# (grep without -q reads to the end: no SIGPIPE for pipefail to see)
	tail -c +$((from + 1)) "$logfile" | tr -d '\0' |
		grep -E '^GUEST_START$|GUEST_EXIT=[0-9]' > /dev/null && break
	if [ $attempt = 2 ] || [ $((tmo - (SECONDS - start))) -le 30 ]; then break; fi
	echo "$me: the guest died while booting, before the command began: booting it again" |
		tee -a "$logfile" >&2
done

if [ "$qrc" = 124 ] || { [ "$qrc" = 137 ] && [ $((SECONDS - start)) -ge "$tmo" ]; }; then
	echo "$me: timed out after $tmo s, QEMU killed" | tee -a "$logfile" >&2
	exit 124
fi
st=$(tr -d '\0' < "$logfile" | grep -o 'GUEST_EXIT=[0-9]\+' | tail -n 1 || true)
if [ -z "$st" ]; then
	echo "$me: guest ended without GUEST_EXIT (QEMU status $qrc)" | tee -a "$logfile" >&2
	exit 125
fi
exit "${st#GUEST_EXIT=}"
