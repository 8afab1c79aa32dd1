// SPDX-License-Identifier: GPL-2.0
/*
 * The pacing model. The allowed rate is linear in the sector index:
 *
 *	rate(x) = start + (end - start) * x / n,	0 <= x <= n
 *
 * and a transfer of len sectors from sector x takes len / rate(x + len/2)
 * seconds (the midpoint rule: against the exact integral of 1/rate its
 * error is below 1e-5 for transfers of a few dozen sectors in sections of
 * thousands). Its successor may be sent that much later. Rates are carried
 * in thousandths of a sector per second, and every product goes through
 * mul_u64_u64_div_u64(), so nothing overflows for any count up to 2^32 and
 * any rate up to 2^31 - 1.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <uapi/linux/we2.h>

#include "we2_pace.h"

/**
 * we2_pace_enabled() - whether settings ask for pacing
 * @starting_sps: the starting_sectors_per_second setting
 * @ending_sps: the ending_sectors_per_second setting
 *
 * Return: true when both are set (not WE2_UNSET): either one unset means
 * "as fast as the device goes".
 */
bool we2_pace_enabled(s32 starting_sps, s32 ending_sps)
{
	return starting_sps > 0 && ending_sps > 0;
}

/* rate at twice-the-sector @x2 (half sectors count), in milli-sectors/s */
static u64 we2_pace_rate_milli(u32 start, u32 end, u64 n, u64 x2)
{
	u64 base = (u64)start * 1000;
	u64 span = (u64)abs((s64)end - (s64)start) * 1000;
	u64 along;

	x2 = min(x2, 2 * n);
	along = mul_u64_u64_div_u64(span, x2, 2 * n);
	return end >= start ? base + along : base - along;
}

/**
 * we2_pace_rate() - the allowed rate at a sector of the section
 * @start_sps: rate at sector 0, at least 1
 * @end_sps: rate at sector @nr_sectors, at least 1
 * @nr_sectors: sectors in the section, at least 1
 * @sector: index of the sector in the section; past the end, the end rate
 *
 * Return: sectors per second, rounded down.
 */
u32 we2_pace_rate(u32 start_sps, u32 end_sps, u64 nr_sectors, u64 sector)
{
	return div_u64(we2_pace_rate_milli(start_sps, end_sps, nr_sectors,
					   2 * sector), 1000);
}

/**
 * we2_pace_step_ns() - how long a transfer takes at the ramp's rate
 * @start_sps: rate at sector 0, at least 1
 * @end_sps: rate at the end, at least 1
 * @nr_sectors: sectors in the section, at least 1
 * @sector: index of the transfer's first sector in the section
 * @len: sectors in the transfer
 *
 * Return: nanoseconds between this transfer and the next.
 */
u64 we2_pace_step_ns(u32 start_sps, u32 end_sps, u64 nr_sectors, u64 sector,
		     u32 len)
{
	u64 rate = we2_pace_rate_milli(start_sps, end_sps, nr_sectors,
				       2 * sector + len);

	return mul_u64_u64_div_u64(len, NSEC_PER_SEC * 1000ULL, rate);
}

/**
 * we2_pace_begin() - start the schedule of a section
 * @p: the schedule
 * @nr_sectors: sectors in the section
 * @now_ns: the current time
 */
void we2_pace_begin(struct we2_pace *p, u64 nr_sectors, u64 now_ns)
{
	p->nr_sectors = max_t(u64, nr_sectors, 1);
	p->next_ns = now_ns;
}

/**
 * we2_pace_slot() - when a transfer may be sent, and book its time
 * @p: the schedule
 * @start_sps: the starting rate now (it may change during a section: the
 *	change applies from this transfer on)
 * @end_sps: the ending rate now
 * @sector: index of the transfer's first sector in the section
 * @len: sectors in the transfer
 * @now_ns: the current time
 *
 * Transfers are booked back to back, so a late wake-up is made up by the
 * next transfer and the section's duration stays the model's. Only when
 * the device kept us behind by more than WE2_PACE_MAX_LAG_NS does the
 * schedule restart from now, rather than let a burst catch up.
 *
 * Return: the time at which the transfer may be sent (<= @now_ns: now).
 */
u64 we2_pace_slot(struct we2_pace *p, u32 start_sps, u32 end_sps, u64 sector,
		  u32 len, u64 now_ns)
{
	u64 slot;

	if (now_ns > p->next_ns + WE2_PACE_MAX_LAG_NS)
		p->next_ns = now_ns;
	slot = p->next_ns;
	p->next_ns += we2_pace_step_ns(start_sps, end_sps, p->nr_sectors,
				       sector, len);
	return slot;
}
