/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Admission of io_uring writes: which accepted write goes to the device
 * next, and when (we2_admit.c).
 */
#ifndef _WE2_ADMIT_H
#define _WE2_ADMIT_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <linux/workqueue.h>

#include "we2_result.h"
#include "we2_section.h"

struct bio;
struct bio_vec;
struct io_uring_cmd;
struct task_struct;
struct we2_device;

/**
 * struct we2_admit - the io_uring writes of a device not yet at it
 * @ordered: sequential media (anything but a disk): one write at the
 *	device at a time, chosen by position
 * @waiting: accepted writes not at the device, by start LBA
 * @retry: writes chosen but refused a request tag; sent by @work
 * @at_device: writes chosen and not yet completed
 * @next_lba: where the last write sent ended (valid if @next_valid)
 * @next_valid: a write has been sent on this device
 * @section_open: the last write sent did not end its section ...
 * @open_end: ... which ends before this LBA
 * @stopped: a write failed with writes of its section behind it: the
 *	rest of that section (@stop_lba, @stop_sectors) is not sent, until
 *	a write of another section, or of this one from its start, comes
 * @stop_lba: first LBA of the stopped section
 * @stop_sectors: its length
 * @stall_ns: when the device went idle with writes waiting for one that
 *	has not come, or 0
 * @timer: fires at the next slot, stall deadline or owner check ...
 * @armed_ns: ... at this time, when queued
 * @work: sends what is due, ends what waited too long
 * @resend: writes the drive answered NOT READY, to be sent again ...
 * @resend_work: ... by this, after a back-off
 */
struct we2_admit {
	bool ordered;
	struct list_head waiting;
	struct list_head retry;
	u32 at_device;
	s64 next_lba;
	bool next_valid;
	bool section_open;
	s64 open_end;
	bool stopped;
	s64 stop_lba;
	u64 stop_sectors;
	u64 stall_ns;
	struct hrtimer timer;
	u64 armed_ns;
	struct work_struct work;
	struct llist_head resend;
	struct delayed_work resend_work;
};

/* Where an io_uring write is: waiting, chosen for the device, ended unsent */
enum we2_uw_state {
	WE2_UW_WAITING,
	WE2_UW_SENT,
	WE2_UW_DROPPED,
};

/**
 * struct we2_uw - one io_uring write, from its issue to its CQE
 * @node: in @waiting or @retry of the device's admission
 * @we2: the device
 * @ioucmd: the io_uring command
 * @end: called once the write is over (@err, @acked, @res set), from any
 *	context, hard interrupt included
 * @owner: the task whose death drops the write unsent (a reference)
 * @sec: the write as one command: LBA, sectors, sector size, CDB kind
 * @section_lba: first LBA of the section it belongs to
 * @section_sectors: sectors in that section
 * @slot: when it may be sent, if @booked
 * @booked: its pacing slot is booked
 * @state: enum we2_uw_state, changed under state_lock
 * @iter: its data, as bio_vecs: a registered buffer's, or @bvecs
 * @bvecs: the pages pinned at issue, when the buffer is not registered
 * @nr_pages: how many there are
 * @bio: the bio of the request sent, unmapped in process context
 * @resend_node: in @resend of the device's admission
 * @deadline_ns: when it was first sent, plus the command timeout: no
 *	NOT READY is waited out past it
 * @not_ready: times the drive answered it NOT READY
 * @err: 0 or the negative errno it ended with
 * @acked: sectors the device acknowledged
 * @res: sense data of the command (failed or recovered)
 */
struct we2_uw {
	struct list_head node;
	struct we2_device *we2;
	struct io_uring_cmd *ioucmd;
	void (*end)(struct we2_uw *uw);
	struct task_struct *owner;
	struct we2_section sec;
	s64 section_lba;
	u64 section_sectors;
	u64 slot;
	bool booked;
	u8 state;
	struct iov_iter iter;
	struct bio_vec *bvecs;
	unsigned int nr_pages;
	struct bio *bio;
	struct llist_node resend_node;
	u64 deadline_ns;
	unsigned int not_ready;
	int err;
	u32 acked;
	struct we2_result res;
};

void we2_admit_init(struct we2_device *we2);
void we2_admit_exit(struct we2_device *we2);
int we2_admit_add(struct we2_device *we2, struct we2_uw *uw, bool may_block);
void we2_admit_done(struct we2_device *we2, struct we2_uw *uw);
bool we2_admit_withdraw(struct we2_device *we2, struct we2_uw *uw);
void we2_admit_flush(struct we2_device *we2, int err);
void we2_admit_run_end(struct we2_device *we2);

#endif /* _WE2_ADMIT_H */
