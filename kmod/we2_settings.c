// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of the per-device write settings, shared by the SET_CONFIG
 * ioctl and the sysfs attributes so both refuse exactly the same values.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <uapi/linux/we2.h>

#include "we2_settings.h"

void we2_settings_init(struct we2_settings *s)
{
	s->bytes_per_sector = WE2_UNSET;
	s->starting_sps = WE2_UNSET;
	s->ending_sps = WE2_UNSET;
	s->write12 = false;
	s->timeout_ms = WE2_DEFAULT_TIMEOUT_MS;
	s->transfer_cap = WE2_DEFAULT_TRANSFER_CAP;
}

static bool we2_sps_valid(s32 sps)
{
	return sps == WE2_UNSET || sps >= 1;
}

static bool we2_reserved_zero(const struct we2_config *req)
{
	int i;

	if (req->reserved0)
		return false;
	for (i = 0; i < ARRAY_SIZE(req->reserved); i++)
		if (req->reserved[i])
			return false;
	return true;
}

/**
 * we2_settings_check() - may @req be applied to @cur?
 * @cur: the settings now
 * @req: the fields to change (those whose bit is set in @req->mask)
 * @max_transfer: the device's maximum transfer in bytes
 *
 * The request is checked as a whole against the settings it would produce,
 * so that a sector that no longer fits one command is refused whichever of
 * bytes_per_sector and transfer_cap_bytes is changed.
 *
 * Return: 0, or -EINVAL.
 */
int we2_settings_check(const struct we2_settings *cur,
		       const struct we2_config *req, u32 max_transfer)
{
	struct we2_settings next = *cur;
	u32 m = req->mask;

	if (m & ~WE2_CFG_ALL || !we2_reserved_zero(req))
		return -EINVAL;
	if (m & WE2_CFG_BYTES_PER_SECTOR &&
	    req->bytes_per_sector != WE2_UNSET &&
	    (req->bytes_per_sector < 1 ||
	     (u32)req->bytes_per_sector > max_transfer))
		return -EINVAL;
	if (m & WE2_CFG_STARTING_SPS &&
	    !we2_sps_valid(req->starting_sectors_per_second))
		return -EINVAL;
	if (m & WE2_CFG_ENDING_SPS &&
	    !we2_sps_valid(req->ending_sectors_per_second))
		return -EINVAL;
	if (m & WE2_CFG_STREAMING_WRITE12 && req->use_streaming_write12 > 1)
		return -EINVAL;
	if (m & WE2_CFG_TIMEOUT &&
	    (req->timeout_ms < WE2_MIN_TIMEOUT_MS ||
	     req->timeout_ms > WE2_MAX_TIMEOUT_MS))
		return -EINVAL;
	if (m & WE2_CFG_TRANSFER_CAP &&
	    (!req->transfer_cap_bytes || req->transfer_cap_bytes > max_transfer))
		return -EINVAL;

	we2_settings_apply(&next, req);
	if (next.bytes_per_sector != WE2_UNSET &&
	    (u32)next.bytes_per_sector > next.transfer_cap)
		return -EINVAL;
	return 0;
}

/* Apply a request that we2_settings_check() accepted. */
void we2_settings_apply(struct we2_settings *s, const struct we2_config *req)
{
	u32 m = req->mask;

	if (m & WE2_CFG_BYTES_PER_SECTOR)
		s->bytes_per_sector = req->bytes_per_sector;
	if (m & WE2_CFG_STARTING_SPS)
		s->starting_sps = req->starting_sectors_per_second;
	if (m & WE2_CFG_ENDING_SPS)
		s->ending_sps = req->ending_sectors_per_second;
	if (m & WE2_CFG_STREAMING_WRITE12)
		s->write12 = req->use_streaming_write12;
	if (m & WE2_CFG_TIMEOUT)
		s->timeout_ms = req->timeout_ms;
	if (m & WE2_CFG_TRANSFER_CAP)
		s->transfer_cap = req->transfer_cap_bytes;
}

void we2_settings_to_config(const struct we2_settings *s,
			    struct we2_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mask = WE2_CFG_ALL;
	cfg->bytes_per_sector = s->bytes_per_sector;
	cfg->starting_sectors_per_second = s->starting_sps;
	cfg->ending_sectors_per_second = s->ending_sps;
	cfg->use_streaming_write12 = s->write12;
	cfg->timeout_ms = s->timeout_ms;
	cfg->transfer_cap_bytes = s->transfer_cap;
}
