// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * CD-TEXT: the text packs an audio CD carries in its lead-in's R-W
 * subchannel (MMC-3 annex J, Sony's CD-TEXT specification), built from an
 * album's and its tracks' texts, and their 6-bit subchannel form, which
 * the host writes session-at-once from the ATIP's lead-in start up to
 * LBA -151 in 96-byte sectors.
 *
 * One block (one language) of single-byte text, ISO-8859-1 or 7-bit
 * ASCII. The packs are laid out as libburn lays them out (the test holds
 * them to libburn's byte for byte): each pack type's texts in a row, the
 * album's first, then track 1..N's; a track's text equal to the track
 * before it a TAB; the three size-information packs (0x8f) last.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "libwe2.h"

#define PACK_PAYLOAD	12
#define PACK_CRC_LEN	16		/* the bytes the CRC covers */
#define TYPE_FIRST	0x80
#define TYPE_COUNT	16		/* 0x80 .. 0x8f */
#define TYPE_SIZE_INFO	0x8f
#define SIZE_INFO_PACKS	3
#define TEXT_MAX	160		/* a text's bytes, its NUL excluded */
#define TRACK_REPEAT	'\t'		/* "as the track before" */
#define TEXT_PACKS_MAX	(WE2_CDTEXT_PACKS_MAX - SIZE_INFO_PACKS)

struct we2_cdtext {
	unsigned int tracks;
	unsigned int first;		/* the first track's number */
	uint8_t charset;		/* enum we2_cdtext_charset */
	uint8_t language;
	bool copyright;
	uint16_t genre;
	/* [type - 0x80][0 = album, 1..tracks]; NULL: not set */
	char **text[TYPE_COUNT];
};

static bool type_valid(unsigned int type)
{
	switch (type) {
	case WE2_CDTEXT_TITLE ... WE2_CDTEXT_MESSAGE:
	case WE2_CDTEXT_DISC_ID:
	case WE2_CDTEXT_GENRE:
	case WE2_CDTEXT_CLOSED:
	case WE2_CDTEXT_UPC_ISRC:
		return true;
	}
	return false;
}

/* the album's alone: catalog number, genre, closed information */
static bool type_album_only(unsigned int type)
{
	return type == WE2_CDTEXT_DISC_ID || type == WE2_CDTEXT_GENRE ||
	       type == WE2_CDTEXT_CLOSED;
}

int we2_cdtext_new(struct we2_cdtext **textp, unsigned int tracks)
{
	struct we2_cdtext *t;

	if (!textp || tracks < 1 || tracks > WE2_CD_TRACKS_MAX)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->tracks = tracks;
	t->first = 1;
	t->charset = WE2_CDTEXT_8859_1;
	t->language = WE2_CDTEXT_LANG_ENGLISH;
	*textp = t;
	return 0;
}

void we2_cdtext_free(struct we2_cdtext *t)
{
	unsigned int i, k;

	if (!t)
		return;
	for (i = 0; i < TYPE_COUNT; i++) {
		if (!t->text[i])
			continue;
		for (k = 0; k <= t->tracks; k++)
			free(t->text[i][k]);
		free(t->text[i]);
	}
	free(t);
}

unsigned int we2_cdtext_tracks(const struct we2_cdtext *t)
{
	return t ? t->tracks : 0;
}

int we2_cdtext_set_first_track(struct we2_cdtext *t, unsigned int first)
{
	if (!t || first < 1 || first + t->tracks - 1 > WE2_CD_TRACKS_MAX)
		return -EINVAL;
	t->first = first;
	return 0;
}

unsigned int we2_cdtext_first_track(const struct we2_cdtext *t)
{
	return t ? t->first : 0;
}

/* a text the character set can hold: no control characters (a TAB
 * would read as "as the track before"), 7 bits in ASCII */
static bool charset_fits(unsigned int charset, const char *s)
{
	const unsigned char *p;

	if (strlen(s) > TEXT_MAX)
		return false;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p > 0x7f && charset == WE2_CDTEXT_ASCII)
			return false;
	}
	return true;
}

int we2_cdtext_set(struct we2_cdtext *t, unsigned int track,
		   unsigned int type, const char *value)
{
	char ***slot, *copy = NULL;

	if (!t || !type_valid(type) || track > t->tracks ||
	    (track && type_album_only(type)))
		return -EINVAL;
	if (value && !charset_fits(t->charset, value))
		return -EINVAL;
	slot = &t->text[type - TYPE_FIRST];
	if (!*slot) {
		if (!value)
			return 0;
		*slot = calloc(t->tracks + 1, sizeof(**slot));
		if (!*slot)
			return -ENOMEM;
	}
	if (value) {
		copy = strdup(value);
		if (!copy)
			return -ENOMEM;
	}
	free((*slot)[track]);
	(*slot)[track] = copy;
	return 0;
}

const char *we2_cdtext_get(const struct we2_cdtext *t, unsigned int track,
			   unsigned int type)
{
	if (!t || !type_valid(type) || track > t->tracks ||
	    !t->text[type - TYPE_FIRST])
		return NULL;
	return t->text[type - TYPE_FIRST][track];
}

int we2_cdtext_set_block(struct we2_cdtext *t, unsigned int charset,
			 unsigned int language, bool copyright)
{
	unsigned int i, k;

	if (!t || (charset != WE2_CDTEXT_8859_1 && charset != WE2_CDTEXT_ASCII) ||
	    language > 0x7f)
		return -EINVAL;
	/* texts set before must fit the new character set */
	if (charset == WE2_CDTEXT_ASCII) {
		for (i = 0; i < TYPE_COUNT; i++)
			for (k = 0; t->text[i] && k <= t->tracks; k++)
				if (t->text[i][k] &&
				    !charset_fits(charset, t->text[i][k]))
					return -EINVAL;
	}
	t->charset = charset;
	t->language = language;
	t->copyright = copyright;
	return 0;
}

int we2_cdtext_set_genre(struct we2_cdtext *t, unsigned int code,
			 const char *info)
{
	int ret;

	if (!t || code > 0xffff)
		return -EINVAL;
	ret = we2_cdtext_set(t, 0, WE2_CDTEXT_GENRE, info ? info : "");
	if (ret)
		return ret;
	t->genre = code;
	return 0;
}

/* ---- packs ---- */

static uint16_t crc16_ccitt(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	int bit;

	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (bit = 0; bit < 8; bit++)
			crc = crc & 0x8000 ? (uint16_t)(crc << 1) ^ 0x1021 :
					     (uint16_t)(crc << 1);
	}
	return crc;
}

/* the CRC as the pack stores it: inverted, big-endian */
static void pack_crc_set(uint8_t *pack)
{
	uint16_t crc = (uint16_t)~crc16_ccitt(pack, PACK_CRC_LEN);

	pack[16] = crc >> 8;
	pack[17] = crc & 0xff;
}

int we2_cdtext_check(const uint8_t *packs, unsigned int n)
{
	uint16_t crc;
	unsigned int i;
	int bad = 0;

	if (!packs && n)
		return -EINVAL;
	for (i = 0; i < n; i++, packs += WE2_CDTEXT_PACK) {
		crc = (uint16_t)~crc16_ccitt(packs, PACK_CRC_LEN);
		if (packs[16] != crc >> 8 || packs[17] != (crc & 0xff))
			bad++;
	}
	return bad;
}

/*
 * The packer: the bytes of one pack type's texts run through its packs'
 * payloads; a pack's header names the track of the text its first byte
 * belongs to and how many of that text's characters came before it.
 */
struct packer {
	uint8_t *out;
	size_t size;
	unsigned int n;			/* packs written */
	unsigned int per_type[TYPE_COUNT];
	uint8_t charset;
	/* the pack being filled */
	uint8_t type;
	unsigned int fill;
	uint8_t head_track;
	unsigned int head_pos;
};

static uint8_t *pack_at(struct packer *pk, unsigned int i)
{
	return pk->out + (size_t)i * WE2_CDTEXT_PACK;
}

static int pack_open(struct packer *pk, uint8_t type, uint8_t track,
		     unsigned int pos)
{
	uint8_t *p;

	if ((size_t)(pk->n + 1) * WE2_CDTEXT_PACK > pk->size)
		return -ENOSPC;
	p = pack_at(pk, pk->n);
	memset(p, 0, WE2_CDTEXT_PACK);
	p[0] = type;
	p[1] = track;
	p[2] = pk->n;			/* sequence number, block 0 */
	/* block 0, single-byte characters, position 0..15 */
	p[3] = pos > 15 ? 15 : pos;
	pk->type = type;
	pk->fill = 0;
	return 0;
}

static void pack_close(struct packer *pk)
{
	pack_crc_set(pack_at(pk, pk->n));
	pk->per_type[pk->type - TYPE_FIRST]++;
	pk->n++;
	pk->fill = 0;
}

/*
 * put one text (its bytes and its NUL) of TRACK into the packs of TYPE;
 * TRACK as the disc numbers it: 0 the album, else from the first track's.
 * The first @binary bytes (the genre's code) are no characters: a pack's
 * character position does not count them.
 */
static int pack_text(struct packer *pk, uint8_t type, uint8_t track,
		     const uint8_t *s, size_t len, size_t binary)
{
	size_t i;
	int ret;

	for (i = 0; i < len; i++) {
		if (!pk->fill) {
			/* a block's sequence numbers end at 255 */
			if (pk->n >= TEXT_PACKS_MAX)
				return -E2BIG;
			ret = pack_open(pk, type, track,
					i > binary ? i - binary : 0);
			if (ret)
				return ret;
		}
		pack_at(pk, pk->n)[4 + pk->fill++] = s[i];
		if (pk->fill == PACK_PAYLOAD)
			pack_close(pk);
	}
	return 0;
}

static int pack_type(struct packer *pk, const struct we2_cdtext *t,
		     unsigned int type)
{
	char **text = t->text[type - TYPE_FIRST];
	static const uint8_t repeat[] = { TRACK_REPEAT, 0 };
	uint8_t genre[2 + TEXT_MAX + 1];
	unsigned int k, last, number;
	const char *s, *prev;
	size_t len;
	int ret;

	last = type_album_only(type) ? 0 : t->tracks;
	for (k = 0; k <= last; k++) {
		number = k ? t->first + k - 1 : 0;
		s = text[k] ? text[k] : "";
		prev = k >= 2 && text[k - 1] ? text[k - 1] : NULL;
		if (k >= 2 && *s && prev && !strcmp(s, prev)) {
			ret = pack_text(pk, type, number, repeat,
					sizeof(repeat), 0);
		} else if (type == WE2_CDTEXT_GENRE) {
			/* the genre code, big-endian, before its text */
			len = strlen(s);
			genre[0] = t->genre >> 8;
			genre[1] = t->genre & 0xff;
			memcpy(genre + 2, s, len + 1);
			ret = pack_text(pk, type, number, genre, len + 3, 2);
		} else {
			ret = pack_text(pk, type, number, (const uint8_t *)s,
					strlen(s) + 1, 0);
		}
		if (ret)
			return ret;
	}
	if (pk->fill)
		pack_close(pk);
	return 0;
}

/* the block's size information: three packs, a 36-byte record */
static int pack_size_info(struct packer *pk, const struct we2_cdtext *t)
{
	uint8_t rec[SIZE_INFO_PACKS * PACK_PAYLOAD] = { 0 };
	unsigned int i;
	int ret;

	rec[0] = t->charset;
	rec[1] = t->first;
	rec[2] = t->first + t->tracks - 1;
	rec[3] = t->copyright ? 0x03 : 0x00;
	pk->per_type[TYPE_SIZE_INFO - TYPE_FIRST] = SIZE_INFO_PACKS;
	for (i = 0; i < TYPE_COUNT; i++)
		rec[4 + i] = pk->per_type[i];
	rec[20] = pk->n + SIZE_INFO_PACKS - 1;	/* block 0's last sequence */
	rec[28] = t->language;
	for (i = 0; i < SIZE_INFO_PACKS; i++) {
		ret = pack_open(pk, TYPE_SIZE_INFO, i, 0);
		if (ret)
			return ret;
		memcpy(pack_at(pk, pk->n) + 4, rec + i * PACK_PAYLOAD,
		       PACK_PAYLOAD);
		pk->type = TYPE_SIZE_INFO;
		pack_crc_set(pack_at(pk, pk->n));
		pk->n++;
	}
	return 0;
}

int we2_cdtext_packs(const struct we2_cdtext *t, uint8_t *packs, size_t size)
{
	struct packer pk = { .out = packs, .size = size };
	unsigned int type;
	int ret;

	if (!t || (!packs && size))
		return -EINVAL;
	for (type = TYPE_FIRST; type < TYPE_SIZE_INFO; type++) {
		if (!t->text[type - TYPE_FIRST])
			continue;
		ret = pack_type(&pk, t, type);
		if (ret)
			return ret;
	}
	if (!pk.n)
		return -ENODATA;
	ret = pack_size_info(&pk, t);
	return ret ? ret : (int)pk.n;
}

/* ---- the lead-in ---- */

int we2_cdtext_subchannel(const uint8_t *packs, unsigned int n,
			  uint64_t sector, uint8_t *sub)
{
	const uint8_t *p;
	unsigned int i, j;
	uint8_t *o = sub;

	if (!packs || !n || !sub)
		return -EINVAL;
	/* four packs a sector, round and round the lead-in */
	for (i = 0; i < 4; i++) {
		p = packs + (size_t)((sector * 4 + i) % n) * WE2_CDTEXT_PACK;
		/* three bytes into four 6-bit symbols, R-W bits 5..0 */
		for (j = 0; j < WE2_CDTEXT_PACK; j += 3, p += 3) {
			*o++ = p[0] >> 2;
			*o++ = (p[0] << 4 & 0x30) | p[1] >> 4;
			*o++ = (p[1] << 2 & 0x3c) | p[2] >> 6;
			*o++ = p[2] & 0x3f;
		}
	}
	return 0;
}
