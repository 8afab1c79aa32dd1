/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a WRITE's sense data says: the sectors it put on the medium, and
 * whether the drive only asked for the command again later.
 * Pure functions: only scsi_common's sense helpers (SCSI_COMMON, which
 * KUnit on User-Mode Linux has too), no SCSI midlayer or block calls.
 */
#ifndef _WE2_SENSE_H
#define _WE2_SENSE_H

#include <linux/types.h>

u32 we2_sense_written(const u8 *sense, u32 len, s64 lba, u32 nr);
bool we2_sense_not_ready(const u8 *sense, u32 len);
u64 we2_sense_summary(const u8 *sense, u32 len);
u64 we2_not_ready_backoff_ns(unsigned int attempt);

#endif /* _WE2_SENSE_H */
