#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The packages' and make install's VM test on one kernel: boots it with
# tests/vm/run.sh and runs tests/pkg/guest.sh there on the packages of
# make deb (.build/deb), the kernel's emulated recorder
# (tests/mmcrec/build/<release>), and, for make install, the module built
# for that kernel and the library and tools (built here, where missing,
# so that the guest compiles only what DKMS must compile).
# Its output: the guest's `ok -`/`not ok -` lines, `# ` measurements, and
# one `N passed, N failed` line at the end (a guest that never printed one
# is one failure).
#
# usage: tests/pkg/vm.sh KERNEL [PARTS]
#	KERNEL: a series such as 6.1, or a release; PARTS: "pkg install"
#	(the default: the packages, then make install), "pkg" or "install"
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rel=$("$top/scripts/kver.sh" "${1:?usage: tests/pkg/vm.sh KERNEL}") || exit 2
series=$(echo "$rel" | cut -d. -f1,2)
cd "$top" || exit 2
t0=$SECONDS

need() {	# need MAKE-ARGS...: make MAKE-ARGS, or the test fails
	make -s "$@" > /dev/null 2>&1 ||
		{ echo "not ok - $series pkg: make $*"; echo "0 passed, 1 failed"; exit 1; }
}
[ -e "$(ls .build/deb/we2-dkms_*.deb 2>/dev/null | head -n 1)" ] || need deb
# (the module rebuilt only if older than its sources: make install in the
# guest then finds it up to date)
need ".build/ko/$rel/we2.ko" KVER="$rel"
need ulib tools
[ -e "tests/mmcrec/build/$rel/mmcrec.ko" ] || need -C tests/mmcrec KREL="$rel"

sum='^[0-9]+ passed, [0-9]+ failed$'
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$top/tests/vm/run.sh" --kver "$rel" --timeout 2400 -- /bin/bash \
	"$top/tests/pkg/guest.sh" "$top/tests/mmcrec/build/$rel/mmcrec.ko" \
	"$top/.build/deb" "$top/examples/burnfile.c" "${2:-pkg install}" 2>&1 | tee "$log" |
	grep --line-buffered -vE "$sum"
st=${PIPESTATUS[0]}
echo "# time: $series pkg vm.sh: $((SECONDS - t0)) s"
# the summary last
if ! grep -E "$sum" "$log"; then
	echo "not ok - $series pkg: the guest ended without its summary (status $st)"
	echo "$(grep -c '^ok - ' "$log") passed, $(($(grep -c '^not ok - ' "$log") + 1)) failed"
	[ "$st" -ne 0 ] || st=1
fi
exit "$st"
