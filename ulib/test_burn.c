// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The burn plan and the cue sheet, without a drive: the choices made for
 * each media profile, the refusals, and the cue sheet byte for byte as
 * wodim -dao sends it.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"
#include "test.h"

static const struct we2_disc_info blank_disc = {
	.status = WE2_DISC_BLANK, .last_session = WE2_SESSION_EMPTY,
	.sessions = 1, .first_track = 1, .last_track = 1,
};

/* the invisible track of a blank disc of @free sectors, or after @start */
static struct we2_track_info next_track(uint16_t track, int32_t start,
					uint32_t free)
{
	return (struct we2_track_info){
		.track = track, .session = 1, .start = start, .nwa = start,
		.nwa_valid = true, .blank = true, .free = free,
	};
}

static void test_cue_sheet(void)
{
	/* wodim -dao, one 2000-sector mode 1 track: lead-out at 00:28:50 */
	static const uint8_t want[32] = {
		0x41, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
		0x41, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
		0x41, 0x01, 0x01, 0x10, 0x00, 0x00, 0x02, 0x00,
		0x41, 0xaa, 0x01, 0x14, 0x00, 0x00, 0x1c, 0x32,
	};
	uint8_t cue[40];

	T_CASE("cue-sheet-as-wodim");
	memset(cue, 0xee, sizeof(cue));
	CHECK_INT(we2_cue_sheet(cue, sizeof(cue), 2000), 32);
	CHECK(!memcmp(cue, want, sizeof(want)));
	CHECK_INT(cue[32], 0xee);

	T_CASE("cue-sheet-limits");
	CHECK_INT(we2_cue_sheet(cue, 31, 2000), -ENOSPC);
	CHECK_INT(we2_cue_sheet(cue, sizeof(cue), 0), -EINVAL);
	CHECK_INT(we2_cue_sheet(NULL, sizeof(cue), 1), -EINVAL);
	/* 99:59:74 is the last lead-out address a cue sheet can hold */
	CHECK_INT(we2_cue_sheet(cue, sizeof(cue), 449999 - 150), 32);
	CHECK_INT(cue[29] << 16 | cue[30] << 8 | cue[31], 99 << 16 | 59 << 8 | 74);
	CHECK_INT(we2_cue_sheet(cue, sizeof(cue), 450000 - 150), -ERANGE);
}

static void test_plan_cd(void)
{
	struct we2_track_info ti = next_track(1, 0, 359849);
	struct we2_burn_plan p;

	T_CASE("plan-cd-r-sao");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 32768,
				0), 0);
	CHECK_INT(p.media, WE2_MEDIA_CD);
	CHECK_INT(p.lba, 0);
	CHECK_INT(p.pregap_lba, -150);
	CHECK_INT(p.pregap_sectors, 150);
	CHECK(p.page05 && p.cue);
	CHECK_INT(p.wp.write_type, WE2_WT_SAO);
	CHECK_INT(p.wp.multisession, 0);
	CHECK_INT(p.wp.track_mode, 0);
	CHECK_INT(p.wp.data_block_type, 0);
	CHECK_INT(p.reserve, 0);
	CHECK(!p.close_track);
	CHECK_INT(p.close_fn, 0);
	CHECK_INT(p.one_x_kbps, 176);

	T_CASE("plan-cd-r-short-track-padded");
	/* MMC's shortest track is 300 sectors: the plan and its lead-out */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 11,
				0), 0);
	CHECK_INT(p.sectors, 300);
	CHECK_INT(p.pregap_sectors, 150);
	{
		uint8_t cue[32];

		CHECK_INT(we2_cue_sheet(cue, sizeof(cue), p.sectors), 32);
		/* lead-out at LBA 300 = 00:06:00 (with the 2 s pregap) */
		CHECK_INT(cue[29] << 16 | cue[30] << 8 | cue[31], 0 << 16 |
			  6 << 8 | 0);
	}
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 299,
				0), 0);
	CHECK_INT(p.sectors, 300);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 301,
				0), 0);
	CHECK_INT(p.sectors, 301);
	/* the padding must fit too */
	ti = next_track(1, 0, 299);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 11,
				0), -ENOSPC);
	ti = next_track(1, 0, 359849);
	/* a DVD has no such minimum */
	{
		struct we2_track_info dti = next_track(1, 0, 2295104);

		CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &blank_disc,
					&dti, 11, 0), 0);
		CHECK_INT(p.sectors, 11);
		CHECK_INT(p.reserve, 11);
	}

	T_CASE("plan-cd-r-multi");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 100,
				WE2_BURN_MULTI), 0);
	CHECK_INT(p.wp.multisession, 3);

	T_CASE("plan-cd-r-next-session-track-at-once");
	{
		struct we2_disc_info di = blank_disc;

		di.status = WE2_DISC_APPENDABLE;
		di.last_session = WE2_SESSION_EMPTY;
		ti = next_track(2, 14400, 300000);
		ti.start = 14250;	/* the drive's pregap before the NWA */
		CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &di, &ti, 100, 0),
			  0);
		CHECK(p.page05 && !p.cue);
		CHECK_INT(p.wp.write_type, WE2_WT_TAO);
		CHECK_INT(p.wp.track_mode, 4);
		CHECK_INT(p.wp.data_block_type, 8);
		CHECK_INT(p.wp.multisession, 0);
		CHECK_INT(p.lba, 14400);
		CHECK_INT(p.pregap_sectors, 0);
		CHECK_INT(p.sectors, WE2_CD_MIN_TRACK);
		CHECK(!p.close_track);
		CHECK_INT(p.close_fn, 2);
		CHECK_INT(p.last_lba, 14400 + 300000 - 1);
		CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &di, &ti, 1000,
					WE2_BURN_MULTI | WE2_BURN_DUMMY), 0);
		CHECK_INT(p.wp.write_type, WE2_WT_TAO | WE2_WT_TEST_WRITE);
		CHECK_INT(p.wp.multisession, 3);
	}
}

static void test_plan_dvd_bd(void)
{
	struct we2_track_info ti = next_track(1, 0, 2295104);
	struct we2_disc_info di = blank_disc;
	struct we2_burn_plan p;

	T_CASE("plan-dvd+r");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 131072,
				0), 0);
	CHECK_INT(p.media, WE2_MEDIA_DVD);
	CHECK(!p.page05 && !p.cue);
	CHECK_INT(p.reserve, 131072);
	CHECK_INT(p.lba, 0);
	CHECK_INT(p.pregap_sectors, 0);
	CHECK_INT(p.pregap_lba, p.lba);
	CHECK(p.close_track);
	CHECK_INT(p.close_fn, 5);
	CHECK_INT(p.one_x_kbps, 1385);
	CHECK_INT(p.last_lba, 2295103);

	T_CASE("plan-dvd+r-second-session");
	di.status = WE2_DISC_APPENDABLE;
	ti = next_track(2, 1008, 2294096);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 500,
				WE2_BURN_MULTI), 0);
	CHECK_INT(p.lba, 1008);
	CHECK_INT(p.track, 2);
	CHECK_INT(p.close_fn, 2);

	T_CASE("plan-dvd-r-dao");
	di = blank_disc;
	ti = next_track(1, 0, 2298496);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_R, &di, &ti, 9950, 0), 0);
	CHECK(p.page05);
	CHECK_INT(p.wp.write_type, WE2_WT_SAO);
	CHECK_INT(p.wp.track_mode, 5);
	CHECK_INT(p.wp.data_block_type, 8);
	CHECK_INT(p.wp.multisession, 0);
	CHECK_INT(p.reserve, 9950);
	CHECK(!p.close_track);
	CHECK_INT(p.close_fn, 0);

	T_CASE("plan-dvd-r-incremental");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_R, &di, &ti, 9950,
				WE2_BURN_MULTI), 0);
	CHECK_INT(p.wp.write_type, WE2_WT_INCREMENTAL);
	CHECK_INT(p.wp.multisession, 3);
	CHECK_INT(p.wp.packet_sectors, 16);
	CHECK_INT(p.reserve, 0);
	CHECK(p.close_track);
	CHECK_INT(p.close_fn, 2);

	T_CASE("plan-dvd-r-second-session");
	di.status = WE2_DISC_APPENDABLE;
	ti = next_track(2, 3008, 2295488);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_R, &di, &ti, 2000, 0), 0);
	CHECK_INT(p.wp.write_type, WE2_WT_INCREMENTAL);
	CHECK_INT(p.wp.multisession, 0);
	CHECK_INT(p.reserve, 0);
	CHECK_INT(p.lba, 3008);
	CHECK(p.close_track);
	CHECK_INT(p.close_fn, 2);
	di = blank_disc;

	T_CASE("plan-bd-r");
	ti = next_track(1, 0, 12219392);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_R, &di, &ti, 262144, 0), 0);
	CHECK_INT(p.media, WE2_MEDIA_BD);
	CHECK(!p.page05);
	CHECK_INT(p.reserve, 262144);
	CHECK(p.close_track);
	CHECK_INT(p.close_fn, 6);
	CHECK_INT(p.one_x_kbps, 4496);
}

/* 1x, the one table: sectors and bytes a second */
static void test_media_one_x(void)
{
	uint32_t sps = 0;

	T_CASE("media-one-x");
	CHECK_INT(we2_media_one_x(WE2_MEDIA_CD, &sps), 176400);
	CHECK_INT(sps, 75);
	CHECK_INT(we2_media_one_x(WE2_MEDIA_DVD, &sps), 1385000);
	CHECK_INT(sps, 676);
	CHECK_INT(we2_media_one_x(WE2_MEDIA_BD, &sps), 4495625);
	CHECK_INT(sps, 2195);
	CHECK_INT(we2_media_one_x(WE2_MEDIA_BD, NULL), 4495625);
	sps = 7;
	CHECK_INT(we2_media_one_x(0, &sps), 0);
	CHECK_INT(we2_media_one_x(4, &sps), 0);
	CHECK_INT(sps, 7);
}

/* a simulation: the same plan, Test Write set, where the medium has it */
static void test_plan_dummy(void)
{
	struct we2_track_info ti = next_track(1, 0, 359849);
	struct we2_disc_info di = blank_disc;
	struct we2_burn_plan p, real;

	T_CASE("plan-dummy-cd-r");
	CHECK_INT(we2_burn_plan(&real, WE2_PROFILE_CD_R, &di, &ti, 1000, 0), 0);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &di, &ti, 1000,
				WE2_BURN_DUMMY), 0);
	CHECK_INT(p.wp.write_type, WE2_WT_SAO | WE2_WT_TEST_WRITE);
	real.wp.write_type |= WE2_WT_TEST_WRITE;
	CHECK(!memcmp(&p, &real, sizeof(p)));

	T_CASE("plan-dummy-dvd-r");
	ti = next_track(1, 0, 2298496);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_R, &di, &ti, 9950,
				WE2_BURN_DUMMY), 0);
	CHECK_INT(p.wp.write_type, WE2_WT_SAO | WE2_WT_TEST_WRITE);
	CHECK_INT(p.reserve, 9950);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_R, &di, &ti, 9950,
				WE2_BURN_DUMMY | WE2_BURN_MULTI), 0);
	CHECK_INT(p.wp.write_type, WE2_WT_INCREMENTAL | WE2_WT_TEST_WRITE);
	CHECK_INT(p.wp.multisession, 3);

	T_CASE("plan-dummy-refused-without-test-write");
	ti = next_track(1, 0, 2295104);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10,
				WE2_BURN_DUMMY), -EOPNOTSUPP);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R_DL, &di, &ti, 10,
				WE2_BURN_DUMMY), -EOPNOTSUPP);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_R, &di, &ti, 10,
				WE2_BURN_DUMMY), -EOPNOTSUPP);
	/* flags unknown to this library */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &di, &ti, 10, 1U << 2),
		  -EINVAL);
}

static void test_plan_refusals(void)
{
	struct we2_track_info ti = next_track(1, 0, 1000);
	struct we2_disc_info di = blank_disc;
	struct we2_burn_plan p;

	T_CASE("plan-refuses-media");
	CHECK_INT(we2_burn_plan(&p, 0x0000, &di, &ti, 10, 0), -EMEDIUMTYPE);
	CHECK_INT(we2_burn_plan(&p, 0x0010, &di, &ti, 10, 0), -EMEDIUMTYPE);
	/* BD-R random recording: not a disc we burn */
	CHECK_INT(we2_burn_plan(&p, 0x0042, &di, &ti, 10, 0), -EMEDIUMTYPE);

	T_CASE("plan-refuses-size");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 1001, 0),
		  -ENOSPC);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 1000, 0),
		  0);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 0, 0),
		  -EINVAL);

	T_CASE("plan-refuses-closed-or-open");
	di.status = WE2_DISC_COMPLETE;
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10, 0),
		  -EROFS);
	di.status = WE2_DISC_APPENDABLE;
	di.last_session = WE2_SESSION_INCOMPLETE;
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10, 0),
		  -EBUSY);
	di = blank_disc;
	ti.reserved = true;
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10, 0),
		  -EBUSY);
	ti.reserved = false;
	ti.nwa_valid = false;
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10, 0),
		  -EBUSY);

	T_CASE("plan-refuses-bad-arguments");
	ti.nwa_valid = true;
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10,
				1U << 31), -EINVAL);
	CHECK_INT(we2_burn_plan(NULL, WE2_PROFILE_DVD_PLUS_R, &di, &ti, 10, 0),
		  -EINVAL);
}

static void test_profiles(void)
{
	T_CASE("profile-names-and-media");
	CHECK_STR(we2_profile_str(WE2_PROFILE_DVD_PLUS_R), "DVD+R");
	CHECK_STR(we2_profile_str(WE2_PROFILE_CD_R), "CD-R");
	CHECK_STR(we2_profile_str(WE2_PROFILE_BD_R), "BD-R");
	CHECK_STR(we2_profile_str(0x7777), "unknown media");
	CHECK_INT(we2_profile_media(WE2_PROFILE_DVD_R_DL), WE2_MEDIA_DVD);
	CHECK_INT(we2_profile_media(WE2_PROFILE_DVD_PLUS_RW), WE2_MEDIA_DVD);
	CHECK_INT(we2_profile_media(WE2_PROFILE_BD_RE), WE2_MEDIA_BD);
	CHECK_INT(we2_profile_media(0x0042), 0);
	CHECK_INT(we2_profile_media(0x0013), 0);	/* DVD-RW: not yet */
	CHECK_STR(we2_profile_str(WE2_PROFILE_DVD_PLUS_RW), "DVD+RW");
	CHECK_STR(we2_profile_str(WE2_PROFILE_BD_RE), "BD-RE");
}

/* a formatted DVD+RW or BD-RE: one complete track of @size from LBA 0 */
static struct we2_track_info formatted_track(uint32_t size)
{
	return (struct we2_track_info){
		.track = 1, .session = 1, .start = 0, .size = size,
	};
}

static void test_plan_rewritable(void)
{
	struct we2_disc_info used = {
		.status = WE2_DISC_COMPLETE, .last_session = WE2_SESSION_COMPLETE,
		.erasable = true, .sessions = 1, .first_track = 1,
		.last_track = 1,
	};
	struct we2_track_info ti = formatted_track(2295104);
	struct we2_disc_info di = blank_disc;
	struct we2_burn_plan p;

	T_CASE("plan-dvd+rw-overwrite-from-0");
	memset(&p, 0xee, sizeof(p));
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &used, &ti, 4096,
				0), 0);
	CHECK_INT(p.media, WE2_MEDIA_DVD);
	CHECK_INT(p.lba, 0);
	CHECK_INT(p.pregap_sectors, 0);
	CHECK_INT(p.sectors, 4096);
	CHECK(!p.page05 && !p.cue && !p.close_track);
	CHECK_INT(p.reserve, 0);
	CHECK_INT(p.close_fn, 0);
	CHECK_INT(p.last_lba, 2295103);
	CHECK_INT(p.one_x_kbps, 1385);
	/* --multi changes nothing on a disc without sessions */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &used, &ti, 4096,
				WE2_BURN_MULTI), 0);
	CHECK_INT(p.close_fn, 0);
	CHECK(!p.close_track);

	T_CASE("plan-dvd+rw-refusals");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &used, &ti,
				2295105, 0), -ENOSPC);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &used, &ti,
				2295104, 0), 0);
	/* never formatted: READ DISC INFORMATION says blank */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &di, &ti, 10, 0),
		  -EUCLEAN);
	/* no Test Write on DVD+RW or BD-RE */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_DVD_PLUS_RW, &used, &ti, 10,
				WE2_BURN_DUMMY), -EOPNOTSUPP);

	T_CASE("plan-bd-re-formatted-size");
	ti = formatted_track(12219392 - 381856);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_RE, &used, &ti, 262144, 0),
		  0);
	CHECK_INT(p.media, WE2_MEDIA_BD);
	CHECK_INT(p.lba, 0);
	CHECK_INT(p.close_fn, 0);
	CHECK(!p.close_track && !p.page05);
	CHECK_INT(p.last_lba, 12219392 - 381856 - 1);
	CHECK_INT(p.one_x_kbps, 4496);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_RE, &used, &ti,
				12219392 - 381856 + 1, 0), -ENOSPC);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_RE, &di, &ti, 10, 0),
		  -EUCLEAN);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_BD_RE, &used, &ti, 10,
				WE2_BURN_DUMMY), -EOPNOTSUPP);

	T_CASE("plan-cd-rw-blank-as-cd-r-used-refused");
	ti = next_track(1, 0, 359849);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_RW, &di, &ti, 2000, 0), 0);
	CHECK(p.cue);
	CHECK_INT(p.wp.write_type, WE2_WT_SAO);
	CHECK_INT(p.pregap_lba, -150);
	/* closed: blank it first, not "closed" as a CD-R would be */
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_RW, &used, &ti, 2000, 0),
		  -ENOTEMPTY);
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &used, &ti, 2000, 0),
		  -EROFS);
}

/* READ FORMAT CAPACITIES as a drive answers them */
static void test_format_caps(void)
{
	/* an unformatted BD-RE: current type 1, then 00h, 30h, 31h */
	static const uint8_t bd[36] = {
		0, 0, 0, 32,
		0x00, 0xba, 0x74, 0x00, 0x01, 0x00, 0x08, 0x00,
		0x00, 0xb4, 0xa0, 0x60, 0x00 << 2, 0x05, 0xd3, 0xa0,
		0x00, 0xb8, 0x82, 0xe0, 0x30 << 2, 0x01, 0xf1, 0x20,
		0x00, 0xba, 0x74, 0x00, 0x31 << 2, 0x00, 0x00, 0x00,
	};
	/* a DVD+RW formatted: type 2, one 26h */
	static const uint8_t dvd[20] = {
		0, 0, 0, 16,
		0x00, 0x23, 0x05, 0x40, 0x02, 0x00, 0x08, 0x00,
		0x00, 0x23, 0x05, 0x40, 0x26 << 2, 0x00, 0x00, 0x00,
	};
	struct we2_format_caps c;

	T_CASE("format-caps-bd-re");
	CHECK_INT(we2_format_caps_decode(bd, sizeof(bd), &c), 0);
	CHECK_INT(c.current_blocks, 12219392);
	CHECK_INT(c.current_type, WE2_CAP_UNFORMATTED);
	CHECK_INT(c.n, 3);
	CHECK_INT(c.fmt[0].type, 0x00);
	CHECK_INT(c.fmt[0].blocks, 12219392 - 381856);
	CHECK_INT(c.fmt[0].param, 381856);
	CHECK_INT(c.fmt[1].type, 0x30);
	CHECK_INT(c.fmt[1].blocks, 12219392 - 127264);
	CHECK_INT(c.fmt[1].param, 127264);
	CHECK_INT(c.fmt[2].type, 0x31);
	CHECK_INT(c.fmt[2].blocks, 12219392);
	CHECK_INT(c.fmt[2].param, 0);

	T_CASE("format-caps-dvd+rw");
	CHECK_INT(we2_format_caps_decode(dvd, sizeof(dvd), &c), 0);
	CHECK_INT(c.current_type, WE2_CAP_FORMATTED);
	CHECK_INT(c.n, 1);
	CHECK_INT(c.fmt[0].type, 0x26);
	CHECK_INT(c.fmt[0].blocks, 2295104);

	T_CASE("format-caps-short-or-cut");
	CHECK_INT(we2_format_caps_decode(dvd, 11, &c), -EPROTO);
	/* cut after the first descriptor: what came is decoded */
	CHECK_INT(we2_format_caps_decode(bd, 20, &c), 0);
	CHECK_INT(c.n, 1);
	CHECK_INT(we2_format_caps_decode(NULL, 20, &c), -EINVAL);

	T_CASE("rw-ready-refuses-bad-arguments");
	CHECK_INT(we2_rw_ready(NULL, 0, NULL, NULL), -EINVAL);
}

/* Nx in kB/s as we2burn asks for it: N times 176.4 on a CD, rounded */
static uint32_t cd_x(unsigned int n)
{
	return (uint32_t)(n * 1764 + 5) / 10;
}

static void test_speed_pick(void)
{
	/* a drive that lists N x 176.4, and one that lists N x 176 */
	static const uint32_t real[] = { 8467, 7056, 5645, 4234, 2822 };
	static const uint32_t x176[] = { 8448, 7040, 5632, 4224, 2816 };
	static const uint32_t dvd[] = { 22160, 16620, 11080, 5540 };
	static const uint32_t unsorted[] = { 2816, 8448, 5632 };
	bool near = false;

	T_CASE("speed-pick-what-the-drive-calls-nx");
	CHECK_INT(we2_write_speed_pick(real, 5, cd_x(48), &near), 0);
	CHECK(near);
	CHECK_INT(we2_write_speed_pick(real, 5, cd_x(40), &near), 1);
	CHECK(near);
	/* 48 x 176 = 8448 is below the drive's 8467: still its 48x */
	CHECK_INT(we2_write_speed_pick(real, 5, 48 * 176, &near), 0);
	CHECK(near);
	CHECK_INT(we2_write_speed_pick(x176, 5, cd_x(48), &near), 0);
	CHECK(near);
	CHECK_INT(we2_write_speed_pick(x176, 5, cd_x(32), &near), 2);
	CHECK(near);
	CHECK_INT(we2_write_speed_pick(x176, 5, cd_x(16), &near), 4);
	CHECK(near);
	CHECK_INT(we2_write_speed_pick(dvd, 4, 4 * 1385, &near), 3);
	CHECK(near);

	T_CASE("speed-pick-none-near");
	/* 47x: 48x is 1.9% above, not the drive's 47x; 40x below it is */
	CHECK_INT(we2_write_speed_pick(real, 5, cd_x(47), &near), 1);
	CHECK(!near);
	CHECK_INT(we2_write_speed_pick(real, 5, cd_x(52), &near), 0);
	CHECK(!near);
	CHECK_INT(we2_write_speed_pick(x176, 5, cd_x(30), &near), 3);
	CHECK(!near);
	/* slower than the slowest: the slowest */
	CHECK_INT(we2_write_speed_pick(real, 5, cd_x(10), &near), 4);
	CHECK(!near);
	CHECK_INT(we2_write_speed_pick(unsorted, 3, 6000, NULL), 2);
	CHECK_INT(we2_write_speed_pick(unsorted, 3, 100, NULL), 0);

	T_CASE("speed-pick-bad-arguments");
	CHECK_INT(we2_write_speed_pick(real, 0, 1000, &near), -EINVAL);
	CHECK_INT(we2_write_speed_pick(real, 5, 0, &near), -EINVAL);
	CHECK_INT(we2_write_speed_pick(NULL, 5, 1000, &near), -EINVAL);
}

int main(void)
{
	test_cue_sheet();
	test_plan_cd();
	test_plan_dvd_bd();
	test_plan_dummy();
	test_media_one_x();
	test_plan_refusals();
	test_plan_rewritable();
	test_format_caps();
	test_profiles();
	test_speed_pick();
	return t_done();
}
