# Who may write through a node is the shipped udev rule's choice, as udev
# itself makes it (udevadm test on the node: the rule matched against the
# node's sysfs parents; no udevd needed). By default we2 takes recorders
# only: an optical-memory device (type 7, which sd drives as a disk) gets no
# node, and a CD/DVD (5) or WORM (4) recorder's node goes to cdrom. A node
# root widens attach_types to, a disk's (0xb1) or an optical-memory
# device's (0xb0), stays root:disk 0660, as its block node is.
. "$WE2_TOP/tests/func/lib.sh"
command -v udevadm > /dev/null || skip "no udevadm"

# /run/udev/rules.d overrides a 60-we2.rules installed in /etc or /lib
RULES=/run/udev/rules.d/60-we2.rules
mkdir -p /run/udev/rules.d
cp "$WE2_TOP/udev/60-we2.rules" "$RULES" || fail "install the rule"
# udevadm test records the device in udev's database and links
# /dev/char/MAJ:MIN as udevd would: forget it before the node goes
majmin=
forget() {
	[ -n "$majmin" ] && rm -f "/run/udev/data/c$majmin" "/dev/char/$majmin"
	majmin=
}
trap 'forget; rm -f "$RULES"' EXIT

cdrom=$(getent group cdrom | cut -d: -f3)
disk=$(getent group disk | cut -d: -f3)
[ -n "$cdrom" ] || fail "no cdrom group"
[ -n "$disk" ] || fail "no disk group"

# udev_group TYPE GID: we20 is on a device of SCSI type TYPE, and udev's
# rules give its node group GID, mode 0660: one GROUP assignment, from our
# rule file, and the permissions udev sets on the fresh root:root node
udev_group() {
	local out got
	expect_eq "scsi type" "$(info scsi_type)" "$1"
	expect_eq "parent's sysfs type" "$(cat "$SDEV/type")" "$1"
	majmin=$(cat "$SYS/dev")
	out=$(udevadm test "$SYS" 2>&1) || fail "udevadm test $SYS: $out"
	# e.g. "we20: /run/udev/rules.d/60-we2.rules:9 GROUP 24"
	got=$(grep -E '^we20: .*:[0-9]+ GROUP ' <<< "$out")
	note "type $1: $got"
	grep -qE "^we20: $RULES:[0-9]+ GROUP $2\$" <<< "$got" ||
		fail "type $1: GROUP: got '$got', want $2 from $RULES"
	expect_eq "type $1: GROUP assignments" "$(wc -l <<< "$got")" 1
	grep -qxF "we20: Setting permissions /dev/we20, uid=0, gid=$2, mode=0660" <<< "$out" ||
		fail "type $1: udev did not set root:$2 0660: $(grep -F 'permissions' <<< "$out")"
	note "type $1: $(stat -c '%U:%G %a' /dev/we20) after udevadm test"
	forget
}

# default: a CD/DVD recorder's node goes to cdrom
setup
udev_group 5 "$cdrom"
# ... and a WORM recorder's
setup -- ptype=4
udev_group 4 "$cdrom"

# default: an optical-memory device gets no node
teardown
kmod_load sd_mod
insmod "$WE2_KO" || fail "insmod we2"
kmod_load scsi_debug ptype=7 sector_size=$BS delay=0 dev_size_mb=16 ||
	fail "load scsi_debug"
for ((i = 0; i < 100; i++)); do
	sdev=$(echo "$SDEBUG"/adapter*/host*/target*/[0-9]*:*)
	[ -d "$sdev" ] && break
	sleep 0.1
done
[ -d "$sdev" ] || fail "no scsi_debug device"
wait_for "$sdev/block" || fail "sd did not take the optical-memory device"
wait_for "$sdev/scsi_generic" || fail "no sg for the optical-memory device"
expect_eq "optical memory type" "$(cat "$sdev/type")" 7
sleep 1
[ -e /dev/we20 ] && fail "attached to optical memory by default"
[ -n "$(ls /sys/class/we2/)" ] && fail "a we2 device by default: $(ls /sys/class/we2/)"

# widened: a disk's node stays disk's ...
DEV_MB=16 setup attach_types=0xb1 -- ptype=0
udev_group 0 "$disk"
# ... as does an optical-memory device's
DEV_MB=16 setup attach_types=0xb0 -- ptype=7
udev_group 7 "$disk"
