/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device's write settings and their validation. Pure: no SCSI or block
 * layer calls, so KUnit can test them on their own.
 */
#ifndef _WE2_SETTINGS_H
#define _WE2_SETTINGS_H

#include <linux/types.h>

struct we2_config;

#define WE2_DEFAULT_TIMEOUT_MS		60000U
#define WE2_MIN_TIMEOUT_MS		1000U
#define WE2_MAX_TIMEOUT_MS		3600000U
#define WE2_DEFAULT_TRANSFER_CAP	65536U

/**
 * struct we2_settings - what a section write is done with
 * @bytes_per_sector: WE2_UNSET or 1 up to the device's max transfer
 * @starting_sps: sectors per second at the start, WE2_UNSET = maximum
 * @ending_sps: sectors per second at the end, WE2_UNSET = maximum
 * @write12: WRITE(12) with the Streaming bit instead of WRITE(10)
 * @timeout_ms: per-command timeout
 * @transfer_cap: upper bound on one command's data, in bytes
 */
struct we2_settings {
	s32 bytes_per_sector;
	s32 starting_sps;
	s32 ending_sps;
	bool write12;
	u32 timeout_ms;
	u32 transfer_cap;
};

void we2_settings_init(struct we2_settings *s);
int we2_settings_check(const struct we2_settings *cur,
		       const struct we2_config *req, u32 max_transfer);
void we2_settings_apply(struct we2_settings *s, const struct we2_config *req);
void we2_settings_to_config(const struct we2_settings *s,
			    struct we2_config *cfg);

#endif /* _WE2_SETTINGS_H */
