#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Three drives on one recorder host (mmcrec drives=3): each its own
# target with its own sr, sg and we2 node, its own disc and knobs. Three
# sections written at once, one through each we2 node, each land on its
# own disc only (the drives' counts) and read back byte-exact through its
# own /dev/srN; a disc changed in one drive leaves the others alone.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r drives=3

# the three drives' directories, nodes and we2 nodes, by target
declare -a D NODE SRN
for t in 0 1 2; do
	D[t]=$(ls -d "$HOST"/device/target"$HOSTNO":0:"$t"/"$HOSTNO":0:"$t":0 2>/dev/null)
	[ -d "${D[t]}" ] || fail "no drive at target $t"
	for ((i = 0; i < 100; i++)); do
		NODE[t]=$(ls "${D[t]}/we2" 2>/dev/null)
		SRN[t]=$(ls "${D[t]}/block" 2>/dev/null)
		[ -n "${NODE[t]}" ] && [ -n "${SRN[t]}" ] && [ -c "/dev/${NODE[t]}" ] &&
			[ -b "/dev/${SRN[t]}" ] && break
		sleep 0.1
	done
	[ -c "/dev/${NODE[t]}" ] || fail "no we2 node for target $t"
	[ -b "/dev/${SRN[t]}" ] || fail "no sr node for target $t"
	expect_eq "drive $t medium" "$(cat "${D[t]}/media")" dvd+r
	# the scan's unit attention, eaten
	sg_turs "/dev/$(ls "${D[t]}/scsi_generic")" > /dev/null 2>&1
	note "drive $t: /dev/${NODE[t]} /dev/${SRN[t]}"
done
[ "${NODE[0]}" != "${NODE[1]}" ] && [ "${NODE[1]}" != "${NODE[2]}" ] ||
	fail "the drives share a we2 node"

# three sections at once, of different sizes, each from LBA 0 of its disc
for t in 0 1 2; do
	n=$((1000 + 500 * t))
	head -c $((n * BS)) /dev/urandom > "$TMP/img$t"
	"$BURN" --raw --sync --quiet "/dev/${NODE[t]}" "$TMP/img$t" > "$TMP/burn$t" 2>&1 &
	pid[t]=$!
done
for t in 0 1 2; do
	wait "${pid[t]}" || fail "burn to drive $t: $(cat "$TMP/burn$t")"
done
for t in 0 1 2; do
	n=$((1000 + 500 * t))
	expect_eq "drive $t took its own section only" \
		"$(sed -n 's/.* written \([0-9]*\) .*/\1/p' "${D[t]}/stats")" $n
	echo 1 > "${D[t]}/changed"
	dd if="/dev/${SRN[t]}" bs=$BS count=$n iflag=direct 2> /dev/null |
		cmp - "$TMP/img$t" || fail "drive $t does not read back its section"
done

# a disc changed in drive 1 only
echo cd-r > "${D[1]}/media"
expect_eq "drive 1 medium" "$(cat "${D[1]}/media")" cd-r
expect_eq "drive 0 medium" "$(cat "${D[0]}/media")" dvd+r
expect_eq "drive 2 medium" "$(cat "${D[2]}/media")" dvd+r
expect_eq "drive 2 keeps its sectors" \
	"$(sed -n 's/.* written \([0-9]*\) .*/\1/p' "${D[2]}/stats")" 2000
mr_done
