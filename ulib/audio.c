// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * An audio CD written session-at-once: its cue sheet (tracks, the pause
 * before each, index points, the lead-in's data form saying whether the
 * host sends CD-TEXT), entry for entry as libburn's
 * burn_create_toc_entries() makes it for cdrskin -sao -audio; and the
 * disc's ATIP, whose lead-in start is where the CD-TEXT lead-in is
 * written from.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"

#define CUE_ENTRY		8
#define CUE_ADR_POSITION	0x01	/* ADR 1: Q subchannel position */
#define CUE_FORM_AUDIO		0x00	/* CD-DA, 2352 bytes from the host */
#define CUE_FORM_LEAD_AUDIO	0x01	/* lead-in/out of audio, generated */
#define CUE_FORM_RW_FROM_HOST	0x40	/* R-W subchannel (CD-TEXT) from the host */
#define CUE_TRACK_LEADOUT	0xaa
#define MSF_FRAMES_MAX		(100 * 60 * 75)	/* minutes are one byte */
#define TRACK_SECTORS_MIN	300	/* four seconds (MMC, ECMA-130) */

/* LBA -150 is 00:00:00 */
static void cue_entry(uint8_t *e, uint8_t ctl, uint8_t track, uint8_t index,
		      uint8_t form, int64_t lba)
{
	uint32_t frames = (uint32_t)(lba + WE2_CD_PREGAP);

	e[0] = (uint8_t)(ctl << 4 | CUE_ADR_POSITION);
	e[1] = track;
	e[2] = index;
	e[3] = form;
	e[4] = 0;		/* SCMS: no serial copy management */
	e[5] = (uint8_t)(frames / (60 * 75));
	e[6] = frames / 75 % 60;
	e[7] = frames % 75;
}

static uint8_t track_ctl(const struct we2_audio_track *t)
{
	return (t->flags & WE2_AUDIO_COPY ? 0x2 : 0) |
	       (t->flags & WE2_AUDIO_PREEMPHASIS ? 0x1 : 0);
}

/* the entries a track takes: its pause, index 1, its further indexes */
static int track_check(const struct we2_audio_track *t, bool first)
{
	unsigned int j;

	if (t->flags & ~(WE2_AUDIO_COPY | WE2_AUDIO_PREEMPHASIS))
		return -EINVAL;
	/* the disc's first track has two seconds of pause at least */
	if (t->sectors < TRACK_SECTORS_MIN || (first && t->pause < WE2_CD_PREGAP))
		return -EINVAL;
	if (t->nr_index > WE2_AUDIO_INDEX_MAX - 1 || (t->nr_index && !t->index))
		return -EINVAL;
	for (j = 0; j < t->nr_index; j++)
		if (!t->index[j] || t->index[j] >= t->sectors ||
		    (j && t->index[j] <= t->index[j - 1]))
			return -EINVAL;
	return (t->pause ? 1 : 0) + 1 + (int)t->nr_index;
}

int we2_cue_sheet_audio(uint8_t *cue, size_t size,
			const struct we2_audio_track *tracks, unsigned int n,
			unsigned int first, bool cdtext)
{
	const struct we2_audio_track *t;
	size_t entries = 2;		/* lead-in, lead-out */
	int64_t lba = -WE2_CD_PREGAP;
	unsigned int i, j;
	uint8_t *e;
	int ret;

	if (!cue || !tracks || !n || first < 1 ||
	    first + n - 1 > WE2_CD_TRACKS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		ret = track_check(&tracks[i], i == 0);
		if (ret < 0)
			return ret;
		entries += (size_t)ret;
		lba += (int64_t)tracks[i].pause + tracks[i].sectors;
	}
	if (lba + WE2_CD_PREGAP >= MSF_FRAMES_MAX)
		return -ERANGE;
	if (size < entries * CUE_ENTRY)
		return -ENOSPC;

	e = cue;
	cue_entry(e, 0, 0, 0, CUE_FORM_LEAD_AUDIO |
		  (cdtext ? CUE_FORM_RW_FROM_HOST : 0), -WE2_CD_PREGAP);
	e += CUE_ENTRY;
	lba = -WE2_CD_PREGAP;
	for (i = 0; i < n; i++) {
		t = &tracks[i];
		if (t->pause) {
			cue_entry(e, track_ctl(t), first + i, 0, CUE_FORM_AUDIO, lba);
			e += CUE_ENTRY;
			lba += t->pause;
		}
		cue_entry(e, track_ctl(t), first + i, 1, CUE_FORM_AUDIO, lba);
		e += CUE_ENTRY;
		for (j = 0; j < t->nr_index; j++) {
			cue_entry(e, track_ctl(t), first + i, 2 + j,
				  CUE_FORM_AUDIO, lba + t->index[j]);
			e += CUE_ENTRY;
		}
		lba += t->sectors;
	}
	cue_entry(e, track_ctl(&tracks[n - 1]), CUE_TRACK_LEADOUT, 1,
		  CUE_FORM_LEAD_AUDIO, lba);
	return (int)(entries * CUE_ENTRY);
}

int32_t we2_msf_to_lba(unsigned int m, unsigned int s, unsigned int f)
{
	int32_t frames = (int32_t)((m * 60 + s) * 75 + f);

	/* minutes 90 to 99 are the lead-in's, before 00:00:00 */
	return m >= 90 ? frames - 450150 : frames - WE2_CD_PREGAP;
}

/*
 * READ TOC format 4 (ATIP), MSF: a 4-byte header, then bytes 4-6 the
 * recording power, URU and disc type/sub-type, bytes 8-10 the lead-in's
 * start M:S:F, bytes 12-14 the last possible start of the lead-out.
 */
int we2_atip_decode(const uint8_t *b, size_t len, struct we2_atip *atip)
{
	if (!b || !atip)
		return -EINVAL;
	if (len < 15 || ((uint32_t)b[0] << 8 | b[1]) < 13)
		return -EPROTO;
	/* the lead-in starts within minutes 90-99, the lead-out before 90 */
	if (b[8] < 90 || b[8] > 99 || b[9] > 59 || b[10] > 74 ||
	    b[12] >= 90 || b[13] > 59 || b[14] > 74)
		return -EPROTO;
	memset(atip, 0, sizeof(*atip));
	atip->leadin_start = we2_msf_to_lba(b[8], b[9], b[10]);
	atip->leadout_last = we2_msf_to_lba(b[12], b[13], b[14]);
	atip->rewritable = !!(b[6] & 0x40);
	return 0;
}

int we2_drive_atip(struct we2_drive *d, struct we2_atip *atip)
{
	/* READ TOC, MSF, format 4; libburn's allocation length */
	uint8_t cdb[10] = { 0x43, 0x02, 0x04, 0, 0, 0, 0, 0, 28, 0 };
	uint8_t b[28] = { 0 };
	int ret;

	if (!d || !atip)
		return -EINVAL;
	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	return we2_atip_decode(b, (size_t)ret, atip);
}
