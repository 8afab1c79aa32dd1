// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * we2_drive_find() and we2_drive_list() against a fake sysfs and /dev in a
 * temporary directory (WE2_SYSFS_ROOT, WE2_DEV_ROOT), laid out as the
 * kernel lays them out: the SCSI device's directory holds we2/we2N,
 * block/srN and scsi_generic/sgN, each with its dev numbers and a device
 * link back; /sys/class, /sys/block and /sys/dev link to them. Nodes are
 * regular files holding "c MAJ:MIN" or "b MAJ:MIN". A link that leads
 * to another device, or a node with other numbers, must not be believed.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libwe2.h"
#include "test.h"

#define WE2_MAJ		250

static char root[64];
static char sys[128], dev[128];

static const char *pathf(const char *fmt, ...)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, PATH_MAX, fmt, ap);
	va_end(ap);
	return b;
}

static void mkdirs(const char *path)
{
	char p[PATH_MAX];
	char *s;

	snprintf(p, sizeof(p), "%s", path);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		printf("# cannot write %s\n", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *target, const char *path)
{
	unlink(path);
	if (symlink(target, path))
		printf("# cannot link %s\n", path);
}

/* SCSI device H:0:0:0 */
static const char *scsi(int h)
{
	return pathf("%s/devices/pci0000:00/host%d/target%d:0:0/%d:0:0:0",
		     sys, h, h, h);
}

/*
 * One class device of SCSI device @h: @sub/@name in its directory, dev
 * numbers, the device link back, the class entry @cls/@name and the
 * /sys/dev/@type/MAJ:MIN link.
 */
static void class_dev(int h, const char *sub, const char *cls,
		      const char *type, const char *name, const char *nums)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/%s/%s", scsi(h), sub, name);
	mkdirs(dir);
	put(pathf("%s/dev", dir), pathf("%s\n", nums));
	link_to(scsi(h), pathf("%s/device", dir));
	mkdirs(pathf("%s/%s", sys, cls));
	link_to(dir, pathf("%s/%s/%s", sys, cls, name));
	mkdirs(pathf("%s/dev/%s", sys, type));
	link_to(dir, pathf("%s/dev/%s/%s", sys, type, nums));
}

/*
 * A drive at SCSI host @h: /dev/we2N (char WE2_MAJ:N), /dev/srN (11:N),
 * /dev/sgN (21:N), N = @n; its INQUIRY strings padded as sysfs has them.
 */
static void add_drive(int h, int n, const char *vendor, const char *model)
{
	char name[16], nums[16];

	mkdirs(scsi(h));
	put(pathf("%s/vendor", scsi(h)), pathf("%-8s\n", vendor));
	put(pathf("%s/model", scsi(h)), pathf("%-16s\n", model));
	put(pathf("%s/rev", scsi(h)), "1.0 \n");

	snprintf(name, sizeof(name), "we2%d", n);
	snprintf(nums, sizeof(nums), "%d:%d", WE2_MAJ, n);
	class_dev(h, "we2", "class/we2", "char", name, nums);
	put(pathf("%s/%s", dev, name), pathf("c %s\n", nums));

	snprintf(name, sizeof(name), "sr%d", n);
	snprintf(nums, sizeof(nums), "11:%d", n);
	class_dev(h, "block", "block", "block", name, nums);
	put(pathf("%s/%s", dev, name), pathf("b %s\n", nums));

	snprintf(name, sizeof(name), "sg%d", n);
	snprintf(nums, sizeof(nums), "21:%d", n);
	class_dev(h, "scsi_generic", "class/scsi_generic", "char", name, nums);
	put(pathf("%s/%s", dev, name), pathf("c %s\n", nums));
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void tree_new(void)
{
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	snprintf(root, sizeof(root), "/tmp/we2-test-find.XXXXXX");
	if (!mkdtemp(root)) {
		printf("# mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	mkdirs(sys);
	mkdirs(dev);
	setenv("WE2_SYSFS_ROOT", sys, 1);
	setenv("WE2_DEV_ROOT", dev, 1);
}

static bool id_zero(const struct we2_drive_id *id)
{
	static const struct we2_drive_id zero;

	return !memcmp(id, &zero, sizeof(zero));
}

static void check_drive0(const struct we2_drive_id *id)
{
	CHECK_STR(id->we2, pathf("%s/we20", dev));
	CHECK_STR(id->sr, pathf("%s/sr0", dev));
	CHECK_STR(id->sg, pathf("%s/sg0", dev));
	CHECK_STR(id->scsi, "2:0:0:0");
	CHECK_STR(id->vendor, "MMCREC");
	CHECK_STR(id->model, "Emulated Rec");
	CHECK_STR(id->rev, "1.0");
}

static void test_every_name(void)
{
	static const char *const names[] = { "we20", "sr0", "sg0", "cdrom",
					     "dvd" };
	struct we2_drive_id id;
	unsigned int i;

	T_CASE("find-by-every-name");
	tree_new();
	add_drive(2, 0, "MMCREC", "Emulated Rec");
	link_to("sr0", pathf("%s/cdrom", dev));		/* as udev makes it */
	link_to(pathf("%s/sg0", dev), pathf("%s/dvd", dev));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(&id, 0xa5, sizeof(id));
		CHECK_INT(we2_drive_find(pathf("%s/%s", dev, names[i]), &id), 0);
		check_drive0(&id);
	}
}

static void test_two_drives(void)
{
	struct we2_drive_id id, ids[3];

	T_CASE("find-and-list-two-drives");
	tree_new();
	add_drive(2, 0, "MMCREC", "Emulated Rec");
	add_drive(3, 1, "HL-DT-ST", "DVDRAM GH24NSD1");
	/* each name finds its own drive, whatever the other one is */
	CHECK_INT(we2_drive_find(pathf("%s/sr1", dev), &id), 0);
	CHECK_STR(id.we2, pathf("%s/we21", dev));
	CHECK_STR(id.sg, pathf("%s/sg1", dev));
	CHECK_STR(id.scsi, "3:0:0:0");
	CHECK_STR(id.vendor, "HL-DT-ST");
	CHECK_STR(id.model, "DVDRAM GH24NSD1");
	CHECK_INT(we2_drive_find(pathf("%s/sg0", dev), &id), 0);
	check_drive0(&id);

	memset(ids, 0, sizeof(ids));
	CHECK_INT(we2_drive_list(ids, 3), 2);
	check_drive0(&ids[0]);
	CHECK_STR(ids[1].we2, pathf("%s/we21", dev));
	CHECK_INT(id_zero(&ids[2]), 1);
	/* more than there is room for: counted, not written */
	memset(ids, 0, sizeof(ids));
	CHECK_INT(we2_drive_list(ids, 1), 2);
	check_drive0(&ids[0]);
	CHECK_INT(id_zero(&ids[1]), 1);
	CHECK_INT(we2_drive_list(NULL, 0), 2);
	CHECK_INT(we2_drive_list(NULL, 1), -EINVAL);
}

static void test_list_order(void)
{
	struct we2_drive_id ids[3];

	T_CASE("list-in-node-order");
	tree_new();
	add_drive(4, 10, "B", "ten");
	add_drive(5, 2, "A", "two");
	add_drive(6, 9, "C", "nine");
	CHECK_INT(we2_drive_list(ids, 3), 3);
	CHECK_STR(ids[0].model, "two");
	CHECK_STR(ids[1].model, "nine");
	CHECK_STR(ids[2].model, "ten");
	CHECK_STR(ids[2].sr, pathf("%s/sr10", dev));
}

static void test_none(void)
{
	struct we2_drive_id ids[1];

	T_CASE("list-none");
	tree_new();
	/* we2 not loaded: no class directory at all */
	CHECK_INT(we2_drive_list(ids, 1), 0);
	/* loaded, no drive */
	mkdirs(pathf("%s/class/we2", sys));
	CHECK_INT(we2_drive_list(ids, 1), 0);
}

static void test_not_a_drive(void)
{
	struct we2_drive_id id;

	T_CASE("find-refuses-what-is-not-a-drive");
	tree_new();
	add_drive(2, 0, "MMCREC", "Emulated Rec");
	CHECK_INT(we2_drive_find(pathf("%s/nothing", dev), &id), -ENOENT);
	CHECK_INT(we2_drive_find(NULL, &id), -EINVAL);
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), NULL), -EINVAL);
	/* a file (an image, say) is not a node */
	put(pathf("%s/image.iso", root), "CD001");
	memset(&id, 0xa5, sizeof(id));
	CHECK_INT(we2_drive_find(pathf("%s/image.iso", root), &id), -ENOTTY);
	CHECK_INT(id_zero(&id), 1);
	/* a node sysfs knows nothing of */
	put(pathf("%s/null", dev), "c 1:3\n");
	CHECK_INT(we2_drive_find(pathf("%s/null", dev), &id), -ENODEV);
	/* a node of the right numbers but the other kind (block 250:0) */
	put(pathf("%s/blk", dev), pathf("b %d:0\n", WE2_MAJ));
	CHECK_INT(we2_drive_find(pathf("%s/blk", dev), &id), -ENODEV);
	/* a SCSI disk: no we2 attached to it */
	mkdirs(scsi(7));
	put(pathf("%s/vendor", scsi(7)), "ATA     \n");
	class_dev(7, "block", "block", "block", "sda", "8:0");
	put(pathf("%s/sda", dev), "b 8:0\n");
	CHECK_INT(we2_drive_find(pathf("%s/sda", dev), &id), -ENODEV);
	CHECK_INT(id_zero(&id), 1);
	/* the SCSI device with the links but no vendor: not a SCSI device */
	class_dev(8, "we2", "class/we2", "char", "we29", "250:9");
	put(pathf("%s/we29", dev), "c 250:9\n");
	CHECK_INT(we2_drive_find(pathf("%s/we29", dev), &id), -ENODEV);
	put(pathf("%s/vendor", scsi(8)), "X\n");
	CHECK_INT(we2_drive_find(pathf("%s/we29", dev), &id), 0);
	/* without WE2_DEV_ROOT a regular file is never a node */
	unsetenv("WE2_DEV_ROOT");
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), -ENOTTY);
	setenv("WE2_DEV_ROOT", dev, 1);
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), 0);
}

static void test_wrong_links(void)
{
	struct we2_drive_id id, ids[2];

	T_CASE("find-believes-no-wrong-link");
	tree_new();
	add_drive(2, 0, "MMCREC", "Emulated Rec");
	add_drive(3, 1, "OTHER", "Drive");
	/* /sys/dev's link for sr0's numbers leads to sr1 (11:1): refused */
	link_to(pathf("%s/block/sr1", scsi(3)), pathf("%s/dev/block/11:0", sys));
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), -ENODEV);
	link_to(pathf("%s/block/sr0", scsi(2)), pathf("%s/dev/block/11:0", sys));
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), 0);
	check_drive0(&id);

	/* we20's class entry links to the other SCSI device: not believed */
	link_to(scsi(3), pathf("%s/we2/we20/device", scsi(2)));
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), -ENODEV);
	CHECK_INT(we2_drive_find(pathf("%s/we20", dev), &id), -ENODEV);
	CHECK_INT(we2_drive_list(ids, 2), 1);
	CHECK_STR(ids[0].we2, pathf("%s/we21", dev));
	link_to(scsi(2), pathf("%s/we2/we20/device", scsi(2)));
	CHECK_INT(we2_drive_list(ids, 2), 2);

	/* /dev/we20 with numbers sysfs does not give it */
	put(pathf("%s/we20", dev), pathf("c %d:7\n", WE2_MAJ));
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), -ENODEV);
	CHECK_INT(we2_drive_list(ids, 2), 1);
	put(pathf("%s/we20", dev), pathf("c %d:0\n", WE2_MAJ));
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), 0);

	/* an sg node of other numbers, or none: the drive without its sg */
	put(pathf("%s/sg0", dev), "c 21:5\n");
	CHECK_INT(we2_drive_find(pathf("%s/we20", dev), &id), 0);
	CHECK_STR(id.sg, "");
	CHECK_STR(id.sr, pathf("%s/sr0", dev));
	unlink(pathf("%s/sr0", dev));
	CHECK_INT(we2_drive_find(pathf("%s/we20", dev), &id), 0);
	CHECK_STR(id.sr, "");
	CHECK_STR(id.we2, pathf("%s/we20", dev));
	/* sr0's class entry gone (sr_mod unloaded): no sr, still the drive */
	put(pathf("%s/sr0", dev), "b 11:0\n");
	unlink(pathf("%s/block/sr0", sys));
	CHECK_INT(we2_drive_find(pathf("%s/we20", dev), &id), 0);
	CHECK_STR(id.sr, "");
}

/* the node's writers, as sysfs counts them */
static void test_writers(void)
{
	struct we2_drive_id id;

	T_CASE("drive-writers");
	tree_new();
	add_drive(2, 0, "MMCREC", "Emulated Rec");
	CHECK_INT(we2_drive_find(pathf("%s/sr0", dev), &id), 0);
	/* a module older than the attribute */
	CHECK_INT(we2_drive_writers(&id), -ENOENT);
	put(pathf("%s/class/we2/we20/writers", sys), "0\n");
	CHECK_INT(we2_drive_writers(&id), 0);
	put(pathf("%s/class/we2/we20/writers", sys), "2\n");
	CHECK_INT(we2_drive_writers(&id), 2);
	put(pathf("%s/class/we2/we20/writers", sys), "two\n");
	CHECK_INT(we2_drive_writers(&id), -EPROTO);
	put(pathf("%s/class/we2/we20/writers", sys), "99999999999\n");
	CHECK_INT(we2_drive_writers(&id), -EPROTO);
	CHECK_INT(we2_drive_writers(NULL), -EINVAL);
}

/* the real /sys and /dev: /dev/null is a node, but of no drive */
static void test_real_roots(void)
{
	struct we2_drive_id id;

	T_CASE("find-real-dev-null");
	unsetenv("WE2_SYSFS_ROOT");
	unsetenv("WE2_DEV_ROOT");
	CHECK_INT(we2_drive_find("/dev/null", &id), -ENODEV);
	CHECK_INT(we2_drive_find("/proc/self/status", &id), -ENOTTY);
}

int main(void)
{
	test_every_name();
	test_two_drives();
	test_list_order();
	test_none();
	test_not_a_drive();
	test_wrong_links();
	test_writers();
	test_real_roots();
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return t_done();
}
