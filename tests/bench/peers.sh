#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The peer table of "make bench": boots the VM once with
# tests/bench/peers-guest.sh, which burns one image to the emulated
# recorder with we2burn (io_uring and --sync), growisofs, cdrskin, wodim and
# xorriso at each drive speed, several times each. From its "peer-raw:"
# lines, the medians:
#
#   peer: <tool> <media> <speed-kB/s> <achieved-kB/s> <cpu-s> <min-buffer-%> [<personality>]
#   ratio: we2burn/<tool> cpu <x.xx> [<personality>]  (the worst over media and speeds)
#
# (the personality left out for the friendly drive; sata: 128 KiB per
# command and NOT READY 04/08 on a full buffer, each tool at its own
# command size), the targets per personality as "# target (<personality>):"
# lines (we2burn at >= 99% of the drive's speed at each speed, its buffer
# never dry, less CPU than every peer),
# .build/bench/peers.txt and the chart .build/bench/peers.png.
#
# A benchmark, not a test: a missed target is reported, not failed; the
# exit status is non-zero only when something did not run.
#
# usage: tests/bench/peers.sh [KVER]        (6.1 unless told otherwise)
#        tests/bench/peers.sh --report LOG  (the table again from LOG)
# environment: BENCH_REPS (3), PEER_SCALE (percent of the image sizes:
# 256 MiB DVD, 64 MiB CD), PEER_BURNS, PEER_TOOLS, PEER_PERSONALITIES,
# PEER_BURNS_SATA (see peers-guest.sh),
# BENCH_TIMEOUT (hard VM timeout, 3600 s)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/.build/bench
tmo=${BENCH_TIMEOUT:-3600}

# table LOG: the peer, ratio and target lines from LOG's peer-raw lines,
# for each drive personality in the order met (its name at the end of the
# lines, left out for the friendly drive)
table() {
	awk '
	function median(list,   n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	/^peer-raw: / {
		p = NF >= 10 ? $10 : "friendly"
		if (!(p in pseen)) { pseen[p] = 1; pers[++np] = p }
		k = $2 " " $3 " " $4 " " p
		if (!(k in n)) order[++nk] = k
		n[k]++
		ach[k] = ach[k] " " $5; cpu[k] = cpu[k] " " $6
		fill[k] = fill[k] " " $7; dry[k] += $8
		if (!(k in lowfill) || $7 < lowfill[k]) lowfill[k] = $7
	}
	# the personality at the end of a line, none for the friendly drive
	function tail(p) { return p == "friendly" ? "" : " " p }
	END {
		for (i = 1; i <= nk; i++) {
			k = order[i]
			split(k, f, " ")
			a = median(ach[k]); c = median(cpu[k]); m = median(fill[k])
			printf "peer: %s %s %s %d %.2f %d%s\n", f[1], f[2], f[3], a, c, m, tail(f[4])
			A[k] = a; C[k] = c
		}
		for (q = 1; q <= np; q++) {
			p = pers[q]
			delete worst; delete torder; delete tname
			nt = 0; drywe2 = 0; has = 0
			for (i = 1; i <= nk; i++) {
				k = order[i]
				split(k, f, " ")
				if (f[4] != p || f[1] != "we2burn") continue
				pct = A[k] * 100 / f[3]
				if (!has || pct < worstpct) worstpct = pct
				if (dry[k] > 0 || lowfill[k] == 0) drywe2++
				if (!has || lowfill[k] < low) low = lowfill[k]
				has = 1
			}
			for (i = 1; i <= nk; i++) {
				k = order[i]
				split(k, f, " ")
				if (f[4] != p || f[1] == "we2burn") continue
				w = "we2burn " f[2] " " f[3] " " p
				if (!(w in C) || C[k] <= 0) continue
				r = C[w] / C[k]
				if (!(f[1] in worst) || r > worst[f[1]]) worst[f[1]] = r
				if (!(f[1] in torder)) torder[f[1]] = ++nt
				tname[torder[f[1]]] = f[1]
			}
			for (i = 1; i <= nt; i++)
				printf "ratio: we2burn/%s cpu %.2f%s\n", tname[i], worst[tname[i]], tail(p)
			if (!has) {
				printf "# target (%s): we2burn runs: not measured\n", p
				continue
			}
			printf "# target (%s): we2burn >= 99%% of the drive speed at each speed: worst %.1f%%, %s\n",
				p, worstpct, (worstpct >= 99 ? "met" : "NOT met")
			printf "# target (%s): the drive buffer never dry under we2burn: lowest fill %d%%, %s\n",
				p, low, (drywe2 ? "NOT met" : "met")
			more = 0
			for (i = 1; i <= nt; i++)
				if (tname[i] != "we2burn-sync" && worst[tname[i]] >= 1) more++
			printf "# target (%s): we2burn uses less CPU than every peer: %s\n",
				p, (more ? "NOT met" : "met")
		}
	}' "$1"
}

# chart: CPU seconds and achieved share of the drive speed, per tool,
# one cluster per media and speed
chart() {
	awk '
	/^peer: / {
		k = $3 " " $4 (NF >= 8 ? " " $8 : "")
		if (!(k in seen)) { seen[k] = 1; ks[++nk] = k }
		if (!($2 in tseen)) { tseen[$2] = 1; ts[++nt] = $2 }
		cpu[k, $2] = $6; pct[k, $2] = $5 * 100 / $4
	}
	END {
		for (what = 1; what <= 2; what++) {
			printf "case"
			for (j = 1; j <= nt; j++) printf " %s", ts[j]
			printf "\n"
			for (i = 1; i <= nk; i++) {
				printf "\"%s\"", ks[i]
				for (j = 1; j <= nt; j++)
					if ((ks[i], ts[j]) in cpu)
						printf " %.2f", what == 1 ? cpu[ks[i], ts[j]] : pct[ks[i], ts[j]]
					else
						printf " -"
				printf "\n"
			}
			printf "\n\n"
		}
	}' "$out/peers.txt" > "$out/peers.dat"
	gnuplot -e "datafile='$out/peers.dat'; pngfile='$out/peers.png'; title='$1'" \
		"$top/tests/bench/peers.gp"
}

report() {
	mkdir -p "$out"
	table "$1" > "$out/peers.txt"
	grep -q '^peer: ' "$out/peers.txt" ||
		{ echo "peers: no figures; see $1" >&2; return 1; }
	cat "$out/peers.txt"
	chart "we2burn and its peers on the emulated recorder: $(sed -n 's/^# we2 peers: \([^,]*\),.*/\1/p' "$1" | head -n 1)" ||
		{ echo "peers: gnuplot failed" >&2; return 1; }
	echo "# peers: figures in $out/peers.txt, chart in $out/peers.png"
}

if [ "${1:-}" = --report ]; then
	report "${2:?log}"
	exit
fi

rel=$("$top/scripts/kver.sh" "${1:-6.1}") || { echo "peers: no kernel for ${1:-6.1}" >&2; exit 1; }
make -s -C "$top/tests/mmcrec" KREL="$rel" >&2
for f in "$top/.build/ko/$rel/we2.ko" "$top/tools/we2burn"; do
	[ -e "$f" ] || { echo "peers: $f is missing: run 'make bench'" >&2; exit 1; }
done
mkdir -p "$out"
log=$out/peers-console.log
echo "# peers: booting $rel (VM timeout $tmo s); the whole console goes to $log"
start=$SECONDS
set +e
"$top/tests/vm/run.sh" --kver "$rel" --timeout "$tmo" --log "$log" -- \
	env BENCH_REPS="${BENCH_REPS:-3}" PEER_SCALE="${PEER_SCALE:-100}" \
	PEER_BURNS="${PEER_BURNS:-}" PEER_TOOLS="${PEER_TOOLS:-}" \
	PEER_PERSONALITIES="${PEER_PERSONALITIES:-}" PEER_BURNS_SATA="${PEER_BURNS_SATA:-}" \
	/bin/bash "$top/tests/bench/peers-guest.sh" \
	"$top/tests/mmcrec/build/$rel/mmcrec.ko" "$top/.build/ko/$rel/we2.ko" 2>&1 |
	awk '/^(peer-raw: |# |FAIL)/ { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ] || grep -q '^FAIL' "$log"; then
	echo "peers: the VM run failed (status $rc) after $((SECONDS - start)) s" >&2
	exit 1
fi
echo "# peers: VM run took $((SECONDS - start)) s"
report "$log"
