# Seeded fuzzing of the whole user ABI, 4 threads in each of 2 processes:
# every answer is a documented one, counts are exact, the statistics add
# up, and the kernel log stays clean. FUZZ_SEED replays a run, FUZZ_CALLS
# makes it longer.
. "$WE2_TOP/tests/func/lib.sh"
setup
"$WE2_TOP/tests/fuzz/bin/we2fuzz" --seed "${FUZZ_SEED:-1}" \
	--calls "${FUZZ_CALLS:-10000}" --threads 4 --procs 2 --sysfs "$SYS" \
	"$WE2" || fail "we2fuzz (replay with FUZZ_SEED=${FUZZ_SEED:-1})"
