#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the module's KUnit suites on User-Mode Linux, in a linux-source-6.1
# tree unpacked once under .build/kunit/ (a cache: delete it to start over).
#
# The tree gets a directory drivers/we2_kunit/ whose Kconfig and Makefile come
# from tests/kunit/Kconfig.in and Makefile.in, and whose .c/.h files are
# symlinks into kmod/ (laid out as in kmod/), so every run builds what is in
# the repository now; kunit.py then builds and boots UML with
# tests/kunit/.kunitconfig.
#
# Prints one line per test (per parameter of a parameterised case):
#   ok - kunit <suite>.<case>[ <param>]     not ok - kunit <suite>.<case>...
# then "N passed, N failed[, N skipped]". Exits non-zero if a test failed,
# the build failed (counted as 0 passed, 1 failed, with the compiler's
# errors), the run timed out, or no test ran.
set -euo pipefail

usage() {
	cat <<EOF
usage: $0 [--summary FILE] [--timeout SECONDS] [--jobs N] [--filter GLOB]
  --summary FILE     also write the closing "N passed, N failed" line to FILE
  --timeout SECONDS  hard limit for the build and the run (default 900)
  --jobs N           parallel make jobs (default: number of CPUs)
  --filter GLOB      only run suites/cases matching GLOB (suite[.case]),
                     as kunit.py's filter_glob
Environment: WE2_LINUX_TARBALL (default /usr/src/linux-source-6.1.tar.xz)
EOF
}

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$top/tests/kunit

# The pure parts (no SCSI/block calls) that the suites test, as paths in
# the repository: we2's, and the emulated recorder's model; add new ones
# here. The suites themselves are every kmod/tests/*_kunit.c and
# tests/mmcrec/*_kunit.c.
PURE_FILES=(kmod/we2_cdb.c kmod/we2_section.c kmod/we2_settings.c kmod/we2_pace.c
	    kmod/we2_sense.c tests/mmcrec/mmcrec_model.c)
SUITE_GLOB='kmod/tests/*_kunit.c tests/mmcrec/*_kunit.c'

summary=
timeout_s=900
jobs=$(nproc 2>/dev/null || echo 2)
filter=
while [ $# -gt 0 ]; do
	case $1 in
	--summary) summary=${2:?--summary needs a file}; shift 2 ;;
	--summary=*) summary=${1#*=}; shift ;;
	--timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
	--timeout=*) timeout_s=${1#*=}; shift ;;
	--jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
	--jobs=*) jobs=${1#*=}; shift ;;
	--filter) filter=${2:?--filter needs a glob}; shift 2 ;;
	--filter=*) filter=${1#*=}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
# a relative --summary is relative to where we were called from
[ -z "$summary" ] || case $summary in /*) ;; *) summary=$PWD/$summary ;; esac

tarball=${WE2_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
cache=$top/.build/kunit
tree=$cache/linux-source-6.1
build=$cache/uml
log=$cache/kunit.log
python=${PYTHON:-python3}

# finish PASSED FAILED [SKIPPED]: the closing line, to stdout and --summary
finish() {
	local line="$1 passed, $2 failed"
	[ "${3:-0}" -eq 0 ] || line+=", $3 skipped"
	echo "$line"
	[ -z "$summary" ] || echo "$line" > "$summary"
	[ "$2" -eq 0 ] && [ "$1" -gt 0 ]
}

# fail WHAT: one failure that stands for the whole run
fail() {
	echo "not ok - kunit $1"
	finish 0 1 || exit 1
}

case $top in
*[[:space:]]*) fail "(the repository path '$top' has blanks: kbuild cannot use it)" ;;
esac
case $timeout_s in ''|*[!0-9]*) echo "run.sh: bad --timeout '$timeout_s'" >&2; exit 2 ;; esac
case $jobs in ''|*[!0-9]*) echo "run.sh: bad --jobs '$jobs'" >&2; exit 2 ;; esac

# --- dependencies ----------------------------------------------------------
if [ -x "$top/scripts/deps.sh" ]; then
	"$top/scripts/deps.sh" < /dev/null | sed 's/^/# /' ||
		echo "# kunit: scripts/deps.sh failed; going on with what is installed"
fi
if [ ! -r "$tarball" ]; then
	echo "# kunit: $tarball is missing: install the linux-source-6.1" \
	     "package (apt-get install linux-source-6.1, or scripts/deps.sh)"
	fail "(no linux-source-6.1 tarball at $tarball)"
fi
for tool in make gcc flex bison bc "$python" timeout flock; do
	command -v "$tool" > /dev/null ||
		fail "(the build needs '$tool': run scripts/deps.sh)"
done

mkdir -p "$cache"
# one run at a time per repository: kunit.py and make share the tree
exec 9> "$cache/.lock"
if ! flock -n 9; then
	echo "# kunit: waiting for another run.sh on this repository"
	flock 9
fi

# --- the kernel tree: unpacked once, again only if the tarball changed ------
stamp=$cache/linux-source-6.1.stamp
want_stamp="$tarball $(stat -L -c '%s %Y' "$tarball")"
if [ ! -f "$tree/Makefile" ] || [ ! -f "$stamp" ] ||
   [ "$(cat "$stamp")" != "$want_stamp" ]; then
	echo "# kunit: unpacking $tarball into $tree"
	rm -rf "$tree" "$build" "$stamp" "$cache"/unpack.*
	tmp=$(mktemp -d "$cache/unpack.XXXXXX")
	tar -xf "$tarball" -C "$tmp" ||
		{ rm -rf "$tmp"; fail "(cannot unpack $tarball)"; }
	[ -f "$tmp/linux-source-6.1/Makefile" ] ||
		{ rm -rf "$tmp"; fail "($tarball holds no linux-source-6.1/)"; }
	mv "$tmp/linux-source-6.1" "$tree"
	rmdir "$tmp"
	echo "$want_stamp" > "$stamp"
fi

# --- drivers/we2_kunit/: the suites and the files they test ----------------
cd "$top"
srcs=("${PURE_FILES[@]}")
for f in $SUITE_GLOB; do
	if [ -e "$f" ]; then srcs+=("$f"); fi
done
for f in "${srcs[@]}"; do
	[ -f "$f" ] || fail "(listed source $f does not exist)"
done
[ ${#srcs[@]} -gt ${#PURE_FILES[@]} ] || fail "(no $SUITE_GLOB found)"
# headers as well, so that "../we2_cdb.h" from kmod/tests/ resolves
links=("${srcs[@]}")
for f in kmod/*.h kmod/tests/*.h tests/mmcrec/*.h; do
	if [ -e "$f" ]; then links+=("$f"); fi
done

dir=$tree/drivers/we2_kunit
mkdir -p "$dir"
declare -A wanted=()
for f in "${links[@]}"; do
	rel=${f#kmod/}
	wanted[$rel]=1
	mkdir -p "$dir/$(dirname "$rel")"
	# a symlink's own age does not matter: make looks at the file it names
	[ "$(readlink "$dir/$rel" 2>/dev/null)" = "$top/$f" ] ||
		ln -sfn "$top/$f" "$dir/$rel"
done
# drop the links of files that are gone or no longer listed
while IFS= read -r -d '' l; do
	rel=${l#"$dir"/}
	[ -n "${wanted[$rel]:-}" ] || rm -f "$l"
done < <(find "$dir" -type l -print0)

# write_if_changed FILE: stdin to FILE, leaving FILE (and its age) alone if
# it already says that, so make and Kconfig see no change
write_if_changed() {
	local new
	new=$(mktemp "$1.XXXXXX")
	cat > "$new"
	if cmp -s "$new" "$1"; then rm -f "$new"; else mv "$new" "$1"; fi
}
objs=
for f in "${srcs[@]}"; do
	rel=${f#kmod/}
	objs+=" ${rel%.c}.o"
done
write_if_changed "$dir/Kconfig" < "$here/Kconfig.in"
sed -e "s|@REPO@|$top|g" -e "s|@OBJS@|${objs# }|" "$here/Makefile.in" |
	write_if_changed "$dir/Makefile"

# hook the directory into drivers/ (once)
hook='source "drivers/we2_kunit/Kconfig"'
if ! grep -qxF "$hook" "$tree/drivers/Kconfig"; then
	n=$(grep -n '^endmenu' "$tree/drivers/Kconfig" | tail -n 1 | cut -d: -f1)
	[ -n "$n" ] || fail "(drivers/Kconfig of the tree has no endmenu to hook into)"
	sed -i "${n}i $hook\\n" "$tree/drivers/Kconfig"
fi
# shellcheck disable=SC2016 # a make variable, written as it stands
hook='obj-$(CONFIG_WE2_KUNIT_TEST) += we2_kunit/'
grep -qxF "$hook" "$tree/drivers/Makefile" ||
	echo "$hook" >> "$tree/drivers/Makefile"

# --- build and run ----------------------------------------------------------
# messages name drivers/we2_kunit/X (after some prefix): X is kmod/X
repo_paths='s|[^[:space:]:]*drivers/we2_kunit/tests/mmcrec/|tests/mmcrec/|g; s|[^[:space:]:]*drivers/we2_kunit/|kmod/|g'
echo "# kunit: building UML in $build and running (log: $log)"
rm -f "$build/test.log"
args=(run --kunitconfig="$here/.kunitconfig" --build_dir="$build"
      --jobs="$jobs" --arch=um)
[ -z "$filter" ] || args+=("$filter")
start=$(date +%s)
rc=0
(cd "$tree" && timeout --kill-after=30 "$timeout_s" \
	"$python" tools/testing/kunit/kunit.py "${args[@]}") \
	< /dev/null > "$log" 2>&1 || rc=$?
echo "# kunit: kunit.py exited $rc after $(( $(date +%s) - start )) s"

if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "# kunit: stopped after the ${timeout_s} s timeout; last lines of $log:"
	tail -n 20 "$log" | sed 's/^/#   /'
fi

if [ ! -s "$build/test.log" ]; then
	# never booted: configuration or build failure (or a timeout in them)
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "build (timed out after ${timeout_s} s)"
	fi
	echo "# kunit: the UML kernel was not built; errors from $log:"
	errs=$(grep -E -B2 -A6 'error:|Error [0-9]+|\*\*\*|undefined reference|not found|ERROR:|were not found|No rule' "$log" | head -n 150 || true)
	if [ -n "$errs" ]; then echo "$errs"; else tail -n 60 "$log"; fi |
		sed -e "$repo_paths"
	fail "build"
fi

prc=0
"$python" "$here/ktap.py" "$build/test.log" > "$cache/results" || prc=$?
if [ $prc -eq 2 ]; then
	echo "# kunit: no KTAP in $build/test.log; its last lines:"
	tail -n 40 "$build/test.log" | sed 's/^/#   /'
	fail "(the UML kernel printed no KTAP)"
fi
# drivers/we2_kunit/ mirrors kmod/: name the files as in the repository
sed -e '$d' -e "$repo_paths" "$cache/results"
read -r p _ f _ s _ < <(tail -n 1 "$cache/results" | tr -d ,)
s=${s:-0}
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "not ok - kunit (timed out after ${timeout_s} s)"
	f=$((f + 1))
elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
	# kunit.py saw a problem that the KTAP does not show: say so
	echo "# kunit: kunit.py exited $rc though every test passed; end of $log:"
	tail -n 20 "$log" | sed 's/^/#   /'
	echo "not ok - kunit (kunit.py exited $rc)"
	f=$((f + 1))
fi
finish "$p" "$f" "$s"
