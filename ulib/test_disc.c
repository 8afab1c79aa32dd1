// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Sessions on a disc without a drive: READ TOC format 1 answers decoded
 * (the emulated recorder's bytes, laid out as MMC-6 table 6.26 says), and
 * which discs have a session to continue (-msinfo).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"
#include "test.h"

static void test_toc_session(void)
{
	/* mmcrec, a CD-R with one session of 3000 sectors from LBA 0 */
	static const uint8_t cd1[12] = {
		0x00, 0x0a, 0x01, 0x01, 0x00, 0x14, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	/* mmcrec, the same CD-R with a second session: track 2 at 14400 */
	static const uint8_t cd2[12] = {
		0x00, 0x0a, 0x01, 0x02, 0x00, 0x14, 0x02, 0x00,
		0x00, 0x00, 0x38, 0x40,
	};
	/* mmcrec, a DVD+R of three sessions: the third's first track 5 */
	static const uint8_t dvd3[12] = {
		0x00, 0x0a, 0x01, 0x03, 0x00, 0x14, 0x05, 0x00,
		0x00, 0x00, 0x8f, 0x10,
	};
	uint8_t b[12];
	int32_t start = -1;

	T_CASE("toc-session-first");
	CHECK_INT(we2_toc_session_decode(cd1, sizeof(cd1), &start), 1);
	CHECK_INT(start, 0);

	T_CASE("toc-session-later");
	CHECK_INT(we2_toc_session_decode(cd2, sizeof(cd2), &start), 2);
	CHECK_INT(start, 14400);
	CHECK_INT(we2_toc_session_decode(dvd3, sizeof(dvd3), &start), 3);
	CHECK_INT(start, 36624);

	T_CASE("toc-session-refused");
	start = 7;
	CHECK_INT(we2_toc_session_decode(cd2, 11, &start), -EPROTO);
	memcpy(b, cd2, sizeof(b));
	b[1] = 2;		/* a header alone */
	CHECK_INT(we2_toc_session_decode(b, sizeof(b), &start), -EPROTO);
	memcpy(b, cd2, sizeof(b));
	b[3] = 0;		/* no complete session */
	CHECK_INT(we2_toc_session_decode(b, sizeof(b), &start), -EPROTO);
	memcpy(b, cd2, sizeof(b));
	b[6] = 0;		/* no track */
	CHECK_INT(we2_toc_session_decode(b, sizeof(b), &start), -EPROTO);
	CHECK_INT(start, 7);
	CHECK_INT(we2_toc_session_decode(NULL, 12, &start), -EINVAL);
	CHECK_INT(we2_toc_session_decode(cd2, 12, NULL), -EINVAL);
}

static void test_msinfo_check(void)
{
	struct we2_disc_info di = {
		.status = WE2_DISC_APPENDABLE, .last_session = WE2_SESSION_EMPTY,
		.sessions = 2, .first_track = 2, .last_track = 2,
	};
	struct we2_track_info next = {
		.track = 2, .session = 2, .start = 14400, .nwa = 14400,
		.nwa_valid = true, .blank = true,
	};

	T_CASE("msinfo-appendable");
	CHECK_INT(we2_msinfo_check(&di, NULL), 0);
	CHECK_INT(we2_msinfo_check(&di, &next), 0);

	T_CASE("msinfo-refused");
	next.nwa_valid = false;
	CHECK_INT(we2_msinfo_check(&di, &next), -EROFS);
	di.last_session = WE2_SESSION_INCOMPLETE;
	CHECK_INT(we2_msinfo_check(&di, NULL), -EBUSY);
	di.last_session = WE2_SESSION_COMPLETE;
	di.status = WE2_DISC_COMPLETE;
	CHECK_INT(we2_msinfo_check(&di, NULL), -EROFS);
	di.status = WE2_DISC_BLANK;
	di.last_session = WE2_SESSION_EMPTY;
	CHECK_INT(we2_msinfo_check(&di, NULL), -ENODATA);
	di.status = WE2_DISC_OTHER;
	CHECK_INT(we2_msinfo_check(&di, NULL), -EMEDIUMTYPE);
	CHECK_INT(we2_msinfo_check(NULL, NULL), -EINVAL);

	T_CASE("drive-calls-refuse-null");
	CHECK_INT(we2_drive_msinfo(NULL, NULL, NULL), -EINVAL);
	CHECK_INT(we2_drive_tracks(NULL, &di, NULL, 0), -EINVAL);
	CHECK_INT(we2_drive_eject(NULL), -EINVAL);
	CHECK_INT(we2_drive_session_start(NULL, NULL), -EINVAL);
}

int main(void)
{
	test_toc_session();
	test_msinfo_check();
	return t_done();
}
