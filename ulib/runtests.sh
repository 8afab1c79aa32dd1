#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
#
# runtests.sh SHLIB MAP TEST...: check that SHLIB exports exactly the
# symbols of MAP, run each TEST program (under $WE2_TEST_WRAPPER if set,
# e.g. valgrind), pass on its "ok"/"not ok" lines, and end with one line
# "N passed, N failed" for everything. Exit status 1 if anything failed.

shlib=$1 map=$2
shift 2
passed=0 failed=0

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; failed=$((failed + 1)); }

want=$(sed -n 's/^[[:space:]]*\(we2_[a-z0-9_]*\);.*/\1/p' "$map" | sort)
have=$(nm -D --defined-only "$shlib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort)
if [ "$want" = "$have" ] && nm -D --defined-only "$shlib" | grep -q 'LIBWE2_1\.0'; then
	pass "exports-match-map"
else
	echo "# exported: $(echo $have)"
	echo "# in map:   $(echo $want)"
	fail "exports-match-map"
fi

for t in "$@"; do
	out=$($WE2_TEST_WRAPPER ./"$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	p=$(printf '%s\n' "$out" | grep -c '^ok - ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok - ')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		fail "$t exit status $rc"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
