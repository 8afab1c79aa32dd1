#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug: build (once per machine) Linux 6.1 with KASAN, lockdep,
# kmemleak, fault injection and KUnit, build we2 and its KUnit module for
# it, and run tests/debug/guest.sh in the VM on that kernel. The last line
# adds up everything as "N passed, N failed".
#
# Environment: DEBUG_SCALE (percent of the full storm and fuzz counts),
# WE2_CACHE (where the kernel is cached, default /var/cache/we2).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$top/.build/check-debug
mkdir -p "$log"
pass=0 failed=0

result() {
	if [ "$2" -eq 0 ]; then
		echo "ok - debug $1"; pass=$((pass + 1))
	else
		echo "not ok - debug $1"; failed=$((failed + 1))
	fi
}

finish() {
	echo "$pass passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

start=$(date +%s)
echo "# the debug kernel (built once per machine, cached)"
kdir=$(scripts/debug-kernel.sh 2> "$log/kernel-build" | tail -n 1)
st=$?
[ -n "$kdir" ] && [ -f "$kdir/release" ] || st=1
[ $st -eq 0 ] || tail -40 "$log/kernel-build"
result "kernel built ($(( $(date +%s) - start )) s)" $st
[ $st -eq 0 ] || finish
rel=$(cat "$kdir/release")

WE2_KDIR=$kdir/linux scripts/build-kmod.sh "$rel" KCFLAGS=-Werror \
	> "$log/kmod" 2>&1
st=$?
grep -iE 'warning|error' "$log/kmod" && st=1
result "build we2.ko and we2_kunit.ko W=1 -Werror ($rel)" $st
make -s testbin tools > "$log/testbin" 2>&1
result "build test programs and tools" $?
make -s -C tests/mmcrec KREL="$rel" KDIR="$kdir/linux" KCFLAGS=-Werror \
	> "$log/mmcrec" 2>&1
st=$?
grep -iE 'warning|error' "$log/mmcrec" && st=1
result "build the emulated recorder W=1 -Werror ($rel)" $st
[ $failed -eq 0 ] || finish

# the whole guest run's bound grows with the storms and the fuzzer: 60
# minutes at DEBUG_SCALE=10, 240 at full size (whose functional phase
# alone was measured at 52 minutes)
tests/vm/run.sh --debug-kernel "$kdir" \
	--timeout $((2400 + 120 * ${DEBUG_SCALE:-100})) -- \
	env DEBUG_SCALE="${DEBUG_SCALE:-100}" STORM_SEED="${STORM_SEED:-1}" \
	FUZZ_SEED="${FUZZ_SEED:-1}" "$top/tests/debug/guest.sh" \
	> "$log/guest" 2>&1
vm=$?
grep -E '^(ok|not ok) |^    |^(debug|storm|fuzz): ' "$log/guest"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/guest" | tail -n 1)
if [ -z "$line" ]; then
	tail -40 "$log/guest"
	result "guest run finished (exit $vm)" 1
else
	pass=$((pass + $(echo "$line" | grep -oE '[0-9]+ passed' | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1)))
fi
echo "# check-debug took $(( $(date +%s) - start )) s"
finish
