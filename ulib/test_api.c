// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The calling convention, without a we2 device: every call returns
 * -errno, refuses what is not a we2 node, fills in results on failure,
 * and the uapi structures have the layout the ABI promises.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libwe2.h"
#include "test.h"

/* the lowest free descriptor, to see that a failed open leaks none */
static int next_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

static void test_open_errors(void)
{
	int fd = next_fd();

	T_CASE("open-errors");
	CHECK_INT(we2_open("/nonexistent/we20", O_RDWR), -ENOENT);
	CHECK_INT(we2_open(NULL, O_RDWR), -EINVAL);
	CHECK_INT(we2_open("/dev/null", O_WRONLY), -EINVAL);
	CHECK_INT(we2_open("/dev/null", O_RDWR | O_APPEND), -EINVAL);
	CHECK_INT(we2_open("/dev/null", O_RDONLY | O_EXCL), -EINVAL);
	CHECK_INT(we2_open("/dev/null", O_RDWR | O_EXCL), -ENOTTY);
	CHECK_INT(we2_open("/dev/null", O_RDWR | O_APPEND), -EINVAL);
	CHECK_INT(next_fd(), fd);
}

static void test_open_not_we2(void)
{
	int fd = next_fd();

	T_CASE("open-refuses-non-we2-node");
	CHECK_INT(we2_open("/dev/null", O_RDONLY), -ENOTTY);
	CHECK_INT(we2_open("/dev/null", O_RDWR | O_CLOEXEC), -ENOTTY);
	CHECK_INT(next_fd(), fd);
}

static void test_bad_fd(void)
{
	struct we2_info info;
	struct we2_status st;
	struct we2_config cfg = { 0 };
	struct we2_write_result res;
	char buf[2048];

	T_CASE("calls-on-bad-descriptor");
	CHECK_INT(we2_get_info(-1, &info), -EBADF);
	CHECK_INT(we2_get_status(-1, &st), -EBADF);
	CHECK_INT(we2_get_config(-1, &cfg), -EBADF);
	CHECK_INT(we2_set_config(-1, &cfg), -EBADF);
	CHECK_INT(we2_cancel(-1), -EBADF);
	CHECK_INT(we2_set_bytes_per_sector(-1, 2048), -EBADF);
	CHECK_INT(we2_set_streaming_write12(-1, true), -EBADF);
	CHECK_INT(we2_set_sectors_per_second(-1, WE2_UNSET, WE2_UNSET), -EBADF);
	CHECK_INT(we2_set_transfer_cap(-1, 65536), -EBADF);
	CHECK_INT(we2_set_timeout_ms(-1, 60000), -EBADF);
	memset(&res, 0xAA, sizeof(res));
	CHECK_INT(we2_write_section(-1, buf, 0, 1, &res), -EBADF);
	CHECK_INT(res.sectors_written, 0);
	CHECK_INT(res.sense_len, 0);
	CHECK_INT(we2_write_section(-1, buf, -150, 1, NULL), -EBADF);
	CHECK_INT(we2_close(-1), -EBADF);
}

static void test_not_we2_fd(void)
{
	struct we2_info info;
	struct we2_status st;
	struct we2_config cfg = { 0 };
	struct we2_write_result res;
	char buf[2048];
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	T_CASE("calls-on-non-we2-descriptor");
	CHECK(fd >= 0);
	CHECK_INT(we2_get_info(fd, &info), -ENOTTY);
	CHECK_INT(we2_get_status(fd, &st), -ENOTTY);
	CHECK_INT(we2_get_config(fd, &cfg), -ENOTTY);
	CHECK_INT(we2_set_config(fd, &cfg), -ENOTTY);
	CHECK_INT(we2_cancel(fd), -ENOTTY);
	CHECK_INT(we2_write_section(fd, buf, 0, 1, &res), -ENOTTY);
	CHECK_INT(res.sectors_written, 0);
	CHECK_INT(we2_close(fd), 0);
}

static void test_null_args(void)
{
	T_CASE("null-arguments");
	CHECK_INT(we2_get_info(0, NULL), -EINVAL);
	CHECK_INT(we2_get_status(0, NULL), -EINVAL);
	CHECK_INT(we2_get_config(0, NULL), -EINVAL);
	CHECK_INT(we2_set_config(0, NULL), -EINVAL);
}

static void test_write_too_many(void)
{
	struct we2_write_result res;

	T_CASE("write-section-count-over-int-max");
	memset(&res, 0xAA, sizeof(res));
	CHECK_INT(we2_write_section(-1, NULL, 0, (uint32_t)INT_MAX + 1, &res),
		  -EINVAL);
	CHECK_INT(res.sectors_written, 0);
	CHECK_INT(res.sense_len, 0);
	CHECK_INT(sizeof(res.sense), WE2_SENSE_MAX);
}

#define CHECK_OFF(type, field, off) CHECK_INT(offsetof(type, field), off)

/* the layout <linux/we2.h> promises on 32- and 64-bit user space */
static void test_uapi_layout(void)
{
	T_CASE("uapi-layout");
	CHECK_INT(sizeof(struct we2_config), 64);
	CHECK_OFF(struct we2_config, bytes_per_sector, 4);
	CHECK_OFF(struct we2_config, transfer_cap_bytes, 24);
	CHECK_OFF(struct we2_config, reserved, 32);

	CHECK_INT(sizeof(struct we2_write_section), 64);
	CHECK_OFF(struct we2_write_section, start_lba, 8);
	CHECK_OFF(struct we2_write_section, nr_sectors, 16);
	CHECK_OFF(struct we2_write_section, sense_buf, 24);
	CHECK_OFF(struct we2_write_section, sense_written, 36);
	CHECK_OFF(struct we2_write_section, sectors_written, 40);
	CHECK_OFF(struct we2_write_section, reserved, 48);

	CHECK_INT(sizeof(struct we2_status), 64);
	CHECK_OFF(struct we2_status, start_lba, 8);
	CHECK_OFF(struct we2_status, last_written_lba, 16);
	CHECK_OFF(struct we2_status, sectors_written, 24);
	CHECK_OFF(struct we2_status, sectors_per_second, 28);
	CHECK_OFF(struct we2_status, last_read_lba, 32);
	CHECK_OFF(struct we2_status, used_buffer_bytes, 40);
	CHECK_OFF(struct we2_status, total_buffer_bytes, 48);
	CHECK_OFF(struct we2_status, reserved, 56);

	CHECK_INT(sizeof(struct we2_event), 96);
	CHECK_OFF(struct we2_event, state, 8);
	CHECK_OFF(struct we2_event, missed, 12);
	CHECK_OFF(struct we2_event, start_lba, 16);
	CHECK_OFF(struct we2_event, sectors_per_second, 28);
	CHECK_OFF(struct we2_event, last_written_lba, 32);
	CHECK_OFF(struct we2_event, error, 64);
	CHECK_OFF(struct we2_event, timestamp_ns, 72);
	CHECK_OFF(struct we2_event, reserved, 80);

	CHECK_INT(sizeof(struct we2_info), 120);
	CHECK_OFF(struct we2_info, stat_sections, 16);
	CHECK_OFF(struct we2_info, stat_bounce_bytes, 48);
	CHECK_OFF(struct we2_info, stat_uring_commands, 56);
	CHECK_OFF(struct we2_info, stat_uring_fixed, 64);
	CHECK_OFF(struct we2_info, features, 72);
	CHECK_OFF(struct we2_info, reserved, 80);

	/* fits the command area of a 128-byte SQE */
	CHECK_INT(sizeof(struct we2_uring_write), 48);
	CHECK_OFF(struct we2_uring_write, start_lba, 8);
	CHECK_OFF(struct we2_uring_write, nr_sectors, 16);
	CHECK_OFF(struct we2_uring_write, flags, 20);
	CHECK_OFF(struct we2_uring_write, section_lba, 24);
	CHECK_OFF(struct we2_uring_write, section_sectors, 32);
	CHECK_OFF(struct we2_uring_write, reserved, 40);
	CHECK_INT(_IOC_TYPE(WE2_URING_CMD_WRITE), 0xE2);
	CHECK_INT(_IOC_NR(WE2_URING_CMD_WRITE), 0x10);
	CHECK_INT(_IOC_SIZE(WE2_URING_CMD_WRITE), 48);

	CHECK_INT(sizeof(struct we2_write_result), 8 + WE2_SENSE_MAX);
	CHECK_INT(_IOC_TYPE(WE2_IOC_WRITE_SECTION), 0xE2);
	CHECK_INT(_IOC_SIZE(WE2_IOC_WRITE_SECTION), 64);
	CHECK_INT(_IOC_DIR(WE2_IOC_WRITE_SECTION), _IOC_READ | _IOC_WRITE);
	CHECK_INT(_IOC_NR(WE2_IOC_CANCEL), 5);
}

int main(void)
{
	test_open_errors();
	test_open_not_we2();
	test_bad_fd();
	test_not_we2_fd();
	test_null_args();
	test_write_too_many();
	test_uapi_layout();
	return t_done();
}
