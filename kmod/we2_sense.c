// SPDX-License-Identifier: GPL-2.0
/*
 * The sectors a failed WRITE put on the medium, from its sense data; and
 * whether a refused WRITE is only to be sent again later; and the sense
 * data summed up in one word for an io_uring CQE.
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
#include <linux/minmax.h>
#include <linux/time64.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_proto.h>
#include <uapi/linux/we2.h>

#include "we2_compat.h"
#include "we2_sense.h"

/*
 * The information field, when valid. scsi_get_sense_info_fld() would do,
 * but it lives in scsi_mod and skips the descriptor's VALID bit, which SPC
 * requires before the field may be trusted.
 */
static bool we2_sense_info(const u8 *sense, u32 len,
			   const struct scsi_sense_hdr *sshdr, u64 *info)
{
	const u8 *d;

	if (sshdr->response_code < 0x72) {	/* fixed format */
		if (len < 7 || !(sense[0] & 0x80))
			return false;
		*info = get_unaligned_be32(&sense[3]);
		return true;
	}
	/*
	 * The information descriptor, whole within the data we have, before
	 * any byte of it past its type is read: scsi_sense_desc_find() can
	 * return a type byte that is the data's last.
	 */
	d = scsi_sense_desc_find(sense, len, 0x00);
	if (!d || d + 12 > sense + len || d[1] < 0x0a || !(d[2] & 0x80))
		return false;
	*info = get_unaligned_be64(&d[4]);
	return true;
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
	struct scsi_sense_hdr sshdr;
	u64 info;
	u32 off;

	if (!sense || !scsi_normalize_sense(sense, len, &sshdr))
		return 0;
	/* a deferred error is about an earlier command */
	if (scsi_sense_is_deferred(&sshdr))
		return 0;
	if (sshdr.sense_key != MEDIUM_ERROR &&
	    sshdr.sense_key != HARDWARE_ERROR)
		return 0;
	if (!we2_sense_info(sense, len, &sshdr, &info))
		return 0;
	/* the CDB's 32-bit LBA field, signed or not */
	if (info > U32_MAX)
		return 0;
	off = (u32)info - (u32)lba;
	return off < nr ? off : 0;
}

/**
 * we2_sense_summary() - an io_uring write's sense data in one word (res2)
 * @sense: the command's sense data
 * @len: its bytes
 *
 * Return: 0 without sense data; else WE2_URING_SENSE_VALID with the key,
 * ASC and ASCQ, WE2_URING_SENSE_DEFERRED for a deferred error, and the
 * information field in the upper 32 bits (WE2_URING_SENSE_INFO_VALID)
 * when it is valid and fits them.
 */
u64 we2_sense_summary(const u8 *sense, u32 len)
{
	struct scsi_sense_hdr sshdr;
	u64 v, info;

	if (!sense || !len || !scsi_normalize_sense(sense, len, &sshdr))
		return 0;
	v = WE2_URING_SENSE_VALID | (u64)sshdr.sense_key << 16 |
	    (u64)sshdr.asc << 8 | sshdr.ascq;
	if (scsi_sense_is_deferred(&sshdr))
		v |= WE2_URING_SENSE_DEFERRED;
	if (we2_sense_info(sense, len, &sshdr, &info) && info <= U32_MAX)
		v |= WE2_URING_SENSE_INFO_VALID | info << 32;
	return v;
}

/*
 * Back-off before a WRITE answered NOT READY goes again: short at first
 * (a drive's buffer of a few MiB drains a 64 KiB command's worth in a few
 * milliseconds at DVD speeds, and the buffer must not run dry while the
 * host waits), doubling to a ceiling that still polls a drive spinning up
 * twenty times a second.
 */
#define WE2_NOT_READY_FIRST_NS	(2 * NSEC_PER_MSEC)
#define WE2_NOT_READY_MAX_NS	(50 * NSEC_PER_MSEC)

/**
 * we2_sense_not_ready() - did the drive refuse a WRITE only for now?
 * @sense: the command's sense data
 * @len: bytes of it
 *
 * NOT READY with LOGICAL UNIT IS IN PROCESS OF BECOMING READY (04/01,
 * after a disc is loaded), OPERATION IN PROGRESS (04/07) or LONG WRITE IN
 * PROGRESS (04/08): the flow control drives use when their buffer is full
 * instead of holding the command. The drive took none of the command's
 * data; growisofs, libburn and wodim send it again. Any other NOT READY
 * (no medium, a tray open, a drive that needs START STOP UNIT) is not
 * going to pass by waiting.
 *
 * Return: true if the command should be sent again after a back-off.
 */
bool we2_sense_not_ready(const u8 *sense, u32 len)
{
	struct scsi_sense_hdr sshdr;

	if (!sense || !scsi_normalize_sense(sense, len, &sshdr))
		return false;
	if (scsi_sense_is_deferred(&sshdr) || sshdr.sense_key != NOT_READY ||
	    sshdr.asc != 0x04)
		return false;
	return sshdr.ascq == 0x01 || sshdr.ascq == 0x07 || sshdr.ascq == 0x08;
}

/**
 * we2_not_ready_backoff_ns() - how long to wait before sending again
 * @attempt: how many times the command was answered NOT READY before
 *
 * Return: the wait in ns, 2 ms doubling up to 50 ms.
 */
u64 we2_not_ready_backoff_ns(unsigned int attempt)
{
	if (attempt >= 5)
		return WE2_NOT_READY_MAX_NS;
	return min_t(u64, WE2_NOT_READY_FIRST_NS << attempt,
		     WE2_NOT_READY_MAX_NS);
}
