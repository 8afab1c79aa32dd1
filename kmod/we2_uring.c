// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring writes: IORING_OP_URING_CMD with WE2_URING_CMD_WRITE sends one
 * WRITE per SQE without a thread per write, so a program can keep many in
 * flight. The payload is copied out of the SQE once and validated like an
 * ioctl section (we2_section_plan()); the request is built by the same
 * we2_req_start(), sent with blk_execute_rq_nowait() and, once the device
 * has answered, finished in the submitter's task by the same we2_req_end()
 * (unmapping user pages needs process context).
 *
 * The writes in flight form a "run": it starts with the first, ends when
 * the last completes, holds the settings still and is what a cancel ends.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <uapi/linux/we2.h>

#include "we2.h"
#include "we2_compat.h"
#include "we2_section.h"

/*
 * What a write carries from issue to completion, in the io_uring_cmd's
 * own space: the request stays allocated until the task work has read its
 * sense data and unmapped its pages.
 */
struct we2_uring_pdu {
	struct request *rq;
	struct bio *bio;
	s64 lba;
	u32 nr;
	blk_status_t status;
};

static struct we2_uring_pdu *we2_uring_pdu(struct io_uring_cmd *ioucmd)
{
	return (struct we2_uring_pdu *)ioucmd->pdu;
}

/* Copy the payload once: user space may rewrite the SQE meanwhile. */
static void we2_uring_read_payload(const struct io_uring_cmd *ioucmd,
				   struct we2_uring_write *arg)
{
	const struct we2_uring_write *sqe = we2_uring_payload(ioucmd);
	int i;

	arg->buf = READ_ONCE(sqe->buf);
	arg->start_lba = READ_ONCE(sqe->start_lba);
	arg->nr_sectors = READ_ONCE(sqe->nr_sectors);
	arg->flags = READ_ONCE(sqe->flags);
	for (i = 0; i < ARRAY_SIZE(arg->reserved); i++)
		arg->reserved[i] = READ_ONCE(sqe->reserved[i]);
}

/*
 * Admit one write into the device's run, starting a run if idle. A cancel
 * refuses every write until the run has drained, and is kept past the end
 * of the run until it has refused one: otherwise a run that drained just
 * after the cancel would let the writer go on as if nothing happened.
 */
static int we2_uring_begin(struct we2_device *we2,
			   const struct we2_section *sec)
{
	int ret = 0;

	spin_lock(&we2->state_lock);
	if (we2->writer == WE2_SECTION) {
		ret = -EBUSY;
	} else if (we2->cancel) {
		/* with no run left to drain, this refusal is the cancel's end */
		if (we2->writer == WE2_IDLE)
			we2->cancel = false;
		else
			we2->cancel_delivered = true;
		ret = -ECANCELED;
	} else {
		if (we2->writer == WE2_IDLE) {
			we2->writer = WE2_URING;
			we2->start_lba = sec->start_lba;
			we2->last_lba = sec->start_lba - 1;
			we2->nr_sectors = 0;
			we2->sectors_written = 0;
		}
		we2->uring_inflight++;
		we2->nr_sectors += sec->nr_sectors;
	}
	spin_unlock(&we2->state_lock);
	return ret;
}

/* A write of the run is over; the run ends with its last write. */
static void we2_uring_end(struct we2_device *we2, s64 lba, u32 nr, u32 acked)
{
	spin_lock(&we2->state_lock);
	we2->nr_sectors -= nr - acked;
	we2->sectors_written += acked;
	if (acked)
		we2->last_lba = max(we2->last_lba, lba + acked - 1);
	if (!--we2->uring_inflight) {
		we2->writer = WE2_IDLE;
		if (we2->cancel_delivered)
			we2->cancel = false;
	}
	spin_unlock(&we2->state_lock);
}

static bool we2_uring_cancelled(struct we2_device *we2)
{
	bool cancel;

	spin_lock(&we2->state_lock);
	cancel = we2->cancel;
	if (cancel)
		we2->cancel_delivered = true;
	spin_unlock(&we2->state_lock);
	return cancel;
}

/* Key, ASC and ASCQ of the failed command for the big CQE's res2. */
static u64 we2_uring_sense_summary(const struct we2_result *res)
{
	struct scsi_sense_hdr sshdr;

	if (!res->sense_len ||
	    !scsi_normalize_sense(res->sense, res->sense_len, &sshdr))
		return 0;
	return WE2_URING_SENSE_VALID | (u64)sshdr.sense_key << 16 |
	       (u64)sshdr.asc << 8 | sshdr.ascq;
}

static void we2_uring_task_done(struct io_uring_cmd *ioucmd,
				unsigned int issue_flags)
{
	struct we2_device *we2 = ioucmd->file->private_data;
	struct we2_uring_pdu *pdu = we2_uring_pdu(ioucmd);
	/*
	 * The run holds the settings still, so this is the sector size the
	 * command was built with.
	 */
	u32 bps = we2->settings.bytes_per_sector;
	struct we2_result res = {};
	u32 acked;
	int ret;

	ret = we2_req_end(pdu->rq, pdu->bio, pdu->status, bps, pdu->nr, &res,
			  &acked);
	atomic64_add(acked, &we2->stats.sectors);
	if (ret)
		atomic64_inc(&we2->stats.errors);
	we2_uring_end(we2, pdu->lba, pdu->nr, acked);

	/* a short transfer is a short count, as write(2) has it */
	io_uring_cmd_done(ioucmd, acked ? acked : ret,
			  we2_uring_sense_summary(&res), issue_flags);
}

/* Called where the request completes, often in interrupt context. */
static enum rq_end_io_ret we2_uring_end_io(struct request *rq,
					   blk_status_t status)
{
	struct io_uring_cmd *ioucmd = rq->end_io_data;

	we2_uring_pdu(ioucmd)->status = status;
	io_uring_cmd_complete_in_task(ioucmd, we2_uring_task_done);
	return RQ_END_IO_NONE;
}

/* Validate against the settings and admit the write, under cfg_lock. */
static int we2_uring_claim(struct we2_device *we2, struct we2_section *sec,
			   const struct we2_uring_write *arg)
{
	int ret;

	ret = we2_uring_args_check(arg);
	if (ret)
		return ret;
	mutex_lock(&we2->cfg_lock);
	ret = we2_section_plan(sec, &we2->settings, we2_max_transfer(we2),
			       TASK_SIZE, arg->start_lba, arg->nr_sectors);
	if (!ret)
		ret = we2_section_one_command(sec);
	if (!ret)
		ret = we2_uring_begin(we2, sec);
	mutex_unlock(&we2->cfg_lock);
	return ret;
}

static struct request *we2_uring_request(struct we2_device *we2,
					 struct io_uring_cmd *ioucmd,
					 const struct we2_section *sec,
					 u64 buf, unsigned int issue_flags)
{
	bool nowait = issue_flags & IO_URING_F_NONBLOCK;
	void __user *ubuf = u64_to_user_ptr(buf);
	struct iov_iter iter;
	int ret;

	if (!(ioucmd->flags & IORING_URING_CMD_FIXED))
		return we2_req_start(we2, sec, ubuf, NULL, sec->start_lba,
				     sec->nr_sectors, nowait);

	ret = we2_uring_import_fixed(buf, sec->bytes, &iter, ioucmd,
				     issue_flags);
	if (ret)
		return ERR_PTR(ret);
	return we2_req_start(we2, sec, ubuf, &iter, sec->start_lba,
			     sec->nr_sectors, nowait);
}

static int we2_uring_write(struct we2_device *we2, struct io_uring_cmd *ioucmd,
			   unsigned int issue_flags)
{
	struct we2_uring_pdu *pdu = we2_uring_pdu(ioucmd);
	struct we2_uring_write arg;
	struct we2_section sec;
	struct request *rq;
	int ret;

	we2_uring_read_payload(ioucmd, &arg);
	ret = we2_uring_claim(we2, &sec, &arg);
	if (ret)
		return ret;

	rq = we2_uring_request(we2, ioucmd, &sec, arg.buf, issue_flags);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto out_end;
	}
	/*
	 * A cancel that came while we waited for a request (from an io_uring
	 * worker, after -EAGAIN) ends this write before it is sent.
	 */
	if (we2_uring_cancelled(we2)) {
		we2_req_abandon(rq);
		ret = -ECANCELED;
		goto out_end;
	}

	atomic64_inc(&we2->stats.commands);
	atomic64_inc(&we2->stats.uring_commands);
	if (ioucmd->flags & IORING_URING_CMD_FIXED)
		atomic64_inc(&we2->stats.uring_fixed);
	pdu->rq = rq;
	pdu->bio = rq->bio;
	pdu->lba = sec.start_lba;
	pdu->nr = sec.nr_sectors;
	rq->end_io = we2_uring_end_io;
	rq->end_io_data = ioucmd;
	blk_execute_rq_nowait(rq, false);
	return -EIOCBQUEUED;

out_end:
	we2_uring_end(we2, sec.start_lba, sec.nr_sectors, 0);
	return ret;
}

/**
 * we2_uring_cmd() - the uring_cmd file operation of /dev/we2N
 * @ioucmd: the command
 * @issue_flags: how io_uring issues it (IO_URING_F_*)
 *
 * Return: -EIOCBQUEUED once the write is sent (its CQE comes from
 * we2_uring_task_done()), or a negative errno that io_uring posts as the
 * CQE's result; -EAGAIN only when @issue_flags forbid sleeping, and
 * io_uring then issues the command again from a worker.
 */
int we2_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct we2_device *we2 = ioucmd->file->private_data;

	BUILD_BUG_ON(sizeof(struct we2_uring_pdu) > sizeof(ioucmd->pdu));
	BUILD_BUG_ON(sizeof(struct we2_uring_write) > 80);

	/* the payload needs a big SQE, the sense summary a big CQE */
	if ((issue_flags & (IO_URING_F_SQE128 | IO_URING_F_CQE32)) !=
	    (IO_URING_F_SQE128 | IO_URING_F_CQE32))
		return -EOPNOTSUPP;
	if (!(ioucmd->file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (we2_detached(we2))
		return -ENODEV;

	switch (ioucmd->cmd_op) {
	case WE2_URING_CMD_WRITE:
		return we2_uring_write(we2, ioucmd, issue_flags);
	default:
		return -ENOTTY;
	}
}
