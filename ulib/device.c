// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Opening and closing a we2 node, and the calls that only read from it or
 * cancel: info, status, cancel.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "libwe2.h"
#include "we2_syscall.h"

int we2_open(const char *path, int flags)
{
	struct we2_info info;
	int acc = flags & O_ACCMODE;
	int fd, ret;

	if (!path || (flags & ~(O_ACCMODE | O_CLOEXEC | O_NONBLOCK | O_EXCL)) ||
	    (acc != O_RDONLY && acc != O_RDWR) ||
	    ((flags & O_EXCL) && acc != O_RDWR))
		return -EINVAL;

	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	/* refuse a node that is not ours before anything is sent to it */
	ret = we2_get_info(fd, &info);
	if (ret < 0) {
		close(fd);
		return ret == -EINVAL ? -ENOTTY : ret;
	}
	return fd;
}

int we2_close(int fd)
{
	/* On Linux the descriptor is released even when close() fails. */
	return close(fd) < 0 ? -errno : 0;
}

int we2_get_info(int fd, struct we2_info *info)
{
	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	return __we2_ioctl(fd, WE2_IOC_GET_INFO, info);
}

int we2_get_status(int fd, struct we2_status *st)
{
	if (!st)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	return __we2_ioctl(fd, WE2_IOC_GET_STATUS, st);
}

int we2_cancel(int fd)
{
	return __we2_ioctl(fd, WE2_IOC_CANCEL, NULL);
}
