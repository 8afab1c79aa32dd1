// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the WRITE(10)/WRITE(12) CDB builders: every byte of
 * the CDB, checked against the SBC/MMC layout.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <kunit/test.h>
#include <scsi/scsi_proto.h>
#include <uapi/linux/we2.h>

#include "../we2_cdb.h"

struct we2_cdb_case {
	const char *name;
	bool write12;
	bool streaming;
	s64 lba;
	u32 nr;
	int ret;
	u8 cdb[WE2_WRITE12_LEN];
};

static const struct we2_cdb_case we2_cdb_cases[] = {
	{ "w10 lba0 one", false, false, 0, 1, WE2_WRITE10_LEN,
	  { 0x2a, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0 } },
	{ "w10 lba 0x12345678 len 0xabcd", false, false, 0x12345678, 0xabcd,
	  WE2_WRITE10_LEN,
	  { 0x2a, 0, 0x12, 0x34, 0x56, 0x78, 0, 0xab, 0xcd, 0 } },
	{ "w10 lba -150 (CD pre-gap)", false, false, -150, 32,
	  WE2_WRITE10_LEN,
	  { 0x2a, 0, 0xff, 0xff, 0xff, 0x6a, 0, 0x00, 0x20, 0 } },
	{ "w10 lba -2^31", false, false, WE2_LBA_MIN, 1, WE2_WRITE10_LEN,
	  { 0x2a, 0, 0x80, 0x00, 0x00, 0x00, 0, 0x00, 0x01, 0 } },
	{ "w10 lba 2^32-1", false, false, WE2_LBA_MAX, 0xffff,
	  WE2_WRITE10_LEN,
	  { 0x2a, 0, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0 } },
	{ "w10 length 0x10000 too long", false, false, 0, 0x10000, -ERANGE },
	{ "w10 length 0", false, false, 0, 0, -ERANGE },
	{ "w10 lba 2^32", false, false, WE2_LBA_MAX + 1, 1, -ERANGE },
	{ "w10 lba -2^31-1", false, false, WE2_LBA_MIN - 1, 1, -ERANGE },
	{ "w12 streaming", true, true, 0x01020304, 0x0a0b0c0d,
	  WE2_WRITE12_LEN,
	  { 0xaa, 0, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0x80,
	    0 } },
	{ "w12 plain lba -1", true, false, -1, 0x10000, WE2_WRITE12_LEN,
	  { 0xaa, 0, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x00, 0x00, 0x00,
	    0 } },
	{ "w12 length 0", true, true, 0, 0, -ERANGE },
	{ "w12 lba 2^32", true, true, WE2_LBA_MAX + 1, 1, -ERANGE },
};

static void we2_cdb_case_desc(const struct we2_cdb_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(we2_cdb, we2_cdb_cases, we2_cdb_case_desc);

static void we2_cdb_write_test(struct kunit *test)
{
	const struct we2_cdb_case *t = test->param_value;
	u8 cdb[16];
	int ret, i;

	memset(cdb, 0x5a, sizeof(cdb));
	if (t->write12)
		ret = we2_cdb_write12(cdb, t->lba, t->nr, t->streaming);
	else
		ret = we2_cdb_write10(cdb, t->lba, t->nr);

	KUNIT_ASSERT_EQ(test, ret, t->ret);
	if (ret < 0)
		return;
	for (i = 0; i < ret; i++)
		KUNIT_EXPECT_EQ_MSG(test, cdb[i], t->cdb[i], "CDB byte %d", i);
	/* nothing past the CDB is touched */
	KUNIT_EXPECT_EQ(test, cdb[ret], 0x5a);
}

static void we2_cdb_opcodes_test(struct kunit *test)
{
	u8 cdb[WE2_WRITE12_LEN];

	KUNIT_ASSERT_EQ(test, we2_cdb_write10(cdb, 0, 1), WE2_WRITE10_LEN);
	KUNIT_EXPECT_EQ(test, cdb[0], WRITE_10);
	KUNIT_ASSERT_EQ(test, we2_cdb_write12(cdb, 0, 1, false),
			WE2_WRITE12_LEN);
	KUNIT_EXPECT_EQ(test, cdb[0], WRITE_12);
	KUNIT_EXPECT_EQ(test, cdb[10], 0);
}

static void we2_lba_fits_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, we2_lba_fits(0));
	KUNIT_EXPECT_TRUE(test, we2_lba_fits(-150));
	KUNIT_EXPECT_TRUE(test, we2_lba_fits(WE2_LBA_MIN));
	KUNIT_EXPECT_TRUE(test, we2_lba_fits(WE2_LBA_MAX));
	KUNIT_EXPECT_FALSE(test, we2_lba_fits(WE2_LBA_MIN - 1));
	KUNIT_EXPECT_FALSE(test, we2_lba_fits(WE2_LBA_MAX + 1));
	KUNIT_EXPECT_FALSE(test, we2_lba_fits(S64_MIN));
	KUNIT_EXPECT_FALSE(test, we2_lba_fits(S64_MAX));
}

static struct kunit_case we2_cdb_test_cases[] = {
	KUNIT_CASE_PARAM(we2_cdb_write_test, we2_cdb_gen_params),
	KUNIT_CASE(we2_cdb_opcodes_test),
	KUNIT_CASE(we2_lba_fits_test),
	{}
};

static struct kunit_suite we2_cdb_test_suite = {
	.name = "we2_cdb",
	.test_cases = we2_cdb_test_cases,
};

kunit_test_suite(we2_cdb_test_suite);

MODULE_LICENSE("GPL");
