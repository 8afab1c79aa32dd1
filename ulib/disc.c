// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * What is recorded on a disc: its sessions and tracks, and the two numbers
 * a program that adds a session to an ISO 9660 file system needs
 * (`xorriso -as mkisofs -C`, `genisoimage -C`): where the last session's
 * file system begins and where the next session will be written.
 *
 * They are asked as wodim and libburn ask them, so that `we2burn --msinfo`
 * prints what `wodim -msinfo` and `cdrskin -msinfo` print for the same
 * disc: READ TOC format 1 for the start of the first track of the last
 * complete session (on every medium: the drive answers it for DVD and BD
 * too, and it is what growisofs -M reads), READ TRACK INFORMATION of the
 * invisible track for the next writable address.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>

#include "libwe2.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * READ TOC format 1 (session information): a 4-byte header, first and
 * last complete session numbers in bytes 2-3, then one 8-byte descriptor
 * whose track is the first of the last complete session, its start in
 * bytes 4-7 (LBA, MSF bit clear).
 */
int we2_toc_session_decode(const uint8_t *b, size_t len, int32_t *start)
{
	if (!b || !start)
		return -EINVAL;
	/* the data length counts the bytes after itself: 2 + 8 at least */
	if (len < 12 || ((uint32_t)b[0] << 8 | b[1]) < 10 || !b[3] || !b[6])
		return -EPROTO;
	*start = (int32_t)get32(b + 8);
	return b[3];
}

int we2_drive_session_start(struct we2_drive *d, int32_t *start)
{
	/* READ TOC, LBA, format 1; the allocation length of wodim's */
	uint8_t cdb[10] = { 0x43, 0x00, 0x01, 0, 0, 0, 0, 0, 12, 0 };
	uint8_t b[12] = { 0 };
	int ret;

	if (!d || !start)
		return -EINVAL;
	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	return we2_toc_session_decode(b, (size_t)ret, start);
}

int we2_msinfo_check(const struct we2_disc_info *di,
		     const struct we2_track_info *next)
{
	if (!di)
		return -EINVAL;
	switch (di->status) {
	case WE2_DISC_BLANK:
		/* no session to continue: the first one starts anywhere */
		return -ENODATA;
	case WE2_DISC_COMPLETE:
		return -EROFS;
	case WE2_DISC_APPENDABLE:
		break;
	default:
		return -EMEDIUMTYPE;
	}
	/* an interrupted burn's session is still open: closing comes first */
	if (di->last_session == WE2_SESSION_INCOMPLETE)
		return -EBUSY;
	if (next && !next->nwa_valid)
		return -EROFS;
	return 0;
}

int we2_drive_msinfo(struct we2_drive *d, int32_t *start, int32_t *nwa)
{
	struct we2_disc_info di;
	struct we2_track_info ti;
	int ret;

	if (!d || !start || !nwa)
		return -EINVAL;
	ret = we2_drive_disc_info(d, &di);
	if (!ret)
		ret = we2_msinfo_check(&di, NULL);
	if (ret)
		return ret;
	ret = we2_drive_track_info(d, WE2_TRACK_INVISIBLE, &ti);
	if (!ret)
		ret = we2_msinfo_check(&di, &ti);
	if (ret)
		return ret;
	ret = we2_drive_session_start(d, start);
	if (ret < 0)
		return ret;
	*nwa = ti.nwa;
	return 0;
}

int we2_drive_tracks(struct we2_drive *d, struct we2_disc_info *di,
		     struct we2_track_info *ti, unsigned int max)
{
	unsigned int t;
	int ret;

	if (!d || !di || (max && !ti))
		return -EINVAL;
	ret = we2_drive_disc_info(d, di);
	if (ret)
		return ret;
	/*
	 * The last track of the last session is the disc's last: on an
	 * appendable disc the invisible one, where the next session goes
	 */
	for (t = 1; t <= di->last_track && t <= max; t++) {
		ret = we2_drive_track_info(d, t, &ti[t - 1]);
		if (ret)
			return ret;
	}
	return di->last_track;
}
