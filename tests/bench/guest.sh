#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest side of "make bench" (tests/bench/run.sh boots the VM with it).
# Writes the same amount of data to one scsi_debug disk through every path
# and prints one line per path, size, queue depth and device delay, the
# median over the repetitions:
#
#   bench: <path> <size> qd<N> delay<D> <MB/s> <sys-cpu-s-per-GiB>
#
# Paths: we2-uring-fixed and we2-uring (io_uring on /dev/we20, registered
# and plain buffers), we2-ioctl (WE2_IOC_WRITE_SECTION, one command per
# call), sg_dd (SG_IO, direct I/O, QD1), fio-sg (fio's sg engine on the sg
# node) and fio-blk-odirect (fio, io_uring, O_DIRECT, on the sd block
# device). One device for all: scsi_debug as a disk (ptype=0: sr, the
# CD-ROM driver, would not take writes on its block device), 2048-byte
# sectors as a recorder's, we2 attached to it with attach_types bit 0;
# delay=0 (what each path costs in software) and delay=1 (the default, one
# jiffy = 4 ms per command: a device with latency, where depth counts).
# Every path writes from LBA 0 upwards from buffers filled once, WRITE(10)s
# of 64 KiB or 1 MiB; each measurement is a fresh process; the median of
# MB/s and that of CPU are taken separately.
# Then the recorder path: the same device type as a recorder (ptype=5, the
# CD type, which we2 treats as sequential media: one write at the device
# at a time, the next chosen by position), written through we2's io_uring
# path with each pass declared one section as libwe2's stream declares it
# (rec-we2-uring-fixed, QD1 and QD8), we2's blocking ioctl (rec-we2-ioctl)
# and sg_dd (rec-sg_dd). we2's io_uring paths use a ring with
# SINGLE_ISSUER | DEFER_TASKRUN, as libwe2's stream does.
# Then "scale: 16 devices <x.xx>x one device" (we2storm's load, io_uring,
# sixteen scsi_debug devices at once against one) and the "pace:" lines
# (we2pace).
#
# MB/s: bytes over the I/O phase as each tool times it (we2bench's first
# submission to last completion, sg_dd's time=1, fio's job runtime), so
# that no tool's start-up (fio's takes most of a second under TCG) counts;
# MB = 10^6 bytes.
# CPU: the whole machine's system + irq + softirq time from /proc/stat (all
# CPUs) over the I/O phase, per GiB written: the same measure for every
# path, and fairer than a process's own ru_stime, since completions run in
# interrupt and softirq context, often on the other CPU. we2bench reads it
# right around its writes, fio in exec_prerun/exec_postrun (after its long
# start-up; the postrun shell's own start counts), sg_dd around its whole
# run, less the median of three runs that write nothing (count=0: its
# start-up and exit, 5 to 20 ticks under TCG). Under TCG on a busy host
# these figures carry noise of some ticks per second of run time.
# fio runs with gtod_reduce=1: the guest's clock source is the HPET (TCG's
# TSC is unstable), where each of fio's per-I/O clock reads is a system call
# and an emulated MMIO read, which would count as fio's system time.
#
# usage: guest.sh   (environment, given with env by run.sh:)
#   BENCH_REPS=3     repetitions of each measurement (the median is shown)
#   BENCH_SCALE=100  percent of the data amounts below (quick runs: 10)
#   BENCH_DELAYS="0 1"
#   BENCH_TASKSET=CPUS  run every tool under taskset -c CPUS (default: not)
set -u
here=$(cd "$(dirname "$0")" && pwd)
WE2_TOP=$(cd "$here/../.." && pwd)
export WE2_TOP TMP=/tmp/we2-bench
# shellcheck source=../func/lib.sh
. "$WE2_TOP/tests/func/lib.sh"

WE2BENCH=$WE2_TOP/.build/bench/bin/we2bench
REPS=${BENCH_REPS:-3}
SCALE=${BENCH_SCALE:-100}
DELAYS=${BENCH_DELAYS:-0 1}
PIN=()
[ -z "${BENCH_TASKSET:-}" ] || PIN=(taskset -c "$BENCH_TASKSET")
# the disk: 2 GiB as the tools see it (virtual_gb), backed by 256 MiB of
# RAM that the LBAs wrap around in, so that every path writes its amount
# in one sequential pass
DEV_MB=256
VIRT_GB=2
HZ_USER=$(getconf CLK_TCK)
MiB=1048576

for t in fio sg_dd sg_readcap "$WE2BENCH" "$WE2_TOP/tests/storm/bin/we2storm"; do
	command -v "$t" > /dev/null || fail "$t is missing"
done

# amount SIZE QD DELAY: bytes each path writes for this case, sized so that
# one measurement takes one to three seconds under TCG (MB/s in the
# comments: what the paths made of it on a 2-core host)
amount() {
	local mb
	case $3:$1:$2 in
	0:64K:*) mb=512 ;;	# 200 to 650 MB/s
	0:1M:*) mb=1536 ;;	# 600 to 1700 MB/s
	1:64K:1) mb=24 ;;	# 4 ms a command: 16 MB/s at most
	1:64K:8) mb=192 ;;	# 100 MB/s
	1:1M:1) mb=320 ;;	# 190 MB/s
	1:1M:8) mb=1024 ;;	# 550 to 1500 MB/s
	esac
	mb=$((mb * SCALE / 100))
	[ "$mb" -ge 1 ] || mb=1
	echo $((mb * MiB))
}

# system + irq + softirq ticks of all CPUs, from /proc/stat or from a copy
# of its "cpu" line
stat_ticks() {
	awk '$1 == "cpu" { print $4 + $7 + $8; exit }' "$1"
}
# the same into TICKS without a fork (which would count): "cpu user nice
# system idle iowait irq softirq ..."
snap_ticks() {
	local l
	read -r l < /proc/stat
	# shellcheck disable=SC2086  # split into its fields
	set -- $l
	TICKS=$(($4 + $7 + $8))
}

# sg_dd_run ARGS...: sg_dd on the disk, output appended to $TMP/out
sg_dd_run() {
	"${PIN[@]}" sg_dd iflag=00 of="$SG" bs=$BS dio=1 time=1 "$@" >> "$TMP/out" 2>&1
}

# sg_dd_base BPT: SG_DD_BASE, the median ticks of three sg_dd runs that
# write nothing
sg_dd_base() {
	local i t0 t=()
	for i in 1 2 3; do
		snap_ticks
		t0=$TICKS
		sg_dd_run bpt=$1 count=0 || fail "sg_dd count=0 failed"
		snap_ticks
		t+=($((TICKS - t0)))
	done
	SG_DD_BASE=$(printf '%s\n' "${t[@]}" | sort -n | sed -n 2p)
}

# run PATH SIZE QD BYTES: one measurement; appends
# "PATH SIZE QD BYTES SECS TICKS" to $TMP/raw
run() {
	local path=$1 size=$2 qd=$3 bytes=$4 bs rc secs ticks c0 c1 left n
	bs=$((${size%[KM]} * 1024))
	[ "${size%M}" = "$size" ] || bs=$((${size%M} * MiB))
	case $path in
	we2-uring-fixed | we2-uring | we2-ioctl | rec-we2-uring-fixed | rec-we2-ioctl)
		local mode=fixed opts=(defer)
		[ "${path#rec-}" = we2-uring ] && mode=plain
		[ "${path#rec-}" = we2-ioctl ] && mode=ioctl opts=()
		# on the recorder, a pass over it is one section, as libwe2 says
		[ "${path#rec-}" = "$path" ] || [ $mode = ioctl ] || opts+=(section)
		"${PIN[@]}" "$WE2BENCH" $mode "$WE2" $bs $qd $bytes $CAP "${opts[@]}" \
			> "$TMP/out" 2>&1
		rc=$?
		;;
	sg_dd | rec-sg_dd)
		# sg_dd does not wrap: a pass per device's worth (one, with the
		# amounts above)
		local bpt=$((bs / BS)) pass passes=0
		pass=$((CAP / bpt * bpt)) left=$((bytes / BS)) rc=0
		: > "$TMP/out"
		sg_dd_base $bpt
		: > "$TMP/out"
		snap_ticks
		c0=$TICKS
		while [ $left -gt 0 ] && [ $rc -eq 0 ]; do
			n=$((left < pass ? left : pass))
			sg_dd_run bpt=$bpt count=$n
			rc=$?
			left=$((left - n)) passes=$((passes + 1))
		done
		snap_ticks
		c1=$((TICKS - passes * SG_DD_BASE))
		[ $c1 -ge $c0 ] || c1=$c0
		;;
	fio-sg | fio-blk-odirect)
		local dev=$SG eng=(--ioengine=sg)
		[ $path = fio-blk-odirect ] && dev=$SR eng=(--ioengine=io_uring
			--direct=1 --fixedbufs=1 --registerfiles=1)
		# the sg engine on the sg node: its asynchronous write()/read()
		# interface (direct=1 would make it synchronous), data copied
		# through sg's own buffers, as the engine does. The block
		# device: registered buffers and file, as we2-uring-fixed has.
		# exec_pre/postrun write bench.prerun.txt/bench.postrun.txt in
		# the current directory; their shell expands $l
		rm -f "$TMP"/bench.pr*run.txt
		# shellcheck disable=SC2016
		(cd "$TMP" && exec "${PIN[@]}" fio --name=bench --filename="$dev" "${eng[@]}" \
			--rw=write --bs=$bs --iodepth=$qd --size=$((CAP * BS)) \
			--io_size=$bytes --zero_buffers=1 --scramble_buffers=0 \
			--gtod_reduce=1 --eta=never \
			--exec_prerun='read -r l < /proc/stat; echo $l' \
			--exec_postrun='read -r l < /proc/stat; echo $l' \
			--output-format=terse --terse-version=3) > "$TMP/out" 2>&1
		rc=$?
		c0=$(stat_ticks "$TMP/bench.prerun.txt")
		c1=$(stat_ticks "$TMP/bench.postrun.txt")
		;;
	esac
	if [ $rc -ne 0 ]; then
		sed 's/^/#   /' "$TMP/out"
		fail "$path $size qd$qd delay$D exited $rc"
	fi
	case ${path#rec-} in
	we2-*)
		read -r secs ticks <<< "$(awk '/^we2bench:/ { for (i = 2; i <= NF; i++) {
			if ($i ~ /^secs=/) s = substr($i, 6)
			if ($i ~ /^ticks=/) t = substr($i, 7) }
			print s, t }' "$TMP/out")" ;;
	sg_dd)
		grep -q 'Direct IO requested but incomplete' "$TMP/out" &&
			{ cat "$TMP/out"; fail "sg_dd fell back to indirect I/O"; }
		# "time to transfer data: 1.234567 secs at ..." per pass
		secs=$(awk '/time to transfer data/ { for (i = 1; i < NF; i++)
			if ($(i + 1) == "secs") s += $i; n++ }
			END { if (n) printf "%.6f\n", s }' "$TMP/out") ;;
	fio-*)
		# terse v3: 5 error, 47 KiB written, 50 write runtime (ms)
		secs=$(awk -F';' -v want=$bytes '$1 == 3 {
			if ($5 != 0 || $47 * 1024 != want) exit
			printf "%.6f\n", $50 / 1000 }' "$TMP/out") ;;
	esac
	[ -n "${ticks:-}" ] || { [ -n "${c0:-}" ] && [ -n "${c1:-}" ] && ticks=$((c1 - c0)); }
	if [ -z "$secs" ] || [ -z "${ticks:-}" ]; then
		sed 's/^/#   /' "$TMP/out"
		fail "$path $size qd$qd delay$D: no timing or CPU figure"
	fi
	echo "$path $size $qd $bytes $secs $ticks" >> "$TMP/raw"
	echo "raw: $path $size qd$qd delay$D bytes=$bytes secs=$secs ticks=$ticks"
}

# the cases of one size, in the order they are printed
cases() {
	echo "we2-uring-fixed 1"
	echo "we2-uring-fixed 8"
	echo "we2-uring 1"
	echo "we2-uring 8"
	echo "we2-ioctl 1"
	echo "sg_dd 1"
	echo "fio-sg 1"
	echo "fio-sg 8"
	echo "fio-blk-odirect 1"
	echo "fio-blk-odirect 8"
}

# the recorder path's cases
rec_cases() {
	echo "rec-we2-uring-fixed 1"
	echo "rec-we2-uring-fixed 8"
	echo "rec-we2-ioctl 1"
	echo "rec-sg_dd 1"
}

# measure CASES: every case of the function CASES at both sizes, REPS
# times (repetitions outermost: a slow spell of the host spreads over all
# paths), then one "bench:" line each, the medians, in the order of CASES
measure() {
	local r size path qd amt
	: > "$TMP/raw"
	for ((r = 1; r <= REPS; r++)); do
		for size in 64K 1M; do
			while read -r path qd; do
				# a recorder takes one write at a time: QD1's amount
				amt=$(amount $size "$([ "${path#rec-}" = "$path" ] && echo $qd || echo 1)" $D)
				run $path $size $qd "$amt" < /dev/null
			done <<< "$($1)"
		done
		echo "# delay$D: $1 repetition $r of $REPS done at ${SECONDS}s"
	done
	for size in 64K 1M; do
		while read -r path qd; do
			awk -v p=$path -v s=$size -v q=$qd -v d=$D -v hz=$HZ_USER '
			$1 == p && $2 == s && $3 == q {
				n++; mb[n] = $4 / $5 / 1e6
				cpu[n] = $6 / hz / ($4 / 1073741824)
			}
			function median(a, n,   i, j, t) {
				for (i = 2; i <= n; i++)
					for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
						t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
					}
				return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
			}
			END {
				if (!n) exit 1
				printf "bench: %s %s qd%d delay%d %.1f %.3f\n", p, s, q, d,
					median(mb, n), median(cpu, n)
			}' "$TMP/raw" || fail "no figures for $path $size qd$qd"
		done <<< "$($1)"
	done
}

echo "# we2 bench: $(uname -r), $(nproc) CPUs, $REPS repetitions, amounts at $SCALE%${PIN:+, under ${PIN[*]}}"
for D in $DELAYS; do
	setup attach_types=0xb1 -- ptype=0 delay=$D virtual_gb=$VIRT_GB
	echo $BS > "$SYS/bytes_per_sector" || fail "bytes_per_sector"
	echo $MiB > "$SYS/transfer_cap_bytes" || fail "transfer_cap_bytes"
	# sd probes the disk asynchronously
	for ((i = 0; i < 50; i++)); do
		[ -d "$SDEV/block" ] && SR=/dev/$(ls "$SDEV/block")
		[ -b "$SR" ] && break
		sleep 0.1
	done
	[ -b "$SR" ] || fail "no block device for the disk"
	# the block device path as fast as it goes: no I/O scheduler (we2's
	# and sg's passthrough requests bypass it anyway)
	echo none > "/sys/block/${SR#/dev/}/queue/scheduler" || fail "scheduler"
	# sg_dd dio=1 needs it (/proc/scsi/sg/allow_dio without SCSI_PROC_FS)
	echo 1 > /sys/module/sg/parameters/allow_dio || fail "allow_dio"
	CAP=$(capacity)
	[ "${CAP:-0}" -gt 0 ] || fail "no capacity"
	echo "# delay$D: $SR $SG $WE2, $CAP sectors of $BS bytes ($DEV_MB MiB of RAM)"
	measure cases

	# the recorder: the same sizes and delay, writes in order
	setup -- delay=$D virtual_gb=$VIRT_GB
	echo $BS > "$SYS/bytes_per_sector" || fail "bytes_per_sector"
	echo $MiB > "$SYS/transfer_cap_bytes" || fail "transfer_cap_bytes"
	CAP=$(capacity)
	[ "${CAP:-0}" -gt 0 ] || fail "no capacity of the recorder"
	echo "# delay$D recorder: $SG $WE2, $CAP sectors of $BS bytes"
	measure rec_cases
done

# scale: sixteen devices written at once (each node by its own thread,
# io_uring, every section read back through sg) against one written the
# same way, at scsi_debug's default delay of one jiffy per command, where a
# device's latency, not the CPU, bounds one device alone
WE2STORM=$WE2_TOP/tests/storm/bin/we2storm
LOAD_S=$((10 * SCALE / 100 > 3 ? 10 * SCALE / 100 : 3))
for n in 1 16; do
	DEV_MB=64 setup -- num_tgts=$n delay=1
	for ((i = 0; i < n; i++)); do
		wait_for /dev/we2$i || fail "no /dev/we2$i"
	done
	line=$("$WE2STORM" load $LOAD_S 1 uring) || fail "load on $n devices: $line"
	echo "# $line"
	echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "MB/s") print $i }' \
		> "$TMP/load-$n"
	teardown
done
awk 'NR == FNR { one = $1; next }
     { if (one > 0) printf "scale: 16 devices %.2fx one device\n", $1 / one }' \
	"$TMP/load-1" "$TMP/load-16"

# pacing: sections of 3 s or more, constant and ramps, both paths; the
# error is achieved against the model (the target: within 1%)
setup -- delay=0
echo $BS > "$SYS/bytes_per_sector" || fail "bytes_per_sector"
WE2PACE=$WE2_TOP/.build/bench/bin/we2pace
for c in "ioctl 1000 1000 3000" "ioctl 500 1500 3000" "ioctl 1500 500 3000" \
	 "stream 2000 2000 6000" "stream 676 2704 8000"; do
	set -- $c
	"$WE2PACE" "$WE2" "$1" "$2" "$3" "$4" || fail "pace $c"
done
teardown
exit 0
