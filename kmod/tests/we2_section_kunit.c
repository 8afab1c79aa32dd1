// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for section validation and the split into commands.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/limits.h>
#include <uapi/linux/we2.h>

#include "../we2_section.h"
#include "../we2_settings.h"

#define MAX_XFER	(1280 * 1024)	/* scsi_debug's max_sectors_kb */
#define USER_SPACE	BIT_ULL(47)

struct we2_plan_case {
	const char *name;
	s32 bps;
	u32 cap;
	bool write12;
	s64 lba;
	u32 nr;
	int ret;
	u32 per_cmd;
};

static const struct we2_plan_case we2_plan_cases[] = {
	{ "2048 B, 64 KiB cap", 2048, 65536, false, 0, 100, 0, 32 },
	{ "2352 B raw CD", 2352, 65536, false, -150, 1000, 0, 27 },
	{ "2448 B raw+subcode", 2448, 65536, false, 0, 1, 0, 26 },
	{ "1 B sectors hit WRITE(10)'s 16 bits", 1, 1024 * 1024, false, 0,
	  70000, 0, 0xffff },
	{ "1 B sectors in WRITE(12)", 1, 1024 * 1024, true, 0, 70000, 0,
	  1024 * 1024 },
	{ "cap above device max", 2048, 0xffffffff, false, 0, 10, 0,
	  MAX_XFER / 2048 },
	{ "zero count", 2048, 65536, false, 0, 0, -EINVAL },
	{ "count above INT_MAX", 1, 65536, false, 0, (u32)INT_MAX + 1,
	  -EINVAL },
	{ "bytes per sector unset", WE2_UNSET, 65536, false, 0, 1, -EINVAL },
	{ "count x bps beyond user space", 1 << 20, 1 << 20, false, 0,
	  INT_MAX, -EOVERFLOW },
	{ "count x bps just within user space", 65536, 65536, false, 0,
	  INT_MAX, 0, 1 },
	{ "sector larger than a command", 4096, 2048, false, 0, 1, -ERANGE },
	{ "last LBA 2^32-1 fits", 2048, 65536, false, WE2_LBA_MAX - 9, 10,
	  0, 32 },
	{ "last LBA 2^32 does not", 2048, 65536, false, WE2_LBA_MAX - 9, 11,
	  -ERANGE },
	{ "first LBA -2^31 fits", 2048, 65536, true, WE2_LBA_MIN, 5, 0, 32 },
	{ "first LBA -2^31-1 does not", 2048, 65536, true, WE2_LBA_MIN - 1, 5,
	  -ERANGE },
	{ "negative section ending positive", 2048, 65536, false, -150, 300,
	  0, 32 },
};

static void we2_plan_case_desc(const struct we2_plan_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(we2_plan, we2_plan_cases, we2_plan_case_desc);

static void we2_plan_test(struct kunit *test)
{
	const struct we2_plan_case *t = test->param_value;
	struct we2_settings s;
	struct we2_section sec;
	int ret;

	we2_settings_init(&s);
	s.bytes_per_sector = t->bps;
	s.transfer_cap = t->cap;
	s.write12 = t->write12;

	ret = we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE, t->lba, t->nr);
	KUNIT_ASSERT_EQ(test, ret, t->ret);
	if (ret)
		return;
	KUNIT_EXPECT_EQ(test, sec.xfer_sectors, t->per_cmd);
	KUNIT_EXPECT_EQ(test, sec.bytes, (u64)t->nr * t->bps);
	KUNIT_EXPECT_EQ(test, sec.start_lba, t->lba);
	KUNIT_EXPECT_EQ(test, sec.write12, t->write12);
	/* one command never carries more than the cap or the device max */
	KUNIT_EXPECT_LE(test, (u64)sec.xfer_sectors * t->bps,
			(u64)min_t(u32, t->cap, MAX_XFER));
}

/* Walking the split covers every sector once, in order, within limits. */
static void we2_split_walk_test(struct kunit *test)
{
	static const u32 counts[] = { 1, 31, 32, 33, 64, 100, 32769 };
	struct we2_settings s;
	struct we2_section sec;
	int i;

	we2_settings_init(&s);
	s.bytes_per_sector = 2048;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		u32 done = 0, cmds = 0, n;

		KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER,
						       USER_SPACE, 0,
						       counts[i]), 0);
		while ((n = we2_section_next_len(&sec, done))) {
			KUNIT_ASSERT_LE(test, n, 32U);
			/* only the last command may be short */
			if (done + n < counts[i])
				KUNIT_EXPECT_EQ(test, n, 32U);
			done += n;
			cmds++;
		}
		KUNIT_EXPECT_EQ(test, done, counts[i]);
		KUNIT_EXPECT_EQ(test, cmds, DIV_ROUND_UP(counts[i], 32));
	}
}

static void we2_split_past_end_test(struct kunit *test)
{
	struct we2_settings s;
	struct we2_section sec;

	we2_settings_init(&s);
	s.bytes_per_sector = 2048;
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       0, 40), 0);
	KUNIT_EXPECT_EQ(test, we2_section_next_len(&sec, 32), 8U);
	KUNIT_EXPECT_EQ(test, we2_section_next_len(&sec, 40), 0U);
	KUNIT_EXPECT_EQ(test, we2_section_next_len(&sec, 41), 0U);
}

static void we2_args_check_test(struct kunit *test)
{
	struct we2_write_section arg = {
		.buf = 0x1000, .start_lba = 0, .nr_sectors = 1,
	};

	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), 0);
	arg.flags = 1;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), -EINVAL);
	arg.flags = 0;
	arg.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), -EINVAL);
	arg.reserved[1] = 0;
	arg.reserved0 = 1;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), -EINVAL);
	arg.reserved0 = 0;
	/* output fields left over from an earlier call are fine */
	arg.sectors_written = 3;
	arg.sense_written = 18;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), 0);
	arg.sense_len = 18;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), -EINVAL);
	arg.sense_buf = 0x2000;
	KUNIT_EXPECT_EQ(test, we2_section_args_check(&arg), 0);
}

static void we2_uring_args_check_test(struct kunit *test)
{
	struct we2_uring_write arg = {
		.buf = 0x1000, .start_lba = -150, .nr_sectors = 1,
	};
	int i;

	KUNIT_EXPECT_EQ(test, we2_uring_args_check(&arg), 0);
	arg.flags = 1U << 31;
	KUNIT_EXPECT_EQ(test, we2_uring_args_check(&arg), -EINVAL);
	arg.flags = 0;
	for (i = 0; i < ARRAY_SIZE(arg.reserved); i++) {
		arg.reserved[i] = 1;
		KUNIT_EXPECT_EQ(test, we2_uring_args_check(&arg), -EINVAL);
		arg.reserved[i] = 0;
	}
	KUNIT_EXPECT_EQ(test, we2_uring_args_check(&arg), 0);
}

/* An io_uring write is one command: exactly up to the per-command size. */
static void we2_one_command_test(struct kunit *test)
{
	struct we2_settings s;
	struct we2_section sec;

	we2_settings_init(&s);
	s.bytes_per_sector = 2048;
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       0, 32), 0);
	KUNIT_EXPECT_EQ(test, we2_section_one_command(&sec), 0);
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       0, 33), 0);
	KUNIT_EXPECT_EQ(test, we2_section_one_command(&sec), -E2BIG);
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       -150, 1), 0);
	KUNIT_EXPECT_EQ(test, we2_section_one_command(&sec), 0);

	/* a 1 MiB cap: 512 sectors of 2048, WRITE(10)'s 16 bits not the limit */
	s.transfer_cap = 1 << 20;
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       0, 512), 0);
	KUNIT_EXPECT_EQ(test, we2_section_one_command(&sec), 0);
	KUNIT_ASSERT_EQ(test, we2_section_plan(&sec, &s, MAX_XFER, USER_SPACE,
					       0, 513), 0);
	KUNIT_EXPECT_EQ(test, we2_section_one_command(&sec), -E2BIG);
}

static struct kunit_case we2_section_test_cases[] = {
	KUNIT_CASE_PARAM(we2_plan_test, we2_plan_gen_params),
	KUNIT_CASE(we2_split_walk_test),
	KUNIT_CASE(we2_split_past_end_test),
	KUNIT_CASE(we2_args_check_test),
	KUNIT_CASE(we2_uring_args_check_test),
	KUNIT_CASE(we2_one_command_test),
	{}
};

static struct kunit_suite we2_section_test_suite = {
	.name = "we2_section",
	.test_cases = we2_section_test_cases,
};

kunit_test_suite(we2_section_test_suite);

MODULE_LICENSE("GPL");
