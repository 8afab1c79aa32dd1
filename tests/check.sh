#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every step is a test with an "ok -"/"not ok -" line; the last
# line adds them all up as "N passed, N failed". The module is built, run
# through sparse and tested in the VM on every kernel scripts/kver.sh --all
# names (Debian's 6.1 and 6.12); KUnit and checkpatch run once.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$top/.build/check
mkdir -p "$log"
pass=0 failed=0 skipped=0

result() {	# result NAME STATUS
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "not ok - $1"; failed=$((failed + 1))
	fi
}

# add_counts FILE NAME: add the "N passed, N failed[, N skipped]" line of FILE
add_counts() {
	local line p f s
	line=$(grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "not ok - $2 (no summary line)"; failed=$((failed + 1)); return
	fi
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | cut -d' ' -f1)
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1)
	s=$(echo "$line" | grep -oE '[0-9]+ skipped' | cut -d' ' -f1)
	pass=$((pass + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
}

finish() {
	if [ $skipped -gt 0 ]; then
		echo "$pass passed, $failed failed, $skipped skipped"
	else
		echo "$pass passed, $failed failed"
	fi
	[ $failed -eq 0 ]
	exit
}

kvers=$(scripts/kver.sh --all) || { echo "no kernel with headers"; failed=1; finish; }
echo "# kernels: $(echo $kvers)"

# short name for result lines: 6.1 / 6.12
series() { echo "$1" | cut -d. -f1,2; }

for v in $kvers; do
	s=$(series "$v")
	echo "# build: module with W=1 and warnings as errors against $v"
	make -s kmod KVER="$v" KBUILD_EXTRA="KCFLAGS=-Werror" > "$log/kmod-$v" 2>&1
	st=$?
	grep -iE 'warning|error' "$log/kmod-$v" && st=1
	result "$s build kmod W=1 -Werror" $st

	make -s kmod KVER="$v" KBUILD_EXTRA="C=2" > "$log/sparse-$v" 2>&1
	st=$?
	grep -E ':[0-9]+:[0-9]+: ' "$log/sparse-$v" && st=1
	result "$s sparse (C=2) clean" $st

	# the emulated MMC recorder the burners are tested against
	make -s -C tests/mmcrec KREL="$v" KCFLAGS=-Werror > "$log/mmcrec-$v" 2>&1
	st=$?
	grep -iE 'warning|error' "$log/mmcrec-$v" && st=1
	result "$s build mmcrec W=1 -Werror" $st
done

make -s ulib tools testbin > "$log/user" 2>&1
st=$?
grep -iE 'warning|error' "$log/user" && st=1
result "build libwe2, tools and test helpers -Werror" $st

echo "# libwe2 unit tests"
make -s -C ulib test > "$log/ulib-test" 2>&1
cat "$log/ulib-test"
add_counts "$log/ulib-test" "libwe2 unit tests"

echo "# we2burn and we2ctl against a stand-in device (LD_PRELOAD)"
make -s -C tools check > "$log/tools-test" 2>&1
cat "$log/tools-test"
add_counts "$log/tools-test" "tools tests"

echo "# KUnit on User-Mode Linux (linux-source-6.1)"
tests/kunit/run.sh > "$log/kunit" 2>&1
grep -vE '^# ' "$log/kunit" | grep -vE '^[0-9]+ passed'
add_counts "$log/kunit" "kunit"

echo "# checkpatch --strict (LINUX_VERSION_CODE allowed in we2_compat.h only, Scsi_Host in tests/mmcrec)"
st=0
if linux=$(scripts/linux-src.sh); then
	for f in $(git ls-files 'kmod/*.c' 'kmod/*.h' 'kmod/tests/*.c' 'include/uapi/linux/*.h'); do
		out=$("$linux/scripts/checkpatch.pl" --strict --no-tree --terse -f "$f" 2>&1 |
			grep -E ': (WARNING|ERROR|CHECK):')
		case $f in
		*we2_compat.h) out=$(echo "$out" | grep -v 'LINUX_VERSION_CODE should be avoided') ;;
		esac
		if [ -n "$out" ]; then echo "$out"; st=1; fi
	done
	# a SCSI host driver must name the kernel's struct Scsi_Host, which
	# checkpatch takes for CamelCase of ours (scsi_debug.c gets the same)
	for f in $(git ls-files 'tests/mmcrec/*.[ch]'); do
		out=$("$linux/scripts/checkpatch.pl" --strict --no-tree --terse -f "$f" 2>&1 |
			grep -E ': (WARNING|ERROR|CHECK):' |
			grep -v 'Avoid CamelCase: <Scsi_Host>')
		if [ -n "$out" ]; then echo "$out"; st=1; fi
	done
else
	st=1
fi
result "checkpatch --strict" $st

for v in $kvers; do
	s=$(series "$v")
	echo "# functional tests in the VM, kernel $v"
	tests/vm/run.sh --kver "$v" --timeout 1200 -- "$top/tests/func/run.sh" "$s" \
		> "$log/vm-$v" 2>&1
	grep -E '^(ok|not ok) |^    ' "$log/vm-$v"
	add_counts "$log/vm-$v" "$s vm tests"

	echo "# the burners people use, and we2, writing to the emulated recorder, kernel $v"
	tests/mmcrec/check.sh --kver "$v" --timeout 900 > "$log/burn-$v" 2>&1
	grep -E '^burn: |^(ok|not ok) ' "$log/burn-$v"
	add_counts "$log/burn-$v" "$s burns"
done

finish
