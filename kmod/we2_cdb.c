// SPDX-License-Identifier: GPL-2.0
/*
 * CDB builders for WRITE(10) and WRITE(12) (SBC-3, MMC-6).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>
#include <uapi/linux/we2.h>

#include "we2_cdb.h"
#include "we2_compat.h"

/**
 * we2_lba_fits() - can @lba be sent in a 32-bit CDB LBA field?
 * @lba: logical block address, negative for the CD lead-in and pre-gap
 *
 * MMC recorders take negative LBAs as 32-bit two's complement (-150 is
 * 0xffffff6a); disks take the field as unsigned. Both ranges are allowed.
 */
bool we2_lba_fits(s64 lba)
{
	return lba >= WE2_LBA_MIN && lba <= WE2_LBA_MAX;
}

/**
 * we2_cdb_write10() - build a WRITE(10) CDB
 * @cdb: at least WE2_WRITE10_LEN bytes
 * @lba: first block
 * @nr_blocks: transfer length in blocks, 1 to WE2_WRITE10_MAX_BLOCKS
 *
 * Return: the CDB length, or -ERANGE if @lba or @nr_blocks does not fit.
 */
int we2_cdb_write10(u8 *cdb, s64 lba, u32 nr_blocks)
{
	if (!we2_lba_fits(lba) || !nr_blocks ||
	    nr_blocks > WE2_WRITE10_MAX_BLOCKS)
		return -ERANGE;

	memset(cdb, 0, WE2_WRITE10_LEN);
	cdb[0] = WRITE_10;
	put_unaligned_be32((u32)lba, &cdb[2]);
	put_unaligned_be16(nr_blocks, &cdb[7]);
	return WE2_WRITE10_LEN;
}

/**
 * we2_cdb_write12() - build a WRITE(12) CDB
 * @cdb: at least WE2_WRITE12_LEN bytes
 * @lba: first block
 * @nr_blocks: transfer length in blocks, at least 1
 * @streaming: set the Streaming bit (MMC: no defect management)
 *
 * Return: the CDB length, or -ERANGE if @lba or @nr_blocks does not fit.
 */
int we2_cdb_write12(u8 *cdb, s64 lba, u32 nr_blocks, bool streaming)
{
	if (!we2_lba_fits(lba) || !nr_blocks)
		return -ERANGE;

	memset(cdb, 0, WE2_WRITE12_LEN);
	cdb[0] = WRITE_12;
	put_unaligned_be32((u32)lba, &cdb[2]);
	put_unaligned_be32(nr_blocks, &cdb[6]);
	if (streaming)
		cdb[10] = WE2_WRITE12_STREAMING;
	return WE2_WRITE12_LEN;
}
