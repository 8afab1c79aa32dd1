# SPDX-License-Identifier: GPL-2.0
# Sourced by the cases in this directory (not a case itself): they run in
# the VM as root, from tests/func/run.sh, with MMCREC_KO and WE2_KO in the
# environment. Loads we2 and the emulated recorder with a blank medium,
# finds the recorder's nodes, sends MMC commands with sg_raw the way the
# burners do, decodes READ TRACK/DISC INFORMATION and the sense data that
# we2t prints, and checks what reached the medium from the recorder's own
# count of written sectors.

ko_from_env=${WE2_KO:-}
# shellcheck source=../../func/lib.sh
. "$WE2_TOP/tests/func/lib.sh"
[ -z "$ko_from_env" ] || WE2_KO=$ko_from_env
BURN=$WE2_TOP/tools/we2burn
# shellcheck source=../host.bash
. "$WE2_TOP/tests/mmcrec/host.bash"

# mr_teardown: nothing of ours left loaded (also the EXIT trap)
mr_teardown() {
	rmmod we2 2>/dev/null
	rmmod mmcrec 2>/dev/null
	true
}

# mr_setup MEDIA [PARAM=VALUE...]: we2, then mmcrec with a blank MEDIA disc
# and those module parameters (we2 attaches on the hot-plug). Sets WE2, SYS (its sysfs), SDEV, HOST, HOSTNO, SG, SR.
mr_setup() {
	local i d

	[ -r "${MMCREC_KO:-}" ] || fail "MMCREC_KO '${MMCREC_KO:-}' is not readable"
	[ -r "$WE2_KO" ] || fail "WE2_KO '$WE2_KO' is not readable"
	[ -x "$WE2T" ] || fail "no $WE2T (make testbin)"
	command -v sg_raw > /dev/null || fail "sg_raw (sg3-utils) not installed"
	mr_teardown
	lsmod | grep -q '^mmcrec ' && fail "mmcrec still loaded from before"
	trap mr_teardown EXIT
	kmod_load sr_mod
	kmod_load sg
	insmod "$WE2_KO" || fail "insmod we2"
	insmod "$MMCREC_KO" media="$@" || fail "insmod mmcrec media=$*"

	HOST=$(mmcrec_host) || fail "no mmcrec SCSI host"
	HOSTNO=${HOST##*/host}
	# the we2 node of the recorder's (first) drive
	WE2=
	for ((i = 0; i < 100; i++)); do
		for d in /sys/class/we2/we2*; do
			[ -e "$d/device" ] || continue
			case $(readlink -f "$d/device") in
			*/host"$HOSTNO"/*) WE2=/dev/${d##*/} SYS=$d; break ;;
			esac
		done
		[ -n "$WE2" ] && break
		sleep 0.1
	done
	[ -n "$WE2" ] && wait_for "$WE2" || fail "we2 did not attach to the recorder"
	SDEV=$(readlink -f "$SYS/device")
	expect_eq "recorder vendor" "$(tr -d ' ' < "$SDEV/vendor")" MMCREC
	expect_eq "we2's idea of the type" "$(info scsi_type)" 5
	for ((i = 0; i < 100; i++)); do
		SG=$(ls "$SDEV/scsi_generic" 2>/dev/null) && SR=$(ls "$SDEV/block" 2>/dev/null) &&
			[ -c "/dev/$SG" ] && [ -b "/dev/$SR" ] && break
		SG='' SR=''
		sleep 0.1
	done
	[ -n "$SG" ] && [ -n "$SR" ] || fail "no sg/sr node for $SDEV"
	SG=/dev/$SG SR=/dev/$SR
	expect_eq "medium loaded" "$(cat "$(knob media)")" "$1"
	note "recorder $SDEV: $WE2 $SG $SR, $1 loaded"
	# the kernel's scan may have left a unit attention: TEST UNIT READY eats it
	sg_turs "$SG" > /dev/null 2>&1 || sg_turs "$SG" > /dev/null 2>&1 ||
		fail "recorder not ready"
}

# mr_done: unload both modules (a reference left behind is a failure)
mr_done() {
	trap - EXIT
	rmmod we2 || fail "rmmod we2"
	rmmod mmcrec || fail "rmmod mmcrec"
}

# knob NAME: a sysfs knob of the recorder (the drive's directory, or the
# host's in the one-drive mmcrec)
knob() {
	if [ -e "$SDEV/$1" ]; then echo "$SDEV/$1"; else echo "$HOST/$1"; fi
}

# medium_written: sectors the recorder has taken since the disc was loaded
medium_written() {
	sed -n 's/.* written \([0-9]*\) .*/\1/p' "$(knob stats)"
}

# mmc WHAT [sg_raw options] -- CDB...: one command through the sg node;
# anything but GOOD fails the case, with sg_raw's account of the sense data
mmc() {
	local what=$1 opts=() out
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	if ! out=$(sg_raw -t 120 "${opts[@]}" "$SG" "$@" 2>&1); then
		echo "$out" | sed 's/^/#   /'
		fail "$what: sg_raw $* failed"
	fi
}

# hexfile FILE HEX...: the bytes written as hex pairs, into FILE
hexfile() {
	local f=$1 b
	shift
	: > "$f"
	for b in "$@"; do printf "\\x$b" >> "$f"; done
}

# bytes FILE: its bytes as decimal numbers into the array B
bytes() {
	read -r -a B <<< "$(od -An -v -tu1 "$1" | tr -s ' \n' '  ')"
}

be32() { echo $(((B[$1] << 24) | (B[$1 + 1] << 16) | (B[$1 + 2] << 8) | B[$1 + 3])); }
s32() { local v; v=$(be32 "$1"); echo $((v >= 2147483648 ? v - 4294967296 : v)); }

# hex32 N: the 4 bytes of N as 32-bit two's complement, blank-separated
hex32() {
	local v=$(($1 & 0xffffffff))
	printf '%02x %02x %02x %02x' $((v >> 24)) $(((v >> 16) & 255)) \
		$(((v >> 8) & 255)) $((v & 255))
}

# rti TYPE ADDRESS: READ TRACK INFORMATION (type 0 LBA, 1 track number, FFh
# = the invisible/writable track), decoded into RTI_TRACK, RTI_START,
# RTI_NWA (signed; "-" when not valid), RTI_FREE, RTI_SIZE, RTI_RESERVED,
# RTI_BLANK
rti() {
	mmc "READ TRACK INFORMATION $1/$2" -r 48 -o "$TMP/rti" -- \
		52 "0$1" $(hex32 "$2") 00 00 30 00
	bytes "$TMP/rti"
	[ ${#B[@]} -ge 32 ] || fail "READ TRACK INFORMATION: ${#B[@]} bytes"
	RTI_TRACK=${B[2]}
	RTI_START=$(s32 8)
	RTI_NWA=-
	((B[7] & 1)) && RTI_NWA=$(s32 12)
	RTI_FREE=$(be32 16)
	RTI_SIZE=$(be32 24)
	RTI_RESERVED=$(((B[6] >> 7) & 1))
	RTI_BLANK=$(((B[6] >> 6) & 1))
	note "RTI $1/$2: track $RTI_TRACK start $RTI_START nwa $RTI_NWA free $RTI_FREE size $RTI_SIZE reserved $RTI_RESERVED blank $RTI_BLANK"
}

# rdi: READ DISC INFORMATION into DISC_STATUS (0 blank, 1 appendable,
# 2 complete), SESSION_STATE (0 empty, 1 incomplete, 3 complete),
# SESSIONS, LAST_TRACK
rdi() {
	mmc "READ DISC INFORMATION" -r 34 -o "$TMP/rdi" -- 51 00 00 00 00 00 00 00 22 00
	bytes "$TMP/rdi"
	rdi_decode "${B[@]}" || fail "READ DISC INFORMATION: ${#B[@]} bytes"
	note "RDI: disc status $DISC_STATUS, last session state $SESSION_STATE, sessions $SESSIONS, last track $LAST_TRACK"
}

sync_cache() { mmc "SYNCHRONIZE CACHE" -- 35 00 00 00 00 00 00 00 00 00; }
# close_track N, close_session FUNCTION (2 close session, 5/6 finalize)
close_track() { mmc "CLOSE TRACK $1" -- 5b 00 01 00 $(hex32 "$1" | cut -d' ' -f3-4) 00 00 00 00; }
close_session() { mmc "CLOSE SESSION fn$1" -- 5b 00 0"$1" 00 00 00 00 00 00 00; }

# kaq SENSE_HEX: "KK/AA/QQ" (key/ASC/ASCQ) of fixed or descriptor sense data
kaq() {
	local s=$1
	case ${s:0:2} in
	70 | 71 | f0 | f1)
		printf '%02x/%s/%s\n' $((16#${s:4:2} & 15)) "${s:24:2}" "${s:26:2}" ;;
	72 | 73)
		printf '%02x/%s/%s\n' $((16#${s:2:2} & 15)) "${s:4:2}" "${s:6:2}" ;;
	*) echo "no sense data" ;;
	esac
}

# written_ok WHAT LBA NR SEED: a section of pattern SEED through we2, all of
# it acknowledged and all of it taken by the recorder
written_ok() {
	local before out
	before=$(medium_written)
	out=$("$WE2T" write "$WE2" "$2" "$3" $BS "$4" 0) || fail "$1: $out"
	expect_eq "$1: sectors the recorder took" $(($(medium_written) - before)) "$3"
	note "$1: $3 sectors at $2: $out"
}

# refused WHAT LBA NR SEED KEY/ASC/ASCQ COUNT: a section the recorder
# refuses: EIO, the sense data as we2 hands it over, exactly COUNT sectors
# acknowledged, and exactly COUNT taken by the recorder
refused() {
	local what=$1 before out
	before=$(medium_written)
	out=$("$WE2T" write "$WE2" "$2" "$3" $BS "$4" 0 expect EIO "$6") ||
		fail "$what: want EIO after $6 sectors, got: $out"
	note "$what: $3 sectors at $2: $out"
	expect_eq "$what: sense key/ASC/ASCQ" "$(kaq "${out##*sense=}")" "$5"
	expect_eq "$what: sectors the recorder took" $(($(medium_written) - before)) "$6"
}

# sr_readback LBA NR FILE: the sectors read through /dev/srN (not we2)
# match FILE. The cdrom layer re-reads the capacity once the recorder
# reports a new medium (mmcrec's `changed` knob; a session close does too).
sr_readback() {
	local st
	[ "${SR_CHANGED:-1}" = 0 ] || echo 1 > "$(knob changed)"
	dd if="$SR" bs=$BS skip="$1" count="$2" iflag=direct 2> "$TMP/dd.err" |
		cmp - "$3" > "$TMP/cmp.out" 2>&1
	st=("${PIPESTATUS[@]}")
	[ "${st[1]}" -eq 0 ] || fail "$SR at $1 (+$2) differs from $3: $(head -n 1 "$TMP/cmp.out")"
	[ "${st[0]}" -eq 0 ] || fail "read of $SR at $1 (+$2): $(tail -n 1 "$TMP/dd.err")"
	note "$2 sectors at $1 read back byte-exact through $SR"
}

# wait_ready: TEST UNIT READY until the drive says ready (a unit attention
# eaten, a spin-up waited out), as a burner does after loading; up to 10 s
wait_ready() {
	mmcrec_ready "$SG" || fail "$SG not ready after 10 s"
}

# fresh_disc MEDIA: a new blank disc in the drive, ready
fresh_disc() {
	echo "$1" > "$(knob media)"
	wait_ready
}

# reload: what a user does for the kernel to see a disc's new state when
# the drive reports no media change after a close: eject and load the tray
# (START STOP UNIT, as eject(1) and growisofs send it), then wait for it
reload() {
	sg_start --eject "$SG" > /dev/null 2>&1 || fail "eject $SG"
	sg_start --load "$SG" > /dev/null 2>&1 || fail "load $SG"
	wait_ready
}

# sr_readback_reloaded LBA NR FILE: sr_readback after a reload, without the
# test's own media-change knob
sr_readback_reloaded() {
	reload
	SR_CHANGED=0 sr_readback "$@"
}

# trace_cdbs OPCODE: the CDBs (hex) of that opcode dispatched to the
# recorder since trace_start (lib.sh), one a line; stops the trace
trace_cdbs() {
	echo 0 > $TRACE/tracing_on
	grep "scsi_dispatch_cmd_start: host_no=$HOSTNO " $TRACE/trace |
		sed -n 's/.*raw=\([0-9a-f ]*\)).*/\1/p' | grep "^$1 "
	echo 0 > $TRACE/events/scsi/scsi_dispatch_cmd_start/enable
}

# ---- several drives on one recorder (mr_setup ... drives=N) --------------

# drives N [PERSONALITY]: every drive of the recorder into D (SCSI device),
# W (we2 node), R (sr node), G (sg node), by target, each ready (and of
# PERSONALITY, when given)
drives() {
	local t i n=$1 pers=${2:-}
	D=() W=() R=() G=()
	for ((t = 0; t < n; t++)); do
		D[t]=$(ls -d "$HOST"/device/target"$HOSTNO":0:"$t"/"$HOSTNO":0:"$t":0 2>/dev/null)
		[ -d "${D[t]}" ] || fail "no drive at target $t"
		for ((i = 0; i < 100; i++)); do
			W[t]=/dev/$(ls "${D[t]}/we2" 2>/dev/null)
			R[t]=/dev/$(ls "${D[t]}/block" 2>/dev/null)
			G[t]=/dev/$(ls "${D[t]}/scsi_generic" 2>/dev/null)
			[ -c "${W[t]}" ] && [ -b "${R[t]}" ] && [ -c "${G[t]}" ] && break
			sleep 0.1
		done
		[ -c "${W[t]}" ] && [ -b "${R[t]}" ] && [ -c "${G[t]}" ] ||
			fail "drive $t: nodes '${W[t]}' '${R[t]}' '${G[t]}'"
		[ -z "$pers" ] || expect_eq "drive $t's personality" \
			"$(cat "${D[t]}/personality")" "$pers"
		mmcrec_ready "${G[t]}" || fail "drive $t not ready"
		note "drive $t: ${W[t]} ${R[t]} ${G[t]}"
	done
}

# use T: the helpers above (knob, rti, rdi, wait_ready, sr_readback) on
# drive T
use() {
	SDEV=${D[$1]} WE2=${W[$1]} SR=${R[$1]} SG=${G[$1]}
}

# line T MEDIA STATE: the we2burn --scan line of drive T
line() {
	echo "${W[$1]##*/}: ${R[$1]} ${G[$1]} MMCREC Emulated DVDRW 1.00, $2, $3"
}

# scan_expect WHAT LINE...: we2burn --scan prints exactly these lines, in
# any order given (it lists them in the order of the we2 nodes)
scan_expect() {
	local what=$1 out want
	shift
	out=$("$BURN" --scan 2> "$TMP/scan.err") || fail "$what: --scan: exit $?: $(cat "$TMP/scan.err")"
	want=$(printf '%s\n' "$@" | sort -V)
	[ "$out" = "$want" ] || fail "$what: --scan printed
$out
want
$want"
	note "$what: --scan: $(echo "$out" | tr '\n' '|')"
}
