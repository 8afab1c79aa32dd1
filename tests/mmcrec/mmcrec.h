/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmcrec: the drive's model (mmcrec_model.c: the medium's state machine,
 * the cue sheet, the speed and buffer model, the answers built from them)
 * and what the SCSI side (mmcrec_main.c) shares with it. The model makes no
 * SCSI calls, so KUnit tests it on its own (mmcrec_kunit.c).
 */
#ifndef _MMCREC_H
#define _MMCREC_H

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#define MR_BS		2048
#define MR_SPP		(PAGE_SIZE / MR_BS)
#define MR_MAX_TRACKS	99
#define MR_NSPEEDS	4
/* sectors between a DVD±R session's end and the next (mr_next_session()) */
#define MR_BORDER	16384

/* a sense triple key/ASC/ASCQ as the model answers it; 0: GOOD */
#define MR_SENSE(key, asc, ascq)	((key) << 16 | (asc) << 8 | (ascq))
#define MR_SENSE_KEY(v)			((v) >> 16)
#define MR_SENSE_ASC(v)			(((v) >> 8) & 0xff)
#define MR_SENSE_ASCQ(v)		((v) & 0xff)

/* a fault LBA not armed: none of the (32-bit, signed) LBAs */
#define MR_NO_FAULT	S64_MAX

/* lengths of the answers the model builds */
#define MR_DISC_INFO_LEN	34
#define MR_TRACK_INFO_LEN	48
#define MR_CUE_MAX		(8 * 200)

/* media: write-once, then rewritable (new ones at the end: sysfs names) */
enum mr_media { MR_NONE, MR_CDR, MR_DVDPR, MR_DVDMR, MR_BDR, MR_CDRW,
		MR_DVDPRW, MR_BDRE, MR_DVDMRW, MR_NMEDIA };

/*
 * How long a BLANK or FORMAT UNIT keeps the drive busy: real drives take
 * about a minute to blank a CD-RW minimally, ten or more for all of it,
 * and a few seconds for the start of a DVD+RW's background format; the
 * model keeps them short but long enough for a burner to see the progress
 * (NOT READY, progress in the sense data) at least once.
 */
#define MR_BLANK_MIN_MS		600
#define MR_BLANK_ALL_MS		2000
#define MR_FORMAT_MS		1000
/* a DVD-RW's FORMAT UNIT 10h, all of it (15h, quick: MR_FORMAT_MS) */
#define MR_FORMAT_FULL_MS	2000
/* a DVD-RW in restricted overwrite: WRITEs in whole ECC blocks */
#define MR_ECC_BLOCK		16
/* a CLOSE TRACK/SESSION with IMMED */
#define MR_CLOSE_MS		100
/* a used rewritable disc (the media knob's "written"): sectors recorded */
#define MR_USED_SECTORS		4096

/* DVD+RW background format status (READ DISC INFORMATION byte 7) */
enum mr_bgf { MR_BGF_NONE, MR_BGF_SUSPENDED, MR_BGF_RUNNING, MR_BGF_DONE };

/* READ FORMAT CAPACITIES: header, the current descriptor and four more */
#define MR_FORMAT_CAPS_MAX	(4 + 5 * 8)

extern const u32 mr_caps[];
extern const u32 mr_speeds[][MR_NSPEEDS];

enum mr_tstate { MR_T_BLANK, MR_T_OPEN, MR_T_RESERVED, MR_T_COMPLETE };

/**
 * struct mr_personality - a kind of drive: where real drives and their
 *	hosts differ, bundled (mmcrec_model.c says what each is modelled on)
 * @name: as the personalities parameter and the personality knob say it
 * @can_queue: commands the host takes at once
 * @cmd_per_lun: commands each drive takes at once
 * @max_sectors: 512-byte sectors one command may carry (the host's limit)
 * @full_ascq: a WRITE that finds the buffer full: 0 holds it until its
 *	data fits, else it is refused with NOT READY 04/@full_ascq
 * @spinup_ms: after a disc is loaded, NOT READY 04/01 for this long
 * @close_event: a closed session or disc is reported as a media change
 *	(GESN NewMedia), so sr re-reads the capacity
 * @page05_len: page 05h's page length byte (MMC's 32h or 36h)
 * @block_desc: MODE SENSE without DBD returns a block descriptor
 * @deferred: a write error is told late (a deferred error, 71h), as a
 *	drive that records from its buffer finds it
 */
struct mr_personality {
	const char *name;
	unsigned int can_queue;
	unsigned int cmd_per_lun;
	unsigned int max_sectors;
	u8 full_ascq;
	u32 spinup_ms;
	bool close_event;
	u8 page05_len;
	bool block_desc;
	bool deferred;
};

/* page 05h at its longest (MMC-5: 36h bytes after the first two) */
#define MR_PAGE05_MAX	(2 + 0x36)

#define MR_NPERSONALITIES	3
extern const struct mr_personality mr_personalities[MR_NPERSONALITIES];

struct mr_track {
	s32 start;
	u32 size;	/* reserved or final size; 0 while blank/open */
	s32 nwa;
	u8 state;
	u8 session;
};

/*
 * What is recorded on the disc: a simulated burn (page 05h's Test Write
 * bit) goes through the motions on it, then puts back what it found
 */
struct mr_disc {
	unsigned int ntracks;
	struct mr_track tracks[MR_MAX_TRACKS + 1];	/* [0] unused */
	unsigned int nsessions;		/* closed sessions */
	bool finalized;
	s32 last_recorded;		/* highest LBA written, -1 none */
	u64 written;			/* sectors */
};

/* one drive */
struct mmcrec {
	struct workqueue_struct *wq;	/* the host's */
	struct work_struct work;
	spinlock_t qlock;		/* protects queue and hung */
	struct list_head queue;
	struct list_head hung;		/* commands that never complete */
	struct mutex lock;		/* the drive state below */

	const struct mr_personality *pers;
	u8 full_ascq;			/* the personality's, or the knob's */
	u32 spinup_ms;			/* likewise */
	bool close_event;		/* likewise */
	ktime_t ready_at;		/* spinning up until then */
	u32 refused;			/* WRITEs refused for a full buffer */

	enum mr_media media;
	bool tray_open;
	bool prevent;
	u8 ua_asc, ua_ascq;		/* pending unit attention */
	bool media_event;		/* GESN NewMedia pending */
	u8 sense[18];			/* for REQUEST SENSE */

	u32 cap;			/* blocks */
	u32 blank_cap;			/* of a blank disc, 0: the medium's usual */
	struct mr_disc disc;
	bool sim;			/* a simulated burn: @saved is the disc */
	struct mr_disc saved;

	/* CD SAO: the cue sheet */
	bool cue;
	s32 cue_start;			/* first LBA to write (-150) */
	s32 cue_leadout;
	s32 cue_track_start[MR_MAX_TRACKS + 1];
	unsigned int cue_ntracks;

	u8 page05[MR_PAGE05_MAX];
	u8 page01[12];

	/* faults on demand, each fired once */
	s64 fault_write_error;		/* LBA, or MR_NO_FAULT */
	s64 fault_recovered;		/* LBA, or MR_NO_FAULT */
	s64 fault_remove;		/* LBA, or MR_NO_FAULT */
	s64 fault_deferred;		/* LBA, or MR_NO_FAULT */
	s64 deferred;			/* a deferred error to report, at LBA */
	int fault_hang;			/* WRITEs to let through first, or -1 */
	bool fault_gone;		/* no command answered, until none */

	u32 max_kbps;			/* cap on the write speed, 0 none */
	u32 speed;			/* current write speed kB/s */
	u32 read_speed;
	u64 buf_size;			/* bytes */
	u64 fill;			/* bytes at fill_t */
	ktime_t fill_t;
	ktime_t busy_until;		/* IMMED close, BLANK, FORMAT UNIT */
	u8 busy_ascq;			/* their NOT READY 04/N: 07, or 04 */
	bool busy_medium;		/* BLANK, FORMAT: the disc is not ready */
	u8 bgf;				/* DVD+RW background format, enum mr_bgf */
	bool ro;			/* DVD-RW: restricted overwrite (13h) */
	bool minimal;			/* DVD-RW blanked minimally: DAO only */
	bool flushing;			/* IMMED sync: TUR 02/04/08 */
	u64 flush_from;			/* fill when the IMMED sync came */
	ktime_t busy_from;

	/* the recording as the drive saw it, for benchmarks (stats) */
	ktime_t rec_first;		/* first WRITE of this disc, 0: none */
	ktime_t rec_end;		/* when the buffer empties after the last */
	u64 rec_bytes;			/* taken into the buffer */
	u64 rec_min_fill;		/* lowest fill at a WRITE, once it could be full */
	u32 rec_dry;			/* WRITEs that found it empty, likewise */

	struct xarray pages;
	unsigned long npages, max_pages;
};

/* big-endian field helpers */
static inline void wr16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void wr24(u8 *p, u32 v)
{
	p[0] = v >> 16;
	p[1] = v >> 8;
	p[2] = v;
}

static inline void wr32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline u32 rd16(const u8 *p)
{
	return (p[0] << 8) | p[1];
}

static inline u32 rd24(const u8 *p)
{
	return (p[0] << 16) | (p[1] << 8) | p[2];
}

static inline u32 rd32(const u8 *p)
{
	return ((u32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static inline void mr_msf(s32 lba, u8 *m, u8 *s, u8 *f)
{
	u32 a = lba + 150;

	if (lba < -150)
		a = lba + 450150;
	*m = a / 4500;
	*s = (a / 75) % 60;
	*f = a % 75;
}

static inline bool is_cd(struct mmcrec *mr)
{
	return mr->media == MR_CDR || mr->media == MR_CDRW;
}

/*
 * rewritable: BLANK (CD-RW, DVD-RW) or FORMAT UNIT (DVD+RW, BD-RE,
 * DVD-RW) make it new
 */
static inline bool mr_erasable_medium(enum mr_media m)
{
	return m == MR_CDRW || m == MR_DVDPRW || m == MR_BDRE ||
		m == MR_DVDMRW;
}

static inline bool mr_erasable(struct mmcrec *mr)
{
	return mr_erasable_medium(mr->media);
}

/*
 * written anywhere once formatted, as a disk is (DVD+RW, BD-RE, a DVD-RW
 * in restricted overwrite)
 */
static inline bool mr_overwritable(struct mmcrec *mr)
{
	return mr->media == MR_DVDPRW || mr->media == MR_BDRE ||
		(mr->media == MR_DVDMRW && mr->ro);
}

/* recorded sequentially as a DVD-R is (a DVD-R, a DVD-RW not formatted) */
static inline bool mr_dash_seq(struct mmcrec *mr)
{
	return mr->media == MR_DVDMR || (mr->media == MR_DVDMRW && !mr->ro);
}

static inline bool is_bd(struct mmcrec *mr)
{
	return mr->media == MR_BDR || mr->media == MR_BDRE;
}

/* DVD±R and DVD-RW: sessions with border zones, page 05h's block types */
static inline bool is_dvd(struct mmcrec *mr)
{
	return mr->media == MR_DVDPR || mr->media == MR_DVDMR ||
		mr->media == MR_DVDMRW;
}

/* page 05h's Test Write bit: burns are simulated (mr_sim_begin()) */
static inline bool mr_simulated(struct mmcrec *mr)
{
	return mr->page05[2] & 0x10;
}

static inline bool mr_present(struct mmcrec *mr)
{
	return mr->media != MR_NONE && !mr->tray_open;
}

/* mmcrec_model.c */
const struct mr_personality *mr_personality_find(const char *name);
void mr_set_personality(struct mmcrec *mr, const struct mr_personality *p);
void mr_spin_up(struct mmcrec *mr, ktime_t now);
u32 mr_ready(struct mmcrec *mr, ktime_t now);
bool mr_identified(struct mmcrec *mr, ktime_t now);
u32 mr_buffer_admit(struct mmcrec *mr, ktime_t now, u64 bytes);
void mr_closed(struct mmcrec *mr);
u16 mr_profile(struct mmcrec *mr);
void mr_sim_begin(struct mmcrec *mr);
void mr_sim_end(struct mmcrec *mr);
u32 mr_page05_check(struct mmcrec *mr, const u8 *p);
u64 mr_fill_now(struct mmcrec *mr, ktime_t now);
u64 mr_ns_until(struct mmcrec *mr, u64 level);
void mr_store(struct mmcrec *mr, s32 lba, const u8 *buf);
void mr_fetch(struct mmcrec *mr, s32 lba, u8 *buf);
void mr_free_pages(struct mmcrec *mr);
void mr_default_page05(u8 *p, enum mr_media m);
u32 mr_top_speed(struct mmcrec *mr);
u32 mr_pick_speed(struct mmcrec *mr, u32 want);
void mr_load_blank(struct mmcrec *mr, enum mr_media m);
void mr_load_used(struct mmcrec *mr, enum mr_media m);
void mr_busy(struct mmcrec *mr, ktime_t now, u32 ms, u8 ascq, bool medium);
u32 mr_blank(struct mmcrec *mr, unsigned int type, u32 *ms);
u32 mr_format(struct mmcrec *mr, const u8 *p, unsigned int len, u32 *ms);
unsigned int mr_format_caps(struct mmcrec *mr, u8 *b);
struct mr_track *mr_last(struct mmcrec *mr);
struct mr_track *mr_writable(struct mmcrec *mr);
u32 mr_round(struct mmcrec *mr, u32 n);
void mr_new_blank(struct mmcrec *mr, s32 start);
void mr_close_track(struct mmcrec *mr, struct mr_track *t);
void mr_close_session(struct mmcrec *mr, bool final);
int mr_disc_status(struct mmcrec *mr);
int mr_session_state(struct mmcrec *mr);
struct mr_track *mr_track_at(struct mmcrec *mr, s32 lba);
void mr_cue_done(struct mmcrec *mr);
void mr_finish_on_sync(struct mmcrec *mr);
u8 mr_long_write(struct mmcrec *mr, ktime_t now, u16 *progress);
u32 mr_reserve(struct mmcrec *mr, u32 size);
u32 mr_cue_sheet(struct mmcrec *mr, const u8 *b, unsigned int len);
u32 mr_write_admit(struct mmcrec *mr, s32 lba, u32 n);
u32 mr_read_admit(struct mmcrec *mr, s32 lba, u32 n);
void mr_write_done(struct mmcrec *mr, s32 lba, u32 n);
void mr_write_lost(struct mmcrec *mr, s32 lba);
u32 mr_close_fn(struct mmcrec *mr, unsigned int fn, unsigned int no);
void mr_account_write(struct mmcrec *mr, ktime_t now, u64 fill, u64 bytes);
u32 mr_recorded_ms(struct mmcrec *mr);
void mr_disc_info(struct mmcrec *mr, u8 *b);
int mr_track_info(struct mmcrec *mr, unsigned int type, u32 addr, u8 *b);

#endif /* _MMCREC_H */
