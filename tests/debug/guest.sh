#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug, inside the VM booted on the debug kernel (KASAN,
# lockdep, kmemleak, fault injection, KUnit): the KUnit suites as a module,
# the functional suite, the storms at full size, then the figures. Every
# phase ends with a kmemleak scan; the kernel log is read for reports.
#
# Environment: DEBUG_SCALE (percent of the full storm and fuzz counts,
# default 100, never below one run), STORM_SEED, FUZZ_SEED.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
export WE2_TOP=$top TMP=/tmp/we2-test
mkdir -p "$TMP"
scale=${DEBUG_SCALE:-100}
# each case's own bound: a full-size fuzz (10^6 calls, io_uring ones
# among them) was measured at 1.85 ms a call, 31 minutes; twice that
export CASE_TIMEOUT=$((300 + 36 * scale))
pass=0 failed=0 skipped=0
leak=/sys/kernel/debug/kmemleak

scaled() {
	local n=$(($1 * scale / 100))
	[ $n -ge 1 ] || n=1
	echo $n
}

add_counts() {	# add_counts FILE
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "not ok - debug $(basename "$1") (no summary)"
		failed=$((failed + 1))
		return
	fi
	pass=$((pass + $(echo "$line" | grep -oE '[0-9]+ passed' | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1)))
	s=$(echo "$line" | grep -oE '[0-9]+ skipped' | cut -d' ' -f1)
	skipped=$((skipped + ${s:-0}))
}

result() {	# result NAME STATUS
	if [ "$2" -eq 0 ]; then
		echo "ok - debug $1"; pass=$((pass + 1))
	else
		echo "not ok - debug $1"; failed=$((failed + 1))
	fi
}

# kmemleak reports objects only after they were unreferenced through two
# scans with 5 s between: scan, wait, scan, and count what it has found.
leaks_total=0
leak_scan() {	# leak_scan PHASE
	local n
	[ -w $leak ] || { echo "# no kmemleak in this kernel"; return; }
	echo scan > $leak
	sleep 6
	echo scan > $leak
	n=$(grep -c '^unreferenced object' $leak)
	if [ "$n" -gt 0 ]; then
		sed 's/^/    kmemleak: /' $leak | head -60
		echo clear > $leak
	fi
	leaks_total=$((leaks_total + n))
	result "$1: kmemleak clean" "$n"
}

# --- KUnit suites, as a module ------------------------------------------
echo "we2-debug: kunit start" > /dev/kmsg
if insmod "$top/.build/ko/$(uname -r)/we2_kunit.ko"; then
	rmmod we2_kunit
	dmesg --notime | sed -n '/we2-debug: kunit start/,$p' > "$TMP/kunit.log"
	python3 "$top/tests/kunit/ktap.py" "$TMP/kunit.log" > "$TMP/kunit.out"
	sed 's/^ok - kunit /ok - debug kunit /; s/^not ok - kunit /not ok - debug kunit /' \
		"$TMP/kunit.out"
	add_counts "$TMP/kunit.out"
else
	result "kunit module loads" 1
fi
leak_scan kunit

# --- the functional suite (storms at their full size below) --------------
cases=()
for c in "$top"/tests/func/cases/*.sh; do
	case $c in *-storm-*) ;; *) cases+=("$c") ;; esac
done
FUZZ_CALLS=$(scaled "${FUZZ_FULL:-1000000}") LOAD_SECONDS=$(scaled 60) \
	"$top/tests/func/run.sh" debug "${cases[@]}" > "$TMP/func.out" 2>&1
cat "$TMP/func.out"
add_counts "$TMP/func.out"
leak_scan functional

# --- we2 on the emulated recorder: refusals, faults, the whole burner ----
# (a write error's counted prefix, the disc removed, a reset, a WRITE
# that never completes), the CD pregap, several drives at once, io_uring
# writes in order however io_uring issues them (IOSQE_ASYNC, pacing, one
# tag; a stopped section, a missing predecessor, a recovered error), and
# we2burn burning discs (sessions, refusals, a write error, SIGINT)
MMCREC_KO=$top/tests/mmcrec/build/$(uname -r)/mmcrec.ko \
WE2_KO=$top/.build/ko/$(uname -r)/we2.ko \
ORDER_REPS=$(scaled 8) \
	"$top/tests/func/run.sh" "debug mmcrec" \
	"$top"/tests/mmcrec/cases/{faults,we2-cd-sao,we2-refusals,drives,we2-order,we2burn-disc,personalities}.sh \
	> "$TMP/mmcrec.out" 2>&1
cat "$TMP/mmcrec.out"
add_counts "$TMP/mmcrec.out"
leak_scan recorder

# --- storms ---------------------------------------------------------------
export STORM_CANCEL=$(scaled 1000) STORM_SIGNAL=$(scaled 500)
export STORM_REMOVAL=$(scaled 200) STORM_FAULTS=$(scaled 2000)
export STORM_UNLOAD=$(scaled 100) STORM_SCALE=100
"$top/tests/func/run.sh" debug "$top"/tests/func/cases/*-storm-*.sh \
	> "$TMP/storm.out" 2>&1
cat "$TMP/storm.out"
add_counts "$TMP/storm.out"
leak_scan storms

# --- what the kernel said over the whole run ------------------------------
dmesg > "$TMP/dmesg"
kasan=$(grep -c 'BUG: KASAN' "$TMP/dmesg")
lockdep=$(grep -cE 'possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|bad unlock balance|lock held when returning|possible irq lock inversion|lockdep: ' "$TMP/dmesg")
warn=$(grep -cE 'WARNING:|BUG:|refcount_t|soft lockup' "$TMP/dmesg")
hung=$(grep -cE 'INFO: task .* blocked for more than' "$TMP/dmesg")
[ $((kasan + lockdep + warn + hung)) -eq 0 ] ||
	grep -E -A20 'BUG:|WARNING:|refcount_t|soft lockup|INFO: task|lock' "$TMP/dmesg" |
	head -200 | sed 's/^/    kernel: /'
result "kernel log free of KASAN, lockdep, WARNING, BUG and hung-task reports" \
	$((kasan + lockdep + warn + hung))

echo
echo "debug: kasan $kasan lockdep $lockdep kmemleak $leaks_total warn $warn hung $hung"
grep -h '^    storm: ' "$TMP/storm.out" | sed 's/^    //'
grep -h '^    fuzz: ' "$TMP/func.out" | sed 's/^    //'
if [ $skipped -gt 0 ]; then
	echo "$pass passed, $failed failed, $skipped skipped"
else
	echo "$pass passed, $failed failed"
fi
[ $failed -eq 0 ]
