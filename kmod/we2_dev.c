// SPDX-License-Identifier: GPL-2.0
/*
 * One we2 device: its lifetime, settings, and write state.
 *
 * Lifetime: the object lives as long as its struct device. The class
 * interface holds one reference from attach to detach; every open
 * descriptor holds another through the cdev (cdev_device_add makes the
 * device the cdev's parent). Detach marks the device gone, removes the
 * node, and drops the attach reference; the minor number is freed only
 * when the last reference goes, so it is not reused while an old
 * descriptor can still reach it.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/blkdev.h>
#include <linux/idr.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <uapi/linux/we2.h>

#include "we2.h"

static void we2_device_release(struct device *dev)
{
	struct we2_device *we2 = to_we2(dev);

	we2_admit_exit(we2);
	ida_free(&we2_minors, MINOR(dev->devt));
	put_device(&we2->sdev->sdev_gendev);
	mutex_destroy(&we2->announce_lock);
	mutex_destroy(&we2->cfg_lock);
	kfree(we2);
}

struct we2_device *we2_device_add(struct scsi_device *sdev)
{
	struct we2_device *we2;
	int minor, ret;

	we2 = kzalloc(sizeof(*we2), GFP_KERNEL);
	if (!we2)
		return ERR_PTR(-ENOMEM);

	minor = ida_alloc_max(&we2_minors, WE2_MAX_DEVICES - 1, GFP_KERNEL);
	if (minor < 0) {
		kfree(we2);
		return ERR_PTR(minor);
	}

	mutex_init(&we2->cfg_lock);
	spin_lock_init(&we2->state_lock);
	spin_lock_init(&we2->open_lock);
	we2_settings_init(&we2->settings);
	INIT_LIST_HEAD(&we2->node);
	we2->start_lba = 0;
	we2->last_lba = -1;
	we2->last_read_lba = -1;
	init_waitqueue_head(&we2->wq);
	mutex_init(&we2->announce_lock);
	we2->sdev = sdev;
	get_device(&sdev->sdev_gendev);
	we2_admit_init(we2);

	device_initialize(&we2->dev);
	we2->dev.class = we2_class;
	we2->dev.parent = &sdev->sdev_gendev;
	we2->dev.devt = MKDEV(MAJOR(we2_devt), minor);
	we2->dev.release = we2_device_release;
	/* from here on, put_device() undoes everything above */
	ret = dev_set_name(&we2->dev, "we2%d", minor);
	if (ret)
		goto out_put;

	cdev_init(&we2->cdev, &we2_fops);
	we2->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&we2->cdev, &we2->dev);
	if (ret)
		goto out_put;
	return we2;

out_put:
	put_device(&we2->dev);
	return ERR_PTR(ret);
}

/*
 * The SCSI device is going away. A section being written sees @detached
 * before its next command (the one in flight fails or completes on its
 * own); open descriptors keep the object until they are closed.
 */
void we2_device_remove(struct we2_device *we2)
{
	WRITE_ONCE(we2->detached, true);
	/*
	 * io_uring writes not yet at the device will not get there; they
	 * hold no request, so removal waits only for those at the device.
	 */
	we2_admit_flush(we2, -ENODEV);
	/* pacing waits and event readers see the removal */
	wake_up_all(&we2->wq);
	cdev_device_del(&we2->cdev, &we2->dev);
	put_device(&we2->dev);
}

/**
 * we2_max_transfer() - the most data one command can carry on this device
 * @we2: the device
 *
 * blk_rq_map_user() refuses more than max_hw_sectors, and a buffer that
 * does not start on a page boundary needs one segment more than its size
 * in pages.
 */
u32 we2_max_transfer(struct we2_device *we2)
{
	struct request_queue *q = we2->sdev->request_queue;
	u64 hw = (u64)queue_max_hw_sectors(q) << SECTOR_SHIFT;
	u64 seg_bytes = min_t(u64, PAGE_SIZE, queue_max_segment_size(q));
	u64 segs = (u64)(max(queue_max_segments(q), 2U) - 1) * seg_bytes;

	return min3(hw, segs, (u64)U32_MAX);
}

void we2_get_config(struct we2_device *we2, struct we2_config *cfg)
{
	mutex_lock(&we2->cfg_lock);
	we2_settings_to_config(&we2->settings, cfg);
	mutex_unlock(&we2->cfg_lock);
}

/*
 * Settings cannot change under a write, but for the two rates: a write
 * reads those afresh for each transfer.
 */
int we2_set_config(struct we2_device *we2, const struct we2_config *req)
{
	u32 live = WE2_CFG_STARTING_SPS | WE2_CFG_ENDING_SPS;
	int ret;

	mutex_lock(&we2->cfg_lock);
	ret = we2_settings_check(&we2->settings, req, we2_max_transfer(we2));
	if (!ret && (req->mask & ~live) && we2_write_in_progress(we2))
		ret = -EBUSY;
	if (!ret) {
		we2_settings_apply(&we2->settings, req);
		/* new rates are announced before the next write */
		if (req->mask & live) {
			spin_lock(&we2->state_lock);
			we2->told = false;
			spin_unlock(&we2->state_lock);
		}
	}
	mutex_unlock(&we2->cfg_lock);
	return ret;
}

bool we2_write_in_progress(struct we2_device *we2)
{
	bool writing;

	spin_lock(&we2->state_lock);
	writing = we2->writer != WE2_IDLE;
	spin_unlock(&we2->state_lock);
	return writing;
}

/**
 * we2_cancel() - stop the section or io_uring run being written
 * @we2: the device
 *
 * Return: 0, or -ENOENT if no section is being written ("not in progress"
 * is an answer of its own, as in IMAPI2).
 */
int we2_cancel(struct we2_device *we2)
{
	int ret = 0;

	spin_lock(&we2->state_lock);
	if (we2->writer != WE2_IDLE) {
		we2->cancel = true;
		we2->cancel_delivered = false;
	} else {
		ret = -ENOENT;
	}
	spin_unlock(&we2->state_lock);
	if (!ret) {
		/*
		 * io_uring writes waiting for their pacing slot are not sent;
		 * unpaced ones waiting only for the write ahead of them were
		 * sent as far as the caller can tell, and go on to the device.
		 */
		if (we2_pace_enabled(READ_ONCE(we2->settings.starting_sps),
				     READ_ONCE(we2->settings.ending_sps)))
			we2_admit_flush(we2, -ECANCELED);
		/* a section waiting for its slot stops now */
		wake_up_all(&we2->wq);
	}
	return ret;
}
