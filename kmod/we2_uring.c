// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring writes: IORING_OP_URING_CMD with WE2_URING_CMD_WRITE sends one
 * WRITE per SQE without a thread per write, so a program can keep many in
 * flight. The payload is copied out of the SQE once and validated like an
 * ioctl section (we2_section_plan()); the request is built by the same
 * we2_req_start(), sent with blk_execute_rq_nowait() (at its pacing slot,
 * see we2_pacing.c) and, once the device has answered, finished in the
 * submitter's task by the same we2_req_end() (unmapping user pages needs
 * process context).
 *
 * The writes in flight form a "run": it starts with the first, ends when
 * the last completes, holds the settings still and is what a cancel ends.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
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
	u8 drop_errno;		/* ended unsent: -ECANCELED, -ENODEV */
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
	arg->section_lba = READ_ONCE(sqe->section_lba);
	arg->section_sectors = READ_ONCE(sqe->section_sectors);
	arg->reserved0 = READ_ONCE(sqe->reserved0);
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
	u64 bytes = (u64)sec->nr_sectors * sec->bytes_per_sector;
	s64 last = sec->start_lba + sec->nr_sectors - 1;
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
			we2->last_read_lba = sec->start_lba - 1;
			we2->nr_sectors = 0;
			we2->sectors_written = 0;
			we2->used_bytes = 0;
			we2->total_bytes = 0;
			we2->start_ns = ktime_get_ns();
			we2->run_error = 0;
			/*
			 * The pacing schedule carries on: a stream that drains
			 * between two writes must not gain the time it lost.
			 */
		}
		we2->uring_inflight++;
		we2->nr_sectors += sec->nr_sectors;
		we2->last_read_lba = max(we2->last_read_lba, last);
		we2->used_bytes += bytes;
		we2->total_bytes = max(we2->total_bytes, we2->used_bytes);
	}
	spin_unlock(&we2->state_lock);
	return ret;
}

/*
 * A write of the run is over; the run ends with its last write, and its
 * last progress record says how. @err -EAGAIN: the write is taken back,
 * to be issued again (no record for that).
 */
static void we2_uring_end(struct we2_device *we2, s64 lba, u32 nr, u32 bps,
			  u32 acked, int err)
{
	bool undo = err == -EAGAIN;
	u32 state = WE2_STATE_WRITING;
	u64 ns;

	if (undo)
		err = 0;
	spin_lock(&we2->state_lock);
	we2->nr_sectors -= nr - acked;
	we2->sectors_written += acked;
	we2->used_bytes -= (u64)nr * bps;
	if (acked)
		we2->last_lba = max(we2->last_lba, lba + acked - 1);
	if (err && err != -ECANCELED && !we2->run_error)
		we2->run_error = err;
	/* a write the cancel kept from the device: the cancel is delivered */
	if (err == -ECANCELED)
		we2->cancel_delivered = true;
	if (!--we2->uring_inflight) {
		state = we2->cancel ? WE2_STATE_CANCELLED :
			we2->run_error ? WE2_STATE_FAILED : WE2_STATE_DONE;
		err = we2->run_error;
		ns = ktime_get_ns() - we2->start_ns;
		atomic64_set(&we2->stats.last_rate,
			     ns ? mul_u64_u64_div_u64(we2->sectors_written,
						      NSEC_PER_SEC, ns) : 0);
		we2->writer = WE2_IDLE;
		if (we2->cancel_delivered)
			we2->cancel = false;
	}
	spin_unlock(&we2->state_lock);
	if (!undo)
		we2_event_publish(we2, state, err);
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

/*
 * The run holds the settings still (but for the rates), so this is the
 * sector size the command was built with.
 */
static u32 we2_uring_bps(struct we2_device *we2)
{
	return READ_ONCE(we2->settings.bytes_per_sector);
}

static void we2_uring_task_done(struct io_uring_cmd *ioucmd,
				unsigned int issue_flags)
{
	struct we2_device *we2 = we2_of_file(ioucmd->file);
	struct we2_uring_pdu *pdu = we2_uring_pdu(ioucmd);
	u32 bps = we2_uring_bps(we2);
	struct we2_result res = {};
	u32 acked;
	int ret;

	ret = we2_req_end(pdu->rq, pdu->bio, pdu->status, pdu->lba, bps,
			  pdu->nr, &res, &acked);
	/* on sequential media, the write waiting for this one goes now */
	we2_order_done(we2);
	atomic64_add(acked, &we2->stats.sectors);
	if (ret)
		atomic64_inc(&we2->stats.errors);
	we2_uring_end(we2, pdu->lba, pdu->nr, bps, acked, ret);

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

/**
 * we2_uring_send() - send a built io_uring write to the device
 * @ioucmd: the write
 */
void we2_uring_send(struct io_uring_cmd *ioucmd)
{
	struct we2_device *we2 = we2_of_file(ioucmd->file);

	atomic64_inc(&we2->stats.commands);
	atomic64_inc(&we2->stats.uring_commands);
	if (ioucmd->flags & IORING_URING_CMD_FIXED)
		atomic64_inc(&we2->stats.uring_fixed);
	/* on sequential media, behind the write at the device, if any */
	if (we2_order_admit(we2, we2_uring_pdu(ioucmd)->rq))
		blk_execute_rq_nowait(we2_uring_pdu(ioucmd)->rq, false);
}

static void we2_uring_task_drop(struct io_uring_cmd *ioucmd,
				unsigned int issue_flags)
{
	struct we2_device *we2 = we2_of_file(ioucmd->file);
	struct we2_uring_pdu *pdu = we2_uring_pdu(ioucmd);
	int err = -(int)pdu->drop_errno;

	we2_req_abandon(pdu->rq);
	we2_uring_end(we2, pdu->lba, pdu->nr, we2_uring_bps(we2), 0, err);
	io_uring_cmd_done(ioucmd, err, 0, issue_flags);
}

/**
 * we2_uring_drop() - end a built io_uring write without sending it
 * @ioucmd: the write, waiting for its pacing slot
 * @err: what it completes with
 */
void we2_uring_drop(struct io_uring_cmd *ioucmd, int err)
{
	we2_uring_pdu(ioucmd)->drop_errno = -err;
	io_uring_cmd_complete_in_task(ioucmd, we2_uring_task_drop);
}

/* Validate against the settings and admit the write, under cfg_lock. */
static int we2_uring_claim(struct we2_device *we2, struct we2_section *sec,
			   const struct we2_uring_write *arg)
{
	int ret;

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

/*
 * A paced section is announced to the recorder with SET STREAMING before
 * its first write. That waits for the device, so from a non-blocking
 * issue it is -EAGAIN: io_uring issues the write again from a worker.
 */
static int we2_uring_announce(struct we2_device *we2,
			      const struct we2_uring_write *arg,
			      unsigned int issue_flags)
{
	bool told;

	if (!we2_pace_enabled(READ_ONCE(we2->settings.starting_sps),
			      READ_ONCE(we2->settings.ending_sps)))
		return 0;
	spin_lock(&we2->state_lock);
	told = we2->told_lba == arg->section_lba &&
	       we2->told_sectors == arg->section_sectors;
	spin_unlock(&we2->state_lock);
	if (told)
		return 0;
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;
	we2_set_streaming(we2, arg->section_lba, arg->section_sectors,
			  we2_uring_bps(we2));
	spin_lock(&we2->state_lock);
	we2->told_lba = arg->section_lba;
	we2->told_sectors = arg->section_sectors;
	spin_unlock(&we2->state_lock);
	return 0;
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

/*
 * The last look before a write is sent, under one lock: a cancel that
 * came while it waited for a request (from an io_uring worker, after
 * -EAGAIN) ends it unsent; else it books its pacing slot (@slot 0: send
 * it now).
 */
static int we2_uring_slot(struct we2_device *we2,
			  const struct we2_uring_write *arg, u64 *slot)
{
	int ret = 0;

	spin_lock(&we2->state_lock);
	if (we2->cancel) {
		we2->cancel_delivered = true;
		ret = -ECANCELED;
	} else if (!we2_pace_book(we2, arg->section_lba, arg->section_sectors,
				  arg->start_lba - arg->section_lba,
				  arg->nr_sectors, slot) ||
		   *slot <= ktime_get_ns()) {
		*slot = 0;
	}
	spin_unlock(&we2->state_lock);
	return ret;
}

static int we2_uring_write(struct we2_device *we2, struct io_uring_cmd *ioucmd,
			   unsigned int issue_flags)
{
	struct we2_uring_pdu *pdu = we2_uring_pdu(ioucmd);
	struct we2_uring_write arg;
	struct we2_section sec;
	struct request *rq;
	u64 slot;
	int ret;

	we2_uring_read_payload(ioucmd, &arg);
	ret = we2_uring_args_check(&arg);
	if (ret)
		return ret;
	if (!arg.section_sectors) {	/* a write of its own section */
		arg.section_lba = arg.start_lba;
		arg.section_sectors = arg.nr_sectors;
	}
	ret = we2_uring_claim(we2, &sec, &arg);
	if (ret)
		return ret;
	ret = we2_uring_announce(we2, &arg, issue_flags);
	if (ret)
		goto out_end;

	rq = we2_uring_request(we2, ioucmd, &sec, arg.buf, issue_flags);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto out_end;
	}
	ret = we2_uring_slot(we2, &arg, &slot);
	if (ret) {
		we2_req_abandon(rq);
		goto out_end;
	}

	pdu->rq = rq;
	pdu->bio = rq->bio;
	pdu->lba = sec.start_lba;
	pdu->nr = sec.nr_sectors;
	pdu->drop_errno = 0;
	rq->end_io = we2_uring_end_io;
	rq->end_io_data = ioucmd;
	if (!slot || we2_pace_defer(we2, ioucmd, slot))
		we2_uring_send(ioucmd);
	return -EIOCBQUEUED;

out_end:
	we2_uring_end(we2, sec.start_lba, sec.nr_sectors, sec.bytes_per_sector,
		      0, ret);
	return ret;
}

/**
 * we2_uring_cmd() - the uring_cmd file operation of /dev/we2N
 * @ioucmd: the command
 * @issue_flags: how io_uring issues it (IO_URING_F_*)
 *
 * Return: -EIOCBQUEUED once the write is sent or waits for its pacing slot
 * (its CQE comes from we2_uring_task_done() or we2_uring_task_drop()), or
 * a negative errno that io_uring posts as the CQE's result; -EAGAIN only
 * when @issue_flags forbid sleeping, and io_uring then issues the command
 * again from a worker.
 */
int we2_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct we2_device *we2 = we2_of_file(ioucmd->file);

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
