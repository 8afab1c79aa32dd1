#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the functional test cases inside the VM, one at a time, each under a
# timeout, and fails a case whose kernel log shows a BUG, WARNING or oops
# (as blktests and liburing's runner do).
#
# usage: tests/func/run.sh LABEL [case ...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
label=${1:?label}
shift
if [ $# -gt 0 ]; then cases=("$@"); else cases=("$here"/cases/*.sh); fi

export WE2_TOP=$(cd "$here/../.." && pwd)
export TMP=/tmp/we2-test
mkdir -p "$TMP"
# shellcheck source=lib.sh
. "$here/lib.sh"

bad_log='BUG:|WARNING:|Oops|general protection|kernel BUG|refcount_t|INFO: task .* blocked|Call Trace|UBSAN|list_del corruption'
pass=0 failed=0 skipped=0

for c in "${cases[@]}"; do
	name=$(basename "$c" .sh)
	echo "we2-test: start $name" > /dev/kmsg
	timeout -k 5 ${CASE_TIMEOUT:-300} bash "$c" > "$TMP/case.out" 2>&1
	rc=$?
	sed 's/^/    /' "$TMP/case.out"
	# the case's kernel log starts at its marker; without the marker (a log
	# that wrapped over it) a report could be gone unseen: a failure, never
	# a pass on what is left
	why=''
	klog=$(dmesg | sed -n "/we2-test: start $name\$/,\$p")
	if [ -z "$klog" ]; then
		echo "    we2-test: start marker of $name not in the kernel log (wrapped?): its reports cannot be checked"
		why=' (no start marker in the kernel log)'
		[ $rc -eq 124 ] || rc=1
	fi
	log=$(echo "$klog" | grep -E "$bad_log")
	if [ -n "$log" ]; then
		echo "$log" | sed 's/^/    kernel: /'
		rc=1
	fi
	case $rc in
	0) echo "ok - $label $name"; pass=$((pass + 1)) ;;
	77) echo "ok - $label $name # SKIP"; skipped=$((skipped + 1)) ;;
	124) echo "not ok - $label $name (timed out)"; failed=$((failed + 1)) ;;
	*) echo "not ok - $label $name$why"; failed=$((failed + 1)) ;;
	esac
done
teardown

if [ $skipped -gt 0 ]; then
	echo "$pass passed, $failed failed, $skipped skipped"
else
	echo "$pass passed, $failed failed"
fi
[ $failed -eq 0 ] && [ $pass -gt 0 ]
