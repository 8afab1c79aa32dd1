#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A DVD+R burned at its next writable address through /dev/we2N, as
# growisofs burns it: the address from READ TRACK INFORMATION (track FFh)
# sent with sg_raw, the data through we2 from there, then SYNCHRONIZE
# CACHE, CLOSE TRACK and CLOSE SESSION with sg_raw. Two sessions, so that
# the second one starts where the recorder says (not at 0): both read back
# byte-exact through /dev/srN. Writes away from the NWA (inside the closed
# session, ahead of the NWA) are refused with 05/21/02 and nothing taken.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r

n1=1000 n2=1500	# sectors of the two sessions (not a multiple of 16)
head -c $((n1 * BS)) /dev/urandom > "$TMP/s1"
head -c $((n2 * BS)) /dev/urandom > "$TMP/s2"

# burn_session FILE SECTORS: at the NWA of the invisible track, then closed;
# sets AT (where it went) and TRK (its track)
burn_session() {
	rti 1 255
	[ "$RTI_NWA" != - ] || fail "no valid NWA on the invisible track"
	[ "$RTI_BLANK" = 1 ] || fail "track $RTI_TRACK is not blank"
	[ "$RTI_FREE" -ge "$2" ] || fail "$RTI_FREE sectors free, $2 wanted"
	AT=$RTI_NWA TRK=$RTI_TRACK
	"$BURN" --raw --sync --lba "$AT" "$WE2" "$1" > "$TMP/burn.out" 2>&1 ||
		{ cat "$TMP/burn.out"; fail "burn of $1 at $AT"; }
	grep -q "wrote $2 sectors (.*) at LBA $AT " "$TMP/burn.out" ||
		fail "burn: $(cat "$TMP/burn.out")"
	rti 1 "$TRK"
	expect_eq "track $TRK NWA after the data" "$RTI_NWA" $((AT + $2))
	sync_cache
	close_track "$TRK"
	close_session 2
	rti 1 "$TRK"
	expect_eq "track $TRK closed: start" "$RTI_START" "$AT"
	expect_eq "track $TRK closed: size" "$RTI_SIZE" "$2"
	expect_eq "track $TRK closed: no NWA" "$RTI_NWA" -
	rdi
	expect_eq "disc appendable after CLOSE SESSION" "$DISC_STATUS" 1
	expect_eq "new session empty" "$SESSION_STATE" 0
}

rdi
expect_eq "blank disc" "$DISC_STATUS" 0
burn_session "$TMP/s1" $n1
at1=$AT
expect_eq "first session at LBA 0 of a blank disc" "$at1" 0
before=$(medium_written)

rti 1 255
nwa=$RTI_NWA
[ "$nwa" != - ] && [ "$nwa" -ge $n1 ] || fail "next NWA '$nwa' inside session 1"
expect_eq "next track" "$RTI_TRACK" 2
refused "into the closed session" $((n1 - 16)) 16 3 05/21/02 0
refused "ahead of the NWA" $((nwa + 16)) 16 4 05/21/02 0
refused "behind the NWA" $((nwa - 1)) 16 5 05/21/02 0
expect_eq "nothing taken by the refusals" "$(medium_written)" "$before"

burn_session "$TMP/s2" $n2
expect_eq "second session at the NWA READ TRACK INFORMATION gave" "$AT" "$nwa"
expect_eq "its track" "$TRK" 2
expect_eq "recorder's count" "$(medium_written)" $((n1 + n2))

sr_readback "$at1" $n1 "$TMP/s1"
sr_readback "$nwa" $n2 "$TMP/s2"
mr_done
