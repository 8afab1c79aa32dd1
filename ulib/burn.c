// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * A whole burn on a write-once disc, the recorder's side of it: what the
 * disc needs before the data (page 05h, a cue sheet or a reservation) and
 * after it (flush, close track, close session or finalize), chosen from the
 * media profile the way the burners people use choose it:
 *
 *   CD-R	session-at-once as wodim -dao and cdrskin -sao: page 05h SAO,
 *		SEND CUE SHEET, the 150-sector pregap from LBA -150 and the
 *		data from 0; SYNCHRONIZE CACHE at the lead-out closes it.
 *		A later session (1.6): track at once as wodim -tao appends,
 *		page 05h TAO, the data at the NWA, flush, CLOSE SESSION.
 *   DVD+R	as cdrskin -sao: RESERVE TRACK, the data at the NWA, flush,
 *		CLOSE TRACK, then CLOSE SESSION or finalize.
 *   DVD-R	as growisofs' DAO: page 05h DAO, RESERVE TRACK, the data,
 *		flush (the drive closes the disc). Left appendable, or on a
 *		disc already so: incremental with 16-sector fixed packets,
 *		then CLOSE TRACK and SESSION (which finalizes the disc when
 *		page 05h says multi-session 00b).
 *   BD-R	as cdrskin -sao on BD-R (SRM, no spares): RESERVE TRACK, the
 *		data, flush, CLOSE TRACK, CLOSE SESSION or finalize.
 *   CD-RW	blank: as a CD-R. Not blank: we2_rw_ready() blanks it first
 *		when asked (BLANK type 1 or 0 with IMMED, as wodim blank=),
 *		else a closed one is refused.
 *   DVD+RW	formatted first when new (FORMAT UNIT 26h, as growisofs),
 *		then written from LBA 0 over anything; flush, and the
 *		background format stopped (CLOSE function 0, growisofs'
 *		"stop de-icing"). No session is closed: there are none.
 *   BD-RE	formatted first when unformatted (30h with the spare areas
 *		growisofs picks, or 31h without), then as a DVD+RW.
 *
 * A simulation (WE2_BURN_DUMMY) is the same plan with page 05h's Test
 * Write set, on the media that have it (CD-R, DVD-R): the drive takes
 * the cue sheet or reservation, the data and the closes, and records
 * nothing.
 *
 * we2_burn_plan() decides from what the drive answered and sends nothing,
 * so every choice can be tested without a drive.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"

#define CLOSE_TRACK		1
#define CLOSE_SESSION		2
#define CLOSE_FINALIZE_DVDPR	5	/* DVD+R: finalize, minimal radius */
#define CLOSE_FINALIZE		6	/* BD-R and DVD+R DL: finalize */
#define READY_TIMEOUT_MS	(60 * 1000)	/* a disc spins up in seconds */
#define FLUSH_TIMEOUT_MS	(15 * 60 * 1000)
#define CLOSE_TIMEOUT_MS	(30 * 60 * 1000)
#define CLOSE_STOP_BGF		0	/* DVD+RW: stop the background format */
#define RW_TIMEOUT_MS		(2 * 60 * 60 * 1000)	/* a full blank at 1x */

static bool overwritable(uint16_t profile)
{
	return profile == WE2_PROFILE_DVD_PLUS_RW ||
	       profile == WE2_PROFILE_BD_RE;
}

/*
 * A formatted DVD+RW or BD-RE: one complete track of the formatted size
 * (@ti: track 1), written anywhere from LBA 0; flushed, never closed.
 */
static int plan_overwrite(struct we2_burn_plan *p, uint16_t profile,
			  const struct we2_disc_info *di,
			  const struct we2_track_info *ti, uint64_t sectors)
{
	if (di->status == WE2_DISC_BLANK)
		return -EUCLEAN;
	if (sectors > ti->size)
		return -ENOSPC;
	p->profile = profile;
	p->media = we2_profile_media(profile);
	p->sectors = (uint32_t)sectors;
	p->track = 1;
	p->lba = 0;
	p->pregap_lba = 0;
	p->one_x_kbps = (we2_media_one_x(p->media, NULL) + 500) / 1000;
	p->last_lba = ti->size - 1;
	return 0;
}

int we2_burn_plan(struct we2_burn_plan *p, uint16_t profile,
		  const struct we2_disc_info *di,
		  const struct we2_track_info *ti, uint64_t sectors,
		  unsigned int flags)
{
	int media = we2_profile_media(profile);
	bool multi = flags & WE2_BURN_MULTI;
	bool dummy = flags & WE2_BURN_DUMMY;

	if (!p || !di || !ti || (flags & ~(WE2_BURN_MULTI | WE2_BURN_DUMMY)))
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	if (!media)
		return -EMEDIUMTYPE;
	/*
	 * Test Write is CD-R/RW's and DVD-R/RW's: DVD+R and BD-R have no
	 * simulation, and a drive refuses the bit there
	 */
	if (dummy && media != WE2_MEDIA_CD && profile != WE2_PROFILE_DVD_R)
		return -EOPNOTSUPP;
	if (!sectors || sectors > INT32_MAX)
		return -EINVAL;
	if (overwritable(profile))
		return plan_overwrite(p, profile, di, ti, sectors);
	/* a used CD-RW: blanked first (we2_rw_ready()), or refused */
	if (profile == WE2_PROFILE_CD_RW && di->status == WE2_DISC_COMPLETE)
		return -ENOTEMPTY;
	/* a closed disc, or one whose last session is still open elsewhere */
	if (di->status == WE2_DISC_COMPLETE || di->status == WE2_DISC_OTHER)
		return -EROFS;
	if (di->last_session == WE2_SESSION_INCOMPLETE)
		return -EBUSY;
	if (!ti->blank || !ti->nwa_valid || ti->reserved)
		return -EBUSY;
	/* MMC's shortest CD track: a shorter image is followed by zeros */
	if (media == WE2_MEDIA_CD && sectors < WE2_CD_MIN_TRACK)
		sectors = WE2_CD_MIN_TRACK;
	if (sectors > ti->free)
		return -ENOSPC;

	p->profile = profile;
	p->media = media;
	p->sectors = (uint32_t)sectors;
	p->track = ti->track;
	p->lba = ti->start;
	p->pregap_lba = p->lba;
	/* SET STREAMING and SET CD SPEED take kB/s (1000 bytes) */
	p->one_x_kbps = (we2_media_one_x(media, NULL) + 500) / 1000;
	p->last_lba = (uint32_t)(ti->start + (int64_t)ti->free - 1);
	p->page05 = false;
	p->close_track = true;

	switch (profile) {
	case WE2_PROFILE_CD_R:
	case WE2_PROFILE_CD_RW:
		if (di->status != WE2_DISC_BLANK) {
			/*
			 * A later session: session-at-once addresses are a
			 * first session's, so track at once from the drive's
			 * next writable address, as wodim and cdrskin append
			 * (the drive writes the pregap). The flush closes the
			 * track, CLOSE SESSION the session, and with it the
			 * disc unless multi-session is 11b.
			 */
			p->page05 = true;
			p->wp.write_type = WE2_WT_TAO;
			p->wp.track_mode = 4;
			p->wp.data_block_type = 8;
			p->wp.multisession = multi ? 3 : 0;
			p->lba = ti->nwa;
			p->pregap_lba = p->lba;
			p->last_lba = (uint32_t)(ti->nwa + (int64_t)ti->free - 1);
			p->close_track = false;
			p->close_fn = CLOSE_SESSION;
			break;
		}
		/* the drive writes the lead-in; we write the pregap and data */
		if (sectors + WE2_CD_PREGAP >= 100 * 60 * 75)
			return -ENOSPC;
		p->page05 = true;
		p->wp.write_type = WE2_WT_SAO;
		p->wp.multisession = multi ? 3 : 0;
		p->cue = true;
		p->pregap_lba = p->lba - WE2_CD_PREGAP;
		p->pregap_sectors = WE2_CD_PREGAP;
		p->close_track = false;	/* SYNCHRONIZE CACHE at the lead-out */
		break;
	case WE2_PROFILE_DVD_R:
	case WE2_PROFILE_DVD_R_DL:
		p->page05 = true;
		p->wp.track_mode = 5;
		p->wp.data_block_type = 8;
		if (multi || di->status != WE2_DISC_BLANK) {
			/*
			 * Disc-at-once is for a blank disc only: a session is
			 * added incrementally, and closing it with
			 * multi-session 00b finalizes the disc.
			 */
			p->wp.write_type = WE2_WT_INCREMENTAL;
			p->wp.multisession = multi ? 3 : 0;
			p->wp.packet_sectors = 16;
			p->close_fn = CLOSE_SESSION;
		} else {
			/* disc-at-once: the drive closes the disc on the flush */
			p->wp.write_type = WE2_WT_SAO;
			p->reserve = p->sectors;
			p->close_track = false;
		}
		break;
	case WE2_PROFILE_DVD_PLUS_R:
	case WE2_PROFILE_DVD_PLUS_R_DL:
		p->reserve = p->sectors;
		p->close_fn = multi ? CLOSE_SESSION :
			      profile == WE2_PROFILE_DVD_PLUS_R ?
			      CLOSE_FINALIZE_DVDPR : CLOSE_FINALIZE;
		break;
	case WE2_PROFILE_BD_R:
		p->reserve = p->sectors;
		p->close_fn = multi ? CLOSE_SESSION : CLOSE_FINALIZE;
		break;
	}
	if (dummy)
		p->wp.write_type |= WE2_WT_TEST_WRITE;
	return 0;
}

int we2_burn_inquire(struct we2_drive *d, uint64_t sectors,
		     unsigned int flags, struct we2_burn_plan *p)
{
	struct we2_disc_info di;
	struct we2_track_info ti;
	uint16_t profile = 0;
	int ret;

	/* a disc change's unit attention, a spin-up, an open tray */
	ret = we2_drive_ready(d, READY_TIMEOUT_MS);
	if (ret)
		return ret;
	memset(&ti, 0, sizeof(ti));
	ret = we2_drive_profile(d, &profile);
	if (!ret)
		ret = we2_drive_disc_info(d, &di);
	/*
	 * a closed disc has no next track to ask about: the plan refuses it;
	 * a formatted DVD+RW or BD-RE is its one track, of the formatted size
	 */
	if (!ret && overwritable(profile) && di.status != WE2_DISC_BLANK)
		ret = we2_drive_track_info(d, 1, &ti);
	else if (!ret && di.status != WE2_DISC_COMPLETE &&
		 di.status != WE2_DISC_OTHER)
		ret = we2_drive_track_info(d, WE2_TRACK_INVISIBLE, &ti);
	if (ret) {
		memset(p, 0, sizeof(*p));
		p->profile = profile;
		return ret;
	}
	ret = we2_burn_plan(p, profile, &di, &ti, sectors, flags);
	p->profile = profile;
	p->disc = di;
	p->next = ti;
	return ret;
}

int we2_burn_prepare(struct we2_drive *d, const struct we2_burn_plan *p)
{
	struct we2_track_info ti;
	uint8_t cue[32];
	int ret;

	if (p->page05) {
		ret = we2_drive_write_params(d, &p->wp);
		if (ret)
			return ret;
	}
	if (p->cue) {
		ret = we2_cue_sheet(cue, sizeof(cue), p->sectors);
		if (ret < 0)
			return ret;
		return we2_drive_send_cue(d, cue, ret);
	}
	if (p->reserve) {
		ret = we2_drive_reserve_track(d, p->reserve);
		if (ret)
			return ret;
		/* the reserved track must start where the plan writes */
		ret = we2_drive_track_info(d, p->track, &ti);
		if (ret)
			return ret;
		if (!ti.reserved || ti.start != p->lba ||
		    (ti.nwa_valid && ti.nwa != p->lba))
			return -EPROTO;
	}
	return 0;
}

/* we2_drive_wait_ready()'s progress, handed on with the step it is of */
struct step_wait {
	we2_burn_step_fn	fn;
	void			*arg;
	int			step;
};

static void step_progress(int percent, void *arg)
{
	struct step_wait *w = arg;

	if (w->fn)
		w->fn(w->step, percent, w->arg);
}

/* One long write: sent with IMMED, then polled until the drive is ready. */
static int long_write(struct we2_drive *d, struct step_wait *w, int step,
		      unsigned int function, uint16_t track,
		      unsigned int timeout_ms)
{
	int ret;

	w->step = step;
	step_progress(-1, w);
	if (step == WE2_STEP_FLUSH)
		ret = we2_drive_sync(d, true);
	else
		ret = we2_drive_close_track(d, function, track, true);
	if (ret)
		return ret;
	return we2_drive_wait_ready(d, timeout_ms, step_progress, w);
}

int we2_burn_finish(struct we2_drive *d, const struct we2_burn_plan *p,
		    we2_burn_step_fn fn, void *arg)
{
	struct step_wait w = { .fn = fn, .arg = arg };
	int ret;

	/* the drive's buffer onto the disc (on a CD SAO, also the lead-out) */
	ret = long_write(d, &w, WE2_STEP_FLUSH, 0, 0, FLUSH_TIMEOUT_MS);
	if (!ret && p->close_track)
		ret = long_write(d, &w, WE2_STEP_CLOSE_TRACK, CLOSE_TRACK,
				 p->track, CLOSE_TIMEOUT_MS);
	if (!ret && p->close_fn)
		ret = long_write(d, &w, p->close_fn == CLOSE_SESSION ?
				 WE2_STEP_CLOSE_SESSION : WE2_STEP_FINALIZE,
				 p->close_fn, 0, CLOSE_TIMEOUT_MS);
	/* a DVD+RW's background format stopped: other drives read it all */
	if (!ret && p->profile == WE2_PROFILE_DVD_PLUS_RW &&
	    we2_drive_bg_format(d) == WE2_BGF_RUNNING)
		ret = long_write(d, &w, WE2_STEP_CLOSE_SESSION, CLOSE_STOP_BGF,
				 0, CLOSE_TIMEOUT_MS);
	return ret;
}

/* ---- rewritable media made writable (1.8) ------------------------------ */

/* BLANK with IMMED, its progress from REQUEST SENSE */
static int rw_blank(struct we2_drive *d, struct step_wait *w, bool all)
{
	int ret;

	w->step = WE2_STEP_BLANK;
	step_progress(-1, w);
	ret = we2_drive_blank(d, all ? WE2_BLANK_ALL : WE2_BLANK_MINIMAL, true);
	if (ret)
		return ret;
	ret = we2_drive_wait_progress(d, RW_TIMEOUT_MS, step_progress, w);
	return ret ? ret : 1;
}

/*
 * The format descriptor to send: a DVD+RW's 26h, a BD-RE's first 30h
 * (growisofs' choice: the largest capacity with spare areas) or 31h.
 */
static int rw_pick_format(const struct we2_format_caps *c, uint16_t profile,
			  bool nospare, uint32_t *blocks, uint8_t *type,
			  uint32_t *param)
{
	uint8_t want = profile == WE2_PROFILE_DVD_PLUS_RW ? 0x26 :
		       nospare ? 0x31 : 0x30;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (c->fmt[i].type != want)
			continue;
		*blocks = c->fmt[i].blocks;
		*type = want;
		/* 26h's parameter is the restart bit: a new format */
		*param = want == 0x26 ? 0 : c->fmt[i].param;
		return 0;
	}
	return -EPROTO;
}

static int rw_format(struct we2_drive *d, struct step_wait *w,
		     uint16_t profile, const struct we2_format_caps *c,
		     bool nospare)
{
	uint32_t blocks, param;
	uint8_t type;
	int ret;

	ret = rw_pick_format(c, profile, nospare, &blocks, &type, &param);
	if (ret)
		return ret;
	w->step = WE2_STEP_FORMAT;
	step_progress(-1, w);
	ret = we2_drive_format(d, blocks, type, param, true);
	if (ret)
		return ret;
	ret = we2_drive_wait_progress(d, RW_TIMEOUT_MS, step_progress, w);
	return ret ? ret : 1;
}

int we2_rw_ready(struct we2_drive *d, unsigned int flags,
		 we2_burn_step_fn fn, void *arg)
{
	struct step_wait w = { .fn = fn, .arg = arg };
	bool force = flags & WE2_RW_FORCE;
	struct we2_format_caps caps;
	bool formatted;
	struct we2_disc_info di;
	uint16_t profile = 0;
	int ret;

	if (!d || (flags & ~WE2_RW_FLAGS) ||
	    (flags & WE2_RW_BLANK_FAST && flags & WE2_RW_BLANK_ALL))
		return -EINVAL;
	ret = we2_drive_ready(d, READY_TIMEOUT_MS);
	if (!ret)
		ret = we2_drive_profile(d, &profile);
	if (!ret)
		ret = we2_drive_disc_info(d, &di);
	if (ret)
		return ret;
	if (profile == WE2_PROFILE_CD_RW) {
		if (force || ((flags & (WE2_RW_BLANK_FAST | WE2_RW_BLANK_ALL)) &&
			      di.status != WE2_DISC_BLANK))
			return rw_blank(d, &w, flags & WE2_RW_BLANK_ALL);
		return 0;
	}
	if (!overwritable(profile))
		return force ? -EMEDIUMTYPE : 0;
	ret = we2_drive_format_caps(d, &caps);
	if (ret)
		return ret;
	/* a DVD+RW's format begun once is its format, even if suspended */
	formatted = caps.current_type == WE2_CAP_FORMATTED;
	if (profile == WE2_PROFILE_DVD_PLUS_RW) {
		ret = we2_drive_bg_format(d);
		if (ret < 0)
			return ret;
		formatted = ret != WE2_BGF_NONE;
	}
	if (!force && formatted)
		return 0;
	return rw_format(d, &w, profile, &caps, flags & WE2_RW_NOSPARE);
}
