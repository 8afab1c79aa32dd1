// SPDX-License-Identifier: GPL-2.0
/*
 * The sectors a failed WRITE put on the medium, from its sense data.
 *
 * A drive that fails a WRITE with a MEDIUM ERROR or HARDWARE ERROR names
 * the sector that failed in the sense data's information field; those
 * before it are on the medium (SBC and MMC; sd_completed_bytes() reads it
 * the same way). Any other failure, or an information field that is not
 * valid or not within the command, or a deferred error (about an earlier
 * command), puts none of the command's sectors on the medium as far as
 * the caller may rely on. Both sense formats are
 * read; the LBA is compared as the 32 bits a WRITE(10)/(12) CDB carries,
 * so the CD pregap's negative LBAs work as the drive reports them.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/kernel.h>
#include <scsi/scsi_proto.h>

#include "we2_compat.h"
#include "we2_sense.h"

/* fixed format: valid bit and a 4-byte information field */
static bool we2_sense_info_fixed(const u8 *sense, u32 len, u8 *key,
				 u64 *info)
{
	if (len < 7)
		return false;
	*key = sense[2] & 0x0f;
	if (!(sense[0] & 0x80))
		return false;
	*info = get_unaligned_be32(&sense[3]);
	return true;
}

/* descriptor format: the information descriptor (type 0), if any */
static bool we2_sense_info_desc(const u8 *sense, u32 len, u8 *key, u64 *info)
{
	u32 at = 8, end;

	if (len < 8)
		return false;
	*key = sense[1] & 0x0f;
	end = min_t(u32, len, 8 + sense[7]);
	while (at + 2 <= end) {
		u32 dlen = 2 + sense[at + 1];

		if (at + dlen > end)
			return false;
		if (sense[at] == 0x00 && dlen >= 12) {
			if (!(sense[at + 2] & 0x80))
				return false;
			*info = get_unaligned_be64(&sense[at + 4]);
			return true;
		}
		at += dlen;
	}
	return false;
}

/**
 * we2_sense_written() - sectors of a failed WRITE that reached the medium
 * @sense: the command's sense data
 * @len: bytes of it
 * @lba: first LBA of the command
 * @nr: sectors in the command
 *
 * Return: the sectors before the one the sense data names as failed, for
 * a MEDIUM ERROR or HARDWARE ERROR whose information field lies within
 * the command; 0 otherwise.
 */
u32 we2_sense_written(const u8 *sense, u32 len, s64 lba, u32 nr)
{
	u8 key = 0;
	u64 info = 0;
	bool valid;
	u32 off;

	if (!sense || len < 1)
		return 0;
	/* a deferred error (0x71, 0x73) is about an earlier command */
	switch (sense[0] & 0x7f) {
	case 0x70:
		valid = we2_sense_info_fixed(sense, len, &key, &info);
		break;
	case 0x72:
		valid = we2_sense_info_desc(sense, len, &key, &info);
		break;
	default:
		return 0;
	}
	if (!valid || (key != MEDIUM_ERROR && key != HARDWARE_ERROR))
		return 0;
	/* the CDB's 32-bit LBA field, signed or not */
	if (info > U32_MAX)
		return 0;
	off = (u32)info - (u32)lba;
	return off < nr ? off : 0;
}
