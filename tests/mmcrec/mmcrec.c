// SPDX-License-Identifier: GPL-2.0
/*
 * mmcrec: an emulated MMC recorder for tests.
 *
 * A SCSI low-level driver, built like drivers/scsi/scsi_debug.c, that
 * registers one host with one removable MMC drive (peripheral type 5).
 * sr, sg and we2 attach to it; growisofs, wodim, cdrskin and xorriso
 * burn to it. The medium behaves as write-once media do: writes only at
 * the next writable address, reserved tracks, track and session close,
 * disc status blank -> appendable -> complete. Written sectors are kept
 * sparsely (an xarray of pages) so that they read back through /dev/srN.
 *
 * The drive writes to the medium at its current speed through a buffer:
 * a WRITE completes when its data fits in the buffer (an hrtimer holds
 * it otherwise), SYNCHRONIZE CACHE when the buffer is drained.
 *
 * Knobs in /sys/class/scsi_host/hostN/ (proc_name "mmcrec"):
 *   media        read: loaded medium; write none|cd-r|dvd+r|dvd-r|bd-r to
 *                load a fresh blank disc of that kind (or remove it)
 *   tray         read: open|closed; write eject|load
 *   changed      write 1: report a media change (GESN NewMedia) so that
 *                sr re-reads the capacity on the next open
 *   speed        read: current write speed in kB/s and the list of
 *                supported ones; write N: cap the write speed at N kB/s
 *   stats        read: buffer size, fill, sectors written
 */

#include <linux/cdrom.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_proto.h>

#define MR_BS		2048
#define MR_SPP		(PAGE_SIZE / MR_BS)
#define MR_MAX_TRACKS	99
#define MR_NSPEEDS	4

static char *media = "dvd+r";
module_param(media, charp, 0444);
MODULE_PARM_DESC(media, "medium loaded at start: none, cd-r, dvd+r, dvd-r, bd-r (dvd+r)");

static unsigned int buffer_kb = 4096;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "drive buffer in KiB (4096)");

static unsigned int store_mb = 1024;
module_param(store_mb, uint, 0444);
MODULE_PARM_DESC(store_mb, "MiB of written data kept for read-back (1024)");

static unsigned int max_kbps;
module_param(max_kbps, uint, 0444);
MODULE_PARM_DESC(max_kbps, "cap on the write speed in kB/s, 0 = none");

static unsigned int capacity;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "capacity of a blank disc in 2048-byte blocks, 0 = the medium's usual");

enum mr_media { MR_NONE, MR_CDR, MR_DVDPR, MR_DVDMR, MR_BDR };

static const char * const mr_media_names[] = {
	[MR_NONE] = "none", [MR_CDR] = "cd-r", [MR_DVDPR] = "dvd+r",
	[MR_DVDMR] = "dvd-r", [MR_BDR] = "bd-r",
};

static const u16 mr_profiles[] = {
	[MR_NONE] = 0, [MR_CDR] = 0x0009, [MR_DVDPR] = 0x001b,
	[MR_DVDMR] = 0x0011, [MR_BDR] = 0x0041,
};

/* usual capacities: CD-R 80 min, DVD±R 4.7 GB, BD-R 25 GB */
static const u32 mr_caps[] = {
	[MR_NONE] = 0, [MR_CDR] = 359849, [MR_DVDPR] = 2295104,
	[MR_DVDMR] = 2298496, [MR_BDR] = 12219392,
};

/* write speeds in kB/s */
static const u32 mr_speeds[][MR_NSPEEDS] = {
	[MR_NONE] = { 2816, 4224, 5632, 8448 },
	[MR_CDR] = { 2816, 4224, 5632, 8448 },
	[MR_DVDPR] = { 5540, 11080, 16620, 22160 },
	[MR_DVDMR] = { 5540, 11080, 16620, 22160 },
	[MR_BDR] = { 8990, 17980, 26970, 35960 },
};

enum mr_tstate { MR_T_BLANK, MR_T_OPEN, MR_T_RESERVED, MR_T_COMPLETE };

struct mr_track {
	s32 start;
	u32 size;	/* reserved or final size; 0 while blank/open */
	s32 nwa;
	u8 state;
	u8 session;
};

/* per command: the timer that completes it when the drive is ready */
struct mr_cmd {
	struct hrtimer timer;
	struct list_head entry;
	struct mmcrec *mr;
	struct scsi_cmnd *cmd;
};

struct mmcrec {
	struct Scsi_Host *shost;
	struct workqueue_struct *wq;
	struct work_struct work;
	spinlock_t qlock;		/* protects queue */
	struct list_head queue;
	struct mutex lock;		/* the drive state below */

	enum mr_media media;
	bool tray_open;
	bool prevent;
	u8 ua_asc, ua_ascq;		/* pending unit attention */
	bool media_event;		/* GESN NewMedia pending */
	u8 sense[18];			/* for REQUEST SENSE */

	u32 cap;			/* blocks */
	unsigned int ntracks;
	struct mr_track tracks[MR_MAX_TRACKS + 1];	/* [0] unused */
	unsigned int nsessions;		/* closed sessions */
	bool finalized;
	s32 last_recorded;		/* highest LBA written, -1 none */

	/* CD SAO: the cue sheet */
	bool cue;
	s32 cue_start;			/* first LBA to write (-150) */
	s32 cue_leadout;
	s32 cue_track_start[MR_MAX_TRACKS + 1];
	unsigned int cue_ntracks;

	u8 page05[52];
	u8 page01[12];

	u32 speed;			/* current write speed kB/s */
	u32 read_speed;
	u64 buf_size;			/* bytes */
	u64 fill;			/* bytes at fill_t */
	ktime_t fill_t;
	ktime_t busy_until;		/* IMMED close: TUR 02/04/07 */
	bool flushing;			/* IMMED sync: TUR 02/04/08 */
	u64 written;			/* sectors */

	struct xarray pages;
	unsigned long npages, max_pages;
};

static struct device *mr_root;
static struct mmcrec *mr_drive;

/* big-endian field helpers */
static void wr16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void wr24(u8 *p, u32 v)
{
	p[0] = v >> 16;
	p[1] = v >> 8;
	p[2] = v;
}

static void wr32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u32 rd16(const u8 *p)
{
	return (p[0] << 8) | p[1];
}

static u32 rd24(const u8 *p)
{
	return (p[0] << 16) | (p[1] << 8) | p[2];
}

static u32 rd32(const u8 *p)
{
	return ((u32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void mr_msf(s32 lba, u8 *m, u8 *s, u8 *f)
{
	u32 a = lba + 150;

	if (lba < -150)
		a = lba + 450150;
	*m = a / 4500;
	*s = (a / 75) % 60;
	*f = a % 75;
}

static bool is_cd(struct mmcrec *mr)
{
	return mr->media == MR_CDR;
}

static bool is_dvd(struct mmcrec *mr)
{
	return mr->media == MR_DVDPR || mr->media == MR_DVDMR;
}

/* ---- buffer model ---- */

static u64 mr_fill_now(struct mmcrec *mr, ktime_t now)
{
	u64 ns = ktime_to_ns(ktime_sub(now, mr->fill_t));
	u64 drained;

	/* kB/s = bytes per ms */
	drained = div_u64(ns, 1000) * mr->speed / 1000;
	mr->fill = drained >= mr->fill ? 0 : mr->fill - drained;
	mr->fill_t = now;
	return mr->fill;
}

/* ns until the buffer holds at most @level bytes */
static u64 mr_ns_until(struct mmcrec *mr, u64 level)
{
	if (mr->fill <= level || !mr->speed)
		return 0;
	return div_u64((mr->fill - level) * 1000000ULL, mr->speed);
}

/* ---- sparse storage ---- */

static void mr_store(struct mmcrec *mr, s32 lba, const u8 *buf)
{
	unsigned long idx;
	struct page *pg;
	void *p;

	if (lba < 0)
		return;
	idx = lba / MR_SPP;
	pg = xa_load(&mr->pages, idx);
	if (!pg) {
		if (mr->npages >= mr->max_pages)
			return;
		pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pg)
			return;
		if (xa_err(xa_store(&mr->pages, idx, pg, GFP_KERNEL))) {
			__free_page(pg);
			return;
		}
		mr->npages++;
	}
	p = kmap_local_page(pg);
	memcpy(p + (lba % MR_SPP) * MR_BS, buf, MR_BS);
	kunmap_local(p);
}

static void mr_fetch(struct mmcrec *mr, s32 lba, u8 *buf)
{
	struct page *pg = lba < 0 ? NULL : xa_load(&mr->pages, lba / MR_SPP);
	void *p;

	if (!pg) {
		memset(buf, 0, MR_BS);
		return;
	}
	p = kmap_local_page(pg);
	memcpy(buf, p + (lba % MR_SPP) * MR_BS, MR_BS);
	kunmap_local(p);
}

static void mr_free_pages(struct mmcrec *mr)
{
	unsigned long idx;
	struct page *pg;

	xa_for_each(&mr->pages, idx, pg)
		__free_page(pg);
	xa_destroy(&mr->pages);
	mr->npages = 0;
}

/* ---- medium ---- */

static void mr_default_page05(u8 *p, enum mr_media m)
{
	memset(p, 0, 52);
	p[0] = 0x05;
	p[1] = 52 - 2;
	if (m == MR_CDR) {
		p[2] = 0x01;		/* TAO */
		p[3] = 0x04;		/* track mode 4 */
		p[5] = 7;
	} else {
		p[2] = 0x00;		/* incremental */
		p[3] = 0x05;
		p[5] = 16;
	}
	p[4] = 0x08;			/* mode 1 */
	wr16(p + 14, 150);		/* audio pause */
}

static u32 mr_top_speed(struct mmcrec *mr)
{
	const u32 *sp = mr_speeds[mr->media];
	u32 s = sp[MR_NSPEEDS - 1];
	int i;

	if (max_kbps) {
		s = sp[0];
		for (i = 0; i < MR_NSPEEDS; i++)
			if (sp[i] <= max_kbps)
				s = sp[i];
	}
	return s;
}

/* the supported speed nearest below @want (or the slowest) */
static u32 mr_pick_speed(struct mmcrec *mr, u32 want)
{
	const u32 *sp = mr_speeds[mr->media];
	u32 top = mr_top_speed(mr), s = sp[0];
	int i;

	for (i = 0; i < MR_NSPEEDS; i++)
		if (sp[i] <= want && sp[i] <= top)
			s = sp[i];
	return s;
}

static void mr_load_blank(struct mmcrec *mr, enum mr_media m)
{
	mr_free_pages(mr);
	mr->media = m;
	mr->cap = capacity ? capacity : mr_caps[m];
	memset(mr->tracks, 0, sizeof(mr->tracks));
	mr->ntracks = m == MR_NONE ? 0 : 1;
	mr->tracks[1].start = 0;
	mr->tracks[1].nwa = 0;
	mr->tracks[1].state = MR_T_BLANK;
	mr->tracks[1].session = 1;
	mr->nsessions = 0;
	mr->finalized = false;
	mr->last_recorded = -1;
	mr->cue = false;
	mr->written = 0;
	mr->speed = mr_top_speed(mr);
	mr->read_speed = is_cd(mr) ? 7056 : mr->speed;
	mr->fill = 0;
	mr->fill_t = ktime_get();
	mr->busy_until = 0;
	mr_default_page05(mr->page05, m);
	if (m != MR_NONE) {
		mr->ua_asc = 0x28;
		mr->ua_ascq = 0;
		mr->media_event = true;
	}
}

static struct mr_track *mr_last(struct mmcrec *mr)
{
	return mr->ntracks ? &mr->tracks[mr->ntracks] : NULL;
}

/* the track that accepts a write now, NULL if none */
static struct mr_track *mr_writable(struct mmcrec *mr)
{
	unsigned int i;

	for (i = 1; i <= mr->ntracks; i++)
		if (mr->tracks[i].state == MR_T_RESERVED ||
		    mr->tracks[i].state == MR_T_OPEN)
			return &mr->tracks[i];
	if (mr->finalized || !mr->ntracks)
		return NULL;
	return mr->tracks[mr->ntracks].state == MR_T_BLANK ?
		&mr->tracks[mr->ntracks] : NULL;
}

static u32 mr_round(struct mmcrec *mr, u32 n)
{
	u32 b = is_cd(mr) ? 1 : mr->media == MR_BDR ? 32 : 16;

	return roundup(n, b);
}

/* a new blank (invisible) track after the last one, if space is left */
static void mr_new_blank(struct mmcrec *mr, s32 start)
{
	struct mr_track *t;

	if (mr->ntracks >= MR_MAX_TRACKS || start >= (s32)mr->cap)
		return;
	t = &mr->tracks[++mr->ntracks];
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->nwa = start;
	t->state = MR_T_BLANK;
	t->session = mr->nsessions + 1;
}

static void mr_close_track(struct mmcrec *mr, struct mr_track *t)
{
	bool last = t == mr_last(mr);

	if (t->state == MR_T_COMPLETE || t->state == MR_T_BLANK)
		return;
	if (t->state == MR_T_OPEN)
		t->size = t->nwa - t->start;
	t->state = MR_T_COMPLETE;
	if (last)
		mr_new_blank(mr, t->start + mr_round(mr, t->size));
}

/* close the open session; @final: no further sessions */
static void mr_close_session(struct mmcrec *mr, bool final)
{
	unsigned int i;
	struct mr_track *t;

	for (i = 1; i <= mr->ntracks; i++)
		if (mr->tracks[i].state == MR_T_OPEN ||
		    mr->tracks[i].state == MR_T_RESERVED)
			mr_close_track(mr, &mr->tracks[i]);
	t = mr_last(mr);
	if (t && t->state == MR_T_BLANK && t->session == mr->nsessions + 1) {
		/* nothing recorded in this session: nothing to close */
		if (mr->ntracks == 1 || mr->tracks[mr->ntracks - 1].session <=
		    mr->nsessions) {
			if (final && mr->nsessions)
				mr->finalized = true;
			goto out;
		}
	}
	mr->nsessions++;
	if (t && t->state == MR_T_BLANK)
		t->session = mr->nsessions + 1;
	if (final || !t || t->state != MR_T_BLANK)
		mr->finalized = true;
out:
	if (mr->finalized && t && t->state == MR_T_BLANK)
		mr->ntracks--;
	mr->media_event = true;
}

/* disc status for READ DISC INFORMATION: 0 blank, 1 appendable, 2 complete */
static int mr_disc_status(struct mmcrec *mr)
{
	if (mr->finalized)
		return 2;
	if (mr->last_recorded < 0 && mr->nsessions == 0 &&
	    mr->tracks[1].state == MR_T_BLANK)
		return 0;
	return 1;
}

/* last session state: 0 empty, 1 incomplete, 3 complete */
static int mr_session_state(struct mmcrec *mr)
{
	struct mr_track *t = mr_last(mr);

	if (mr->finalized)
		return 3;
	if (t && t->state == MR_T_BLANK &&
	    (mr->ntracks == 1 || mr->tracks[mr->ntracks - 1].session <= mr->nsessions))
		return 0;
	return 1;
}

/* ---- responses ---- */

static int mr_reply(struct scsi_cmnd *cmd, const u8 *buf, unsigned int len,
		    unsigned int alloc)
{
	unsigned int n = min3(len, alloc, scsi_bufflen(cmd));
	unsigned int done;

	done = scsi_sg_copy_from_buffer(cmd, buf, n);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done);
	return 0;
}

static int mr_check(struct mmcrec *mr, struct scsi_cmnd *cmd, u8 key, u8 asc,
		    u8 ascq)
{
	scsi_build_sense(cmd, 0, key, asc, ascq);
	memset(mr->sense, 0, sizeof(mr->sense));
	mr->sense[0] = 0x70;
	mr->sense[2] = key;
	mr->sense[7] = 10;
	mr->sense[12] = asc;
	mr->sense[13] = ascq;
	scsi_set_resid(cmd, scsi_bufflen(cmd));
	return 0;
}

static int mr_invalid_cdb(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x24, 0);
}

static int mr_no_medium(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	return mr_check(mr, cmd, NOT_READY, 0x3a, mr->tray_open ? 2 : 1);
}

static bool mr_present(struct mmcrec *mr)
{
	return mr->media != MR_NONE && !mr->tray_open;
}

static int mr_inquiry(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	u8 b[96] = { 0 };
	unsigned int alloc = rd16(cdb + 3);

	if (cdb[1] & 1) {
		if (cdb[2] != 0)
			return mr_invalid_cdb(mr, cmd);
		b[0] = 0x05;
		b[3] = 1;
		b[4] = 0;
		return mr_reply(cmd, b, 5, alloc);
	}
	b[0] = 0x05;
	b[1] = 0x80;
	b[2] = 0x05;
	b[3] = 0x02;
	b[4] = sizeof(b) - 5;
	memcpy(b + 8, "MMCREC  ", 8);
	memcpy(b + 16, "Emulated DVDRW  ", 16);
	memcpy(b + 32, "1.00", 4);
	return mr_reply(cmd, b, sizeof(b), alloc);
}

static unsigned int mr_page2a(struct mmcrec *mr, u8 *p, int pc)
{
	const u32 *sp = mr_speeds[mr->media];
	unsigned int i, len = 32 + 4 * MR_NSPEEDS;

	memset(p, 0, len);
	p[0] = 0x2a;
	p[1] = len - 2;
	if (pc == 1)
		return len;
	p[2] = 0x3f;			/* reads CD-R/RW, DVD-ROM/R/RAM */
	p[3] = 0x15;			/* writes CD-R, DVD-R, test write */
	p[4] = 0xc0;			/* BUF, multi-session */
	p[5] = 0x00;
	p[6] = 0x29 | (mr->prevent ? 0x02 : 0);	/* tray, eject, lock */
	wr16(p + 8, mr->read_speed);
	wr16(p + 10, 256);
	wr16(p + 12, div_u64(mr->buf_size, 1024));
	wr16(p + 14, mr->read_speed);
	wr16(p + 18, mr_top_speed(mr));
	wr16(p + 20, mr->speed);
	wr16(p + 28, mr->speed);
	wr16(p + 30, MR_NSPEEDS);
	for (i = 0; i < MR_NSPEEDS; i++)
		wr16(p + 32 + 4 * i + 2, sp[MR_NSPEEDS - 1 - i]);
	return len;
}

static unsigned int mr_page(struct mmcrec *mr, int page, int pc, u8 *p)
{
	switch (page) {
	case 0x01:
		memcpy(p, mr->page01, sizeof(mr->page01));
		if (pc == 1)
			memset(p + 2, 0, sizeof(mr->page01) - 2);
		return sizeof(mr->page01);
	case 0x05:
		memcpy(p, mr->page05, sizeof(mr->page05));
		if (pc == 1)
			memset(p + 2, 0xff, sizeof(mr->page05) - 2);
		else if (pc == 2)
			mr_default_page05(p, mr->media);
		return sizeof(mr->page05);
	case 0x2a:
		return mr_page2a(mr, p, pc);
	}
	return 0;
}

static int mr_mode_sense(struct mmcrec *mr, struct scsi_cmnd *cmd,
			 const u8 *cdb, bool ten)
{
	u8 b[256] = { 0 };
	int page = cdb[2] & 0x3f, pc = cdb[2] >> 6;
	bool dbd = cdb[1] & 0x08;
	unsigned int hl = ten ? 8 : 4, n, alloc;
	static const int all[] = { 0x01, 0x05, 0x2a };
	unsigned int i;

	alloc = ten ? rd16(cdb + 7) : cdb[4];
	if (pc == 3)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x39, 0);
	n = hl;
	if (!dbd) {
		/* block descriptor: 2048-byte blocks */
		wr24(b + n + 5, MR_BS);
		n += 8;
	}
	if (page == 0x3f) {
		for (i = 0; i < ARRAY_SIZE(all); i++)
			n += mr_page(mr, all[i], pc, b + n);
	} else {
		unsigned int l = mr_page(mr, page, pc, b + n);

		if (!l)
			return mr_invalid_cdb(mr, cmd);
		n += l;
	}
	if (ten) {
		wr16(b, n - 2);
		b[7] = dbd ? 0 : 8;
	} else {
		b[0] = n - 1;
		b[3] = dbd ? 0 : 8;
	}
	return mr_reply(cmd, b, n, alloc);
}

static int mr_mode_select(struct mmcrec *mr, struct scsi_cmnd *cmd,
			  const u8 *cdb, bool ten)
{
	u8 b[256] = { 0 };
	unsigned int len = ten ? rd16(cdb + 7) : cdb[4];
	unsigned int hl = ten ? 8 : 4, bdl, off;

	if (len > sizeof(b) || len > scsi_bufflen(cmd))
		return mr_invalid_cdb(mr, cmd);
	scsi_sg_copy_to_buffer(cmd, b, len);
	if (len < hl)
		return 0;
	bdl = ten ? rd16(b + 6) : b[3];
	off = hl + bdl;
	while (off + 2 <= len) {
		u8 code = b[off] & 0x3f;
		unsigned int plen = b[off + 1] + 2;

		if (off + plen > len)
			return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x1a, 0);
		if (code == 0x05) {
			u8 wt = b[off + 2] & 0x0f;

			if (wt > 3 || (!is_cd(mr) && wt == 3))
				return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x26, 0);
			memcpy(mr->page05 + 2, b + off + 2,
			       min_t(unsigned int, plen, sizeof(mr->page05)) - 2);
		} else if (code == 0x01) {
			memcpy(mr->page01 + 2, b + off + 2,
			       min_t(unsigned int, plen, sizeof(mr->page01)) - 2);
		} else if (code != 0x2a) {
			return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x26, 0);
		}
		off += plen;
	}
	return 0;
}

/* GET CONFIGURATION: one feature descriptor at @p, its length */
static unsigned int mr_feature(struct mmcrec *mr, u16 code, u8 *p, bool *cur)
{
	bool cd = is_cd(mr), dvd = is_dvd(mr), bd = mr->media == MR_BDR;
	bool present = mr_present(mr);
	unsigned int add = 4, i, n;
	static const u16 profs[] = { 0x0041, 0x0040, 0x001b, 0x0011, 0x0010,
				     0x0009, 0x0008 };

	memset(p, 0, 4 + 32);
	*cur = true;
	switch (code) {
	case 0x0000:
		n = 0;
		for (i = 0; i < ARRAY_SIZE(profs); i++) {
			wr16(p + 4 + 4 * n, profs[i]);
			if (present && profs[i] == mr_profiles[mr->media])
				p[4 + 4 * n + 2] = 1;
			n++;
		}
		add = 4 * n;
		p[2] = 0x03;
		break;
	case 0x0001:
		p[2] = 0x0b;
		add = 8;
		wr32(p + 4, 2);		/* ATAPI */
		p[8] = 0x01;		/* DBE */
		break;
	case 0x0002:
		p[2] = 0x07;
		p[4] = 0x02;		/* OCEvent */
		break;
	case 0x0003:
		p[2] = 0x03;
		p[4] = 0x29;		/* tray, eject, lock */
		break;
	case 0x0010:
		*cur = present;
		add = 8;
		wr32(p + 4, MR_BS);
		wr16(p + 8, cd ? 1 : bd ? 32 : 16);
		break;
	case 0x001d:
		*cur = present;
		add = 0;
		break;
	case 0x001e:
		*cur = present && cd;
		p[2] = 0x08;
		break;
	case 0x001f:
		*cur = present && dvd;
		p[2] = 0x04;
		break;
	case 0x0021:
		*cur = present && (cd || mr->media == MR_DVDMR);
		p[2] = 0x04;
		add = 8;
		wr16(p + 4, 0x0100);	/* data block type 8 */
		p[6] = 0x01;		/* BUF */
		p[7] = 1;
		p[8] = cd ? 7 : 16;
		break;
	case 0x002b:
		*cur = present && mr->media == MR_DVDPR;
		p[4] = 0x01;
		break;
	case 0x002d:
		*cur = present && cd;
		p[2] = 0x08;
		p[4] = 0x44;		/* BUF, test write */
		wr16(p + 6, 0x0100);
		break;
	case 0x002e:
		*cur = present && cd;
		p[4] = 0x64;		/* BUF, SAO, test write */
		wr24(p + 5, 0x1000);
		break;
	case 0x002f:
		*cur = present && mr->media == MR_DVDMR;
		p[2] = 0x04;
		p[4] = 0x44;
		break;
	case 0x0040:
		*cur = present && bd;
		p[2] = 0x04;
		add = 28;
		p[9] = 0x02;		/* BD-R class 0 version 1 */
		p[17] = 0x02;
		break;
	case 0x0041:
		*cur = present && bd;
		p[2] = 0x04;
		add = 20;
		p[9] = 0x02;
		break;
	case 0x0107:
		*cur = present;
		p[2] = 0x0c;		/* version 3 */
		p[4] = 0x1f;
		break;
	default:
		return 0;
	}
	wr16(p, code);
	if (*cur)
		p[2] |= 0x01;
	p[3] = add;
	return 4 + add;
}

static int mr_get_configuration(struct mmcrec *mr, struct scsi_cmnd *cmd,
				const u8 *cdb)
{
	static const u16 feats[] = { 0x0000, 0x0001, 0x0002, 0x0003, 0x0010,
				     0x001d, 0x001e, 0x001f, 0x0021, 0x002b,
				     0x002d, 0x002e, 0x002f, 0x0040, 0x0041,
				     0x0107 };
	unsigned int rt = cdb[1] & 3, start = rd16(cdb + 2), n = 8, i, l;
	u8 *b;
	bool cur;
	int ret;

	if (rt == 3)
		return mr_invalid_cdb(mr, cmd);
	b = kzalloc(1024, GFP_KERNEL);
	if (!b)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		if (feats[i] < start || (rt == 2 && feats[i] != start))
			continue;
		l = mr_feature(mr, feats[i], b + n, &cur);
		if (!l || (rt == 1 && !cur))
			continue;
		n += l;
	}
	wr32(b, n - 4);
	if (mr_present(mr))
		wr16(b + 6, mr_profiles[mr->media]);
	ret = mr_reply(cmd, b, n, rd16(cdb + 7));
	kfree(b);
	return ret;
}

static int mr_gesn(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	u8 b[8] = { 0 };

	if (!(cdb[1] & 1))
		return mr_invalid_cdb(mr, cmd);
	if (!(cdb[4] & 0x10)) {
		wr16(b, 2);
		b[2] = 0x80;
		b[3] = 0x10;
		return mr_reply(cmd, b, 4, rd16(cdb + 7));
	}
	wr16(b, 6);
	b[2] = 0x04;
	b[3] = 0x10;
	if (mr->media_event) {
		b[4] = mr_present(mr) ? 2 : 3;
		mr->media_event = false;
	}
	b[5] = (mr_present(mr) ? 0x02 : 0) | (mr->tray_open ? 0x01 : 0);
	return mr_reply(cmd, b, 8, rd16(cdb + 7));
}

static int mr_read_disc_info(struct mmcrec *mr, struct scsi_cmnd *cmd,
			     const u8 *cdb)
{
	u8 b[34] = { 0 };
	unsigned int first_last, last, ns;
	struct mr_track *t = mr_last(mr);

	if ((cdb[1] & 7) != 0)
		return mr_invalid_cdb(mr, cmd);
	wr16(b, 32);
	b[2] = (mr_session_state(mr) << 2) | mr_disc_status(mr);
	b[3] = 1;
	ns = mr->nsessions + (mr->finalized ? 0 : 1);
	last = mr->ntracks;
	first_last = 1;
	if (t)
		first_last = mr->finalized ? mr->ntracks : 0;
	if (!mr->finalized) {
		unsigned int i;

		for (i = 1; i <= mr->ntracks; i++)
			if (mr->tracks[i].session == mr->nsessions + 1) {
				first_last = i;
				break;
			}
	} else {
		unsigned int i;

		for (i = mr->ntracks; i >= 1; i--)
			if (mr->tracks[i].session < mr->tracks[last].session)
				break;
		first_last = i + 1;
	}
	if (!first_last)
		first_last = 1;
	b[4] = ns;
	b[5] = first_last;
	b[6] = last;
	b[7] = 0x20;			/* URU */
	b[8] = is_cd(mr) ? 0x00 : 0x00;
	if (mr->finalized) {
		wr32(b + 16, 0xffffffff);
		wr32(b + 20, 0xffffffff);
	} else if (is_cd(mr)) {
		s32 lead_in = t ? t->start - 150 - 4500 : 0;

		if (mr_disc_status(mr) == 0) {
			b[17] = 97;
			b[18] = 26;
			b[19] = 66;
		} else {
			mr_msf(lead_in, b + 17, b + 18, b + 19);
		}
		mr_msf(mr->cap, b + 21, b + 22, b + 23);
	} else {
		wr32(b + 16, t ? t->start : 0);
		wr32(b + 20, mr->cap);
	}
	return mr_reply(cmd, b, sizeof(b), rd16(cdb + 7));
}

static struct mr_track *mr_track_at(struct mmcrec *mr, s32 lba)
{
	unsigned int i;

	for (i = mr->ntracks; i >= 1; i--)
		if (mr->tracks[i].start <= lba)
			return &mr->tracks[i];
	return mr->ntracks ? &mr->tracks[1] : NULL;
}

static int mr_read_track_info(struct mmcrec *mr, struct scsi_cmnd *cmd,
			      const u8 *cdb)
{
	u8 b[48] = { 0 };
	u32 addr = rd32(cdb + 2);
	struct mr_track *t = NULL;
	unsigned int no, i;
	u32 free = 0, size;

	switch (cdb[1] & 3) {
	case 0:
		t = mr_track_at(mr, (s32)addr);
		break;
	case 1:
		if (addr == 0xff)
			t = mr_writable(mr);
		else if (addr >= 1 && addr <= mr->ntracks)
			t = &mr->tracks[addr];
		break;
	case 2:
		for (i = 1; i <= mr->ntracks; i++)
			if (mr->tracks[i].session == addr) {
				t = &mr->tracks[i];
				break;
			}
		break;
	default:
		break;
	}
	if (!t)
		return mr_invalid_cdb(mr, cmd);
	no = t - mr->tracks;
	wr16(b, 46);
	b[2] = no;
	b[3] = t->session;
	b[5] = is_cd(mr) ? 0x04 : 0x05;
	b[6] = 0x01;			/* data mode 1 */
	if (!is_cd(mr))
		wr32(b + 20, mr->media == MR_BDR ? 32 : 16);
	switch (t->state) {
	case MR_T_BLANK:
		b[6] |= 0x40;
		free = mr->cap - t->start;
		size = free;
		b[7] = 0x01;
		break;
	case MR_T_OPEN:
		free = mr->cap - t->nwa;
		size = mr->cap - t->start;
		b[7] = 0x01;
		break;
	case MR_T_RESERVED:
		b[6] |= 0x80;
		if (t->nwa == t->start)
			b[6] |= 0x40;
		free = t->start + t->size - t->nwa;
		size = t->size;
		b[7] = free ? 0x01 : 0;
		break;
	default:
		size = t->size;
		break;
	}
	/* DVD-R: incremental, variable packets (growisofs refuses FP there) */
	if (mr->media == MR_DVDPR && t->state != MR_T_COMPLETE)
		b[6] |= 0x20 | 0x10;
	else if (mr->media == MR_DVDMR && t->state != MR_T_COMPLETE)
		b[6] |= 0x20;
	wr32(b + 8, t->start);
	if (b[7] & 1)
		wr32(b + 12, t->nwa);
	wr32(b + 16, free);
	wr32(b + 24, size);
	if (t->nwa > t->start) {
		b[7] |= 0x02;
		wr32(b + 28, t->nwa - 1);
	}
	return mr_reply(cmd, b, sizeof(b), rd16(cdb + 7));
}

/* tracks that appear in the TOC: recorded ones */
static bool mr_in_toc(struct mr_track *t)
{
	return t->state == MR_T_COMPLETE ||
		((t->state == MR_T_OPEN || t->state == MR_T_RESERVED) &&
		 t->nwa > t->start);
}

static s32 mr_track_end(struct mr_track *t)
{
	return t->state == MR_T_COMPLETE ? t->start + t->size : t->nwa;
}

static void mr_toc_addr(u8 *p, s32 lba, bool msf)
{
	if (msf) {
		p[0] = 0;
		mr_msf(lba, p + 1, p + 2, p + 3);
	} else {
		wr32(p, lba);
	}
}

static int mr_read_toc(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	u8 b[1024] = { 0 };
	int fmt = cdb[2] & 0x0f;
	bool msf = cdb[1] & 2;
	unsigned int i, n = 4, first = 0, last = 0, ntoc = 0, start = cdb[6];
	s32 leadout = 0;

	if (!fmt && (cdb[9] >> 6) == 1)
		fmt = 1;
	for (i = 1; i <= mr->ntracks; i++) {
		if (!mr_in_toc(&mr->tracks[i]))
			continue;
		if (!first)
			first = i;
		last = i;
		ntoc++;
		leadout = mr_track_end(&mr->tracks[i]);
	}
	switch (fmt) {
	case 0:
		if (!ntoc || (start > last && start != 0xaa))
			return mr_invalid_cdb(mr, cmd);
		b[2] = first;
		b[3] = last;
		for (i = first; i <= last && start != 0xaa; i++) {
			if (i < start || !mr_in_toc(&mr->tracks[i]))
				continue;
			b[n + 1] = 0x14;
			b[n + 2] = i;
			mr_toc_addr(b + n + 4, mr->tracks[i].start, msf);
			n += 8;
		}
		b[n + 1] = 0x14;
		b[n + 2] = 0xaa;
		mr_toc_addr(b + n + 4, leadout, msf);
		n += 8;
		break;
	case 1: {
		unsigned int sfirst = first;

		if (!ntoc)
			return mr_invalid_cdb(mr, cmd);
		for (i = first; i <= last; i++)
			if (mr_in_toc(&mr->tracks[i]) &&
			    mr->tracks[i].session == mr->tracks[last].session) {
				sfirst = i;
				break;
			}
		b[2] = 1;
		b[3] = mr->tracks[last].session;
		b[n + 1] = 0x14;
		b[n + 2] = sfirst;
		mr_toc_addr(b + n + 4, mr->tracks[sfirst].start, msf);
		n += 8;
		break;
	}
	case 2: {
		unsigned int s, ls;

		if (!ntoc || !is_cd(mr))
			return mr_invalid_cdb(mr, cmd);
		ls = mr->tracks[last].session;
		b[2] = 1;
		b[3] = ls;
		for (s = 1; s <= ls; s++) {
			unsigned int sf = 0, sl = 0;
			s32 so = 0;

			for (i = first; i <= last; i++) {
				if (mr->tracks[i].session != s ||
				    !mr_in_toc(&mr->tracks[i]))
					continue;
				if (!sf)
					sf = i;
				sl = i;
				so = mr_track_end(&mr->tracks[i]);
			}
			if (!sf)
				continue;
			/* A0, A1, A2 */
			b[n] = s;
			b[n + 1] = 0x14;
			b[n + 3] = 0xa0;
			b[n + 8] = sf;
			n += 11;
			b[n] = s;
			b[n + 1] = 0x14;
			b[n + 3] = 0xa1;
			b[n + 8] = sl;
			n += 11;
			b[n] = s;
			b[n + 1] = 0x14;
			b[n + 3] = 0xa2;
			mr_msf(so, b + n + 8, b + n + 9, b + n + 10);
			n += 11;
			for (i = sf; i <= sl && n + 11 < sizeof(b); i++) {
				b[n] = s;
				b[n + 1] = 0x14;
				b[n + 3] = i;
				mr_msf(mr->tracks[i].start, b + n + 8,
				       b + n + 9, b + n + 10);
				n += 11;
			}
		}
		break;
	}
	case 4:
		if (!is_cd(mr))
			return mr_invalid_cdb(mr, cmd);
		b[4] = 0x40 | 0x05;	/* writing power, reference speed */
		b[5] = 0x40;		/* URU */
		b[6] = 0x80 | 0x04;
		b[8] = 97;
		b[9] = 26;
		b[10] = 66;
		mr_msf(mr->cap, b + 12, b + 13, b + 14);
		n = 28;
		break;
	default:
		return mr_invalid_cdb(mr, cmd);
	}
	wr16(b, n - 2);
	return mr_reply(cmd, b, n, rd16(cdb + 7));
}

static int mr_read_capacity(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	u8 b[8] = { 0 };
	s32 last = 0;
	unsigned int i;

	for (i = 1; i <= mr->ntracks; i++)
		if (mr_in_toc(&mr->tracks[i]))
			last = mr_track_end(&mr->tracks[i]) - 1;
	wr32(b, last < 0 ? 0 : last);
	wr32(b + 4, MR_BS);
	return mr_reply(cmd, b, 8, 8);
}

static int mr_read_format_caps(struct mmcrec *mr, struct scsi_cmnd *cmd,
			       const u8 *cdb)
{
	u8 b[20] = { 0 };
	unsigned int n = 12;

	wr32(b + 4, mr->cap);
	b[8] = mr_disc_status(mr) ? 0x02 : 0x01;
	wr24(b + 9, MR_BS);
	if (mr->media == MR_BDR && !mr_disc_status(mr)) {
		wr32(b + 12, mr->cap);
		b[16] = 0x32 << 2;
		n = 20;
	}
	b[3] = n - 4;
	return mr_reply(cmd, b, n, rd16(cdb + 7));
}

static int mr_read_disc_structure(struct mmcrec *mr, struct scsi_cmnd *cmd,
				  const u8 *cdb)
{
	unsigned int fmt = cdb[7];
	u8 *b;
	int ret;

	if (is_cd(mr))
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x30, 0x02);
	if (fmt != 0 && fmt != 0xff)
		return mr_invalid_cdb(mr, cmd);
	b = kzalloc(4 + 2048, GFP_KERNEL);
	if (!b)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	if (fmt == 0xff) {
		wr16(b, 2 + 4);
		b[4] = 0x00;
		b[5] = 0x40;
		wr16(b + 6, 2048 + 4);
		ret = mr_reply(cmd, b, 8, rd16(cdb + 8));
	} else {
		wr16(b, 2048 + 2);
		b[4] = mr->media == MR_DVDPR ? 0xa1 : 0x25;
		b[5] = 0x0f;
		b[6] = 0x01;
		b[7] = 0x10;
		wr32(b + 8, 0x30000);
		wr32(b + 12, 0x30000 + mr->cap - 1);
		ret = mr_reply(cmd, b, 4 + 2048, rd16(cdb + 8));
	}
	kfree(b);
	return ret;
}

static int mr_get_performance(struct mmcrec *mr, struct scsi_cmnd *cmd,
			      const u8 *cdb)
{
	u8 b[8 + 16 * MR_NSPEEDS] = { 0 };
	unsigned int type = cdb[10], max = rd16(cdb + 8), n, i;
	const u32 *sp = mr_speeds[mr->media];

	if (type == 0) {
		n = 1;
		if (cdb[1] & 0x04)
			b[4] = 0x02;
		wr32(b + 8, 0);
		wr32(b + 12, (cdb[1] & 0x04) ? mr->speed : mr->read_speed);
		wr32(b + 16, mr->cap - 1);
		wr32(b + 20, (cdb[1] & 0x04) ? mr->speed : mr->read_speed);
	} else if (type == 3) {
		n = 0;
		for (i = 0; i < MR_NSPEEDS; i++) {
			u8 *d = b + 8 + 16 * n;

			if (sp[MR_NSPEEDS - 1 - i] > mr_top_speed(mr))
				continue;
			d[0] = 0x00;
			wr32(d + 4, mr->cap - 1);
			wr32(d + 8, mr->read_speed);
			wr32(d + 12, sp[MR_NSPEEDS - 1 - i]);
			n++;
		}
	} else {
		return mr_invalid_cdb(mr, cmd);
	}
	wr32(b, 4 + 16 * n);
	return mr_reply(cmd, b, 8 + 16 * min(n, max), 8 + 16 * min(n, max));
}

static int mr_set_streaming(struct mmcrec *mr, struct scsi_cmnd *cmd,
			    const u8 *cdb)
{
	u8 b[28] = { 0 };
	unsigned int len = rd16(cdb + 9);
	u32 size, time;

	if (cdb[8] != 0)
		return 0;
	if (len < sizeof(b) || scsi_bufflen(cmd) < sizeof(b))
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x1a, 0);
	scsi_sg_copy_to_buffer(cmd, b, sizeof(b));
	size = rd32(b + 20);
	time = rd32(b + 24);
	if (time)
		mr->speed = mr_pick_speed(mr, div_u64((u64)size * 1000, time));
	return 0;
}

static int mr_set_cd_speed(struct mmcrec *mr, struct scsi_cmnd *cmd,
			   const u8 *cdb)
{
	u32 w = rd16(cdb + 4);

	mr->speed = w == 0xffff ? mr_top_speed(mr) : mr_pick_speed(mr, w);
	return 0;
}

static int mr_read_buffer_capacity(struct mmcrec *mr, struct scsi_cmnd *cmd,
				   const u8 *cdb)
{
	u8 b[12] = { 0 };
	u64 fill = mr_fill_now(mr, ktime_get());

	wr16(b, 10);
	if (cdb[1] & 1) {
		b[5] = 1;
		wr32(b + 8, div_u64(mr->buf_size - fill, MR_BS));
	} else {
		wr32(b + 4, mr->buf_size);
		wr32(b + 8, mr->buf_size - fill);
	}
	return mr_reply(cmd, b, 12, rd16(cdb + 7));
}

static int mr_reserve_track(struct mmcrec *mr, struct scsi_cmnd *cmd,
			    const u8 *cdb)
{
	struct mr_track *t = mr_writable(mr);
	u32 size = rd32(cdb + 5);

	if (cdb[1] & 1)
		return mr_invalid_cdb(mr, cmd);
	if (!t || t->state != MR_T_BLANK || t != mr_last(mr))
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x2c, 0);
	if (!size || t->start + mr_round(mr, size) > mr->cap)
		return mr_invalid_cdb(mr, cmd);
	t->state = MR_T_RESERVED;
	t->size = size;
	mr_new_blank(mr, t->start + mr_round(mr, size));
	return 0;
}

static int mr_send_cue_sheet(struct mmcrec *mr, struct scsi_cmnd *cmd,
			     const u8 *cdb)
{
	unsigned int len = rd24(cdb + 6), i;
	u8 *b;
	struct mr_track *t = mr_writable(mr);

	if (!is_cd(mr))
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x20, 0);
	if (!len || len % 8 || len > 8 * 200 || len > scsi_bufflen(cmd))
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x26, 0);
	if (!t || t->state != MR_T_BLANK)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x2c, 0);
	b = kmalloc(len, GFP_KERNEL);
	if (!b)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	scsi_sg_copy_to_buffer(cmd, b, len);
	mr->cue_ntracks = 0;
	mr->cue_leadout = 0;
	mr->cue_start = t->start;
	for (i = 0; i < len; i += 8) {
		u8 *e = b + i;
		s32 lba = (e[5] * 60 + e[6]) * 75 + e[7] - 150 + t->start;

		if (e[1] == 0xaa) {
			mr->cue_leadout = lba;
		} else if (e[1] >= 1 && e[1] <= MR_MAX_TRACKS) {
			if (e[2] == 0 && mr->cue_ntracks == 0 && i <= 8)
				mr->cue_start = lba;
			if (e[2] == 1 && e[1] > mr->cue_ntracks) {
				mr->cue_ntracks = e[1];
				mr->cue_track_start[e[1]] = lba;
			}
		}
	}
	kfree(b);
	if (!mr->cue_ntracks || mr->cue_leadout <= mr->cue_start ||
	    mr->cue_leadout > (s32)mr->cap ||
	    mr->ntracks + mr->cue_ntracks > MR_MAX_TRACKS)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x26, 0);
	mr->cue = true;
	t->nwa = mr->cue_start;
	return 0;
}

/* CD SAO session written to its lead-out: make its tracks */
static void mr_cue_done(struct mmcrec *mr)
{
	struct mr_track *t = mr_writable(mr);
	unsigned int i, first = t - mr->tracks;

	for (i = 1; i <= mr->cue_ntracks; i++) {
		struct mr_track *n = &mr->tracks[first + i - 1];
		s32 end = i < mr->cue_ntracks ? mr->cue_track_start[i + 1] :
			mr->cue_leadout;

		memset(n, 0, sizeof(*n));
		n->start = mr->cue_track_start[i];
		n->size = end - n->start;
		n->nwa = end;
		n->state = MR_T_COMPLETE;
		n->session = mr->nsessions + 1;
	}
	mr->ntracks = first + mr->cue_ntracks - 1;
	mr->cue = false;
	mr->nsessions++;
	if ((mr->page05[3] >> 6) == 3)
		mr_new_blank(mr, mr->cue_leadout + 6750 + 4500 + 150);
	else
		mr->finalized = true;
	mr->media_event = true;
}

static u64 mr_write(struct mmcrec *mr, struct scsi_cmnd *cmd, s32 lba,
		    u32 n, int *err)
{
	struct mr_track *t = mr_writable(mr);
	u8 *buf;
	u32 i;
	s32 end;
	u64 fill, bytes = (u64)n * MR_BS;

	*err = 0;
	if (!n)
		return 0;
	if (scsi_bufflen(cmd) != bytes) {
		mr_check(mr, cmd, ILLEGAL_REQUEST, 0x64, 0);
		*err = 1;
		return 0;
	}
	if (!t || lba != t->nwa) {
		mr_check(mr, cmd, ILLEGAL_REQUEST, 0x21, 0x02);
		*err = 1;
		return 0;
	}
	if (mr->cue)
		end = mr->cue_leadout;
	else if (t->state == MR_T_RESERVED)
		end = t->start + t->size;
	else
		end = mr->cap;
	if ((s64)lba + n > end) {
		mr_check(mr, cmd, ILLEGAL_REQUEST, 0x21, 0x00);
		*err = 1;
		return 0;
	}
	buf = kmalloc(MR_BS, GFP_KERNEL);
	if (!buf) {
		mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
		*err = 1;
		return 0;
	}
	for (i = 0; i < n; i++) {
		sg_pcopy_to_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				   MR_BS, (size_t)i * MR_BS);
		mr_store(mr, lba + i, buf);
	}
	kfree(buf);
	if (t->state == MR_T_BLANK && !mr->cue)
		t->state = MR_T_OPEN;
	t->nwa = lba + n;
	if (t->nwa - 1 > mr->last_recorded)
		mr->last_recorded = t->nwa - 1;
	mr->written += n;

	/* the buffer: hold the command until its data fits */
	fill = mr_fill_now(mr, ktime_get());
	mr->fill = fill + bytes;
	return mr_ns_until(mr, mr->buf_size);
}

static void mr_finish_on_sync(struct mmcrec *mr)
{
	struct mr_track *t = mr_writable(mr);

	if (mr->cue) {
		if (t && t->nwa >= mr->cue_leadout)
			mr_cue_done(mr);
		return;
	}
	if (!t)
		return;
	/* DVD-R DAO: the reserved track written to its end closes the disc */
	if (t->state == MR_T_RESERVED && t->nwa >= t->start + (s32)t->size &&
	    (mr->page05[2] & 0x0f) == 2 && mr->media == MR_DVDMR) {
		mr_close_track(mr, t);
		mr_close_session(mr, true);
		return;
	}
	/* CD TAO: SYNCHRONIZE CACHE closes the track */
	if (is_cd(mr) && t->state == MR_T_OPEN &&
	    (mr->page05[2] & 0x0f) == 1)
		mr_close_track(mr, t);
}

static int mr_close(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	unsigned int fn = cdb[2] & 7, no = rd16(cdb + 4);
	struct mr_track *t;

	switch (fn) {
	case 1:
		if (no == 0xff || no < 1 || no > mr->ntracks) {
			t = mr_writable(mr);
			if (!t)
				return mr_invalid_cdb(mr, cmd);
		} else {
			t = &mr->tracks[no];
		}
		mr_close_track(mr, t);
		break;
	case 2:
	case 3:
		mr_close_session(mr, (mr->page05[3] >> 6) == 0 && is_cd(mr));
		break;
	case 4:
	case 5:
	case 6:
		mr_close_session(mr, true);
		break;
	default:
		return mr_invalid_cdb(mr, cmd);
	}
	if (cdb[1] & 1)
		mr->busy_until = ktime_add_ms(ktime_get(), 100);
	return 0;
}

static int mr_read(struct mmcrec *mr, struct scsi_cmnd *cmd, s32 lba, u32 n)
{
	u8 *buf;
	u32 i;

	if (lba < 0 || (u64)lba + n > mr->cap)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x21, 0);
	if (scsi_bufflen(cmd) < (u64)n * MR_BS)
		return mr_invalid_cdb(mr, cmd);
	buf = kmalloc(MR_BS, GFP_KERNEL);
	if (!buf)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	for (i = 0; i < n; i++) {
		mr_fetch(mr, lba + i, buf);
		sg_pcopy_from_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				     MR_BS, (size_t)i * MR_BS);
	}
	kfree(buf);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - n * MR_BS);
	return 0;
}

static int mr_start_stop(struct mmcrec *mr, struct scsi_cmnd *cmd,
			 const u8 *cdb)
{
	unsigned int ls = cdb[4] & 3;

	if (ls == 2) {
		if (mr->prevent)
			return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x53, 0x02);
		mr->tray_open = true;
		mr->media_event = true;
	} else if (ls == 3 && mr->tray_open) {
		mr->tray_open = false;
		if (mr->media != MR_NONE) {
			mr->ua_asc = 0x28;
			mr->ua_ascq = 0;
			mr->media_event = true;
		}
	}
	return 0;
}

static int mr_request_sense(struct mmcrec *mr, struct scsi_cmnd *cmd,
			    const u8 *cdb)
{
	u8 b[18] = { 0x70, 0, 0, 0, 0, 0, 0, 10 };

	if (mr->sense[0])
		memcpy(b, mr->sense, sizeof(b));
	memset(mr->sense, 0, sizeof(mr->sense));
	return mr_reply(cmd, b, sizeof(b), cdb[4]);
}

/* 0 done; otherwise ns to hold the command */
static u64 mr_execute(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	const u8 *cdb = cmd->cmnd;
	u8 op = cdb[0];
	ktime_t now = ktime_get();
	int err;

	cmd->result = 0;
	scsi_set_resid(cmd, 0);

	/* commands answered whatever the state */
	switch (op) {
	case INQUIRY:
		return mr_inquiry(mr, cmd, cdb);
	case REQUEST_SENSE:
		return mr_request_sense(mr, cmd, cdb);
	case GPCMD_GET_CONFIGURATION:
		return mr_get_configuration(mr, cmd, cdb);
	case GET_EVENT_STATUS_NOTIFICATION:
		return mr_gesn(mr, cmd, cdb);
	}
	memset(mr->sense, 0, sizeof(mr->sense));
	if (mr->ua_asc && mr_present(mr)) {
		mr_check(mr, cmd, UNIT_ATTENTION, mr->ua_asc, mr->ua_ascq);
		mr->ua_asc = 0;
		return 0;
	}
	switch (op) {
	case MODE_SENSE:
		return mr_mode_sense(mr, cmd, cdb, false);
	case MODE_SENSE_10:
		return mr_mode_sense(mr, cmd, cdb, true);
	case MODE_SELECT:
		return mr_mode_select(mr, cmd, cdb, false);
	case MODE_SELECT_10:
		return mr_mode_select(mr, cmd, cdb, true);
	case ALLOW_MEDIUM_REMOVAL:
		mr->prevent = cdb[4] & 1;
		return 0;
	case START_STOP:
		return mr_start_stop(mr, cmd, cdb);
	case GPCMD_GET_PERFORMANCE:
		return mr_get_performance(mr, cmd, cdb);
	case GPCMD_SET_STREAMING:
		return mr_set_streaming(mr, cmd, cdb);
	case GPCMD_SET_SPEED:
		return mr_set_cd_speed(mr, cmd, cdb);
	case GPCMD_READ_BUFFER_CAPACITY:
		return mr_read_buffer_capacity(mr, cmd, cdb);
	}
	if (!mr_present(mr))
		return mr_no_medium(mr, cmd);

	switch (op) {
	case TEST_UNIT_READY:
		if (ktime_before(now, mr->busy_until))
			return mr_check(mr, cmd, NOT_READY, 0x04, 0x07);
		if (mr->flushing && mr_fill_now(mr, now))
			return mr_check(mr, cmd, NOT_READY, 0x04, 0x08);
		mr->flushing = false;
		return 0;
	case READ_CAPACITY:
		return mr_read_capacity(mr, cmd);
	case READ_10:
		return mr_read(mr, cmd, rd32(cdb + 2), rd16(cdb + 7));
	case READ_12:
		return mr_read(mr, cmd, rd32(cdb + 2), rd32(cdb + 6));
	case WRITE_10:
		return mr_write(mr, cmd, rd32(cdb + 2), rd16(cdb + 7), &err);
	case WRITE_12:
		return mr_write(mr, cmd, rd32(cdb + 2), rd32(cdb + 6), &err);
	case SYNCHRONIZE_CACHE:
		mr_fill_now(mr, now);
		mr_finish_on_sync(mr);
		if (!(cdb[1] & 2))
			return mr_ns_until(mr, 0);
		mr->flushing = true;
		return 0;
	case READ_TOC:
		return mr_read_toc(mr, cmd, cdb);
	case GPCMD_READ_DISC_INFO:
		return mr_read_disc_info(mr, cmd, cdb);
	case GPCMD_READ_TRACK_RZONE_INFO:
		return mr_read_track_info(mr, cmd, cdb);
	case GPCMD_READ_FORMAT_CAPACITIES:
		return mr_read_format_caps(mr, cmd, cdb);
	case GPCMD_READ_DVD_STRUCTURE:
		return mr_read_disc_structure(mr, cmd, cdb);
	case GPCMD_RESERVE_RZONE_TRACK:
		return mr_reserve_track(mr, cmd, cdb);
	case GPCMD_SEND_OPC:
		return 0;
	case GPCMD_SEND_CUE_SHEET:
		return mr_send_cue_sheet(mr, cmd, cdb);
	case GPCMD_CLOSE_TRACK:
		return mr_close(mr, cmd, cdb);
	case FORMAT_UNIT:
		if (mr->media != MR_BDR || mr_disc_status(mr))
			return mr_invalid_cdb(mr, cmd);
		return 0;
	}
	return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x20, 0);
}

/* ---- the midlayer side ---- */

static enum hrtimer_restart mr_timer_done(struct hrtimer *timer)
{
	struct mr_cmd *c = container_of(timer, struct mr_cmd, timer);

	scsi_done(c->cmd);
	return HRTIMER_NORESTART;
}

static void mr_work(struct work_struct *work)
{
	struct mmcrec *mr = container_of(work, struct mmcrec, work);
	struct mr_cmd *c;
	u64 ns;

	for (;;) {
		spin_lock_irq(&mr->qlock);
		c = list_first_entry_or_null(&mr->queue, struct mr_cmd, entry);
		if (c)
			list_del_init(&c->entry);
		spin_unlock_irq(&mr->qlock);
		if (!c)
			break;
		mutex_lock(&mr->lock);
		ns = mr_execute(mr, c->cmd);
		mutex_unlock(&mr->lock);
		if (ns)
			hrtimer_start(&c->timer, ns_to_ktime(ns),
				      HRTIMER_MODE_REL);
		else
			scsi_done(c->cmd);
	}
}

static int mr_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
{
	struct mmcrec *mr = *(struct mmcrec **)shost_priv(shost);
	struct mr_cmd *c = scsi_cmd_priv(cmd);
	unsigned long flags;

	c->cmd = cmd;
	c->mr = mr;
	hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	c->timer.function = mr_timer_done;
	spin_lock_irqsave(&mr->qlock, flags);
	list_add_tail(&c->entry, &mr->queue);
	spin_unlock_irqrestore(&mr->qlock, flags);
	queue_work(mr->wq, &mr->work);
	return 0;
}

static int mr_abort(struct scsi_cmnd *cmd)
{
	struct mr_cmd *c = scsi_cmd_priv(cmd);
	struct mmcrec *mr = c->mr;
	bool found = false;

	spin_lock_irq(&mr->qlock);
	if (!list_empty(&c->entry)) {
		list_del_init(&c->entry);
		found = true;
	}
	spin_unlock_irq(&mr->qlock);
	if (found || hrtimer_try_to_cancel(&c->timer) == 1)
		return SUCCESS;
	return FAILED;
}

static int mr_reset(struct scsi_cmnd *cmd)
{
	return SUCCESS;
}

/* ---- sysfs knobs on the host ---- */

static struct mmcrec *mr_of(struct device *dev)
{
	return *(struct mmcrec **)shost_priv(class_to_shost(dev));
}

static ssize_t media_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mmcrec *mr = mr_of(dev);

	return sysfs_emit(buf, "%s\n", mr_media_names[mr->media]);
}

static ssize_t media_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct mmcrec *mr = mr_of(dev);
	int m = sysfs_match_string(mr_media_names, buf);

	if (m < 0)
		return m;
	mutex_lock(&mr->lock);
	mr_load_blank(mr, m);
	mr->tray_open = false;
	mutex_unlock(&mr->lock);
	return count;
}
static DEVICE_ATTR_RW(media);

static ssize_t tray_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", mr_of(dev)->tray_open ? "open" : "closed");
}

static ssize_t tray_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct mmcrec *mr = mr_of(dev);

	mutex_lock(&mr->lock);
	if (sysfs_streq(buf, "eject")) {
		mr->tray_open = true;
		mr->media_event = true;
	} else if (sysfs_streq(buf, "load")) {
		if (mr->tray_open && mr->media != MR_NONE) {
			mr->ua_asc = 0x28;
			mr->ua_ascq = 0;
		}
		mr->tray_open = false;
		mr->media_event = true;
	} else {
		count = -EINVAL;
	}
	mutex_unlock(&mr->lock);
	return count;
}
static DEVICE_ATTR_RW(tray);

static ssize_t changed_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct mmcrec *mr = mr_of(dev);

	mutex_lock(&mr->lock);
	mr->media_event = true;
	mutex_unlock(&mr->lock);
	return count;
}
static DEVICE_ATTR_WO(changed);

static ssize_t speed_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mmcrec *mr = mr_of(dev);
	const u32 *sp = mr_speeds[mr->media];

	return sysfs_emit(buf, "%u %u %u %u %u %u\n", mr->speed,
			  mr_top_speed(mr), sp[0], sp[1], sp[2], sp[3]);
}

static ssize_t speed_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct mmcrec *mr = mr_of(dev);
	unsigned int v;
	int ret = kstrtouint(buf, 0, &v);

	if (ret)
		return ret;
	mutex_lock(&mr->lock);
	mr_fill_now(mr, ktime_get());
	max_kbps = v;
	mr->speed = mr_pick_speed(mr, mr->speed);
	mutex_unlock(&mr->lock);
	return count;
}
static DEVICE_ATTR_RW(speed);

static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mmcrec *mr = mr_of(dev);
	ssize_t n;

	mutex_lock(&mr->lock);
	n = sysfs_emit(buf,
		       "buffer %llu fill %llu written %llu pages %lu disc %d sessions %u tracks %u\n",
		       mr->buf_size, mr_fill_now(mr, ktime_get()), mr->written,
		       mr->npages, mr_disc_status(mr), mr->nsessions,
		       mr->ntracks);
	mutex_unlock(&mr->lock);
	return n;
}
static DEVICE_ATTR_RO(stats);

static struct attribute *mr_host_attrs[] = {
	&dev_attr_media.attr,
	&dev_attr_tray.attr,
	&dev_attr_changed.attr,
	&dev_attr_speed.attr,
	&dev_attr_stats.attr,
	NULL,
};
ATTRIBUTE_GROUPS(mr_host);

static struct scsi_host_template mr_template = {
	.module = THIS_MODULE,
	.name = "mmcrec",
	.proc_name = "mmcrec",
	.queuecommand = mr_queuecommand,
	.eh_abort_handler = mr_abort,
	.eh_device_reset_handler = mr_reset,
	.eh_host_reset_handler = mr_reset,
	.can_queue = 64,
	.this_id = 7,
	.sg_tablesize = SG_ALL,
	.max_sectors = 2048,
	.cmd_per_lun = 8,
	.cmd_size = sizeof(struct mr_cmd),
	.shost_groups = mr_host_groups,
};

static int __init mmcrec_init(void)
{
	struct Scsi_Host *shost;
	struct mmcrec *mr;
	int m, ret;

	m = sysfs_match_string(mr_media_names, media);
	if (m < 0) {
		pr_err("mmcrec: unknown media '%s'\n", media);
		return -EINVAL;
	}
	mr = kzalloc(sizeof(*mr), GFP_KERNEL);
	if (!mr)
		return -ENOMEM;
	spin_lock_init(&mr->qlock);
	INIT_LIST_HEAD(&mr->queue);
	mutex_init(&mr->lock);
	INIT_WORK(&mr->work, mr_work);
	xa_init(&mr->pages);
	mr->max_pages = (unsigned long)store_mb * (SZ_1M / PAGE_SIZE);
	mr->buf_size = (u64)buffer_kb * 1024;
	mr->page01[0] = 0x01;
	mr->page01[1] = 10;
	mr_load_blank(mr, m);
	mr->ua_asc = 0;
	mr->wq = alloc_ordered_workqueue("mmcrec", WQ_MEM_RECLAIM);
	ret = -ENOMEM;
	if (!mr->wq)
		goto free;
	mr_root = root_device_register("mmcrec");
	if (IS_ERR(mr_root)) {
		ret = PTR_ERR(mr_root);
		goto wq;
	}
	shost = scsi_host_alloc(&mr_template, sizeof(mr));
	if (!shost)
		goto root;
	*(struct mmcrec **)shost_priv(shost) = mr;
	mr->shost = shost;
	shost->max_id = 1;
	shost->max_lun = 1;
	shost->max_channel = 0;
	shost->max_cmd_len = 16;
	ret = scsi_add_host(shost, mr_root);
	if (ret)
		goto put;
	mr_drive = mr;
	scsi_scan_host(shost);
	return 0;
put:
	scsi_host_put(shost);
root:
	root_device_unregister(mr_root);
wq:
	destroy_workqueue(mr->wq);
free:
	kfree(mr);
	return ret;
}

static void __exit mmcrec_exit(void)
{
	struct mmcrec *mr = mr_drive;

	scsi_remove_host(mr->shost);
	flush_workqueue(mr->wq);
	destroy_workqueue(mr->wq);
	scsi_host_put(mr->shost);
	root_device_unregister(mr_root);
	mr_free_pages(mr);
	kfree(mr);
}

module_init(mmcrec_init);
module_exit(mmcrec_exit);
MODULE_DESCRIPTION("Emulated MMC recorder (CD-R, DVD+R, DVD-R, BD-R) for tests");
MODULE_LICENSE("GPL");
