# SPDX-License-Identifier: GPL-2.0
# Sourced, in the VM, by whatever finds the emulated recorder's nodes:
# run-burns.sh and cases/common.bash.

# mmcrec_host [PERSONALITY]: the (first) mmcrec SCSI host's
# /sys/class/scsi_host/hostN, once it has appeared (up to 5 s after
# insmod); nothing if it does not. With several personalities, the first
# is the one named first, or the one of PERSONALITY (its drives'
# personality knob).
mmcrec_host() {
	local i h d

	for ((i = 0; i < 50; i++)); do
		for h in $(ls -d /sys/class/scsi_host/host* | sort -V); do
			[ "$(cat "$h/proc_name" 2>/dev/null)" = mmcrec ] || continue
			if [ -n "${1:-}" ]; then
				d=$(ls -d "$h"/device/target*/*:*/personality \
				    2>/dev/null | head -n 1)
				[ -n "$d" ] && [ "$(cat "$d")" = "$1" ] || continue
			fi
			echo "$h"
			return 0
		done
		sleep 0.1
	done
	return 1
}

# mmcrec_ready NODE: TEST UNIT READY through NODE (sr or sg) until the
# drive says ready (a unit attention eaten, a spin-up waited out), up to
# 10 s; non-zero if it never does
mmcrec_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		sg_turs "$1" > /dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# rdi_decode BYTE...: a READ DISC INFORMATION answer (its bytes in decimal)
# into DISC_STATUS (0 blank, 1 appendable, 2 complete, 3 other),
# SESSION_STATE (0 empty, 1 incomplete, 3 complete), SESSIONS (both bytes
# of the number of sessions, the empty last one included) and LAST_TRACK
# (last track in the last session, low byte); non-zero if it is too short
rdi_decode() {
	[ $# -ge 10 ] || return 1
	local -a b=("$@")
	DISC_STATUS=$((b[2] & 3))
	SESSION_STATE=$(((b[2] >> 2) & 3))
	SESSIONS=$((b[9] * 256 + b[4]))
	LAST_TRACK=${b[6]}
}
