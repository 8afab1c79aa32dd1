# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the functional tests; sourced by every case. They run
# inside the VM as root, with the repository at $WE2_TOP.

WE2_TOP=${WE2_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
WE2T=$WE2_TOP/tests/func/bin/we2t
# built for this kernel by "make kmod"
WE2_KO=$WE2_TOP/.build/ko/$(uname -r)/we2.ko
SDEBUG=/sys/bus/pseudo/drivers/scsi_debug
BS=2048
TMP=${TMP:-/tmp/we2-test}
mkdir -p "$TMP"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "# $*"; }

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

sysval() { cat "$SYS/$1"; }

# info KEY: one field of "we2t info"
info() { "$WE2T" info "$WE2" | awk -v k="$1" '$1 == k { print $2 }'; }

# The debug kernel's modules are not in the (host's) /lib/modules: the rig
# says where they are in WE2_MODDIR. Built-in ones (sr, sg, sd there) load
# as a no-op.
kmod_load() {
	modprobe ${WE2_MODDIR:+-d "$WE2_MODDIR"} "$@"
}

teardown() {
	rmmod we2 2>/dev/null || true
	rmmod scsi_debug 2>/dev/null || true
}

# wait_for PATH [SECONDS]
wait_for() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# setup [we2 params] -- [scsi_debug params]: a fresh recorder and we2 on it.
# we2 is loaded first, so attaching follows the device's hot-plug.
setup() {
	local we2_params=() sd_params=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do we2_params+=("$1"); shift; done
	[ "${1:-}" = "--" ] && shift
	sd_params=("$@")

	teardown
	kmod_load sr_mod
	kmod_load sg
	kmod_load sd_mod
	insmod "$WE2_KO" "${we2_params[@]}" || fail "insmod we2"
	kmod_load scsi_debug ptype=5 sector_size=$BS delay=0 \
		dev_size_mb=${DEV_MB:-128} "${sd_params[@]}" ||
		fail "load scsi_debug"
	WE2=/dev/we20
	SYS=/sys/class/we2/we20
	wait_for "$WE2" || fail "$WE2 did not appear"
	SDEV=$(readlink -f "$SYS/device")
	SG=/dev/$(ls "$SDEV/scsi_generic")
	[ -c "$SG" ] || fail "no sg node for $SDEV"
	SR=
	[ -d "$SDEV/block" ] && SR=/dev/$(ls "$SDEV/block")
	return 0
}

# capacity in $BS-byte sectors, from the sg path
capacity() {
	sg_readcap "$SG" | awk '/Last LBA=/ { sub(/.*Last LBA=/, ""); print $1 + 1 }'
}

# readback LBA NR FILE: read through sg (not through we2)
readback() {
	rm -f "$3"	# sg_dd writes into an existing file without truncating
	sg_dd if="$SG" of="$3" bs=$BS skip="$1" count="$2" 2>/dev/null ||
		fail "sg_dd read of $2 sectors at $1"
}

# verify LBA NR SEED: the sectors hold pattern SEED
verify() {
	readback "$1" "$2" "$TMP/read"
	"$WE2T" pattern "$3" $(($2 * BS)) > "$TMP/want"
	cmp -s "$TMP/read" "$TMP/want" || fail "data at LBA $1 (+$2) differs"
}

# verify_zero LBA NR: never written
verify_zero() {
	readback "$1" "$2" "$TMP/read"
	head -c $(($2 * BS)) /dev/zero | cmp -s - "$TMP/read" ||
		fail "sectors at LBA $1 (+$2) were written"
}

TRACE=/sys/kernel/tracing
trace_start() {
	echo 0 > $TRACE/tracing_on
	echo > $TRACE/trace
	echo 1 > $TRACE/events/scsi/scsi_dispatch_cmd_start/enable
	echo 1 > $TRACE/tracing_on
}

# The CDBs dispatched since trace_start, one line each: "op lba len flags"
# (hex op, decimal lba as 32-bit two's complement, flags = WRITE(12) byte 10)
trace_writes() {
	local b
	echo 0 > $TRACE/tracing_on
	sed -n 's/.*raw=\([0-9a-f ]*\)).*/\1/p' $TRACE/trace |
	while read -r -a b; do
		case ${b[0]} in
		2a) echo "2a $((16#${b[2]}${b[3]}${b[4]}${b[5]})) $((16#${b[7]}${b[8]})) -" ;;
		aa) echo "aa $((16#${b[2]}${b[3]}${b[4]}${b[5]})) $((16#${b[6]}${b[7]}${b[8]}${b[9]})) ${b[10]}" ;;
		esac
	done
	echo 0 > $TRACE/events/scsi/scsi_dispatch_cmd_start/enable
}

# storm KIND RUNS: a we2storm run of RUNS times STORM_SCALE (at least 1),
# seeded by STORM_SEED; its "storm:" line is the figure the debug run shows
storm() {
	local runs=$(($2 * ${STORM_SCALE:-100} / 100))
	[ $runs -ge 1 ] || runs=1
	"$WE2_TOP/tests/storm/bin/we2storm" "$1" $runs "${STORM_SEED:-1}" \
		--ko "$WE2_KO"
}
