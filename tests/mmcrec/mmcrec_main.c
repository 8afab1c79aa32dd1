// SPDX-License-Identifier: GPL-2.0
/*
 * mmcrec: an emulated MMC recorder for tests.
 *
 * A SCSI low-level driver, built like drivers/scsi/scsi_debug.c, that
 * registers a host for each personality asked for (a kind of drive and
 * its host's limits: friendly, sata, usb; see mmcrec_model.c), each with
 * one or more removable MMC drives (peripheral type 5, one per target).
 * sr, sg and we2 attach to each; growisofs, wodim, cdrskin and xorriso
 * burn to them. The medium behaves as
 * write-once media do: writes only at the next writable address, reserved
 * tracks, track and session close, disc status blank -> appendable ->
 * complete; a CD-RW is blank again after BLANK, a DVD+RW or BD-RE is
 * formatted by FORMAT UNIT and then written anywhere, a DVD-RW is blanked
 * (written then as a DVD-R) or formatted to restricted overwrite. Written sectors are
 * kept sparsely (an xarray of pages) so that they read back through
 * /dev/srN.
 *
 * The drive writes to the medium at its current speed through a buffer:
 * a WRITE completes when its data fits in the buffer (an hrtimer holds
 * it otherwise), SYNCHRONIZE CACHE when the buffer is drained.
 *
 * Knobs of each drive in its SCSI device's directory,
 * /sys/bus/scsi/devices/H:0:T:0/ (host proc_name "mmcrec"):
 *   media        read: loaded medium; write none|cd-r|dvd+r|dvd-r|bd-r|
 *                cd-rw|dvd+rw|bd-re|dvd-rw to load a fresh blank disc of that kind
 *                (or remove it); "cd-rw written" (and so on): a used one
 *   tray         read: open|closed; write eject|load
 *   changed      write 1: report a media change (GESN NewMedia) so that
 *                sr re-reads the capacity on the next open
 *   speed        read: current write speed in kB/s and the list of
 *                supported ones; write N: cap the write speed at N kB/s
 *   stats        read: buffer size, fill, sectors written
 *   fault        write write-error LBA | recovered LBA | remove LBA | hang |
 *                reset | gone | none:
 *                a fault on demand (see fault_store()); read: armed ones
 *   personality  read: the host's kind of drive
 *   spinup_ms    ms a loaded disc spins up, answering NOT READY 04/01
 *   full_ascq    a WRITE finding the buffer full: 0 held until it fits,
 *                1, 7 or 8: refused with NOT READY 04/that
 *   close_event  1: a closed session is reported as a media change
 * (the last three start as the personality says)
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

#include "mmcrec.h"

static char *media = "dvd+r";
module_param(media, charp, 0444);
MODULE_PARM_DESC(media, "medium loaded at start: none, cd-r, dvd+r, dvd-r, bd-r, cd-rw, dvd+rw, bd-re, dvd-rw (dvd+r)");

static unsigned int buffer_kb = 4096;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "drive buffer in KiB (4096)");

static unsigned int store_mb = 1024;
module_param(store_mb, uint, 0444);
MODULE_PARM_DESC(store_mb, "MiB of written data kept for read-back (1024)");

static unsigned int max_kbps;
module_param(max_kbps, uint, 0444);
MODULE_PARM_DESC(max_kbps, "cap on the write speed in kB/s, 0 = none");

/*
 * A host that takes few commands at once, as usb-storage's (1): a sender
 * that keeps more in flight waits for a tag, or is told to try again.
 */
static unsigned int can_queue = 64;
module_param(can_queue, uint, 0444);
MODULE_PARM_DESC(can_queue, "commands the friendly host takes at once, 1 to 64 (64)");

/*
 * Host limits cannot change on a live device, so a personality is a host:
 * one per name given, each with its drives.
 */
static char *personalities = "friendly";
module_param(personalities, charp, 0444);
MODULE_PARM_DESC(personalities, "one host per name, comma-separated: friendly, sata, usb (friendly)");

static unsigned int capacity;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "capacity of a blank disc in 2048-byte blocks, 0 = the medium's usual");

#define MR_MAX_DRIVES	8
static unsigned int drives = 1;
module_param(drives, uint, 0444);
MODULE_PARM_DESC(drives, "drives on the host, one per target, 1 to 8 (1)");

static const char * const mr_media_names[] = {
	[MR_NONE] = "none", [MR_CDR] = "cd-r", [MR_DVDPR] = "dvd+r",
	[MR_DVDMR] = "dvd-r", [MR_BDR] = "bd-r", [MR_CDRW] = "cd-rw",
	[MR_DVDPRW] = "dvd+rw", [MR_BDRE] = "bd-re", [MR_DVDMRW] = "dvd-rw",
};

/* per command: the timer that completes it when the drive is ready */
struct mr_cmd {
	struct hrtimer timer;
	struct list_head entry;
	struct mmcrec *mr;
	struct scsi_cmnd *cmd;
};

struct mr_host {
	struct Scsi_Host *shost;
	struct workqueue_struct *wq;
	unsigned int ndrives;
	struct mmcrec *drives[MR_MAX_DRIVES];
};

static struct device *mr_root;
static struct mr_host *mr_hosts[MR_NPERSONALITIES];
static unsigned int mr_nhosts;

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

/* CHECK CONDITION naming the failed sector in the information field */
static int mr_check_info(struct mmcrec *mr, struct scsi_cmnd *cmd, u8 key,
			 u8 asc, u8 ascq, s32 lba)
{
	mr_check(mr, cmd, key, asc, ascq);
	cmd->sense_buffer[0] |= 0x80;
	wr32(&cmd->sense_buffer[3], (u32)lba);
	mr->sense[0] |= 0x80;
	wr32(&mr->sense[3], (u32)lba);
	return 0;
}

/* the model's answer: GOOD (0) or CHECK CONDITION with its sense triple */
static int mr_sense(struct mmcrec *mr, struct scsi_cmnd *cmd, u32 sense)
{
	if (!sense)
		return 0;
	return mr_check(mr, cmd, MR_SENSE_KEY(sense), MR_SENSE_ASC(sense),
			MR_SENSE_ASCQ(sense));
}

static int mr_invalid_cdb(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x24, 0);
}

static int mr_no_medium(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	return mr_check(mr, cmd, NOT_READY, 0x3a, mr->tray_open ? 2 : 1);
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
	p[3] = 0x17;			/* writes CD-R/RW, DVD-R, test write */
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
	case 0x05: {
		unsigned int n = 2 + mr->pers->page05_len;

		memcpy(p, mr->page05, n);
		if (pc == 1)
			memset(p + 2, 0xff, n - 2);
		else if (pc == 2)
			mr_default_page05(p, mr->media);
		p[1] = n - 2;
		return n;
	}
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
	/* a block descriptor unless DBD, from a drive that gives one */
	bool bd = !(cdb[1] & 0x08) && mr->pers->block_desc;
	unsigned int hl = ten ? 8 : 4, n, alloc;
	static const int all[] = { 0x01, 0x05, 0x2a };
	unsigned int i;

	alloc = ten ? rd16(cdb + 7) : cdb[4];
	if (pc == 3)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x39, 0);
	n = hl;
	if (bd) {
		/* 2048-byte blocks */
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
		b[7] = bd ? 8 : 0;
	} else {
		b[0] = n - 1;
		b[3] = bd ? 8 : 0;
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
			u32 sense = plen < 3 ? 0 : mr_page05_check(mr, b + off);

			if (sense)
				return mr_sense(mr, cmd, sense);
			memcpy(mr->page05 + 2, b + off + 2,
			       min_t(unsigned int, plen, sizeof(mr->page05)) - 2);
			/* Test Write off: a simulation is over */
			if (!mr_simulated(mr))
				mr_sim_end(mr);
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
	bool cd = is_cd(mr), bd = is_bd(mr);
	bool dvd = is_dvd(mr) || mr->media == MR_DVDPRW;
	bool dvdrw = mr->media == MR_DVDMRW;
	bool present = mr_identified(mr, ktime_get());
	unsigned int add = 4, i, n;
	static const u16 profs[] = { 0x0043, 0x0041, 0x0040, 0x001b, 0x001a,
				     0x0014, 0x0013, 0x0011,
				     0x0010, 0x000a, 0x0009, 0x0008 };

	memset(p, 0, 4 + 32);
	*cur = true;
	switch (code) {
	case 0x0000:
		n = 0;
		for (i = 0; i < ARRAY_SIZE(profs); i++) {
			wr16(p + 4 + 4 * n, profs[i]);
			if (present && profs[i] == mr_profile(mr))
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
	case 0x0023:
		/* Formattable: FORMAT UNIT, READ FORMAT CAPACITIES */
		*cur = present && (mr->media == MR_DVDPRW ||
				   mr->media == MR_BDRE || dvdrw);
		p[2] = 0x04;
		add = 4;
		break;
	case 0x0021:
		/* not on a DVD-RW blanked minimally: DAO only */
		*cur = present && (cd || (mr_dash_seq(mr) && !mr->minimal));
		p[2] = 0x04;
		add = 8;
		wr16(p + 4, 0x0100);	/* data block type 8 */
		p[6] = 0x01;		/* BUF */
		p[7] = 1;
		p[8] = cd ? 7 : 16;
		break;
	case 0x002a:
		/* DVD+RW: writes; background format, stopped by CLOSE */
		*cur = present && mr->media == MR_DVDPRW;
		p[4] = 0x01;		/* Write */
		p[5] = 0x01;		/* Close Only */
		break;
	case 0x002c:
		/*
		 * Rigid Restricted Overwrite (DVD-RW): byte 4 Blank (BLANK
		 * turns it sequential), Intermediate (a quick format's)
		 */
		*cur = present && dvdrw && mr->ro;
		p[2] = 0x04;
		p[4] = 0x03;
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
		/* DVD-R/-RW Write: BUF, Test Write, DVD-RW SL */
		*cur = present && mr_dash_seq(mr);
		p[2] = 0x04;
		p[4] = 0x46;
		break;
	case 0x0037:
		/* CD-RW Media Write Support: subtypes 0 and 1 */
		*cur = present && mr->media == MR_CDRW;
		p[5] = 0x03;
		break;
	case 0x0040:
		*cur = present && bd;
		p[2] = 0x04;
		add = 28;
		p[9] = 0x02;		/* BD-R class 0 version 1 */
		p[17] = 0x02;
		break;
	case 0x0041:
	case 0x0043:
		/* BD-R, BD-RE Write */
		*cur = present && mr->media == (code == 0x41 ? MR_BDR : MR_BDRE);
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
				     0x001d, 0x001e, 0x001f, 0x0021, 0x0023,
				     0x002a, 0x002b, 0x002c, 0x002d, 0x002e,
				     0x002f,
				     0x0037, 0x0040, 0x0041, 0x0043, 0x0107 };
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
	if (mr_identified(mr, ktime_get()))
		wr16(b + 6, mr_profile(mr));
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
	u8 b[MR_DISC_INFO_LEN];

	if ((cdb[1] & 7) != 0)
		return mr_invalid_cdb(mr, cmd);
	mr_disc_info(mr, b);
	return mr_reply(cmd, b, sizeof(b), rd16(cdb + 7));
}

static int mr_read_track_info(struct mmcrec *mr, struct scsi_cmnd *cmd,
			      const u8 *cdb)
{
	u8 b[MR_TRACK_INFO_LEN];

	if (mr_track_info(mr, cdb[1] & 3, rd32(cdb + 2), b))
		return mr_invalid_cdb(mr, cmd);
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

/*
 * The longest answer: a full TOC (format 2) of 99 tracks each in a session
 * of its own, five 11-byte descriptors per track (A0, A1, A2, B0 and its
 * own)
 */
#define MR_TOC_MAX	(4 + MR_MAX_TRACKS * 5 * 11)

/*
 * Where the program area after session @s begins: the next session's
 * first track, or the writable track after the last session; 0 if none
 * (the disc is finalized)
 */
static s32 mr_next_program_area(struct mmcrec *mr, unsigned int s)
{
	struct mr_track *t = mr_last(mr);
	unsigned int i;

	for (i = 1; i <= mr->disc.ntracks; i++)
		if (mr->disc.tracks[i].session == s + 1)
			return mr->disc.tracks[i].start;
	if (!mr->disc.finalized && t && t->state == MR_T_BLANK)
		return t->start;
	return 0;
}

/* READ TOC/PMA/ATIP into @b, MR_TOC_MAX zeroed bytes */
static int mr_toc(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb,
		  u8 *b)
{
	struct mr_disc *d = &mr->disc;
	int fmt = cdb[2] & 0x0f;
	bool msf = cdb[1] & 2;
	unsigned int i, n = 4, first = 0, last = 0, ntoc = 0, start = cdb[6];
	s32 leadout = 0;

	if (!fmt && (cdb[9] >> 6) == 1)
		fmt = 1;
	for (i = 1; i <= d->ntracks; i++) {
		if (!mr_in_toc(&d->tracks[i]))
			continue;
		if (!first)
			first = i;
		last = i;
		ntoc++;
		leadout = mr_track_end(&d->tracks[i]);
	}
	switch (fmt) {
	case 0:
		if (!ntoc || (start > last && start != 0xaa))
			return mr_invalid_cdb(mr, cmd);
		b[2] = first;
		b[3] = last;
		for (i = first; i <= last && start != 0xaa; i++) {
			if (i < start || !mr_in_toc(&d->tracks[i]))
				continue;
			b[n + 1] = 0x14;
			b[n + 2] = i;
			mr_toc_addr(b + n + 4, d->tracks[i].start, msf);
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
			if (mr_in_toc(&d->tracks[i]) &&
			    d->tracks[i].session == d->tracks[last].session) {
				sfirst = i;
				break;
			}
		b[2] = 1;
		b[3] = d->tracks[last].session;
		b[n + 1] = 0x14;
		b[n + 2] = sfirst;
		mr_toc_addr(b + n + 4, d->tracks[sfirst].start, msf);
		n += 8;
		break;
	}
	case 2: {
		unsigned int s, ls;
		s32 next;

		if (!ntoc || !is_cd(mr))
			return mr_invalid_cdb(mr, cmd);
		ls = d->tracks[last].session;
		b[2] = 1;
		b[3] = ls;
		for (s = 1; s <= ls; s++) {
			unsigned int sf = 0, sl = 0;
			s32 so = 0;

			for (i = first; i <= last; i++) {
				if (d->tracks[i].session != s ||
				    !mr_in_toc(&d->tracks[i]))
					continue;
				if (!sf)
					sf = i;
				sl = i;
				so = mr_track_end(&d->tracks[i]);
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
			for (i = sf; i <= sl && n + 11 <= MR_TOC_MAX; i++) {
				b[n] = s;
				b[n + 1] = 0x14;
				b[n + 3] = i;
				mr_msf(d->tracks[i].start, b + n + 8,
				       b + n + 9, b + n + 10);
				n += 11;
			}
			/*
			 * B0 (mode 5) in a session with another after it, or
			 * room for one: the next program area, the last
			 * possible lead-out; what libburn and cdrecord read
			 * to tell an appendable CD from a closed one
			 */
			next = mr_next_program_area(mr, s);
			if (next && n + 11 <= MR_TOC_MAX) {
				b[n] = s;
				b[n + 1] = 0x54;
				b[n + 3] = 0xb0;
				mr_msf(next, b + n + 4, b + n + 5, b + n + 6);
				b[n + 7] = 1;
				mr_msf(mr->cap, b + n + 8, b + n + 9,
				       b + n + 10);
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
		/* disc type bit 6: CD-RW (wodim and libburn print it) */
		b[6] = 0x80 | 0x04 | (mr->media == MR_CDRW ? 0x40 : 0);
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

static int mr_read_toc(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	u8 *b = kzalloc(MR_TOC_MAX, GFP_KERNEL);
	int ret;

	if (!b)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	ret = mr_toc(mr, cmd, cdb, b);
	kfree(b);
	return ret;
}

static int mr_read_capacity(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	u8 b[8] = { 0 };
	s32 last = 0;
	unsigned int i;

	for (i = 1; i <= mr->disc.ntracks; i++)
		if (mr_in_toc(&mr->disc.tracks[i]))
			last = mr_track_end(&mr->disc.tracks[i]) - 1;
	wr32(b, last < 0 ? 0 : last);
	wr32(b + 4, MR_BS);
	return mr_reply(cmd, b, 8, 8);
}

static int mr_read_format_caps(struct mmcrec *mr, struct scsi_cmnd *cmd,
			       const u8 *cdb)
{
	u8 b[MR_FORMAT_CAPS_MAX];
	unsigned int n = mr_format_caps(mr, b);

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
		/* book type and version: DVD+R, DVD+RW, DVD-RW, DVD-R */
		b[4] = mr->media == MR_DVDPR ? 0xa1 :
			mr->media == MR_DVDPRW ? 0x92 :
			mr->media == MR_DVDMRW ? 0x32 : 0x25;
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
	/* a WRITE held for room counts as in the buffer: it is full */
	u64 fill = min(mr_fill_now(mr, ktime_get()), mr->buf_size);

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
	if (cdb[1] & 1)
		return mr_invalid_cdb(mr, cmd);
	return mr_sense(mr, cmd, mr_reserve(mr, rd32(cdb + 5)));
}

static int mr_send_cue_sheet(struct mmcrec *mr, struct scsi_cmnd *cmd,
			     const u8 *cdb)
{
	unsigned int len = rd24(cdb + 6);
	u32 sense;
	u8 *b;

	if (len > scsi_bufflen(cmd) || len > MR_CUE_MAX)
		return mr_check(mr, cmd, ILLEGAL_REQUEST, 0x26, 0);
	b = kmalloc(max(len, 1U), GFP_KERNEL);
	if (!b)
		return mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
	scsi_sg_copy_to_buffer(cmd, b, len);
	sense = mr_cue_sheet(mr, b, len);
	kfree(b);
	return mr_sense(mr, cmd, sense);
}

static u64 mr_write(struct mmcrec *mr, struct scsi_cmnd *cmd, s32 lba,
		    u32 n, int *err)
{
	u64 fill, bytes = (u64)n * MR_BS;
	s64 recovered = MR_NO_FAULT;
	u32 i, sense;
	u8 *buf;

	*err = 0;
	if (!n)
		return 0;
	/*
	 * The drive takes the blocks the CDB says; a longer buffer is left
	 * over, as the residual (growisofs' last WRITE of a DAO recording
	 * says fewer blocks than its 32 KiB buffer), a shorter one cannot
	 * carry them
	 */
	if (scsi_bufflen(cmd) < bytes) {
		mr_check(mr, cmd, ILLEGAL_REQUEST, 0x64, 0);
		*err = 1;
		return 0;
	}
	sense = mr_write_admit(mr, lba, n);
	if (!sense)
		sense = mr_buffer_admit(mr, ktime_get(), bytes);
	if (sense) {
		mr_sense(mr, cmd, sense);
		*err = 1;
		return 0;
	}
	/* the disc taken out as the write reaching the LBA comes */
	if (mr->fault_remove >= lba && mr->fault_remove < (s64)lba + n) {
		mr->fault_remove = MR_NO_FAULT;
		mr_load_blank(mr, MR_NONE);
		mr->tray_open = true;
		mr->media_event = true;
		mr_check(mr, cmd, NOT_READY, 0x3a, 0);
		*err = 1;
		return 0;
	}
	/* an error the drive recovered from: all of it is on the disc */
	if (mr->fault_recovered >= lba && mr->fault_recovered < (s64)lba + n) {
		recovered = mr->fault_recovered;
		mr->fault_recovered = MR_NO_FAULT;
	}
	/*
	 * a deferred write error: the WRITE is taken whole, as the drive
	 * takes it into its buffer, but what comes from the LBA on never
	 * reaches the disc, and the failure is told to a later command
	 */
	if (mr->fault_deferred >= lba && mr->fault_deferred < (s64)lba + n) {
		mr->deferred = mr->fault_deferred;
		mr->fault_deferred = MR_NO_FAULT;
	}
	/* a drive that tells every write error late */
	if (mr->pers->deferred && mr->fault_write_error >= lba &&
	    mr->fault_write_error < (s64)lba + n) {
		mr->deferred = mr->fault_write_error;
		mr->fault_write_error = MR_NO_FAULT;
	}
	/* a write error: the sectors before it are on the disc */
	if (mr->fault_write_error >= lba &&
	    mr->fault_write_error < (s64)lba + n) {
		n = mr->fault_write_error - lba;
		mr->fault_write_error = MR_NO_FAULT;
		*err = 1;
	}
	buf = kmalloc(MR_BS, GFP_KERNEL);
	if (!buf) {
		mr_check(mr, cmd, HARDWARE_ERROR, 0x55, 0);
		*err = 1;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (mr->deferred != MR_NO_FAULT && lba + i >= mr->deferred)
			break;
		sg_pcopy_to_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				   MR_BS, (size_t)i * MR_BS);
		mr_store(mr, lba + i, buf);
	}
	kfree(buf);
	mr_write_done(mr, lba, n);
	fill = mr_fill_now(mr, ktime_get());
	if (*err) {
		mr->fill = fill + (u64)n * MR_BS;
		mr_check_info(mr, cmd, MEDIUM_ERROR, 0x0c, 0, lba + n);
		scsi_set_resid(cmd, scsi_bufflen(cmd) - (u64)n * MR_BS);
		return 0;
	}
	scsi_set_resid(cmd, scsi_bufflen(cmd) - bytes);

	/* the buffer: hold the command until its data fits */
	mr->fill = fill + bytes;
	mr_account_write(mr, ktime_get(), fill, bytes);
	/* WRITE ERROR - RECOVERED WITH AUTO REALLOCATION, at that sector */
	if (recovered != MR_NO_FAULT) {
		mr_check_info(mr, cmd, RECOVERED_ERROR, 0x0c, 0x01, recovered);
		scsi_set_resid(cmd, scsi_bufflen(cmd) - bytes);	/* all taken */
	}
	return mr_ns_until(mr, mr->buf_size);
}

/*
 * A deferred error (SPC: response code 71h) about a WRITE the drive had
 * taken: MEDIUM ERROR 03/0C/00 naming the sector where the recording
 * failed, answered instead of the command at hand, which is not done. A
 * drive tells it to whatever command comes next; the model keeps it for
 * the burner's WRITE, SYNCHRONIZE CACHE or CLOSE TRACK/SESSION, so that
 * the kernel's polling TEST UNIT READY cannot take it first.
 */
static int mr_deferred_error(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	s32 lba = mr->deferred;

	mr->deferred = MR_NO_FAULT;
	mr_write_lost(mr, lba);
	mr_check_info(mr, cmd, MEDIUM_ERROR, 0x0c, 0x00, lba);
	cmd->sense_buffer[0] = 0x80 | 0x71;
	mr->sense[0] = 0x80 | 0x71;
	return 0;
}

static int mr_close(struct mmcrec *mr, struct scsi_cmnd *cmd, const u8 *cdb)
{
	u32 sense = mr_close_fn(mr, cdb[2] & 7, rd16(cdb + 4));

	if (sense)
		return mr_sense(mr, cmd, sense);
	if (cdb[1] & 1)
		mr_busy(mr, ktime_get(), MR_CLOSE_MS, 0x07, false);
	return 0;
}

/*
 * BLANK (A1h): with IMMED it ends at once and the drive reports its
 * progress; without, the command takes as long as the blanking
 */
static u64 mr_blank_cmd(struct mmcrec *mr, struct scsi_cmnd *cmd,
			const u8 *cdb)
{
	u32 ms, sense = mr_blank(mr, cdb[1] & 7, &ms);

	if (sense)
		return mr_sense(mr, cmd, sense);
	mr_busy(mr, ktime_get(), ms, 0x07, true);
	return cdb[1] & 0x10 ? 0 : (u64)ms * NSEC_PER_MSEC;
}

/*
 * FORMAT UNIT (04h): a DVD+RW, BD-RE or DVD-RW with a parameter list
 * (FmtData, format code 1), its IMMED in the list's header; a blank BD-R is taken as formatted
 * at once (its spare areas are not modelled)
 */
static u64 mr_format_unit(struct mmcrec *mr, struct scsi_cmnd *cmd,
			  const u8 *cdb)
{
	u8 p[12] = { 0 };
	u32 ms, sense;

	if (mr->media == MR_BDR) {
		if (mr_disc_status(mr))
			return mr_invalid_cdb(mr, cmd);
		return 0;
	}
	if ((cdb[1] & 0x17) != 0x11)
		return mr_invalid_cdb(mr, cmd);
	scsi_sg_copy_to_buffer(cmd, p, min_t(unsigned int, sizeof(p),
					     scsi_bufflen(cmd)));
	sense = mr_format(mr, p, min_t(unsigned int, sizeof(p),
				       scsi_bufflen(cmd)), &ms);
	if (sense)
		return mr_sense(mr, cmd, sense);
	mr_busy(mr, ktime_get(), ms, 0x04, true);
	return p[1] & 0x02 ? 0 : (u64)ms * NSEC_PER_MSEC;
}

static int mr_read(struct mmcrec *mr, struct scsi_cmnd *cmd, s32 lba, u32 n)
{
	u32 i, sense = mr_read_admit(mr, lba, n);
	u8 *buf;

	if (sense)
		return mr_sense(mr, cmd, sense);
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
		mr_spin_up(mr, ktime_get());
		if (mr->media != MR_NONE) {
			mr->ua_asc = 0x28;
			mr->ua_ascq = 0;
			mr->media_event = true;
		}
	}
	return 0;
}

static int mr_not_ready_progress(struct mmcrec *mr, struct scsi_cmnd *cmd,
				 u8 ascq, u16 progress)
{
	mr_check(mr, cmd, NOT_READY, 0x04, ascq);
	cmd->sense_buffer[15] = 0x80;
	wr16(&cmd->sense_buffer[16], progress);
	mr->sense[15] = 0x80;
	wr16(&mr->sense[16], progress);
	return 0;
}

static int mr_request_sense(struct mmcrec *mr, struct scsi_cmnd *cmd,
			    const u8 *cdb)
{
	u8 b[18] = { 0x70, 0, 0, 0, 0, 0, 0, 10 };
	u16 progress;
	u8 ascq;

	if (mr->sense[0]) {
		memcpy(b, mr->sense, sizeof(b));
	} else if (mr_present(mr)) {
		ascq = mr_long_write(mr, ktime_get(), &progress);
		if (ascq) {
			b[2] = NOT_READY;
			b[12] = 0x04;
			b[13] = ascq;
			b[15] = 0x80;
			wr16(&b[16], progress);
		}
	}
	memset(mr->sense, 0, sizeof(mr->sense));
	return mr_reply(cmd, b, sizeof(b), cdb[4]);
}

/* mr_execute(): the command never completes (a fault on demand) */
#define MR_NEVER	U64_MAX

/* 0 done; MR_NEVER; otherwise ns to hold the command */
static u64 mr_execute(struct mmcrec *mr, struct scsi_cmnd *cmd)
{
	const u8 *cdb = cmd->cmnd;
	u8 op = cdb[0];
	ktime_t now = ktime_get();
	u32 sense;
	int err;

	cmd->result = 0;
	scsi_set_resid(cmd, 0);

	/* a drive gone from its bus: the transport answers for it */
	if (mr->fault_gone) {
		set_host_byte(cmd, DID_NO_CONNECT);
		return 0;
	}

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
	/* a power-on reset is reported with or without a disc */
	if (mr->ua_asc && (mr_present(mr) || mr->ua_asc == 0x29)) {
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
	sense = mr_ready(mr, now);
	if (sense)
		return mr_sense(mr, cmd, sense);

	/* blanking or formatting: the disc is busy, say how far it is */
	if (mr->busy_medium) {
		u16 progress;
		u8 ascq = mr_long_write(mr, now, &progress);

		if (ascq)
			return mr_not_ready_progress(mr, cmd, ascq, progress);
	}

	if (mr->deferred != MR_NO_FAULT &&
	    (op == WRITE_10 || op == WRITE_12 || op == SYNCHRONIZE_CACHE ||
	     op == GPCMD_CLOSE_TRACK))
		return mr_deferred_error(mr, cmd);

	switch (op) {
	case TEST_UNIT_READY: {
		u16 progress;
		u8 ascq = mr_long_write(mr, now, &progress);

		if (ascq)
			return mr_not_ready_progress(mr, cmd, ascq, progress);
		return 0;
	}
	case READ_CAPACITY:
		return mr_read_capacity(mr, cmd);
	case READ_10:
		return mr_read(mr, cmd, rd32(cdb + 2), rd16(cdb + 7));
	case READ_12:
		return mr_read(mr, cmd, rd32(cdb + 2), rd32(cdb + 6));
	case WRITE_10:
	case WRITE_12:
		if (mr->fault_hang >= 0 && !mr->fault_hang--)
			return MR_NEVER;
		if (op == WRITE_10)
			return mr_write(mr, cmd, rd32(cdb + 2), rd16(cdb + 7),
					&err);
		return mr_write(mr, cmd, rd32(cdb + 2), rd32(cdb + 6), &err);
	case SYNCHRONIZE_CACHE:
		mr->flush_from = mr_fill_now(mr, now);
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
		return mr_format_unit(mr, cmd, cdb);
	case GPCMD_BLANK:
		return mr_blank_cmd(mr, cmd, cdb);
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
		if (ns == MR_NEVER) {
			/* until the midlayer's timeout aborts it */
			spin_lock_irq(&mr->qlock);
			list_add_tail(&c->entry, &mr->hung);
			spin_unlock_irq(&mr->qlock);
		} else if (ns) {
			hrtimer_start(&c->timer, ns_to_ktime(ns),
				      HRTIMER_MODE_REL);
		} else {
			scsi_done(c->cmd);
		}
	}
}

/* MR_* name what differs between kernels: see Kbuild */
#ifdef MR_QC_STATUS
static enum scsi_qc_status mr_queuecommand(struct Scsi_Host *shost,
					   struct scsi_cmnd *cmd)
#else
static int mr_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
#endif
{
	struct mmcrec *mr = cmd->device->hostdata;
	struct mr_cmd *c = scsi_cmd_priv(cmd);
	unsigned long flags;

	c->cmd = cmd;
	c->mr = mr;
#ifdef MR_HRTIMER_SETUP
	hrtimer_setup(&c->timer, mr_timer_done, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL);
#else
	hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	c->timer.function = mr_timer_done;
#endif
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

	/* queued, or never to complete: take it off its list */
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

/* after a reset the midlayer owns the commands that were never to end */
static int mr_reset(struct scsi_cmnd *cmd)
{
	struct mmcrec *mr = cmd->device->hostdata;
	struct mr_cmd *c, *next;

	spin_lock_irq(&mr->qlock);
	list_for_each_entry_safe(c, next, &mr->hung, entry)
		list_del_init(&c->entry);
	spin_unlock_irq(&mr->qlock);
	return SUCCESS;
}

static int mr_host_reset(struct scsi_cmnd *cmd)
{
	struct mr_host *h = *(struct mr_host **)shost_priv(cmd->device->host);
	struct mr_cmd *c, *next;
	unsigned int i;

	for (i = 0; i < h->ndrives; i++) {
		spin_lock_irq(&h->drives[i]->qlock);
		list_for_each_entry_safe(c, next, &h->drives[i]->hung, entry)
			list_del_init(&c->entry);
		spin_unlock_irq(&h->drives[i]->qlock);
	}
	return SUCCESS;
}

static int mr_slave_alloc(struct scsi_device *sdev)
{
	struct mr_host *h = *(struct mr_host **)shost_priv(sdev->host);

	if (sdev->channel || sdev->lun || sdev->id >= h->ndrives)
		return -ENXIO;
	sdev->hostdata = h->drives[sdev->id];
	return 0;
}

/* ---- sysfs knobs of each drive, in its SCSI device's directory ---- */

static struct mmcrec *mr_of(struct device *dev)
{
	return to_scsi_device(dev)->hostdata;
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
	char name[16], state[16] = "";
	int m;

	/* "MEDIUM" or, for a rewritable one, "MEDIUM written": a used disc */
	if (sscanf(buf, "%15s %15s", name, state) < 1)
		return -EINVAL;
	m = sysfs_match_string(mr_media_names, name);
	if (m < 0)
		return m;
	if (state[0] && (strcmp(state, "written") || !mr_erasable_medium(m)))
		return -EINVAL;
	mutex_lock(&mr->lock);
	if (!state[0])
		mr_load_blank(mr, m);
	else
		mr_load_used(mr, m);
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
			mr_spin_up(mr, ktime_get());
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
	mr->max_kbps = v;
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
		       "buffer %llu fill %llu written %llu pages %lu disc %d sessions %u tracks %u recorded_ms %u min_fill %d dry %u refused %u\n",
		       mr->buf_size, mr_fill_now(mr, ktime_get()),
		       mr->disc.written,
		       mr->npages, mr_disc_status(mr), mr->disc.nsessions,
		       mr->disc.ntracks, mr_recorded_ms(mr),
		       mr->rec_min_fill == U64_MAX ? -1 :
		       (int)div64_u64(mr->rec_min_fill * 100, mr->buf_size),
		       mr->rec_dry, mr->refused);
	mutex_unlock(&mr->lock);
	return n;
}
static DEVICE_ATTR_RO(stats);

/* one armed fault's LBA, or "-" */
static int mr_fault_lba(char *buf, int at, s64 lba)
{
	if (lba == MR_NO_FAULT)
		return sysfs_emit_at(buf, at, " -");
	return sysfs_emit_at(buf, at, " %lld", lba);
}

static ssize_t fault_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mmcrec *mr = mr_of(dev);
	int n;

	mutex_lock(&mr->lock);
	n = sysfs_emit(buf, "write-error");
	n += mr_fault_lba(buf, n, mr->fault_write_error);
	n += sysfs_emit_at(buf, n, " remove");
	n += mr_fault_lba(buf, n, mr->fault_remove);
	if (mr->fault_hang < 0)
		n += sysfs_emit_at(buf, n, " hang -");
	else
		n += sysfs_emit_at(buf, n, " hang %d", mr->fault_hang);
	n += sysfs_emit_at(buf, n, " recovered");
	n += mr_fault_lba(buf, n, mr->fault_recovered);
	n += sysfs_emit_at(buf, n, " deferred");
	n += mr_fault_lba(buf, n, mr->fault_deferred);
	n += sysfs_emit_at(buf, n, " gone %s", mr->fault_gone ? "yes" : "-");
	n += sysfs_emit_at(buf, n, "\n");
	mutex_unlock(&mr->lock);
	return n;
}

/*
 * Faults on demand, each fired once (gone lasts until none):
 *   write-error LBA  the WRITE that reaches LBA stores the sectors before
 *                    it and fails with MEDIUM ERROR 03/0C/00, the
 *                    information field naming LBA (the NWA stays there)
 *   remove LBA       the disc is taken out as the WRITE that reaches LBA
 *                    comes: that WRITE fails with 02/3A/00, stores
 *                    nothing, the tray is open; loading a disc (media)
 *                    then brings UNIT ATTENTION 06/28/00
 *   deferred LBA     the WRITE that reaches LBA is taken whole, but
 *                    nothing from LBA on is recorded; the next WRITE,
 *                    SYNCHRONIZE CACHE or CLOSE TRACK/SESSION gets the
 *                    deferred error (71h) MEDIUM ERROR 03/0C/00 naming
 *                    LBA and is not done; the NWA goes back to LBA
 *   hang [N]         the next WRITE (after N more, if given) never
 *                    completes and stores nothing: the midlayer's timeout
 *                    and abort end it
 *   reset            a power-on reset now: the buffer and the cue sheet
 *                    are lost, page 05h is back to its default, and the
 *                    next command gets UNIT ATTENTION 06/29/00
 *   gone             the drive answers nothing (unplugged, or dead on its
 *                    bus): every command ends at once with the host
 *                    byte DID_NO_CONNECT, as usb-storage ends them for a
 *                    drive gone, until disarmed
 *   none             disarm them all
 */
static ssize_t fault_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct mmcrec *mr = mr_of(dev);
	char verb[16];
	long long lba = -1;
	int n = sscanf(buf, "%15s %lld", verb, &lba);

	if (n < 1)
		return -EINVAL;
	if ((!strcmp(verb, "write-error") || !strcmp(verb, "recovered") ||
	     !strcmp(verb, "remove") || !strcmp(verb, "deferred")) &&
	    (n != 2 || lba < S32_MIN || lba > S32_MAX))
		return -EINVAL;
	if (!strcmp(verb, "hang") && n == 2 && (lba < 0 || lba > INT_MAX))
		return -EINVAL;
	mutex_lock(&mr->lock);
	if (!strcmp(verb, "write-error")) {
		mr->fault_write_error = lba;
	} else if (!strcmp(verb, "recovered")) {
		mr->fault_recovered = lba;
	} else if (!strcmp(verb, "remove")) {
		mr->fault_remove = lba;
	} else if (!strcmp(verb, "deferred")) {
		mr->fault_deferred = lba;
	} else if (!strcmp(verb, "hang")) {
		mr->fault_hang = n == 2 ? lba : 0;
	} else if (!strcmp(verb, "gone")) {
		mr->fault_gone = true;
	} else if (!strcmp(verb, "reset")) {
		mr_fill_now(mr, ktime_get());
		mr->fill = 0;
		mr->flushing = false;
		mr->busy_until = 0;
		mr->busy_medium = false;
		mr->cue = false;
		mr->prevent = false;
		mr_default_page05(mr->page05, mr->media);
		mr->ua_asc = 0x29;
		mr->ua_ascq = 0;
	} else if (!strcmp(verb, "none")) {
		mr->fault_write_error = MR_NO_FAULT;
		mr->fault_recovered = MR_NO_FAULT;
		mr->fault_remove = MR_NO_FAULT;
		mr->fault_deferred = MR_NO_FAULT;
		mr->deferred = MR_NO_FAULT;
		mr->fault_hang = -1;
		mr->fault_gone = false;
	} else {
		count = -EINVAL;
	}
	mutex_unlock(&mr->lock);
	return count;
}
static DEVICE_ATTR_RW(fault);

static ssize_t personality_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", mr_of(dev)->pers->name);
}
static DEVICE_ATTR_RO(personality);

/*
 * The behaviour knobs: a number, checked and set by @set under the drive's
 * lock.
 */
static ssize_t mr_knob_store(struct device *dev, const char *buf,
			     size_t count, int (*set)(struct mmcrec *mr, u32 v))
{
	struct mmcrec *mr = mr_of(dev);
	u32 v;
	int ret = kstrtou32(buf, 0, &v);

	if (ret)
		return ret;
	mutex_lock(&mr->lock);
	ret = set(mr, v);
	mutex_unlock(&mr->lock);
	return ret ? ret : count;
}

static int mr_set_spinup_ms(struct mmcrec *mr, u32 v)
{
	if (v > 60000)
		return -EINVAL;
	mr->spinup_ms = v;
	return 0;
}

static int mr_set_full_ascq(struct mmcrec *mr, u32 v)
{
	if (v && v != 0x01 && v != 0x07 && v != 0x08)
		return -EINVAL;
	mr->full_ascq = v;
	return 0;
}

static int mr_set_close_event(struct mmcrec *mr, u32 v)
{
	if (v > 1)
		return -EINVAL;
	mr->close_event = v;
	return 0;
}

static ssize_t spinup_ms_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(mr_of(dev)->spinup_ms));
}

static ssize_t spinup_ms_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	return mr_knob_store(dev, buf, count, mr_set_spinup_ms);
}
static DEVICE_ATTR_RW(spinup_ms);

static ssize_t full_ascq_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(mr_of(dev)->full_ascq));
}

static ssize_t full_ascq_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	return mr_knob_store(dev, buf, count, mr_set_full_ascq);
}
static DEVICE_ATTR_RW(full_ascq);

static ssize_t close_event_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(mr_of(dev)->close_event));
}

static ssize_t close_event_store(struct device *dev,
				 struct device_attribute *attr,
				 const char *buf, size_t count)
{
	return mr_knob_store(dev, buf, count, mr_set_close_event);
}
static DEVICE_ATTR_RW(close_event);

static struct attribute *mr_drive_attrs[] = {
	&dev_attr_media.attr,
	&dev_attr_tray.attr,
	&dev_attr_changed.attr,
	&dev_attr_speed.attr,
	&dev_attr_stats.attr,
	&dev_attr_fault.attr,
	&dev_attr_personality.attr,
	&dev_attr_spinup_ms.attr,
	&dev_attr_full_ascq.attr,
	&dev_attr_close_event.attr,
	NULL,
};
ATTRIBUTE_GROUPS(mr_drive);

static struct scsi_host_template mr_template = {
	.module = THIS_MODULE,
	.name = "mmcrec",
	.proc_name = "mmcrec",
	.queuecommand = mr_queuecommand,
	.eh_abort_handler = mr_abort,
	.eh_device_reset_handler = mr_reset,
	.eh_host_reset_handler = mr_host_reset,
#ifdef MR_SDEV_INIT
	.sdev_init = mr_slave_alloc,
#else
	.slave_alloc = mr_slave_alloc,
#endif
	.can_queue = 64,
	.this_id = -1,		/* no ID of its own: every target a drive */
	.sg_tablesize = SG_ALL,
	.max_sectors = 2048,
	.cmd_per_lun = 8,
	.cmd_size = sizeof(struct mr_cmd),
	.sdev_groups = mr_drive_groups,
};

static void mr_drive_free(struct mmcrec *mr)
{
	if (!mr)
		return;
	mr_free_pages(mr);
	kfree(mr);
}

static struct mmcrec *mr_drive_alloc(struct workqueue_struct *wq, int m,
				     const struct mr_personality *p)
{
	struct mmcrec *mr = kzalloc(sizeof(*mr), GFP_KERNEL);

	if (!mr)
		return NULL;
	mr->wq = wq;
	spin_lock_init(&mr->qlock);
	INIT_LIST_HEAD(&mr->queue);
	INIT_LIST_HEAD(&mr->hung);
	mutex_init(&mr->lock);
	INIT_WORK(&mr->work, mr_work);
	xa_init(&mr->pages);
	mr->max_pages = (unsigned long)store_mb * (SZ_1M / PAGE_SIZE);
	mr->buf_size = (u64)buffer_kb * 1024;
	mr->max_kbps = max_kbps;
	mr->blank_cap = capacity;
	mr->fault_write_error = MR_NO_FAULT;
	mr->fault_recovered = MR_NO_FAULT;
	mr->fault_remove = MR_NO_FAULT;
	mr->fault_deferred = MR_NO_FAULT;
	mr->fault_hang = -1;
	mr->page01[0] = 0x01;
	mr->page01[1] = 10;
	mr_set_personality(mr, p);
	mr_load_blank(mr, m);
	/* the disc was in the drive when the host came up: no spin-up */
	mr->ready_at = 0;
	mr->ua_asc = 0;
	return mr;
}

static void mr_host_free(struct mr_host *h)
{
	unsigned int i;

	if (h->wq)
		destroy_workqueue(h->wq);
	for (i = 0; i < h->ndrives; i++)
		mr_drive_free(h->drives[i]);
	kfree(h);
}

/* a host of @p's kind with its drives, @m loaded in each */
static struct mr_host *mr_host_add(const struct mr_personality *p, int m)
{
	struct Scsi_Host *shost;
	struct mr_host *h;
	int ret = -ENOMEM;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	/* each drive's work item runs its commands in order, drives in parallel */
	h->wq = alloc_workqueue("mmcrec-%s", WQ_MEM_RECLAIM, 0, p->name);
	if (!h->wq)
		goto free;
	for (h->ndrives = 0; h->ndrives < drives; h->ndrives++) {
		h->drives[h->ndrives] = mr_drive_alloc(h->wq, m, p);
		if (!h->drives[h->ndrives])
			goto free;
	}
	shost = scsi_host_alloc(&mr_template, sizeof(h));
	if (!shost)
		goto free;
	*(struct mr_host **)shost_priv(shost) = h;
	h->shost = shost;
	shost->max_id = h->ndrives;
	shost->max_lun = 1;
	shost->max_channel = 0;
	shost->can_queue = p->can_queue;
	if (p == &mr_personalities[0])
		shost->can_queue = can_queue;
	shost->cmd_per_lun = min_t(short, p->cmd_per_lun, shost->can_queue);
	shost->max_sectors = p->max_sectors;
	shost->max_cmd_len = 16;
	ret = scsi_add_host(shost, mr_root);
	if (ret) {
		scsi_host_put(shost);
		goto free;
	}
	scsi_scan_host(shost);
	return h;
free:
	mr_host_free(h);
	return ERR_PTR(ret);
}

static void mr_host_remove(struct mr_host *h)
{
	scsi_remove_host(h->shost);
	flush_workqueue(h->wq);
	scsi_host_put(h->shost);
	mr_host_free(h);
}

static void mr_hosts_remove(void)
{
	while (mr_nhosts)
		mr_host_remove(mr_hosts[--mr_nhosts]);
}

static struct mr_host *mr_host_of(const struct mr_personality *p)
{
	unsigned int i;

	for (i = 0; i < mr_nhosts; i++)
		if (mr_hosts[i]->drives[0]->pers == p)
			return mr_hosts[i];
	return NULL;
}

/* the hosts the personalities parameter names, in its order */
static int mr_hosts_add(int m)
{
	const struct mr_personality *p;
	char *list, *rest, *name;
	struct mr_host *h;
	int ret = 0;

	list = kstrdup(personalities, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	rest = list;
	while ((name = strsep(&rest, ","))) {
		p = mr_personality_find(name);
		if (!p || mr_host_of(p)) {
			pr_err("mmcrec: personalities: '%s' unknown or given twice\n",
			       name);
			ret = -EINVAL;
			break;
		}
		h = mr_host_add(p, m);
		if (IS_ERR(h)) {
			ret = PTR_ERR(h);
			break;
		}
		mr_hosts[mr_nhosts++] = h;
	}
	kfree(list);
	return ret;
}

static int __init mmcrec_init(void)
{
	int m, ret;

	m = sysfs_match_string(mr_media_names, media);
	if (m < 0) {
		pr_err("mmcrec: unknown media '%s'\n", media);
		return -EINVAL;
	}
	if (!can_queue || can_queue > mr_template.can_queue) {
		pr_err("mmcrec: can_queue is 1 to %d\n", mr_template.can_queue);
		return -EINVAL;
	}
	if (!drives || drives > MR_MAX_DRIVES) {
		pr_err("mmcrec: drives is 1 to %d\n", MR_MAX_DRIVES);
		return -EINVAL;
	}
	mr_root = root_device_register("mmcrec");
	if (IS_ERR(mr_root))
		return PTR_ERR(mr_root);
	ret = mr_hosts_add(m);
	if (ret) {
		mr_hosts_remove();
		root_device_unregister(mr_root);
	}
	return ret;
}

static void __exit mmcrec_exit(void)
{
	mr_hosts_remove();
	root_device_unregister(mr_root);
}

module_init(mmcrec_init);
module_exit(mmcrec_exit);
MODULE_DESCRIPTION("Emulated MMC recorder (CD-R/RW, DVD+R/RW, DVD-R, BD-R/RE) for tests");
MODULE_LICENSE("GPL");
