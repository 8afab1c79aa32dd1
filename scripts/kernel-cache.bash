# SPDX-License-Identifier: GPL-2.0
# What scripts/debug-kernel.sh and scripts/newest-kernel.sh share: a kernel
# tree kept once per machine in ${WE2_CACHE:-/var/cache/we2}/<kind>-<key>/,
# found at once when it is there, else made under a lock that concurrent
# runs wait on, the directories of other keys deleted. Sourced, not run.
#
# The caller sets me (its name and the directory's prefix, e.g.
# debug-kernel), croot (the cache root), dir (this key's directory), check
# (1: --check, make nothing), fd 3 (where the directory is printed) and
# defines built() (the tree is complete) and die(); then:
#
#   cache_enter        returns only when the caller is to make the tree,
#                      holding the lock (fd 9), $dir created, its build.log
#                      emptied; else prints $dir on fd 3 and exits
#   step TEXT...       one line of progress, with the seconds so far
#   run CMD...         CMD, its output into build.log; on failure the log's
#                      tail and die

# the directories of other keys: only under the lock, nobody making them
cache_drop_stale() {
	local d
	for d in "$croot/$me"-*; do
		if [ ! -d "$d" ] || [ "$d" = "$dir" ]; then continue; fi
		echo "$me: removing stale $d"
		rm -rf "$d"
	done
}

cache_enter() {
	if [ "$check" = 1 ]; then
		built || { echo "$me: not made yet: $dir (run scripts/$me.sh)"; exit 1; }
		echo "$dir" >&3
		exit 0
	fi
	mkdir -p "$croot"
	exec 9> "$croot/.$me.lock"
	if built; then
		# fast path: no waiting behind another run just to tidy up
		! flock -n 9 || cache_drop_stale
		echo "$dir" >&3
		exit 0
	fi
	if ! flock -n 9; then
		echo "$me: another run holds $croot/.$me.lock, waiting"
		flock 9
	fi
	cache_drop_stale
	if built; then
		echo "$dir" >&3
		exit 0
	fi
	mkdir -p "$dir"
	log=$dir/build.log
	: > "$log"
	t0=$SECONDS
}

step() { echo "$me: [$((SECONDS - t0))s] $*"; }

run() {
	"$@" >> "$log" 2>&1 || {
		tail -n 60 "$log"
		die "failed: $* (full log: $log)"
	}
}
