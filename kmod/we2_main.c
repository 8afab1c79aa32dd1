// SPDX-License-Identifier: GPL-2.0
/*
 * we2: a write engine for SCSI/MMC recorders.
 *
 * Module entry: the "we2" class, its character device region, and the
 * SCSI class interface through which we2 attaches to devices beside sd, sr
 * and sg, the way sg does.
 *
 * Copyright (C) 2026 The we2 authors
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_driver.h>
#include <scsi/scsi_proto.h>
#include <uapi/linux/we2.h>

#include "we2.h"
#include "we2_compat.h"
#include "we2_fault.h"

/*
 * Recorders only. sd drives optical memory (7) and disks (0) as disks, whose
 * block nodes belong to the disk group: widening to them is root's choice,
 * and the udev rule leaves their we2 nodes root:disk.
 */
#define WE2_DEFAULT_TYPES	(BIT(TYPE_WORM) | BIT(TYPE_ROM))

static unsigned int attach_types = WE2_DEFAULT_TYPES;
module_param(attach_types, uint, 0444);
MODULE_PARM_DESC(attach_types,
		 "Bit mask of SCSI peripheral types to attach to (default 0x30: WORM, CD/DVD/BD; 0xb0 adds optical memory, 0xb1 also disks)");

struct class *we2_class;
dev_t we2_devt;
DEFINE_IDA(we2_minors);

/* Attached devices, to find ours again in remove_dev (sg owns drvdata). */
static LIST_HEAD(we2_devices);
static DEFINE_MUTEX(we2_devices_lock);

static bool we2_wants(const struct scsi_device *sdev)
{
	return sdev->type < 32 && (attach_types & BIT(sdev->type));
}

int we2_attach(struct device *cl_dev)
{
	struct scsi_device *sdev = to_scsi_device(cl_dev->parent);
	struct we2_device *we2;

	if (!we2_wants(sdev))
		return 0;

	we2 = we2_device_add(sdev);
	if (IS_ERR(we2)) {
		sdev_printk(KERN_WARNING, sdev, "we2: cannot attach: %ld\n",
			    PTR_ERR(we2));
		return PTR_ERR(we2);
	}

	mutex_lock(&we2_devices_lock);
	list_add_tail(&we2->node, &we2_devices);
	mutex_unlock(&we2_devices_lock);
	sdev_printk(KERN_INFO, sdev, "Attached we2 write engine %s\n",
		    dev_name(&we2->dev));
	return 0;
}

/* Called for every SCSI device, also those we did not (or failed to) attach. */
void we2_detach(struct device *cl_dev)
{
	struct scsi_device *sdev = to_scsi_device(cl_dev->parent);
	struct we2_device *we2, *found = NULL;

	mutex_lock(&we2_devices_lock);
	list_for_each_entry(we2, &we2_devices, node) {
		if (we2->sdev == sdev) {
			list_del(&we2->node);
			found = we2;
			break;
		}
	}
	mutex_unlock(&we2_devices_lock);

	if (found)
		we2_device_remove(found);
}

static struct class_interface we2_interface = {
	.add_dev	= we2_intf_add,
	.remove_dev	= we2_intf_remove,
};

/* Root-owned 0660; udev hands a recorder's node to the cdrom group. */
static char *we2_devnode(we2_devnode_dev_t *dev, umode_t *mode)
{
	if (mode)
		*mode = 0660;
	return NULL;
}

static int __init we2_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&we2_devt, 0, WE2_MAX_DEVICES, "we2");
	if (ret)
		return ret;

	we2_class = we2_class_create("we2");
	if (IS_ERR(we2_class)) {
		ret = PTR_ERR(we2_class);
		goto out_region;
	}
	we2_class->devnode = we2_devnode;
	we2_class->dev_groups = we2_groups;

	we2_fault_init();
	ret = scsi_register_interface(&we2_interface);
	if (ret)
		goto out_fault;

	pr_info("write engine, ABI %d\n", WE2_ABI_VERSION);
	return 0;

out_fault:
	we2_fault_exit();
	class_destroy(we2_class);
out_region:
	unregister_chrdev_region(we2_devt, WE2_MAX_DEVICES);
	return ret;
}

static void __exit we2_exit(void)
{
	/* calls we2_detach() for every SCSI device */
	scsi_unregister_interface(&we2_interface);
	we2_fault_exit();
	class_destroy(we2_class);
	unregister_chrdev_region(we2_devt, WE2_MAX_DEVICES);
	ida_destroy(&we2_minors);
}

module_init(we2_init);
module_exit(we2_exit);

MODULE_DESCRIPTION("Write engine for SCSI/MMC recorders");
MODULE_AUTHOR("The we2 authors");
MODULE_LICENSE("GPL");
