// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring writes to sequential media reach the device one at a time, in
 * the order they were sent.
 *
 * A recorder takes a write only at its next writable address; a write
 * that arrives before the one ahead of it is refused (05/21/02). blk-mq
 * does not keep several requests in flight to one device in order: two
 * CPUs may each take one from the scheduler and race into the driver's
 * queuecommand (zoned disks need mq-deadline's zone write lock for the
 * same reason). So for any device but a disk, an io_uring write that
 * finds another one at the device waits, built and pinned, on a list
 * threaded through its own request, and the completion of the one ahead
 * sends it, from the submitter's task where io_uring writes complete
 * anyway (the request's end_io may run in hard interrupt context, where
 * no request can be inserted): no thread or work item is woken for it.
 * The drive's buffer, not the depth of its queue, keeps it writing; the
 * queue of built writes keeps the gap between two commands short.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blk-mq.h>
#include <linux/io_uring.h>
#include <scsi/scsi_device.h>

#include "we2.h"

/**
 * we2_order_init() - no write at the device yet
 * @we2: the device, its sdev set
 */
void we2_order_init(struct we2_device *we2)
{
	we2->ordered = we2->sdev->type != TYPE_DISK;
	spin_lock_init(&we2->order_lock);
	INIT_LIST_HEAD(&we2->order_list);
}

/* When the device is freed: every write has completed or been dropped. */
void we2_order_exit(struct we2_device *we2)
{
	WARN_ON_ONCE(!list_empty(&we2->order_list));
}

/**
 * we2_order_admit() - may a built io_uring write go to the device now?
 * @we2: the device
 * @rq: the write's request, built and not sent
 *
 * Return: true when the caller sends it now; false when it waits behind
 * the write at the device, to be sent when that one completes.
 */
bool we2_order_admit(struct we2_device *we2, struct request *rq)
{
	bool now = true;

	if (!we2->ordered)
		return true;
	spin_lock(&we2->order_lock);
	if (we2->order_busy) {
		list_add_tail(&rq->queuelist, &we2->order_list);
		now = false;
	} else {
		we2->order_busy = true;
	}
	spin_unlock(&we2->order_lock);
	return now;
}

/**
 * we2_order_done() - an admitted io_uring write has completed
 * @we2: the device
 *
 * Process context: the next waiting write, if any, is sent now.
 */
void we2_order_done(struct we2_device *we2)
{
	struct request *rq;

	if (!we2->ordered)
		return;
	spin_lock(&we2->order_lock);
	rq = list_first_entry_or_null(&we2->order_list, struct request,
				      queuelist);
	if (rq)
		list_del_init(&rq->queuelist);
	else
		we2->order_busy = false;
	spin_unlock(&we2->order_lock);
	if (rq)
		blk_execute_rq_nowait(rq, false);
}

/**
 * we2_order_flush() - end every io_uring write waiting to be sent
 * @we2: the device
 * @err: what they complete with (-ENODEV: the device is gone)
 */
void we2_order_flush(struct we2_device *we2, int err)
{
	struct request *rq, *tmp;
	LIST_HEAD(dropped);

	spin_lock(&we2->order_lock);
	list_splice_init(&we2->order_list, &dropped);
	spin_unlock(&we2->order_lock);

	list_for_each_entry_safe(rq, tmp, &dropped, queuelist) {
		list_del_init(&rq->queuelist);
		we2_uring_drop(rq->end_io_data, err);
	}
}
