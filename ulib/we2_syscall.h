/* SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT) */
/*
 * Private to libwe2: the system calls, turned into -errno returns.
 */
#ifndef LIBWE2_SYSCALL_H
#define LIBWE2_SYSCALL_H

#include <errno.h>
#include <sys/ioctl.h>

/* ioctl(2) as libwe2 returns it: the result, or -errno. */
static inline int __we2_ioctl(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	return ret < 0 ? -errno : ret;
}

#endif /* LIBWE2_SYSCALL_H */
