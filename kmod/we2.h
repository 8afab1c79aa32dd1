/* SPDX-License-Identifier: GPL-2.0 */
/*
 * we2 internals: one we2_device per attached SCSI device.
 */
#ifndef _WE2_H
#define _WE2_H

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <scsi/scsi_cmnd.h>

#include "we2_settings.h"

#define WE2_MAX_DEVICES		256

struct bio;
struct io_uring_cmd;
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
 * struct we2_result - what a section write tells its caller
 * @sectors_written: sectors the device acknowledged
 * @sense_len: bytes of sense data in @sense, 0 if none
 * @sense: sense data of the command that failed
 */
struct we2_result {
	u32 sectors_written;
	u32 sense_len;
	u8 sense[SCSI_SENSE_BUFFERSIZE];
};

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
void we2_get_status(struct we2_device *we2, struct we2_status *st);
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

/* we2_req.c */
struct request *we2_req_start(struct we2_device *we2,
			      const struct we2_section *sec, void __user *buf,
			      struct iov_iter *iter, s64 lba, u32 nr,
			      bool nowait);
int we2_req_end(struct request *rq, struct bio *bio, blk_status_t status,
		u32 bps, u32 nr, struct we2_result *res, u32 *acked);
void we2_req_abandon(struct request *rq);
int we2_req_write(struct we2_device *we2, const struct we2_section *sec,
		  void __user *buf, s64 lba, u32 nr, struct we2_result *res,
		  u32 *acked);

#endif /* _WE2_H */
