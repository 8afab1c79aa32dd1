// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The recorder's own commands: SG_IO on its /dev/srN, held the way burners
 * hold it. Data sectors never come here; they go through we2.
 *
 * The kernel lets a descriptor opened for writing send MMC's write-class
 * commands (MODE SELECT, SEND CUE SHEET, RESERVE TRACK, SET STREAMING,
 * SYNCHRONIZE CACHE, CLOSE TRACK/SESSION) without root, so a member of
 * the cdrom group can burn.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <scsi/sg.h>

#include "libwe2.h"
#include "sysfs.h"

#define SG_DEFAULT_TIMEOUT_MS	30000
#define SCSI_CHECK_CONDITION	0x02
#define SCSI_BUSY		0x08
#define DID_NO_CONNECT		0x01
#define DID_BUS_BUSY		0x02
#define DID_TIME_OUT		0x03
#define DRIVER_TIMEOUT		0x06
#define DRIVER_SENSE		0x08

struct we2_drive {
	int		fd;
	pthread_mutex_t	lock;		/* the last failure, below */
	uint8_t		op;		/* opcode of the last failed command */
	int		err;		/* its -errno */
	uint32_t	sense_len;
	uint8_t		sense[WE2_SENSE_MAX];
};

int we2_drive_open(struct we2_drive **dp, const char *path)
{
	struct we2_drive *d;
	struct stat st;
	int version;

	if (!dp || !path)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	/*
	 * O_NONBLOCK: the cdrom layer refuses a write-open of write-once
	 * media without it. O_EXCL with O_RDWR: no other program opens the
	 * drive meanwhile, and the kernel stops polling it for media events,
	 * which would otherwise go between our commands.
	 */
	d->fd = open(path, O_RDWR | O_EXCL | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0) {
		int ret = -errno;

		free(d);
		return ret;
	}
	if (fstat(d->fd, &st) || !S_ISBLK(st.st_mode) ||
	    ioctl(d->fd, SG_GET_VERSION_NUM, &version) < 0) {
		close(d->fd);
		free(d);
		return -ENOTTY;
	}
	pthread_mutex_init(&d->lock, NULL);
	*dp = d;
	return 0;
}

void we2_drive_close(struct we2_drive *d)
{
	if (!d)
		return;
	close(d->fd);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

int we2_drive_fd(const struct we2_drive *d)
{
	return d->fd;
}

/*
 * The drive of a we2 node: /sys/dev/char/MAJ:MIN/device is its SCSI device,
 * whose block/ directory names the sr disk.
 */
int we2_drive_path(int we2_fd, char *buf, size_t size)
{
	char dir[96], name[64];
	struct stat st;
	int ret;

	if (!buf || !size)
		return -EINVAL;
	if (fstat(we2_fd, &st))
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	snprintf(dir, sizeof(dir), "/sys/dev/char/%u:%u/device/block",
		 major(st.st_rdev), minor(st.st_rdev));
	ret = __we2_first_entry(dir, name, sizeof(name));
	if (ret)
		return ret;
	if ((size_t)snprintf(buf, size, "/dev/%s", name) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static int drive_fail(struct we2_drive *d, uint8_t op, int err,
		      const uint8_t *sense, uint32_t sense_len)
{
	pthread_mutex_lock(&d->lock);
	d->op = op;
	d->err = err;
	d->sense_len = sense_len;
	if (sense_len)
		memcpy(d->sense, sense, sense_len);
	pthread_mutex_unlock(&d->lock);
	return err;
}

int we2_drive_cmd(struct we2_drive *d, const uint8_t *cdb,
		  unsigned int cdb_len, int dir, void *buf, uint32_t len,
		  unsigned int timeout_ms)
{
	uint8_t sense[WE2_SENSE_MAX];
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.cmdp = (unsigned char *)cdb,
		.cmd_len = cdb_len,
		.dxferp = buf,
		.dxfer_len = len,
		.sbp = sense,
		.mx_sb_len = sizeof(sense),
		.timeout = timeout_ms ?: SG_DEFAULT_TIMEOUT_MS,
	};

	if (!d || !cdb || cdb_len < 6 || cdb_len > 16 || (len && !buf))
		return -EINVAL;
	switch (dir) {
	case WE2_DIR_NONE:
		if (len)
			return -EINVAL;
		io.dxfer_direction = SG_DXFER_NONE;
		break;
	case WE2_DIR_IN:
		io.dxfer_direction = SG_DXFER_FROM_DEV;
		break;
	case WE2_DIR_OUT:
		io.dxfer_direction = SG_DXFER_TO_DEV;
		break;
	default:
		return -EINVAL;
	}
	if (ioctl(d->fd, SG_IO, &io) < 0)
		return drive_fail(d, cdb[0], -errno, NULL, 0);
	if (io.status == SCSI_CHECK_CONDITION ||
	    (io.sb_len_wr && (io.driver_status & 0x0f) == DRIVER_SENSE))
		return drive_fail(d, cdb[0], -EIO, sense,
				  io.sb_len_wr < sizeof(sense) ? io.sb_len_wr :
				  sizeof(sense));
	if (io.host_status == DID_TIME_OUT || io.driver_status == DRIVER_TIMEOUT)
		return drive_fail(d, cdb[0], -ETIMEDOUT, NULL, 0);
	if (io.host_status == DID_NO_CONNECT)
		return drive_fail(d, cdb[0], -ENODEV, NULL, 0);
	if (io.status == SCSI_BUSY || io.host_status == DID_BUS_BUSY)
		return drive_fail(d, cdb[0], -EBUSY, NULL, 0);
	if (io.status || io.host_status || io.driver_status)
		return drive_fail(d, cdb[0], -EIO, NULL, 0);
	if (dir != WE2_DIR_IN)
		return 0;
	/* the bytes received: what was asked for less the residual count */
	if (io.resid < 0 || (uint32_t)io.resid > len)
		return 0;
	return (int)(len - io.resid);
}

int we2_drive_sense(struct we2_drive *d, uint8_t *buf, size_t size)
{
	size_t n;

	pthread_mutex_lock(&d->lock);
	n = d->sense_len < size ? d->sense_len : size;
	if (n)
		memcpy(buf, d->sense, n);
	pthread_mutex_unlock(&d->lock);
	return (int)n;
}

/* The names MMC gives the commands this library sends. */
static const char *op_name(uint8_t op)
{
	switch (op) {
	case 0x00: return "TEST UNIT READY";
	case 0x1b: return "START STOP UNIT";
	case 0x1e: return "PREVENT ALLOW MEDIUM REMOVAL";
	case 0x35: return "SYNCHRONIZE CACHE";
	case 0x28: return "READ(10)";
	case 0x3c: return "READ BUFFER";
	case 0x43: return "READ TOC/PMA/ATIP";
	case 0x46: return "GET CONFIGURATION";
	case 0x51: return "READ DISC INFORMATION";
	case 0x52: return "READ TRACK INFORMATION";
	case 0x53: return "RESERVE TRACK";
	case 0x55: return "MODE SELECT(10)";
	case 0x5a: return "MODE SENSE(10)";
	case 0x5b: return "CLOSE TRACK/SESSION";
	case 0x5c: return "READ BUFFER CAPACITY";
	case 0x5d: return "SEND CUE SHEET";
	case 0xac: return "GET PERFORMANCE";
	case 0xb6: return "SET STREAMING";
	case 0xbb: return "SET CD SPEED";
	default: return NULL;
	}
}

int we2_drive_strerror(struct we2_drive *d, char *buf, size_t size)
{
	char op[24], what[192];
	const char *name;
	int n;

	if (!buf && size)
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	name = op_name(d->op);
	if (!name) {
		snprintf(op, sizeof(op), "command 0x%02x", d->op);
		name = op;
	}
	if (d->sense_len)
		we2_strsense(d->sense, d->sense_len, what, sizeof(what));
	else
		snprintf(what, sizeof(what), "%s", strerror(-d->err));
	n = snprintf(buf, size, "%s: %s", name, what);
	pthread_mutex_unlock(&d->lock);
	return n;
}
