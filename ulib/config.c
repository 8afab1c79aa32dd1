// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The device's write settings: WE2_IOC_GET/SET_CONFIG and one setter per
 * setting.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"
#include "we2_syscall.h"

int we2_get_config(int fd, struct we2_config *cfg)
{
	if (!cfg)
		return -EINVAL;
	memset(cfg, 0, sizeof(*cfg));
	return __we2_ioctl(fd, WE2_IOC_GET_CONFIG, cfg);
}

int we2_set_config(int fd, const struct we2_config *cfg)
{
	if (!cfg)
		return -EINVAL;
	/* the kernel only reads it: _IOW */
	return __we2_ioctl(fd, WE2_IOC_SET_CONFIG, (void *)cfg);
}

int we2_set_bytes_per_sector(int fd, int bps)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_BYTES_PER_SECTOR,
		.bytes_per_sector = bps,
	};

	return we2_set_config(fd, &cfg);
}

int we2_set_streaming_write12(int fd, bool on)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_STREAMING_WRITE12,
		.use_streaming_write12 = on,
	};

	return we2_set_config(fd, &cfg);
}

int we2_set_sectors_per_second(int fd, int start, int end)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_STARTING_SPS | WE2_CFG_ENDING_SPS,
		.starting_sectors_per_second = start,
		.ending_sectors_per_second = end,
	};

	return we2_set_config(fd, &cfg);
}

int we2_set_transfer_cap(int fd, unsigned int bytes)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_TRANSFER_CAP,
		.transfer_cap_bytes = bytes,
	};

	return we2_set_config(fd, &cfg);
}

int we2_set_timeout_ms(int fd, unsigned int ms)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_TIMEOUT,
		.timeout_ms = ms,
	};

	return we2_set_config(fd, &cfg);
}
