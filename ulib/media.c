// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * What a medium is, apart from any drive: which profiles are the media a
 * burn knows (CD, DVD, BD), their names, their 1x, and which of the
 * speeds a drive lists a request for Nx means.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <stdint.h>

#include "libwe2.h"

int we2_profile_media(uint16_t profile)
{
	switch (profile) {
	case WE2_PROFILE_CD_R:
	case WE2_PROFILE_CD_RW:
		return WE2_MEDIA_CD;
	case WE2_PROFILE_DVD_R:
	case WE2_PROFILE_DVD_R_DL:
	case WE2_PROFILE_DVD_PLUS_R:
	case WE2_PROFILE_DVD_PLUS_R_DL:
	case WE2_PROFILE_DVD_PLUS_RW:
		return WE2_MEDIA_DVD;
	case WE2_PROFILE_BD_R:
	case WE2_PROFILE_BD_RE:
		return WE2_MEDIA_BD;
	default:
		return 0;
	}
}

const char *we2_profile_str(uint16_t profile)
{
	switch (profile) {
	case 0x0000: return "no disc";
	case 0x0008: return "CD-ROM";
	case WE2_PROFILE_CD_R: return "CD-R";
	case WE2_PROFILE_CD_RW: return "CD-RW";
	case 0x0010: return "DVD-ROM";
	case WE2_PROFILE_DVD_R: return "DVD-R";
	case 0x0012: return "DVD-RAM";
	case 0x0013: return "DVD-RW restricted overwrite";
	case 0x0014: return "DVD-RW";
	case WE2_PROFILE_DVD_R_DL: return "DVD-R DL";
	case WE2_PROFILE_DVD_PLUS_RW: return "DVD+RW";
	case WE2_PROFILE_DVD_PLUS_R: return "DVD+R";
	case WE2_PROFILE_DVD_PLUS_R_DL: return "DVD+R DL";
	case 0x0040: return "BD-ROM";
	case WE2_PROFILE_BD_R: return "BD-R";
	case 0x0042: return "BD-R random recording";
	case WE2_PROFILE_BD_RE: return "BD-RE";
	default: return "unknown media";
	}
}

/*
 * 1x as drives count it: a CD's 75 sectors a second (of 2352 bytes on the
 * disc, 2048 of them data), DVD 1,385,000 bytes a second, BD 4,495,625
 * (36 Mbit/s of user data); the only table of it
 */
uint32_t we2_media_one_x(int media, uint32_t *sectors_per_second)
{
	static const struct {
		uint32_t	sps;
		uint32_t	bps;
	} one_x[] = {
		[WE2_MEDIA_CD] = { 75, 75 * 2352 },
		[WE2_MEDIA_DVD] = { 676, 1385000 },
		[WE2_MEDIA_BD] = { 2195, 4495625 },
	};

	if (media < WE2_MEDIA_CD || media > WE2_MEDIA_BD)
		return 0;
	if (sectors_per_second)
		*sectors_per_second = one_x[media].sps;
	return one_x[media].bps;
}

/*
 * A listed speed within 1.5% of N times 1x is the drive's Nx: drives take
 * 1x as 176 or 176.4 kB/s and list whole kB/s (0.3% apart at most), while
 * neighbouring speeds such as 47x and 48x are 2% apart.
 */
#define SPEED_NEAR_PERMILLE	15

int we2_write_speed_pick(const uint32_t *kbps, unsigned int n, uint32_t want,
			 bool *near)
{
	uint64_t best_diff = UINT64_MAX;
	int best = -1, below = -1, slowest = 0;
	unsigned int i;

	if (!kbps || !n || !want || n > INT32_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		uint64_t diff = kbps[i] > want ? kbps[i] - want : want - kbps[i];

		if (diff * 1000 <= (uint64_t)want * SPEED_NEAR_PERMILLE &&
		    diff < best_diff) {
			best_diff = diff;
			best = (int)i;
		}
		if (kbps[i] <= want && (below < 0 || kbps[i] > kbps[below]))
			below = (int)i;
		if (kbps[i] < kbps[slowest])
			slowest = (int)i;
	}
	if (near)
		*near = best >= 0;
	return best >= 0 ? best : below >= 0 ? below : slowest;
}
