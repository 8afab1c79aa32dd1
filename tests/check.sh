#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every step is a test with an "ok -"/"not ok -" line; the last
# line adds them all up as "N passed, N failed". The module is built, run
# through sparse and tested in the VM on every kernel scripts/kver.sh --all
# names (Debian's 6.1 and 6.12); KUnit and checkpatch run once. Either
# series missing is a failure, and so is a case in tests/inventory that a
# kernel's run left without a result line, or a case file not listed there.
#
# usage: tests/check.sh
#        tests/check.sh --inventory SERIES VM_LOG BURN_LOG
#                       only the inventory checks, on the logs of an earlier
#                       run (.build/check/vm-<release>, burn-<release>)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$top/.build/check
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
	echo "# time: make check's suite $SECONDS s"
	if [ $skipped -gt 0 ]; then
		echo "$pass passed, $failed failed, $skipped skipped"
	else
		echo "$pass passed, $failed failed"
	fi
	[ $failed -eq 0 ]
	exit
}

# took SINCE WHAT: a "# time:" comment, so that a run's log says where its
# minutes went (make check's budget is 35 on 2 cores)
took() { echo "# time: $2 $((SECONDS - $1)) s"; }

# short name for result lines: 6.1 / 6.12
series() { echo "$1" | cut -d. -f1,2; }

# listed KIND: the case names tests/inventory lists for KIND (func, mmcrec)
listed() {
	sed -n "s/^$1 \([^ ]*\)\$/\1/p" "$top/tests/inventory"
}

# inventory_files: every case file listed, every listed case still a file.
# Only failures are counted: the cases themselves are the tests.
inventory_files() {
	local kind f n st=0
	for kind in func mmcrec; do
		for f in "tests/$kind/cases/"*.sh; do
			[ -e "$f" ] || continue
			n=$(basename "$f" .sh)
			listed $kind | grep -qxF -- "$n" && continue
			echo "not ok - case $f not in tests/inventory (list it: \"$kind $n\")"
			failed=$((failed + 1)); st=1
		done
		for n in $(listed $kind); do
			[ -e "tests/$kind/cases/$n.sh" ] && continue
			echo "not ok - case tests/$kind/cases/$n.sh gone, still in tests/inventory"
			failed=$((failed + 1)); st=1
		done
	done
	[ $st -ne 0 ] || echo "# inventory: $(listed func | wc -l) functional and $(listed mmcrec | wc -l) mmcrec cases, every case file listed"
}

# reported LOG PREFIX: the names of LOG's "ok - PREFIX NAME[ ...]" and
# "not ok - PREFIX NAME[ ...]" lines (a skip, a timeout or a reason follow
# the name after a blank)
reported() {
	[ -r "$1" ] || return 0
	awk -v pre="$2 " '
		/^(not )?ok - / {
			sub(/^(not )?ok - /, "")
			if (index($0, pre) == 1) {
				$0 = substr($0, length(pre) + 1)
				print $1
			}
		}
	' "$1"
}

# inventory_results SERIES VM_LOG BURN_LOG: a "not ok" line for each case
# of tests/inventory that left no result line in its kernel's log: a case
# that did not run (a deleted file, a guest that died) is not a pass less
# but a failure
inventory_results() {
	local s=$1 kind log pre n seen
	for kind in func mmcrec; do
		if [ $kind = func ]; then log=$2 pre=$s; else log=$3 pre="$s mmcrec"; fi
		seen=$(reported "$log" "$pre")
		for n in $(listed $kind); do
			echo "$seen" | grep -qxF -- "$n" && continue
			echo "not ok - $pre $n (no result line in ${log#"$top"/})"
			failed=$((failed + 1))
		done
	done
}

if [ "${1:-}" = --inventory ]; then
	[ $# -eq 4 ] || { echo "usage: tests/check.sh --inventory SERIES VM_LOG BURN_LOG" >&2; exit 2; }
	inventory_files
	inventory_results "$2" "$3" "$4"
	finish
fi

mkdir -p "$log"

# kver.sh --all names what it finds; both series are the suite, so a missing
# one is a failure here, not half the suite dropped without a word
if ! kvers=$(scripts/kver.sh --all 2> "$log/kver"); then
	echo "not ok - kernels (no Debian 6.1 or 6.12 kernel with image and headers: run scripts/deps.sh)"
	failed=1
	finish
fi
echo "# kernels: $(echo $kvers)"
for s in 6.1 6.12; do
	for v in $kvers; do [ "$(series "$v")" = $s ] && continue 2; done
	echo "not ok - $s kernel (none with image and headers: run scripts/deps.sh; its half of the suite did not run)"
	failed=$((failed + 1))
done

inventory_files

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

# the newest kernel Debian ships (pinned in scripts/newest-kernel.sh), so
# DKMS still builds the module the day a distribution moves on: its tree
# is prepared from Debian's packages once per machine (cold: 1.5-2.5 min,
# 170 MB downloaded), then the step takes the module's build alone
nk_rel=$(scripts/newest-kernel.sh --release)
nk_s=$(series "$nk_rel")
echo "# build: module with W=1 against Debian's newest kernel (${nk_rel%%+*}, prepared once per machine)"
if nk=$(scripts/newest-kernel.sh 2> "$log/newest-kernel-prep"); then
	WE2_KDIR=$nk/linux scripts/build-kmod.sh "$nk_rel" KCFLAGS=-Werror \
		> "$log/kmod-$nk_rel" 2>&1
	st=$?
	grep -iE 'warning|error' "$log/kmod-$nk_rel" && st=1
	result "$nk_s build kmod W=1 -Werror" $st

	make -s -C tests/mmcrec KREL="$nk_rel" KDIR="$nk/linux" KCFLAGS=-Werror \
		> "$log/mmcrec-$nk_rel" 2>&1
	st=$?
	grep -iE 'warning|error' "$log/mmcrec-$nk_rel" && st=1
	result "$nk_s build mmcrec W=1 -Werror" $st
else
	# a download that failed (exit 3) is no fault of the code, but the
	# builds did not happen: not ok, with the reason
	why=$(grep '^newest-kernel: ' "$log/newest-kernel-prep" | tail -n 1)
	why="preparation failed: ${why#newest-kernel: }; ${log#"$top"/}/newest-kernel-prep"
	result "$nk_s build kmod W=1 -Werror ($why)" 1
	result "$nk_s build mmcrec W=1 -Werror ($why)" 1
fi

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

echo "# manual pages: mandoc -T lint -W warning, and each page against its program (tests/man-options.sh)"
if command -v mandoc > /dev/null; then
	mandoc -T lint -W warning man/*.[1-8] > "$log/man-lint" 2>&1
	st=$?
	cat "$log/man-lint"
else
	echo "# mandoc is missing: run scripts/deps.sh"
	st=1
fi
result "manual pages lint clean" $st
tests/man-options.sh > "$log/man-options" 2>&1
cat "$log/man-options"
add_counts "$log/man-options" "manual pages against the programs"

# make install/uninstall, the example against the install, make deb and
# lintian (tests/pkg/host.sh); the packages' VM test is at the end
echo "# install, uninstall, examples against the install, Debian packages"
tests/pkg/host.sh > "$log/pkg-host" 2>&1
grep -E '^(ok|not ok) |^# ' "$log/pkg-host"
add_counts "$log/pkg-host" "install and packages"

echo "# KUnit on User-Mode Linux (linux-source-6.1)"
t0=$SECONDS
tests/kunit/run.sh > "$log/kunit" 2>&1
took $t0 kunit
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
	t0=$SECONDS
	tests/vm/run.sh --kver "$v" --timeout 1200 -- "$top/tests/func/run.sh" "$s" \
		> "$log/vm-$v" 2>&1
	took $t0 "$s functional tests"
	grep -E '^(ok|not ok) |^    ' "$log/vm-$v"
	add_counts "$log/vm-$v" "$s vm tests"

	echo "# the burners people use, and we2, writing to the emulated recorder, kernel $v"
	t0=$SECONDS
	tests/mmcrec/check.sh --kver "$v" --timeout 1500 > "$log/burn-$v" 2>&1
	took $t0 "$s burns"
	grep -E '^burn: |^(ok|not ok) ' "$log/burn-$v"
	add_counts "$log/burn-$v" "$s burns"

	inventory_results "$s" "$log/vm-$v" "$log/burn-$v"
done

# the packages as a user installs them, in a VM of their own per kernel:
# dpkg -i, DKMS, udev, a burn by a user in cdrom, the example, the purge,
# then make install and uninstall. Under emulation DKMS's compile took 12
# minutes and each of the four depmod runs over the kernel's modules 3 to
# 4, on a loaded 2-core machine: beyond make check's budget, so it runs
# when asked (WE2_PKG_VM=1, or make pkg-vm-test).
#
# The two kernels' VM work runs one after the other: run side by side,
# two emulated guests slowed each other threefold (the 6.12 functional
# suite took 647 s instead of 210) and a timed case lost its race.
if [ "${WE2_PKG_VM:-0}" = 1 ]; then
	for v in $kvers; do
		s=$(series "$v")
		echo "# the Debian packages installed, used and purged in the VM, kernel $v"
		tests/pkg/vm.sh "$v" > "$log/pkg-$v" 2>&1
		grep -E '^(ok|not ok) |^# ' "$log/pkg-$v"
		add_counts "$log/pkg-$v" "$s pkg"
	done
else
	echo "# the packages' VM test (tests/pkg/vm.sh) runs with WE2_PKG_VM=1 or make pkg-vm-test"
fi
finish
