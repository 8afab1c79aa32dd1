// SPDX-License-Identifier: GPL-2.0
/*
 * One SCSI WRITE command, straight from the caller's pages: the buffer is
 * mapped into the request with blk_rq_map_user() (pinned, no copy) when
 * its address and length meet the queue's DMA alignment, and bounced
 * through kernel pages otherwise. An io_uring write is mapped from
 * bio_vecs, pinned before it was accepted (a registered buffer's, or the
 * pages we2_uring.c pinned), so it can be built from any task. The ioctl
 * waits for the command here; io_uring's are sent with
 * blk_execute_rq_nowait() (we2_admit.c). Both read the outcome with
 * we2_req_outcome().
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/uio.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>

#include "we2.h"
#include "we2_cdb.h"
#include "we2_compat.h"
#include "we2_fault.h"
#include "we2_section.h"
#include "we2_sense.h"

static int we2_req_cdb(struct scsi_cmnd *scmd, const struct we2_section *sec,
		       s64 lba, u32 nr)
{
	int len;

	if (sec->write12)
		len = we2_cdb_write12(scmd->cmnd, lba, nr, true);
	else
		len = we2_cdb_write10(scmd->cmnd, lba, nr);
	if (len < 0)
		return len;
	scmd->cmd_len = len;
	return 0;
}

static void we2_req_sense(const struct scsi_cmnd *scmd, struct we2_result *res)
{
	u32 len;

	if (!scmd->sense_len)
		return;
	/* additional sense length, as sg reports it */
	len = min_t(u32, 8 + scmd->sense_buffer[7], SCSI_SENSE_BUFFERSIZE);
	len = min(len, scmd->sense_len);
	memcpy(res->sense, scmd->sense_buffer, len);
	res->sense_len = len;
}

/* A CHECK CONDITION that only reports an error the drive recovered from */
static bool we2_req_recovered(const struct scsi_cmnd *scmd,
			      const struct we2_result *res)
{
	struct scsi_sense_hdr sshdr;

	return host_byte(scmd->result) == DID_OK &&
	       (scmd->result & 0xff) == SAM_STAT_CHECK_CONDITION &&
	       scsi_normalize_sense(res->sense, res->sense_len, &sshdr) &&
	       sshdr.sense_key == RECOVERED_ERROR;
}

/*
 * What the device made of the command. A command that failed counts only
 * the sectors its sense data places on the medium (a MEDIUM or HARDWARE
 * ERROR names the failed sector), none otherwise: the device did not say
 * it has them. A RECOVERED ERROR is a success: the data is on the medium
 * (scsi_lib leaves the CHECK CONDITION in the result of a passthrough
 * command, and its block status says error); its sense data is kept.
 * A short transfer with good status counts the whole sectors it took.
 */
static int we2_req_result(const struct scsi_cmnd *scmd, s64 lba, u32 nr,
			  u32 bps, struct we2_result *res, u32 *acked)
{
	u32 len = nr * bps;
	u32 resid = min(scmd->resid_len, len);

	we2_req_sense(scmd, res);
	if (!scmd->result || we2_req_recovered(scmd, res)) {
		*acked = (len - resid) / bps;
		return resid ? -EIO : 0;
	}

	*acked = we2_sense_written(res->sense, res->sense_len, lba, nr);
	switch (host_byte(scmd->result)) {
	case DID_NO_CONNECT:
		return -ENODEV;
	case DID_TIME_OUT:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

/**
 * we2_req_start() - build one WRITE with its data mapped in
 * @we2: the device
 * @sec: the section the command belongs to
 * @buf: user address of the command's data
 * @iter: the data as bio_vecs (a registered buffer, or pages pinned by
 *	the caller), or NULL to map @buf (pinning its pages, which needs
 *	the caller's mm)
 * @lba: first LBA of the command
 * @nr: sectors in the command
 * @nowait: do not sleep for a request: -EAGAIN instead
 *
 * Return: the request, ready for blk_execute_rq() or blk_execute_rq_nowait(),
 * or an ERR_PTR().
 */
struct request *we2_req_start(struct we2_device *we2,
			      const struct we2_section *sec, void __user *buf,
			      const struct iov_iter *iter, s64 lba, u32 nr,
			      bool nowait)
{
	struct request_queue *q = we2->sdev->request_queue;
	u32 len = nr * sec->bytes_per_sector;
	struct scsi_cmnd *scmd;
	struct request *rq;
	int ret;

	if (we2_fail_alloc())
		return ERR_PTR(-ENOMEM);
	rq = scsi_alloc_request(q, REQ_OP_DRV_OUT | (nowait ? REQ_NOWAIT : 0),
				nowait ? BLK_MQ_REQ_NOWAIT : 0);
	if (IS_ERR(rq))
		return rq;

	scmd = blk_mq_rq_to_pdu(rq);
	ret = we2_req_cdb(scmd, sec, lba, nr);
	if (ret)
		goto out_free;
	scmd->allowed = 0;	/* a write is not blindly repeated */
	rq->timeout = msecs_to_jiffies(sec->timeout_ms);

	if (we2_fail_alloc())
		ret = -ENOMEM;
	else if (iter)
		ret = blk_rq_map_user_iov(q, rq, NULL, iter, GFP_KERNEL);
	else
		ret = blk_rq_map_user(q, rq, NULL, buf, len, GFP_KERNEL);
	if (ret)
		goto out_free;
	/* the test blk_rq_map_user_iov() makes to decide to copy */
	if (iter ? iov_iter_alignment(iter) & we2_dma_align_mask(q) :
		   !blk_rq_aligned(q, (unsigned long)buf, len))
		atomic64_add(len, &we2->stats.bounce_bytes);
	return rq;

out_free:
	blk_mq_free_request(rq);
	return ERR_PTR(ret);
}

/**
 * we2_req_outcome() - what became of a WRITE
 * @rq: a request from we2_req_start() that has completed
 * @status: its block layer status
 * @lba: first LBA of the command
 * @nr: sectors in the command
 * @bps: bytes per sector of its section
 * @res: out: sense data of a failed or recovered command
 * @acked: out: sectors the device acknowledged
 *
 * Any context, hard interrupt included: it only reads the command.
 *
 * Return: 0 or a negative errno.
 */
int we2_req_outcome(struct request *rq, blk_status_t status, s64 lba,
		    u32 nr, u32 bps, struct we2_result *res, u32 *acked)
{
	struct scsi_cmnd *scmd = blk_mq_rq_to_pdu(rq);
	int ret;

	ret = we2_req_result(scmd, lba, nr, bps, res, acked);
	/*
	 * Failed before a result was set, e.g. the device went offline; a
	 * recovered error has a good result and a bad status.
	 */
	if (!ret && status != BLK_STS_OK && !scmd->result) {
		*acked = 0;
		ret = blk_status_to_errno(status);
	}
	return ret;
}

/**
 * we2_req_write() - send one WRITE and wait for it
 * @we2: the device
 * @sec: the section the command belongs to
 * @buf: user address of the command's data
 * @lba: first LBA of the command
 * @nr: sectors in the command
 * @res: out: sense data if the command fails
 * @acked: out: sectors the device acknowledged
 *
 * Return: 0 or a negative errno.
 */
int we2_req_write(struct we2_device *we2, const struct we2_section *sec,
		  void __user *buf, s64 lba, u32 nr, struct we2_result *res,
		  u32 *acked)
{
	blk_status_t status;
	struct request *rq;
	struct bio *bio;
	int ret;

	*acked = 0;
	rq = we2_req_start(we2, sec, buf, NULL, lba, nr, false);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	bio = rq->bio;
	atomic64_inc(&we2->stats.commands);
	status = blk_execute_rq(rq, false);
	ret = we2_req_outcome(rq, status, lba, nr, sec->bytes_per_sector, res,
			      acked);
	/*
	 * Nothing is copied back after a write, so the unmap cannot fail in
	 * a way that matters.
	 */
	blk_rq_unmap_user(bio);
	blk_mq_free_request(rq);
	return ret;
}
