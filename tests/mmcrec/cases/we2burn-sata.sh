#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# we2burn's look at the drives and discs on sata drives (mmcrec
# personalities=sata drives=3): a drive spinning a disc up (NOT READY
# 02/04/01 for spinup_ms after a load), held by another program, gone from
# its bus, and a drive that reports no media change after a close:
#  - --scan prints exactly the line --help promises for each,
#    "we2N: SR SG VENDOR MODEL REV, MEDIA, STATE": "not ready, -" for the
#    disc spinning up, "busy, -" for the drive whose sr node another
#    program holds O_EXCL (as burners hold it), "no answer, -" for the
#    drive that answers nothing (fault gone: the host byte DID_NO_CONNECT),
#    all at once; once they are let go, "busy, -" for the drive we2burn
#    is burning (its first sectors taken), the other two "DVD+R, blank";
#  - --toc and --msinfo started right after a load wait the spin-up out
#    (they take most of it) and tell the disc, not the 02/04/01: the blank
#    DVD+R's one empty track as READ TRACK INFORMATION gives it, --msinfo
#    refused as blank (exit 1, said exactly);
#  - after a --multi burn, the session closed with no media change
#    reported: --msinfo and --toc at once, and again once the tray is
#    opened and closed (--msinfo right after it: unit attention, spin-up):
#    --msinfo as cdrskin -msinfo prints it, its next writable address READ
#    TRACK INFORMATION's, --toc's two tracks READ TRACK INFORMATION's.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"

SECTORS=1024
head -c $((SECTORS * BS)) /dev/urandom > "$TMP/img"

# ms_since T0: milliseconds since T0 (date +%s%N)
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# after_load WHAT MS COMMAND...: COMMAND (a we2burn run, its output in
# $TMP/out and $TMP/err, its status in ST) started right after the disc
# was loaded: it must have waited the spin-up out, taking at least MS
after_load() {
	local what=$1 ms=$2 t0 took
	shift 2
	t0=$(date +%s%N)
	"$@" > "$TMP/out" 2> "$TMP/err"
	ST=$?
	took=$(ms_since "$t0")
	note "$what: exit $ST after $took ms: $(tr '\n' '|' < "$TMP/out") $(tr '\n' '|' < "$TMP/err")"
	[ "$took" -ge "$ms" ] || fail "$what: done after $took ms: the spin-up was not met"
}

# spin_load HOW: the disc in drive 0 (use 0) loaded again (HOW: a fresh
# blank DVD+R, or the tray opened and closed), spinning up (spinup_ms)
spin_load() {
	if [ "$1" = fresh ]; then
		echo dvd+r > "$(knob media)"
	else
		echo eject > "$(knob tray)"
		echo load > "$(knob tray)"
	fi
}

# out_expect WHAT LINE...: $TMP/out is exactly these lines
out_expect() {
	local what=$1 want
	shift
	want=$(printf '%s\n' "$@")
	[ "$(cat "$TMP/out")" = "$want" ] || fail "$what: printed
$(cat "$TMP/out")
want
$want
(stderr: $(cat "$TMP/err"))"
}

# our own: the holder and the burner gone before the modules go (also
# when the case fails)
holder='' burner=''
sata_teardown() {
	[ -z "$holder" ] || kill "$holder" 2> /dev/null
	[ -z "$burner" ] || kill "$burner" 2> /dev/null
	wait
	mr_teardown
}

mr_setup dvd+r personalities=sata drives=3 capacity=40000 max_kbps=11080
trap sata_teardown EXIT
drives 3 sata

# ---- --scan: not ready, busy, no answer --------------------------------
# drive 0: a disc loaded, spinning up for a minute (02/04/01, no profile)
echo 60000 > "${D[0]}/spinup_ms" || fail "spinup_ms"
echo dvd+r > "${D[0]}/media"
sg_turs "${G[0]}" > /dev/null 2>&1
out=$(sg_turs -v "${G[0]}" 2>&1) && fail "drive 0 ready during its spin-up"
note "drive 0 spinning up: $(echo "$out" | tr '\n' ' ')"
# drive 1: its sr held O_EXCL by another program
rm -f "$TMP/holder"
perl -MFcntl -e 'sysopen(my $f, $ARGV[0], O_RDONLY | O_EXCL | O_NONBLOCK)
	or die "$ARGV[0]: $!\n"; $| = 1; print "held\n"; sleep 600' \
	"${R[1]}" > "$TMP/holder" 2>&1 &
holder=$!
for ((i = 0; i < 200; i++)); do
	[ -s "$TMP/holder" ] && break
	sleep 0.05
done
[ "$(cat "$TMP/holder")" = held ] || fail "drive 1 not held: '$(cat "$TMP/holder")', the holder in $(cat /proc/$holder/wchan 2>&1): $(tr '\n' ' ' < /proc/$holder/stack 2>&1)"
# drive 2: gone from its bus
echo gone > "${D[2]}/fault" || fail "fault gone"
scan_expect "spinning up, held, gone" "$(line 0 'not ready' -)" \
	"$(line 1 busy -)" "$(line 2 'no answer' -)"
# the holder let go, the drive back, a disc spinning up for 1.5 s: --toc
# right after its load waits the spin-up out
kill "$holder"
wait "$holder" 2> /dev/null
holder=''
echo none > "${D[2]}/fault"
echo 1500 > "${D[0]}/spinup_ms"
use 0
spin_load fresh
after_load "--toc on a blank DVD+R just loaded" 1000 "$BURN" --toc "$SR"
[ "$ST" = 0 ] || fail "--toc on a blank DVD+R just loaded: exit $ST: $(cat "$TMP/err")"
rti 1 255
out_expect "--toc on a blank DVD+R just loaded" \
	"disc: DVD+R, blank, sessions 1, tracks 1" \
	"track 1: session 1, start $RTI_START, size $RTI_SIZE, data, blank"
expect_eq "drive 2 answers again" "$(cat "${D[2]}/fault")" \
	"write-error - remove - hang - recovered - deferred - gone -"

# a burn holds its drive: drive 1 busy while we2burn burns it (slowly),
# once the recorder has taken its first sectors; the others let go
echo 1000 > "${D[1]}/speed"
"$BURN" --media auto "${R[1]}" "$TMP/img" > "$TMP/burn1.out" 2>&1 &
burner=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sed -n 's/.* written \([0-9]*\) .*/\1/p' "${D[1]}/stats")" -gt 0 ] && break
	sleep 0.05
done
scan_expect "drive 1 burning" "$(line 0 DVD+R blank)" "$(line 1 busy -)" \
	"$(line 2 DVD+R blank)"
wait "$burner" || fail "the burn on drive 1: $(cat "$TMP/burn1.out")"
burner=''
grep -q "verify ok" "$TMP/burn1.out" || fail "the burn on drive 1: $(tr '\n' ' ' < "$TMP/burn1.out")"
use 1
rdi
expect_eq "drive 1's disc after its burn" "$DISC_STATUS" 2
use 0

# ---- right after a load: the spin-up waited out ------------------------
spin_load fresh
after_load "--msinfo on a blank DVD+R just loaded" 1000 "$BURN" --msinfo "$SR"
expect_eq "exit status, --msinfo on a blank DVD+R just loaded" "$ST" 1
expect_eq "--msinfo on a blank DVD+R just loaded: stderr" "$(cat "$TMP/err")" \
	"we2burn: $SR: --msinfo: DVD+R is blank: no session to continue"
expect_eq "--msinfo on a blank DVD+R just loaded: stdout" "$(cat "$TMP/out")" ""

# ---- after a --multi burn: no media change reported --------------------
"$BURN" --media auto --multi "$SR" "$TMP/img" > "$TMP/burn.out" 2>&1 ||
	fail "--multi burn: $(cat "$TMP/burn.out")"
grep -q "verify ok" "$TMP/burn.out" || fail "--multi burn: no verify ok: $(tr '\n' ' ' < "$TMP/burn.out")"
rdi
expect_eq "after the --multi burn: disc status" "$DISC_STATUS" 1
expect_eq "after the --multi burn: sessions" "$SESSIONS" 2
rti 1 1
t1="track 1: session 1, start 0, size $RTI_SIZE, data, complete"
expect_eq "track 1's size" "$RTI_SIZE" $SECTORS
rti 1 255
t2="track 2: session 2, start $RTI_START, size $RTI_SIZE, data, blank"
nwa=$RTI_NWA

# at once: --msinfo as cdrskin -msinfo prints it and READ TRACK
# INFORMATION gives it, --toc the two tracks
expect_eq "the session close reported as a media change" "$(cat "$(knob close_event)")" 0
"$BURN" --msinfo "$SR" > "$TMP/out" 2> "$TMP/err" ||
	fail "--msinfo after the --multi burn: exit $?: $(cat "$TMP/err")"
expect_eq "--msinfo after the --multi burn" "$(cat "$TMP/out")" "0,$nwa"
cdrskin=$(cdrskin -msinfo dev="$SR" 2> /dev/null)
expect_eq "cdrskin -msinfo after the --multi burn" "$cdrskin" "0,$nwa"
"$BURN" --toc "$SR" > "$TMP/out" 2> "$TMP/err" ||
	fail "--toc after the --multi burn: exit $?: $(cat "$TMP/err")"
out_expect "--toc after the --multi burn" \
	"disc: DVD+R, appendable, sessions 2, tracks 2" "$t1" "$t2"
# right after the tray is opened and closed (unit attention, spin-up)
spin_load tray
after_load "--msinfo right after the tray closed" 1000 "$BURN" --msinfo "$SR"
[ "$ST" = 0 ] || fail "--msinfo right after the tray closed: exit $ST: $(cat "$TMP/err")"
expect_eq "--msinfo right after the tray closed" "$(cat "$TMP/out")" "0,$nwa"
"$BURN" --toc "$SR" > "$TMP/out" 2> "$TMP/err" ||
	fail "--toc after the tray was closed: exit $?: $(cat "$TMP/err")"
out_expect "--toc after the tray was closed" \
	"disc: DVD+R, appendable, sessions 2, tracks 2" "$t1" "$t2"
mr_done
