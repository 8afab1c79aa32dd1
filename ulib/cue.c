// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The cue sheet of a CD written session-at-once: one mode 1 data track,
 * entry for entry what wodim -dao and cdrskin -sao send for an ISO image.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"

#define CUE_ENTRY		8
#define CUE_CTL_ADR_DATA	0x41	/* data track, ADR 1: position */
#define CUE_FORM_MODE1		0x10	/* CD-ROM mode 1, 2048 bytes sent */
#define CUE_FORM_LEAD		0x14	/* lead-in and lead-out: generated */
#define CUE_TRACK_LEADOUT	0xaa
#define MSF_FRAMES_MAX		(100 * 60 * 75)	/* minutes are one byte */

/* One entry: CTL/ADR, track, index, data form, SCMS, absolute M:S:F. */
static void cue_entry(uint8_t *e, uint8_t track, uint8_t index, uint8_t form,
		      uint32_t frames)
{
	e[0] = CUE_CTL_ADR_DATA;
	e[1] = track;
	e[2] = index;
	e[3] = form;
	e[4] = 0;
	e[5] = frames / (60 * 75);
	e[6] = frames / 75 % 60;
	e[7] = frames % 75;
}

int we2_cue_sheet(uint8_t *cue, size_t size, uint32_t sectors)
{
	/* MSF 00:02:00 is LBA 0: the 150-sector pregap is 00:00:00 */
	uint32_t leadout = sectors + WE2_CD_PREGAP;

	if (!cue || !sectors)
		return -EINVAL;
	if (leadout >= MSF_FRAMES_MAX)
		return -ERANGE;
	if (size < 4 * CUE_ENTRY)
		return -ENOSPC;
	memset(cue, 0, 4 * CUE_ENTRY);
	cue_entry(cue, 0, 0, CUE_FORM_LEAD, 0);
	cue_entry(cue + 8, 1, 0, CUE_FORM_MODE1, 0);
	cue_entry(cue + 16, 1, 1, CUE_FORM_MODE1, WE2_CD_PREGAP);
	cue_entry(cue + 24, CUE_TRACK_LEADOUT, 1, CUE_FORM_LEAD, leadout);
	return 4 * CUE_ENTRY;
}
