#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 512 MiB (BIG_MB) burned to a DVD+R through /dev/we2N (we2burn's io_uring stream,
# at the drive's fastest speed, through its 4 MiB buffer) and read back
# byte-exact through /dev/srN: the recorder keeps at least that much of a
# disc, in a VM of a few GiB.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r
mb=${BIG_MB:-512}
head -c $((mb << 20)) /dev/urandom > "$TMP/big" || fail "no room for $mb MiB"
"$BURN" --raw --quiet "$WE2" "$TMP/big" > "$TMP/burn.out" 2>&1 ||
	{ cat "$TMP/burn.out"; fail "burn of $mb MiB"; }
note "$(tail -n 1 "$TMP/burn.out")"
expect_eq "sectors the recorder took" "$(medium_written)" $((mb << 9))
sync_cache
# read back in 1 MiB commands (the host's largest), not sector by sector
echo 1 > "$(knob changed)"
dd if="$SR" bs=1M count=$mb iflag=direct 2> "$TMP/dd.err" | cmp - "$TMP/big" ||
	fail "$SR does not read back the $mb MiB: $(tail -n 1 "$TMP/dd.err")"
note "$mb MiB read back byte-exact through $SR"
rm -f "$TMP/big"
mr_done
