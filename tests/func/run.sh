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
# each case gets a scratch directory of its own, $TMP, made empty before
# it runs: a case must not find (or trip over) what an earlier one left
tmp_top=/tmp/we2-test
export TMP=$tmp_top
mkdir -p "$TMP"
# shellcheck source=lib.sh
. "$here/lib.sh"

bad_log='BUG:|WARNING:|Oops|general protection|kernel BUG|refcount_t|INFO: task .* blocked|Call Trace|UBSAN|list_del corruption'
pass=0 failed=0 skipped=0

for c in "${cases[@]}"; do
	name=$(basename "$c" .sh)
	echo "we2-test: start $name" > /dev/kmsg
	TMP=$tmp_top/$name
	rm -rf "$TMP" && mkdir -p "$TMP"
	timeout -k 5 ${CASE_TIMEOUT:-300} bash "$c" > "$tmp_top/$name.out" 2>&1
	rc=$?
	sed 's/^/    /' "$tmp_top/$name.out"
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
	# what a failed case left stays for a look; a passed one's goes, so
	# that the guest's memory does not fill up over the run
	[ $rc -ne 0 ] && [ $rc -ne 77 ] || rm -rf "$TMP"
done
TMP=$tmp_top
teardown

if [ $skipped -gt 0 ]; then
	echo "$pass passed, $failed failed, $skipped skipped"
else
	echo "$pass passed, $failed failed"
fi
[ $failed -eq 0 ] && [ $pass -gt 0 ]
