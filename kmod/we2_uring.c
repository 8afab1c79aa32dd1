// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring writes: IORING_OP_URING_CMD with WE2_URING_CMD_WRITE sends one
 * WRITE per SQE without a thread per write, so a program can keep many in
 * flight. Here a write is taken in and given back: the payload is copied
 * out of the SQE once and validated like an ioctl section
 * (we2_section_plan()), its pages pinned (or a registered buffer's
 * imported), and it is handed to admission (we2_admit.c), which chooses
 * when it goes to the device. When it ends, its bio is unmapped and its
 * CQE posted in the submitter's task.
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
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <uapi/linux/we2.h>

#include "we2.h"
#include "we2_compat.h"
#include "we2_section.h"
#include "we2_sense.h"

/* The io_uring_cmd's own space holds only the write's state. */
struct we2_uring_pdu {
	struct we2_uw *uw;
};

static struct we2_uring_pdu *we2_uring_pdu(struct io_uring_cmd *ioucmd)
{
	return (struct we2_uring_pdu *)ioucmd->pdu;
}

/* Copy the payload once: user space may rewrite the SQE meanwhile. */
static void we2_uring_read_payload(const struct io_uring_cmd *ioucmd,
				   struct we2_uring_write *arg)
{
	const struct we2_uring_write *sqe =
		we2_uring_payload(ioucmd, struct we2_uring_write);
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
			/* a new run is announced afresh: it may be a new disc */
			we2->told = false;
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
		we2_admit_run_end(we2);
	}
	spin_unlock(&we2->state_lock);
	if (!undo)
		we2_event_publish(we2, state, err);
}

static void we2_uw_unpin(struct we2_uw *uw)
{
	unsigned int i;

	for (i = 0; i < uw->nr_pages; i++)
		unpin_user_page(uw->bvecs[i].bv_page);
	kvfree(uw->bvecs);
}

static void we2_uw_free(struct we2_uw *uw)
{
	we2_uw_unpin(uw);
	put_task_struct(uw->owner);
	kfree(uw);
}

/* The write is over: count it, end it in the run, post its CQE. */
static void we2_uring_finish(struct io_uring_cmd *ioucmd, struct we2_uw *uw,
			     unsigned int issue_flags)
{
	struct we2_device *we2 = uw->we2;
	u64 res2 = we2_sense_summary(uw->res.sense, uw->res.sense_len);
	u32 acked = uw->acked;
	int err = uw->err;

	if (uw->state == WE2_UW_SENT) {
		atomic64_add(acked, &we2->stats.sectors);
		if (err && err != -ECANCELED)	/* a cancel is not an error */
			atomic64_inc(&we2->stats.errors);
	}
	we2_uring_end(we2, uw->sec.start_lba, uw->sec.nr_sectors,
		      uw->sec.bytes_per_sector, acked, err);
	/*
	 * A short or failed transfer counts what the device took. The write
	 * is freed only once the command has left io_uring's cancelable
	 * list, so that a cancel never finds it gone.
	 */
	we2_uring_cmd_done(ioucmd, acked ? acked : err, res2, issue_flags);
	we2_uw_free(uw);
}

/* in the submitter's task, through we2_compat.h's adapter */
void we2_uring_task_done(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct we2_uw *uw = we2_uring_pdu(ioucmd)->uw;

	/*
	 * Nothing is copied back after a write, so the unmap cannot fail in
	 * a way that matters (a bounce buffer's -EINTR from a kworker, when
	 * the submitter exits, says only that).
	 */
	if (uw->bio)
		blk_rq_unmap_user(uw->bio);
	/* the next write goes now */
	if (uw->state == WE2_UW_SENT)
		we2_admit_done(uw->we2, uw);
	we2_uring_finish(ioucmd, uw, issue_flags);
}

/* Admission's @end: from any context, so the rest is in the task. */
static void we2_uring_ended(struct we2_uw *uw)
{
	we2_uring_complete_in_task(uw->ioucmd);
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

static bool we2_uring_told(struct we2_device *we2,
			   const struct we2_uring_write *arg)
{
	bool told;

	spin_lock(&we2->state_lock);
	told = we2->told && we2->told_lba == arg->section_lba &&
	       we2->told_sectors == arg->section_sectors;
	spin_unlock(&we2->state_lock);
	return told;
}

/*
 * A paced section is announced to the recorder with SET STREAMING before
 * its first write is sent, once per section, run and rates. That waits
 * for the device, so from a non-blocking issue it is -EAGAIN: io_uring
 * issues the write again from a worker (admission keeps the order).
 */
static int we2_uring_announce(struct we2_device *we2,
			      const struct we2_uring_write *arg,
			      unsigned int issue_flags)
{
	if (!we2_pace_enabled(READ_ONCE(we2->settings.starting_sps),
			      READ_ONCE(we2->settings.ending_sps)) ||
	    we2_uring_told(we2, arg))
		return 0;
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;
	/* two workers never both send it */
	mutex_lock(&we2->announce_lock);
	if (!we2_uring_told(we2, arg)) {
		we2_set_streaming(we2, arg->section_lba, arg->section_sectors,
				  READ_ONCE(we2->settings.bytes_per_sector));
		spin_lock(&we2->state_lock);
		we2->told = true;
		we2->told_lba = arg->section_lba;
		we2->told_sectors = arg->section_sectors;
		spin_unlock(&we2->state_lock);
	}
	mutex_unlock(&we2->announce_lock);
	return 0;
}

/*
 * Pin the pages of a buffer that is not registered, read-only (the
 * device only reads them), into the write's own bio_vecs: the request
 * can then be built from any task, and no later than it is sent.
 */
static int we2_uw_pin(struct we2_uw *uw, u64 buf, u32 len)
{
	unsigned long start = (unsigned long)buf & PAGE_MASK;
	unsigned int off = offset_in_page(buf);
	unsigned int n = DIV_ROUND_UP(off + len, PAGE_SIZE);
	struct page **pages;
	unsigned int i;
	u32 left = len;
	int got;

	uw->bvecs = kvmalloc_array(n, sizeof(*uw->bvecs), GFP_KERNEL);
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!uw->bvecs || !pages) {
		kvfree(pages);
		return -ENOMEM;
	}
	got = pin_user_pages_fast(start, n, 0, pages);
	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		kvfree(pages);
		return got < 0 && got != -EFAULT ? got : -EFAULT;
	}
	for (i = 0; i < n; i++) {
		u32 chunk = min_t(u32, left, PAGE_SIZE - off);

		uw->bvecs[i].bv_page = pages[i];
		uw->bvecs[i].bv_offset = off;
		uw->bvecs[i].bv_len = chunk;
		left -= chunk;
		off = 0;
	}
	kvfree(pages);
	uw->nr_pages = n;
	iov_iter_bvec(&uw->iter, WRITE, uw->bvecs, n, len);
	return 0;
}

/* The write's data, pinned: a registered buffer's, or its own pages. */
static int we2_uw_map(struct we2_uw *uw, struct io_uring_cmd *ioucmd,
		      u64 buf, unsigned int issue_flags)
{
	u64 len = uw->sec.bytes;

	if (ioucmd->flags & IORING_URING_CMD_FIXED)
		return we2_uring_import_fixed(buf, len, &uw->iter, ioucmd,
					      issue_flags);
	if (!access_ok(u64_to_user_ptr(buf), len))
		return -EFAULT;
	return we2_uw_pin(uw, buf, len);
}

static struct we2_uw *we2_uw_new(struct we2_device *we2,
				 struct io_uring_cmd *ioucmd,
				 const struct we2_section *sec,
				 const struct we2_uring_write *arg)
{
	struct task_struct *owner = current;
	struct we2_uw *uw;

	uw = kzalloc(sizeof(*uw), GFP_KERNEL);
	if (!uw)
		return NULL;
	INIT_LIST_HEAD(&uw->node);
	uw->we2 = we2;
	uw->ioucmd = ioucmd;
	uw->end = we2_uring_ended;
	/* an io_uring worker stands in for the process that submitted */
	if (owner->flags & PF_IO_WORKER)
		owner = owner->group_leader;
	uw->owner = get_task_struct(owner);
	uw->sec = *sec;
	uw->section_lba = arg->section_lba;
	uw->section_sectors = arg->section_sectors;
	uw->state = WE2_UW_WAITING;
	return uw;
}

static int we2_uring_write(struct we2_device *we2, struct io_uring_cmd *ioucmd,
			   unsigned int issue_flags)
{
	struct we2_uring_write arg;
	struct we2_section sec;
	struct we2_uw *uw;
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

	uw = we2_uw_new(we2, ioucmd, &sec, &arg);
	if (!uw) {
		ret = -ENOMEM;
		goto out_end;
	}
	ret = we2_uw_map(uw, ioucmd, arg.buf, issue_flags);
	if (ret) {
		we2_uw_free(uw);
		goto out_end;
	}
	/* a cancel that came while it was being issued ends it unsent */
	spin_lock(&we2->state_lock);
	if (we2->cancel) {
		we2->cancel_delivered = true;
		ret = -ECANCELED;
	}
	spin_unlock(&we2->state_lock);
	if (ret) {
		we2_uw_free(uw);
		goto out_end;
	}

	we2_uring_pdu(ioucmd)->uw = uw;
	/* from here on it ends through we2_uring_task_done() */
	we2_uring_mark_cancelable(ioucmd, issue_flags);
	if (we2_admit_add(we2, uw, !(issue_flags & IO_URING_F_NONBLOCK))) {
		uw->err = -ECANCELED;
		uw->state = WE2_UW_DROPPED;
		we2_uring_ended(uw);
	}
	return -EIOCBQUEUED;

out_end:
	we2_uring_end(we2, sec.start_lba, sec.nr_sectors, sec.bytes_per_sector,
		      0, ret);
	return ret;
}

/*
 * io_uring cancels the commands of a ring that is closing or of a task
 * that is exiting: a write still waiting ends -ECANCELED, unsent; one at
 * the device ends when the device answers.
 */
static void we2_uring_cancel(struct io_uring_cmd *ioucmd,
			     unsigned int issue_flags)
{
	struct we2_uw *uw = we2_uring_pdu(ioucmd)->uw;

	if (!we2_admit_withdraw(uw->we2, uw))
		return;
	uw->err = -ECANCELED;
	we2_uring_finish(ioucmd, uw, issue_flags);
}

/**
 * we2_uring_cmd() - the uring_cmd file operation of /dev/we2N
 * @ioucmd: the command
 * @issue_flags: how io_uring issues it (IO_URING_F_*)
 *
 * Return: -EIOCBQUEUED once the write is accepted (its CQE comes from
 * we2_uring_task_done(), or from we2_uring_cancel() on 6.7 and later), or
 * a negative errno that io_uring posts as the CQE's result; -EAGAIN only
 * when @issue_flags forbid sleeping, and io_uring then issues the command
 * again from a worker.
 */
int we2_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct we2_device *we2 = we2_of_file(ioucmd->file);

	BUILD_BUG_ON(sizeof(struct we2_uring_pdu) > sizeof(ioucmd->pdu));
	BUILD_BUG_ON(sizeof(struct we2_uring_write) > 80);

	if (issue_flags & WE2_URING_F_CANCEL) {
		we2_uring_cancel(ioucmd, issue_flags);
		return 0;
	}

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
