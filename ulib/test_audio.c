// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Audio CDs: the cue sheet cdrskin -sao -audio sends (libburn's
 * burn_create_toc_entries(): lead-in with data form 01h, or 41h when the
 * host writes CD-TEXT, at 00:00:00; track 1's two-second pause as index
 * 0; index points; the lead-out; M:S:F in binary, not BCD), CD
 * addresses, the ATIP's decoding, and WAV headers as sox and ffmpeg
 * write them (plain PCM, WAVE_FORMAT_EXTENSIBLE, a LIST chunk first, a
 * pipe's unknown data size), read from a pipe up to the first sample.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libwe2.h"
#include "test.h"

static void test_cue_two_tracks(void)
{
	static const uint8_t want[] = {
		0x01, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00,	/* lead-in, CD-TEXT */
		0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 1.0 at -150 */
		0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,	/* 1.1 at 0 */
		0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00,	/* 2.1 at 300 */
		0x01, 0xaa, 0x01, 0x01, 0x00, 0x00, 0x0c, 0x00,	/* lead-out at 750 */
	};
	struct we2_audio_track t[2] = {
		{ .sectors = 300, .pause = 150 },
		{ .sectors = 450 },
	};
	uint8_t cue[64];

	T_CASE("audio-cue-two-tracks");
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, true),
		  (int)sizeof(want));
	CHECK(!memcmp(cue, want, sizeof(want)));
	/* without CD-TEXT the lead-in's data form is 01h */
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false),
		  (int)sizeof(want));
	CHECK_INT(cue[3], 0x01);
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(want) - 1, t, 2, 1, false),
		  -ENOSPC);
	t_end();
}

/* pauses between tracks, index points, copy and pre-emphasis, track 5 on */
static void test_cue_pauses_indexes(void)
{
	static const uint32_t idx[] = { 75, 1000 };
	static const uint8_t want[] = {
		0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x21, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 5.0, copy */
		0x21, 0x05, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00,	/* 5.1 at 75 */
		0x21, 0x05, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00,	/* 5.2 at 150 */
		0x21, 0x05, 0x03, 0x00, 0x00, 0x00, 0x10, 0x19,	/* 5.3 at 1075 */
		0x11, 0x06, 0x00, 0x00, 0x00, 0x00, 0x1b, 0x00,	/* 6.0 at 1875 */
		0x11, 0x06, 0x01, 0x00, 0x00, 0x00, 0x1d, 0x00,	/* 6.1 at 2025 */
		0x11, 0xaa, 0x01, 0x01, 0x00, 0x00, 0x21, 0x00,	/* lead-out 2325 */
	};
	struct we2_audio_track t[2] = {
		{ .sectors = 1800, .pause = 225, .flags = WE2_AUDIO_COPY,
		  .nr_index = 2, .index = idx },
		{ .sectors = 300, .pause = 150, .flags = WE2_AUDIO_PREEMPHASIS },
	};
	uint8_t cue[128];

	T_CASE("audio-cue-pauses-indexes");
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 5, false),
		  (int)sizeof(want));
	CHECK(!memcmp(cue, want, sizeof(want)));
	t_end();
}

static void test_cue_refusals(void)
{
	static const uint32_t bad_idx[] = { 500, 400 };
	struct we2_audio_track t[2] = {
		{ .sectors = 300, .pause = 150 },
		{ .sectors = 300 },
	};
	uint8_t cue[64];

	T_CASE("audio-cue-refusals");
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 0, 1, false), -EINVAL);
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 0, false), -EINVAL);
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 99, false), -EINVAL);
	t[0].pause = 149;	/* the first track's two seconds */
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false), -EINVAL);
	t[0].pause = 150;
	t[1].sectors = 299;	/* four seconds at least */
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false), -EINVAL);
	t[1].sectors = 600;
	t[1].nr_index = 2;
	t[1].index = bad_idx;	/* not rising */
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false), -EINVAL);
	t[1].nr_index = 0;
	t[1].flags = 0x80;
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false), -EINVAL);
	t[1].flags = 0;
	t[1].sectors = 100 * 60 * 75;	/* past 99:59:74 */
	CHECK_INT(we2_cue_sheet_audio(cue, sizeof(cue), t, 2, 1, false), -ERANGE);
	t_end();
}

static void test_msf(void)
{
	T_CASE("audio-msf-to-lba");
	CHECK_INT(we2_msf_to_lba(0, 2, 0), 0);
	CHECK_INT(we2_msf_to_lba(0, 0, 0), -150);
	CHECK_INT(we2_msf_to_lba(79, 59, 74), 359849);
	/* a blank CD-R's lead-in start, as its ATIP gives it */
	CHECK_INT(we2_msf_to_lba(97, 27, 10), -11615);
	CHECK_INT(we2_msf_to_lba(99, 59, 74), -151);
	t_end();
}

static void test_atip(void)
{
	uint8_t b[28] = { 0x00, 0x1a, 0, 0, 0xd4, 0x00, 0x00, 0x00,
			  97, 27, 10, 0x00, 79, 59, 74, 0x00 };
	struct we2_atip a;

	T_CASE("audio-atip-decode");
	CHECK_INT(we2_atip_decode(b, sizeof(b), &a), 0);
	CHECK_INT(a.leadin_start, -11615);
	CHECK_INT(a.leadout_last, 359849);
	CHECK(!a.rewritable);
	b[6] = 0x40;	/* disc type: CD-RW */
	CHECK_INT(we2_atip_decode(b, sizeof(b), &a), 0);
	CHECK(a.rewritable);
	CHECK_INT(we2_atip_decode(b, 14, &a), -EPROTO);
	b[8] = 0;	/* a lead-in after 00:00:00 is no ATIP */
	CHECK_INT(we2_atip_decode(b, sizeof(b), &a), -EPROTO);
	CHECK_INT(we2_atip_decode(NULL, sizeof(b), &a), -EINVAL);
	CHECK_INT(we2_drive_atip(NULL, &a), -EINVAL);
	t_end();
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* a WAV header: RIFF, [LIST], fmt (16 or 40 bytes), data */
static size_t make_wav(uint8_t *b, uint32_t rate, uint16_t bits,
		       uint16_t channels, bool extensible, bool list,
		       uint32_t data_size)
{
	size_t off = 12;
	uint32_t fmt_size = extensible ? 40 : 16;

	memcpy(b, "RIFF", 4);
	put32(b + 4, 0xffffffff);
	memcpy(b + 8, "WAVE", 4);
	if (list) {
		/* an odd size: the chunk is padded to an even one */
		memcpy(b + off, "LIST", 4);
		put32(b + off + 4, 13);
		memset(b + off + 8, 'x', 14);
		off += 8 + 14;
	}
	memcpy(b + off, "fmt ", 4);
	put32(b + off + 4, fmt_size);
	memset(b + off + 8, 0, fmt_size);
	put16(b + off + 8, extensible ? 0xfffe : 1);
	put16(b + off + 10, channels);
	put32(b + off + 12, rate);
	put32(b + off + 16, rate * channels * bits / 8);
	put16(b + off + 20, (uint16_t)(channels * bits / 8));
	put16(b + off + 22, bits);
	if (extensible) {
		put16(b + off + 24, 22);
		put16(b + off + 26, bits);
		put16(b + off + 32, 1);	/* KSDATAFORMAT_SUBTYPE_PCM */
	}
	off += 8 + fmt_size;
	memcpy(b + off, "data", 4);
	put32(b + off + 4, data_size);
	return off + 8;
}

static void test_wav(void)
{
	uint8_t b[256];
	struct we2_wav w;
	size_t n;

	T_CASE("wav-parse");
	n = make_wav(b, 44100, 16, 2, false, false, 2352 * 300);
	CHECK_INT(n, 44);
	CHECK_INT(we2_wav_parse(b, n, &w), 0);
	CHECK_INT(w.data_offset, 44);
	CHECK_INT(w.data_bytes, 2352 * 300);
	CHECK(we2_wav_is_cd(&w));
	/* extensible, after a LIST chunk of odd size */
	n = make_wav(b, 44100, 16, 2, true, true, 1000);
	CHECK_INT(we2_wav_parse(b, n, &w), 0);
	CHECK_INT(w.data_offset, n);
	/* a pipe's WAV: the size unknown */
	n = make_wav(b, 44100, 16, 2, false, false, 0xffffffff);
	CHECK_INT(we2_wav_parse(b, n, &w), 0);
	CHECK(w.data_bytes == WE2_WAV_TO_EOF);
	/* other audio: refused, and said what it is */
	n = make_wav(b, 48000, 16, 2, false, false, 100);
	CHECK_INT(we2_wav_parse(b, n, &w), -EMEDIUMTYPE);
	CHECK_INT(w.rate, 48000);
	n = make_wav(b, 44100, 24, 2, false, false, 100);
	CHECK_INT(we2_wav_parse(b, n, &w), -EMEDIUMTYPE);
	CHECK_INT(w.bits, 24);
	n = make_wav(b, 44100, 16, 1, false, false, 100);
	CHECK_INT(we2_wav_parse(b, n, &w), -EMEDIUMTYPE);
	CHECK_INT(w.channels, 1);
	n = make_wav(b, 44100, 16, 2, false, false, 100);
	b[20] = 3;	/* IEEE float */
	CHECK_INT(we2_wav_parse(b, n, &w), -EMEDIUMTYPE);
	CHECK(!w.pcm);
	/* not WAV, cut short */
	CHECK_INT(we2_wav_parse((const uint8_t *)"RIFX....WAVE", 12, &w), -EPROTO);
	n = make_wav(b, 44100, 16, 2, false, false, 100);
	CHECK_INT(we2_wav_parse(b, n - 8, &w), -ENODATA);
	t_end();
}

/* through a pipe: the header read, the first sample next */
static void test_wav_pipe(void)
{
	uint8_t b[256], got[4];
	struct we2_wav w;
	int p[2];
	size_t n;

	T_CASE("wav-read-header-pipe");
	n = make_wav(b, 44100, 16, 2, true, true, 0);
	memcpy(b + n, "\x01\x02\x03\x04", 4);
	CHECK_INT(pipe(p), 0);
	CHECK_INT(write(p[1], b, n + 4), (long long)(n + 4));
	close(p[1]);
	CHECK_INT(we2_wav_read_header(p[0], &w), 0);
	CHECK(w.data_bytes == WE2_WAV_TO_EOF);
	CHECK_INT(read(p[0], got, 4), 4);
	CHECK(!memcmp(got, "\x01\x02\x03\x04", 4));
	close(p[0]);
	/* a file that ends inside the header */
	CHECK_INT(pipe(p), 0);
	CHECK_INT(write(p[1], b, 30), 30);
	close(p[1]);
	CHECK_INT(we2_wav_read_header(p[0], &w), -EPROTO);
	close(p[0]);
	CHECK_INT(we2_wav_read_header(-1, &w), -EINVAL);
	t_end();
}

int main(void)
{
	test_wav();
	test_wav_pipe();
	test_cue_two_tracks();
	test_cue_pauses_indexes();
	test_cue_refusals();
	test_msf();
	test_atip();
	return t_done();
}
