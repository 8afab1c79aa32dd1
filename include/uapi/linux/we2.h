/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * we2: a write engine for SCSI/MMC recorders.
 *
 * One character device, /dev/we2N, per attached SCSI device. A program
 * configures the sector size once, then writes "sections": N sectors that
 * start at a signed LBA, straight from its own buffer (the pages are pinned
 * and mapped into the SCSI request, not copied).
 *
 * Opened O_RDWR | O_EXCL, the node admits no other writer (EBUSY) until
 * that descriptor is closed (ABI 3); readers are always let in.
 *
 * Every structure here has a fixed layout on 32- and 64-bit user space:
 * fixed-size types, __u64 for pointers, explicit padding, and reserved
 * space that must be zero so that it can be given a meaning later.
 *
 * Copyright (C) 2026 The we2 authors
 */
#ifndef _UAPI_LINUX_WE2_H
#define _UAPI_LINUX_WE2_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Bumped when a new field or ioctl was added, old ones never changing, up
 * to 4; from then on an addition is a bit in struct we2_info's features.
 * 2: io_uring writes, pacing, events; 3: O_EXCL; 4: io_uring writes sent
 * by position, the features word.
 */
#define WE2_ABI_VERSION		4

/* ioctl magic: 0xE2, numbers 0x00-0x1F (free in ioctl-number.rst) */
#define WE2_IOC_MAGIC		0xE2

/* "Not set" / "as fast as the device goes", as in IMAPI2 */
#define WE2_UNSET		(-1)

/* Bounds of a section's LBAs: a WRITE(10)/(12) LBA field is 32 bits. */
#define WE2_LBA_MIN		(-2147483647LL - 1)	/* -2^31 */
#define WE2_LBA_MAX		4294967295LL		/*  2^32 - 1 */

/*
 * struct we2_config - per-device write settings (WE2_IOC_GET/SET_CONFIG)
 *
 * @mask: on SET, which fields to change (WE2_CFG_*); the others are left
 *	alone. On GET, the kernel sets every bit it knows. Unknown bits on
 *	SET are refused with -EINVAL.
 * @bytes_per_sector: bytes in one sector of a section, 1 up to the
 *	device's max_transfer_bytes; WE2_UNSET (the default) until set. A
 *	section's data length is nr_sectors * bytes_per_sector.
 * @starting_sectors_per_second: the rate at the start of a section,
 *	WE2_UNSET = as fast as the device goes. When both rates are set, a
 *	section is paced: the rate moves linearly (in the sector index) from
 *	the starting to the ending value, no transfer is sent before its
 *	time, and the device is told with SET STREAMING (ABI 2).
 * @ending_sectors_per_second: the rate at the end of a section.
 * @use_streaming_write12: 1 = WRITE(12) with the Streaming bit set,
 *	0 = WRITE(10).
 * @timeout_ms: per-command timeout, 1000 to 3600000.
 * @transfer_cap_bytes: upper bound on one SCSI command's data, 1 up to
 *	max_transfer_bytes; 65536 by default (what burners send).
 * @reserved: must be zero.
 *
 * A SET is validated as a whole before anything changes; it is refused with
 * -EBUSY while a section is being written, unless it changes only the two
 * rates: those apply from the next transfer of the section being written.
 */
struct we2_config {
	__u32	mask;
	__s32	bytes_per_sector;
	__s32	starting_sectors_per_second;
	__s32	ending_sectors_per_second;
	__u32	use_streaming_write12;
	__u32	timeout_ms;
	__u32	transfer_cap_bytes;
	__u32	reserved0;
	__u64	reserved[4];
};

#define WE2_CFG_BYTES_PER_SECTOR	(1U << 0)
#define WE2_CFG_STARTING_SPS		(1U << 1)
#define WE2_CFG_ENDING_SPS		(1U << 2)
#define WE2_CFG_STREAMING_WRITE12	(1U << 3)
#define WE2_CFG_TIMEOUT			(1U << 4)
#define WE2_CFG_TRANSFER_CAP		(1U << 5)
#define WE2_CFG_ALL			((1U << 6) - 1)

/*
 * struct we2_write_section - write nr_sectors at start_lba (WE2_IOC_WRITE_SECTION)
 *
 * @buf: user address of nr_sectors * bytes_per_sector bytes of data.
 *	Pages are mapped, not copied, when the address and length meet the
 *	device's DMA alignment (4 bytes on most hosts); else bounced.
 * @start_lba: first LBA, WE2_LBA_MIN to WE2_LBA_MAX. Negative LBAs (CD
 *	lead-in, pre-gap) are sent as 32-bit two's complement; the last
 *	LBA of the section must fit too, else -ERANGE before any I/O.
 * @nr_sectors: sectors to write, 1 to INT_MAX (the count is returned).
 * @flags: none defined yet, must be zero.
 * @sense_buf: optional user address where the sense data of a failed
 *	command is stored, or on success that of the last command the
 *	device answered with RECOVERED ERROR (sense key 1: the data is on
 *	the medium; the command counts in full); 0 for none.
 * @sense_len: size of @sense_buf in bytes (at most 252 are used).
 * @sectors_written: out: sectors the device acknowledged, always set, on
 *	success and on failure alike: every command before the failed one,
 *	and of the failed one the sectors before the one its MEDIUM or
 *	HARDWARE ERROR sense data names (none for any other failure).
 * @sense_written: out: bytes of sense data stored at @sense_buf (0 if
 *	there was none, or @sense_buf could not be written).
 *	The two out fields are not read, so one structure can be reused.
 * @reserved: must be zero.
 *
 * Returns the number of sectors written (= nr_sectors) on success, or -1
 * with errno: EINVAL (bad argument), ERANGE (LBA or length does not fit the
 * command), EOVERFLOW (nr_sectors * bytes_per_sector exceeds the address
 * space), EFAULT (bad pointer), EBADF (descriptor not open for writing),
 * EBUSY (a section is already being written on this device), EIO (the
 * device failed a command: see the sense data), ECANCELED (WE2_IOC_CANCEL),
 * EINTR (fatal signal), ETIMEDOUT (a command timed out), ENODEV (device
 * gone), ENOMEM.
 */
struct we2_write_section {
	__u64	buf;
	__s64	start_lba;
	__u32	nr_sectors;
	__u32	flags;
	__u64	sense_buf;
	__u32	sense_len;
	__u32	sense_written;
	__u32	sectors_written;
	__u32	reserved0;
	__u64	reserved[2];
};

/*
 * struct we2_status - what the device is doing (WE2_IOC_GET_STATUS)
 *
 * @write_in_progress: 1 while a section is being written.
 * @start_lba: first LBA of the current (or last) section.
 * @sector_count: sectors in the current (or last) section.
 * @sectors_written: sectors of it the device has acknowledged so far.
 * @last_written_lba: start_lba + sectors_written - 1; start_lba - 1 before
 *	the first acknowledgment. (For an io_uring run: the highest LBA
 *	acknowledged.)
 * @sectors_per_second: the pacing rate the next transfer is sent at, 0
 *	when the write is not paced (ABI 2).
 * @last_read_lba: the last LBA of the data the engine has taken from the
 *	caller: sent, or waiting for its pacing slot (ABI 2).
 * @used_buffer_bytes: bytes taken from the caller and not yet acknowledged
 *	(ABI 2).
 * @total_buffer_bytes: the most bytes the write has had in flight at once
 *	(ABI 2); free buffer bytes are total - used.
 * @reserved: zero.
 */
struct we2_status {
	__u32	write_in_progress;
	__u32	sector_count;
	__s64	start_lba;
	__s64	last_written_lba;
	__u32	sectors_written;
	__u32	sectors_per_second;
	__s64	last_read_lba;
	__u64	used_buffer_bytes;
	__u64	total_buffer_bytes;
	__u64	reserved[1];
};

/*
 * struct we2_info - what the device can do and what it has done (WE2_IOC_GET_INFO)
 *
 * @abi_version: WE2_ABI_VERSION of the kernel module.
 * @scsi_type: SCSI peripheral device type (5 = CD/DVD/BD).
 * @max_transfer_bytes: the most data one command can carry on this device
 *	(max hardware sectors and segments of its queue).
 * @dma_alignment: a buffer address and length that are multiples of this
 *	are mapped without a copy.
 * @stat_*: counters since the device was attached: blocking sections
 *	started, SCSI commands sent (both paths), sectors
 *	acknowledged, sections or io_uring writes that ended in an error,
 *	bytes bounce-copied because the buffer was misaligned (ABI 1);
 *	io_uring writes sent, and those of them whose buffer was a
 *	registered one, mapped without pinning a page (ABI 2).
 * @features: WE2_F_* bits, what this module does (ABI 4). Later additions
 *	are announced by a new bit, not by a new ABI number, so a program
 *	tests the bit it needs, and a backport says exactly what it has.
 */
struct we2_info {
	__u32	abi_version;
	__u32	scsi_type;
	__u32	max_transfer_bytes;
	__u32	dma_alignment;
	__u64	stat_sections;
	__u64	stat_commands;
	__u64	stat_sectors_written;
	__u64	stat_errors;
	__u64	stat_bounce_bytes;
	__u64	stat_uring_commands;
	__u64	stat_uring_fixed;
	__u64	features;
	__u64	reserved[5];
};

/* io_uring writes to sequential media are sent by position (see below) */
#define WE2_F_URING_ORDER	(1ULL << 0)
/* a waiting io_uring write holds no request; a dead submitter's are ended */
#define WE2_F_URING_RELEASE	(1ULL << 1)
/* RECOVERED ERROR is a success, its sense handed over with it */
#define WE2_F_RECOVERED_OK	(1ULL << 2)
/* a progress record is read in the reader's size (WE2_EVENT_MIN_SIZE up) */
#define WE2_F_EVENT_SIZED	(1ULL << 3)
/*
 * a WRITE the drive answers NOT READY 04/01, 04/07 or 04/08 (buffer full,
 * disc spinning up) is sent again, within the command timeout, on both
 * paths; the caller sees neither the refusal nor a change of order
 */
#define WE2_F_NOT_READY_RETRY	(1ULL << 4)
/*
 * an io_uring write's sense summary (res2) also says whether the sense
 * data is deferred and carries its information field (WE2_URING_SENSE_*)
 */
#define WE2_F_URING_SENSE_INFO	(1ULL << 5)

#define WE2_IOC_GET_INFO	_IOR(WE2_IOC_MAGIC, 0x00, struct we2_info)
#define WE2_IOC_GET_CONFIG	_IOR(WE2_IOC_MAGIC, 0x01, struct we2_config)
#define WE2_IOC_SET_CONFIG	_IOW(WE2_IOC_MAGIC, 0x02, struct we2_config)
#define WE2_IOC_WRITE_SECTION	_IOWR(WE2_IOC_MAGIC, 0x03, struct we2_write_section)
#define WE2_IOC_GET_STATUS	_IOR(WE2_IOC_MAGIC, 0x04, struct we2_status)
/*
 * Cancel the section being written on this device, from any thread or
 * process holding a descriptor open for writing. The writer stops after the
 * command in flight and gets ECANCELED with the exact count. Returns 0, or
 * -1 with errno ENOENT when no section is being written.
 */
#define WE2_IOC_CANCEL		_IO(WE2_IOC_MAGIC, 0x05)

/*
 * io_uring writes (ABI 2)
 *
 * IORING_OP_URING_CMD on /dev/we2N with cmd_op WE2_URING_CMD_WRITE writes
 * one SCSI command's worth of sectors without a thread per write: many can
 * be in flight at once. The ring must be created with IORING_SETUP_SQE128
 * (the payload does not fit a 64-byte SQE) and IORING_SETUP_CQE32 (the
 * sense summary comes back in the CQE), as for NVMe passthrough; other
 * rings get -EOPNOTSUPP. The descriptor must be open for writing (-EBADF).
 *
 * Set sqe->uring_cmd_flags to IORING_URING_CMD_FIXED and sqe->buf_index to
 * a buffer registered with io_uring_register_buffers() to write from it:
 * its pages were pinned once, at registration, and are not pinned again.
 *
 * The CQE's res is the number of sectors the device acknowledged: all of
 * them; or fewer on a short transfer or a failure midway (a MEDIUM or
 * HARDWARE ERROR whose sense data names a sector of the command: those
 * before it count, as for WE2_IOC_WRITE_SECTION); or, when the device took
 * none, a negative errno: those of WE2_IOC_WRITE_SECTION, plus E2BIG (more
 * data than one command carries: nr_sectors * bytes_per_sector must not
 * exceed the transfer cap); never EAGAIN, which io_uring handles by
 * retrying from a worker. The big CQE's extra word (res2) summarises the
 * sense data, WE2_URING_SENSE_* below; 0 when the device sent none. A
 * RECOVERED ERROR is a success (res counts every sector) with its summary
 * in res2.
 *
 * Order (ABI 4). On any device but a disk (sequential media: a recorder
 * refuses a write off its next writable address) one write is at the
 * device at a time, and the next is chosen by position, not by the order
 * io_uring happens to issue them in (IOSQE_ASYNC, worker retries): the
 * write that starts where the last one sent ended, or a section's first
 * write (start_lba == section_lba; section_sectors 0 makes the write a
 * section of its own), unless the last write sent left open the section
 * this one directly follows. So the writes of a section must lie end to
 * end; sections written one after the other on a disc follow each other.
 * A write whose predecessor does not arrive within the command timeout
 * fails with ETIMEDOUT. A write that fails (ETIMEDOUT so, or at the
 * device) stops its section: the writes of it waiting behind, or arriving
 * later (even after the run has drained: io_uring may issue a write from
 * a worker after the writer has seen the failure), complete with
 * ECANCELED and are not sent, until a write of another section, or of
 * this one from its start, comes.
 *
 * A write not yet at the device holds its pinned pages and no request:
 * a stopped writer holds up neither removal (the waiting writes complete
 * with ENODEV) nor anyone else. Closing the ring or exiting completes
 * them with ECANCELED where the kernel lets a driver cancel (6.7 and
 * later); on every kernel, the waiting writes of a submitter that has
 * been killed or is exiting complete with EINTR within about a second.
 *
 * When the device's rates ask for pacing, a write is not sent before its
 * time: it waits in the driver (an hrtimer, no thread) and counts as in
 * flight; a cancel completes the waiting ones with -ECANCELED.
 *
 * Writes from io_uring form a "run" while at least one is in flight: the
 * status ioctl and sysfs show it as a write in progress, the settings
 * cannot change (-EBUSY) and a blocking section cannot start (-EBUSY), nor
 * an io_uring write during a blocking section. WE2_IOC_CANCEL ends a run:
 * writes already sent to the device (or, unpaced, waiting only for the
 * write ahead of them) complete with their true outcome, and
 * every write that reaches the driver after the cancel, until the run has
 * drained, completes with -ECANCELED without being sent. A cancel is never
 * lost: if the run drains before any write was refused, the next io_uring
 * write is refused (so the writer learns of it); a blocking section clears
 * a pending cancel.
 */

/*
 * struct we2_uring_write - the payload of a WE2_URING_CMD_WRITE SQE (sqe->cmd)
 *
 * @buf: user address of nr_sectors * bytes_per_sector bytes; with
 *	IORING_URING_CMD_FIXED, an address inside the registered buffer.
 * @start_lba: first LBA, as in struct we2_write_section.
 * @nr_sectors: sectors to write, at least 1.
 * @flags: none defined yet, must be zero.
 * @section_lba: first LBA of the section the write belongs to, for
 *	pacing: the ramp from the starting to the ending rate runs over the
 *	section, and a new section restarts it.
 * @section_sectors: sectors in that section; the write must lie within
 *	it (-EINVAL). 0: the write is a section of its own.
 * @reserved: must be zero.
 *
 * The kernel reads each field once, so changing the SQE after submission
 * cannot make it act on values it did not check.
 */
struct we2_uring_write {
	__u64	buf;
	__s64	start_lba;
	__u32	nr_sectors;
	__u32	flags;
	__s64	section_lba;
	__u32	section_sectors;
	__u32	reserved0;
	__u64	reserved[1];
};

#define WE2_URING_CMD_WRITE	_IOW(WE2_IOC_MAGIC, 0x10, struct we2_uring_write)

/*
 * The sense summary in a big CQE's res2: valid bit, sense key, ASC, ASCQ;
 * and, with WE2_F_URING_SENSE_INFO, whether the sense data is deferred
 * (response code 71h/73h: about a write the device had acknowledged
 * before, not about this one, which it did not do) and its information
 * field when valid and of 32 bits (the sector a MEDIUM ERROR names, as
 * the 32 bits of a WRITE(10)/(12) LBA) in the upper half
 */
#define WE2_URING_SENSE_VALID		(1ULL << 24)
#define WE2_URING_SENSE_DEFERRED	(1ULL << 25)
#define WE2_URING_SENSE_INFO_VALID	(1ULL << 26)
#define WE2_URING_SENSE_KEY(res2)	(((res2) >> 16) & 0xf)
#define WE2_URING_SENSE_ASC(res2)	(((res2) >> 8) & 0xff)
#define WE2_URING_SENSE_ASCQ(res2)	((res2) & 0xff)
#define WE2_URING_SENSE_INFO(res2)	((__u32)((res2) >> 32))

/*
 * Progress events (ABI 2)
 *
 * /dev/we2N is pollable: after each acknowledged transfer of a section or
 * an io_uring run (at most one every WE2_EVENT_MIN_INTERVAL_MS while it
 * goes on; the last record of a write is always published), a new record
 * is ready to read(2) as one struct we2_event; read() with a buffer
 * smaller than WE2_EVENT_MIN_SIZE (the ABI 3 record) fails with -EINVAL.
 * A record only ever grows at its end: read() copies min(its size, the
 * buffer's) and returns that count, one record a call. So a reader built
 * against an older header gets the fields it knows, one built against a
 * newer header learns from the count which fields the kernel filled
 * (WE2_F_EVENT_SIZED says the kernel reads so). Each open descriptor has its own place in
 * the stream: a reader that falls behind gets the latest record, with the
 * number of records it missed, and never slows the writer down. read()
 * blocks until a record newer than the last one read is there, unless the
 * descriptor is O_NONBLOCK (-EAGAIN). A descriptor opened read-only may
 * watch.
 */
#define WE2_EVENT_MIN_INTERVAL_MS	5
#define WE2_EVENT_MIN_SIZE		96

enum we2_write_state {
	WE2_STATE_WRITING	= 1,
	WE2_STATE_DONE		= 2,
	WE2_STATE_CANCELLED	= 3,
	WE2_STATE_FAILED	= 4,
};

/*
 * struct we2_event - one progress record
 * @sequence: 1, 2, ... since the device was attached.
 * @state: enum we2_write_state; DONE, CANCELLED and FAILED end a write.
 * @missed: records published since the last one this descriptor read,
 *	and not read by it.
 * @start_lba, @sector_count, @last_written_lba, @last_read_lba,
 * @sectors_per_second, @used_buffer_bytes, @total_buffer_bytes: as in
 *	struct we2_status; free buffer bytes are total - used.
 * @error: the errno a FAILED write ended with (positive), else 0.
 * @timestamp_ns: CLOCK_MONOTONIC time of the record.
 * @reserved: zero.
 */
struct we2_event {
	__u64	sequence;
	__u32	state;
	__u32	missed;
	__s64	start_lba;
	__u32	sector_count;
	__u32	sectors_per_second;
	__s64	last_written_lba;
	__s64	last_read_lba;
	__u64	used_buffer_bytes;
	__u64	total_buffer_bytes;
	__s32	error;
	__u32	reserved0;
	__u64	timestamp_ns;
	__u64	reserved[2];
};

#endif /* _UAPI_LINUX_WE2_H */
