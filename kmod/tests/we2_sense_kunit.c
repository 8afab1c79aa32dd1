// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for we2_sense_written(): how many sectors of a failed WRITE
 * its sense data places on the medium, in both sense formats, for the
 * sense keys that name a failed sector and those that do not, with LBAs
 * on both sides of zero and information fields in and out of the command;
 * and for we2_sense_not_ready(), which refusals are waited out.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <kunit/test.h>
#include <scsi/scsi_proto.h>
#include <uapi/linux/we2.h>

#include "../we2_compat.h"
#include "../we2_sense.h"

#define WE2_TEST_SENSE_LEN	32

/*
 * One failed WRITE: its sense data, built by we2_sense_build() in the
 * format @fmt (0x70 fixed, 0x72 descriptor; 0x71/0x73 deferred) and cut
 * to @len bytes, with key @key and information field @info (valid bit
 * @valid).
 */
struct we2_sense_case {
	const char *name;
	u8 fmt, key;
	bool valid;
	u64 info;
	u32 len;
	s64 lba;
	u32 nr;
	u32 written;
};

static const struct we2_sense_case we2_sense_cases[] = {
	{ "fixed medium error mid-command",
	  0x70, MEDIUM_ERROR, true, 0x1005, 18, 0x1000, 32, 5 },
	{ "fixed hardware error at the first sector",
	  0x70, HARDWARE_ERROR, true, 0x1000, 18, 0x1000, 32, 0 },
	{ "fixed medium error at the last sector",
	  0x70, MEDIUM_ERROR, true, 0x101f, 18, 0x1000, 32, 31 },
	{ "fixed medium error past the command",
	  0x70, MEDIUM_ERROR, true, 0x1020, 18, 0x1000, 32, 0 },
	{ "fixed medium error before the command",
	  0x70, MEDIUM_ERROR, true, 0x0fff, 18, 0x1000, 32, 0 },
	{ "fixed medium error in the CD pregap (-150 + 10)",
	  0x70, MEDIUM_ERROR, true, 0xffffff74, 18, -150, 150, 10 },
	{ "fixed medium error across zero (-2 + 4)",
	  0x70, MEDIUM_ERROR, true, 2, 18, -2, 8, 4 },
	{ "fixed, valid bit clear",
	  0x70, MEDIUM_ERROR, false, 0x1005, 18, 0x1000, 32, 0 },
	{ "fixed illegal request names no sector",
	  0x70, ILLEGAL_REQUEST, true, 0x1005, 18, 0x1000, 32, 0 },
	{ "fixed not ready names no sector",
	  0x70, NOT_READY, true, 0x1005, 18, 0x1000, 32, 0 },
	{ "fixed, too short for the information field",
	  0x70, MEDIUM_ERROR, true, 0x1005, 6, 0x1000, 32, 0 },
	{ "fixed deferred error: an earlier command's, none of this one",
	  0x71, MEDIUM_ERROR, true, 0x1003, 18, 0x1000, 32, 0 },
	{ "descriptor medium error mid-command",
	  0x72, MEDIUM_ERROR, true, 0x1007, 20, 0x1000, 32, 7 },
	{ "descriptor, valid bit clear",
	  0x72, MEDIUM_ERROR, false, 0x1007, 20, 0x1000, 32, 0 },
	{ "descriptor, information beyond 32 bits",
	  0x72, MEDIUM_ERROR, true, 0x100001007ULL, 20, 0x1000, 32, 0 },
	{ "descriptor cut short",
	  0x72, MEDIUM_ERROR, true, 0x1007, 15, 0x1000, 32, 0 },
	{ "descriptor pregap (-150 + 149)",
	  0x72, HARDWARE_ERROR, true, 0xffffffff, 20, -150, 150, 149 },
	{ "descriptor deferred error",
	  0x73, MEDIUM_ERROR, true, 0x1003, 20, 0x1000, 32, 0 },
	{ "no sense data", 0x70, MEDIUM_ERROR, true, 0x1005, 0, 0x1000, 32, 0 },
	{ "unknown response code",
	  0x7f, MEDIUM_ERROR, true, 0x1005, 18, 0x1000, 32, 0 },
};

static void we2_sense_build(const struct we2_sense_case *t, u8 *sense)
{
	memset(sense, 0, WE2_TEST_SENSE_LEN);
	sense[0] = t->fmt;
	if (t->fmt == 0x72 || t->fmt == 0x73) {
		sense[1] = t->key;
		sense[2] = 0x0c;		/* ASC: write error */
		sense[7] = 12;			/* one descriptor */
		sense[8] = 0x00;		/* information */
		sense[9] = 0x0a;
		sense[10] = t->valid ? 0x80 : 0;
		put_unaligned_be64(t->info, &sense[12]);
		return;
	}
	if (t->valid)
		sense[0] |= 0x80;
	sense[2] = t->key;
	put_unaligned_be32((u32)t->info, &sense[3]);
	sense[7] = 10;
	sense[12] = 0x0c;
}

static void we2_sense_case_desc(const struct we2_sense_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(we2_sense, we2_sense_cases, we2_sense_case_desc);

static void we2_sense_written_test(struct kunit *test)
{
	const struct we2_sense_case *t = test->param_value;
	u8 sense[WE2_TEST_SENSE_LEN];

	we2_sense_build(t, sense);
	KUNIT_EXPECT_EQ(test, we2_sense_written(sense, t->len, t->lba, t->nr),
			t->written);
}

/* a descriptor whose length runs past the data is not read past it */
static void we2_sense_bad_desc_test(struct kunit *test)
{
	u8 sense[12] = { 0x72, MEDIUM_ERROR, 0x0c, 0, 0, 0, 0, 250,
			 0x00, 0xf0, 0x80, 0 };

	KUNIT_EXPECT_EQ(test, we2_sense_written(sense, sizeof(sense), 0, 32),
			0U);
	KUNIT_EXPECT_EQ(test, we2_sense_written(NULL, 18, 0, 32), 0U);
}

/*
 * An information descriptor's type byte as the data's last byte: nothing
 * after it is read (the buffer is allocated to the byte, for KASAN).
 */
static void we2_sense_desc_at_end_test(struct kunit *test)
{
	static const u8 head[] = { 0x72, MEDIUM_ERROR, 0x0c, 0, 0, 0, 0, 1,
				   0x00 };
	u8 *sense = kunit_kmalloc(test, sizeof(head), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sense);
	memcpy(sense, head, sizeof(head));
	KUNIT_EXPECT_EQ(test, we2_sense_written(sense, sizeof(head), 0, 32),
			0U);
}

/* flow control and spin-up are waited out; nothing else is */
static void we2_sense_not_ready_test(struct kunit *test)
{
	static const struct {
		u8 fmt, key, asc, ascq;
		bool again;
	} t[] = {
		{ 0x70, NOT_READY, 0x04, 0x08, true },	/* long write */
		{ 0x70, NOT_READY, 0x04, 0x07, true },	/* operation */
		{ 0x70, NOT_READY, 0x04, 0x01, true },	/* becoming ready */
		{ 0x72, NOT_READY, 0x04, 0x08, true },
		{ 0x70, NOT_READY, 0x04, 0x02, false },	/* needs START */
		{ 0x70, NOT_READY, 0x3a, 0x02, false },	/* tray open */
		{ 0x70, NOT_READY, 0x3a, 0x00, false },	/* no medium */
		{ 0x71, NOT_READY, 0x04, 0x08, false },	/* deferred */
		{ 0x73, NOT_READY, 0x04, 0x08, false },
		{ 0x70, UNIT_ATTENTION, 0x04, 0x08, false },
		{ 0x70, MEDIUM_ERROR, 0x04, 0x08, false },
	};
	u8 sense[18];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		memset(sense, 0, sizeof(sense));
		sense[0] = t[i].fmt;
		if (t[i].fmt >= 0x72) {
			sense[1] = t[i].key;
			sense[2] = t[i].asc;
			sense[3] = t[i].ascq;
		} else {
			sense[2] = t[i].key;
			sense[7] = 10;
			sense[12] = t[i].asc;
			sense[13] = t[i].ascq;
		}
		KUNIT_EXPECT_EQ_MSG(test,
				    we2_sense_not_ready(sense, sizeof(sense)),
				    t[i].again, "case %u", i);
	}
	KUNIT_EXPECT_FALSE(test, we2_sense_not_ready(NULL, 18));
	KUNIT_EXPECT_FALSE(test, we2_sense_not_ready(sense, 0));
}

/* the io_uring summary: key, ASC, ASCQ, deferred, information field */
static void we2_sense_summary_test(struct kunit *test)
{
	u8 sense[18] = { 0xf0, 0, MEDIUM_ERROR, 0xff, 0xff, 0xff, 0x6a, 10,
			 [12] = 0x0c, [13] = 0x00 };
	u8 desc[20] = { 0x73, MEDIUM_ERROR, 0x0c, 0x00, 0, 0, 0, 12,
			0x00, 0x0a, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x90 };
	u64 v;

	/* fixed format, current, information -150 as a CDB's 32 bits */
	v = we2_sense_summary(sense, sizeof(sense));
	KUNIT_EXPECT_TRUE(test, v & WE2_URING_SENSE_VALID);
	KUNIT_EXPECT_FALSE(test, v & WE2_URING_SENSE_DEFERRED);
	KUNIT_EXPECT_TRUE(test, v & WE2_URING_SENSE_INFO_VALID);
	KUNIT_EXPECT_EQ(test, WE2_URING_SENSE_KEY(v), (u64)MEDIUM_ERROR);
	KUNIT_EXPECT_EQ(test, WE2_URING_SENSE_ASC(v), 0x0cULL);
	KUNIT_EXPECT_EQ(test, WE2_URING_SENSE_INFO(v), (u32)-150);
	/* deferred (71h), the information not valid */
	sense[0] = 0x71;
	v = we2_sense_summary(sense, sizeof(sense));
	KUNIT_EXPECT_TRUE(test, v & WE2_URING_SENSE_DEFERRED);
	KUNIT_EXPECT_FALSE(test, v & WE2_URING_SENSE_INFO_VALID);
	KUNIT_EXPECT_EQ(test, WE2_URING_SENSE_INFO(v), 0U);
	/* descriptor format, deferred (73h), information 400 */
	v = we2_sense_summary(desc, sizeof(desc));
	KUNIT_EXPECT_TRUE(test, v & WE2_URING_SENSE_DEFERRED);
	KUNIT_EXPECT_TRUE(test, v & WE2_URING_SENSE_INFO_VALID);
	KUNIT_EXPECT_EQ(test, WE2_URING_SENSE_INFO(v), 400U);
	/* an information field past 32 bits is not given */
	desc[15] = 1;
	v = we2_sense_summary(desc, sizeof(desc));
	KUNIT_EXPECT_FALSE(test, v & WE2_URING_SENSE_INFO_VALID);
	/* no sense data */
	KUNIT_EXPECT_EQ(test, we2_sense_summary(NULL, 18), 0ULL);
	KUNIT_EXPECT_EQ(test, we2_sense_summary(sense, 0), 0ULL);
}

/* the back-off grows from 2 ms and stays at 50 ms, however long it goes */
static void we2_not_ready_backoff_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(0), 2 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(1), 4 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(4), 32 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(5), 50 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(63), 50 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, we2_not_ready_backoff_ns(UINT_MAX),
			50 * NSEC_PER_MSEC);
}

static struct kunit_case we2_sense_test_cases[] = {
	KUNIT_CASE_PARAM(we2_sense_written_test, we2_sense_gen_params),
	KUNIT_CASE(we2_sense_bad_desc_test),
	KUNIT_CASE(we2_sense_desc_at_end_test),
	KUNIT_CASE(we2_sense_not_ready_test),
	KUNIT_CASE(we2_sense_summary_test),
	KUNIT_CASE(we2_not_ready_backoff_test),
	{}
};

static struct kunit_suite we2_sense_test_suite = {
	.name = "we2_sense",
	.test_cases = we2_sense_test_cases,
};

kunit_test_suite(we2_sense_test_suite);

MODULE_LICENSE("GPL");
