// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * WAV files as audio CD tracks: a RIFF/WAVE file's format chunk says
 * whether its samples are CD audio (PCM, 44100 Hz, 16 bits, 2 channels;
 * the samples little-endian, left then right, which is the byte order a
 * drive takes 2352-byte CD-DA sectors in: the data chunk goes to the disc
 * as it is), and where its data chunk lies. Other chunks (LIST, fact,
 * cue) are skipped. A data chunk of size 0 or 0xffffffff, as programs
 * writing WAV to a pipe leave it, runs to the end of the file.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "libwe2.h"

#define WAV_FORMAT_PCM		0x0001
#define WAV_FORMAT_EXTENSIBLE	0xfffe
#define WAV_HEADER_MAX		65536	/* chunks before the data we read */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* the format chunk: PCM, or WAVE_FORMAT_EXTENSIBLE whose sub-format is PCM */
static int wav_fmt(const uint8_t *p, uint32_t size, struct we2_wav *w)
{
	uint16_t tag;

	if (size < 16)
		return -EPROTO;
	tag = le16(p);
	w->channels = le16(p + 2);
	w->rate = le32(p + 4);
	w->bits = le16(p + 14);
	if (tag == WAV_FORMAT_EXTENSIBLE) {
		/* cbSize 22, then valid bits, channel mask, the GUID's
		 * first two bytes the sub-format's tag */
		if (size < 40)
			return -EPROTO;
		tag = le16(p + 24);
	}
	w->pcm = tag == WAV_FORMAT_PCM;
	return 0;
}

int we2_wav_parse(const uint8_t *b, size_t len, struct we2_wav *w)
{
	bool have_fmt = false;
	uint32_t size;
	size_t off;
	int ret;

	if (!b || !w)
		return -EINVAL;
	memset(w, 0, sizeof(*w));
	if (len < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return -EPROTO;
	for (off = 12; off + 8 <= len; off += 8 + size + (size & 1)) {
		size = le32(b + off + 4);
		if (!memcmp(b + off, "fmt ", 4)) {
			if (off + 8 + size > len)
				return -EPROTO;
			ret = wav_fmt(b + off + 8, size, w);
			if (ret)
				return ret;
			have_fmt = true;
		} else if (!memcmp(b + off, "data", 4)) {
			if (!have_fmt)
				return -EPROTO;
			w->data_offset = off + 8;
			w->data_bytes = size && size != UINT32_MAX ?
					size : WE2_WAV_TO_EOF;
			return we2_wav_is_cd(w) ? 0 : -EMEDIUMTYPE;
		}
		if (size > WAV_HEADER_MAX)
			break;
	}
	/* no data chunk within what was given */
	return -ENODATA;
}

bool we2_wav_is_cd(const struct we2_wav *w)
{
	return w && w->pcm && w->rate == 44100 && w->bits == 16 &&
	       w->channels == 2;
}

/* N bytes exactly; the end of the file before them is no WAV header */
static int read_full(int fd, uint8_t *b, size_t n)
{
	ssize_t r;

	while (n) {
		r = read(fd, b, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			return -EPROTO;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

int we2_wav_read_header(int fd, struct we2_wav *w)
{
	uint8_t b[WAV_HEADER_MAX];
	size_t len = 12;
	uint32_t size;
	int ret;

	if (fd < 0 || !w)
		return -EINVAL;
	/*
	 * Chunk by chunk, and no further than the data chunk's header, so
	 * that a pipe is left at the first sample.
	 */
	ret = read_full(fd, b, len);
	if (ret)
		return ret;
	if (memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return -EPROTO;
	for (;;) {
		if (len + 8 > sizeof(b))
			return -EPROTO;
		ret = read_full(fd, b + len, 8);
		if (ret)
			return ret;
		len += 8;
		if (!memcmp(b + len - 8, "data", 4))
			return we2_wav_parse(b, len, w);
		size = le32(b + len - 4);
		if (size > sizeof(b) - len - 1)
			return -EPROTO;
		size += size & 1;
		ret = read_full(fd, b + len, size);
		if (ret)
			return ret;
		len += size;
	}
}
