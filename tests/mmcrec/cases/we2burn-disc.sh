#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# we2burn burning a disc (its default), the whole burner, on what a user meets besides a
# blank disc (the blank burns of each media are in run-burns.sh):
#  - --multi: a DVD+R left appendable, a second image appended as session
#    2 at the drive's next writable address, both read back through sr;
#  - a finalized disc, an image too big for the disc and --dummy on a
#    DVD+R (no Test Write) are refused before anything is written, with
#    the reason in words (--dummy's burns are in run-burns.sh's matrix);
#  - --speed 4x asks the drive (capped at 8x) for 4x (SET STREAMING) and
#    the drive says it writes at 5540 kB/s;
#  - --speed 32x on a CD-R gets the drive's 32x (5632 kB/s) from its list,
#    40x (not listed) the fastest below it, said in words;
#  - an image shorter than a CD track may be: zeros to 300 sectors;
#  - verify through the drive held, READ(10) of 64 KiB, right even when
#    the drive reports no media change after the close;
#  - a write error mid-burn: the drive's sense in words, the exact count
#    of sectors on the disc, exit status 1, and the disc not closed;
#  - the tray locked for the burn: an eject mid-burn refused (05/53/02),
#    the disc kept; after the burn it ejects;
#  - SIGINT mid-burn: exit status 130, the count exact, the disc not closed;
#    --fix then closes it and the sectors written read back; a blank or
#    closed disc has nothing to fix; an interrupted CD-R cannot be fixed.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r capacity=40000 max_kbps=11080

burn() { "$BURN" "$@" > "$TMP/burn.out" 2>&1; }
said() { grep -q -- "$1" "$TMP/burn.out" || fail "$2: not said: $1: $(tr '\n' ' ' < "$TMP/burn.out")"; }

head -c $((3000 * BS)) /dev/urandom > "$TMP/one"
head -c $((2000 * BS)) /dev/urandom > "$TMP/two"

# session 1, left open for more
burn --multi "$WE2" "$TMP/one" || fail "burn --multi: $(cat "$TMP/burn.out")"
said "close the session" "--multi"
said "verify ok" "--multi"
rdi
expect_eq "disc after --multi" "$DISC_STATUS" 1
# MMC counts the empty session that follows
expect_eq "sessions" "$SESSIONS" 2
expect_eq "last session state (empty)" "$SESSION_STATE" 0
rti 1 255
next=$RTI_NWA
note "next writable address $next"

# session 2 at the next writable address, the disc finalized
burn "$WE2" "$TMP/two" || fail "burn of session 2: $(cat "$TMP/burn.out")"
said "track 2 at LBA $next" "session 2"
said "finalize the disc" "session 2"
said "verify ok" "session 2"
rdi
expect_eq "disc after session 2" "$DISC_STATUS" 2
expect_eq "sessions" "$SESSIONS" 2
sr_readback 0 3000 "$TMP/one"
sr_readback "$next" 2000 "$TMP/two"

# a finalized disc takes nothing more
before=$(medium_written)
burn "$WE2" "$TMP/two" && fail "burned on a finalized disc"
said "the disc is closed" "finalized disc"
expect_eq "sectors taken by a finalized disc" "$(medium_written)" "$before"

# an image larger than the disc: refused before a sector is written
echo dvd+r > "$(knob media)"
head -c $((40001 * BS)) /dev/zero > "$TMP/big"
burn "$WE2" "$TMP/big" && fail "burned 40001 sectors on a 40000-sector disc"
said "it does not fit" "too big"
expect_eq "sectors taken by a refused burn" "$(medium_written)" 0
rm -f "$TMP/big"

# a simulation where the medium has none (DVD+R): refused before anything
# is sent, the reason in words
burn --dummy "$WE2" "$TMP/two" && fail "simulated a burn on a DVD+R"
said "it has no simulation" "--dummy on a DVD+R"
expect_eq "sectors taken by a refused simulation" "$(medium_written)" 0
rdi
expect_eq "DVD+R after a refused simulation" "$DISC_STATUS" 0

# the speed asked for is the speed the drive writes at
burn --speed 4x --no-verify "$WE2" "$TMP/two" || fail "--speed 4x: $(cat "$TMP/burn.out")"
said "writes at 5540 kB/s (4.0x)" "--speed 4x"

# --speed Nx on a CD: what the drive calls Nx, from the speeds it lists
# (2816 4224 5632 8448 kB/s): 32x is its 5632 kB/s; 40x (7056 kB/s) is not
# listed: the fastest below it, 5632, said in words. A fresh disc starts at
# the top speed, 8448.
head -c $((2000 * BS)) /dev/urandom > "$TMP/cd"
echo cd-r > "$(knob media)"
wait_ready
expect_eq "cd-r's speed before --speed" "$(cut -d' ' -f1 < "$(knob speed)")" 8448
burn --speed 32x "$WE2" "$TMP/cd" || fail "--speed 32x on cd-r: $(cat "$TMP/burn.out")"
said "32x is its 5632 kB/s" "--speed 32x on cd-r"
said "writes at 5632 kB/s" "--speed 32x on cd-r"
said "verify ok" "--speed 32x on cd-r"
expect_eq "cd-r's speed after --speed 32x" "$(cut -d' ' -f1 < "$(knob speed)")" 5632
echo cd-r > "$(knob media)"
wait_ready
burn --speed 40x --no-verify "$WE2" "$TMP/cd" || fail "--speed 40x on cd-r: $(cat "$TMP/burn.out")"
said "has no 40x (7056 kB/s) among its speeds (8448 5632 4224 2816 kB/s); asking for 5632 kB/s (31.9x), the fastest below it" "--speed 40x on cd-r"
said "writes at 5632 kB/s" "--speed 40x on cd-r"
expect_eq "cd-r's speed after --speed 40x" "$(cut -d' ' -f1 < "$(knob speed)")" 5632

# a CD track shorter than MMC's 300 sectors: 10.5 sectors of image, then
# zeros to 300; the track is 300 long, the lead-out after it, and the
# whole track reads back as the image and the zeros (both paths)
head -c $((10 * BS + 1000)) /dev/urandom > "$TMP/tiny"
cp "$TMP/tiny" "$TMP/tiny300"
truncate -s $((300 * BS)) "$TMP/tiny300"
for path in "" --sync; do
	echo cd-r > "$(knob media)"
	wait_ready
	burn $path "$WE2" "$TMP/tiny" || fail "tiny image on cd-r $path: $(cat "$TMP/burn.out")"
	said "289 sectors of zeros after its 11, to MMC's 300" "tiny image $path"
	said "wrote 300 sectors" "tiny image $path"
	said "verify ok" "tiny image $path"
	expect_eq "sectors the recorder took for a tiny image $path (pregap and track)" \
		"$(medium_written)" 450
	rdi
	expect_eq "cd-r after a tiny image $path" "$DISC_STATUS" 2
	rti 1 1
	expect_eq "the tiny image's track size $path" "$RTI_SIZE" 300
	sr_readback 0 300 "$TMP/tiny300"
done

# verify reads the disc through the drive held (READ(10) over SG_IO, 32
# sectors a command), not through /dev/srN: a drive that reports no media
# change after a close (as the sata one) leaves sr with the blank disc's
# capacity, yet the burn verifies, with no reload
echo 0 > "$(knob close_event)"
echo dvd+r > "$(knob media)"
wait_ready
trace_start
burn "$WE2" "$TMP/one" || fail "burn, no media change reported: $(cat "$TMP/burn.out")"
trace_cdbs 28 > "$TMP/reads"
said "verify ok" "no media change reported"
n=0 max=0 next=0
while read -r -a c; do
	l=$((16#${c[7]}${c[8]}))
	lba=$((16#${c[2]}${c[3]}${c[4]}${c[5]}))
	[ "$lba" -eq "$next" ] && next=$((lba + l))
	n=$((n + l))
	((l > max)) && max=$l
done < "$TMP/reads"
note "verify: $(wc -l < "$TMP/reads") READ(10)s, $n sectors"
expect_eq "sectors read back in order from LBA 0" "$next" 3000
expect_eq "the largest READ(10) of the verify" "$max" 32
echo 1 > "$(knob close_event)"
sr_readback_reloaded 0 3000 "$TMP/one"

# the tray is locked for the burn (8000 sectors at 4x: 3 s): an eject is
# refused with 05/53/02 and the disc stays; page 2Ah shows the lock; after
# the burn the tray is unlocked and ejects
# lock_bit: page 2Ah byte 6 bit 1 (Lock state), after the header and any
# block descriptors
lock_bit() {
	mmc "MODE SENSE page 2Ah" -r 64 -o "$TMP/p2a" -- 5a 08 2a 00 00 00 00 00 40 00
	bytes "$TMP/p2a"
	echo $(((B[8 + (B[6] << 8 | B[7]) + 6] >> 1) & 1))
}
echo dvd+r > "$(knob media)"
wait_ready
expect_eq "page 2Ah lock before the burn" "$(lock_bit)" 0
head -c $((8000 * BS)) /dev/urandom > "$TMP/slow"
# --media auto: the default, said aloud, as scripts of 1.x say it
"$BURN" --media auto --speed 4x "$WE2" "$TMP/slow" > "$TMP/burn.out" 2>&1 &
pid=$!
for ((i = 0; i < 250; i++)); do
	[ "$(medium_written)" -gt 1000 ] && break
	sleep 0.02
done
[ "$(medium_written)" -lt 8000 ] || fail "the lock test's burn was over before the eject"
expect_eq "page 2Ah lock during the burn" "$(lock_bit)" 1
sg_start --eject "$SG" > "$TMP/eject.out" 2>&1 &&
	fail "ejected mid-burn: $(cat "$TMP/eject.out")"
sg_raw "$SG" 1b 00 00 00 02 00 > "$TMP/eject.out" 2>&1 &&
	fail "START STOP UNIT LoEj taken mid-burn"
grep -qi "removal prevented" "$TMP/eject.out" ||
	fail "eject mid-burn: not refused as removal prevented: $(tr '\n' ' ' < "$TMP/eject.out")"
expect_eq "tray mid-burn" "$(cat "$(knob tray)")" closed
expect_eq "medium mid-burn" "$(cat "$(knob media)")" dvd+r
wait $pid || fail "the locked burn: $(cat "$TMP/burn.out")"
said "verify ok" "locked burn"
expect_eq "sectors of the locked burn" "$(medium_written)" 8000
expect_eq "page 2Ah lock after the burn" "$(lock_bit)" 0
sg_start --eject "$SG" > "$TMP/eject.out" 2>&1 ||
	fail "eject after the burn: $(cat "$TMP/eject.out")"
expect_eq "tray after the eject" "$(cat "$(knob tray)")" open
sg_start --load "$SG" > /dev/null 2>&1 || fail "load after the eject"
wait_ready
expect_eq "tray after the load" "$(cat "$(knob tray)")" closed
rdi
expect_eq "the locked burn's disc after eject and load" "$DISC_STATUS" 2

# a write error mid-burn: counted exactly, said in words, nothing closed
echo dvd+r > "$(knob media)"
echo "write-error 1234" > "$(knob fault)"
burn "$WE2" "$TMP/one"
expect_eq "exit status after a write error" $? 1
said "wrote 1234 sectors" "write error"
said "Medium Error" "write error"
said "(03/0C/00)" "write error"
expect_eq "sectors on the disc after the write error" "$(medium_written)" 1234
grep -q "finalizing\|flushing" "$TMP/burn.out" && fail "closed the disc after a write error"

# interrupted SECTORS TRIES ARG...: we2burn ARG... in the background, sent
# SIGINT once the recorder has taken SECTORS (looked at TRIES times, 20 ms
# apart); its exit status in $st, its output in $TMP/burn.out
interrupted() {
	local after=$1 tries=$2 pid i
	shift 2
	"$BURN" "$@" > "$TMP/burn.out" 2>&1 &
	pid=$!
	for ((i = 0; i < tries; i++)); do
		[ "$(medium_written)" -gt "$after" ] && break
		sleep 0.02
	done
	kill -INT $pid
	wait $pid
	st=$?
}

# SIGINT mid-burn (at 4x, 8000 sectors take 3 s)
echo dvd+r > "$(knob media)"
head -c $((8000 * BS)) /dev/urandom > "$TMP/one"
interrupted 2500 100 --speed 4x "$WE2" "$TMP/one"
expect_eq "exit status after SIGINT" $st 130
n=$(sed -n 's/.*wrote \([0-9]*\) sectors.*/\1/p' "$TMP/burn.out")
[ -n "$n" ] && [ "$n" -lt 8000 ] || fail "SIGINT: $(tr '\n' ' ' < "$TMP/burn.out")"
expect_eq "sectors on the disc after SIGINT" "$(medium_written)" "$n"
head -c $((n * BS)) "$TMP/one" > "$TMP/prefix"
sg_dd if="$SG" of="$TMP/got" bs=$BS count="$n" > /dev/null 2>&1 ||
	fail "sg_dd of the cancelled burn's $n sectors"
cmp -s "$TMP/got" "$TMP/prefix" || fail "the cancelled burn's $n sectors differ"
grep -q "finalizing\|flushing" "$TMP/burn.out" && fail "closed the disc after SIGINT"

# --fix: the DVD+R that SIGINT left with its session open is closed, the
# track and the disc finalized, and what was written before the interrupt
# reads back; then there is nothing left to fix
rdi
expect_eq "session state after SIGINT" "$SESSION_STATE" 1
"$BURN" --fix "$WE2" > "$TMP/fix.out" 2>&1 || fail "--fix: $(cat "$TMP/fix.out")"
grep -q "closing track 1" "$TMP/fix.out" || fail "--fix did not close track 1: $(cat "$TMP/fix.out")"
grep -q "fixed: the DVD+R is closed" "$TMP/fix.out" || fail "--fix: $(cat "$TMP/fix.out")"
rdi
expect_eq "disc status after --fix" "$DISC_STATUS" 2
expect_eq "last session state after --fix" "$SESSION_STATE" 3
expect_eq "sectors on the disc after --fix" "$(medium_written)" "$n"
sg_dd if="$SG" of="$TMP/got" bs=$BS count="$n" > /dev/null 2>&1 ||
	fail "sg_dd of the fixed disc's $n sectors"
cmp -s "$TMP/got" "$TMP/prefix" || fail "the fixed disc's $n sectors differ"
"$BURN" --fix "$WE2" > "$TMP/fix.out" 2>&1 || fail "--fix of a closed disc: $(cat "$TMP/fix.out")"
grep -q "DVD+R, closed: nothing to fix" "$TMP/fix.out" || fail "--fix of a closed disc: $(cat "$TMP/fix.out")"
echo dvd+r > "$(knob media)"
wait_ready
"$BURN" --fix "$WE2" > "$TMP/fix.out" 2>&1 || fail "--fix of a blank disc: $(cat "$TMP/fix.out")"
grep -q "DVD+R, blank: nothing to fix" "$TMP/fix.out" || fail "--fix of a blank disc: $(cat "$TMP/fix.out")"
expect_eq "sectors --fix wrote on a blank disc" "$(medium_written)" 0

# a CD-R whose session-at-once burn SIGINT stopped cannot be fixed
echo cd-r > "$(knob media)"
wait_ready
interrupted 1500 250 --speed 16x "$WE2" "$TMP/slow"
expect_eq "exit status of the cd-r burn after SIGINT" $st 130
"$BURN" --fix "$WE2" > "$TMP/fix.out" 2>&1
expect_eq "--fix of an interrupted cd-r" $? 1
grep -q "cannot be fixed" "$TMP/fix.out" || fail "--fix of a cd-r: $(cat "$TMP/fix.out")"
mr_done
