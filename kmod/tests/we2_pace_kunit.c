// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pacing model: a section's duration against the
 * integral of 1/rate (values computed with double-precision logarithms),
 * the rate along the ramp, and the schedule's handling of late wake-ups.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/time64.h>

#include "../we2_pace.h"

/* Book a whole section in transfers of @len, never late; its duration. */
static u64 we2_section_ns(u32 start, u32 end, u64 n, u32 len)
{
	struct we2_pace p;
	u64 x, last = 0;

	we2_pace_begin(&p, n, 0);
	for (x = 0; x < n; x += len)
		last = we2_pace_slot(&p, start, end, x, min_t(u64, len, n - x),
				     last);
	return p.next_ns;
}

/* |got - want| <= want * ppm / 10^6 */
static void we2_expect_near(struct kunit *test, u64 got, u64 want, u64 ppm)
{
	u64 diff = got > want ? got - want : want - got;

	KUNIT_EXPECT_LE_MSG(test, diff, div_u64(want * ppm, 1000000),
			    "got %llu ns, want %llu ns", got, want);
}

static void we2_pace_constant_test(struct kunit *test)
{
	/* 10 000 sectors at 1000/s: exactly 10 s, whatever the split */
	KUNIT_EXPECT_EQ(test, we2_section_ns(1000, 1000, 10000, 32),
			10 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, we2_section_ns(1000, 1000, 10000, 10000),
			10 * NSEC_PER_SEC);
	/* CD 1x, one second's worth */
	KUNIT_EXPECT_EQ(test, we2_section_ns(75, 75, 75, 27), NSEC_PER_SEC);
}

static void we2_pace_ramp_up_test(struct kunit *test)
{
	/* n / (end - start) * ln(end / start) = 10 ln 2 s */
	we2_expect_near(test, we2_section_ns(1000, 2000, 10000, 32),
			6931471806ULL, 10);
	/* a 74-minute CD from 1x to 4x, 27 raw sectors a write */
	we2_expect_near(test, we2_section_ns(75, 300, 333000, 27),
			2051715654457ULL, 10);
}

static void we2_pace_ramp_down_test(struct kunit *test)
{
	we2_expect_near(test, we2_section_ns(2000, 1000, 10000, 32),
			6931471806ULL, 10);
	we2_expect_near(test, we2_section_ns(300, 75, 333000, 27),
			2051715654457ULL, 10);
}

static void we2_pace_one_sector_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, we2_section_ns(75, 75, 1, 1), 13333333ULL);
	/* a ramp over one sector runs at its midpoint rate, 150/s */
	KUNIT_EXPECT_EQ(test, we2_section_ns(100, 200, 1, 1), 6666666ULL);
}

static void we2_pace_rate_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, we2_pace_rate(1000, 2000, 10000, 0), 1000U);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(1000, 2000, 10000, 5000), 1500U);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(1000, 2000, 10000, 10000), 2000U);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(1000, 2000, 10000, 20000), 2000U);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(2000, 1000, 10000, 2500), 1750U);
	KUNIT_EXPECT_TRUE(test, we2_pace_enabled(1, 1));
	KUNIT_EXPECT_FALSE(test, we2_pace_enabled(-1, -1));
	KUNIT_EXPECT_FALSE(test, we2_pace_enabled(-1, 100));
	KUNIT_EXPECT_FALSE(test, we2_pace_enabled(100, -1));
}

/* The largest counts and rates: no overflow, sane answers. */
static void we2_pace_huge_test(struct kunit *test)
{
	u64 n = U32_MAX;

	/*
	 * the first sector of the steepest ramp: its midpoint rate is
	 * 1 + (2^31 - 2) / 2^33 = 1.25/s, held to a thousandth
	 */
	we2_expect_near(test, we2_pace_step_ns(1, INT_MAX, n, 0, 1),
			800 * NSEC_PER_MSEC, 1000);
	/* and at INT_MAX/s at its end: about 30.5 us */
	we2_expect_near(test, we2_pace_step_ns(1, INT_MAX, n, n - 65535, 65535),
			div_u64(65535ULL * NSEC_PER_SEC, INT_MAX), 1000);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(INT_MAX, 1, n, n), 1U);
	KUNIT_EXPECT_EQ(test, we2_pace_rate(INT_MAX, INT_MAX, n, n / 2),
			(u32)INT_MAX);
	/* 2^32 - 1 sectors at 1/s: 136 years, still in range */
	KUNIT_EXPECT_EQ(test, we2_pace_step_ns(1, 1, n, 0, U32_MAX),
			(u64)U32_MAX * NSEC_PER_SEC);
}

/* A rate change applies from the next transfer. */
static void we2_pace_change_test(struct kunit *test)
{
	struct we2_pace p;

	we2_pace_begin(&p, 100, 0);
	KUNIT_EXPECT_EQ(test, we2_pace_slot(&p, 10, 10, 0, 10, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, p.next_ns, NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, we2_pace_slot(&p, 20, 20, 10, 10, 0),
			NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, p.next_ns, NSEC_PER_SEC + NSEC_PER_SEC / 2);
}

/* Late wake-ups are made up; a long stall restarts the schedule. */
static void we2_pace_late_test(struct kunit *test)
{
	struct we2_pace p;
	u64 t;

	we2_pace_begin(&p, 1000, 5);
	KUNIT_EXPECT_EQ(test, we2_pace_slot(&p, 100, 100, 0, 10, 5), 5ULL);
	/* 100 ms late: still booked at its time, so the next one is early */
	t = we2_pace_slot(&p, 100, 100, 10, 10, 5 + 200 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, t, 5 + 100 * NSEC_PER_MSEC);
	/* 3 s late: the schedule restarts from now */
	t = 5 + 3200 * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, we2_pace_slot(&p, 100, 100, 20, 10, t), t);
	KUNIT_EXPECT_EQ(test, p.next_ns, t + 100 * NSEC_PER_MSEC);
}

static struct kunit_case we2_pace_test_cases[] = {
	KUNIT_CASE(we2_pace_constant_test),
	KUNIT_CASE(we2_pace_ramp_up_test),
	KUNIT_CASE(we2_pace_ramp_down_test),
	KUNIT_CASE(we2_pace_one_sector_test),
	KUNIT_CASE(we2_pace_rate_test),
	KUNIT_CASE(we2_pace_huge_test),
	KUNIT_CASE(we2_pace_change_test),
	KUNIT_CASE(we2_pace_late_test),
	{}
};

static struct kunit_suite we2_pace_test_suite = {
	.name = "we2_pace",
	.test_cases = we2_pace_test_cases,
};

kunit_test_suite(we2_pace_test_suite);
