// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Sense decoding and formatting: fixed and descriptor formats, short and
 * malformed data, the ASC/ASCQ table and its fallback.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libwe2.h"
#include "test.h"

/* fixed format, 18 bytes: VALID, key, information, ASC/ASCQ, SKS */
static void fixed_sense(uint8_t *s, uint8_t rc, uint8_t key, uint32_t info,
			uint8_t asc, uint8_t ascq)
{
	memset(s, 0, 18);
	s[0] = rc | (info ? 0x80 : 0);
	s[2] = key;
	s[3] = info >> 24;
	s[4] = info >> 16;
	s[5] = info >> 8;
	s[6] = info;
	s[7] = 10;
	s[12] = asc;
	s[13] = ascq;
}

static void test_sense_key_str(void)
{
	T_CASE("sense-key-str");
	CHECK_STR(we2_sense_key_str(0x0), "No Sense");
	CHECK_STR(we2_sense_key_str(0x2), "Not Ready");
	CHECK_STR(we2_sense_key_str(0x3), "Medium Error");
	CHECK_STR(we2_sense_key_str(0x5), "Illegal Request");
	CHECK_STR(we2_sense_key_str(0x6), "Unit Attention");
	CHECK_STR(we2_sense_key_str(0x7), "Data Protect");
	CHECK_STR(we2_sense_key_str(0xF), "Completed");
	CHECK_STR(we2_sense_key_str(0x10), "Invalid sense key");
	CHECK_STR(we2_sense_key_str(~0U), "Invalid sense key");
}

static void test_asc_known(void)
{
	static const struct {
		unsigned int asc, ascq;
		const char *text;
	} t[] = {
		{ 0x21, 0x00, "Logical block address out of range" },
		{ 0x24, 0x00, "Invalid field in CDB" },
		{ 0x20, 0x00, "Invalid command operation code" },
		{ 0x0C, 0x00, "Write error" },
		{ 0x0C, 0x09, "Write error - loss of streaming" },
		{ 0x27, 0x00, "Write protected" },
		{ 0x30, 0x05, "Cannot write medium - incompatible format" },
		{ 0x3A, 0x00, "Medium not present" },
		{ 0x3A, 0x02, "Medium not present - tray open" },
		{ 0x04, 0x01, "Logical unit is in process of becoming ready" },
		{ 0x04, 0x08, "Logical unit not ready, long write in progress" },
		{ 0x28, 0x00, "Not ready to ready change, medium may have changed" },
		{ 0x29, 0x00, "Power on, reset, or bus device reset occurred" },
		{ 0x2C, 0x00, "Command sequence error" },
		{ 0x63, 0x00, "End of user area encountered on this track" },
		{ 0x64, 0x00, "Illegal mode for this track" },
		{ 0x72, 0x03, "Session fixation error - incomplete track in session" },
		{ 0x73, 0x01, "Power calibration area almost full" },
		{ 0x73, 0x05, "Program memory area is full" },
		{ 0x11, 0x00, "Unrecovered read error" },
		{ 0x00, 0x00, "No additional sense information" },
	};
	size_t i;

	T_CASE("asc-str-known");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_STR(we2_asc_str(t[i].asc, t[i].ascq), t[i].text);
}

static void test_asc_unknown(void)
{
	T_CASE("asc-str-unknown-fallback");
	CHECK_STR(we2_asc_str(0x7F, 0x42), "ASC 0x7F ASCQ 0x42");
	CHECK_STR(we2_asc_str(0x04, 0xEE), "ASC 0x04 ASCQ 0xEE");
	CHECK_STR(we2_asc_str(0x0C, 0x7F), "ASC 0x0C ASCQ 0x7F");
	/* a known pair after an unknown one is still the constant */
	CHECK_STR(we2_asc_str(0x21, 0x00), "Logical block address out of range");
}

static void test_fixed_current(void)
{
	struct we2_sense s;
	uint8_t b[18];

	T_CASE("decode-fixed-current");
	fixed_sense(b, 0x70, 0x03, 0x1234, 0x0C, 0x00);
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), 0);
	CHECK_INT(s.response_code, 0x70);
	CHECK_INT(s.key, 3);
	CHECK_INT(s.asc, 0x0C);
	CHECK_INT(s.ascq, 0x00);
	CHECK(!s.deferred);
	CHECK(!s.descriptor);
	CHECK(s.info_valid);
	CHECK_INT(s.info, 0x1234);
	CHECK(!s.sks_valid);
}

static void test_fixed_flags(void)
{
	struct we2_sense s;
	uint8_t b[18];

	T_CASE("decode-fixed-deferred-and-invalid-info");
	fixed_sense(b, 0x71, 0x03, 0, 0x0C, 0x09);
	b[3] = 0xAA;	/* information bytes without VALID: ignored */
	b[2] |= 0x20;	/* ILI: not part of the key */
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), 0);
	CHECK(s.deferred);
	CHECK(!s.descriptor);
	CHECK_INT(s.key, 3);
	CHECK(!s.info_valid);
	CHECK_INT(s.info, 0);
	CHECK_INT(s.ascq, 0x09);
}

static void test_fixed_short(void)
{
	struct we2_sense s;
	uint8_t b[18];

	T_CASE("decode-fixed-short");
	fixed_sense(b, 0x70, 0x05, 0, 0x24, 0x00);
	CHECK_INT(we2_sense_decode(b, 3, &s), 0);
	CHECK_INT(s.key, 5);
	CHECK_INT(s.asc, 0);
	CHECK_INT(we2_sense_decode(b, 13, &s), 0);
	CHECK_INT(s.asc, 0x24);
	CHECK_INT(s.ascq, 0);
	/* the additional length bounds the data, whatever len says */
	b[7] = 4;
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), 0);
	CHECK_INT(s.key, 5);
	CHECK_INT(s.asc, 0);
}

static void test_fixed_sks(void)
{
	struct we2_sense s;
	uint8_t b[18];
	char line[128];

	T_CASE("decode-fixed-field-pointer");
	fixed_sense(b, 0x70, 0x05, 0, 0x24, 0x00);
	b[15] = 0x80 | 0x40;	/* SKSV, C/D = CDB */
	b[17] = 2;
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), 0);
	CHECK(s.sks_valid);
	CHECK_INT(s.sks[0], 0xC0);
	CHECK_INT(s.sks[2], 2);
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "Illegal Request: Invalid field in CDB (05/24/00), "
			"field pointer CDB byte 2");
	b[15] |= 0x08 | 0x05;	/* BPV, bit 5 */
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "Illegal Request: Invalid field in CDB (05/24/00), "
			"field pointer CDB byte 2 bit 5");
}

/* descriptor format: header, then an unknown, an information and an SKS descriptor */
static size_t desc_sense(uint8_t *b, uint8_t rc, uint8_t key, uint8_t asc,
			 uint8_t ascq, uint64_t info, int progress)
{
	size_t n = 8;
	int i;

	memset(b, 0, 64);
	b[0] = rc;
	b[1] = key;
	b[2] = asc;
	b[3] = ascq;
	/* a vendor descriptor (0x80) of 4 bytes that must be skipped */
	b[n] = 0x80;
	b[n + 1] = 2;
	b[n + 2] = 0xFF;
	b[n + 3] = 0xFF;
	n += 4;
	b[n] = 0x00;
	b[n + 1] = 0x0A;
	b[n + 2] = 0x80;
	for (i = 0; i < 8; i++)
		b[n + 4 + i] = info >> (56 - 8 * i);
	n += 12;
	if (progress >= 0) {
		b[n] = 0x02;
		b[n + 1] = 0x06;
		b[n + 4] = 0x80;
		b[n + 5] = progress >> 8;
		b[n + 6] = progress;
		n += 8;
	}
	b[7] = n - 8;
	return n;
}

static void test_desc_current(void)
{
	struct we2_sense s;
	uint8_t b[64];
	size_t n;

	T_CASE("decode-descriptor-current");
	n = desc_sense(b, 0x72, 0x03, 0x0C, 0x09, 0x123456789ULL, -1);
	CHECK_INT(we2_sense_decode(b, n, &s), 0);
	CHECK_INT(s.response_code, 0x72);
	CHECK(s.descriptor);
	CHECK(!s.deferred);
	CHECK_INT(s.key, 3);
	CHECK_INT(s.asc, 0x0C);
	CHECK_INT(s.ascq, 0x09);
	CHECK(s.info_valid);
	CHECK_INT(s.info, 0x123456789LL);
	CHECK(!s.sks_valid);
}

static void test_desc_deferred_sks(void)
{
	struct we2_sense s;
	uint8_t b[64];
	size_t n;

	T_CASE("decode-descriptor-deferred-progress");
	n = desc_sense(b, 0x73, 0x02, 0x04, 0x08, 7, 0x8000);
	CHECK_INT(we2_sense_decode(b, n, &s), 0);
	CHECK(s.descriptor);
	CHECK(s.deferred);
	CHECK_INT(s.key, 2);
	CHECK(s.sks_valid);
	CHECK_INT(s.sks[1], 0x80);
	CHECK(s.info_valid);
	CHECK_INT(s.info, 7);
}

static void test_desc_truncated(void)
{
	struct we2_sense s;
	uint8_t b[64];
	size_t n;

	T_CASE("decode-descriptor-truncated");
	n = desc_sense(b, 0x72, 0x03, 0x0C, 0x00, 99, 0x100);
	/* cut inside the information descriptor: it is not used */
	CHECK_INT(we2_sense_decode(b, 8 + 4 + 6, &s), 0);
	CHECK_INT(s.asc, 0x0C);
	CHECK(!s.info_valid);
	CHECK(!s.sks_valid);
	/* an additional length that stops before the SKS descriptor */
	b[7] = 4 + 12;
	CHECK_INT(we2_sense_decode(b, n, &s), 0);
	CHECK(s.info_valid);
	CHECK(!s.sks_valid);
	/* a descriptor whose length runs past the end is not used */
	b[7] = n - 8;
	b[8 + 4 + 1] = 0xF0;
	CHECK_INT(we2_sense_decode(b, n, &s), 0);
	CHECK(!s.info_valid);
	/* only the header */
	CHECK_INT(we2_sense_decode(b, 4, &s), 0);
	CHECK_INT(s.ascq, 0x00);
	CHECK_INT(s.asc, 0x0C);
}

static void test_decode_errors(void)
{
	struct we2_sense s;
	uint8_t b[18] = { 0 };

	T_CASE("decode-errors");
	CHECK_INT(we2_sense_decode(b, 0, &s), -ENODATA);
	CHECK_INT(we2_sense_decode(NULL, 0, &s), -ENODATA);
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), -EINVAL);
	b[0] = 0x74;
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), -EINVAL);
	b[0] = 0x7F;
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), -EINVAL);
	b[0] = 0xF0;	/* VALID + 0x70 is fine */
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), 0);
	CHECK_INT(we2_sense_decode(NULL, 18, &s), -EINVAL);
	CHECK_INT(we2_sense_decode(b, sizeof(b), NULL), -EINVAL);
	/* out is zeroed on failure */
	memset(&s, 0xAA, sizeof(s));
	b[0] = 0x00;
	CHECK_INT(we2_sense_decode(b, sizeof(b), &s), -EINVAL);
	CHECK_INT(s.key, 0);
	CHECK(!s.info_valid);
}

static void test_strsense_fixed(void)
{
	uint8_t b[18];
	char line[128];
	const char *want = "Medium Error: Write error (03/0C/00), information 4660";

	T_CASE("strsense-fixed");
	fixed_sense(b, 0x70, 0x03, 0x1234, 0x0C, 0x00);
	CHECK_INT(we2_strsense(b, sizeof(b), line, sizeof(line)), strlen(want));
	CHECK_STR(line, want);

	fixed_sense(b, 0x70, 0x05, 0, 0x21, 0x00);
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "Illegal Request: Logical block address out of range (05/21/00)");
}

static void test_strsense_descriptor(void)
{
	uint8_t b[64];
	char line[160];
	size_t n;

	T_CASE("strsense-descriptor");
	n = desc_sense(b, 0x72, 0x03, 0x0C, 0x09, 4096, -1);
	we2_strsense(b, n, line, sizeof(line));
	CHECK_STR(line, "Medium Error: Write error - loss of streaming (03/0C/09), "
			"information 4096");

	n = desc_sense(b, 0x73, 0x02, 0x04, 0x08, 7, 0x8000);
	we2_strsense(b, n, line, sizeof(line));
	CHECK_STR(line, "Not Ready: Logical unit not ready, long write in progress "
			"(02/04/08), information 7, progress 50% [deferred]");
}

static void test_strsense_unknown(void)
{
	uint8_t b[18];
	char line[128];

	T_CASE("strsense-unknown-asc");
	fixed_sense(b, 0x70, 0x05, 0, 0x7F, 0x42);
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "Illegal Request: ASC 0x7F ASCQ 0x42 (05/7F/42)");

	fixed_sense(b, 0x71, 0x0B, 0, 0x4B, 0x77);
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "Aborted Command: ASC 0x4B ASCQ 0x77 (0B/4B/77) [deferred]");
}

static void test_strsense_undecodable(void)
{
	uint8_t b[18] = { 0x12 };
	char line[128];

	T_CASE("strsense-undecodable");
	CHECK_INT(we2_strsense(b, 0, line, sizeof(line)), strlen("no sense data"));
	CHECK_STR(line, "no sense data");
	we2_strsense(b, sizeof(b), line, sizeof(line));
	CHECK_STR(line, "unrecognised sense data (response code 0x12)");
}

static void test_strsense_size(void)
{
	uint8_t b[18];
	char line[16];
	const char *want = "Medium Error: Write error (03/0C/00), information 4660";

	T_CASE("strsense-truncation");
	fixed_sense(b, 0x70, 0x03, 0x1234, 0x0C, 0x00);
	memset(line, 'x', sizeof(line));
	CHECK_INT(we2_strsense(b, sizeof(b), line, 10), strlen(want));
	CHECK_STR(line, "Medium Er");
	CHECK_INT(line[10], 'x');
	CHECK_INT(we2_strsense(b, sizeof(b), NULL, 0), strlen(want));
	CHECK_INT(we2_strsense(b, sizeof(b), NULL, 5), -EINVAL);
	line[0] = 'x';
	CHECK_INT(we2_strsense(b, sizeof(b), line, 1), strlen(want));
	CHECK_INT(line[0], '\0');
}

static void test_version(void)
{
	char want[32];

	T_CASE("version-matches-header");
	snprintf(want, sizeof(want), "%d.%d.%d", WE2_MAJOR_VERSION,
		 WE2_MINOR_VERSION, WE2_PATCH_VERSION);
	CHECK_STR(we2_version(), want);
}

int main(void)
{
	test_sense_key_str();
	test_asc_known();
	test_asc_unknown();
	test_fixed_current();
	test_fixed_flags();
	test_fixed_short();
	test_fixed_sks();
	test_desc_current();
	test_desc_deferred_sks();
	test_desc_truncated();
	test_decode_errors();
	test_strsense_fixed();
	test_strsense_descriptor();
	test_strsense_unknown();
	test_strsense_undecodable();
	test_strsense_size();
	test_version();
	return t_done();
}
