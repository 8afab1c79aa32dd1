/* SPDX-License-Identifier: GPL-2.0 */
/*
 * we2 internals: one we2_device per attached SCSI device.
 */
#ifndef _WE2_H
#define _WE2_H

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <scsi/scsi_cmnd.h>
#include <uapi/linux/we2.h>

#include "we2_admit.h"
#include "we2_pace.h"
#include "we2_settings.h"

#define WE2_MAX_DEVICES		256

struct bio;
struct file;
struct io_uring_cmd;
struct poll_table_struct;
struct iov_iter;
struct request;
struct scsi_device;
struct we2_config;
struct we2_section;
struct we2_status;

/* Counters since attach; read locklessly by sysfs and WE2_IOC_GET_INFO. */
struct we2_stats {
	atomic64_t sections;
	atomic64_t commands;
	atomic64_t sectors;
	atomic64_t errors;
	atomic64_t bounce_bytes;
	atomic64_t uring_commands;
	atomic64_t uring_fixed;
	atomic64_t not_ready_retries;
	atomic64_t last_rate;
};

/* What SET STREAMING got from the device */
enum we2_set_streaming {
	WE2_SETSTREAM_UNKNOWN,
	WE2_SETSTREAM_SUPPORTED,
	WE2_SETSTREAM_UNSUPPORTED,
};

/* Who is writing to the device: nobody, a blocking section, io_uring */
enum we2_writer {
	WE2_IDLE,
	WE2_SECTION,
	WE2_URING,
};

/**
 * struct we2_device - a recorder as we2 sees it
 * @dev: the class device, /sys/class/we2/we2N; its refcount is the
 *	object's (an open descriptor pins it through @cdev)
 * @cdev: /dev/we2N
 * @sdev: the SCSI device; we hold a reference on its sdev_gendev so that
 *	it and its request queue outlive us, even after it is removed
 * @node: in the list of attached devices
 * @detached: the SCSI device is gone: every call fails with -ENODEV
 * @cfg_lock: serialises settings changes against the start of a section
 * @settings: what the next section is written with
 * @state_lock: protects the fields below it
 * @writer: who is writing, if anyone
 * @cancel: the write must stop: a section after the command in flight,
 *	an io_uring run by refusing what is not yet sent
 * @cancel_delivered: the cancel has refused an io_uring write, so it
 *	ends with the run
 * @uring_inflight: io_uring writes accepted and not yet completed
 * @start_lba: first LBA of the current (or last) section or run
 * @last_lba: the highest LBA the device acknowledged in it, or
 *	@start_lba - 1
 * @nr_sectors: sectors in it (for a run: sent so far)
 * @sectors_written: how many of its sectors the device acknowledged
 * @last_read_lba: the last LBA taken from the caller (sent or waiting)
 * @used_bytes: bytes taken from the caller and not yet acknowledged
 * @total_bytes: the most bytes in flight at once in this write
 * @start_ns: when the write started
 * @paced: the write is paced along @pace
 * @pace: its schedule
 * @cur_sps: the rate the last transfer was booked at, 0 unpaced
 * @section_lba: the section an io_uring run is paced over ...
 * @section_sectors: ... and its length
 * @told: SET STREAMING announced @told_lba/@told_sectors in this run at
 *	the rates it was told; cleared when a run starts or a rate changes
 * @told_lba: the section it announced ...
 * @told_sectors: ... and its length
 * @run_error: the first error of an io_uring run
 * @admit: io_uring writes accepted and not yet at the device (we2_admit.c)
 * @wq: woken on cancel and detach (pacing waits) and on a new event
 * @event: the latest progress record
 * @event_last_ns: when it was published
 * @set_streaming: enum we2_set_streaming
 * @announce_lock: one SET STREAMING at a time, checked and sent
 * @open_lock: protects @writers and @excl
 * @writers: descriptors open for writing
 * @excl: one of them was opened with O_EXCL and is the only writer
 * @stats: counters
 */
struct we2_device {
	struct device dev;
	struct cdev cdev;
	struct scsi_device *sdev;
	struct list_head node;
	bool detached;

	struct mutex cfg_lock;		/* settings vs. section start */
	struct we2_settings settings;

	spinlock_t state_lock;		/* write state below */
	enum we2_writer writer;
	bool cancel;
	bool cancel_delivered;
	u32 uring_inflight;
	s64 start_lba;
	s64 last_lba;
	u64 nr_sectors;
	u64 sectors_written;
	s64 last_read_lba;
	u64 used_bytes;
	u64 total_bytes;
	u64 start_ns;
	bool paced;
	struct we2_pace pace;
	u32 cur_sps;
	s64 section_lba;
	u64 section_sectors;
	bool told;
	s64 told_lba;
	u64 told_sectors;
	int run_error;
	struct we2_admit admit;
	struct we2_event event;
	u64 event_last_ns;

	wait_queue_head_t wq;
	int set_streaming;
	struct mutex announce_lock;	/* one SET STREAMING at a time */

	spinlock_t open_lock;		/* writers, excl */
	unsigned int writers;
	bool excl;

	struct we2_stats stats;
};

static inline struct we2_device *to_we2(struct device *dev)
{
	return container_of(dev, struct we2_device, dev);
}

static inline bool we2_detached(const struct we2_device *we2)
{
	return READ_ONCE(we2->detached);
}

/**
 * struct we2_file - an open /dev/we2N
 * @we2: the device
 * @event_seq: sequence number of the last event this descriptor read
 * @excl: opened with O_EXCL: the device's only writer
 */
struct we2_file {
	struct we2_device *we2;
	u64 event_seq;
	bool excl;
};

static inline struct we2_device *we2_of_file(const struct file *file)
{
	return ((struct we2_file *)file->private_data)->we2;
}

/* we2_main.c */
extern struct class *we2_class;
extern dev_t we2_devt;
extern struct ida we2_minors;

/* we2_dev.c */
struct we2_device *we2_device_add(struct scsi_device *sdev);
void we2_device_remove(struct we2_device *we2);
u32 we2_max_transfer(struct we2_device *we2);
void we2_get_config(struct we2_device *we2, struct we2_config *cfg);
int we2_set_config(struct we2_device *we2, const struct we2_config *req);
int we2_cancel(struct we2_device *we2);
bool we2_write_in_progress(struct we2_device *we2);

/* we2_sysfs.c */
extern const struct attribute_group *we2_groups[];

/* we2_fops.c */
extern const struct file_operations we2_fops;

/* we2_engine.c */
int we2_write_section(struct we2_device *we2, void __user *buf, s64 lba,
		      u32 nr_sectors, struct we2_result *res);

/* we2_uring.c */
int we2_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags);

/* we2_pacing.c */
bool we2_pace_book(struct we2_device *we2, s64 section_lba,
		   u64 section_sectors, u64 sector, u32 len, u64 *slot);
int we2_pace_wait(struct we2_device *we2, u64 slot,
		  int (*must_stop)(struct we2_device *we2));
void we2_set_streaming(struct we2_device *we2, s64 lba, u64 nr, u32 bps);
u32 we2_stream_kbps(u32 sps, u32 bps, bool cd);

/* we2_event.c */
void we2_event_publish(struct we2_device *we2, u32 state, int err);
ssize_t we2_event_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos);
__poll_t we2_event_poll(struct file *file, struct poll_table_struct *wait);
void we2_fill_status(struct we2_device *we2, struct we2_status *st);

/* we2_req.c */
struct request *we2_req_start(struct we2_device *we2,
			      const struct we2_section *sec, void __user *buf,
			      const struct iov_iter *iter, s64 lba, u32 nr,
			      bool nowait);
int we2_req_outcome(struct request *rq, blk_status_t status, s64 lba,
		    u32 nr, u32 bps, struct we2_result *res, u32 *acked);
int we2_req_write(struct we2_device *we2, const struct we2_section *sec,
		  void __user *buf, s64 lba, u32 nr, struct we2_result *res,
		  u32 *acked);

#endif /* _WE2_H */
