// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for settings validation (shared by ioctl and sysfs).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <kunit/test.h>
#include <uapi/linux/we2.h>

#include "../we2_settings.h"

#define MAX_XFER	(1280 * 1024)

static int check_one(u32 mask, const struct we2_config *fields)
{
	struct we2_settings cur;
	struct we2_config req = *fields;

	we2_settings_init(&cur);
	req.mask = mask;
	return we2_settings_check(&cur, &req, MAX_XFER);
}

static void we2_settings_defaults_test(struct kunit *test)
{
	struct we2_settings s;
	struct we2_config cfg;

	we2_settings_init(&s);
	we2_settings_to_config(&s, &cfg);
	KUNIT_EXPECT_EQ(test, cfg.mask, WE2_CFG_ALL);
	KUNIT_EXPECT_EQ(test, cfg.bytes_per_sector, WE2_UNSET);
	KUNIT_EXPECT_EQ(test, cfg.starting_sectors_per_second, WE2_UNSET);
	KUNIT_EXPECT_EQ(test, cfg.ending_sectors_per_second, WE2_UNSET);
	KUNIT_EXPECT_EQ(test, cfg.use_streaming_write12, 0U);
	KUNIT_EXPECT_EQ(test, cfg.timeout_ms, 60000U);
	KUNIT_EXPECT_EQ(test, cfg.transfer_cap_bytes, 65536U);
}

static void we2_settings_bps_test(struct kunit *test)
{
	struct we2_config c = {};

	c.bytes_per_sector = 2048;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c), 0);
	c.bytes_per_sector = 1;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c), 0);
	c.bytes_per_sector = WE2_UNSET;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c), 0);
	c.bytes_per_sector = 0;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c),
			-EINVAL);
	c.bytes_per_sector = -2;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c),
			-EINVAL);
	/* more than the 64 KiB transfer cap: could never be sent */
	c.bytes_per_sector = 65537;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR, &c),
			-EINVAL);
	/* ... unless the cap is raised in the same request */
	c.transfer_cap_bytes = 131072;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR |
					WE2_CFG_TRANSFER_CAP, &c), 0);
	c.bytes_per_sector = MAX_XFER + 1;
	c.transfer_cap_bytes = MAX_XFER;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_BYTES_PER_SECTOR |
					WE2_CFG_TRANSFER_CAP, &c), -EINVAL);
}

static void we2_settings_cap_below_sector_test(struct kunit *test)
{
	struct we2_settings cur;
	struct we2_config req = { .mask = WE2_CFG_TRANSFER_CAP };

	we2_settings_init(&cur);
	cur.bytes_per_sector = 2352;
	req.transfer_cap_bytes = 2352;
	KUNIT_EXPECT_EQ(test, we2_settings_check(&cur, &req, MAX_XFER), 0);
	req.transfer_cap_bytes = 2351;
	KUNIT_EXPECT_EQ(test, we2_settings_check(&cur, &req, MAX_XFER),
			-EINVAL);
	req.transfer_cap_bytes = 0;
	KUNIT_EXPECT_EQ(test, we2_settings_check(&cur, &req, MAX_XFER),
			-EINVAL);
	req.transfer_cap_bytes = MAX_XFER + 1;
	KUNIT_EXPECT_EQ(test, we2_settings_check(&cur, &req, MAX_XFER),
			-EINVAL);
}

static void we2_settings_speed_test(struct kunit *test)
{
	struct we2_config c = {};
	u32 both = WE2_CFG_STARTING_SPS | WE2_CFG_ENDING_SPS;

	c.starting_sectors_per_second = WE2_UNSET;
	c.ending_sectors_per_second = 1;
	KUNIT_EXPECT_EQ(test, check_one(both, &c), 0);
	c.starting_sectors_per_second = 0;
	KUNIT_EXPECT_EQ(test, check_one(both, &c), -EINVAL);
	c.starting_sectors_per_second = 75 * 48;
	c.ending_sectors_per_second = -7;
	KUNIT_EXPECT_EQ(test, check_one(both, &c), -EINVAL);
	/* a field outside the mask is not looked at */
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_STARTING_SPS, &c), 0);
}

static void we2_settings_misc_test(struct kunit *test)
{
	struct we2_config c = {};

	c.use_streaming_write12 = 1;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_STREAMING_WRITE12, &c), 0);
	c.use_streaming_write12 = 2;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_STREAMING_WRITE12, &c),
			-EINVAL);
	c.timeout_ms = 999;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_TIMEOUT, &c), -EINVAL);
	c.timeout_ms = 1000;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_TIMEOUT, &c), 0);
	c.timeout_ms = 3600001;
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_TIMEOUT, &c), -EINVAL);
}

static void we2_settings_abi_test(struct kunit *test)
{
	struct we2_config c = {};

	KUNIT_EXPECT_EQ(test, check_one(0, &c), 0);
	KUNIT_EXPECT_EQ(test, check_one(WE2_CFG_ALL + 1, &c), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_one(1U << 31, &c), -EINVAL);
	c.reserved0 = 1;
	KUNIT_EXPECT_EQ(test, check_one(0, &c), -EINVAL);
	c.reserved0 = 0;
	c.reserved[3] = 1;
	KUNIT_EXPECT_EQ(test, check_one(0, &c), -EINVAL);
}

static void we2_settings_apply_test(struct kunit *test)
{
	struct we2_settings s;
	struct we2_config req = {
		.mask = WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_STREAMING_WRITE12,
		.bytes_per_sector = 2352,
		.use_streaming_write12 = 1,
		.timeout_ms = 5000,	/* not in the mask: ignored */
	};

	we2_settings_init(&s);
	KUNIT_ASSERT_EQ(test, we2_settings_check(&s, &req, MAX_XFER), 0);
	we2_settings_apply(&s, &req);
	KUNIT_EXPECT_EQ(test, s.bytes_per_sector, 2352);
	KUNIT_EXPECT_TRUE(test, s.write12);
	KUNIT_EXPECT_EQ(test, s.timeout_ms, WE2_DEFAULT_TIMEOUT_MS);
}

static struct kunit_case we2_settings_test_cases[] = {
	KUNIT_CASE(we2_settings_defaults_test),
	KUNIT_CASE(we2_settings_bps_test),
	KUNIT_CASE(we2_settings_cap_below_sector_test),
	KUNIT_CASE(we2_settings_speed_test),
	KUNIT_CASE(we2_settings_misc_test),
	KUNIT_CASE(we2_settings_abi_test),
	KUNIT_CASE(we2_settings_apply_test),
	{}
};

static struct kunit_suite we2_settings_test_suite = {
	.name = "we2_settings",
	.test_cases = we2_settings_test_cases,
};

kunit_test_suite(we2_settings_test_suite);

MODULE_LICENSE("GPL");
