// SPDX-License-Identifier: GPL-2.0
/*
 * Pacing, as the device's starting/ending sectors per second ask: each
 * transfer is booked a slot on the section's schedule (we2_pace.c) and is
 * not sent before it.
 *
 * A blocking section sleeps until the slot on an hrtimer, killable, and
 * woken early by a cancel or a removal. An io_uring write must not hold up
 * its submitter: admission (we2_admit.c) books its slot when it is next
 * and keeps it, holding no request, until the slot has come.
 *
 * Before a paced section the recorder is told the rate with SET STREAMING;
 * a device that does not know the command (scsi_debug, many disks) is
 * remembered as such, once said in the log and in sysfs, and is paced on
 * our side only.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>

#include "we2.h"
#include "we2_compat.h"
#include "we2_pace.h"

#define WE2_PACE_SLACK_NS		(50 * NSEC_PER_USEC)
#define WE2_SET_STREAMING		0xb6
#define WE2_GET_CONFIGURATION		0x46
#define WE2_CONFIG_HDR_LEN		8
#define WE2_PROFILE_CD_ROM		0x08
#define WE2_PROFILE_CD_RW		0x0a
#define WE2_CD_FRAME_BYTES		2352
#define WE2_PERF_DESC_LEN		28
#define WE2_ASC_INVALID_OPCODE		0x20

/**
 * we2_pace_book() - book the slot of a transfer, if the write is paced
 * @we2: the device; state_lock held
 * @section_lba: first LBA of the section the transfer belongs to
 * @section_sectors: sectors in that section
 * @sector: index of the transfer's first sector in it
 * @len: sectors in the transfer
 * @slot: out: when it may be sent (CLOCK_MONOTONIC ns)
 *
 * The rates are read as they are now: a change made during a write applies
 * from the next transfer. A new section, or pacing switched on during a
 * write, starts a new schedule from now.
 *
 * Return: true if the transfer is paced and @slot is set.
 */
bool we2_pace_book(struct we2_device *we2, s64 section_lba,
		   u64 section_sectors, u64 sector, u32 len, u64 *slot)
{
	s32 start = READ_ONCE(we2->settings.starting_sps);
	s32 end = READ_ONCE(we2->settings.ending_sps);
	u64 now = ktime_get_ns();

	lockdep_assert_held(&we2->state_lock);
	if (!we2_pace_enabled(start, end)) {
		we2->paced = false;
		we2->cur_sps = 0;
		return false;
	}
	if (!we2->paced || we2->section_lba != section_lba ||
	    we2->section_sectors != section_sectors) {
		we2_pace_begin(&we2->pace, section_sectors, now);
		we2->paced = true;
		we2->section_lba = section_lba;
		we2->section_sectors = section_sectors;
	}
	we2->cur_sps = we2_pace_rate(start, end, section_sectors,
				     sector + len / 2);
	*slot = we2_pace_slot(&we2->pace, start, end, sector, len, now);
	return true;
}

/**
 * we2_pace_wait() - sleep until a blocking section's slot
 * @we2: the device
 * @slot: CLOCK_MONOTONIC ns
 * @must_stop: says why the section must stop now, or 0
 *
 * Return: 0 at the slot, else what @must_stop said (cancel, fatal signal,
 * removal), as soon as it says it.
 */
int we2_pace_wait(struct we2_device *we2, u64 slot,
		  int (*must_stop)(struct we2_device *we2))
{
	ktime_t expires = ns_to_ktime(slot);
	DEFINE_WAIT(wait);
	int ret;

	for (;;) {
		prepare_to_wait(&we2->wq, &wait, TASK_KILLABLE);
		ret = must_stop(we2);
		if (ret || ktime_get_ns() >= slot)
			break;
		schedule_hrtimeout_range(&expires, WE2_PACE_SLACK_NS,
					 HRTIMER_MODE_ABS);
	}
	finish_wait(&we2->wq, &wait);
	return ret;
}

static void we2_perf_descriptor(u8 *d, s64 lba, u64 nr, u32 kb_per_s)
{
	/* LBAs as the 32-bit two's complement the CDBs use */
	put_unaligned_be32((u32)lba, d + 4);
	put_unaligned_be32((u32)(lba + nr - 1), d + 8);
	/* sizes per 1000 ms: kB/s, as growisofs and libburn send them */
	put_unaligned_be32(kb_per_s, d + 12);
	put_unaligned_be32(1000, d + 16);
	put_unaligned_be32(kb_per_s, d + 20);
	put_unaligned_be32(1000, d + 24);
}

/*
 * Send one small MMC command with @len bytes at @buf (kernel memory) as
 * its data, in the direction @op gives, and wait for it. @sshdr gets its
 * sense data, if any.
 *
 * Return: the SCSI result (0: GOOD), or a negative errno when it could
 * not be sent.
 */
static int we2_mmc_command(struct we2_device *we2, const u8 *cdb,
			   unsigned int cdb_len, enum req_op op, void *buf,
			   unsigned int len, struct scsi_sense_hdr *sshdr)
{
	struct scsi_cmnd *scmd;
	struct request *rq;
	int ret;

	memset(sshdr, 0, sizeof(*sshdr));
	rq = scsi_alloc_request(we2->sdev->request_queue, op, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	scmd = blk_mq_rq_to_pdu(rq);
	memcpy(scmd->cmnd, cdb, cdb_len);
	scmd->cmd_len = cdb_len;
	scmd->allowed = 0;
	rq->timeout = msecs_to_jiffies(READ_ONCE(we2->settings.timeout_ms));
	ret = we2_rq_map_kern(rq, buf, len);
	if (!ret) {
		blk_execute_rq(rq, false);
		ret = scmd->result;
		scsi_normalize_sense(scmd->sense_buffer, scmd->sense_len, sshdr);
	}
	blk_mq_free_request(rq);
	return ret;
}

/*
 * Is the medium in the drive a CD (its current profile CD-ROM, CD-R or
 * CD-RW, from GET CONFIGURATION's header)? A CD's speed is counted in
 * 2352-byte frames, 75 a second at 1x, whatever a section carries in
 * them (2048 bytes of data, 2352 of audio, 96 of CD-TEXT).
 */
static bool we2_medium_is_cd(struct we2_device *we2)
{
	/* RT 10b: the header and one feature */
	static const u8 cdb[10] = { WE2_GET_CONFIGURATION, 0x02, 0, 0, 0, 0,
				    0, 0, WE2_CONFIG_HDR_LEN, 0 };
	struct scsi_sense_hdr sshdr;
	bool cd = false;
	u16 profile;
	u8 *hdr;

	if (we2->sdev->type != TYPE_ROM)
		return false;
	hdr = kzalloc(WE2_CONFIG_HDR_LEN, GFP_KERNEL);
	if (!hdr)
		return false;
	if (!we2_mmc_command(we2, cdb, sizeof(cdb), REQ_OP_DRV_IN, hdr,
			     WE2_CONFIG_HDR_LEN, &sshdr)) {
		profile = get_unaligned_be16(&hdr[6]);
		cd = profile >= WE2_PROFILE_CD_ROM &&
		     profile <= WE2_PROFILE_CD_RW;
	}
	kfree(hdr);
	return cd;
}

/**
 * we2_stream_kbps() - the rate SET STREAMING asks for
 * @sps: sectors per second
 * @bps: bytes per sector of the section
 * @cd: the medium is a CD: count 2352-byte frames, not @bps
 *
 * Return: kB (1000 bytes) per second, rounded up, as growisofs and
 * libburn send them: CD 16x (1200 frames/s) is 2823 kB/s, in any sector
 * size; DVD 1x (676 sectors of 2048 bytes) 1385.
 */
u32 we2_stream_kbps(u32 sps, u32 bps, bool cd)
{
	return DIV_ROUND_UP_ULL((u64)sps * (cd ? WE2_CD_FRAME_BYTES : bps),
				1000);
}

/**
 * we2_set_streaming() - tell the recorder the rate of a paced section
 * @we2: the device
 * @lba: first LBA of the section
 * @nr: sectors in it
 * @bps: bytes per sector
 *
 * Sends SET STREAMING with one performance descriptor for the section's
 * LBAs and the higher of its two rates, in kB per 1000 ms (on a CD, of
 * 2352-byte frames: we2_stream_kbps()). A failure does not fail the
 * section: the device is paced on our side all the same.
 */
void we2_set_streaming(struct we2_device *we2, s64 lba, u64 nr, u32 bps)
{
	s32 sps = max(READ_ONCE(we2->settings.starting_sps),
		      READ_ONCE(we2->settings.ending_sps));
	u8 cdb[12] = { WE2_SET_STREAMING };
	struct scsi_sense_hdr sshdr;
	u8 *desc;
	int ret;

	if (sps < 1 || READ_ONCE(we2->set_streaming) ==
	    WE2_SETSTREAM_UNSUPPORTED)
		return;
	desc = kzalloc(WE2_PERF_DESC_LEN, GFP_KERNEL);
	if (!desc)
		return;
	we2_perf_descriptor(desc, lba, nr,
			    we2_stream_kbps(sps, bps, we2_medium_is_cd(we2)));
	put_unaligned_be16(WE2_PERF_DESC_LEN, &cdb[9]);
	ret = we2_mmc_command(we2, cdb, sizeof(cdb), REQ_OP_DRV_OUT, desc,
			      WE2_PERF_DESC_LEN, &sshdr);
	kfree(desc);
	/* remember what the device made of it; say a refusal once */
	if (!ret) {
		WRITE_ONCE(we2->set_streaming, WE2_SETSTREAM_SUPPORTED);
	} else if (ret > 0 && sshdr.sense_key == ILLEGAL_REQUEST &&
		   sshdr.asc == WE2_ASC_INVALID_OPCODE) {
		if (READ_ONCE(we2->set_streaming) != WE2_SETSTREAM_UNSUPPORTED)
			dev_info(&we2->dev,
				 "the device does not know SET STREAMING: pacing on our side only\n");
		WRITE_ONCE(we2->set_streaming, WE2_SETSTREAM_UNSUPPORTED);
	}
}
