// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * A drive by any of its names: /dev/we2N, /dev/srN, /dev/sgN or a link to
 * one (/dev/cdrom), resolved through sysfs to the SCSI device they share,
 * and the drives there are.
 *
 * People know a drive by its sr node or a udev link, not by its we2 node;
 * the node's numbers, not its name, say which device it is (a link may be
 * called anything, a container's /dev may number differently), so a name
 * is resolved as the kernel sees it: stat(2) for major:minor, then
 * /sys/dev/{char,block}/MAJ:MIN/device, the SCSI device. Its we2/, block/
 * and scsi_generic/ directories name the other nodes; each is believed
 * only when its class entry's device link leads back to the same SCSI
 * device and its node in /dev has the numbers sysfs gives it.
 *
 * WE2_SYSFS_ROOT and WE2_DEV_ROOT move /sys and /dev, for the tests: they
 * build a fake tree in a temporary directory (see libwe2.h).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libwe2.h"
#include "sysfs.h"

struct roots {
	char	sys[PATH_MAX];
	char	dev[PATH_MAX];
	bool	fake;		/* regular files stand for nodes */
};

/* a node's identity: its kind and numbers */
struct node {
	bool		chr;
	unsigned int	maj, min;
};

/* the three nodes of a drive: directory in the SCSI device, class entry */
struct kind {
	const char	*sub;
	const char	*cls;
	bool		chr;
};

static const struct kind KIND_WE2 = { "we2", "class/we2", true };
static const struct kind KIND_SR = { "block", "block", false };
static const struct kind KIND_SG = { "scsi_generic", "class/scsi_generic", true };

/* secure_getenv: a set-id program never takes its sysfs from the caller */
static void roots_get(struct roots *r)
{
	const char *sys = secure_getenv("WE2_SYSFS_ROOT");
	const char *dev = secure_getenv("WE2_DEV_ROOT");

	snprintf(r->sys, sizeof(r->sys), "%s", sys && *sys ? sys : "/sys");
	snprintf(r->dev, sizeof(r->dev), "%s", dev && *dev ? dev : "/dev");
	r->fake = dev && *dev;
}

/* Read a small sysfs file, the trailing blanks and newline dropped. */
static int read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

/* "MAJ:MIN", as sysfs's dev files and the fake nodes hold it */
static int parse_numbers(const char *s, struct node *n)
{
	char end;

	if (sscanf(s, "%u:%u%c", &n->maj, &n->min, &end) != 2)
		return -EINVAL;
	return 0;
}

/*
 * A fake node of the tests' tree: a regular file holding "c MAJ:MIN" or
 * "b MAJ:MIN" (making device nodes takes root).
 */
static int fake_node(const char *path, struct node *n)
{
	char buf[32];

	if (read_attr(path, buf, sizeof(buf)) || (buf[0] != 'c' && buf[0] != 'b') ||
	    buf[1] != ' ' || parse_numbers(buf + 2, n))
		return -ENOTTY;
	n->chr = buf[0] == 'c';
	return 0;
}

static int node_get(const struct roots *r, const char *path, struct node *n)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		n->chr = S_ISCHR(st.st_mode);
		n->maj = major(st.st_rdev);
		n->min = minor(st.st_rdev);
		return 0;
	}
	if (r->fake && S_ISREG(st.st_mode))
		return fake_node(path, n);
	return -ENOTTY;
}

/*
 * The SCSI device behind a node: /sys/dev/TYPE/MAJ:MIN/device, once the
 * entry there says it has those numbers
 */
static int scsi_dir(const struct roots *r, const struct node *n, char *dir)
{
	char path[PATH_MAX + 64], attr[64];
	struct node have;

	snprintf(path, sizeof(path), "%s/dev/%s/%u:%u/dev", r->sys,
		 n->chr ? "char" : "block", n->maj, n->min);
	if (read_attr(path, attr, sizeof(attr)) || parse_numbers(attr, &have) ||
	    have.maj != n->maj || have.min != n->min)
		return -ENODEV;
	snprintf(path, sizeof(path), "%s/dev/%s/%u:%u/device", r->sys,
		 n->chr ? "char" : "block", n->maj, n->min);
	if (!realpath(path, dir))
		return -ENODEV;
	/* a SCSI device has a vendor; a node of anything else stops here */
	snprintf(path, sizeof(path), "%s/vendor", dir);
	if (read_attr(path, attr, sizeof(attr)))
		return -ENODEV;
	return 0;
}

/* The first entry of a directory, or -ENODEV (drive.c's too) */
int __we2_first_entry(const char *dir, char *name, size_t size)
{
	struct dirent *de;
	int ret = -ENODEV;
	DIR *dh;

	dh = opendir(dir);
	if (!dh)
		return -ENODEV;
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		ret = (size_t)snprintf(name, size, "%s", de->d_name) >= size ?
		      -ENAMETOOLONG : 0;
		break;
	}
	closedir(dh);
	return ret;
}

/*
 * The node of one kind of the SCSI device @dir, into @out: named by the
 * device's directory, confirmed by the class entry's device link (back to
 * @dir) and by the numbers of the node in /dev. -ENODEV if any of it
 * does not hold.
 */
static int node_of(const struct roots *r, const char *dir,
		   const struct kind *k, char *out, size_t size)
{
	char name[NAME_MAX + 1], path[PATH_MAX + NAME_MAX + 32];
	char real[PATH_MAX], nums[32];
	struct node want, have;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, k->sub);
	ret = __we2_first_entry(path, name, sizeof(name));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s/%s/device", r->sys, k->cls, name);
	if (!realpath(path, real) || strcmp(real, dir))
		return -ENODEV;
	snprintf(path, sizeof(path), "%s/%s/%s/dev", r->sys, k->cls, name);
	if (read_attr(path, nums, sizeof(nums)) || parse_numbers(nums, &want))
		return -ENODEV;
	want.chr = k->chr;
	if ((size_t)snprintf(out, size, "%s/%s", r->dev, name) >= size)
		return -ENAMETOOLONG;
	if (node_get(r, out, &have) || have.chr != want.chr ||
	    have.maj != want.maj || have.min != want.min)
		return -ENODEV;
	return 0;
}

static void attr_of(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_attr(path, buf, size))
		buf[0] = '\0';
}

/* Everything about the drive whose SCSI device is @dir; its we2 node must be */
static int fill(const struct roots *r, const char *dir, struct we2_drive_id *id)
{
	const char *base = strrchr(dir, '/');
	int ret;

	memset(id, 0, sizeof(*id));
	ret = node_of(r, dir, &KIND_WE2, id->we2, sizeof(id->we2));
	if (ret)
		return ret;
	/* sr_mod or sg may not be loaded, or their node not made yet */
	if (node_of(r, dir, &KIND_SR, id->sr, sizeof(id->sr)))
		id->sr[0] = '\0';
	if (node_of(r, dir, &KIND_SG, id->sg, sizeof(id->sg)))
		id->sg[0] = '\0';
	snprintf(id->scsi, sizeof(id->scsi), "%s", base ? base + 1 : dir);
	attr_of(dir, "vendor", id->vendor, sizeof(id->vendor));
	attr_of(dir, "model", id->model, sizeof(id->model));
	attr_of(dir, "rev", id->rev, sizeof(id->rev));
	return 0;
}

/* @path is a node with the numbers of @n */
static bool same_node(const struct roots *r, const char *path,
		      const struct node *n)
{
	struct node have;

	return path[0] && !node_get(r, path, &have) && have.chr == n->chr &&
	       have.maj == n->maj && have.min == n->min;
}

int we2_drive_find(const char *name, struct we2_drive_id *id)
{
	struct roots r;
	struct node n;
	char dir[PATH_MAX];
	int ret;

	if (!name || !id)
		return -EINVAL;
	roots_get(&r);
	ret = node_get(&r, name, &n);
	if (!ret)
		ret = scsi_dir(&r, &n, dir);
	if (!ret)
		ret = fill(&r, dir, id);
	/* the name is one of the drive's nodes, or a link went astray */
	if (!ret && !same_node(&r, id->we2, &n) && !same_node(&r, id->sr, &n) &&
	    !same_node(&r, id->sg, &n))
		ret = -ENODEV;
	if (ret)
		memset(id, 0, sizeof(*id));
	return ret;
}

int we2_drive_writers(const struct we2_drive_id *id)
{
	char path[PATH_MAX + NAME_MAX + 32], buf[32], *end;
	const char *name;
	unsigned long v;
	struct roots r;
	int ret;

	if (!id || !id->we2[0])
		return -EINVAL;
	name = strrchr(id->we2, '/');
	name = name ? name + 1 : id->we2;
	roots_get(&r);
	snprintf(path, sizeof(path), "%s/class/we2/%s/writers", r.sys, name);
	ret = read_attr(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || *end || v > INT_MAX)
		return -EPROTO;
	return (int)v;
}

static int we2_entry(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

int we2_drive_list(struct we2_drive_id *ids, unsigned int max)
{
	char path[PATH_MAX + NAME_MAX + 32], dir[PATH_MAX];
	struct dirent **names;
	struct we2_drive_id id;
	struct roots r;
	int i, n, found = 0;

	if (max && !ids)
		return -EINVAL;
	roots_get(&r);
	snprintf(path, sizeof(path), "%s/class/we2", r.sys);
	/* versionsort: we22 after we21, we210 after we29 */
	n = scandir(path, &names, we2_entry, versionsort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/class/we2/%s/device", r.sys,
			 names[i]->d_name);
		/* a node on its way out, or a link that leads elsewhere */
		if (!realpath(path, dir) || fill(&r, dir, &id) ||
		    strcmp(strrchr(id.we2, '/') + 1, names[i]->d_name))
			continue;
		if ((unsigned int)found < max)
			ids[found] = id;
		found++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found;
}
