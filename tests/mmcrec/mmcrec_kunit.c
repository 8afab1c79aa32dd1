// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for mmcrec's model of a drive (mmcrec_model.c): the
 * write-once medium (next writable address, reservations, track and
 * session close, disc status), the CD cue sheet with its pregap at -150,
 * the speeds and the buffer that drains at the current one, the answers
 * built from the state (READ DISC/TRACK INFORMATION), the long-write
 * progress, the sparse store, and the rewritable media: a CD-RW's BLANK,
 * a DVD+RW's FORMAT UNIT, background format and writes anywhere, a
 * BD-RE's formats with and without spare areas, a DVD-RW's blanking
 * (full, minimal: disc at once only) and its restricted overwrite. No
 * SCSI: the model is driven directly.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <scsi/scsi_proto.h>

#include "mmcrec.h"

/* a drive with a blank @m loaded, as mmcrec_main.c sets one up */
static struct mmcrec *mr_test_drive(struct kunit *test, enum mr_media m)
{
	struct mmcrec *mr = kunit_kzalloc(test, sizeof(*mr), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mr);
	xa_init(&mr->pages);
	mr->max_pages = 16;
	mr->buf_size = 4 << 20;
	mr->fault_write_error = MR_NO_FAULT;
	mr->fault_remove = MR_NO_FAULT;
	mr->fault_deferred = MR_NO_FAULT;
	mr_set_personality(mr, mr_personality_find("friendly"));
	mr_load_blank(mr, m);
	return mr;
}

static void mr_test_exit_drive(struct mmcrec *mr)
{
	mr_free_pages(mr);
}

/* write @n blocks at @lba as a WRITE would, if the model admits it */
static u32 mr_test_write(struct mmcrec *mr, s32 lba, u32 n)
{
	u32 sense = mr_write_admit(mr, lba, n);

	if (!sense)
		mr_write_done(mr, lba, n);
	return sense;
}

static void mr_dvd_incremental_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	struct mr_track *t;

	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr->cap, 2295104U);
	t = mr_writable(mr);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, t->nwa, 0);
	/* only at the next writable address */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 16, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, t->state, MR_T_OPEN);
	KUNIT_EXPECT_EQ(test, t->nwa, 100);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 1);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 99, 1),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 100, 28), 0U);

	/* the track closes at 128 blocks; the next starts on an ECC block */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_COMPLETE);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, 128U);
	KUNIT_ASSERT_EQ(test, mr->disc.ntracks, 2U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].start, 128);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.nsessions, 1U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 1);
	KUNIT_EXPECT_EQ(test, mr_session_state(mr), 0);

	/* the second session past the closure, then the disc finalized */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 128, 10),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_ASSERT_NOT_NULL(test, mr_writable(mr));
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 128 + MR_BORDER);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 128 + MR_BORDER, 10), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 5, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	KUNIT_EXPECT_NULL(test, mr_writable(mr));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 144 + MR_BORDER, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 7, 0),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	mr_test_exit_drive(mr);
}

static void mr_reserve_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDMR);

	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 0),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, mr->cap + 1),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 1000), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_RESERVED);
	KUNIT_ASSERT_EQ(test, mr->disc.ntracks, 2U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].start, 1008);
	/* a second reservation only on the invisible track: it is not the
	 * writable one while the first is open
	 */
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0));
	/* not past the reservation, and the part before it is refused whole */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 990), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 990, 11),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x00));
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].nwa, 990);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 990, 10), 0U);
	/* DVD-R DAO: SYNCHRONIZE CACHE at the reservation's end closes it */
	mr->page05[2] = 0x02;
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_COMPLETE);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	mr_test_exit_drive(mr);
}

/* a one-track SAO cue sheet: pregap at 00:00:00, data at 00:02:00 */
static void mr_test_cue(u8 *cue, u32 leadout)
{
	static const u8 head[24] = {
		0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,	/* lead-in */
		0x41, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,	/* pregap */
		0x41, 0x01, 0x01, 0x10, 0x00, 0x00, 0x02, 0x00,	/* index 1 */
	};
	u32 a = leadout + 150;

	memcpy(cue, head, sizeof(head));
	cue[24] = 0x41;
	cue[25] = 0xaa;
	cue[26] = 0x01;
	cue[27] = 0x14;
	cue[28] = 0;
	cue[29] = a / 4500;
	cue[30] = (a / 75) % 60;
	cue[31] = a % 75;
}

static void mr_cue_sheet_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDR);
	u8 cue[32];
	u8 b[MR_DISC_INFO_LEN];
	u8 ti[MR_TRACK_INFO_LEN];

	mr_test_cue(cue, 1000);
	KUNIT_EXPECT_EQ(test, mr_cue_sheet(mr, cue, 0),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	KUNIT_EXPECT_EQ(test, mr_cue_sheet(mr, cue, 7),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	KUNIT_EXPECT_EQ(test, mr_cue_sheet(mr, cue, 24),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));	/* no lead-out */
	KUNIT_ASSERT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)), 0U);
	KUNIT_EXPECT_TRUE(test, mr->cue);
	KUNIT_EXPECT_EQ(test, mr->cue_start, -150);
	KUNIT_EXPECT_EQ(test, mr->cue_leadout, 1000);
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, -150);

	/* the pregap first, as wodim and libburn write it, then the data */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -150, 150), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 999), 0U);
	/* being written: not blank, free up to the lead-out */
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 0xff, ti), 0);
	KUNIT_EXPECT_FALSE(test, ti[6] & 0x40);
	KUNIT_EXPECT_EQ(test, rd32(ti + 12), 999U);
	KUNIT_EXPECT_EQ(test, rd32(ti + 16), 1U);
	KUNIT_EXPECT_EQ(test, rd32(ti + 24), 1000U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 999, 2),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x00));	/* lead-out */
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_TRUE(test, mr->cue);		/* not written to the end */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 999, 1), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_FALSE(test, mr->cue);
	KUNIT_ASSERT_EQ(test, mr->disc.ntracks, 1U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].start, 0);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, 1000U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_COMPLETE);
	/* page 05h said single session: the disc is complete */
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2] & 3, 2);
	KUNIT_EXPECT_EQ(test, b[6], 1);

	/* not on a DVD */
	mr_load_blank(mr, MR_DVDPR);
	KUNIT_EXPECT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)),
			MR_SENSE(ILLEGAL_REQUEST, 0x20, 0));
	mr_test_exit_drive(mr);
}

/* CD sessions: the next begins 11400 sectors on, then 6900 */
static void mr_cd_sessions_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDR);
	u8 cue[32];

	/* a TAO track of 1000, its session closed: the disc appendable */
	mr->page05[2] = 0x01;
	mr->page05[3] = 0xc4;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 1000), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_COMPLETE);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 1);
	KUNIT_ASSERT_NOT_NULL(test, mr_writable(mr));
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 1000 + 11400);

	/*
	 * the second session at once, its cue sheet in absolute addresses:
	 * not over the first session's lead-out
	 */
	mr->page05[2] = 0x02;
	mr_test_cue(cue, 1000);
	KUNIT_EXPECT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	mr_msf(12250, cue + 13, cue + 14, cue + 15);	/* pregap */
	mr_msf(12400, cue + 21, cue + 22, cue + 23);	/* index 1 */
	mr_msf(12400 + 500, cue + 29, cue + 30, cue + 31);	/* lead-out */
	KUNIT_ASSERT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)), 0U);
	KUNIT_EXPECT_EQ(test, mr->cue_start, 12250);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 12250, 650), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr->disc.nsessions, 2U);
	KUNIT_ASSERT_EQ(test, mr->disc.ntracks, 3U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].start, 12400);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].size, 500U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].session, 2);
	/* after a second session the lead-out is 2250 */
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->start, 12900 + 6900);
	mr_test_exit_drive(mr);
}

/* a simulated burn goes through the motions and leaves the disc as it was */
static void mr_simulation_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDR);
	u8 page[52], b[MR_DISC_INFO_LEN];
	u8 *blk = kunit_kzalloc(test, MR_BS, GFP_KERNEL);
	u8 cue[32];

	KUNIT_ASSERT_NOT_NULL(test, blk);
	/* a CD in SAO with Test Write: cue sheet, pregap, data, lead-out */
	memcpy(page, mr->page05, sizeof(page));
	page[2] = 0x12;
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, page), 0U);
	mr->page05[2] = 0x12;
	mr_test_cue(cue, 1000);
	KUNIT_ASSERT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)), 0U);
	KUNIT_EXPECT_TRUE(test, mr->sim);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -150, 150), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 1000), 0U);
	mr_store(mr, 0, blk);
	KUNIT_EXPECT_EQ(test, mr->npages, 0UL);	/* nothing kept */
	mr->media_event = false;
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_FALSE(test, mr->sim);
	KUNIT_EXPECT_FALSE(test, mr->cue);
	KUNIT_EXPECT_FALSE(test, mr->media_event);	/* nothing changed */
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr->disc.written, 0ULL);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2] & 3, 0);
	/* and again, as burners do after a simulation: the real burn */
	mr->page05[2] = 0x02;
	KUNIT_ASSERT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)), 0U);
	KUNIT_EXPECT_FALSE(test, mr->sim);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -150, 1150), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);

	/* DVD-R disc-at-once simulated: reservation, data, sync */
	mr_load_blank(mr, MR_DVDMR);
	mr->page05[2] = 0x12;
	/* a refused close changes nothing: no simulation begun */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 7, 0),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_FALSE(test, mr->sim);
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 1000), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 1000), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_FALSE(test, mr->sim);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr->disc.ntracks, 1U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_BLANK);
	/* Test Write off ends a simulation that was never closed */
	mr->page05[2] = 0x10;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	KUNIT_EXPECT_TRUE(test, mr->sim);
	mr->page05[2] = 0x00;
	mr_sim_end(mr);
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 0);

	/* no Test Write on DVD+R and BD-R */
	mr_load_blank(mr, MR_DVDPR);
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, page),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	mr_load_blank(mr, MR_BDR);
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, page),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	page[2] = 0x02;
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, page), 0U);
	mr_test_exit_drive(mr);
}

/*
 * CLOSE TRACK @no refused for want of a track being written: INVALID FIELD
 * IN CDB, and nothing changed: the disc as it was, no simulation begun
 * (Test Write may be on), no media change
 */
static void mr_test_close_refused(struct kunit *test, struct mmcrec *mr,
				  unsigned int no)
{
	struct mr_disc *before = kunit_kmalloc(test, sizeof(*before),
					       GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, before);
	memcpy(before, &mr->disc, sizeof(*before));
	mr->media_event = false;
	KUNIT_EXPECT_EQ_MSG(test, mr_close_fn(mr, 1, no),
			    MR_SENSE(ILLEGAL_REQUEST, 0x24, 0), "track %u", no);
	KUNIT_EXPECT_FALSE_MSG(test, mr->sim, "track %u", no);
	KUNIT_EXPECT_FALSE_MSG(test, mr->media_event, "track %u", no);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(before, &mr->disc, sizeof(*before)),
			    0, "track %u", no);
}

/* no track open or reserved: CLOSE TRACK has nothing to close */
static void mr_close_track_refused_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDMR);

	/* a blank disc: its one track empty, Test Write on (incremental) */
	mr->page05[2] = 0x10;
	mr_test_close_refused(test, mr, 0xff);
	mr_test_close_refused(test, mr, 1);
	mr_test_close_refused(test, mr, 0);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr->disc.ntracks, 1U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_BLANK);

	/* track 1 written and closed, its session open: 1 complete, 2 empty */
	mr->page05[2] = 0x00;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 32), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_ASSERT_EQ(test, mr->disc.ntracks, 2U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].state, MR_T_COMPLETE);
	mr_test_close_refused(test, mr, 1);
	mr_test_close_refused(test, mr, 2);
	mr_test_close_refused(test, mr, 0xff);
	mr->page05[2] = 0x10;
	mr_test_close_refused(test, mr, 1);
	mr_test_close_refused(test, mr, 0xff);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, 32U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[2].state, MR_T_BLANK);
	KUNIT_EXPECT_EQ(test, mr->disc.nsessions, 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.written, 32ULL);

	/* finalized: no track left to write */
	mr->page05[2] = 0x00;
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 5, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	KUNIT_EXPECT_NULL(test, mr_writable(mr));
	mr_test_close_refused(test, mr, 0xff);
	mr_test_close_refused(test, mr, 1);
	mr_test_exit_drive(mr);
}

/* the write types' order: a cue sheet before SAO, a reservation before DAO */
static void mr_sequence_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDR);
	const u32 seq = MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0);
	u8 cue[32];

	mr->page05[2] = 0x02;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), seq);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -150, 16), seq);
	mr_test_cue(cue, 1000);
	KUNIT_ASSERT_EQ(test, mr_cue_sheet(mr, cue, sizeof(cue)), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -150, 16), 0U);
	/* track at once needs neither, but 2048-byte sectors (Mode 1) */
	mr_load_blank(mr, MR_CDR);
	mr->page05[4] = 0x00;		/* raw 2352 */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x64, 0));
	mr->page05[4] = 0x0a;		/* Mode 2 Form 1 */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);

	mr_load_blank(mr, MR_DVDMR);
	mr->page05[2] = 0x02;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), seq);
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 64), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	/* incremental on DVD-R, and DVD+R whatever page 05h says, need none */
	mr_load_blank(mr, MR_DVDMR);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	mr_load_blank(mr, MR_DVDPR);
	mr->page05[2] = 0x02;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	mr_test_exit_drive(mr);
}

/* only what was recorded reads */
static void mr_read_admit_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	const u32 oor = MR_SENSE(ILLEGAL_REQUEST, 0x21, 0);

	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 1), oor);	/* blank */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 99, 2), oor);	/* past the NWA */
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, -1, 1), oor);
	/* a closed session, the next past the closure: the gap does not read */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 112 + MR_BORDER, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 100, 12), oor);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 112 + MR_BORDER, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, mr->cap + 1), oor);

	/* a CD's adjacent tracks read as one */
	mr_load_blank(mr, MR_CDR);
	mr->page05[2] = 0x01;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 300), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 300, 300), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 250, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 250, 351), oor);
	mr_test_exit_drive(mr);
}

/* a deferred write error: the track ends where the recording failed */
static void mr_write_lost_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);

	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 64), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 64, 64), 0U);
	mr_write_lost(mr, 80);
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 80);
	KUNIT_EXPECT_EQ(test, mr->disc.written, 80ULL);
	KUNIT_EXPECT_EQ(test, mr->disc.last_recorded, 79);
	/* the burner goes on from there, or not at all */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 128, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 80, 16), 0U);
	/* not past what was written, not before the track */
	mr_write_lost(mr, 200);
	mr_write_lost(mr, -5);
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 96);
	mr_test_exit_drive(mr);
}

static void mr_speed_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);

	KUNIT_EXPECT_EQ(test, mr_top_speed(mr), 22160U);
	KUNIT_EXPECT_EQ(test, mr->speed, 22160U);
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 12000), 11080U);
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 11080), 11080U);
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 1), 5540U);	/* slowest */
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 0xffffffff), 22160U);
	mr->max_kbps = 17000;
	KUNIT_EXPECT_EQ(test, mr_top_speed(mr), 16620U);
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 0xffffffff), 16620U);
	mr->max_kbps = 200;		/* below them all: that slow exactly */
	KUNIT_EXPECT_EQ(test, mr_top_speed(mr), 200U);
	KUNIT_EXPECT_EQ(test, mr_pick_speed(mr, 22160), 200U);
	mr->max_kbps = 0;
	mr_load_blank(mr, MR_CDR);
	KUNIT_EXPECT_EQ(test, mr->speed, 8448U);	/* 48x, no cap */
	mr_test_exit_drive(mr);
}

static void mr_buffer_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	ktime_t t0 = ktime_get();
	u16 progress;

	mr->speed = 1000;			/* kB/s: 1 byte per us */
	mr->fill = 2000000;
	mr->fill_t = t0;
	KUNIT_EXPECT_EQ(test, mr_ns_until(mr, 0), 2000000000ULL);
	KUNIT_EXPECT_EQ(test, mr_ns_until(mr, 1000000), 1000000000ULL);
	KUNIT_EXPECT_EQ(test, mr_ns_until(mr, 3000000), 0ULL);
	KUNIT_EXPECT_EQ(test, mr_fill_now(mr, ktime_add_ms(t0, 500)), 1500000ULL);
	KUNIT_EXPECT_EQ(test, mr_fill_now(mr, ktime_add_ms(t0, 5000)), 0ULL);

	/* an IMMED flush: not ready 04/08 with its progress, then ready */
	mr->fill = 1000000;
	mr->fill_t = t0;
	mr->flush_from = 1000000;
	mr->flushing = true;
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 250), &progress),
			0x08);
	KUNIT_EXPECT_EQ(test, progress, 16384);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 750), &progress),
			0x08);
	KUNIT_EXPECT_EQ(test, progress, 49152);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 1000), &progress),
			0);
	KUNIT_EXPECT_FALSE(test, mr->flushing);
	/* an IMMED close: 04/07 until its time is up */
	mr_busy(mr, t0, MR_CLOSE_MS, 0x07, false);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 50), &progress),
			0x07);
	KUNIT_EXPECT_EQ(test, progress, 32768);
	mr_test_exit_drive(mr);
}

/* the personalities: by name, and what each makes the drive do */
static void mr_personality_test(struct kunit *test)
{
	const struct mr_personality *f = mr_personality_find("friendly");
	const struct mr_personality *sata = mr_personality_find("sata\n");
	const struct mr_personality *usb = mr_personality_find("usb");

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, sata);
	KUNIT_ASSERT_NOT_NULL(test, usb);
	KUNIT_EXPECT_NULL(test, mr_personality_find("scsi"));
	KUNIT_EXPECT_NULL(test, mr_personality_find(""));
	/* libata's ATA_MAX_SECTORS for ATAPI; usb-storage's template */
	KUNIT_EXPECT_EQ(test, sata->max_sectors, 256U);
	KUNIT_EXPECT_EQ(test, sata->cmd_per_lun, 1U);
	KUNIT_EXPECT_EQ(test, usb->max_sectors, 240U);
	KUNIT_EXPECT_EQ(test, usb->can_queue, 1U);
	KUNIT_EXPECT_EQ(test, f->full_ascq, 0);
	KUNIT_EXPECT_EQ(test, sata->full_ascq, 0x08);
	KUNIT_EXPECT_EQ(test, usb->full_ascq, 0x07);
	KUNIT_EXPECT_TRUE(test, f->close_event);
	KUNIT_EXPECT_FALSE(test, sata->close_event);
	/* write errors told late by the drive that records from its buffer */
	KUNIT_EXPECT_TRUE(test, sata->deferred);
	KUNIT_EXPECT_FALSE(test, f->deferred);
	KUNIT_EXPECT_FALSE(test, usb->deferred);
	/* page 05h of MMC-4/5's length, no block descriptors: ATAPI */
	KUNIT_EXPECT_EQ(test, sata->page05_len, 0x36);
	KUNIT_EXPECT_FALSE(test, sata->block_desc);
	KUNIT_EXPECT_EQ(test, f->page05_len, 0x32);
	KUNIT_EXPECT_TRUE(test, usb->block_desc);
	KUNIT_EXPECT_LE(test, 2U + sata->page05_len, (unsigned int)MR_PAGE05_MAX);
}

/* a full buffer: held by a friendly drive, refused by the others */
static void mr_flow_control_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	ktime_t t0 = ktime_get();

	mr_set_personality(mr, mr_personality_find("sata"));
	mr->speed = 1000;			/* 1 byte per us */
	mr->fill = mr->buf_size - 65536;
	mr->fill_t = t0;
	/* fits */
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, t0, 65536), 0U);
	/* one byte too many: LONG WRITE IN PROGRESS, nothing taken */
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, t0, 65537),
			MR_SENSE(NOT_READY, 0x04, 0x08));
	KUNIT_EXPECT_EQ(test, mr->fill, mr->buf_size - 65536);
	KUNIT_EXPECT_EQ(test, mr->refused, 1U);
	/* 1 ms later a kilobyte has drained */
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, ktime_add_ms(t0, 1), 66536),
			0U);
	/* an empty buffer takes any WRITE, larger than it or not */
	mr->fill = 0;
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, ktime_add_ms(t0, 1),
					      mr->buf_size * 2), 0U);

	mr_set_personality(mr, mr_personality_find("usb"));
	mr->fill = mr->buf_size;
	mr->fill_t = t0;
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, t0, 2048),
			MR_SENSE(NOT_READY, 0x04, 0x07));
	mr_set_personality(mr, mr_personality_find("friendly"));
	KUNIT_EXPECT_EQ(test, mr_buffer_admit(mr, t0, 2048), 0U);
	KUNIT_EXPECT_EQ(test, mr->refused, 2U);
	mr_test_exit_drive(mr);
}

/* 16 sectors written on a blank disc and its session closed: an event? */
static bool mr_test_close_event(struct kunit *test, struct mmcrec *mr)
{
	mr->media_event = false;
	KUNIT_EXPECT_EQ(test, mr_write_admit(mr, 0, 16), 0U);
	mr_write_done(mr, 0, 16);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	return mr->media_event;
}

/* a loaded disc spins up; a close is a media change only if said so */
static void mr_spin_up_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	ktime_t t0 = ktime_get();

	mr_set_personality(mr, mr_personality_find("sata"));
	KUNIT_EXPECT_EQ(test, mr->spinup_ms, 2000U);
	mr_spin_up(mr, t0);
	KUNIT_EXPECT_EQ(test, mr_ready(mr, t0), MR_SENSE(NOT_READY, 0x04, 0x01));
	KUNIT_EXPECT_EQ(test, mr_ready(mr, ktime_add_ms(t0, 1999)),
			MR_SENSE(NOT_READY, 0x04, 0x01));
	KUNIT_EXPECT_EQ(test, mr_ready(mr, ktime_add_ms(t0, 2000)), 0U);
	/* no current profile until then */
	KUNIT_EXPECT_FALSE(test, mr_identified(mr, ktime_add_ms(t0, 1999)));
	KUNIT_EXPECT_TRUE(test, mr_identified(mr, ktime_add_ms(t0, 2000)));
	mr->tray_open = true;
	KUNIT_EXPECT_FALSE(test, mr_identified(mr, ktime_add_ms(t0, 2000)));
	mr->tray_open = false;

	/* sata: no media change after closing */
	KUNIT_EXPECT_FALSE(test, mr_test_close_event(test, mr));
	mr_test_exit_drive(mr);

	/* friendly: ready at once, and a media change */
	mr = mr_test_drive(test, MR_DVDPR);
	mr_spin_up(mr, t0);
	KUNIT_EXPECT_EQ(test, mr_ready(mr, t0), 0U);
	KUNIT_EXPECT_TRUE(test, mr_test_close_event(test, mr));
	mr_test_exit_drive(mr);
}

/* a WRITE at @ms after @t0 of @bytes, as mr_write() takes it */
static void mr_test_take(struct mmcrec *mr, ktime_t t0, int ms, u64 bytes)
{
	ktime_t now = ktime_add_ms(t0, ms);
	u64 fill = mr_fill_now(mr, now);

	mr->fill = fill + bytes;
	mr_account_write(mr, now, fill, bytes);
}

static void mr_recording_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	ktime_t t0 = ktime_get();

	mr->speed = 1000;			/* 1 byte per us */
	mr->buf_size = 1000000;
	mr->fill_t = t0;
	KUNIT_EXPECT_EQ(test, mr_recorded_ms(mr), 0U);
	/* the first megabyte fills the buffer: no low point yet */
	mr_test_take(mr, t0, 0, 500000);
	mr_test_take(mr, t0, 0, 500000);
	KUNIT_EXPECT_EQ(test, mr->rec_min_fill, U64_MAX);
	/* kept full: each WRITE finds it nearly so */
	mr_test_take(mr, t0, 100, 100000);
	mr_test_take(mr, t0, 200, 100000);
	KUNIT_EXPECT_EQ(test, mr->rec_min_fill, 900000ULL);
	KUNIT_EXPECT_EQ(test, mr->rec_dry, 0U);
	/* a host too slow: the drive ran dry before this WRITE */
	mr_test_take(mr, t0, 3000, 100000);
	KUNIT_EXPECT_EQ(test, mr->rec_min_fill, 0ULL);
	KUNIT_EXPECT_EQ(test, mr->rec_dry, 1U);
	/* recording ends as the last 100000 bytes drain: at 3.1 s */
	KUNIT_EXPECT_EQ(test, mr_recorded_ms(mr), 3100U);
	/* a new disc starts a new account */
	mr_load_blank(mr, MR_DVDPR);
	KUNIT_EXPECT_EQ(test, mr_recorded_ms(mr), 0U);
	KUNIT_EXPECT_EQ(test, mr->rec_dry, 0U);
	mr_test_exit_drive(mr);
}

static void mr_track_info_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	u8 b[MR_TRACK_INFO_LEN];

	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 0xff, b), 0);
	KUNIT_EXPECT_EQ(test, b[2], 1);			/* track */
	KUNIT_EXPECT_TRUE(test, b[6] & 0x40);		/* blank */
	KUNIT_EXPECT_TRUE(test, b[7] & 0x01);		/* NWA valid */
	KUNIT_EXPECT_EQ(test, rd32(b + 12), 0U);
	KUNIT_EXPECT_EQ(test, rd32(b + 16), mr->cap);	/* free */
	KUNIT_EXPECT_EQ(test, rd32(b + 20), 16U);	/* fixed packet size */

	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 40), 0U);
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 1, b), 0);
	KUNIT_EXPECT_FALSE(test, b[6] & 0x40);
	KUNIT_EXPECT_EQ(test, rd32(b + 12), 40U);
	KUNIT_EXPECT_EQ(test, rd32(b + 16), mr->cap - 40);
	KUNIT_EXPECT_TRUE(test, b[7] & 0x02);		/* LRA valid */
	KUNIT_EXPECT_EQ(test, rd32(b + 28), 39U);
	/* by LBA: the track holding it */
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 0, 20, b), 0);
	KUNIT_EXPECT_EQ(test, b[2], 1);
	/* no such track or session */
	KUNIT_EXPECT_EQ(test, mr_track_info(mr, 1, 7, b), -EINVAL);
	KUNIT_EXPECT_EQ(test, mr_track_info(mr, 2, 9, b), -EINVAL);
	KUNIT_EXPECT_EQ(test, mr_track_info(mr, 3, 0, b), -EINVAL);

	/* closed: no NWA, its size */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 1, b), 0);
	KUNIT_EXPECT_FALSE(test, b[7] & 0x01);
	KUNIT_EXPECT_EQ(test, rd32(b + 24), 40U);
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 0xff, b), 0);
	KUNIT_EXPECT_EQ(test, b[2], 2);
	KUNIT_EXPECT_EQ(test, rd32(b + 8), 48U);	/* next ECC block */
	mr_test_exit_drive(mr);
}

static void mr_disc_info_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_BDR);
	u8 b[MR_DISC_INFO_LEN];

	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, rd16(b), MR_DISC_INFO_LEN - 2U);
	KUNIT_EXPECT_EQ(test, b[2], 0x00);		/* blank, empty */
	KUNIT_EXPECT_EQ(test, b[4], 1);			/* sessions */
	KUNIT_EXPECT_EQ(test, b[6], 1);			/* last track */
	KUNIT_EXPECT_EQ(test, rd32(b + 20), mr->cap);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 32), 0U);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x05);		/* incomplete, appendable */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 6, 0), 0U);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x0e);		/* complete, complete */
	KUNIT_EXPECT_EQ(test, rd32(b + 16), 0xffffffffU);
	mr_test_exit_drive(mr);
}

static void mr_store_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPR);
	u8 *in = kunit_kmalloc(test, MR_BS, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, MR_BS, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	memset(in, 0xa5, MR_BS);
	mr_store(mr, 5, in);
	mr_fetch(mr, 5, out);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, MR_BS), 0);
	mr_fetch(mr, 4, out);				/* never written: zeros */
	KUNIT_EXPECT_EQ(test, out[0] | out[MR_BS - 1], 0);
	KUNIT_EXPECT_EQ(test, mr->npages, 1UL);
	/* the pregap is not kept (nothing reads it back) */
	mr_store(mr, -150, in);
	mr_fetch(mr, -150, out);
	KUNIT_EXPECT_EQ(test, out[0], 0);
	/* past the store's size nothing is kept, and nothing breaks */
	mr_store(mr, 1000 * MR_SPP, in);
	KUNIT_EXPECT_EQ(test, mr->npages, 2UL);
	mr->max_pages = 2;
	mr_store(mr, 2000 * MR_SPP, in);
	KUNIT_EXPECT_EQ(test, mr->npages, 2UL);
	mr_fetch(mr, 2000 * MR_SPP, out);
	KUNIT_EXPECT_EQ(test, out[0], 0);
	/* a new disc forgets the old one */
	mr_load_blank(mr, MR_DVDPR);
	KUNIT_EXPECT_EQ(test, mr->npages, 0UL);
	mr_fetch(mr, 5, out);
	KUNIT_EXPECT_EQ(test, out[0], 0);
	mr_test_exit_drive(mr);
}

/* a used CD-RW: refused until blanked, then blank and writable again */
static void mr_cdrw_blank_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDRW);
	u8 b[MR_DISC_INFO_LEN];
	u32 ms = 0;

	/* a fresh CD-RW is blank, and says it is erasable */
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x10);
	KUNIT_EXPECT_EQ(test, mr->cap, 359849U);
	/* page 05h as on a CD-R: track at once, CD data */
	KUNIT_EXPECT_EQ(test, mr->page05[2] & 0x0f, 1);

	mr_load_used(mr, MR_CDRW);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x10 | 0x0e);	/* complete */
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, MR_USED_SECTORS), 0U);
	/* written: no address takes a WRITE until the disc is blanked */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, MR_USED_SECTORS, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	/* blanking types not modelled change nothing */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 2, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);

	/* minimal (fast): blank, what was recorded unreadable */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 1, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_BLANK_MIN_MS);
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x10);		/* blank, empty */
	KUNIT_EXPECT_EQ(test, b[4], 1);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 1),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 0);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);

	/* all: likewise, and longer */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 0, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_BLANK_ALL_MS);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr->disc.ntracks, 1U);
	KUNIT_EXPECT_EQ(test, mr->disc.nsessions, 0U);

	/* a CD-R cannot be blanked, and is not erasable */
	mr_load_blank(mr, MR_CDR);
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 1, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05));
	mr_disc_info(mr, b);
	KUNIT_EXPECT_EQ(test, b[2], 0x00);
	mr_test_exit_drive(mr);
}

/* BLANK, FORMAT UNIT: NOT READY with their progress while they last */
static void mr_busy_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_CDRW);
	ktime_t t0 = ktime_get();
	u16 progress = 0;

	mr_busy(mr, t0, 1000, 0x07, true);
	KUNIT_EXPECT_TRUE(test, mr->busy_medium);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 250),
					    &progress), 0x07);
	KUNIT_EXPECT_EQ(test, progress, 16384);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 750),
					    &progress), 0x07);
	KUNIT_EXPECT_EQ(test, progress, 49152);
	/* over: ready, the disc no longer busy, its change reported */
	mr->media_event = false;
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 1000),
					    &progress), 0);
	KUNIT_EXPECT_FALSE(test, mr->busy_medium);
	KUNIT_EXPECT_TRUE(test, mr->media_event);
	/* once: a close's busy time (not the disc's) reports nothing */
	mr->media_event = false;
	mr_busy(mr, t0, MR_CLOSE_MS, 0x07, false);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 1000),
					    &progress), 0);
	KUNIT_EXPECT_FALSE(test, mr->media_event);
	/* a format says FORMAT IN PROGRESS */
	mr_busy(mr, t0, 1000, 0x04, true);
	KUNIT_EXPECT_EQ(test, mr_long_write(mr, ktime_add_ms(t0, 500),
					    &progress), 0x04);
	KUNIT_EXPECT_EQ(test, progress, 32768);
	mr_test_exit_drive(mr);
}

/* a format descriptor list of one: type @type, restart bit @restart */
static void mr_test_format_list(u8 *p, u32 blocks, u8 type, bool restart)
{
	memset(p, 0, 12);
	p[1] = 0x02;			/* IMMED */
	p[3] = 8;
	wr32(p + 4, blocks);
	p[8] = type << 2;
	p[11] = restart;
}

/*
 * DVD+RW: READ FORMAT CAPACITIES, FORMAT UNIT 26h, the background format
 * and its stop and restart, writes anywhere on the formatted disc
 */
static void mr_dvdprw_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDPRW);
	u8 f[MR_FORMAT_CAPS_MAX], d[MR_DISC_INFO_LEN], p[12];
	u8 *sector = kunit_kzalloc(test, MR_BS, GFP_KERNEL);
	u32 ms = 0;

	KUNIT_ASSERT_NOT_NULL(test, sector);
	/* unformatted: the 26h descriptor growisofs and dvd+rw-format want */
	KUNIT_ASSERT_EQ(test, mr_format_caps(mr, f), 20U);
	KUNIT_EXPECT_EQ(test, f[3], 16);
	KUNIT_EXPECT_EQ(test, rd32(f + 4), 2295104U);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 1);		/* unformatted */
	KUNIT_EXPECT_EQ(test, f[16] >> 2, 0x26);
	KUNIT_EXPECT_EQ(test, rd32(f + 12), 2295104U);
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[2], 0x10);		/* blank, erasable */
	KUNIT_EXPECT_EQ(test, d[7] & 3, MR_BGF_NONE);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05));
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));

	/* another format type, or a restart of nothing: refused */
	mr_test_format_list(p, mr->cap, 0x00, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	mr_test_format_list(p, mr->cap, 0x26, true);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	KUNIT_EXPECT_EQ(test, mr->bgf, MR_BGF_NONE);

	/* formatted, the background format running: usable at once */
	mr_test_format_list(p, mr->cap, 0x26, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_FORMAT_MS);
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[2], 0x10 | 0x0e);	/* complete */
	KUNIT_EXPECT_EQ(test, d[7] & 3, MR_BGF_RUNNING);
	mr_format_caps(mr, f);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 2);		/* formatted */
	KUNIT_EXPECT_EQ(test, f[16] >> 2, 0x26);

	/* anywhere, in any order, again: not past the disc */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 1000, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 32), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 1000, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 7, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.written, 65ULL);
	KUNIT_EXPECT_EQ(test, mr->disc.last_recorded, (s32)mr->cap - 1);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, mr->cap - 16, 32),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, -1, 1),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	/* the whole formatted disc reads, as READ CAPACITY tells */
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, mr->cap - 16, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, mr->cap);

	/* CLOSE 0 stops the background format, a restart resumes it */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 0, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr->bgf, MR_BGF_SUSPENDED);
	mr_test_format_list(p, 0, 0x26, true);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr->bgf, MR_BGF_RUNNING);
	KUNIT_EXPECT_EQ(test, mr->disc.written, 65ULL);	/* kept */
	/* CLOSE 2 (growisofs' last) likewise; others have nothing to do */
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[7] & 3, MR_BGF_SUSPENDED);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 5, 0),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);

	/* BLANK is for CD-RW; a used DVD+RW is formatted, its format stopped */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 1, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05));
	mr_load_used(mr, MR_DVDPRW);
	KUNIT_EXPECT_EQ(test, mr->bgf, MR_BGF_SUSPENDED);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	/* a new format of a formatted disc: what was on it is gone */
	mr_store(mr, 0, sector);
	mr_test_format_list(p, mr->cap, 0x26, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr->npages, 0UL);
	/* FORMAT UNIT 26h is for DVD+RW */
	mr_load_blank(mr, MR_DVDPR);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05));
	mr_test_exit_drive(mr);
}

/*
 * DVD-RW in sequential recording (profile 0014h): new, it is written as a
 * DVD-R, incrementally or disc at once; used, it must be blanked first;
 * blanked minimally, it takes disc at once only (05/64/00 otherwise), as
 * its features say
 */
static void mr_dvdrw_seq_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDMRW);
	u8 f[MR_FORMAT_CAPS_MAX], d[MR_DISC_INFO_LEN], ti[MR_TRACK_INFO_LEN];
	u8 pg[MR_PAGE05_MAX];
	u32 ms = 0;

	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);
	KUNIT_EXPECT_EQ(test, mr->cap, 2298496U);
	KUNIT_EXPECT_TRUE(test, mr_dash_seq(mr));
	KUNIT_EXPECT_FALSE(test, mr_overwritable(mr));
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[2], 0x10);		/* blank, erasable */
	/*
	 * not formatted; 00h (of 2048-byte blocks), 10h and 15h (of
	 * 16-sector ECC blocks) offered
	 */
	KUNIT_ASSERT_EQ(test, mr_format_caps(mr, f), 36U);
	KUNIT_EXPECT_EQ(test, f[3], 32);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 1);
	KUNIT_EXPECT_EQ(test, f[16] >> 2, 0x00);
	KUNIT_EXPECT_EQ(test, rd24(f + 17), 2048U);
	KUNIT_EXPECT_EQ(test, f[24] >> 2, 0x10);
	KUNIT_EXPECT_EQ(test, rd24(f + 25), 16U);
	KUNIT_EXPECT_EQ(test, f[32] >> 2, 0x15);
	KUNIT_EXPECT_EQ(test, rd24(f + 33), 16U);
	KUNIT_EXPECT_EQ(test, rd32(f + 28), 2298496U);

	/* simulation as on a DVD-R */
	memcpy(pg, mr->page05, sizeof(pg));
	pg[2] |= 0x10;
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, pg), 0U);

	/* incremental: variable packets, sessions with a border between */
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 0xff, ti), 0);
	KUNIT_EXPECT_EQ(test, ti[6] & 0x30, 0x20);
	mr->page05[3] = 0xc0;				/* multi-session */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 1);
	KUNIT_EXPECT_EQ(test, mr_writable(mr)->nwa, 112 + MR_BORDER);

	/* used: one closed session, no address takes a WRITE */
	mr_load_used(mr, MR_DVDMRW);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, MR_USED_SECTORS, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02));
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 3, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));

	/* minimally blanked: blank, but no incremental recording */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 1, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_BLANK_MIN_MS);
	KUNIT_EXPECT_TRUE(test, mr->minimal);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 1),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	mr->page05[2] = 0x40;				/* incremental */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x64, 0));
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	/* disc at once: reserved, written, finished by SYNCHRONIZE CACHE */
	mr->page05[2] = 0x42;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0));
	KUNIT_EXPECT_EQ(test, mr_reserve(mr, 100), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 100), 0U);
	mr_finish_on_sync(mr);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, 0, 100), 0U);

	/* blanked all: incremental again */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 0, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_BLANK_ALL_MS);
	KUNIT_EXPECT_FALSE(test, mr->minimal);
	mr->page05[2] = 0x40;
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 16), 0U);
	mr_test_exit_drive(mr);
}

/*
 * DVD-RW formatted to restricted overwrite (profile 0013h) by FORMAT
 * UNIT 15h or 10h: one complete session of the whole disc, written
 * anywhere in whole ECC blocks; BLANK makes it sequential again
 */
static void mr_dvdrw_ro_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_DVDMRW);
	u8 f[MR_FORMAT_CAPS_MAX], d[MR_DISC_INFO_LEN], ti[MR_TRACK_INFO_LEN];
	u8 p[12], pg[MR_PAGE05_MAX];
	u32 ms = 0;

	mr_load_used(mr, MR_DVDMRW);
	/* other types, or another ECC block: refused, nothing changed */
	mr_test_format_list(p, 0, 0x26, false);
	p[11] = 16;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	mr_test_format_list(p, 0, 0x15, false);
	p[11] = 32;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	/* quick grow of a disc not formatted */
	p[8] = 0x13 << 2;
	p[11] = 16;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);

	/* quick, "really quick" (0 blocks) as dvd+rw-format asks */
	p[8] = 0x15 << 2;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_FORMAT_MS);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0013);
	KUNIT_EXPECT_TRUE(test, mr_overwritable(mr));
	KUNIT_EXPECT_FALSE(test, mr_dash_seq(mr));
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[2], 0x10 | 0x0e);	/* complete */
	KUNIT_EXPECT_EQ(test, d[7] & 3, 0);		/* no background */
	mr_format_caps(mr, f);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 2);		/* formatted */
	KUNIT_EXPECT_EQ(test, rd32(f + 4), 2298496U);
	/* fixed packets of an ECC block, as growisofs insists */
	KUNIT_ASSERT_EQ(test, mr_track_info(mr, 1, 1, ti), 0);
	KUNIT_EXPECT_EQ(test, ti[6] & 0x30, 0x30);
	KUNIT_EXPECT_EQ(test, rd32(ti + 20), 16U);
	KUNIT_EXPECT_EQ(test, rd32(ti + 24), 2298496U);
	/* no simulation */
	memcpy(pg, mr->page05, sizeof(pg));
	pg[2] |= 0x10;
	KUNIT_EXPECT_EQ(test, mr_page05_check(mr, pg),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));

	/* anywhere, over again, in whole ECC blocks */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 32, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 64), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 32, 16), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 8, 16),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 16, 31),
			MR_SENSE(ILLEGAL_REQUEST, 0x24, 0));
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, mr->cap - 16, 32),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	KUNIT_EXPECT_EQ(test, mr->disc.written, 96ULL);
	KUNIT_EXPECT_EQ(test, mr_read_admit(mr, mr->cap - 16, 16), 0U);
	/* quick grow: nothing to grow; the closes have nothing to close */
	p[8] = 0x13 << 2;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 1, 1), 0U);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 2);

	/* blanked (minimally): sequential, blank, DAO only */
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 1, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);
	KUNIT_EXPECT_TRUE(test, mr->minimal);
	/* full format of a blank sequential disc: 10h, or 00h */
	p[8] = 0x10 << 2;
	wr32(p + 4, mr->cap);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_FORMAT_FULL_MS);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0013);
	KUNIT_EXPECT_FALSE(test, mr->minimal);
	KUNIT_EXPECT_EQ(test, mr_blank(mr, 0, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);
	p[8] = 0x00;
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));	/* not 2048 */
	wr24(p + 9, 2048);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0013);
	/* a reload finds a new disc sequential */
	mr_load_blank(mr, MR_DVDMRW);
	KUNIT_EXPECT_EQ(test, mr_profile(mr), 0x0014);
	mr_test_exit_drive(mr);
}

/* BD-RE: formatted with the default, the fewest or no spare areas */
static void mr_bdre_test(struct kunit *test)
{
	struct mmcrec *mr = mr_test_drive(test, MR_BDRE);
	u32 cap = mr->cap, def = rounddown(cap / 32, 32);
	u32 few = rounddown(cap / 96, 32), ms = 0;
	u8 f[MR_FORMAT_CAPS_MAX], d[MR_DISC_INFO_LEN], p[12];

	/* unformatted: 00h, 30h, 31h, each with its spare size */
	KUNIT_ASSERT_EQ(test, mr_format_caps(mr, f), 36U);
	KUNIT_EXPECT_EQ(test, f[3], 32);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 1);
	KUNIT_EXPECT_EQ(test, rd32(f + 4), cap);
	KUNIT_EXPECT_EQ(test, f[16] >> 2, 0x00);
	KUNIT_EXPECT_EQ(test, rd32(f + 12), cap - def);
	KUNIT_EXPECT_EQ(test, rd24(f + 17), def);
	KUNIT_EXPECT_EQ(test, f[24] >> 2, 0x30);
	KUNIT_EXPECT_EQ(test, rd32(f + 20), cap - few);
	KUNIT_EXPECT_EQ(test, f[32] >> 2, 0x31);
	KUNIT_EXPECT_EQ(test, rd32(f + 28), cap);
	KUNIT_EXPECT_EQ(test, rd24(f + 33), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 32),
			MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05));

	/* DVD+RW's format, or a 30h of no listed size: refused */
	mr_test_format_list(p, cap, 0x26, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	mr_test_format_list(p, cap - 1, 0x30, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms),
			MR_SENSE(ILLEGAL_REQUEST, 0x26, 0));
	KUNIT_EXPECT_EQ(test, mr_disc_status(mr), 0);

	/* 31h: no spare, the whole disc */
	mr_test_format_list(p, cap, 0x31, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, ms, (u32)MR_FORMAT_MS);
	mr_disc_info(mr, d);
	KUNIT_EXPECT_EQ(test, d[2], 0x10 | 0x0e);
	KUNIT_EXPECT_EQ(test, d[7] & 3, 0);		/* no background format */
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, cap - 32, 32), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 0, 32), 0U);
	mr_format_caps(mr, f);
	KUNIT_EXPECT_EQ(test, f[8] & 3, 2);
	KUNIT_EXPECT_EQ(test, rd32(f + 4), cap);

	/* 30h, the fewest spare: the capacity less them, writes inside it */
	mr_test_format_list(p, cap - few, 0x30, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, cap - few);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, cap - few - 32, 32), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, cap - few, 32),
			MR_SENSE(ILLEGAL_REQUEST, 0x21, 0));
	mr_format_caps(mr, f);
	KUNIT_EXPECT_EQ(test, rd32(f + 4), cap - few);
	/* 00h: the default spare */
	mr_test_format_list(p, 0, 0x00, false);
	KUNIT_EXPECT_EQ(test, mr_format(mr, p, 12, &ms), 0U);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, cap - def);

	/* used: formatted with the default spare; CLOSE has nothing to do */
	mr_load_used(mr, MR_BDRE);
	KUNIT_EXPECT_EQ(test, mr->disc.tracks[1].size, cap - def);
	KUNIT_EXPECT_EQ(test, mr_close_fn(mr, 2, 0), 0U);
	KUNIT_EXPECT_EQ(test, mr_test_write(mr, 64, 32), 0U);
	mr_test_exit_drive(mr);
}

static struct kunit_case mmcrec_model_test_cases[] = {
	KUNIT_CASE(mr_dvd_incremental_test),
	KUNIT_CASE(mr_reserve_test),
	KUNIT_CASE(mr_cue_sheet_test),
	KUNIT_CASE(mr_cd_sessions_test),
	KUNIT_CASE(mr_simulation_test),
	KUNIT_CASE(mr_close_track_refused_test),
	KUNIT_CASE(mr_write_lost_test),
	KUNIT_CASE(mr_read_admit_test),
	KUNIT_CASE(mr_sequence_test),
	KUNIT_CASE(mr_speed_test),
	KUNIT_CASE(mr_buffer_test),
	KUNIT_CASE(mr_personality_test),
	KUNIT_CASE(mr_flow_control_test),
	KUNIT_CASE(mr_spin_up_test),
	KUNIT_CASE(mr_recording_test),
	KUNIT_CASE(mr_track_info_test),
	KUNIT_CASE(mr_disc_info_test),
	KUNIT_CASE(mr_store_test),
	KUNIT_CASE(mr_cdrw_blank_test),
	KUNIT_CASE(mr_busy_test),
	KUNIT_CASE(mr_dvdprw_test),
	KUNIT_CASE(mr_bdre_test),
	KUNIT_CASE(mr_dvdrw_seq_test),
	KUNIT_CASE(mr_dvdrw_ro_test),
	{}
};

static struct kunit_suite mmcrec_model_test_suite = {
	.name = "mmcrec_model",
	.test_cases = mmcrec_model_test_cases,
};

kunit_test_suite(mmcrec_model_test_suite);

MODULE_LICENSE("GPL");
