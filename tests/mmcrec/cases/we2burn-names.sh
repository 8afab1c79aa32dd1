#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# we2burn names a drive as people do, and lists the drives:
#  - two drives (mmcrec drives=2): --scan prints one line each,
#    "we2N: /dev/srN /dev/sgN MMCREC Emulated DVDRW 1.00, MEDIA, STATE",
#    the nodes those of the drive's own sysfs directory, the media and
#    state the ones loaded (a blank DVD+R; no disc: "no disc, -"; after a
#    burn "closed");
#  - with two drives and no DEVICE: exit 2, nothing burned, both listed;
#    one argument that is a device node: exit 2 (IMAGE missing);
#  - disc burns naming the drive by /dev/srN, by a /dev/cdrom link
#    to the other drive's sr, and by /dev/sgN: each image lands on the
#    drive named (the other drive's count unchanged), the disc closed (READ
#    DISC INFORMATION) and read back byte-exact through that drive's sr;
#  - one drive: the burn with DEVICE omitted, --scan blank then closed;
#    --msinfo refused on the closed disc (exit 1, said) and on a blank one;
#    --eject alone opens the tray; a CD-R (one session) and a DVD+R (two)
#    burned with --multi --eject, each at the next writable address --msinfo
#    gave: the tray open, the disc appendable and read back once loaded,
#    --msinfo equal to what cdrskin -msinfo prints for it, and on the CD-R
#    to wodim -msinfo's (on a DVD wodim prints the next writable address of
#    the track at LBA 0, a closed one: "0,0"), its next writable address
#    that of READ TRACK INFORMATION,
#    --toc's tracks those of READ TRACK INFORMATION and its recorded tracks'
#    starts those of wodim -toc.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"

SECTORS=3000
head -c $((SECTORS * BS)) /dev/urandom > "$TMP/img"

said() { grep -q -- "$1" "$TMP/burn.out" || fail "$2: not said: $1: $(tr '\n' ' ' < "$TMP/burn.out")"; }
# written DIR: sectors drive DIR's disc took (one drive: the host's knobs)
written() {
	local f=$1/stats
	[ -e "$f" ] || f=$HOST/stats
	sed -n 's/.* written \([0-9]*\) .*/\1/p' "$f"
}

# burn_to T NAME...: a disc burn to drive T named so (or not named); the
# image is on T's disc, closed, nothing on the other drives'
burn_to() {
	local t=$1 u before=()
	shift
	for u in "${!D[@]}"; do before[u]=$(written "${D[u]}"); done
	"$BURN" "$@" "$TMP/img" > "$TMP/burn.out" 2>&1 ||
		fail "burn to drive $t named '$*': $(cat "$TMP/burn.out")"
	said "verify ok" "burn named '$*'"
	said "burned DVD+R in ${R[t]}" "burn named '$*'"
	for u in "${!D[@]}"; do
		if [ "$u" = "$t" ]; then
			expect_eq "sectors drive $t took, named '$*'" \
				$(($(written "${D[u]}") - before[u])) $SECTORS
		else
			expect_eq "sectors drive $u took, drive $t named '$*'" \
				"$(written "${D[u]}")" "${before[u]}"
		fi
	done
	use "$t"
	rdi
	expect_eq "drive $t's disc after the burn named '$*'" "$DISC_STATUS" 2
	sr_readback 0 $SECTORS "$TMP/img"
	note "burned to drive $t named '$*'"
}

# ---- two drives ---------------------------------------------------------
mr_setup dvd+r drives=2 capacity=40000 max_kbps=11080
drives 2
[ "${W[0]}" != "${W[1]}" ] || fail "the drives share a we2 node"

echo none > "${D[1]}/media"
scan_expect "a blank DVD+R and no disc" "$(line 0 DVD+R blank)" "$(line 1 'no disc' -)"
echo dvd+r > "${D[1]}/media"
mmcrec_ready "${G[1]}" || fail "drive 1 not ready"
scan_expect "two blank DVD+R" "$(line 0 DVD+R blank)" "$(line 1 DVD+R blank)"

# no DEVICE with two drives: a usage error that lists them, nothing burned
"$BURN" "$TMP/img" > "$TMP/burn.out" 2> "$TMP/burn.err"
expect_eq "exit status, two drives and no DEVICE" $? 2
want=$(printf '%s\n' "we2burn: 2 drives; name one as DEVICE:" \
	"$(line 0 x x | sed 's/, x, x$//; s/^/  /')" \
	"$(line 1 x x | sed 's/, x, x$//; s/^/  /')")
[ "$(head -n 1 "$TMP/burn.err"; tail -n +2 "$TMP/burn.err" | sort -V)" = "$want" ] ||
	fail "two drives, no DEVICE: said '$(cat "$TMP/burn.err")', want '$want'"
expect_eq "sectors taken with no DEVICE" "$(($(written "${D[0]}") + $(written "${D[1]}")))" 0
# one argument that is a node: DEVICE, so IMAGE is missing
"$BURN" "${R[0]}" > "$TMP/burn.out" 2>&1
expect_eq "exit status, DEVICE alone" $? 2
said "is a device: give IMAGE after it" "DEVICE alone"

# by /dev/srN
burn_to 0 "${R[0]}"
scan_expect "drive 0 burned" "$(line 0 DVD+R closed)" "$(line 1 DVD+R blank)"

# by a /dev/cdrom link to the other drive's sr (udev's, if any, put back)
old=$(readlink /dev/cdrom 2>/dev/null)
ln -sfn "${R[1]##*/}" /dev/cdrom
burn_to 1 /dev/cdrom
if [ -n "$old" ]; then ln -sfn "$old" /dev/cdrom; else rm -f /dev/cdrom; fi
scan_expect "both burned" "$(line 0 DVD+R closed)" "$(line 1 DVD+R closed)"

# by /dev/sgN, a fresh disc in drive 0
use 0
fresh_disc dvd+r
burn_to 0 "${G[0]}"
mr_done

# ---- one drive: DEVICE omitted -----------------------------------------
mr_setup dvd+r capacity=40000 max_kbps=11080
drives 1
scan_expect "one blank DVD+R" "$(line 0 DVD+R blank)"
burn_to 0
said "writing $TMP/img to ${W[0]} at LBA 0" "DEVICE omitted"
scan_expect "one drive burned" "$(line 0 DVD+R closed)"

# ---- --msinfo, --toc, --eject (one drive) ------------------------------
use 0
"$BURN" --msinfo > "$TMP/burn.out" 2>&1
expect_eq "exit status, --msinfo on a closed DVD+R" $? 1
said "DVD+R is closed: no session can be added" "--msinfo, closed disc"
"$BURN" --eject > "$TMP/burn.out" 2>&1 || fail "--eject alone: $(cat "$TMP/burn.out")"
expect_eq "tray after --eject alone" "$(cat "$(knob tray)")" open
echo load > "$(knob tray)"
wait_ready

# multi_session MEDIA NAME SESSIONS: SESSIONS burned with --multi --eject,
# each at the address --msinfo gave, judged
peers=()
multi_session() {
	local media=$1 name=$2 n=$3 k i ours=0,0 wodim cdrskin toc want
	fresh_disc "$media"
	"$BURN" --msinfo > "$TMP/burn.out" 2>&1
	expect_eq "exit status, --msinfo on a blank $name" $? 1
	said "$name is blank: no session to continue" "--msinfo, blank $name"
	for ((k = 1; k <= n; k++)); do
		"$BURN" --multi --eject "$TMP/img" > "$TMP/burn.out" 2>&1 ||
			fail "$name session $k --multi --eject: $(cat "$TMP/burn.out")"
		said "verify ok" "$name session $k --multi --eject"
		said "ejected" "$name session $k --multi --eject"
		said "track $k at LBA ${ours#*,}," "$name session $k at --msinfo's address"
		expect_eq "$name session $k: tray after --eject" "$(cat "$(knob tray)")" open
		echo load > "$(knob tray)"
		wait_ready
		rdi
		expect_eq "$name after session $k: disc status" "$DISC_STATUS" 1
		sr_readback "${ours#*,}" $SECTORS "$TMP/img"

		ours=$("$BURN" --msinfo 2> "$TMP/burn.err") ||
			fail "$name --msinfo: $(cat "$TMP/burn.err")"
		wodim=$(wodim -msinfo dev="$SR" 2> /dev/null)
		cdrskin=$(cdrskin -msinfo dev="$SR" 2> /dev/null)
		note "$name -msinfo after session $k: we2burn $ours, wodim $wodim, cdrskin $cdrskin"
		[ "$ours" = "$cdrskin" ] || peers+=("$name session $k: --msinfo $ours, cdrskin -msinfo '$cdrskin'")
		# wodim's DVD driver (cdrkit drv_mmc.c, next_wr_addr_mdvd) asks
		# READ TRACK INFORMATION of LBA 0, the first track, closed: no NWA
		if [ "$media" = cd-r ]; then
			[ "$ours" = "$wodim" ] || peers+=("$name session $k: --msinfo $ours, wodim -msinfo '$wodim'")
		else
			expect_eq "$name session $k: wodim -msinfo, the first track's NWA" "$wodim" "${ours%,*},0"
		fi
	done

	"$BURN" --toc > "$TMP/toc" 2> "$TMP/burn.err" ||
		fail "$name --toc: $(cat "$TMP/burn.err")"
	note "$name --toc: $(tr '\n' '|' < "$TMP/toc")"
	expect_eq "$name --toc: disc line" "$(head -n 1 "$TMP/toc")" \
		"disc: $name, appendable, sessions $((n + 1)), tracks $((n + 1))"
	for ((i = 1; i <= n; i++)); do
		rti 1 "$i"
		expect_eq "$name --toc: track $i" "$(sed -n "$((i + 1))p" "$TMP/toc")" \
			"track $i: session $i, start $RTI_START, size $RTI_SIZE, data, complete"
	done
	want=$RTI_START
	rti 1 255
	expect_eq "$name --toc: track $i" "$(sed -n "$((i + 1))p" "$TMP/toc")" \
		"track $i: session $i, start $RTI_START, size $RTI_SIZE, data, blank"
	expect_eq "$name: --msinfo" "$ours" "$want,$RTI_NWA"
	# the recorded tracks' numbers and starts, as wodim -toc lists them
	toc=$(wodim -toc dev="$SR" 2> /dev/null | awk '$1 == "track:" && $2 != "lout" { print $2, $4 }')
	note "$name wodim -toc tracks: $(echo $toc)"
	expect_eq "$name: --toc's recorded tracks against wodim -toc" \
		"$(awk -F'[ :,]+' '$1 == "track" && $NF != "blank" { print $2, $6 }' "$TMP/toc")" "$toc"
}
multi_session cd-r CD-R 1
multi_session dvd+r DVD+R 2
[ ${#peers[@]} = 0 ] || fail "the peers disagree: $(printf '%s; ' "${peers[@]}")"
mr_done
