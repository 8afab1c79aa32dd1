#!/bin/bash
# SPDX-License-Identifier: MIT
#
# run.sh WE2BURN WE2CTL FAKE_SO: run the tools against fake_we2.so (a
# regular file standing in for /dev/we2N) and check what they print, their
# exit status and what reached the "device". Ends with "N passed, N failed".

we2burn=$(realpath "$1") we2ctl=$(realpath "$2") fake=$(realpath "$3")
passed=0 failed=0
tmp=$(mktemp -d /tmp/we2-tools-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
	[ -f out ] && sed 's/^/# out: /' out | tail -n 5
	[ -f err ] && sed 's/^/# err: /' err | tail -n 5
}
check() {	# check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# burn ARGS...: the fake device is ./dev; stdout in out, stderr in err, $rc
burn() {
	LD_PRELOAD=$fake "$we2burn" "$@" > out 2> err
	rc=$?
}
sectors_written() { sed -n 's/^we2burn: wrote \([0-9]*\) sectors.*/\1/p' out; }
size_of() { stat -c %s "$1"; }
summary_re='^we2burn: wrote [0-9]+ sectors \([0-9]+ bytes\) at LBA -?[0-9]+ in [0-9]+\.[0-9]{2} s, [0-9]+\.[0-9]{2} MB/s$'

head -c 1000001 /dev/urandom > img		# not a whole number of sectors
head -c 8000000 /dev/urandom > big

# padded: the image then zeros up to the sector, as the device holds it
padded() {	# padded IMAGE BPS OUT
	local n=$(size_of "$1")
	cp "$1" "$3"
	truncate -s $(( (n + $2 - 1) / $2 * $2 )) "$3"
}

: > dev
burn --raw dev img --verify dev
padded img 2048 want
check burn-and-verify test $rc -eq 0 -a "$(tail -n 1 out)" = "we2burn: verify ok" \
	-a "$(sectors_written)" = 489
check burn-device-content cmp -s dev want
check summary-line-format grep -Eq "$summary_re" out
check summary-line-values grep -qx 'we2burn: wrote 489 sectors (1001472 bytes) at LBA 0 in .* MB/s' out

: > dev
WE2FAKE_CMD_US=10000 burn --raw dev big
check progress-lines-format bash -c '
	grep "^progress:" out > p || exit 1
	! grep -Evq "^progress: [0-9]+ 8001536 [0-9]+\.[0-9]{2}$" p || exit 1
	[ "$(wc -l < p)" -ge 2 ] && [ "$(tail -n 1 p | cut -d" " -f2)" = 8001536 ]'
check progress-within-a-section bash -c '
	awk "\$1 == \"progress:\" && \$2 > 0 && \$2 < 8001536 { n++ } END { exit !n }" out'

: > dev
head -c 300000 img | LD_PRELOAD=$fake "$we2burn" --raw --size 300000 dev - > out 2> err
rc=$?
head -c 300000 img > part; padded part 2048 want
check stdin-with-size test $rc -eq 0 -a "$(sectors_written)" = 147
check stdin-with-size-content cmp -s dev want

: > dev
head -c 300000 img | LD_PRELOAD=$fake "$we2burn" --raw --chunk-sectors 7 dev - > out 2> err
rc=$?
check stdin-unknown-size-small-chunks bash -c "[ $rc -eq 0 ] && cmp -s dev want &&
	! grep -Ev '^progress: [0-9]+ 0 ' out | grep -q '^progress:'"

: > dev
burn --raw --size 5000 dev img
head -c 5000 img > part; padded part 2048 want
check size-limits-file test $rc -eq 0 -a "$(sectors_written)" = 3
check size-limits-file-content cmp -s dev want

: > dev
burn --raw --bps 2352 --lba 3 --chunk-sectors 100 dev img --verify dev
check raw-sectors-unaligned-verify test $rc -eq 0 -a "$(tail -n 1 out)" = "we2burn: verify ok" \
	-a "$(sectors_written)" = 426

: > dev
WE2FAKE_LBA_BASE=-150 burn --raw --lba -150 --write12 dev img
padded img 2048 want
check negative-lba bash -c "[ $rc -eq 0 ] && cmp -s dev want &&
	grep -q '^we2burn: wrote 489 sectors (1001472 bytes) at LBA -150 in' out"

: > dev
burn --raw --lba 4294967295 dev img
check lba-past-the-end test $rc -eq 1 -a ! -s dev -a -s err

: > dev
WE2FAKE_FAIL_LBA=1000 burn --raw dev big
check eio-exit-and-count test $rc -eq 1 -a "$(sectors_written)" = 992 \
	-a "$(size_of dev)" = $((992 * 2048))
check eio-failed-lba grep -q 'failed at LBA 992: Input/output error' err
check eio-sense-in-words grep -qx \
	'we2burn: sense: Medium Error: Write error (03/0C/00), information 1000' err
check eio-not-deferred bash -c '! grep -q "reported a write error late" err'

# --quiet: nothing at all on a good burn (a script reads the exit status);
# a failure still said on stderr, and only there
: > dev
burn --raw --quiet dev img --verify dev
padded img 2048 want
check quiet-success-prints-nothing bash -c "[ $rc -eq 0 ] && [ ! -s out ] && [ ! -s err ] &&
	cmp -s dev want"
: > dev
WE2FAKE_FAIL_LBA=1000 burn --raw --quiet dev big
check quiet-write-error-on-stderr bash -c "[ $rc -eq 1 ] && [ ! -s out ] &&
	grep -q 'failed at LBA 992: Input/output error' err && [ \$(stat -c %s dev) = $((992 * 2048)) ]"
: > dev
burn --raw --quiet dev img --verify big
check quiet-verify-mismatch-on-stderr bash -c "[ $rc -eq 1 ] && [ ! -s out ] &&
	grep -qx 'we2burn: verify FAILED at byte 0' err"

# a deferred error (71h): the drive failed a write it had acknowledged
: > dev
WE2FAKE_FAIL_LBA=1000 WE2FAKE_DEFERRED=1 burn --raw dev big
check deferred-exit test $rc -eq 1
check deferred-failed-lba grep -q \
	'failed at LBA 1000 (deferred, after 992 sectors were acknowledged): Input/output error' err
check deferred-sense-marked grep -qx \
	'we2burn: sense: Medium Error: Write error (03/0C/00), information 1000 \[deferred\]' err
check deferred-in-words grep -q 'we2burn: the drive reported a write error late (deferred): a write it had acknowledged failed at LBA 1000 as it went from the drive.s buffer to the medium. The data before the failed sector may be recorded, what follows it is not' err

: > dev
WE2FAKE_CORRUPT_LBA=17 burn --raw --lba 10 dev img --verify dev
check verify-mismatch-offset test $rc -eq 1 -a \
	"$(tail -n 1 out)" = "we2burn: verify FAILED at byte $((7 * 2048 + 5))"

: > dev
head -c 5000 img > short
burn --raw dev img --verify short
check verify-device-too-short bash -c "[ $rc -eq 1 ] &&
	[ \"\$(tail -n 1 out)\" = 'we2burn: verify FAILED at byte 5000' ]"

for sig in INT TERM; do
	: > dev
	WE2FAKE_CMD_US=20000 LD_PRELOAD=$fake "$we2burn" --raw dev big > out 2> err &
	pid=$!
	sleep 0.7
	kill -$sig $pid
	wait $pid
	rc=$?
	n=$(sectors_written)
	head -c $(( ${n:-0} * 2048 )) big > want
	check cancel-sig$sig-exit test $rc -eq 130 -a -n "$n" -a "${n:-0}" -gt 0 \
		-a "${n:-0}" -lt 3907
	check cancel-sig$sig-exact-count bash -c "
		cmp -s dev want && [ \$(( $n % 32 )) = 0 ] &&
		grep -q 'cancelled by SIG$sig; $n sectors reached the device' err"
done

# a pipe whose writer stays open and silent
: > dev
mkfifo fifo
exec 3<> fifo
LD_PRELOAD=$fake "$we2burn" --raw dev - < fifo > out 2> err &
pid=$!
sleep 0.3
start=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
exec 3>&-
check cancel-while-reading-stdin test $rc -eq 130 -a "$ms" -lt 1000 \
	-a "$(sectors_written)" = 0

burn --raw --bps 70000 dev img
check bps-refused-with-reason bash -c "[ $rc -eq 1 ] &&
	grep -q 'refuses 70000 bytes per sector (transfer cap 65536, device maximum 131072 bytes)' err"

"$we2burn" /dev/null img > out 2> err
rc=$?
check not-a-we2-device bash -c "[ $rc -eq 1 ] && grep -q 'not a we2 device' err"

"$we2burn" > out 2> err; rc1=$?
"$we2burn" --lba x dev img > out 2> err; rc2=$?
"$we2burn" --raw --lba -1 --verify dev dev img > out 2> err; rc3=$?
"$we2burn" --help > out 2> err; rc4=$?
check usage-errors test $rc1 -eq 2 -a $rc2 -eq 2 -a $rc3 -eq 2 -a $rc4 -eq 0
# a disc burn (the default, or --media auto) lays the disc out itself:
# raw sections' options need --raw, and the burn's own options refuse it
"$we2burn" --lba 16 dev img > out 2> err; rc1=$?
"$we2burn" --media auto --verify dev dev img > out 2> err; rc2=$?
"$we2burn" --raw --multi dev img > out 2> err; rc3=$?
"$we2burn" --raw --media floppy dev img > out 2> err; rc4=$?
"$we2burn" --media cd dev img > out 2> err; rc5=$?
"$we2burn" --raw --eject dev img > out 2> err; rc6=$?
"$we2burn" --raw --dummy dev img > out 2> err; rc8=$?
check dummy-is-a-disc-burns bash -c "[ $rc8 -eq 2 ] && grep -q 'and --dummy are for a disc burn' err"
"$we2burn" --fix --dummy dev > out 2> err; rc8=$?
"$we2burn" --dummy --msinfo dev > out 2> err; rc9=$?
check dummy-burns-only test $rc8 -eq 2 -a $rc9 -eq 2
"$we2burn" --raw --media auto dev img > out 2> err; rc7=$?
check disc-and-raw-usage bash -c "[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] &&
	[ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] && [ $rc5 -eq 2 ] && [ $rc6 -eq 2 ] &&
	[ $rc7 -eq 2 ] && grep -q 'one or the other' err"
"$we2burn" --media cd dev img > out 2> err; rc=$?
check disc-media-is-the-discs bash -c "[ $rc -eq 2 ] &&
	grep -q -- '--lba, --bps, --media cd|dvd|bd and --verify are for --raw' err"
"$we2burn" --raw --media floppy dev img > out 2> err; rc=$?
check media-names bash -c "[ $rc -eq 2 ] && grep -q 'auto, or with --raw cd, dvd or bd' err"
: > dev
cat img | LD_PRELOAD=$fake "$we2burn" dev - > out 2> err; rc=$?
check disc-needs-its-size bash -c "[ $rc -eq 2 ] &&
	grep -q -- '-: a disc burn needs its size: a file, a block device, or --size' err && [ ! -s dev ]"
# with --size, standard input gets as far as the drive (none behind the fake)
cat img | LD_PRELOAD=$fake "$we2burn" --size 1000001 dev - > out 2> err; rc=$?
check disc-from-stdin-with-size bash -c "[ $rc -eq 1 ] && grep -q 'give --drive' err &&
	[ ! -s dev ]"
# --fix takes the device only
"$we2burn" --fix dev img > out 2> err; rc1=$?
"$we2burn" --fix --media auto dev > out 2> err; rc2=$?
LD_PRELOAD=$fake "$we2burn" --fix dev > out 2> err; rc3=$?
check fix-usage bash -c "[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 1 ] &&
	grep -q 'give --drive' err"

# --msinfo, --toc and --eject alone take DEVICE only, one of them
"$we2burn" --msinfo dev img > out 2> err; rc1=$?
"$we2burn" --msinfo --toc dev > out 2> err; rc2=$?
"$we2burn" --toc --multi dev > out 2> err; rc3=$?
"$we2burn" --eject --fix dev > out 2> err; rc4=$?
"$we2burn" --scan --eject > out 2> err; rc5=$?
"$we2burn" --fix --eject dev > out 2> err; rc6=$?
check msinfo-toc-eject-usage bash -c "[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] &&
	[ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] && [ $rc5 -eq 2 ] && [ $rc6 -eq 2 ]"
for opt in msinfo toc; do
	LD_PRELOAD=$fake "$we2burn" --$opt dev > out 2> err; rc=$?
	check $opt-needs-a-drive bash -c "[ $rc -eq 1 ] && [ ! -s out ] &&
		grep -q 'give --drive' err"
done

# the fake node has no SCSI device behind it: no drive to find, for a
# disc burn by default as with --media auto
: > dev
for media in "" auto; do
	LD_PRELOAD=$fake "$we2burn" ${media:+--media $media} dev img > out 2> err
	rc=$?
	check "disc-burn${media:+-media-$media}-needs-a-drive" bash -c "[ $rc -eq 1 ] &&
		grep -q 'give --drive' err && [ ! -s dev ]"
done
# ---- the wodim command line (we2burn_cdrecord.c) ------------------------
# invoked as wodim or cdrecord (a link), or a cdrecord first argument: the
# options become ours, so a burn gets as far as ours ("give --drive": the
# fake node has no drive) and what ours refuses is refused the same
ln -s "$we2burn" wodim
ln -s "$we2burn" cdrecord
wodim() { LD_PRELOAD=$fake ./wodim "$@" > out 2> err; rc=$?; }
# Brasero's wodim plugin: an image file, with -dao or not, -multi
wodim -v dev=dev -dummy speed=4 driveropts=burnfree -multi -dao fs=16m -data -nopad img
check wodim-brasero-image bash -c "[ $rc -eq 1 ] && grep -q 'give --drive' err &&
	[ ! -s dev ]"
LD_PRELOAD=$fake "$we2burn" -v -eject gracetime=2 dev=dev -tao tsize=489s img > out 2> err
rc=$?
check wodim-by-first-argument bash -c "[ $rc -eq 1 ] && grep -q 'give --drive' err"
check wodim-tao-said grep -qx 'we2burn: -tao: a blank CD is written session at once, a later session track at once (DVD and BD as their medium has it)' err
for t in 10s 1k 2m 4096 2x1024s 3*4k; do
	LD_PRELOAD=$fake ./cdrecord -vv dev=dev -tsize=$t img > out 2> err; rc1=$?
	wodim dev=dev tsize=$t img
	check "wodim-tsize-$t" bash -c "[ $rc1 -eq 1 ] && [ $rc -eq 1 ] && grep -q 'give --drive' err"
done
for opt in msinfo toc fix; do
	wodim -$opt dev=dev
	check wodim-$opt-is-ours bash -c "[ $rc -eq 1 ] && grep -q 'give --drive' err"
done
# -eject alone: the fake node is a plain file, so ours takes it for IMAGE
wodim -eject dev=dev
check wodim-eject-is-ours bash -c "[ $rc -eq 2 ] && grep -q 'no drive found' err"
wodim -msinfo -toc dev=dev; rc1=$rc
wodim -dummy -msinfo dev=dev; rc2=$rc
wodim -fix dev=dev img; rc3=$rc
check wodim-refused-as-ours test $rc1 -eq 2 -a $rc2 -eq 2 -a $rc3 -eq 2
wodim -v dev=dev -foo img; rc1=$rc
wodim -v dev=dev img img; rc2=$rc
wodim dev=dev tsize=10q img; rc3=$rc
wodim dev=dev speed=x img; rc4=$rc
wodim dev=dev driveropts=noburnfree img; rc5=$rc
wodim -v dev=dev; rc6=$rc
wodim dev=dev -overburn img; rc7=$rc
check wodim-usage bash -c "[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] &&
	[ $rc4 -eq 2 ] && [ $rc5 -eq 2 ] && [ $rc6 -eq 2 ] && [ $rc7 -eq 2 ] &&
	grep -q -- '-overburn: not an option of the wodim command line' err"
: > dev
# blank=fast|all and -format: ours, alone or before a burn; they reach
# the drive lookup (the fake device has none: alone, as -eject, a file is
# no DEVICE), nothing written
for how in fast all; do
	wodim -v dev=dev blank=$how
	check wodim-blank-$how-is-ours bash -c "[ $rc -eq 2 ] && [ ! -s dev ] &&
		grep -q 'no drive found' err"
	wodim -v dev=dev blank=$how img
	check wodim-blank-$how-then-burn bash -c "[ $rc -eq 1 ] && [ ! -s dev ] &&
		grep -q 'give --drive' err"
done
for how in session track unclose help; do
	wodim -v dev=dev blank=$how
	check wodim-blank-$how-refused bash -c "[ $rc -eq 1 ] && [ ! -s dev ] &&
		grep -qx 'we2burn: blank=$how: not supported: blank=fast or blank=all (a whole CD-RW); nothing was sent to the drive' err"
done
wodim -v dev=dev -format
check wodim-format-is-ours bash -c "[ $rc -eq 2 ] && [ ! -s dev ] &&
	grep -q 'no drive found' err"
wodim -v dev=dev -format blank=fast
check wodim-format-and-blank-usage bash -c "[ $rc -eq 2 ] && [ ! -s dev ] &&
	grep -qx 'we2burn: --blank is for a CD-RW, --format for a DVD+RW or BD-RE: one or the other' err"

# ---- --blank and --format ------------------------------------------------
: > dev
for a in --blank=fast --blank=all --format --format=spare --format=nospare; do
	burn "$a"
	check "we2burn$a-alone-is-a-drive-job" bash -c "[ $rc -eq 2 ] &&
		[ ! -s dev ] && grep -q 'no drive found' err"
	burn "$a" dev img
	check "we2burn$a-then-burn" bash -c "[ $rc -eq 1 ] && [ ! -s dev ] &&
		grep -q 'give --drive' err"
done
burn --blank=slow dev; rc1=$rc
grep -qx 'we2burn: --blank: fast or all, not slow' err; g1=$?
burn --blank dev; rc2=$rc
burn --format=some dev; rc3=$rc
grep -qx 'we2burn: --format: spare or nospare, not some' err; g3=$?
check we2burn-rw-bad-values test $rc1 -eq 2 -a $g1 -eq 0 -a $rc2 -eq 2 \
	-a $rc3 -eq 2 -a $g3 -eq 0
burn --blank=fast --format dev; rc1=$rc
grep -q 'one or the other' err; g1=$?
burn --blank=fast --raw dev img; rc2=$rc
burn --format --dummy dev img; rc3=$rc
grep -q 'a simulation changes nothing' err; g3=$?
burn --blank=all --toc dev; rc4=$rc
burn --format --scan; rc5=$rc
burn --blank=fast --speed 4x; rc6=$rc
grep -q 'without IMAGE take DEVICE only' err; g6=$?
check we2burn-rw-refused-combinations bash -c "[ $rc1 -eq 2 ] && [ $g1 -eq 0 ] &&
	[ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] && [ $g3 -eq 0 ] && [ $rc4 -eq 2 ] &&
	[ $rc5 -eq 2 ] && [ $rc6 -eq 2 ] && [ $g6 -eq 0 ] && [ ! -s dev ]"
"$we2burn" --help > out 2> err
check we2burn-help-rw bash -c "grep -q -- '--blank=fast|all' out &&
	grep -q -- '--format\[=spare|nospare\]' out"

cat img | LD_PRELOAD=$fake ./wodim -v dev=dev fs=4m tsize=489s -data -nopad - > out 2> err
rc=$?
check wodim-stdin-with-tsize bash -c "[ $rc -eq 1 ] && [ ! -s dev ] &&
	grep -q 'give --drive' err"
cat img | LD_PRELOAD=$fake ./wodim -v dev=dev -data - > out 2> err
rc=$?
check wodim-stdin-needs-tsize bash -c "[ $rc -eq 2 ] && [ ! -s dev ] &&
	grep -qx 'we2burn: -: a disc burn from standard input needs its size: tsize=' err"
# Brasero's probe: wodim --version, read with sscanf as
# "Cdrecord-yelling-line-to-tell-frontends-to-use-it-like-version %*s \nWodim %d.%d.%d"
for v in --version -version; do
	wodim $v
	check "wodim$v" bash -c "[ $rc -eq 0 ] && [ \$(wc -l < out) = 3 ] &&
		head -n 1 out | grep -Eqx 'Cdrecord-yelling-line-to-tell-frontends-to-use-it-like-version [^ ]+ ' &&
		sed -n 2p out | grep -Eqx 'Wodim 1\.1\.[0-9]+' &&
		sed -n 3p out | grep -Eq '^we2burn [0-9]+\.[0-9]+\.[0-9]+: '"
done
"$we2burn" -version > out 2> err; rc=$?
check wodim-version-as-we2burn bash -c "[ $rc -eq 0 ] && grep -q '^Wodim 1\.1\.' out"
# ours stay ours: a --long first argument, a path with '='
"$we2burn" --version > out 2> err; rc=$?
check we2burn-long-options-unchanged bash -c "[ $rc -eq 2 ] && grep -q '^Usage' err"
: > dev
LD_PRELOAD=$fake "$we2burn" ./a=b > out 2> err; rc=$?
check we2burn-path-with-equals bash -c "[ $rc -eq 2 ] && grep -q 'no drive found' err"

cat img | LD_PRELOAD=$fake "$we2burn" --raw --verify dev dev - > out 2> err
rc=$?
check verify-needs-a-file bash -c "[ $rc -eq 1 ] && grep -q 'cannot be read twice' err"
burn --raw --verify dev dev - < img
check verify-stdin-redirected-from-file test $rc -eq 0

# ---- drives by any name, or the only one: a fake sysfs and /dev ----------
# (libwe2's WE2_SYSFS_ROOT and WE2_DEV_ROOT), laid out as the kernel does:
# the SCSI device's directory holds we2/we2N, block/srN, scsi_generic/sgN,
# each with its numbers and a device link back, linked from /sys/class,
# /sys/block and /sys/dev; the nodes are files holding "c MAJ:MIN" or
# "b MAJ:MIN". fake_we2.so makes /dev/we2N's file the device.

# fake_drive ROOT H N: drive N (we2N, srN, sgN) at SCSI host H
fake_drive() {
	local root=$1 h=$2 n=$3 sdev k d
	sdev=$root/sys/devices/host$h/target$h:0:0/$h:0:0:0
	mkdir -p "$sdev" "$root/dev"
	printf '%-8s\n' MMCREC > "$sdev/vendor"
	printf '%-16s\n' "Fake Rec $n" > "$sdev/model"
	echo "0.$n " > "$sdev/rev"
	# sub-directory, class entry, /sys/dev type, node type, name, major
	for k in "we2 class/we2 char c we2 250" "block block block b sr 11" \
		 "scsi_generic class/scsi_generic char c sg 21"; do
		set -- $k
		d=$sdev/$1/$5$n
		mkdir -p "$d" "$root/sys/$2" "$root/sys/dev/$3"
		echo "$6:$n" > "$d/dev"
		ln -sfn "$sdev" "$d/device"
		ln -sfn "$d" "$root/sys/$2/$5$n"
		ln -sfn "$d" "$root/sys/dev/$3/$6:$n"
		echo "$4 $6:$n" > "$root/dev/$5$n"
	done
}
# in ROOT: we2burn ARGS..., as burn does (out, err, $rc)
burn_in() {
	local root=$1
	shift
	WE2_SYSFS_ROOT=$root/sys WE2_DEV_ROOT=$root/dev burn "$@"
}
padded img 2048 want

mkdir -p none/sys/class/we2 none/dev
burn_in "$PWD/none" img
check no-drive-usage bash -c "[ $rc -eq 2 ] &&
	grep -qx 'we2burn: no drive found (no /dev/we2N: is we2 loaded?); name the DEVICE' err"
burn_in "$PWD/none" --fix
check no-drive-fix-usage bash -c "[ $rc -eq 2 ] && grep -q 'no drive found' err"
burn_in "$PWD/none" --scan
check scan-no-drive bash -c "[ $rc -eq 0 ] && [ ! -s out ] && grep -q 'no drive found' err"

one=$PWD/one
fake_drive "$one" 2 0
ln -s sr0 one/dev/cdrom
for name in "" sr0 cdrom sg0 we20; do
	echo 'c 250:0' > one/dev/we20
	burn_in "$one" --raw ${name:+"$one/dev/$name"} img
	n=$(sectors_written)
	check "one-drive-named-${name:-by-nothing}" bash -c "[ $rc -eq 0 ] &&
		[ '$n' = 489 ] && cmp -s one/dev/we20 want"
done
echo 'c 250:0' > one/dev/we20
burn_in "$one" --raw img
echo 'c 250:0' > one/dev/we20
check one-drive-writes-to-its-we2-node grep -q "^we2burn: writing img to $one/dev/we20 at LBA 0" out
burn_in "$one" "$one/dev/cdrom"
check one-argument-device-node bash -c "[ $rc -eq 2 ] &&
	grep -q 'cdrom is a device: give IMAGE after it' err"
burn_in "$one" --scan
check scan-one-line bash -c "[ $rc -eq 0 ] && [ \"\$(cat out)\" = \\
	'we20: $one/dev/sr0 $one/dev/sg0 MMCREC Fake Rec 0 0.0, Inappropriate ioctl for device, -' ]"
# a program writing through the we2 node: busy, the sr not even opened
echo 1 > one/sys/class/we2/we20/writers
burn_in "$one" --scan
rm one/sys/class/we2/we20/writers
check scan-we2-node-written-busy bash -c "[ $rc -eq 0 ] && [ \"\$(cat out)\" = \\
	'we20: $one/dev/sr0 $one/dev/sg0 MMCREC Fake Rec 0 0.0, busy, -' ]"
burn_in "$one" --scan "$one/dev/sr0"
check scan-usage test $rc -eq 2
# the drive is found by any name; its sr, a file here, is no SCSI device
for opt in msinfo toc eject; do
	for name in "" cdrom; do
		burn_in "$one" --$opt ${name:+"$one/dev/$name"}
		check "$opt-one-drive-named-${name:-by-nothing}" bash -c "[ $rc -eq 1 ] &&
			[ ! -s out ] && grep -qx 'we2burn: $one/dev/sr0: Inappropriate ioctl for device' err"
	done
done
burn_in "$PWD/none" --eject img
check eject-with-image-is-a-burn bash -c "[ $rc -eq 2 ] && grep -q 'no drive found' err"
burn_in "$PWD/none" --msinfo
check msinfo-no-drive-usage bash -c "[ $rc -eq 2 ] && grep -q 'no drive found' err"

two=$PWD/two
fake_drive "$two" 2 0
fake_drive "$two" 5 1
burn_in "$two" img
check several-drives-usage bash -c "[ $rc -eq 2 ] && [ ! -s out ] &&
	diff - err <<-EOF
	we2burn: 2 drives; name one as DEVICE:
	  we20: $two/dev/sr0 $two/dev/sg0 MMCREC Fake Rec 0 0.0
	  we21: $two/dev/sr1 $two/dev/sg1 MMCREC Fake Rec 1 0.1
	EOF"
burn_in "$two" --raw --quiet "$two/dev/sr1" img
check several-drives-named bash -c "[ $rc -eq 0 ] && cmp -s two/dev/we21 want &&
	[ \"\$(cat two/dev/we20)\" = 'c 250:0' ]"
echo 'c 250:1' > two/dev/we21
burn_in "$two" --scan
check scan-two-lines bash -c "[ $rc -eq 0 ] && [ \$(wc -l < out) = 2 ] &&
	grep -qx 'we20: $two/dev/sr0 $two/dev/sg0 MMCREC Fake Rec 0 0\.0, .*, -' out &&
	grep -qx 'we21: $two/dev/sr1 $two/dev/sg1 MMCREC Fake Rec 1 0\.1, .*, -' out"

# more drives than any fixed list would hold: every one is named
many=$PWD/many
for i in $(seq 0 16); do fake_drive "$many" $i $i; done
burn_in "$many" img
check many-drives-all-listed bash -c "[ $rc -eq 2 ] &&
	[ \"\$(head -n 1 err)\" = 'we2burn: 17 drives; name one as DEVICE:' ] &&
	[ \$(grep -c '^  we2[0-9]*: ' err) = 17 ] && grep -q '^  we216: ' err"

ctl() { LD_PRELOAD=$fake "$we2ctl" dev "$@" > out 2> err; rc=$?; }
ctl info
check we2ctl-info bash -c "[ $rc -eq 0 ] && grep -qx 'abi_version 1' out &&
	grep -qx 'max_transfer_bytes 131072' out && [ \$(wc -l < out) = 9 ]"
ctl get
check we2ctl-get bash -c "[ $rc -eq 0 ] && grep -qx 'bytes_per_sector -1' out &&
	grep -qx 'transfer_cap_bytes 65536' out && [ \$(wc -l < out) = 6 ]"
ctl status
check we2ctl-status bash -c "[ $rc -eq 0 ] && grep -qx 'write_in_progress 0' out"
ctl cancel
check we2ctl-cancel-nothing test $rc -eq 3
ctl set bytes_per_sector=2352 use_streaming_write12=1 starting_sectors_per_second=-1
check we2ctl-set test $rc -eq 0
ctl set timeout_ms=5
check we2ctl-set-refused bash -c "[ $rc -eq 1 ] && grep -q 'Invalid argument' err"
ctl set bogus=1
rc1=$rc
ctl set use_streaming_write12=2
check we2ctl-set-usage test $rc1 -eq 2 -a $rc -eq 2

if command -v valgrind > /dev/null; then
	: > dev
	valgrind --quiet --trace-children=yes --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite \
		env LD_PRELOAD=$fake "$we2burn" --raw dev img --verify dev > out 2> err
	rc=$?
	check valgrind-we2burn bash -c "[ $rc -eq 0 ] && ! grep -q '^==' err"
	# the wodim command line's argv lives as long as the program
	LD_PRELOAD=$fake valgrind --quiet --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite ./wodim -v dev=dev -dao tsize=10s img > out 2> err
	rc=$?
	check valgrind-wodim bash -c "[ $rc -eq 1 ] && ! grep -q '^==' err"
else
	echo "skip - valgrind-we2burn: no valgrind"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
