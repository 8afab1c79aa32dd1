/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a WRITE's sense data says about the sectors it put on the medium.
 * Pure functions: only scsi_common's sense helpers (SCSI_COMMON, which
 * KUnit on User-Mode Linux has too), no SCSI midlayer or block calls.
 */
#ifndef _WE2_SENSE_H
#define _WE2_SENSE_H

#include <linux/types.h>

u32 we2_sense_written(const u8 *sense, u32 len, s64 lba, u32 nr);

#endif /* _WE2_SENSE_H */
