#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The packages' VM test on one kernel: boots it with tests/vm/run.sh and
# runs tests/pkg/guest.sh there on the packages of make deb (.build/deb)
# and the kernel's emulated recorder (tests/mmcrec/build/<release>).
#
# usage: tests/pkg/vm.sh KERNEL	(a series such as 6.1, or a release)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rel=$("$top/scripts/kver.sh" "${1:?usage: tests/pkg/vm.sh KERNEL}") || exit 2
exec "$top/tests/vm/run.sh" --kver "$rel" --timeout 1500 -- /bin/bash \
	"$top/tests/pkg/guest.sh" "$top/tests/mmcrec/build/$rel/mmcrec.ko" \
	"$top/.build/deb" "$top/examples/burnfile.c"
