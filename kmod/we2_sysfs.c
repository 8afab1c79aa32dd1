// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/class/we2/we2N/: the settings (root-writable, validated by the same
 * code as WE2_IOC_SET_CONFIG), the device's limits, the write state and
 * the statistics. Documentation/ABI/testing/sysfs-class-we2 describes them.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <uapi/linux/we2.h>

#include "we2.h"

static ssize_t we2_store_one(struct device *dev, struct we2_config *req,
			     u32 mask, size_t count)
{
	int ret;

	req->mask = mask;
	ret = we2_set_config(to_we2(dev), req);
	return ret ? ret : count;
}

static struct we2_settings we2_settings_of(struct device *dev)
{
	struct we2_device *we2 = to_we2(dev);
	struct we2_settings s;

	mutex_lock(&we2->cfg_lock);
	s = we2->settings;
	mutex_unlock(&we2->cfg_lock);
	return s;
}

#define WE2_SETTING_S32(name, field, cfg_field, bit)			\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%d\n", we2_settings_of(dev).field);	\
}									\
static ssize_t name##_store(struct device *dev,				\
			    struct device_attribute *attr,		\
			    const char *buf, size_t count)		\
{									\
	struct we2_config req = {};					\
	int ret = kstrtos32(buf, 0, &req.cfg_field);			\
									\
	return ret ? ret : we2_store_one(dev, &req, bit, count);	\
}									\
static DEVICE_ATTR_RW(name)

#define WE2_SETTING_U32(name, field, cfg_field, bit)			\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%u\n", we2_settings_of(dev).field);	\
}									\
static ssize_t name##_store(struct device *dev,				\
			    struct device_attribute *attr,		\
			    const char *buf, size_t count)		\
{									\
	struct we2_config req = {};					\
	int ret = kstrtou32(buf, 0, &req.cfg_field);			\
									\
	return ret ? ret : we2_store_one(dev, &req, bit, count);	\
}									\
static DEVICE_ATTR_RW(name)

WE2_SETTING_S32(bytes_per_sector, bytes_per_sector, bytes_per_sector,
		WE2_CFG_BYTES_PER_SECTOR);
WE2_SETTING_S32(starting_sectors_per_second, starting_sps,
		starting_sectors_per_second, WE2_CFG_STARTING_SPS);
WE2_SETTING_S32(ending_sectors_per_second, ending_sps,
		ending_sectors_per_second, WE2_CFG_ENDING_SPS);
WE2_SETTING_U32(use_streaming_write12, write12, use_streaming_write12,
		WE2_CFG_STREAMING_WRITE12);
WE2_SETTING_U32(timeout_ms, timeout_ms, timeout_ms, WE2_CFG_TIMEOUT);
WE2_SETTING_U32(transfer_cap_bytes, transfer_cap, transfer_cap_bytes,
		WE2_CFG_TRANSFER_CAP);

static ssize_t max_transfer_bytes_show(struct device *dev,
				       struct device_attribute *attr,
				       char *buf)
{
	return sysfs_emit(buf, "%u\n", we2_max_transfer(to_we2(dev)));
}
static DEVICE_ATTR_RO(max_transfer_bytes);

static ssize_t write_in_progress_show(struct device *dev,
				      struct device_attribute *attr,
				      char *buf)
{
	return sysfs_emit(buf, "%d\n", we2_write_in_progress(to_we2(dev)));
}
static DEVICE_ATTR_RO(write_in_progress);

/*
 * Descriptors open for writing: a burner that opens the node O_EXCL is
 * refused while there is any, so a drive list can say "busy" before it
 */
static ssize_t writers_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct we2_device *we2 = to_we2(dev);
	unsigned int writers;

	spin_lock(&we2->open_lock);
	writers = we2->writers;
	spin_unlock(&we2->open_lock);
	return sysfs_emit(buf, "%u\n", writers);
}
static DEVICE_ATTR_RO(writers);

/* The rate the write in progress is paced at now; 0 when not paced. */
static ssize_t current_sectors_per_second_show(struct device *dev,
					       struct device_attribute *attr,
					       char *buf)
{
	struct we2_status st;

	we2_fill_status(to_we2(dev), &st);
	return sysfs_emit(buf, "%u\n", st.sectors_per_second);
}
static DEVICE_ATTR_RO(current_sectors_per_second);

static ssize_t set_streaming_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	static const char * const names[] = {
		[WE2_SETSTREAM_UNKNOWN] = "unknown",
		[WE2_SETSTREAM_SUPPORTED] = "supported",
		[WE2_SETSTREAM_UNSUPPORTED] = "unsupported",
	};

	return sysfs_emit(buf, "%s\n",
			  names[READ_ONCE(to_we2(dev)->set_streaming)]);
}
static DEVICE_ATTR_RO(set_streaming);

static struct attribute *we2_attrs[] = {
	&dev_attr_bytes_per_sector.attr,
	&dev_attr_starting_sectors_per_second.attr,
	&dev_attr_ending_sectors_per_second.attr,
	&dev_attr_use_streaming_write12.attr,
	&dev_attr_timeout_ms.attr,
	&dev_attr_transfer_cap_bytes.attr,
	&dev_attr_max_transfer_bytes.attr,
	&dev_attr_write_in_progress.attr,
	&dev_attr_writers.attr,
	&dev_attr_current_sectors_per_second.attr,
	&dev_attr_set_streaming.attr,
	NULL
};

static const struct attribute_group we2_attr_group = {
	.attrs = we2_attrs,
};

#define WE2_STAT(name, counter)						\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  atomic64_read(&to_we2(dev)->stats.counter));	\
}									\
static DEVICE_ATTR_RO(name)

WE2_STAT(sections, sections);
WE2_STAT(commands, commands);
WE2_STAT(sectors_written, sectors);
WE2_STAT(errors, errors);
WE2_STAT(bounce_bytes, bounce_bytes);
WE2_STAT(uring_commands, uring_commands);
WE2_STAT(uring_fixed, uring_fixed);
WE2_STAT(not_ready_retries, not_ready_retries);
WE2_STAT(last_sectors_per_second, last_rate);

static struct attribute *we2_stat_attrs[] = {
	&dev_attr_sections.attr,
	&dev_attr_commands.attr,
	&dev_attr_sectors_written.attr,
	&dev_attr_errors.attr,
	&dev_attr_bounce_bytes.attr,
	&dev_attr_uring_commands.attr,
	&dev_attr_uring_fixed.attr,
	&dev_attr_not_ready_retries.attr,
	&dev_attr_last_sectors_per_second.attr,
	NULL
};

static const struct attribute_group we2_stat_group = {
	.name = "statistics",
	.attrs = we2_stat_attrs,
};

const struct attribute_group *we2_groups[] = {
	&we2_attr_group,
	&we2_stat_group,
	NULL
};
