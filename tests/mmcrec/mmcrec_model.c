// SPDX-License-Identifier: GPL-2.0
/*
 * mmcrec's model of a drive and its disc, without SCSI: the sparse store of
 * what was written, the write speeds and the buffer that drains at the
 * current one, the write-once medium (tracks blank, open, reserved and
 * complete; sessions; the next writable address), the CD cue sheet, the
 * rewritable media (CD-RW blanked by BLANK; DVD+RW formatted by FORMAT
 * UNIT, in the background, then written anywhere; BD-RE likewise, with or
 * without spare areas; DVD-RW blanked fully or minimally and written in
 * sequence as a DVD-R, or formatted to restricted overwrite and written
 * anywhere in whole ECC blocks), and the answers built
 * from that state (READ DISC/TRACK INFORMATION, READ FORMAT CAPACITIES). Each
 * command's checks answer a sense triple (MR_SENSE()) that mmcrec_main.c turns
 * into CHECK CONDITION. Callers hold the drive's lock.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>

#include "mmcrec.h"

/*
 * The kinds of drive, and what each is modelled on:
 *
 * friendly: what the burners' authors wish every drive did. A WRITE that
 *	finds the buffer full is held until its data fits, 1 MiB per
 *	command, a closed session is reported as a media change at once,
 *	and a loaded disc is ready at once.
 * sata: an ATAPI drive behind libata. libata gives ATAPI devices
 *	ATA_MAX_SECTORS (256 x 512 bytes: 128 KiB per command) and, with no
 *	NCQ for ATAPI, one command at a time per drive (ATA_MAX_QUEUE, 32,
 *	for the host). With its buffer full it refuses a WRITE with NOT
 *	READY, LONG WRITE IN PROGRESS (02/04/08) instead of holding it:
 *	growisofs' comment in growisofs_mmc.cpp ("LONG WRITE IN PROGRESS"
 *	retried after a short sleep) and libburn's spc.c, which waits it out
 *	for the same reason. A loaded disc spins up first, answering
 *	02/04/01 (becoming ready) meanwhile, as libburn's and wodim's
 *	wait-for-ready loops expect. No media change is reported after a
 *	close: growisofs reloads the tray after closing for that reason, so
 *	that the kernel sees the new capacity. A write error comes late:
 *	the drive acknowledged the WRITE into its buffer and fails while
 *	recording it, telling the next command (a deferred error, 71h).
 * usb: a drive behind usb-storage, whose host template takes one command
 *	at a time (can_queue 1) of at most 240 sectors (max_sectors 240:
 *	120 KiB). Busy with a full buffer, it answers OPERATION IN PROGRESS
 *	(02/04/07).
 *
 * Mode pages, as burners must read them: with the length the drive gives
 * (growisofs and wodim read a header first, then what it announces).
 * Page 05h is 32h bytes long in MMC-2/3 and 36h in MMC-4/5 (the sata
 * drive's); MMC has no use for block descriptors, and ATAPI drives
 * return none whatever DBD says (the sata drive), while the friendly and
 * usb drives give the 8-byte one with 2048-byte blocks unless DBD is set.
 */
const struct mr_personality mr_personalities[MR_NPERSONALITIES] = {
	{ .name = "friendly", .can_queue = 64, .cmd_per_lun = 8,
	  .max_sectors = 2048, .close_event = true, .page05_len = 0x32,
	  .block_desc = true },
	{ .name = "sata", .can_queue = 32, .cmd_per_lun = 1,
	  .max_sectors = 256, .full_ascq = 0x08, .spinup_ms = 2000,
	  .page05_len = 0x36, .deferred = true },
	{ .name = "usb", .can_queue = 1, .cmd_per_lun = 1,
	  .max_sectors = 240, .full_ascq = 0x07, .close_event = true,
	  .page05_len = 0x32, .block_desc = true },
};

/* the personality called @name, or NULL */
const struct mr_personality *mr_personality_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < MR_NPERSONALITIES; i++)
		if (sysfs_streq(name, mr_personalities[i].name))
			return &mr_personalities[i];
	return NULL;
}

/* the drive behaves as @p says, its knobs reset to @p's values */
void mr_set_personality(struct mmcrec *mr, const struct mr_personality *p)
{
	mr->pers = p;
	mr->full_ascq = p->full_ascq;
	mr->spinup_ms = p->spinup_ms;
	mr->close_event = p->close_event;
}

/* a disc was loaded at @now: it spins up before the drive is ready */
void mr_spin_up(struct mmcrec *mr, ktime_t now)
{
	mr->ready_at = ktime_add_ms(now, mr->spinup_ms);
}

/**
 * mr_ready() - may a command that needs the disc go on?
 * @mr: the drive, with a disc in it
 * @now: the time
 *
 * Return: 0, or NOT READY 04/01 while the disc spins up.
 */
u32 mr_ready(struct mmcrec *mr, ktime_t now)
{
	if (ktime_before(now, mr->ready_at))
		return MR_SENSE(NOT_READY, 0x04, 0x01);
	return 0;
}

/*
 * Does the drive know what disc it has? Not while the disc spins up: until
 * it has read the disc's lead-in, a drive reports no current profile (a
 * burner that finds profile 0 loads the tray and waits for the unit, as
 * growisofs does).
 */
bool mr_identified(struct mmcrec *mr, ktime_t now)
{
	return mr_present(mr) && !mr_ready(mr, now);
}

/**
 * mr_buffer_admit() - does a WRITE of @bytes fit in the buffer now?
 * @mr: the drive
 * @now: the time
 * @bytes: the WRITE's data
 *
 * A friendly drive takes it anyway and holds it until it fits; the others
 * refuse it, taking nothing, with their NOT READY (an empty buffer takes
 * any WRITE, however large).
 *
 * Return: 0, or the sense triple of the refusal.
 */
u32 mr_buffer_admit(struct mmcrec *mr, ktime_t now, u64 bytes)
{
	u64 fill = mr_fill_now(mr, now);

	if (!mr->full_ascq || !fill || fill + bytes <= mr->buf_size)
		return 0;
	mr->refused++;
	return MR_SENSE(NOT_READY, 0x04, mr->full_ascq);
}

/*
 * Simulation (Test Write, MMC's "test write" of CD-R and DVD-R): the
 * drive takes the cue sheet or reservation and the WRITEs as for a real
 * burn, at the real speed through the real buffer, and records nothing.
 * The commands that change the disc begin it: the disc's state is saved
 * and what follows works on it as usual (so the next writable address
 * moves on and the burner sees its writes taken); mr_store() keeps
 * nothing. Once the simulated session or disc is closed (or Test Write
 * is switched off), the saved state comes back: the disc is as blank, or
 * as appendable, as before, with no media change to report.
 */
void mr_sim_begin(struct mmcrec *mr)
{
	if (mr->sim || !mr_simulated(mr))
		return;
	mr->saved = mr->disc;
	mr->sim = true;
}

void mr_sim_end(struct mmcrec *mr)
{
	if (!mr->sim)
		return;
	mr->disc = mr->saved;
	mr->cue = false;
	mr->sim = false;
}

/**
 * mr_profile() - the current profile (GET CONFIGURATION bytes 6-7)
 * @mr: the drive
 *
 * A DVD-RW's depends on its recording mode: 0014h sequential recording,
 * 0013h restricted overwrite (once formatted by FORMAT UNIT 10h or 15h).
 *
 * Return: the profile, 0 without a disc.
 */
u16 mr_profile(struct mmcrec *mr)
{
	static const u16 profiles[] = {
		[MR_NONE] = 0, [MR_CDR] = 0x0009, [MR_DVDPR] = 0x001b,
		[MR_DVDMR] = 0x0011, [MR_BDR] = 0x0041, [MR_CDRW] = 0x000a,
		[MR_DVDPRW] = 0x001a, [MR_BDRE] = 0x0043, [MR_DVDMRW] = 0x0014,
	};

	if (mr->media == MR_DVDMRW && mr->ro)
		return 0x0013;
	return profiles[mr->media];
}

/* a session or the disc was closed: a media change, if the drive says so */
void mr_closed(struct mmcrec *mr)
{
	if (mr->sim) {
		mr_sim_end(mr);
		return;
	}
	if (mr->close_event)
		mr->media_event = true;
}

/**
 * mr_page05_check() - may page 05h be set to @p (from its byte 2 on)?
 * @mr: the drive
 * @p: the page as MODE SELECT sends it
 *
 * The write types the medium takes (no RAW but on a CD), and Test Write
 * only where the medium has it: CD-R(W) and DVD-R(W) in sequential
 * recording; DVD+R(W), BD and a DVD-RW in restricted overwrite have no
 * simulation (their features say so), and a drive refuses the bit there.
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_page05_check(struct mmcrec *mr, const u8 *p)
{
	u8 wt = p[2] & 0x0f;

	if (wt > 3 || (!is_cd(mr) && wt == 3))
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	if ((p[2] & 0x10) && !is_cd(mr) && !mr_dash_seq(mr))
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	return 0;
}

/* usual capacities: CD-R(W) 80 min, DVD±R(W) 4.7 GB, BD-R 25 GB */
const u32 mr_caps[] = {
	[MR_NONE] = 0, [MR_CDR] = 359849, [MR_DVDPR] = 2295104,
	[MR_DVDMR] = 2298496, [MR_BDR] = 12219392, [MR_CDRW] = 359849,
	[MR_DVDPRW] = 2295104, [MR_BDRE] = 12219392, [MR_DVDMRW] = 2298496,
};

/* write speeds in kB/s */
const u32 mr_speeds[][MR_NSPEEDS] = {
	[MR_NONE] = { 2816, 4224, 5632, 8448 },
	[MR_CDR] = { 2816, 4224, 5632, 8448 },
	[MR_DVDPR] = { 5540, 11080, 16620, 22160 },
	[MR_DVDMR] = { 5540, 11080, 16620, 22160 },
	[MR_BDR] = { 8990, 17980, 26970, 35960 },
	/* rewritable media record slower: CD-RW 10-32x, DVD+RW 2-8x */
	[MR_CDRW] = { 1764, 2822, 4234, 5645 },
	[MR_DVDPRW] = { 2770, 5540, 8310, 11080 },
	[MR_BDRE] = { 4495, 8990, 13485, 17980 },
	/* DVD-RW 2-8x */
	[MR_DVDMRW] = { 2770, 5540, 8310, 11080 },
};

u64 mr_fill_now(struct mmcrec *mr, ktime_t now)
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
u64 mr_ns_until(struct mmcrec *mr, u64 level)
{
	if (mr->fill <= level || !mr->speed)
		return 0;
	return div_u64((mr->fill - level) * 1000000ULL, mr->speed);
}

void mr_store(struct mmcrec *mr, s32 lba, const u8 *buf)
{
	unsigned long idx;
	struct page *pg;
	void *p;

	if (lba < 0 || mr->sim)
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

void mr_fetch(struct mmcrec *mr, s32 lba, u8 *buf)
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

void mr_free_pages(struct mmcrec *mr)
{
	unsigned long idx;
	struct page *pg;

	xa_for_each(&mr->pages, idx, pg)
		__free_page(pg);
	xa_destroy(&mr->pages);
	mr->npages = 0;
}

void mr_default_page05(u8 *p, enum mr_media m)
{
	memset(p, 0, MR_PAGE05_MAX);
	p[0] = 0x05;
	p[1] = 0x32;
	if (m == MR_CDR || m == MR_CDRW) {
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

u32 mr_top_speed(struct mmcrec *mr)
{
	const u32 *sp = mr_speeds[mr->media];
	u32 s = sp[MR_NSPEEDS - 1];
	int i;

	/* a cap below the slowest speed: a drive that slow (for tests) */
	if (mr->max_kbps && mr->max_kbps < sp[0])
		return mr->max_kbps;
	if (mr->max_kbps) {
		s = sp[0];
		for (i = 0; i < MR_NSPEEDS; i++)
			if (sp[i] <= mr->max_kbps)
				s = sp[i];
	}
	return s;
}

/* the supported speed nearest below @want (or the slowest) */
u32 mr_pick_speed(struct mmcrec *mr, u32 want)
{
	const u32 *sp = mr_speeds[mr->media];
	u32 top = mr_top_speed(mr), s = sp[0];
	int i;

	if (top < s)
		return top;
	for (i = 0; i < MR_NSPEEDS; i++)
		if (sp[i] <= want && sp[i] <= top)
			s = sp[i];
	return s;
}

void mr_load_blank(struct mmcrec *mr, enum mr_media m)
{
	struct mr_disc *d = &mr->disc;

	mr_free_pages(mr);
	mr->media = m;
	mr->cap = mr->blank_cap ? mr->blank_cap : mr_caps[m];
	memset(d->tracks, 0, sizeof(d->tracks));
	d->ntracks = m == MR_NONE ? 0 : 1;
	d->tracks[1].start = 0;
	d->tracks[1].nwa = 0;
	d->tracks[1].state = MR_T_BLANK;
	d->tracks[1].session = 1;
	d->nsessions = 0;
	d->finalized = false;
	d->last_recorded = -1;
	mr->deferred = MR_NO_FAULT;
	mr->sim = false;
	mr->cue = false;
	d->written = 0;
	mr->rec_first = 0;
	mr->rec_end = 0;
	mr->rec_bytes = 0;
	mr->rec_min_fill = U64_MAX;
	mr->rec_dry = 0;
	mr->refused = 0;
	mr->speed = mr_top_speed(mr);
	mr->read_speed = is_cd(mr) ? 7056 : mr->speed;
	mr->fill = 0;
	mr->fill_t = ktime_get();
	mr->busy_until = 0;
	mr->busy_medium = false;
	mr->bgf = MR_BGF_NONE;
	mr->ro = false;
	mr->minimal = false;
	mr_default_page05(mr->page05, m);
	mr_spin_up(mr, mr->fill_t);
	if (m != MR_NONE) {
		mr->ua_asc = 0x28;
		mr->ua_ascq = 0;
		mr->media_event = true;
	}
}

/*
 * The disc recorded from 0 to @size as one closed session (a CD-RW), or
 * formatted whole (a DVD+RW): what is on it reads back as zeros, as
 * never stored.
 */
static void mr_recorded(struct mmcrec *mr, u32 size)
{
	struct mr_disc *d = &mr->disc;
	struct mr_track *t = &d->tracks[1];

	mr_free_pages(mr);
	memset(d->tracks, 0, sizeof(d->tracks));
	d->ntracks = 1;
	t->start = 0;
	t->size = size;
	t->nwa = size;
	t->state = MR_T_COMPLETE;
	t->session = 1;
	d->nsessions = 1;
	d->finalized = true;
	d->last_recorded = size - 1;
}

/*
 * A BD-RE's spare areas (blocks) for format type @type: 00h the drive's
 * default, 30h with the fewest the model offers (growisofs' default
 * asks for the largest capacity), 31h none. The model's sizes: 1/32 and
 * 1/96 of the disc in whole clusters (real discs: 24.2 GB of 25 GB and
 * more by default).
 */
static u32 mr_bd_spare(struct mmcrec *mr, u8 type)
{
	if (type == 0x31)
		return 0;
	return rounddown(mr->cap / (type == 0x30 ? 96 : 32), 32);
}

/**
 * mr_load_used() - load a used rewritable disc
 * @mr: the drive
 * @m: a rewritable medium: a CD-RW is loaded with one closed session of
 *	MR_USED_SECTORS sectors (a burner must blank it before it writes), a
 *	DVD+RW formatted, its background format stopped, as dvd+rw-format
 *	leaves it, a BD-RE formatted with the default spare areas, a DVD-RW
 *	in sequential recording with one closed session as a CD-RW (the
 *	burner blanks it, or formats it to restricted overwrite)
 */
void mr_load_used(struct mmcrec *mr, enum mr_media m)
{
	mr_load_blank(mr, m);
	if (m == MR_CDRW || m == MR_DVDMRW) {
		mr_recorded(mr, MR_USED_SECTORS);
	} else if (m == MR_DVDPRW) {
		mr_recorded(mr, mr->cap);
		mr->bgf = MR_BGF_SUSPENDED;
	} else if (m == MR_BDRE) {
		mr_recorded(mr, mr->cap - mr_bd_spare(mr, 0x00));
	}
}

/**
 * mr_busy() - a long operation runs from @now for @ms
 * @mr: the drive
 * @now: the time
 * @ms: its length
 * @ascq: NOT READY 04/@ascq meanwhile: 07 OPERATION IN PROGRESS (a close,
 *	BLANK), 04 FORMAT IN PROGRESS
 * @medium: the disc is not ready meanwhile (BLANK, FORMAT UNIT): commands
 *	that need it get the NOT READY too, TEST UNIT READY and REQUEST SENSE
 *	its progress (mr_long_write())
 */
void mr_busy(struct mmcrec *mr, ktime_t now, u32 ms, u8 ascq, bool medium)
{
	mr->busy_from = now;
	mr->busy_until = ktime_add_ms(now, ms);
	mr->busy_ascq = ascq;
	mr->busy_medium = medium;
}

/**
 * mr_blank() - BLANK a CD-RW or a DVD-RW
 * @mr: the drive
 * @type: blanking type: 0 the whole disc, 1 minimally (the PMA, the TOC
 *	and the first track's pregap: what is recorded cannot be found any
 *	more, so it does not read either; on a DVD-RW the lead-in and the
 *	RMA only)
 * @ms: out: how long it takes
 *
 * Either leaves a blank disc, with the medium's speeds and the mode pages
 * as they were. A DVD-RW is in sequential recording after it, whatever
 * mode it was in; blanked minimally, it takes one disc-at-once recording
 * only, as real drives say by not offering Incremental Streaming (feature
 * 0021h not current; growisofs engages DAO then, libburn offers only SAO)
 * and by refusing an incremental WRITE with ILLEGAL MODE FOR THIS TRACK
 * (05/64/00: libburn's "feat21h failure", growisofs' hint "re-run with
 * -dvd-compat -dvd-compat ... or apply full blanking"). Other types (a
 * track, a session's closing) are not
 * modelled: INVALID FIELD IN CDB, as from a drive without them; a medium
 * that cannot be blanked: CANNOT WRITE MEDIUM - INCOMPATIBLE FORMAT.
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_blank(struct mmcrec *mr, unsigned int type, u32 *ms)
{
	struct mr_disc *d = &mr->disc;
	struct mr_track *t = &d->tracks[1];

	if (mr->media != MR_CDRW && mr->media != MR_DVDMRW)
		return MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05);
	if (type > 1)
		return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0);
	mr->ro = false;
	mr->minimal = mr->media == MR_DVDMRW && type == 1;
	mr_free_pages(mr);
	memset(d->tracks, 0, sizeof(d->tracks));
	d->ntracks = 1;
	t->state = MR_T_BLANK;
	t->session = 1;
	d->nsessions = 0;
	d->finalized = false;
	d->last_recorded = -1;
	mr->cue = false;
	mr->sim = false;
	mr->deferred = MR_NO_FAULT;
	*ms = type ? MR_BLANK_MIN_MS : MR_BLANK_ALL_MS;
	return 0;
}

/*
 * FORMAT UNIT on a BD-RE: format type 00h (the default spare areas), 30h
 * (with spare areas: the descriptor's number of blocks picks which of
 * READ FORMAT CAPACITIES' 30h descriptors) or 31h (none: the whole disc).
 * The disc is formatted to that capacity, what was on it gone; the
 * certification bits (byte 4 bits 1-0) are taken and not modelled.
 */
static u32 mr_format_bd(struct mmcrec *mr, const u8 *p, unsigned int len,
			u32 *ms)
{
	u8 type = p[8] >> 2;
	u32 size;

	if (len < 12 || rd16(p + 2) != 8)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	if (type != 0x00 && type != 0x30 && type != 0x31)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	size = mr->cap - mr_bd_spare(mr, type);
	if (type == 0x30 && rd32(p + 4) != size) {
		size = mr->cap - mr_bd_spare(mr, 0x00);
		if (rd32(p + 4) != size)
			return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	}
	mr_recorded(mr, size);
	*ms = MR_FORMAT_MS;
	return 0;
}

/*
 * FORMAT UNIT on a DVD-RW: format type 15h (quick), 10h (DVD-RW full) or
 * 00h (full) turns a disc in either mode into restricted overwrite,
 * formatted whole (a quick format's size, 0 for dvd+rw-format's "really
 * quick", is taken as the disc: the model has no intermediate state to
 * grow); what was on it is gone. 13h (quick grow the last border) on a
 * formatted disc has nothing to grow. The type-dependent parameter: 00h's
 * the block length (2048), the others' the ECC block (16 sectors).
 */
static u32 mr_format_dvdrw(struct mmcrec *mr, const u8 *p, unsigned int len,
			   u32 *ms)
{
	u8 type = p[8] >> 2;

	if (len < 12 || rd16(p + 2) != 8 ||
	    rd24(p + 9) != (type ? MR_ECC_BLOCK : MR_BS))
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	if (type == 0x13 && mr->ro) {
		*ms = MR_CLOSE_MS;
		return 0;
	}
	if (type != 0x00 && type != 0x10 && type != 0x15)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	mr_recorded(mr, mr->cap);
	mr->ro = true;
	mr->minimal = false;
	mr->sim = false;
	mr->cue = false;
	mr->deferred = MR_NO_FAULT;
	*ms = type == 0x15 ? MR_FORMAT_MS : MR_FORMAT_FULL_MS;
	return 0;
}

/**
 * mr_format() - FORMAT UNIT's parameter list on a DVD+RW
 * @mr: the drive
 * @p: the list: a 4-byte header (byte 1 bit 1 IMMED) and one 8-byte
 *	format descriptor (blocks, format type in byte 4 bits 7-2, then a
 *	type-dependent parameter)
 * @len: its bytes
 * @ms: out: how long the drive is busy (the start of the background
 *	format: after it the disc is used as formatted while the drive goes
 *	on formatting the rest)
 *
 * Format type 26h, "DVD+RW full": a new format (any DVD+RW: what was on it
 * is gone), or with the restart bit (parameter bit 0) one stopped before
 * resumed. The background format runs until CLOSE TRACK/SESSION stops it
 * (mr_close_fn()). A BD-RE: mr_format_bd(); a DVD-RW: mr_format_dvdrw().
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_format(struct mmcrec *mr, const u8 *p, unsigned int len, u32 *ms)
{
	if (mr->media == MR_BDRE)
		return mr_format_bd(mr, p, len, ms);
	if (mr->media == MR_DVDMRW)
		return mr_format_dvdrw(mr, p, len, ms);
	if (mr->media != MR_DVDPRW)
		return MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05);
	if (len < 12 || rd16(p + 2) != 8 || (p[8] >> 2) != 0x26)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	if (p[11] & 1) {
		if (mr->bgf != MR_BGF_SUSPENDED)
			return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
		mr->bgf = MR_BGF_RUNNING;
		*ms = MR_CLOSE_MS;
		return 0;
	}
	mr_recorded(mr, mr->cap);
	mr->bgf = MR_BGF_RUNNING;
	*ms = MR_FORMAT_MS;
	return 0;
}

/* a BD-RE's format descriptor of @type at @b + @n; the next @n */
static unsigned int mr_bd_format_desc(struct mmcrec *mr, u8 *b,
				      unsigned int n, u8 type)
{
	u32 spare = mr_bd_spare(mr, type);

	wr32(b + n, mr->cap - spare);
	b[n + 4] = type << 2;
	wr24(b + n + 5, spare);
	return n + 8;
}

/**
 * mr_format_caps() - the READ FORMAT CAPACITIES answer
 * @mr: the drive
 * @b: out: MR_FORMAT_CAPS_MAX bytes
 *
 * The current/maximum capacity descriptor (byte 8: 1 unformatted or
 * blank, 2 formatted), then the formats the medium takes: a blank BD-R
 * 32h (growisofs' default asks for it), a DVD+RW 26h, "DVD+RW full",
 * which growisofs and dvd+rw-format look for, formatted or not, a BD-RE
 * 00h, 30h and 31h (their spare areas' size in the parameter), a DVD-RW
 * 00h (full, the block length in the parameter: growisofs reads the
 * formatted capacity from it, and finds none without it), 10h (DVD-RW
 * full) and 15h (quick), the ECC block's 16 sectors in their parameter
 * (dvd+rw-format and libburn look for 15h, dvd+rw-format -force=full for
 * 10h, libburn's full format for 00h); the current descriptor says
 * formatted in restricted overwrite only.
 *
 * Return: the answer's length.
 */
unsigned int mr_format_caps(struct mmcrec *mr, u8 *b)
{
	unsigned int n = 12;

	memset(b, 0, MR_FORMAT_CAPS_MAX);
	wr32(b + 4, mr->cap);
	b[8] = mr_disc_status(mr) ? 0x02 : 0x01;
	wr24(b + 9, MR_BS);
	if (mr->media == MR_BDR && !mr_disc_status(mr)) {
		wr32(b + 12, mr->cap);
		b[16] = 0x32 << 2;
		n = 20;
	} else if (mr->media == MR_DVDPRW) {
		b[8] = mr->bgf == MR_BGF_NONE ? 0x01 : 0x02;
		wr32(b + 12, mr->cap);
		b[16] = 0x26 << 2;
		n = 20;
	} else if (mr->media == MR_DVDMRW) {
		b[8] = mr->ro ? 0x02 : 0x01;
		wr32(b + 12, mr->cap);
		wr24(b + 17, MR_BS);
		wr32(b + 20, mr->cap);
		b[24] = 0x10 << 2;
		wr24(b + 25, MR_ECC_BLOCK);
		wr32(b + 28, mr->cap);
		b[32] = 0x15 << 2;
		wr24(b + 33, MR_ECC_BLOCK);
		n = 36;
	} else if (mr->media == MR_BDRE) {
		/* formatted: its capacity; the formats, each with its spare */
		if (mr->disc.finalized)
			wr32(b + 4, mr->disc.tracks[1].size);
		n = mr_bd_format_desc(mr, b, n, 0x00);
		n = mr_bd_format_desc(mr, b, n, 0x30);
		n = mr_bd_format_desc(mr, b, n, 0x31);
	}
	b[3] = n - 4;
	return n;
}

struct mr_track *mr_last(struct mmcrec *mr)
{
	return mr->disc.ntracks ? &mr->disc.tracks[mr->disc.ntracks] : NULL;
}

/* the track that accepts a write now, NULL if none */
struct mr_track *mr_writable(struct mmcrec *mr)
{
	unsigned int i;

	for (i = 1; i <= mr->disc.ntracks; i++)
		if (mr->disc.tracks[i].state == MR_T_RESERVED ||
		    mr->disc.tracks[i].state == MR_T_OPEN)
			return &mr->disc.tracks[i];
	if (mr->disc.finalized || !mr->disc.ntracks)
		return NULL;
	return mr->disc.tracks[mr->disc.ntracks].state == MR_T_BLANK ?
		&mr->disc.tracks[mr->disc.ntracks] : NULL;
}

u32 mr_round(struct mmcrec *mr, u32 n)
{
	u32 b = is_cd(mr) ? 1 : is_bd(mr) ? 32 : 16;

	return roundup(n, b);
}

/* a new blank (invisible) track after the last one, if space is left */
void mr_new_blank(struct mmcrec *mr, s32 start)
{
	struct mr_track *t;

	if (mr->disc.ntracks >= MR_MAX_TRACKS || start >= (s32)mr->cap)
		return;
	t = &mr->disc.tracks[++mr->disc.ntracks];
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->nwa = start;
	t->state = MR_T_BLANK;
	t->session = mr->disc.nsessions + 1;
}

void mr_close_track(struct mmcrec *mr, struct mr_track *t)
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

/*
 * Where the session after a closed one begins: not where the last ended,
 * so a burner must read the next writable address, never compute it.
 * A CD session ends in its lead-out (6750 sectors after the first
 * session, 2250 after the others), and the next begins with its lead-in
 * (4500) and its first track's pregap (150): the 11400 sectors that
 * `cdrecord -msinfo` shows after a first session. A DVD±R session is
 * closed by a border zone (DVD-R) or a closure (DVD+R), written by the
 * drive after the data; the model gives it MR_BORDER sectors. A BD-R
 * session needs none (the next one starts on the next cluster).
 */
static void mr_next_session(struct mmcrec *mr, struct mr_track *t)
{
	u32 gap;

	if (is_cd(mr))
		gap = (mr->disc.nsessions == 1 ? 6750 : 2250) + 4500 + 150;
	else if (is_dvd(mr))
		gap = MR_BORDER;
	else
		return;
	if (t->start + gap >= (s64)mr->cap) {
		/* no room for another session: the disc is full */
		mr->disc.finalized = true;
		return;
	}
	t->start += gap;
	t->nwa = t->start;
}

/* close the open session; @final: no further sessions */
void mr_close_session(struct mmcrec *mr, bool final)
{
	struct mr_disc *d = &mr->disc;
	unsigned int i;
	struct mr_track *t;

	for (i = 1; i <= d->ntracks; i++)
		if (d->tracks[i].state == MR_T_OPEN ||
		    d->tracks[i].state == MR_T_RESERVED)
			mr_close_track(mr, &d->tracks[i]);
	t = mr_last(mr);
	if (t && t->state == MR_T_BLANK && t->session == d->nsessions + 1) {
		/* nothing recorded in this session: nothing to close */
		if (d->ntracks == 1 || d->tracks[d->ntracks - 1].session <=
		    d->nsessions) {
			if (final && d->nsessions)
				d->finalized = true;
			goto out;
		}
	}
	d->nsessions++;
	if (t && t->state == MR_T_BLANK)
		t->session = d->nsessions + 1;
	if (final || !t || t->state != MR_T_BLANK)
		d->finalized = true;
	else
		mr_next_session(mr, t);
out:
	if (d->finalized && t && t->state == MR_T_BLANK)
		d->ntracks--;
	mr_closed(mr);
}

/* disc status for READ DISC INFORMATION: 0 blank, 1 appendable, 2 complete */
int mr_disc_status(struct mmcrec *mr)
{
	if (mr->disc.finalized)
		return 2;
	if (mr->disc.last_recorded < 0 && mr->disc.nsessions == 0 &&
	    mr->disc.tracks[1].state == MR_T_BLANK)
		return 0;
	return 1;
}

/* last session state: 0 empty, 1 incomplete, 3 complete */
int mr_session_state(struct mmcrec *mr)
{
	const struct mr_disc *d = &mr->disc;
	struct mr_track *t = mr_last(mr);

	if (d->finalized)
		return 3;
	if (t && t->state == MR_T_BLANK &&
	    (d->ntracks == 1 ||
	     d->tracks[d->ntracks - 1].session <= d->nsessions))
		return 0;
	return 1;
}

struct mr_track *mr_track_at(struct mmcrec *mr, s32 lba)
{
	unsigned int i;

	for (i = mr->disc.ntracks; i >= 1; i--)
		if (mr->disc.tracks[i].start <= lba)
			return &mr->disc.tracks[i];
	return mr->disc.ntracks ? &mr->disc.tracks[1] : NULL;
}

/* CD SAO session written to its lead-out: make its tracks */
void mr_cue_done(struct mmcrec *mr)
{
	struct mr_disc *d = &mr->disc;
	struct mr_track *t = mr_writable(mr);
	unsigned int i, first = t - d->tracks;

	for (i = 1; i <= mr->cue_ntracks; i++) {
		struct mr_track *n = &d->tracks[first + i - 1];
		s32 end = i < mr->cue_ntracks ? mr->cue_track_start[i + 1] :
			mr->cue_leadout;

		memset(n, 0, sizeof(*n));
		n->start = mr->cue_track_start[i];
		n->size = end - n->start;
		n->nwa = end;
		n->state = MR_T_COMPLETE;
		n->session = d->nsessions + 1;
	}
	d->ntracks = first + mr->cue_ntracks - 1;
	mr->cue = false;
	d->nsessions++;
	if ((mr->page05[3] >> 6) == 3 && d->ntracks < MR_MAX_TRACKS &&
	    mr->cue_leadout < (s32)mr->cap) {
		mr_new_blank(mr, mr->cue_leadout);
		mr_next_session(mr, mr_last(mr));
	} else {
		d->finalized = true;
	}
	mr_closed(mr);
}

void mr_finish_on_sync(struct mmcrec *mr)
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
	    (mr->page05[2] & 0x0f) == 2 && mr_dash_seq(mr)) {
		mr_close_track(mr, t);
		mr_close_session(mr, true);
		return;
	}
	/* CD TAO: SYNCHRONIZE CACHE closes the track */
	if (is_cd(mr) && t->state == MR_T_OPEN &&
	    (mr->page05[2] & 0x0f) == 1)
		mr_close_track(mr, t);
}

/*
 * A long write in progress (ASCQ 07: a close with IMMED or a BLANK, 04: a
 * FORMAT UNIT, 08: a cache flush with IMMED), with its progress in the sense-key specific bytes
 * (SKSV, then done/65536) as MMC has a drive report it; 0 if none.
 */
u8 mr_long_write(struct mmcrec *mr, ktime_t now, u16 *progress)
{
	u64 fill, done, all;

	if (ktime_before(now, mr->busy_until)) {
		done = ktime_to_ns(ktime_sub(now, mr->busy_from));
		all = ktime_to_ns(ktime_sub(mr->busy_until, mr->busy_from));
		*progress = div64_u64(done << 16, all);
		return mr->busy_ascq;
	}
	if (mr->busy_medium) {
		/*
		 * a BLANK or FORMAT UNIT is over: the disc's capacity is new,
		 * a media change for a drive that reports its closes
		 */
		mr->busy_medium = false;
		mr_closed(mr);
	}
	fill = mr->flushing ? mr_fill_now(mr, now) : 0;
	if (fill) {
		*progress = div64_u64((mr->flush_from - min(fill, mr->flush_from))
				      << 16, mr->flush_from);
		return 0x08;
	}
	mr->flushing = false;
	return 0;
}

/**
 * mr_disc_info() - the READ DISC INFORMATION answer (data type 000b)
 * @mr: the drive
 * @b: out: MR_DISC_INFO_LEN bytes
 */
void mr_disc_info(struct mmcrec *mr, u8 *b)
{
	struct mr_disc *d = &mr->disc;
	unsigned int first_last, last, ns;
	struct mr_track *t = mr_last(mr);

	memset(b, 0, MR_DISC_INFO_LEN);
	wr16(b, MR_DISC_INFO_LEN - 2);
	b[2] = (mr_session_state(mr) << 2) | mr_disc_status(mr);
	if (mr_erasable(mr))
		b[2] |= 0x10;
	b[3] = 1;
	ns = d->nsessions + (d->finalized ? 0 : 1);
	last = d->ntracks;
	first_last = 1;
	if (t)
		first_last = d->finalized ? d->ntracks : 0;
	if (!d->finalized) {
		unsigned int i;

		for (i = 1; i <= d->ntracks; i++)
			if (d->tracks[i].session == d->nsessions + 1) {
				first_last = i;
				break;
			}
	} else {
		unsigned int i;

		for (i = d->ntracks; i >= 1; i--)
			if (d->tracks[i].session < d->tracks[last].session)
				break;
		first_last = i + 1;
	}
	if (!first_last)
		first_last = 1;
	b[4] = ns;
	b[5] = first_last;
	b[6] = last;
	b[7] = 0x20;			/* URU */
	if (mr->media == MR_DVDPRW)
		b[7] |= mr->bgf;	/* background format status */
	b[8] = is_cd(mr) ? 0x00 : 0x00;
	if (d->finalized) {
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
}

/**
 * mr_track_info() - the READ TRACK INFORMATION answer
 * @mr: the drive
 * @type: address type: 0 LBA, 1 track number (FFh: the writable one),
 *	2 session number
 * @addr: the address
 * @b: out: MR_TRACK_INFO_LEN bytes
 *
 * Return: 0, or -EINVAL when no track answers to the address.
 */
int mr_track_info(struct mmcrec *mr, unsigned int type, u32 addr, u8 *b)
{
	struct mr_disc *d = &mr->disc;
	struct mr_track *t = NULL;
	unsigned int no, i;
	u32 free = 0, size;

	memset(b, 0, MR_TRACK_INFO_LEN);
	switch (type) {
	case 0:
		t = mr_track_at(mr, (s32)addr);
		break;
	case 1:
		if (addr == 0xff)
			t = mr_writable(mr);
		else if (addr >= 1 && addr <= d->ntracks)
			t = &d->tracks[addr];
		break;
	case 2:
		for (i = 1; i <= d->ntracks; i++)
			if (d->tracks[i].session == addr) {
				t = &d->tracks[i];
				break;
			}
		break;
	default:
		break;
	}
	if (!t)
		return -EINVAL;
	no = t - d->tracks;
	wr16(b, MR_TRACK_INFO_LEN - 2);
	b[2] = no;
	b[3] = t->session;
	b[5] = is_cd(mr) ? 0x04 : 0x05;
	b[6] = 0x01;			/* data mode 1 */
	if (!is_cd(mr))
		wr32(b + 20, is_bd(mr) ? 32 : 16);
	switch (t->state) {
	case MR_T_BLANK:
		b[7] = 0x01;
		if (mr->cue && t->nwa > mr->cue_start) {
			/* a CD in SAO being written: up to the lead-out */
			free = mr->cue_leadout - max(t->nwa, t->start);
			size = mr->cue_leadout - t->start;
			break;
		}
		b[6] |= 0x40;
		free = mr->cap - t->start;
		size = free;
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
	/*
	 * DVD-R(W): incremental, variable packets (growisofs refuses FP
	 * there); restricted overwrite: fixed packets of an ECC block, which
	 * growisofs insists on
	 */
	if (mr->media == MR_DVDPR && t->state != MR_T_COMPLETE)
		b[6] |= 0x20 | 0x10;
	else if (mr_dash_seq(mr) && t->state != MR_T_COMPLETE)
		b[6] |= 0x20;
	else if (mr_overwritable(mr) && mr->media == MR_DVDMRW)
		b[6] |= 0x20 | 0x10;
	wr32(b + 8, t->start);
	if (b[7] & 1)
		wr32(b + 12, t->nwa);
	wr32(b + 16, free);
	wr32(b + 24, size);
	if (t->nwa > t->start) {
		b[7] |= 0x02;
		wr32(b + 28, t->nwa - 1);
	}
	return 0;
}

/**
 * mr_reserve() - RESERVE TRACK of @size blocks on the invisible track
 * @mr: the drive
 * @size: blocks
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_reserve(struct mmcrec *mr, u32 size)
{
	struct mr_track *t = mr_writable(mr);

	if (!t || t->state != MR_T_BLANK || t != mr_last(mr))
		return MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0);
	if (!size || t->start + mr_round(mr, size) > mr->cap)
		return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0);
	mr_sim_begin(mr);
	t->state = MR_T_RESERVED;
	t->size = size;
	mr_new_blank(mr, t->start + mr_round(mr, size));
	return 0;
}

/**
 * mr_cue_sheet() - take a CD SAO cue sheet (SEND CUE SHEET)
 * @mr: the drive
 * @b: the cue sheet: 8-byte entries
 * @len: its bytes
 *
 * The first write must then come at the first entry's address (the
 * pregap, -150 on a blank disc), the session ends at the lead-out entry.
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_cue_sheet(struct mmcrec *mr, const u8 *b, unsigned int len)
{
	struct mr_track *t = mr_writable(mr);
	bool leadout = false;
	unsigned int i;

	if (!is_cd(mr))
		return MR_SENSE(ILLEGAL_REQUEST, 0x20, 0);
	if (!len || len % 8 || len > MR_CUE_MAX)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	if (!t || t->state != MR_T_BLANK)
		return MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0);
	mr->cue_ntracks = 0;
	mr->cue_leadout = 0;
	mr->cue_start = t->start;
	for (i = 0; i < len; i += 8) {
		const u8 *e = b + i;
		/* absolute disc addresses, as in the TOC */
		s32 lba = (e[5] * 60 + e[6]) * 75 + e[7] - 150;

		if (e[1] == 0xaa) {
			mr->cue_leadout = lba;
			leadout = true;
		} else if (e[1] >= 1 && e[1] <= MR_MAX_TRACKS) {
			if (e[2] == 0 && mr->cue_ntracks == 0 && i <= 8)
				mr->cue_start = lba;
			if (e[2] == 1 && e[1] > mr->cue_ntracks) {
				mr->cue_ntracks = e[1];
				mr->cue_track_start[e[1]] = lba;
			}
		}
	}
	/* a later session's pregap begins where its first track does, less 150 */
	if (!leadout || !mr->cue_ntracks || mr->cue_leadout <= mr->cue_start ||
	    mr->cue_start < t->start - 150 ||
	    mr->cue_leadout > (s32)mr->cap ||
	    mr->disc.ntracks + mr->cue_ntracks > MR_MAX_TRACKS)
		return MR_SENSE(ILLEGAL_REQUEST, 0x26, 0);
	mr_sim_begin(mr);
	mr->cue = true;
	t->nwa = mr->cue_start;
	return 0;
}

/**
 * mr_write_admit() - may @n blocks be written at @lba now?
 * @mr: the drive
 * @lba: first block
 * @n: blocks, at least 1
 *
 * Only at the next writable address of the writable track, and not past
 * its reservation, the cue sheet's lead-out or the disc; on a formatted
 * DVD+RW anywhere on the disc (an unformatted one is refused). In the order
 * MMC gives a write type: session at once on a CD after a cue sheet,
 * disc at once on a DVD-R in a reserved track (COMMAND SEQUENCE ERROR
 * otherwise: the drive would not know where the session ends). The
 * sector's length follows page 05h's data block type, or in session at
 * once the cue sheet's data form: the model records 2048-byte sectors
 * (Mode 1, 8; Mode 2 Form 1, 10), and refuses a WRITE while page 05h
 * says another (ILLEGAL MODE FOR THIS TRACK).
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_write_admit(struct mmcrec *mr, s32 lba, u32 n)
{
	struct mr_track *t = mr_writable(mr);
	bool at_once = (mr->page05[2] & 0x0f) == 2;
	u8 dbt = mr->page05[4] & 0x0f;
	s32 end;

	if (mr_overwritable(mr)) {
		/* an unformatted DVD+RW or BD-RE: FORMAT UNIT first */
		if (!mr->disc.finalized)
			return MR_SENSE(ILLEGAL_REQUEST, 0x30, 0x05);
		if (lba < 0 || (s64)lba + n > mr->disc.tracks[1].size)
			return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x00);
		/*
		 * restricted overwrite is rigid: whole ECC blocks, as
		 * growisofs and libburn (32 KiB, "_Rigid_ Restricted
		 * Overwrite demands this") write it; MMC-5 has a drive
		 * refuse others, INVALID FIELD IN CDB
		 */
		if (mr->media == MR_DVDMRW &&
		    (lba % MR_ECC_BLOCK || n % MR_ECC_BLOCK))
			return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0x00);
		return 0;
	}
	/* nothing writable (a closed disc, a used CD-RW): no address is */
	if (!t)
		return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02);
	/* a minimally blanked DVD-RW: no incremental recording */
	if (mr->minimal && (mr->page05[2] & 0x0f) == 0)
		return MR_SENSE(ILLEGAL_REQUEST, 0x64, 0x00);
	if (!mr->cue && (is_cd(mr) || is_dvd(mr)) && dbt != 8 && dbt != 10)
		return MR_SENSE(ILLEGAL_REQUEST, 0x64, 0x00);
	if (at_once && is_cd(mr) && !mr->cue)
		return MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0x00);
	if (at_once && mr_dash_seq(mr) && t->state != MR_T_RESERVED)
		return MR_SENSE(ILLEGAL_REQUEST, 0x2c, 0x00);
	if (lba != t->nwa)
		return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x02);
	if (mr->cue)
		end = mr->cue_leadout;
	else if (t->state == MR_T_RESERVED)
		end = t->start + t->size;
	else
		end = mr->cap;
	if ((s64)lba + n > end)
		return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0x00);
	return 0;
}

/**
 * mr_read_admit() - may @n blocks be read from @lba?
 * @mr: the drive
 * @lba: first block
 * @n: blocks
 *
 * Only what was recorded reads: a track's sectors up to its end (complete)
 * or its next writable address. A drive has nothing to read in a blank
 * area (the rest of the disc, a border zone, the gap between sessions) and
 * says so; zeros would pass a read-back that ought to fail.
 *
 * Return: 0, or LOGICAL BLOCK ADDRESS OUT OF RANGE 05/21/00.
 */
u32 mr_read_admit(struct mmcrec *mr, s32 lba, u32 n)
{
	s64 pos = lba, end = (s64)lba + n;
	unsigned int i;

	if (lba < 0 || end > mr->cap)
		return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0);
	/* track by track: adjacent ones (a CD's) read as one */
	while (pos < end) {
		s64 rec_end = 0;

		for (i = 1; i <= mr->disc.ntracks; i++) {
			struct mr_track *t = &mr->disc.tracks[i];
			s64 e = t->state == MR_T_COMPLETE ?
				(s64)t->start + t->size : t->nwa;

			if (pos >= t->start && pos < e)
				rec_end = e;
		}
		if (!rec_end)
			return MR_SENSE(ILLEGAL_REQUEST, 0x21, 0);
		pos = rec_end;
	}
	return 0;
}

/**
 * mr_write_done() - @n blocks from @lba are on the disc
 * @mr: the drive
 * @lba: first block, as admitted by mr_write_admit()
 * @n: blocks (0: none after all)
 */
void mr_write_done(struct mmcrec *mr, s32 lba, u32 n)
{
	struct mr_track *t;

	if (mr_overwritable(mr)) {
		/* anywhere: no track changes, the highest LBA is the last */
		if (n && lba + (s32)n - 1 > mr->disc.last_recorded)
			mr->disc.last_recorded = lba + n - 1;
		mr->disc.written += n;
		return;
	}
	if (n)
		mr_sim_begin(mr);
	t = mr_writable(mr);
	if (n && t->state == MR_T_BLANK && !mr->cue)
		t->state = MR_T_OPEN;
	t->nwa = lba + n;
	if (t->nwa - 1 > mr->disc.last_recorded)
		mr->disc.last_recorded = t->nwa - 1;
	mr->disc.written += n;
}

/**
 * mr_write_lost() - what was taken from @lba on never reached the disc
 * @mr: the drive
 * @lba: the sector a deferred write error names
 *
 * The drive had acknowledged the WRITEs; recording from its buffer, it
 * failed at @lba. The track ends there: its next writable address goes
 * back to @lba, and the sectors after it were never recorded.
 */
void mr_write_lost(struct mmcrec *mr, s32 lba)
{
	struct mr_track *t = mr_writable(mr);

	if (!t || lba >= t->nwa || lba < t->start)
		return;
	mr->disc.written -= t->nwa - lba;
	t->nwa = lba;
	mr->disc.last_recorded = lba - 1;
}

/**
 * mr_close_fn() - CLOSE TRACK/SESSION
 * @mr: the drive
 * @fn: close function: 1 track @no (FFh or none: the writable one), open
 *	or reserved (else refused: nothing to close), 2/3
 *	session (finalized on a CD or DVD-R whose page 05h says no
 *	multisession),
 *	4-6 finalize; on a DVD+RW 0 and 2 stop the background format, and
 *	1 and 3 have nothing to do
 * @no: track number for function 1
 *
 * Return: 0 or the sense triple of the refusal.
 */
u32 mr_close_fn(struct mmcrec *mr, unsigned int fn, unsigned int no)
{
	struct mr_track *t;

	/*
	 * DVD+RW: function 0 stops the background format at once, 2 stops
	 * it after a lead-out that makes the disc readable in DVD-ROM drives
	 * (growisofs sends both); the track, always the whole disc, has
	 * nothing to close
	 */
	if (mr_overwritable(mr)) {
		if (fn > 3)
			return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0);
		if ((fn == 0 || fn == 2) && mr->bgf == MR_BGF_RUNNING) {
			mr->bgf = MR_BGF_SUSPENDED;
			mr_closed(mr);
		}
		return 0;
	}
	/* a refused close changes nothing, so it does not begin a simulation */
	switch (fn) {
	case 1:
		if (no == 0xff || no < 1 || no > mr->disc.ntracks)
			t = mr_writable(mr);
		else
			t = &mr->disc.tracks[no];
		/*
		 * Only a track being written can be closed: an empty
		 * (invisible) track has nothing to close and a complete one
		 * is closed already (MMC: INVALID FIELD IN CDB)
		 */
		if (!t || (t->state != MR_T_OPEN && t->state != MR_T_RESERVED))
			return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0);
		mr_sim_begin(mr);
		mr_close_track(mr, t);
		return 0;
	case 2:
	case 3:
		mr_sim_begin(mr);
		/* multi-session 00b: a CD or DVD-R session closes the disc */
		mr_close_session(mr, (mr->page05[3] >> 6) == 0 &&
				 (is_cd(mr) || mr_dash_seq(mr)));
		return 0;
	case 4:
	case 5:
	case 6:
		mr_sim_begin(mr);
		mr_close_session(mr, true);
		return 0;
	default:
		return MR_SENSE(ILLEGAL_REQUEST, 0x24, 0);
	}
}

/**
 * mr_account_write() - a WRITE's data taken into the buffer
 * @mr: the drive
 * @now: when
 * @fill: bytes in the buffer just before (its low point since the last)
 * @bytes: the WRITE's data, already added to mr->fill
 *
 * Once the data taken could have filled the buffer, the fill found by
 * each WRITE is the buffer's low point: a fill of 0 means the drive ran
 * dry and would have stopped recording (an underrun, saved by BUFE).
 * The recording ends when the buffer has drained after the last WRITE.
 */
void mr_account_write(struct mmcrec *mr, ktime_t now, u64 fill, u64 bytes)
{
	if (!mr->rec_first)
		mr->rec_first = now;
	if (mr->rec_bytes >= mr->buf_size) {
		if (!fill)
			mr->rec_dry++;
		mr->rec_min_fill = min(mr->rec_min_fill, fill);
	}
	mr->rec_bytes += bytes;
	mr->rec_end = ktime_add_ns(now, mr_ns_until(mr, 0));
}

/* ms from the first WRITE to the end of the recording, 0 if none */
u32 mr_recorded_ms(struct mmcrec *mr)
{
	if (!mr->rec_first)
		return 0;
	return (u32)ktime_ms_delta(mr->rec_end, mr->rec_first);
}
