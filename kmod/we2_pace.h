/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pacing: when a transfer may be sent so that a section is written at a
 * rate that moves linearly from the starting to the ending sectors per
 * second over its sectors. Pure: no clocks, no SCSI; times are passed in,
 * so KUnit can test the model on its own.
 */
#ifndef _WE2_PACE_H
#define _WE2_PACE_H

#include <linux/types.h>

/* Behind schedule by more than this, the schedule restarts from now. */
#define WE2_PACE_MAX_LAG_NS	(1000ULL * 1000 * 1000)

/**
 * struct we2_pace - the schedule of one paced section
 * @nr_sectors: sectors in the section (the ramp's length)
 * @next_ns: when the next transfer may be sent
 */
struct we2_pace {
	u64 nr_sectors;
	u64 next_ns;
};

bool we2_pace_enabled(s32 starting_sps, s32 ending_sps);
u32 we2_pace_rate(u32 start_sps, u32 end_sps, u64 nr_sectors, u64 sector);
u64 we2_pace_step_ns(u32 start_sps, u32 end_sps, u64 nr_sectors, u64 sector,
		     u32 len);
void we2_pace_begin(struct we2_pace *p, u64 nr_sectors, u64 now_ns);
u64 we2_pace_slot(struct we2_pace *p, u32 start_sps, u32 end_sps, u64 sector,
		  u32 len, u64 now_ns);

#endif /* _WE2_PACE_H */
