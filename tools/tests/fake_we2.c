// SPDX-License-Identifier: MIT
/*
 * fake_we2.so: a stand-in for /dev/we2N, for testing the tools without the
 * driver. LD_PRELOAD it and give a regular file as the device: the we2
 * ioctls (type 0xE2) on any descriptor are answered here, following the
 * contract of <linux/we2.h>, and sectors are stored in the file at byte
 * (lba - WE2FAKE_LBA_BASE) * bytes_per_sector. Other ioctls pass through.
 *
 * Environment:
 *	WE2FAKE_CMD_US		microseconds each SCSI command takes (0)
 *	WE2FAKE_MAX_TRANSFER	max_transfer_bytes (131072)
 *	WE2FAKE_FAIL_LBA	the command holding this LBA fails with
 *				03/0C/00, information = this LBA
 *	WE2FAKE_DEFERRED	1: that failure's sense is a deferred error
 *				(response code 71h)
 *	WE2FAKE_CORRUPT_LBA	this sector is stored with byte 5 flipped
 *	WE2FAKE_LBA_BASE	LBA stored at byte 0 of the file (0)
 *
 * Settings live in this process only.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/we2.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct we2_config cfg = {
	.mask = WE2_CFG_ALL,
	.bytes_per_sector = WE2_UNSET,
	.starting_sectors_per_second = WE2_UNSET,
	.ending_sectors_per_second = WE2_UNSET,
	.timeout_ms = 60000,
	.transfer_cap_bytes = 65536,
};
static struct we2_status status;
static struct we2_info info;
static atomic_bool cancel_req;

static long long env_ll(const char *name, long long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoll(v, NULL, 0) : def;
}

static uint32_t max_transfer(void)
{
	return (uint32_t)env_ll("WE2FAKE_MAX_TRANSFER", 131072);
}

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static int set_config(const struct we2_config *r)
{
	struct we2_config next = cfg;
	uint32_t m = r->mask, max = max_transfer();

	if (m & ~WE2_CFG_ALL || r->reserved0 || !zero(r->reserved, sizeof(r->reserved)))
		return -EINVAL;
	if (m & WE2_CFG_BYTES_PER_SECTOR) {
		if (r->bytes_per_sector != WE2_UNSET &&
		    (r->bytes_per_sector < 1 || (uint32_t)r->bytes_per_sector > max))
			return -EINVAL;
		next.bytes_per_sector = r->bytes_per_sector;
	}
	if (m & WE2_CFG_STARTING_SPS) {
		if (r->starting_sectors_per_second != WE2_UNSET &&
		    r->starting_sectors_per_second < 1)
			return -EINVAL;
		next.starting_sectors_per_second = r->starting_sectors_per_second;
	}
	if (m & WE2_CFG_ENDING_SPS) {
		if (r->ending_sectors_per_second != WE2_UNSET &&
		    r->ending_sectors_per_second < 1)
			return -EINVAL;
		next.ending_sectors_per_second = r->ending_sectors_per_second;
	}
	if (m & WE2_CFG_STREAMING_WRITE12) {
		if (r->use_streaming_write12 > 1)
			return -EINVAL;
		next.use_streaming_write12 = r->use_streaming_write12;
	}
	if (m & WE2_CFG_TIMEOUT) {
		if (r->timeout_ms < 1000 || r->timeout_ms > 3600000)
			return -EINVAL;
		next.timeout_ms = r->timeout_ms;
	}
	if (m & WE2_CFG_TRANSFER_CAP) {
		if (!r->transfer_cap_bytes || r->transfer_cap_bytes > max)
			return -EINVAL;
		next.transfer_cap_bytes = r->transfer_cap_bytes;
	}
	if (next.bytes_per_sector != WE2_UNSET &&
	    (uint32_t)next.bytes_per_sector > next.transfer_cap_bytes)
		return -EINVAL;
	if (status.write_in_progress)
		return -EBUSY;
	cfg = next;
	return 0;
}

static bool lba_fits(int64_t lba)
{
	return lba >= WE2_LBA_MIN && lba <= WE2_LBA_MAX;
}

static void fail_sense(struct we2_write_section *ws, int64_t lba)
{
	uint8_t s[18] = { 0xF0, 0, 0x03 };

	if (env_ll("WE2FAKE_DEFERRED", 0))
		s[0] = 0xF1;

	s[3] = (uint32_t)lba >> 24;
	s[4] = (uint32_t)lba >> 16;
	s[5] = (uint32_t)lba >> 8;
	s[6] = (uint32_t)lba;
	s[7] = 10;
	s[12] = 0x0C;
	if (ws->sense_buf && ws->sense_len) {
		ws->sense_written = ws->sense_len < sizeof(s) ? ws->sense_len : sizeof(s);
		memcpy((void *)(uintptr_t)ws->sense_buf, s, ws->sense_written);
	}
}

/* one command: store @n sectors, or fail */
static int command(int fd, struct we2_write_section *ws, const uint8_t *data,
		   int64_t lba, uint32_t n, uint32_t bps)
{
	long long us = env_ll("WE2FAKE_CMD_US", 0);
	long long fail = env_ll("WE2FAKE_FAIL_LBA", LLONG_MIN);
	long long corrupt = env_ll("WE2FAKE_CORRUPT_LBA", LLONG_MIN);
	long long base = env_ll("WE2FAKE_LBA_BASE", 0);
	struct timespec ts = { us / 1000000, us % 1000000 * 1000 };
	uint8_t *copy;
	ssize_t w;

	if (us)
		nanosleep(&ts, NULL);
	info.stat_commands++;
	if (fail >= lba && fail < lba + n) {
		fail_sense(ws, fail);
		return -EIO;
	}
	if (lba < base)
		return 0;
	copy = malloc((size_t)n * bps);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, (size_t)n * bps);
	if (corrupt >= lba && corrupt < lba + n)
		copy[(corrupt - lba) * bps + (bps > 5 ? 5 : 0)] ^= 0xFF;
	w = pwrite(fd, copy, (size_t)n * bps, (lba - base) * bps);
	free(copy);
	return w == (ssize_t)n * bps ? 0 : -EIO;
}

static int write_section(int fd, struct we2_write_section *ws)
{
	uint32_t bps, per_cmd, done = 0, n;
	int ret = 0;

	if (ws->flags || ws->reserved0 || ws->sense_written || ws->sectors_written ||
	    !zero(ws->reserved, sizeof(ws->reserved)) ||
	    (!ws->sense_buf && ws->sense_len))
		return -EINVAL;

	pthread_mutex_lock(&lock);
	if (status.write_in_progress) {
		pthread_mutex_unlock(&lock);
		return -EBUSY;
	}
	if (!ws->nr_sectors || ws->nr_sectors > INT32_MAX ||
	    cfg.bytes_per_sector == WE2_UNSET) {
		pthread_mutex_unlock(&lock);
		return -EINVAL;
	}
	if (!lba_fits(ws->start_lba) ||
	    !lba_fits(ws->start_lba + ws->nr_sectors - 1)) {
		pthread_mutex_unlock(&lock);
		return -ERANGE;
	}
	bps = cfg.bytes_per_sector;
	per_cmd = (cfg.transfer_cap_bytes < max_transfer() ?
		   cfg.transfer_cap_bytes : max_transfer()) / bps;
	if (!cfg.use_streaming_write12 && per_cmd > 0xffff)
		per_cmd = 0xffff;
	status = (struct we2_status){
		.write_in_progress = 1,
		.sector_count = ws->nr_sectors,
		.start_lba = ws->start_lba,
		.last_written_lba = ws->start_lba - 1,
	};
	atomic_store(&cancel_req, false);
	info.stat_sections++;
	pthread_mutex_unlock(&lock);

	while (done < ws->nr_sectors) {
		if (atomic_load(&cancel_req)) {
			ret = -ECANCELED;
			break;
		}
		n = ws->nr_sectors - done < per_cmd ? ws->nr_sectors - done : per_cmd;
		ret = command(fd, ws, (const uint8_t *)(uintptr_t)ws->buf +
			      (size_t)done * bps, ws->start_lba + done, n, bps);
		if (ret)
			break;
		done += n;
		pthread_mutex_lock(&lock);
		status.sectors_written = done;
		status.last_written_lba = ws->start_lba + done - 1;
		pthread_mutex_unlock(&lock);
	}

	pthread_mutex_lock(&lock);
	status.write_in_progress = 0;
	info.stat_sectors_written += done;
	if (ret)
		info.stat_errors++;
	pthread_mutex_unlock(&lock);
	ws->sectors_written = done;
	return ret ? ret : (int)done;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	int ret = 0;

	/* writing and cancelling need a descriptor open for writing */
	if ((req == WE2_IOC_WRITE_SECTION || req == WE2_IOC_CANCEL) &&
	    (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY)
		return -EBADF;

	switch (req) {
	case WE2_IOC_GET_INFO:
		pthread_mutex_lock(&lock);
		/* the ioctls of ABI 1: io_uring writes cannot be faked */
		info.abi_version = 1;
		info.scsi_type = 5;
		info.max_transfer_bytes = max_transfer();
		info.dma_alignment = 4;
		memcpy(arg, &info, sizeof(info));
		pthread_mutex_unlock(&lock);
		return 0;
	case WE2_IOC_GET_CONFIG:
		pthread_mutex_lock(&lock);
		memcpy(arg, &cfg, sizeof(cfg));
		pthread_mutex_unlock(&lock);
		return 0;
	case WE2_IOC_SET_CONFIG:
		pthread_mutex_lock(&lock);
		ret = set_config(arg);
		pthread_mutex_unlock(&lock);
		return ret;
	case WE2_IOC_GET_STATUS:
		pthread_mutex_lock(&lock);
		memcpy(arg, &status, sizeof(status));
		pthread_mutex_unlock(&lock);
		return 0;
	case WE2_IOC_CANCEL:
		pthread_mutex_lock(&lock);
		if (status.write_in_progress)
			atomic_store(&cancel_req, true);
		else
			ret = -ENOENT;
		pthread_mutex_unlock(&lock);
		return ret;
	case WE2_IOC_WRITE_SECTION:
		return write_section(fd, arg);
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real_ioctl)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (_IOC_TYPE(req) != WE2_IOC_MAGIC) {
		if (!real_ioctl)
			real_ioctl = (int (*)(int, unsigned long, ...))
				     dlsym(RTLD_NEXT, "ioctl");
		return real_ioctl(fd, req, arg);
	}
	ret = fake_ioctl(fd, req, arg);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}
