// SPDX-License-Identifier: GPL-2.0
/*
 * Progress: the status ioctl's figures, and the same figures as a stream
 * of records that any number of descriptors can read() and poll().
 *
 * The device keeps only its latest record; each descriptor remembers the
 * sequence number of the last record it read. So a writer publishes in
 * constant time whoever watches, and a reader that falls behind gets the
 * latest record and how many it missed (IWriteEngine2's Update events,
 * without the chance of a slow handler stalling the write).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "we2.h"

/* The figures of the current (or last) write; state_lock held. */
static void we2_status_locked(struct we2_device *we2, struct we2_status *st)
{
	lockdep_assert_held(&we2->state_lock);
	memset(st, 0, sizeof(*st));
	st->write_in_progress = we2->writer != WE2_IDLE;
	st->start_lba = we2->start_lba;
	/* an io_uring run may outgrow the 32-bit fields */
	st->sector_count = min_t(u64, we2->nr_sectors, U32_MAX);
	st->sectors_written = min_t(u64, we2->sectors_written, U32_MAX);
	st->last_written_lba = we2->last_lba;
	st->sectors_per_second = st->write_in_progress && we2->paced ?
				 we2->cur_sps : 0;
	st->last_read_lba = we2->last_read_lba;
	st->used_buffer_bytes = we2->used_bytes;
	st->total_buffer_bytes = we2->total_bytes;
}

void we2_fill_status(struct we2_device *we2, struct we2_status *st)
{
	spin_lock(&we2->state_lock);
	we2_status_locked(we2, st);
	spin_unlock(&we2->state_lock);
}

/**
 * we2_event_publish() - make a new progress record readable
 * @we2: the device
 * @state: enum we2_write_state
 * @err: for WE2_STATE_FAILED, the (negative) errno
 *
 * While a write goes on, a record comes at most every
 * WE2_EVENT_MIN_INTERVAL_MS; a state change always makes one.
 */
void we2_event_publish(struct we2_device *we2, u32 state, int err)
{
	struct we2_event *ev = &we2->event;
	u64 now = ktime_get_ns();
	struct we2_status st;

	spin_lock(&we2->state_lock);
	if (state == WE2_STATE_WRITING && ev->state == WE2_STATE_WRITING &&
	    now - we2->event_last_ns <
	    WE2_EVENT_MIN_INTERVAL_MS * NSEC_PER_MSEC) {
		spin_unlock(&we2->state_lock);
		return;
	}
	we2_status_locked(we2, &st);
	ev->sequence++;
	ev->state = state;
	ev->start_lba = st.start_lba;
	ev->sector_count = st.sector_count;
	ev->sectors_per_second = st.sectors_per_second;
	ev->last_written_lba = st.last_written_lba;
	ev->last_read_lba = st.last_read_lba;
	ev->used_buffer_bytes = st.used_buffer_bytes;
	ev->total_buffer_bytes = st.total_buffer_bytes;
	ev->error = state == WE2_STATE_FAILED ? -err : 0;
	ev->timestamp_ns = now;
	we2->event_last_ns = now;
	spin_unlock(&we2->state_lock);
	wake_up_interruptible(&we2->wq);
}

/* The latest record, if this descriptor has not read it yet. */
static bool we2_event_take(struct we2_file *wf, struct we2_event *ev)
{
	struct we2_device *we2 = wf->we2;
	bool fresh;

	spin_lock(&we2->state_lock);
	fresh = we2->event.sequence != wf->event_seq;
	if (fresh) {
		*ev = we2->event;
		ev->missed = min_t(u64, ev->sequence - wf->event_seq - 1,
				   U32_MAX);
		wf->event_seq = ev->sequence;
	}
	spin_unlock(&we2->state_lock);
	return fresh;
}

static bool we2_event_ready(struct we2_file *wf)
{
	return READ_ONCE(wf->we2->event.sequence) != READ_ONCE(wf->event_seq);
}

ssize_t we2_event_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct we2_file *wf = file->private_data;
	struct we2_device *we2 = wf->we2;
	struct we2_event ev;
	size_t n;
	int ret;

	BUILD_BUG_ON(sizeof(ev) < WE2_EVENT_MIN_SIZE);
	if (count < WE2_EVENT_MIN_SIZE)
		return -EINVAL;
	while (!we2_event_take(wf, &ev)) {
		if (we2_detached(we2))
			return -ENODEV;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(we2->wq, we2_event_ready(wf) ||
					       we2_detached(we2));
		if (ret)
			return ret;
	}
	/* a record grows only at its end: each reader gets what it knows */
	n = min(count, sizeof(ev));
	if (copy_to_user(buf, &ev, n))
		return -EFAULT;
	return n;
}

__poll_t we2_event_poll(struct file *file, struct poll_table_struct *wait)
{
	struct we2_file *wf = file->private_data;
	struct we2_device *we2 = wf->we2;
	__poll_t mask = 0;

	poll_wait(file, &we2->wq, wait);
	if (we2_event_ready(wf))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (we2_detached(we2))
		mask |= EPOLLHUP | EPOLLERR;
	return mask;
}
