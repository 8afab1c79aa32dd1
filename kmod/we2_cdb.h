/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CDB builders for the commands we2 sends. Pure functions: no SCSI or
 * block layer calls, so KUnit can test them on their own.
 */
#ifndef _WE2_CDB_H
#define _WE2_CDB_H

#include <linux/types.h>

#define WE2_WRITE10_LEN		10
#define WE2_WRITE12_LEN		12
#define WE2_WRITE10_MAX_BLOCKS	0xffffU
#define WE2_WRITE12_MAX_BLOCKS	0xffffffffU

/* WRITE(12) byte 10 bit 7: trade defect management for nominal speed */
#define WE2_WRITE12_STREAMING	0x80

bool we2_lba_fits(s64 lba);
int we2_cdb_write10(u8 *cdb, s64 lba, u32 nr_blocks);
int we2_cdb_write12(u8 *cdb, s64 lba, u32 nr_blocks, bool streaming);

#endif /* _WE2_CDB_H */
