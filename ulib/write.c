// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Section writes: WE2_IOC_WRITE_SECTION.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "libwe2.h"
#include "we2_syscall.h"

int we2_write_section(int fd, const void *buf, int64_t start_lba,
		      uint32_t nr_sectors, struct we2_write_result *res)
{
	/* out fields and reserved space must be zero going in */
	struct we2_write_section ws = {
		.buf = (uintptr_t)buf,
		.start_lba = start_lba,
		.nr_sectors = nr_sectors,
	};
	int ret;

	if (res) {
		res->sectors_written = 0;
		res->sense_len = 0;
		ws.sense_buf = (uintptr_t)res->sense;
		ws.sense_len = sizeof(res->sense);
	}

	/* the count comes back as an int */
	if (nr_sectors > INT_MAX)
		return -EINVAL;

	ret = __we2_ioctl(fd, WE2_IOC_WRITE_SECTION, &ws);
	if (res) {
		res->sectors_written = ws.sectors_written;
		res->sense_len = ws.sense_written < sizeof(res->sense) ?
				 ws.sense_written : sizeof(res->sense);
	}
	return ret;
}
