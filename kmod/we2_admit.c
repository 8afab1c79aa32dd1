// SPDX-License-Identifier: GPL-2.0
/*
 * Admission: which accepted io_uring write goes to the device next, and
 * when. Everything between a write's acceptance (we2_uring.c) and its
 * request (we2_req.c) happens here, under the device's state_lock, and
 * nothing here calls back up but the write's own @end.
 *
 * Order. A recorder takes a write only at its next writable address; a
 * write that arrives before the one ahead of it is refused (05/21/02).
 * Neither blk-mq (two CPUs may race two requests into the driver) nor
 * io_uring (a write issued from a worker, after IOSQE_ASYNC or a
 * non-blocking attempt, is overtaken by later ones issued inline) keeps
 * writes in the order they were submitted. So on anything but a disk one
 * write is at the device at a time, and the next is chosen by position:
 * the write that starts where the last one sent ended, or a section's
 * first write, unless the last one sent left open the section it
 * directly follows. A write whose predecessor does not come within the
 * command timeout fails with -ETIMEDOUT, and the writes of its section
 * waiting behind it with -ECANCELED; so does a section behind a failed
 * write.
 *
 * Time. A paced write is not sent before its slot (we2_pacing.c), booked
 * when it is next in order, so slots follow positions. An hrtimer fires
 * at the first slot or deadline and a work item does what is due; while
 * writes wait it also checks every second whether their submitter died,
 * and drops the writes of one that did.
 *
 * Not ready. A drive whose buffer is full, or whose disc is spinning up,
 * may refuse a WRITE with NOT READY instead of holding it; the write is
 * sent again after a back-off (we2_sense_not_ready()), for as long as its
 * command timeout allows, and stays the one write at the device meanwhile,
 * so the order holds and the caller never sees the refusal.
 *
 * Holding nothing. A waiting write holds pinned pages and no request: the
 * request is built when the write is sent (from any task, since its data
 * are bio_vecs), and freed by its end_io, so a writer that is stopped or
 * gone holds up neither removal (which waits for every allocated request)
 * nor other writers.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/workqueue.h>
#include <scsi/scsi_device.h>

#include "we2.h"
#include "we2_compat.h"
#include "we2_sense.h"

#define WE2_ADMIT_SLACK_NS	(50 * NSEC_PER_USEC)
/* how often a waiting write's submitter is checked for death */
#define WE2_ADMIT_OWNER_NS	NSEC_PER_SEC

static bool we2_uw_ends_section(const struct we2_uw *uw)
{
	return uw->sec.start_lba + uw->sec.nr_sectors ==
	       uw->section_lba + (s64)uw->section_sectors;
}

static bool we2_uw_same_section(const struct we2_uw *a, const struct we2_uw *b)
{
	return a->section_lba == b->section_lba &&
	       a->section_sectors == b->section_sectors;
}

/* May @uw be the next write at an ordered device? state_lock held. */
static bool we2_admit_in_order(const struct we2_admit *a,
			       const struct we2_uw *uw)
{
	if (a->next_valid && uw->sec.start_lba == a->next_lba)
		return true;
	if (uw->sec.start_lba != uw->section_lba)
		return false;	/* its predecessor has not been sent */
	/* a section's first write, unless it follows one still open */
	return !a->section_open || !a->next_valid ||
	       uw->section_lba != a->open_end;
}

/* Ordered: by start LBA, so the lowest eligible write goes first. */
static void we2_admit_insert(struct we2_admit *a, struct we2_uw *uw)
{
	struct we2_uw *pos;

	if (a->ordered) {
		list_for_each_entry(pos, &a->waiting, node) {
			if (pos->sec.start_lba > uw->sec.start_lba) {
				list_add_tail(&uw->node, &pos->node);
				return;
			}
		}
	}
	list_add_tail(&uw->node, &a->waiting);
}

/* Book @uw's pacing slot, once; true if it is due by @now. */
static bool we2_admit_due(struct we2_device *we2, struct we2_uw *uw, u64 now)
{
	u64 slot;

	if (!uw->booked) {
		uw->booked = true;
		uw->slot = 0;
		if (we2_pace_book(we2, uw->section_lba, uw->section_sectors,
				  uw->sec.start_lba - uw->section_lba,
				  uw->sec.nr_sectors, &slot))
			uw->slot = slot;
	}
	return uw->slot <= now + WE2_ADMIT_SLACK_NS;
}

static void we2_admit_take(struct we2_admit *a, struct we2_uw *uw,
			   struct list_head *go)
{
	list_move_tail(&uw->node, go);
	uw->state = WE2_UW_SENT;
	a->at_device++;
	a->next_lba = uw->sec.start_lba + uw->sec.nr_sectors;
	a->next_valid = true;
	a->section_open = !we2_uw_ends_section(uw);
	a->open_end = uw->section_lba + (s64)uw->section_sectors;
}

/*
 * Move what may go now to @go; lower *@wake to when something is next
 * due. state_lock held.
 */
static void we2_admit_pick(struct we2_device *we2, u64 now,
			   struct list_head *go, u64 *wake)
{
	struct we2_admit *a = &we2->admit;
	struct we2_uw *uw, *tmp;

	if (!a->ordered) {
		list_for_each_entry_safe(uw, tmp, &a->waiting, node) {
			if (!we2_admit_due(we2, uw, now)) {
				*wake = min(*wake, uw->slot);
				break;	/* booked on arrival: in slot order */
			}
			we2_admit_take(a, uw, go);
		}
		return;
	}

	if (a->at_device || list_empty(&a->waiting)) {
		a->stall_ns = 0;
		return;
	}
	list_for_each_entry(uw, &a->waiting, node) {
		if (!we2_admit_in_order(a, uw))
			continue;
		a->stall_ns = 0;
		if (!we2_admit_due(we2, uw, now)) {
			*wake = min(*wake, uw->slot);
			return;
		}
		we2_admit_take(a, uw, go);
		return;
	}
	/* the device is idle and every waiting write waits for another */
	if (!a->stall_ns)
		a->stall_ns = now;
	uw = list_first_entry(&a->waiting, struct we2_uw, node);
	*wake = min(*wake, a->stall_ns +
		    (u64)uw->sec.timeout_ms * NSEC_PER_MSEC);
}

/*
 * Arm the timer for *@wake, and every second while writes wait; a timer
 * already set for no later is left as it is (a recorder's writes wait on
 * every completion: reprogramming it each time would cost more than the
 * write). state_lock held.
 */
static void we2_admit_arm(struct we2_device *we2, u64 now, u64 wake)
{
	struct we2_admit *a = &we2->admit;

	if (list_empty(&a->waiting))
		return;
	wake = min(wake, now + WE2_ADMIT_OWNER_NS);
	if (hrtimer_is_queued(&a->timer) && a->armed_ns <= wake)
		return;
	a->armed_ns = wake;
	hrtimer_start(&a->timer, ns_to_ktime(wake), HRTIMER_MODE_ABS);
}

/*
 * Did the drive refuse @uw only for now, with time left to send it again?
 * Then it is sent again after a back-off, still the one write at the
 * device, so nothing overtakes it.
 */
static bool we2_admit_not_ready(struct we2_device *we2, struct we2_uw *uw)
{
	u64 wait;

	if (!uw->err || uw->acked ||
	    !we2_sense_not_ready(uw->res.sense, uw->res.sense_len))
		return false;
	wait = we2_not_ready_backoff_ns(uw->not_ready);
	if (ktime_get_ns() + wait >= uw->deadline_ns)
		return false;
	uw->not_ready++;
	llist_add(&uw->resend_node, &we2->admit.resend);
	queue_delayed_work(system_highpri_wq, &we2->admit.resend_work,
			   nsecs_to_jiffies(wait));
	return true;
}

/* through we2_compat.h's adapter */
enum rq_end_io_ret we2_admit_end_io(struct request *rq, blk_status_t status)
{
	struct we2_uw *uw = rq->end_io_data;

	uw->err = we2_req_outcome(rq, status, uw->sec.start_lba,
				  uw->sec.nr_sectors,
				  uw->sec.bytes_per_sector, &uw->res,
				  &uw->acked);
	if (!we2_admit_not_ready(uw->we2, uw))
		uw->end(uw);
	/* the bio stays, to be unmapped in process context */
	return RQ_END_IO_FREE;
}

/*
 * Build @uw's request and send it. @may_block: the caller may sleep for a
 * request tag; else a write that finds none is sent by the work item.
 */
static void we2_admit_send(struct we2_device *we2, struct we2_uw *uw,
			   bool may_block)
{
	struct request *rq;

	if (we2_detached(we2)) {
		uw->err = -ENODEV;
		uw->end(uw);
		return;
	}
	rq = we2_req_start(we2, &uw->sec, NULL, &uw->iter, uw->sec.start_lba,
			   uw->sec.nr_sectors, !may_block);
	if (IS_ERR(rq)) {
		if (PTR_ERR(rq) == -EAGAIN && !may_block) {
			spin_lock(&we2->state_lock);
			list_add_tail(&uw->node, &we2->admit.retry);
			spin_unlock(&we2->state_lock);
			queue_work(system_highpri_wq, &we2->admit.work);
			return;
		}
		uw->err = PTR_ERR(rq);
		uw->end(uw);
		return;
	}
	if (!uw->deadline_ns)
		uw->deadline_ns = ktime_get_ns() +
				  (u64)uw->sec.timeout_ms * NSEC_PER_MSEC;
	uw->bio = rq->bio;
	rq->end_io = we2_admit_rq_end_io;
	rq->end_io_data = uw;
	atomic64_inc(&we2->stats.commands);
	atomic64_inc(&we2->stats.uring_commands);
	if (!uw->bvecs)
		atomic64_inc(&we2->stats.uring_fixed);
	blk_execute_rq_nowait(rq, false);
}

static void we2_admit_kick(struct we2_device *we2, bool may_block)
{
	u64 now = ktime_get_ns(), wake = U64_MAX;
	struct we2_uw *uw, *tmp;
	LIST_HEAD(go);

	spin_lock(&we2->state_lock);
	we2_admit_pick(we2, now, &go, &wake);
	we2_admit_arm(we2, now, wake);
	spin_unlock(&we2->state_lock);

	list_for_each_entry_safe(uw, tmp, &go, node) {
		list_del_init(&uw->node);
		we2_admit_send(we2, uw, may_block);
	}
}

/* Take a waiting write off, to end unsent with @err. state_lock held. */
static void we2_admit_drop(struct we2_uw *uw, int err,
			   struct list_head *dropped)
{
	uw->err = err;
	uw->state = WE2_UW_DROPPED;
	list_move_tail(&uw->node, dropped);
}

/* End every write on @dropped, unsent. */
static void we2_admit_end_all(struct list_head *dropped)
{
	struct we2_uw *uw, *tmp;

	list_for_each_entry_safe(uw, tmp, dropped, node) {
		list_del_init(&uw->node);
		uw->end(uw);
	}
}

/*
 * Stop the section of @failed: its waiting writes end with -ECANCELED,
 * and so do those that arrive later in this run. state_lock held.
 */
static void we2_admit_stop_section(struct we2_device *we2,
				   const struct we2_uw *failed,
				   struct list_head *dropped)
{
	struct we2_admit *a = &we2->admit;
	struct we2_uw *uw, *tmp;

	if (we2_uw_ends_section(failed))
		return;		/* nothing of its section is behind it */
	a->stopped = true;
	a->stop_lba = failed->section_lba;
	a->stop_sectors = failed->section_sectors;
	list_for_each_entry_safe(uw, tmp, &a->waiting, node) {
		if (!we2_uw_same_section(uw, failed))
			continue;
		we2_admit_drop(uw, -ECANCELED, dropped);
	}
	/* the section is abandoned: it holds no later section back */
	if (a->section_open && a->open_end ==
	    failed->section_lba + (s64)failed->section_sectors)
		a->section_open = false;
}

/*
 * Writes whose submitter has died (killed, or exiting with writes still
 * waiting for their slot), and an ordered device's stall past the
 * command timeout: the first write waiting ends -ETIMEDOUT and its
 * section with it. state_lock held.
 */
static void we2_admit_reap(struct we2_device *we2, u64 now,
			   struct list_head *dropped)
{
	struct we2_admit *a = &we2->admit;
	struct we2_uw *uw, *tmp;

	list_for_each_entry_safe(uw, tmp, &a->waiting, node) {
		if (!(uw->owner->flags & PF_EXITING) &&
		    !fatal_signal_pending(uw->owner))
			continue;
		we2_admit_drop(uw, -EINTR, dropped);
	}
	uw = list_first_entry_or_null(&a->waiting, struct we2_uw, node);
	if (!uw || !a->stall_ns ||
	    now < a->stall_ns + (u64)uw->sec.timeout_ms * NSEC_PER_MSEC)
		return;
	a->stall_ns = 0;
	we2_admit_drop(uw, -ETIMEDOUT, dropped);
	we2_admit_stop_section(we2, uw, dropped);
}

static void we2_admit_work_fn(struct work_struct *work)
{
	struct we2_device *we2 = container_of(work, struct we2_device,
					      admit.work);
	struct we2_uw *uw, *tmp;
	LIST_HEAD(retry);
	LIST_HEAD(dropped);

	spin_lock(&we2->state_lock);
	list_splice_init(&we2->admit.retry, &retry);
	we2_admit_reap(we2, ktime_get_ns(), &dropped);
	spin_unlock(&we2->state_lock);

	we2_admit_end_all(&dropped);
	list_for_each_entry_safe(uw, tmp, &retry, node) {
		list_del_init(&uw->node);
		we2_admit_send(we2, uw, true);
	}
	we2_admit_kick(we2, true);
}

/*
 * Send again the writes the drive answered NOT READY, unless a cancel
 * came or their submitter is dying: the first request's pages are let go
 * first, and the new request maps the same bio_vecs.
 */
static void we2_admit_resend_fn(struct work_struct *work)
{
	struct we2_device *we2 = container_of(to_delayed_work(work),
					      struct we2_device,
					      admit.resend_work);
	struct llist_node *list = llist_del_all(&we2->admit.resend);
	struct we2_uw *uw, *tmp;
	bool cancel;

	list = llist_reverse_order(list);
	llist_for_each_entry_safe(uw, tmp, list, resend_node) {
		blk_rq_unmap_user(uw->bio);
		uw->bio = NULL;
		spin_lock(&we2->state_lock);
		cancel = we2->cancel;
		spin_unlock(&we2->state_lock);
		/* not at the device while it waits: a cancel ends it */
		if (cancel || (uw->owner->flags & PF_EXITING) ||
		    fatal_signal_pending(uw->owner)) {
			uw->err = cancel ? -ECANCELED : -EINTR;
			uw->end(uw);
			continue;
		}
		uw->err = 0;
		uw->res.sense_len = 0;
		atomic64_inc(&we2->stats.not_ready_retries);
		we2_admit_send(we2, uw, true);
	}
}

static enum hrtimer_restart we2_admit_timer_fn(struct hrtimer *timer)
{
	struct we2_device *we2 = container_of(timer, struct we2_device,
					      admit.timer);

	/* building a request may sleep: not from the timer */
	queue_work(system_highpri_wq, &we2->admit.work);
	return HRTIMER_NORESTART;
}

/**
 * we2_admit_add() - accept an io_uring write for the device
 * @we2: the device
 * @uw: the write, its data pinned and its @end set
 * @may_block: the caller may sleep for a request tag
 *
 * The write is sent now if it is next and due, else when it is; it ends
 * through @uw->end either way.
 *
 * Return: 0, or -ECANCELED when the write's section was stopped by a
 * failure (the caller then ends it itself). A section stays stopped after
 * its run has drained: a write that io_uring issued late (from a worker,
 * after the writer saw the failure and stopped) is cancelled, not left to
 * wait for a predecessor that will never come. Writing another section,
 * or the stopped one from its start, takes the stop away.
 */
int we2_admit_add(struct we2_device *we2, struct we2_uw *uw, bool may_block)
{
	struct we2_admit *a = &we2->admit;

	spin_lock(&we2->state_lock);
	if (a->stopped) {
		if (uw->section_lba == a->stop_lba &&
		    uw->section_sectors == a->stop_sectors &&
		    uw->sec.start_lba != uw->section_lba) {
			spin_unlock(&we2->state_lock);
			return -ECANCELED;
		}
		/* another section, or this one from its start again */
		a->stopped = false;
	}
	we2_admit_insert(a, uw);
	/* a disk keeps arrival order: its slot is booked now */
	if (!a->ordered)
		we2_admit_due(we2, uw, ktime_get_ns());
	spin_unlock(&we2->state_lock);

	we2_admit_kick(we2, may_block);
	return 0;
}

/**
 * we2_admit_done() - a write that was sent has ended
 * @we2: the device
 * @uw: the write, @err and @acked set
 *
 * Process context: the next write goes now. A failure stops the write's
 * section: the rest of it is not sent.
 */
void we2_admit_done(struct we2_device *we2, struct we2_uw *uw)
{
	LIST_HEAD(dropped);

	spin_lock(&we2->state_lock);
	we2->admit.at_device--;
	if (uw->err && we2->admit.ordered)
		we2_admit_stop_section(we2, uw, &dropped);
	spin_unlock(&we2->state_lock);

	we2_admit_end_all(&dropped);
	we2_admit_kick(we2, true);
}

/**
 * we2_admit_withdraw() - take back a write that is not at the device
 * @we2: the device
 * @uw: the write
 *
 * For io_uring's cancellation of a ring's commands: a write still waiting
 * is taken off, and its section stopped, as if it had failed.
 *
 * Return: true if it was waiting (the caller ends it), false if it is at
 * the device or on its way there (it ends when the device answers).
 */
bool we2_admit_withdraw(struct we2_device *we2, struct we2_uw *uw)
{
	bool waiting;
	LIST_HEAD(dropped);

	spin_lock(&we2->state_lock);
	waiting = uw->state == WE2_UW_WAITING;
	if (waiting) {
		list_del_init(&uw->node);
		uw->state = WE2_UW_DROPPED;
		if (we2->admit.ordered)
			we2_admit_stop_section(we2, uw, &dropped);
	}
	spin_unlock(&we2->state_lock);
	we2_admit_end_all(&dropped);
	return waiting;
}

/**
 * we2_admit_flush() - end every write not yet at the device
 * @we2: the device
 * @err: what they end with: -ECANCELED (a cancel), -ENODEV (removal)
 *
 * Under the lock that accepts writes, so none accepted before the flush
 * can be waiting after it.
 */
void we2_admit_flush(struct we2_device *we2, int err)
{
	struct we2_uw *uw, *tmp;
	LIST_HEAD(dropped);

	spin_lock(&we2->state_lock);
	list_for_each_entry_safe(uw, tmp, &we2->admit.waiting, node)
		we2_admit_drop(uw, err, &dropped);
	we2->admit.stall_ns = 0;
	spin_unlock(&we2->state_lock);
	we2_admit_end_all(&dropped);
}

/**
 * we2_admit_run_end() - the io_uring run has drained
 * @we2: the device; state_lock held
 *
 * Nothing of the run is left to wait for: no section is open any more.
 * Where the last write ended stays the place the next run continues from,
 * and a stopped section stays stopped (see we2_admit_add()).
 */
void we2_admit_run_end(struct we2_device *we2)
{
	lockdep_assert_held(&we2->state_lock);
	we2->admit.section_open = false;
}

void we2_admit_init(struct we2_device *we2)
{
	struct we2_admit *a = &we2->admit;

	a->ordered = we2->sdev->type != TYPE_DISK;
	INIT_LIST_HEAD(&a->waiting);
	INIT_LIST_HEAD(&a->retry);
	we2_hrtimer_setup(&a->timer, we2_admit_timer_fn);
	INIT_WORK(&a->work, we2_admit_work_fn);
	init_llist_head(&a->resend);
	INIT_DELAYED_WORK(&a->resend_work, we2_admit_resend_fn);
}

/* When the device is freed: every write has ended. */
void we2_admit_exit(struct we2_device *we2)
{
	hrtimer_cancel(&we2->admit.timer);
	cancel_work_sync(&we2->admit.work);
	hrtimer_cancel(&we2->admit.timer);
	cancel_delayed_work_sync(&we2->admit.resend_work);
	WARN_ON_ONCE(!list_empty(&we2->admit.waiting) ||
		     !list_empty(&we2->admit.retry) ||
		     !llist_empty(&we2->admit.resend));
}
