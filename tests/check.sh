#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every step is a test with an "ok -"/"not ok -" line; the last
# line adds them all up as "N passed, N failed".
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

# add_counts FILE: add the "N passed, N failed[, N skipped]" line of FILE
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

kver=$(scripts/kver.sh) || { echo "no 6.1 kernel with headers"; echo "0 passed, 1 failed"; exit 1; }
linux=$(scripts/linux-src.sh) || { echo "no linux-source-6.1"; echo "0 passed, 1 failed"; exit 1; }

echo "# build: module with W=1 and warnings as errors, against $kver"
make -s clean > /dev/null 2>&1
make -s kmod KVER="$kver" KBUILD_EXTRA="KCFLAGS=-Werror" > "$log/kmod" 2>&1
st=$?
grep -iE 'warning|error' "$log/kmod" && st=1
result "build kmod W=1 -Werror ($kver)" $st

make -s ulib tools testbin > "$log/user" 2>&1
st=$?
grep -iE 'warning|error' "$log/user" && st=1
result "build libwe2, tools and test helpers -Werror" $st

echo "# sparse (make C=2)"
make -s kmod KVER="$kver" KBUILD_EXTRA="C=2" > "$log/sparse" 2>&1
st=$?
grep -vE '^\s*(CC|CHECK|LD|MODPOST|BTF|Skipping)' "$log/sparse" | grep -E ':[0-9]+:[0-9]+: ' && st=1
result "sparse clean" $st

echo "# checkpatch --strict (LINUX_VERSION_CODE allowed in we2_compat.h only)"
st=0
for f in $(git ls-files 'kmod/*.c' 'kmod/*.h' 'kmod/tests/*.c' 'include/uapi/linux/*.h'); do
	out=$("$linux/scripts/checkpatch.pl" --strict --no-tree --terse -f "$f" 2>&1 |
		grep -E ': (WARNING|ERROR|CHECK):')
	case $f in
	*we2_compat.h) out=$(echo "$out" | grep -v 'LINUX_VERSION_CODE should be avoided') ;;
	esac
	if [ -n "$out" ]; then echo "$out"; st=1; fi
done
result "checkpatch --strict" $st

echo "# libwe2 unit tests"
make -s -C ulib test > "$log/ulib-test" 2>&1
cat "$log/ulib-test"
add_counts "$log/ulib-test" "libwe2 unit tests"

echo "# we2burn and we2ctl against a stand-in device (LD_PRELOAD)"
make -s -C tools check > "$log/tools-test" 2>&1
cat "$log/tools-test"
add_counts "$log/tools-test" "tools tests"

echo "# KUnit on User-Mode Linux"
tests/kunit/run.sh > "$log/kunit" 2>&1
grep -E '^(ok|not ok) ' "$log/kunit"
add_counts "$log/kunit" "kunit"

echo "# functional tests in the VM ($kver)"
tests/vm/run.sh --kver "$kver" --timeout 1500 -- "$top/tests/func/run.sh" 6.1 \
	> "$log/vm-6.1" 2>&1
grep -E '^(ok|not ok) |^    ' "$log/vm-6.1"
add_counts "$log/vm-6.1" "vm tests 6.1"

if [ $skipped -gt 0 ]; then
	echo "$pass passed, $failed failed, $skipped skipped"
else
	echo "$pass passed, $failed failed"
fi
[ $failed -eq 0 ]
