#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libwe2's one-call burner (struct we2_burner, 1.7) through tests/func/bin/we2b,
# what it reports held against what the recorder took and what reads back
# through /dev/srN (not through we2):
#  - a CD-R from a file: the pregap and the image on the disc, the disc
#    closed, the image byte-exact at LBA 0;
#  - a DVD+R from a pipe (an image not a whole number of sectors) left
#    appendable, then a file appended as session 2 at the next writable
#    address, the tray opened at the end; both sessions byte-exact (the
#    first padded with zeros to its last sector);
#  - a dummy burn on a DVD-R (blocking sections): nothing recorded, blank;
#  - a cancel from a second thread mid-write: -ECANCELED, the sectors the
#    burner says reached the drive are the recorder's count, not closed;
#  - a write error (the recorder's fault knob): -EIO, the count and the
#    drive's sense (03/0C/00) kept in the burner, the disc not closed.
# Each check prints an "ok - NAME" line; the first mismatch fails the case.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"

WE2B=$WE2_TOP/tests/func/bin/we2b
[ -x "$WE2B" ] || fail "no $WE2B (make testbin)"
BD=$TMP/we2-burner
rm -rf "$BD"
mkdir -p "$BD"

ok() { echo "ok - $*"; }
# check NAME GOT WANT: an "ok - NAME" line, or the case fails
check() { expect_eq "$1" "$2" "$3"; ok "$1"; }

# burn WANT_EXIT WE2B-ARGS...: we2b's output into $BD/out and RUN, SECTORS,
# SENSE (KK/AA/QQ or "none") from its last line
burn() {
	local want=$1 rc line
	shift
	"$WE2B" "$@" > "$BD/out" 2>&1
	rc=$?
	sed 's/^/# we2b: /' "$BD/out"
	[ "$rc" = "$want" ] || fail "we2b $*: exit $rc, want $want"
	line=$(grep '^run ' "$BD/out") || fail "we2b $*: no run line"
	read -r _ RUN _ SECTORS _ SENSE _ <<< "$line"
}
# said WHAT TEXT: we2b printed a line with TEXT
said() { grep -qF -- "$2" "$BD/out" || fail "$1: not said: $2"; ok "$1"; }

head -c $((1000 * BS)) /dev/urandom > "$BD/one"
head -c $((1500 * BS + 100)) /dev/urandom > "$BD/two"
head -c $((1000 * BS)) /dev/urandom > "$BD/three"

# ---- CD-R from a file, closed (session-at-once, 150 pregap sectors) ------
mr_setup cd-r
burn 0 -s 8x "$WE2" "$BD/one"
check "cd-r: run returns 0" "$RUN" 0
check "cd-r: sectors reported are the recorder's" "$SECTORS" "$(medium_written)"
check "cd-r: pregap and image reached the drive" "$SECTORS" $((150 + 1000))
said "cd-r: went through verify" "state verify"
said "cd-r: ended done" "state done"
rdi
check "cd-r: disc closed" "$DISC_STATUS" 2
sr_readback 0 1000 "$BD/one"
ok "cd-r: read back byte-exact through $SR"
mr_done

# ---- DVD+R: a pipe with multi, then a file appended, eject ----------------
mr_setup dvd+r capacity=40000
mkfifo "$BD/fifo"
cat "$BD/two" > "$BD/fifo" &
burn 0 -f 2 -n $((1500 * BS + 100)) "$WE2" - < "$BD/fifo"
wait
check "dvd+r pipe: run returns 0" "$RUN" 0
check "dvd+r pipe: sectors reported are the recorder's" "$SECTORS" "$(medium_written)"
check "dvd+r pipe: the image rounded up to a sector" "$SECTORS" 1501
rdi
check "dvd+r pipe multi: disc appendable" "$DISC_STATUS" 1
rti 1 255
next=$RTI_NWA
before=$(medium_written)
burn 0 -f 8 "$SR" "$BD/three"
check "dvd+r append: run returns 0" "$RUN" 0
check "dvd+r append: sectors reported are the recorder's" "$SECTORS" $(($(medium_written) - before))
check "dvd+r append: the image's sectors" "$SECTORS" 1000
check "dvd+r append: tray opened (EJECT)" "$(cat "$(knob tray)")" open
reload
rdi
check "dvd+r append: disc closed" "$DISC_STATUS" 2
check "dvd+r append: two sessions" "$SESSIONS" 2
{ cat "$BD/two"; head -c $((BS - 100)) /dev/zero; } > "$BD/two.pad"
SR_CHANGED=0 sr_readback 0 1501 "$BD/two.pad"
ok "dvd+r pipe session: read back byte-exact, zero-padded"
sr_readback "$next" 1000 "$BD/three"
ok "dvd+r appended session at $next: read back byte-exact"
mr_done

# ---- a dummy burn on a DVD-R, blocking sections: nothing recorded ---------
mr_setup dvd-r
burn 0 -f 0x11 "$WE2" "$BD/one"
check "dvd-r dummy: run returns 0" "$RUN" 0
check "dvd-r dummy: nothing reached the medium" "$(medium_written)" 0
said "dvd-r dummy: planned as a simulation" "simulation"
rdi
check "dvd-r dummy: disc still blank" "$DISC_STATUS" 0
mr_done

# ---- a cancel from a second thread mid-write ------------------------------
mr_setup dvd+r
# 32 MiB, far more than the drive's buffer takes at once: at 1x the
# writes wait on the recording, so the cancel lands mid-write (a smaller
# image fitted the buffer and was all taken before the cancel came)
big=16384
head -c $((big * BS)) /dev/urandom > "$BD/big"
burn 1 -s 1x -c 64 "$WE2" "$BD/big"
check "cancel: run returns -ECANCELED" "$RUN" -125
check "cancel: sectors reported are the recorder's" "$SECTORS" "$(medium_written)"
if [ "$SECTORS" -lt 64 ] || [ "$SECTORS" -ge $big ]; then
	fail "cancel: $SECTORS sectors, want 64 to $((big - 1))"
fi
ok "cancel: stopped mid-write ($SECTORS of $big)"
rdi
[ "$DISC_STATUS" != 2 ] || fail "cancel: disc closed"
ok "cancel: disc not closed"
mr_done

# ---- a write error: -EIO, the count and the sense kept in the burner ------
mr_setup dvd+r
echo "write-error 1234" > "$(knob fault)"
burn 1 "$WE2" "$BD/big"
check "write error: run returns -EIO" "$RUN" -5
check "write error: sectors reported" "$SECTORS" 1234
check "write error: the recorder's count" "$(medium_written)" 1234
check "write error: the drive's sense kept" "$SENSE" 03/0c/00
said "write error: said in words" "Write error"
rdi
check "write error: disc not closed" "$DISC_STATUS" 1
mr_done
note "we2-burner took ${SECONDS}s"
