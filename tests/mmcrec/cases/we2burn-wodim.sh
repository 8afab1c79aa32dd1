#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# we2burn in wodim's place: run as wodim (a link to it), with the command
# lines Brasero's wodim plugin (plugins/cdrkit/burn-wodim.c) builds for a
# data burn, "wodim -v dev=/dev/srN [speed=N] [driveropts=burnfree]
# [-multi] [-dao] fs=16m -data -nopad IMAGE":
#  - an image file on a blank CD-R with -tao (said on stderr: a blank CD
#    is written session at once) and on a blank DVD-R with -dao: exit 0, the
#    disc complete (READ DISC INFORMATION), read back byte-exact through
#    /dev/srN;
#  - append: on a CD-R, a first session with -multi (the disc
#    appendable), -msinfo (READ TRACK INFORMATION's next writable address),
#    an image made with xorriso -as mkisofs -C MSINFO -M /dev/srN, burned
#    without -multi track at once (the disc complete), read back at its
#    address, the first session unchanged, both sessions' files extracted
#    by xorriso;
#  - each burn's progress in the lines Brasero reads with sscanf("Track
#    %2u: %d of %d MB written (fifo %d%%) [buf %d%%] %d.%dx."): every line
#    of that shape (several in a burn at 4x), the last "M of M", "Last
#    chance to quit, " before and "Fixating..." after them;
#  - an image from a pipe, Brasero's "fs=Nm tsize=Ns -data -nopad -", on a
#    CD-R: verified against the hash of what went by, the disc complete and
#    read back through /dev/srN; a pipe shorter than tsize= fails (exit 1,
#    said);
#  - refused with exit 1, said, nothing written: blank=fast on this CD-R
#    (not a CD-RW; the CD-RW's blank=fast is in we2burn-rw.sh);
#  - wodim --version as Brasero probes it: "Cdrecord-yelling-line-... \n
#    Wodim 1.1.N".
. "$WE2_TOP/tests/mmcrec/cases/common.bash"

mkdir -p "$TMP/bin"
ln -sf "$BURN" "$TMP/bin/wodim"
WODIM=$TMP/bin/wodim
SECTORS=1536	# 3 MiB: "3 of 3 MB"
head -c $((SECTORS * BS)) /dev/urandom > "$TMP/img"

said() { grep -q -- "$1" "$TMP/out" || fail "$2: not said: $1: $(tr '\n' ' ' < "$TMP/out")"; }

# progress_ok WHAT MB: the progress of the burn in $TMP/out, as Brasero reads it
progress_ok() {
	local what=$1 mb=$2 last first_track
	local re='^Track [0-9]{2}: +[0-9]+ of +[0-9]+ MB written \(fifo +[0-9]+%\) \[buf +[0-9]+%\] +[0-9]+\.[0-9]x\.$'
	grep -E '^Track [0-9]+: .* MB written' "$TMP/out" > "$TMP/track" ||
		fail "$what: no progress line: $(tr '\n' '|' < "$TMP/out")"
	grep -Evq "$re" "$TMP/track" &&
		fail "$what: not wodim's shape: $(grep -Ev "$re" "$TMP/track" | head -n 1)"
	last=$(tail -n 1 "$TMP/track")
	[[ $last =~ ^Track\ 01:\ +$mb\ of\ +$mb\ MB\ written ]] ||
		fail "$what: last progress line '$last', want $mb of $mb"
	first_track=$(grep -n '^Track 01: .* MB written' "$TMP/out" | head -n 1 | cut -d: -f1)
	[ "$(grep -n '^Last chance to quit, starting real write in ' "$TMP/out" | cut -d: -f1)" -lt "$first_track" ] ||
		fail "$what: no 'Last chance to quit, ' before the progress"
	[ "$(grep -n '^Fixating\.\.\.$' "$TMP/out" | cut -d: -f1)" -gt \
	  "$(grep -n '^Track 01: .* MB written' "$TMP/out" | tail -n 1 | cut -d: -f1)" ] ||
		fail "$what: no 'Fixating...' after the progress"
	note "$what: $(wc -l < "$TMP/track") progress lines, the last: $last"
}

# brasero WHAT ARGS...: wodim run as Brasero's plugin runs it (LANG=C,
# stdout and stderr read), exit 0 wanted
brasero() {
	local what=$1
	shift
	LANG=C LC_ALL=C "$WODIM" -v dev="$SR" "$@" > "$TMP/out" 2> "$TMP/err" ||
		fail "$what: exit $?: $(cat "$TMP/err")"
	cat "$TMP/err" >> "$TMP/out"
	said "verify ok" "$what"
}

# ---- Brasero's probe ----------------------------------------------------
"$WODIM" --version > "$TMP/out" 2>&1 || fail "wodim --version: exit $?"
head -n 1 "$TMP/out" | grep -Eqx 'Cdrecord-yelling-line-to-tell-frontends-to-use-it-like-version [^ ]+ ' &&
	sed -n 2p "$TMP/out" | grep -Eqx 'Wodim 1\.1\.[0-9]+' ||
	fail "wodim --version: $(tr '\n' '|' < "$TMP/out")"

# ---- an image file, -tao on a CD-R --------------------------------------
# a drive of 16x CD (about 2x DVD) with a buffer of 1 MiB, so that the
# write lasts long enough for progress lines before the last
mr_setup cd-r max_kbps=2822 buffer_kb=1024
before=$(medium_written)
brasero "CD-R -tao" speed=4 driveropts=burnfree -tao fs=16m -data -nopad "$TMP/img"
said "we2burn: -tao: a blank CD is written session at once" "CD-R -tao"
progress_ok "CD-R -tao" 3
# at 4x the burn lasts seconds: lines before the last, twice a second
[ "$(wc -l < "$TMP/track")" -ge 2 ] || fail "CD-R -tao at 4x: one progress line"
[ $(($(medium_written) - before)) -ge $SECTORS ] || fail "CD-R -tao: $(($(medium_written) - before)) sectors taken"
rdi
expect_eq "CD-R -tao: disc status" "$DISC_STATUS" 2
sr_readback 0 $SECTORS "$TMP/img"

# the refusals, on this disc: nothing sent
before=$(medium_written)
"$WODIM" -v dev="$SR" blank=fast > "$TMP/out" 2>&1
expect_eq "blank=fast: exit status" $? 1
said "--blank: the disc is a CD-R, not a CD-RW; nothing was sent to the drive" "blank=fast"
expect_eq "sectors taken by blank=" $(($(medium_written) - before)) 0

# ---- an image from a pipe ------------------------------------------------
fresh_disc cd-r
cat "$TMP/img" | brasero "CD-R from a pipe" fs=4m tsize=${SECTORS}s -data -nopad -
progress_ok "CD-R from a pipe" 3
rdi
expect_eq "CD-R from a pipe: disc status" "$DISC_STATUS" 2
sr_readback 0 $SECTORS "$TMP/img"
fresh_disc cd-r
head -c $((SECTORS * BS / 2)) "$TMP/img" |
	LANG=C "$WODIM" -v dev="$SR" fs=4m tsize=${SECTORS}s -data -nopad - > "$TMP/out" 2>&1
expect_eq "a pipe shorter than tsize=: exit status" $? 1
said "failed at LBA $((SECTORS / 2)): the image ended early" "a pipe shorter than tsize="

# ---- an image file, -dao on a DVD-R --------------------------------------
fresh_disc dvd-r
brasero "DVD-R -dao" driveropts=burnfree -dao fs=16m -data -nopad "$TMP/img"
progress_ok "DVD-R -dao" 3
rdi
expect_eq "DVD-R -dao: disc status" "$DISC_STATUS" 2
sr_readback 0 $SECTORS "$TMP/img"

# ---- append: -multi, -msinfo, xorriso -C -M, the last session ----------
# the sessions' trees in a directory of this case's own: $TMP is shared
# with the cases before it (we2-dvd-nwa leaves files named s1 and s2)
S=$TMP/wodim-append
rm -rf "$S"
mkdir -p "$S/s1" "$S/s2"
head -c 1000000 /dev/urandom > "$S/s1/one"
head -c 1200000 /dev/urandom > "$S/s2/two"
xorriso -as mkisofs -quiet -R -o "$TMP/s1.iso" "$S/s1" 2> "$TMP/err" ||
	fail "xorriso, session 1: $(cat "$TMP/err")"
n1=$(($(stat -c %s "$TMP/s1.iso") / BS))

# a CD-R, as Brasero appends mostly: two sessions, the second track at
# once where -msinfo says
fresh_disc cd-r
brasero "CD-R -multi" driveropts=burnfree -multi fs=16m -data -nopad "$TMP/s1.iso"
progress_ok "CD-R -multi" $(($(stat -c %s "$TMP/s1.iso") >> 20))
rdi
expect_eq "CD-R after -multi: disc status" "$DISC_STATUS" 1
sr_readback 0 "$n1" "$TMP/s1.iso"
msinfo=$("$WODIM" -msinfo dev="$SR" 2> "$TMP/err") || fail "-msinfo: $(cat "$TMP/err")"
rti 1 255
expect_eq "-msinfo" "$msinfo" "0,$RTI_NWA"
xorriso -as mkisofs -quiet -R -C "$msinfo" -M "$SR" -o "$TMP/s2.iso" "$S/s2" 2> "$TMP/err" ||
	fail "xorriso -C $msinfo -M $SR: $(cat "$TMP/err")"
n2=$(($(stat -c %s "$TMP/s2.iso") / BS))
brasero "CD-R appended" driveropts=burnfree fs=16m -data -nopad "$TMP/s2.iso"
progress_ok "CD-R appended" $(($(stat -c %s "$TMP/s2.iso") >> 20))
said "track 2 at LBA ${msinfo#*,}," "CD-R appended at -msinfo's address"
said "plan: track-at-once, " "CD-R appended track at once"
rdi
expect_eq "CD-R appended: disc status" "$DISC_STATUS" 2
expect_eq "CD-R appended: sessions" "$SESSIONS" 2
sr_readback "${msinfo#*,}" "$n2" "$TMP/s2.iso"
SR_CHANGED=0 sr_readback 0 "$n1" "$TMP/s1.iso"
# both sessions' files, as a reader of the last session's tree sees them
xorriso -indev "$SR" -osirrox on -extract / "$S/x" > /dev/null 2> "$TMP/err" ||
	fail "xorriso -extract: $(cat "$TMP/err")"
cmp "$S/x/one" "$S/s1/one" && cmp "$S/x/two" "$S/s2/two" ||
	fail "the appended disc's files differ: $(ls -l "$S/x" | tr '\n' '|')"
note "the appended CD-R holds both sessions' files"
mr_done
