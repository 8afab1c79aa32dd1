#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": boots the QEMU VM once (tests/vm/run.sh) to run
# tests/bench/guest.sh, which writes the same data to one scsi_debug disk
# through we2 (io_uring with registered and plain buffers, the blocking
# ioctl), sg_dd, fio's sg engine and fio's io_uring on the block device with
# O_DIRECT, then to the same device as a recorder (the CD type: writes in
# order, one at a time) through we2's io_uring and ioctl paths and sg_dd,
# and prints its "bench:" lines (see guest.sh), its "pace:"
# lines and its "scale:" line (sixteen devices against one). Here, from those
# lines: the "ratio:" lines (we2's io_uring path with registered buffers
# over every other path at the same size, depth and delay; against the
# QD1-only paths, its QD8 figure is marked "vs-qd1"; the recorder's ratios
# end with "recorder"), the issue's targets
# as "# " lines, .build/bench/results.txt and the chart
# .build/bench/bench.png (gnuplot).
#
# A benchmark, not a test: a missed target is reported, not failed. The exit
# status is non-zero only when something did not run (a tool or the VM
# failed, the VM timed out, figures are missing).
#
# usage: tests/bench/run.sh [KVER]        (a series such as 6.1, or a release)
#        tests/bench/run.sh --report LOG  (ratios, targets and chart again
#                                          from the "bench:" lines of LOG)
# environment: BENCH_REPS (3), BENCH_SCALE (percent of the data amounts,
# 100), BENCH_DELAYS ("0 1"), BENCH_TASKSET (CPUs for taskset -c in the
# guest, default none), BENCH_TIMEOUT (hard VM timeout, 1500 s)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/.build/bench
reps=${BENCH_REPS:-3}
scale=${BENCH_SCALE:-100}
delays=${BENCH_DELAYS:-0 1}
tmo=${BENCH_TIMEOUT:-1500}
pin=${BENCH_TASKSET:-}
results=$out/results.txt
paths="we2-uring-fixed we2-uring we2-ioctl sg_dd fio-sg fio-blk-odirect rec-we2-uring-fixed rec-we2-ioctl rec-sg_dd"

# ratios LOG: the ratio and target lines, from the bench lines of LOG (the
# ratios of the medians); we2-uring-fixed is the numerator, named
# "we2-uring" in the ratio. A target line also gives the range of the
# ratios within each repetition (from LOG's raw lines, if any): the two
# sides of one repetition ran a minute apart at most, so that range shows
# how much of a miss is the host's noise.
ratios() {
	awk -v paths="$paths" '
	/^bench: / { mb[$2 " " $3 " " $4 " " $5] = $6; cpu[$2 " " $3 " " $4 " " $5] = $7 }
	/^raw: / {
		k = $2 " " $3 " " $4 " " $5
		split($6, b, "="); split($7, t, "=")
		rawmb[k, ++nraw[k]] = t[2] > 0 ? b[2] / t[2] / 1e6 : 0
	}
	function r(num, den) { return den > 0 ? num / den : 0 }
	function target(what, num, den, min,   x, i, lo, hi, spread) {
		if (!(num in mb) || !(den in mb)) {
			printf "# target: %s: not measured\n", what
			return
		}
		x = r(mb[num], mb[den])
		spread = ""
		if (nraw[num] && nraw[num] == nraw[den]) {
			for (i = 1; i <= nraw[num]; i++) {
				y = r(rawmb[num, i], rawmb[den, i])
				if (i == 1 || y < lo) lo = y
				if (i == 1 || y > hi) hi = y
			}
			spread = sprintf(" (per repetition %.2f to %.2f)", lo, hi)
		}
		printf "# target: %s: %.2fx%s, %s\n", what, x, spread,
			(x >= min ? "met" : "NOT met")
	}
	function cputarget(what, num, den,   x) {
		if (!(num in cpu) || !(den in cpu) || cpu[den] <= 0) {
			printf "# target: %s: not measured\n", what
			return
		}
		x = cpu[num] / cpu[den]
		printf "# target: %s: %.2fx, %s\n", what, x,
			(x <= 1 ? "met" : "NOT met")
	}
	END {
		np = split(paths, p, " ")
		split("64K 1M", sizes, " ")
		for (d = 0; d <= 1; d++)
			for (s = 1; s <= 2; s++)
				for (q = 1; q <= 8; q += 7) {
					num = "we2-uring-fixed " sizes[s] " qd" q " delay" d
					if (!(num in mb))
						continue
					for (i = 2; i <= np; i++) {
						if (p[i] ~ /^rec-/)
							continue
						den = p[i] " " sizes[s] " qd" q " delay" d
						tail = ""
						if (!(den in mb)) {
							den = p[i] " " sizes[s] " qd1 delay" d
							tail = " vs-qd1"
						}
						if (den in mb)
							printf "ratio: we2-uring/%s %s qd%d delay%d %.2f%s\n",
								p[i], sizes[s], q, d, r(mb[num], mb[den]), tail
					}
				}
		# the recorder path: io_uring against the blocking paths on
		# the same sequential device, "recorder" at the end of the line
		for (d = 0; d <= 1; d++)
			for (s = 1; s <= 2; s++)
				for (q = 1; q <= 8; q += 7) {
					num = "rec-we2-uring-fixed " sizes[s] " qd" q " delay" d
					if (!(num in mb))
						continue
					split("we2-ioctl sg_dd", dens, " ")
					for (i = 1; i <= 2; i++) {
						den = "rec-" dens[i] " " sizes[s] " qd1 delay" d
						if (den in mb)
							printf "ratio: we2-uring/%s %s qd%d delay%d %.2f%s recorder\n",
								dens[i], sizes[s], q, d, r(mb[num], mb[den]),
								q == 1 ? "" : " vs-qd1"
					}
				}
		target("64K qd1 delay0 we2-uring >= 0.9x we2-ioctl",
			"we2-uring-fixed 64K qd1 delay0", "we2-ioctl 64K qd1 delay0", 0.9)
		cputarget("64K qd1 delay0 we2-uring CPU/GiB <= we2-ioctl",
			"we2-uring-fixed 64K qd1 delay0", "we2-ioctl 64K qd1 delay0")
		target("recorder 64K qd1 delay0 we2-uring >= 0.95x we2-ioctl",
			"rec-we2-uring-fixed 64K qd1 delay0", "rec-we2-ioctl 64K qd1 delay0", 0.95)
		target("recorder 64K qd8 delay0 we2-uring >= 0.95x we2-ioctl (qd1)",
			"rec-we2-uring-fixed 64K qd8 delay0", "rec-we2-ioctl 64K qd1 delay0", 0.95)
		target("1M qd8 delay0 we2-uring >= 0.95x fio-blk-odirect",
			"we2-uring-fixed 1M qd8 delay0", "fio-blk-odirect 1M qd8 delay0", 0.95)
		target("1M qd8 delay0 we2-uring >= 2x fio-sg",
			"we2-uring-fixed 1M qd8 delay0", "fio-sg 1M qd8 delay0", 2)
		target("64K delay1 we2-uring qd8 >= 6x we2-ioctl (qd1)",
			"we2-uring-fixed 64K qd8 delay1", "we2-ioctl 64K qd1 delay1", 6)
		target("1M delay1 we2-uring qd8 >= 6x we2-ioctl (qd1)",
			"we2-uring-fixed 1M qd8 delay1", "we2-ioctl 1M qd1 delay1", 6)
	}' "$1"
}

# chart LOG TITLE: .build/bench/bench.png. The data: one block per figure
# and delay, a row per size and depth, a column per path ("-" where a path
# has no such depth).
chart() {
	awk -v paths="$paths" '
	/^bench: / { mb[$3 " " $4 " " $5, $2] = $6; cpu[$3 " " $4 " " $5, $2] = $7 }
	END {
		np = split(paths, p, " ")
		split("64K 1M", sizes, " ")
		for (what = 1; what <= 2; what++)
			for (d = 0; d <= 1; d++) {
				printf "case"
				for (i = 1; i <= np; i++)
					printf " %s", p[i]
				printf "\n"
				for (s = 1; s <= 2; s++)
					for (q = 1; q <= 8; q += 7) {
						k = sizes[s] " qd" q " delay" d
						printf "\"%s qd%d\"", sizes[s], q
						for (i = 1; i <= np; i++)
							if ((k, p[i]) in mb)
								printf " %s", what == 1 ? mb[k, p[i]] : cpu[k, p[i]]
							else
								printf " -"
						printf "\n"
					}
				printf "\n\n"
			}
	}' "$1" > "$out/chart.dat"
	gnuplot -e "datafile='$out/chart.dat'; pngfile='$out/bench.png'; title='$2'" \
		"$top/tests/bench/chart.gp"
}

# report LOG: results.txt (the bench, ratio and target lines), the chart
# (titled with the guest's "# we2 bench:" line); fails when figures are
# missing
report() {
	local have want title
	mkdir -p "$out"
	grep '^bench: ' "$1" > "$results.tmp" || true
	have=$(wc -l < "$results.tmp")
	# per delay: 10 disk cases and 4 recorder cases, at two sizes each
	want=$((28 * $(echo "$delays" | wc -w)))
	if [ "$have" -ne "$want" ]; then
		echo "bench: $have figures, $want expected; see $1" >&2
		return 1
	fi
	ratios "$1" > "$out/ratios.tmp"
	# the pacing figures, and the issue's target for them: within 1%
	grep '^pace: ' "$1" > "$out/pace.tmp" || true
	[ -s "$out/pace.tmp" ] || { echo "bench: no pace figures; see $1" >&2; return 1; }
	awk '{ e = $6; sub(/%/, "", e); e = e + 0; if (e < 0) e = -e; if (e > w) w = e }
	     END { printf "# target: paced duration within 1%% of the model: worst %.2f%%, %s\n",
			w, w <= 1 ? "met" : "NOT met" }' "$out/pace.tmp" >> "$out/pace.tmp"
	# sixteen devices at once against one
	grep '^scale: ' "$1" > "$out/scale.tmp" ||
		{ echo "bench: no scale figure; see $1" >&2; return 1; }
	cat "$results.tmp" "$out/ratios.tmp" "$out/pace.tmp" "$out/scale.tmp" > "$results"
	rm -f "$results.tmp" "$out/ratios.tmp" "$out/pace.tmp" "$out/scale.tmp"
	# every single measurement, for a look at the spread
	grep '^raw: ' "$1" > "$out/raw.txt" || true
	grep -v '^bench: ' "$results"
	title=$(sed -n 's/^# we2 bench: //p' "$1" | head -n 1)
	chart "$results" "we2 bench, scsi_debug disk, TCG: ${title:-?}" ||
		{ echo "bench: gnuplot failed" >&2; return 1; }
	echo "# bench: figures in $results (each run in $out/raw.txt), chart in $out/bench.png"
}

if [ "${1:-}" = --report ]; then
	report "${2:?log}"
	exit
fi

kver=${1:-6.1}
rel=$("$top/scripts/kver.sh" "$kver") || { echo "bench: no kernel for $kver" >&2; exit 1; }
for f in "$top/.build/ko/$rel/we2.ko" "$out/bin/we2bench"; do
	[ -e "$f" ] || { echo "bench: $f is missing: run 'make bench'" >&2; exit 1; }
done
command -v gnuplot > /dev/null || { echo "bench: gnuplot is missing: run 'make deps'" >&2; exit 1; }
mkdir -p "$out"
log=$out/console.log
rm -f "$results" "$out/bench.png"

echo "# bench: booting $rel (VM timeout $tmo s); the whole console goes to $log"
start=$SECONDS
# the guest's figures stream out as they come; the rest stays in the log
set +e
"$top/tests/vm/run.sh" --kver "$rel" --timeout "$tmo" --log "$log" -- \
	env BENCH_REPS="$reps" BENCH_SCALE="$scale" BENCH_DELAYS="$delays" \
	BENCH_TASKSET="$pin" \
	"$top/tests/bench/guest.sh" 2>&1 |
	awk '/^(bench: |pace: |scale: |# |FAIL)/ { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
took=$((SECONDS - start))
if [ "$rc" -ne 0 ]; then
	echo "bench: the VM run failed (status $rc) after $took s; its last lines:" >&2
	tail -n 30 "$log" | sed 's/^/    /' >&2
	exit 1
fi
echo "# bench: VM run took $took s"
report "$log"
