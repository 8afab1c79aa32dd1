// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/we2N: open, release and the ioctls. Each ioctl copies its argument
 * in once, validates the copy, calls the engine and copies the answer out.
 *
 * Permission follows the kernel's rule for SG_IO (scsi_cmd_allowed()):
 * we2 only ever builds WRITE(10)/WRITE(12), which SG_IO allows on a
 * descriptor opened for writing. So the open mode is the permission: a
 * read-only descriptor may look (info, config, status) but not write,
 * change settings or cancel (-EBADF). Who may open for writing is the
 * node's mode and group; no capability is needed.
 *
 * A burn holds the recorder as IMAPI's exclusive access does: opened for
 * writing with O_EXCL, the node admits no other writer (-EBUSY) until that
 * descriptor is closed, and such an open is refused while another writer
 * has it open, so two programs never interleave sections on one disc.
 * Read-only opens (progress watchers) are always let in.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <scsi/scsi_device.h>
#include <uapi/linux/we2.h>

#include "we2.h"
#include "we2_section.h"

static void __user *we2_user_ptr(u64 addr)
{
	if (in_compat_syscall())
		return compat_ptr((compat_uptr_t)addr);
	return u64_to_user_ptr(addr);
}

/* Count a writer in, or refuse it: -EBUSY against an exclusive one. */
static int we2_writer_get(struct we2_device *we2, bool excl)
{
	int ret = 0;

	spin_lock(&we2->open_lock);
	if (we2->excl || (excl && we2->writers))
		ret = -EBUSY;
	else if (excl)
		we2->excl = true;
	if (!ret)
		we2->writers++;
	spin_unlock(&we2->open_lock);
	return ret;
}

static void we2_writer_put(struct we2_device *we2, bool excl)
{
	spin_lock(&we2->open_lock);
	we2->writers--;
	if (excl)
		we2->excl = false;
	spin_unlock(&we2->open_lock);
}

static int we2_open(struct inode *inode, struct file *file)
{
	struct we2_device *we2 = container_of(inode->i_cdev,
					      struct we2_device, cdev);
	bool write = file->f_mode & FMODE_WRITE;
	bool excl = file->f_flags & O_EXCL;
	struct we2_file *wf;
	int ret;

	if (we2_detached(we2))
		return -ENODEV;
	/* exclusive is about writing: a watcher cannot hold the device */
	if (excl && !write)
		return -EINVAL;
	wf = kzalloc(sizeof(*wf), GFP_KERNEL);
	if (!wf)
		return -ENOMEM;
	/* pins the SCSI device and its host driver while we are open */
	if (scsi_device_get(we2->sdev)) {
		kfree(wf);
		return -ENODEV;
	}
	if (write) {
		ret = we2_writer_get(we2, excl);
		if (ret) {
			scsi_device_put(we2->sdev);
			kfree(wf);
			return ret;
		}
	}
	wf->excl = excl;
	wf->we2 = we2;
	/* events from now on: what came before is in the status */
	spin_lock(&we2->state_lock);
	wf->event_seq = we2->event.sequence;
	spin_unlock(&we2->state_lock);
	file->private_data = wf;
	return nonseekable_open(inode, file);
}

static int we2_release(struct inode *inode, struct file *file)
{
	struct we2_file *wf = file->private_data;

	if (file->f_mode & FMODE_WRITE)
		we2_writer_put(wf->we2, wf->excl);
	scsi_device_put(wf->we2->sdev);
	kfree(wf);
	return 0;
}

static long we2_ioctl_get_info(struct we2_device *we2, void __user *argp)
{
	struct we2_info info = {
		.abi_version = WE2_ABI_VERSION,
		.features = WE2_F_URING_ORDER | WE2_F_URING_RELEASE |
			    WE2_F_RECOVERED_OK | WE2_F_EVENT_SIZED |
			    WE2_F_NOT_READY_RETRY | WE2_F_URING_SENSE_INFO,
		.scsi_type = we2->sdev->type,
		.max_transfer_bytes = we2_max_transfer(we2),
		.dma_alignment = queue_dma_alignment(we2->sdev->request_queue) + 1,
		.stat_sections = atomic64_read(&we2->stats.sections),
		.stat_commands = atomic64_read(&we2->stats.commands),
		.stat_sectors_written = atomic64_read(&we2->stats.sectors),
		.stat_errors = atomic64_read(&we2->stats.errors),
		.stat_bounce_bytes = atomic64_read(&we2->stats.bounce_bytes),
		.stat_uring_commands = atomic64_read(&we2->stats.uring_commands),
		.stat_uring_fixed = atomic64_read(&we2->stats.uring_fixed),
	};

	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long we2_ioctl_get_config(struct we2_device *we2, void __user *argp)
{
	struct we2_config cfg;

	we2_get_config(we2, &cfg);
	return copy_to_user(argp, &cfg, sizeof(cfg)) ? -EFAULT : 0;
}

static long we2_ioctl_set_config(struct we2_device *we2, void __user *argp)
{
	struct we2_config cfg;

	if (copy_from_user(&cfg, argp, sizeof(cfg)))
		return -EFAULT;
	return we2_set_config(we2, &cfg);
}

static long we2_ioctl_get_status(struct we2_device *we2, void __user *argp)
{
	struct we2_status st;

	we2_fill_status(we2, &st);
	return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * Hand the count and sense back, whether the section succeeded or not:
 * the count first, so that a bad sense buffer cannot lose it (the sense is
 * then reported as 0 bytes).
 */
static int we2_put_result(struct we2_write_section __user *uarg,
			  const struct we2_write_section *arg,
			  const struct we2_result *res)
{
	u32 sense_len = min(arg->sense_len, res->sense_len);

	if (put_user(res->sectors_written, &uarg->sectors_written))
		return -EFAULT;
	if (sense_len &&
	    copy_to_user(we2_user_ptr(arg->sense_buf), res->sense, sense_len))
		sense_len = 0;
	return put_user(sense_len, &uarg->sense_written) ? -EFAULT : 0;
}

static long we2_ioctl_write_section(struct we2_device *we2,
				    struct we2_write_section __user *uarg)
{
	struct we2_write_section arg;
	struct we2_result res = {};
	int ret, put;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	ret = we2_section_args_check(&arg);
	if (!ret)
		ret = we2_write_section(we2, we2_user_ptr(arg.buf),
					arg.start_lba, arg.nr_sectors, &res);
	put = we2_put_result(uarg, &arg, &res);
	if (ret)
		return ret;
	return put ? put : res.sectors_written;
}

static long we2_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct we2_device *we2 = we2_of_file(file);
	bool writable = file->f_mode & FMODE_WRITE;
	void __user *argp = (void __user *)arg;

	if (we2_detached(we2))
		return -ENODEV;

	switch (cmd) {
	case WE2_IOC_GET_INFO:
		return we2_ioctl_get_info(we2, argp);
	case WE2_IOC_GET_CONFIG:
		return we2_ioctl_get_config(we2, argp);
	case WE2_IOC_GET_STATUS:
		return we2_ioctl_get_status(we2, argp);
	case WE2_IOC_SET_CONFIG:
		return writable ? we2_ioctl_set_config(we2, argp) : -EBADF;
	case WE2_IOC_WRITE_SECTION:
		return writable ? we2_ioctl_write_section(we2, argp) : -EBADF;
	case WE2_IOC_CANCEL:
		return writable ? we2_cancel(we2) : -EBADF;
	default:
		return -ENOTTY;
	}
}

const struct file_operations we2_fops = {
	.owner		= THIS_MODULE,
	.open		= we2_open,
	.release	= we2_release,
	.read		= we2_event_read,
	.poll		= we2_event_poll,
	.unlocked_ioctl	= we2_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.uring_cmd	= we2_uring_cmd,
};
