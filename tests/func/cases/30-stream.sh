# libwe2's streaming writer from a regular file (O_DIRECT into registered
# buffers), a pipe and a read callback, at depth 1 and 8, fixed and plain:
# the count is exact, progress is monotonic and ends at the last LBA, and
# the data reads back through sg.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup
echo $BS > "$SYS/bytes_per_sector"
lba=0 seed=60
for args in "file 8 fixed" "file 1 plain" "pipe 8 fixed" "cb 8 fixed" "cb 4 plain"; do
	set -- $args
	seed=$((seed + 1))
	"$WE2U" stream "$WE2" "$1" $lba 3001 $seed "$2" "$3" ||
		fail "stream $args"
	verify $lba 3001 $seed
	lba=$((lba + 3001))
done
expect_eq "no errors" "$(sysval statistics/errors)" 0
