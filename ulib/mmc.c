// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * MMC commands that prepare a disc for writing and close it, each built and
 * decoded as MMC-6 lays it out (the same bytes growisofs, wodim and libburn
 * send).
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "libwe2.h"

#define LONG_TIMEOUT_MS		200000	/* RESERVE, CUE, MODE SELECT */
/*
 * Page 05h whole, whatever its length (MMC-3's 32h, MMC-5's 36h, up to
 * FFh) and whatever block descriptors come before it (ATAPI drives send
 * none, others 8 bytes even with DBD): the page is sent back as read, so
 * a truncated one would be refused (PARAMETER LIST LENGTH ERROR)
 */
#define PAGE05_ALLOC		512
#define POLL_MS			100

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

int we2_drive_test_ready(struct we2_drive *d)
{
	static const uint8_t cdb[6] = { 0x00 };

	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0, 0);
}

int we2_drive_load(struct we2_drive *d)
{
	/* LoEj and Start: load the medium */
	static const uint8_t cdb[6] = { 0x1b, 0, 0, 0, 0x03, 0 };

	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     LONG_TIMEOUT_MS);
}

/*
 * PREVENT ALLOW MEDIUM REMOVAL: while prevented, the drive refuses an eject
 * (its button and START STOP UNIT LoEj), so nobody takes the disc out of
 * a burn half done.
 */
int we2_drive_lock(struct we2_drive *d, bool lock)
{
	uint8_t cdb[6] = { 0x1e, 0, 0, 0, lock ? 0x01 : 0x00, 0 };

	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0, 0);
}

int we2_drive_eject(struct we2_drive *d)
{
	/* LoEj without Start: open the tray */
	static const uint8_t cdb[6] = { 0x1b, 0, 0, 0, 0x02, 0 };
	int ret;

	if (!d)
		return -EINVAL;
	/* a tray left locked (by a burn, or another program) refuses */
	ret = we2_drive_lock(d, false);
	if (ret)
		return ret;
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     LONG_TIMEOUT_MS);
}

int we2_drive_profile(struct we2_drive *d, uint16_t *profile)
{
	/* GET CONFIGURATION, RT 0: the header says the current profile */
	uint8_t cdb[10] = { 0x46, 0x00, 0, 0, 0, 0, 0, 0, 8, 0 };
	uint8_t b[8] = { 0 };
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 8)
		return -EPROTO;
	*profile = get16(b + 6);
	return 0;
}

int we2_drive_disc_info(struct we2_drive *d, struct we2_disc_info *di)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
	uint8_t b[34] = { 0 };
	int ret;

	memset(di, 0, sizeof(*di));
	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 12)
		return -EPROTO;
	di->status = b[2] & 3;
	di->last_session = (b[2] >> 2) & 3;
	di->erasable = b[2] & 0x10;
	di->sessions = b[9] << 8 | b[4];
	di->first_track = b[10] << 8 | b[5];
	di->last_track = b[11] << 8 | b[6];
	return 0;
}

int we2_drive_track_info(struct we2_drive *d, uint32_t track,
			 struct we2_track_info *ti)
{
	uint8_t cdb[10] = { 0x52, 0x01, 0, 0, 0, 0, 0, 0, 36, 0 };
	uint8_t b[36] = { 0 };
	int ret;

	memset(ti, 0, sizeof(*ti));
	put32(cdb + 2, track);
	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 28)
		return -EPROTO;
	ti->track = (ret > 32 ? b[32] << 8 : 0) | b[2];
	ti->session = (ret > 33 ? b[33] << 8 : 0) | b[3];
	ti->track_mode = b[5] & 0x0f;
	ti->data_mode = b[6] & 0x0f;
	ti->reserved = b[6] & 0x80;
	ti->blank = b[6] & 0x40;
	ti->nwa_valid = b[7] & 0x01;
	ti->start = (int32_t)get32(b + 8);
	ti->nwa = (int32_t)get32(b + 12);
	ti->free = get32(b + 16);
	ti->size = get32(b + 24);
	return 0;
}

int we2_drive_write_params(struct we2_drive *d,
			   const struct we2_write_params *wp)
{
	/* MODE SENSE(10), DBD: page 05h as the drive has it now */
	uint8_t sense_cdb[10] = { 0x5a, 0x08, 0x05, 0, 0, 0, 0,
				  PAGE05_ALLOC >> 8, PAGE05_ALLOC & 0xff, 0 };
	uint8_t select_cdb[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t b[PAGE05_ALLOC] = { 0 };
	uint8_t *p;
	unsigned int bdl, plen;
	int ret;

	if ((wp->write_type & ~WE2_WT_TEST_WRITE) > 4 || wp->track_mode > 15 ||
	    wp->data_block_type > 15 || wp->multisession > 3)
		return -EINVAL;
	ret = we2_drive_cmd(d, sense_cdb, sizeof(sense_cdb), WE2_DIR_IN, b,
			    sizeof(b), 0);
	if (ret < 0)
		return ret;
	bdl = get16(b + 6);
	p = b + 8 + bdl;
	if (ret < 8 || 8 + bdl + 16 > (unsigned int)ret || (p[0] & 0x3f) != 5)
		return -EPROTO;
	plen = p[1] + 2;
	if (8 + bdl + plen > (unsigned int)ret) {
		/* cut short by the drive: send what came, saying so */
		plen = ret - 8 - bdl;
		p[1] = plen - 2;
	}

	/* keep what the drive has in the fields we do not set */
	p[0] &= 0x3f;				/* PS is not for MODE SELECT */
	/* BUFE: underrun-free on; Test Write as the plan says */
	p[2] = 0x40 | wp->write_type;
	p[3] = wp->multisession << 6 | wp->track_mode;
	p[4] = wp->data_block_type;
	p[5] = 0;
	if (wp->packet_sectors) {
		p[2] |= 0x20;			/* LS_V: link size valid */
		p[5] = 16;
		p[3] |= 0x20;			/* FP: fixed packets */
		put32(p + 10, wp->packet_sectors);
	}
	/* the mode data length is reserved in MODE SELECT */
	memset(b, 0, 6);
	put16(select_cdb + 7, 8 + bdl + plen);
	return we2_drive_cmd(d, select_cdb, sizeof(select_cdb), WE2_DIR_OUT, b,
			     8 + bdl + plen, LONG_TIMEOUT_MS);
}

int we2_drive_send_cue(struct we2_drive *d, const void *cue, size_t len)
{
	uint8_t cdb[10] = { 0x5d };

	if (!cue || !len || len % 8 || len > 0xffffff)
		return -EINVAL;
	cdb[6] = len >> 16;
	cdb[7] = len >> 8;
	cdb[8] = len;
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_OUT, (void *)cue,
			     len, LONG_TIMEOUT_MS);
}

int we2_drive_reserve_track(struct we2_drive *d, uint32_t sectors)
{
	uint8_t cdb[10] = { 0x53 };

	if (!sectors)
		return -EINVAL;
	put32(cdb + 5, sectors);
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     LONG_TIMEOUT_MS);
}

int we2_drive_set_write_speed(struct we2_drive *d, uint16_t profile,
			      uint32_t kbps, uint32_t last_lba)
{
	uint8_t cdb[12] = { 0 };
	uint8_t desc[28] = { 0 };

	if (!kbps)
		return -EINVAL;
	if (we2_profile_media(profile) == WE2_MEDIA_CD) {
		/* SET CD SPEED: reading as fast as it can, writing at kbps */
		cdb[0] = 0xbb;
		put16(cdb + 2, 0xffff);
		put16(cdb + 4, kbps > 0xfffe ? 0xfffe : kbps);
		return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL,
				     0, 0);
	}
	/* SET STREAMING: one performance descriptor for the whole disc */
	cdb[0] = 0xb6;
	put16(cdb + 9, sizeof(desc));
	put32(desc + 8, last_lba);
	put32(desc + 12, kbps);		/* read size, kB per read time */
	put32(desc + 16, 1000);		/* read time, ms */
	put32(desc + 20, kbps);		/* write size */
	put32(desc + 24, 1000);		/* write time */
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_OUT, desc,
			     sizeof(desc), 0);
}

int we2_drive_write_speed(struct we2_drive *d, uint32_t *kbps)
{
	/* GET PERFORMANCE, type 0, Write, tolerance 10%: one descriptor */
	uint8_t cdb[12] = { 0xac, 0x14, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0 };
	uint8_t b[24] = { 0 };
	uint32_t start, end;
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 24 || get32(b) < 20)
		return -EPROTO;
	start = get32(b + 12);
	end = get32(b + 20);
	*kbps = start > end ? start : end;
	return 0;
}

/* Keep @v in @list (fastest first, no repeats) if there is room. */
static unsigned int add_speed(uint32_t *list, unsigned int n,
			      unsigned int max, uint32_t v)
{
	unsigned int i;

	if (!v)
		return n;
	for (i = 0; i < n && list[i] > v; i++)
		;
	if ((i < n && list[i] == v) || n == max)
		return n;
	memmove(list + i + 1, list + i, (n - i) * sizeof(*list));
	list[i] = v;
	return n + 1;
}

/* GET PERFORMANCE, type 03h: a write speed descriptor per speed */
static int speeds_get_performance(struct we2_drive *d, uint32_t *kbps,
				  unsigned int max)
{
	uint8_t cdb[12] = { 0xac, 0, 0, 0, 0, 0, 0, 0, 0, WE2_SPEEDS_MAX,
			    0x03, 0 };
	uint8_t b[8 + 16 * WE2_SPEEDS_MAX] = { 0 };
	unsigned int n = 0, i, have;
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 8)
		return 0;
	/* the header's length counts the 4 bytes after it */
	have = get32(b) >= 4 ? (get32(b) - 4) / 16 : 0;
	if (have > ((unsigned int)ret - 8) / 16)
		have = ((unsigned int)ret - 8) / 16;
	for (i = 0; i < have; i++)
		n = add_speed(kbps, n, max, get32(b + 8 + 16 * i + 12));
	return n;
}

/* mode page 2Ah: its write speed performance descriptors (MMC-3 on) */
static int speeds_page2a(struct we2_drive *d, uint32_t *kbps, unsigned int max)
{
	uint8_t cdb[10] = { 0x5a, 0x08, 0x2a, 0, 0, 0, 0, 0x01, 0x00, 0 };
	uint8_t b[256] = { 0 };
	unsigned int n = 0, i, have, bdl, len;
	const uint8_t *p;
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	len = (unsigned int)ret;
	if (len < 8)
		return 0;
	bdl = get16(b + 6);
	if (8 + bdl + 32 > len)
		return 0;
	p = b + 8 + bdl;
	if ((p[0] & 0x3f) != 0x2a)
		return 0;
	have = get16(p + 30);
	if (have > (len - 8 - bdl - 32) / 4)
		have = (len - 8 - bdl - 32) / 4;
	for (i = 0; i < have; i++)
		n = add_speed(kbps, n, max, get16(p + 32 + 4 * i + 2));
	return n;
}

int we2_drive_write_speeds(struct we2_drive *d, uint32_t *kbps,
			   unsigned int max)
{
	int ret;

	if (!d || (max && !kbps))
		return -EINVAL;
	if (max > WE2_SPEEDS_MAX)
		max = WE2_SPEEDS_MAX;
	/* drives that list nothing in GET PERFORMANCE often do in 2Ah */
	ret = speeds_get_performance(d, kbps, max);
	if (ret > 0)
		return ret;
	ret = speeds_page2a(d, kbps, max);
	return ret == -EIO ? 0 : ret;
}

int we2_drive_buffer(struct we2_drive *d, uint32_t *size, uint32_t *free)
{
	uint8_t cdb[10] = { 0x5c, 0, 0, 0, 0, 0, 0, 0, 12, 0 };
	uint8_t b[12] = { 0 };
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 12)
		return -EPROTO;
	*size = get32(b + 4);
	*free = get32(b + 8);
	if (*free > *size)
		*free = *size;
	return 0;
}

int we2_drive_sync(struct we2_drive *d, bool immed)
{
	uint8_t cdb[10] = { 0x35, immed ? 0x02 : 0 };

	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     immed ? 0 : 3600000);
}

int we2_drive_close_track(struct we2_drive *d, unsigned int function,
			  uint16_t track, bool immed)
{
	uint8_t cdb[10] = { 0x5b, immed ? 0x01 : 0 };

	if (function > 7)
		return -EINVAL;
	cdb[2] = function;
	put16(cdb + 4, track);
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     immed ? 0 : 3600000);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A drive busy with a long write (a cache flush or a close sent with
 * IMMED) answers TEST UNIT READY with NOT READY, "long write in progress"
 * (04/07, 04/08) or "becoming ready" (04/01), with the progress as a
 * fraction of 65536 in the sense-key specific bytes.
 */
int we2_drive_wait_ready(struct we2_drive *d, unsigned int timeout_ms,
			 we2_wait_fn fn, void *arg)
{
	uint64_t end = now_ms() + timeout_ms;
	uint8_t raw[WE2_SENSE_MAX];
	struct we2_sense s;
	int ret, len, attentions = 0;

	for (;;) {
		ret = we2_drive_test_ready(d);
		if (!ret)
			return 0;
		if (ret != -EIO)
			return ret;
		len = we2_drive_sense(d, raw, sizeof(raw));
		if (we2_sense_decode(raw, len, &s))
			return ret;
		if (s.key == WE2_SK_UNIT_ATTENTION && ++attentions < 8)
			continue;
		if (s.key != WE2_SK_NOT_READY || s.asc != 0x04 ||
		    (s.ascq != 0x01 && s.ascq != 0x04 && s.ascq != 0x07 &&
		     s.ascq != 0x08))
			return ret;
		if (fn)
			fn(s.sks_valid ? (int)((s.sks[1] << 8 | s.sks[2]) *
					       100U / 65536) : -1, arg);
		if (now_ms() >= end)
			return -ETIMEDOUT;
		sleep_ms(POLL_MS);
	}
}

/* The tray is open (NOT READY, MEDIUM NOT PRESENT - TRAY OPEN)? */
static bool tray_open(struct we2_drive *d)
{
	uint8_t raw[WE2_SENSE_MAX];
	struct we2_sense s;
	int len = we2_drive_sense(d, raw, sizeof(raw));

	return !we2_sense_decode(raw, len, &s) && s.key == WE2_SK_NOT_READY &&
	       s.asc == 0x3a && s.ascq == 0x02;
}

/*
 * What wodim and growisofs do before anything else: a tray left open is
 * closed (once), then TEST UNIT READY is polled through the unit attention
 * of the new disc and its spin-up (we2_drive_wait_ready).
 */
int we2_drive_ready(struct we2_drive *d, unsigned int timeout_ms)
{
	int ret = we2_drive_wait_ready(d, timeout_ms, NULL, NULL);

	if (ret != -EIO || !tray_open(d))
		return ret;
	ret = we2_drive_load(d);
	if (ret)
		return ret;
	return we2_drive_wait_ready(d, timeout_ms, NULL, NULL);
}

/* ---- rewritable media (1.8) ------------------------------------------- */

int we2_drive_blank(struct we2_drive *d, unsigned int type, bool immed)
{
	uint8_t cdb[12] = { 0xa1 };

	if (type > WE2_BLANK_MINIMAL)
		return -EINVAL;
	cdb[1] = (immed ? 0x10 : 0) | type;
	/* without IMMED a whole CD-RW takes its 80 minutes at 1x */
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_NONE, NULL, 0,
			     immed ? 0 : 7200000);
}

int we2_format_caps_decode(const uint8_t *b, size_t len,
			   struct we2_format_caps *c)
{
	size_t n, i;

	if (!b || !c)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	/* the list header, then the current/maximum capacity descriptor */
	if (len < 12 || b[3] < 8)
		return -EPROTO;
	c->current_blocks = get32(b + 4);
	c->current_type = b[8] & 3;
	n = b[3] + 4U < len ? b[3] + 4U : len;
	for (i = 12; i + 8 <= n && c->n < WE2_FORMATS_MAX; i += 8) {
		c->fmt[c->n].blocks = get32(b + i);
		c->fmt[c->n].type = b[i + 4] >> 2;
		c->fmt[c->n].param = (uint32_t)b[i + 5] << 16 |
				     (uint32_t)b[i + 6] << 8 | b[i + 7];
		c->n++;
	}
	return 0;
}

int we2_drive_format_caps(struct we2_drive *d, struct we2_format_caps *c)
{
	uint8_t cdb[10] = { 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t b[12 + 8 * WE2_FORMATS_MAX] = { 0 };
	int ret;

	put16(cdb + 7, sizeof(b));
	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	return we2_format_caps_decode(b, (size_t)ret, c);
}

int we2_drive_format(struct we2_drive *d, uint32_t blocks, uint8_t type,
		     uint32_t param, bool immed)
{
	/* FmtData, format code 1: a 4-byte header and one descriptor */
	uint8_t cdb[6] = { 0x04, 0x11, 0, 0, 0, 0 };
	uint8_t list[12] = { 0 };

	if (type > 0x3f || param > 0xffffff)
		return -EINVAL;
	list[1] = immed ? 0x02 : 0;
	put16(list + 2, 8);
	put32(list + 4, blocks);
	list[8] = type << 2;
	list[9] = param >> 16;
	list[10] = param >> 8;
	list[11] = param;
	return we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_OUT, list,
			     sizeof(list), immed ? LONG_TIMEOUT_MS : 7200000);
}

int we2_drive_bg_format(struct we2_drive *d)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
	uint8_t b[34] = { 0 };
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	if (ret < 8)
		return -EPROTO;
	return b[7] & 3;
}

/* REQUEST SENSE: the drive's sense now, decoded; 0 or -errno */
static int request_sense(struct we2_drive *d, struct we2_sense *s)
{
	uint8_t cdb[6] = { 0x03, 0, 0, 0, 252, 0 };
	uint8_t b[252] = { 0 };
	int ret;

	ret = we2_drive_cmd(d, cdb, sizeof(cdb), WE2_DIR_IN, b, sizeof(b), 0);
	if (ret < 0)
		return ret;
	return we2_sense_decode(b, (size_t)ret, s) ? -EPROTO : 0;
}

int we2_drive_wait_progress(struct we2_drive *d, unsigned int timeout_ms,
			    we2_wait_fn fn, void *arg)
{
	uint64_t end = now_ms() + timeout_ms;
	struct we2_sense s;
	int ret;

	for (;;) {
		ret = request_sense(d, &s);
		if (ret)
			return ret;
		if (s.key != WE2_SK_NOT_READY || s.asc != 0x04 ||
		    (s.ascq != 0x01 && s.ascq != 0x04 && s.ascq != 0x07 &&
		     s.ascq != 0x08))
			break;
		if (fn)
			fn(s.sks_valid ? (int)((s.sks[1] << 8 | s.sks[2]) *
					       100U / 65536) : -1, arg);
		if (now_ms() >= end)
			return -ETIMEDOUT;
		sleep_ms(POLL_MS);
	}
	if (fn)
		fn(100, arg);
	return we2_drive_ready(d, timeout_ms);
}
