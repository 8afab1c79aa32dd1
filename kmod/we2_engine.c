// SPDX-License-Identifier: GPL-2.0
/*
 * The section writer behind WE2_IOC_WRITE_SECTION: validate, then send the
 * section one command at a time (the Windows engine's synchronous
 * WriteSection), each at its pacing slot when the section is paced,
 * sending a command again while the drive says it is not ready for it yet,
 * stopping cleanly on cancel, fatal signal or detach, and publishing
 * progress after each command.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <scsi/scsi_cmnd.h>
#include <uapi/linux/we2.h>

#include "we2.h"
#include "we2_section.h"
#include "we2_sense.h"

/* Claim the device for @sec; cfg_lock keeps the settings still meanwhile. */
static int we2_begin(struct we2_device *we2, const struct we2_section *sec)
{
	int ret = 0;

	spin_lock(&we2->state_lock);
	if (we2->writer != WE2_IDLE) {
		ret = -EBUSY;
	} else {
		we2->writer = WE2_SECTION;
		we2->cancel = false;
		we2->cancel_delivered = false;
		we2->start_lba = sec->start_lba;
		we2->last_lba = sec->start_lba - 1;
		we2->nr_sectors = sec->nr_sectors;
		we2->sectors_written = 0;
		we2->last_read_lba = sec->start_lba - 1;
		we2->used_bytes = 0;
		we2->total_bytes = 0;
		we2->start_ns = ktime_get_ns();
		we2->paced = false;
		we2->cur_sps = 0;
	}
	spin_unlock(&we2->state_lock);
	return ret;
}

/*
 * The next command of @sec, @n sectors after @done: book its pacing slot
 * and count its data as taken. Return: its slot, or 0 when not paced.
 */
static u64 we2_take(struct we2_device *we2, const struct we2_section *sec,
		    u32 done, u32 n)
{
	u64 slot = 0;

	spin_lock(&we2->state_lock);
	if (!we2_pace_book(we2, sec->start_lba, sec->nr_sectors, done, n,
			   &slot))
		slot = 0;
	we2->last_read_lba = sec->start_lba + done + n - 1;
	we2->used_bytes = (u64)n * sec->bytes_per_sector;
	we2->total_bytes = max(we2->total_bytes, we2->used_bytes);
	spin_unlock(&we2->state_lock);
	return slot;
}

static void we2_progress(struct we2_device *we2, u32 done)
{
	spin_lock(&we2->state_lock);
	we2->sectors_written = done;
	we2->last_lba = we2->start_lba + done - 1;
	we2->used_bytes = 0;
	spin_unlock(&we2->state_lock);
	we2_event_publish(we2, WE2_STATE_WRITING, 0);
}

/* The section is over: its last record, its rate, and the device free. */
static void we2_end(struct we2_device *we2, int ret)
{
	u64 ns = ktime_get_ns() - we2->start_ns;
	u32 state = !ret ? WE2_STATE_DONE : ret == -ECANCELED ?
		    WE2_STATE_CANCELLED : WE2_STATE_FAILED;

	atomic64_set(&we2->stats.last_rate,
		     ns ? mul_u64_u64_div_u64(we2->sectors_written,
					      NSEC_PER_SEC, ns) : 0);
	spin_lock(&we2->state_lock);
	we2->writer = WE2_IDLE;
	we2->cancel = false;
	we2->paced = false;
	spin_unlock(&we2->state_lock);
	/* after the device is free: a watcher may start the next section */
	we2_event_publish(we2, state, ret);
}

/* Why the next command must not be sent, or 0. */
static int we2_must_stop(struct we2_device *we2)
{
	bool cancel;

	if (we2_detached(we2))
		return -ENODEV;
	/*
	 * Only a fatal signal ends a section: a burner's handler for SIGCHLD
	 * or SIGALRM must not cut a track in two.
	 */
	if (fatal_signal_pending(current))
		return -EINTR;
	spin_lock(&we2->state_lock);
	cancel = we2->cancel;
	spin_unlock(&we2->state_lock);
	return cancel ? -ECANCELED : 0;
}

static int we2_claim(struct we2_device *we2, struct we2_section *sec,
		     s64 lba, u32 nr_sectors)
{
	int ret;

	mutex_lock(&we2->cfg_lock);
	ret = we2_section_plan(sec, &we2->settings, we2_max_transfer(we2),
			       TASK_SIZE, lba, nr_sectors);
	if (!ret)
		ret = we2_begin(we2, sec);
	mutex_unlock(&we2->cfg_lock);
	return ret;
}

/*
 * One command of the section, sent again while the drive answers that it
 * is not ready for it yet (its buffer full, or a disc spinning up; see
 * we2_sense_not_ready()), with a growing back-off, for as long as the
 * command timeout from the first attempt. A cancel, fatal signal or
 * removal ends the wait.
 */
static int we2_write_command(struct we2_device *we2,
			     const struct we2_section *sec, void __user *buf,
			     s64 lba, u32 n, struct we2_result *res,
			     u32 *acked)
{
	u64 deadline = ktime_get_ns() + (u64)sec->timeout_ms * NSEC_PER_MSEC;
	/* an earlier command's recovered error, which a refusal overwrites */
	u32 kept_len = res->sense_len;
	u8 kept[SCSI_SENSE_BUFFERSIZE];
	unsigned int attempt = 0;
	u64 next;
	int ret;

	memcpy(kept, res->sense, kept_len);
	for (;;) {
		ret = we2_req_write(we2, sec, buf, lba, n, res, acked);
		if (!ret || *acked || !we2_sense_not_ready(res->sense,
							   res->sense_len))
			return ret;
		next = ktime_get_ns() + we2_not_ready_backoff_ns(attempt++);
		if (next >= deadline)
			return ret;
		/* the refusal is not news: the sense is as it was */
		memcpy(res->sense, kept, kept_len);
		res->sense_len = kept_len;
		atomic64_inc(&we2->stats.not_ready_retries);
		ret = we2_pace_wait(we2, next, we2_must_stop);
		if (ret)
			return ret;
	}
}

/**
 * we2_write_section() - write @nr_sectors from @buf starting at @lba
 * @we2: the device
 * @buf: the caller's data, nr_sectors * bytes_per_sector bytes
 * @lba: first LBA, may be negative
 * @nr_sectors: sectors to write
 * @res: out: sectors acknowledged (always) and the sense data of a
 *	failed command
 *
 * Return: 0 when every sector was acknowledged, else a negative errno
 * and @res->sectors_written tells how far the section got.
 */
int we2_write_section(struct we2_device *we2, void __user *buf, s64 lba,
		      u32 nr_sectors, struct we2_result *res)
{
	struct we2_section sec;
	u32 done = 0, n, acked;
	int ret;

	res->sectors_written = 0;
	res->sense_len = 0;

	ret = we2_claim(we2, &sec, lba, nr_sectors);
	if (ret)
		return ret;
	if (!access_ok(buf, sec.bytes)) {
		ret = -EFAULT;
		goto out;
	}

	atomic64_inc(&we2->stats.sections);
	if (we2_pace_enabled(READ_ONCE(we2->settings.starting_sps),
			     READ_ONCE(we2->settings.ending_sps)))
		we2_set_streaming(we2, sec.start_lba, sec.nr_sectors,
				  sec.bytes_per_sector);
	we2_event_publish(we2, WE2_STATE_WRITING, 0);
	while ((n = we2_section_next_len(&sec, done))) {
		u64 slot;

		ret = we2_must_stop(we2);
		if (ret)
			break;
		slot = we2_take(we2, &sec, done, n);
		if (slot) {
			ret = we2_pace_wait(we2, slot, we2_must_stop);
			if (ret)
				break;
		}
		ret = we2_write_command(we2, &sec,
					buf + (u64)done * sec.bytes_per_sector,
					lba + done, n, res, &acked);
		done += acked;
		atomic64_add(acked, &we2->stats.sectors);
		we2_progress(we2, done);
		if (ret)
			break;
	}
	if (ret && ret != -ECANCELED)
		atomic64_inc(&we2->stats.errors);
out:
	res->sectors_written = done;
	we2_end(we2, ret);
	return ret;
}
