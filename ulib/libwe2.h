/* SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT) */
/*
 * libwe2: the user space library of the we2 write engine.
 *
 * A thin, documented layer over the ioctls of /dev/we2N (see
 * <linux/we2.h>). Every function that can fail returns an int: >= 0 on
 * success, -errno on failure. errno itself is never part of the interface
 * (a call may still change it, as any libc call does).
 *
 * Threads: the functions on a descriptor keep no state of their own, so a
 * second thread may call we2_cancel() or we2_get_status() on it while the
 * first one is blocked in we2_write_section(). Streams, drives and
 * burners are per-thread objects: one thread uses each, except for the
 * calls documented as callable from any thread (we2_stream_cancel(),
 * we2_burner_cancel(), and we2_drive_buffer() beside a write). Sense data
 * comes back with the call that failed (struct we2_write_result, or kept
 * in the drive or burner object the call was made on until its next
 * command), never in state shared between objects or threads; the one
 * per-thread buffer is we2_asc_str()'s for a pair it does not know.
 *
 * Copyright (C) 2026 The we2 authors
 */
#ifndef LIBWE2_H
#define LIBWE2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/we2.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's own version; we2_version() returns it as a string. */
#define WE2_MAJOR_VERSION	1
#define WE2_MINOR_VERSION	8
#define WE2_PATCH_VERSION	0

/* The most sense data a section write hands back (the ABI's limit). */
#define WE2_SENSE_MAX		252

/*
 * struct we2_write_result - what became of a section write
 * @sectors_written: sectors the device acknowledged, exact on success and
 *	on failure alike. Sectors are acknowledged in whole SCSI commands, so
 *	after a failure the failed command starts at
 *	start_lba + sectors_written.
 * @sense_len: bytes of sense data in @sense, 0 when the device sent none.
 * @sense: the sense data of the failed command, as the device sent it
 *	(decode it with we2_sense_decode() or we2_strsense()).
 */
struct we2_write_result {
	uint32_t	sectors_written;
	uint32_t	sense_len;
	uint8_t		sense[WE2_SENSE_MAX];
};

/*
 * struct we2_sense - the decoded parts of SCSI sense data
 * @response_code: 0x70/0x71 (fixed format) or 0x72/0x73 (descriptor).
 * @key: sense key, 0x0-0xF (see we2_sense_key_str()).
 * @asc: additional sense code, 0 if the data is too short to hold it.
 * @ascq: additional sense code qualifier, likewise.
 * @deferred: the error belongs to an earlier command (0x71/0x73).
 * @descriptor: the data was in descriptor format (0x72/0x73).
 * @info_valid: @info holds the information field. For a write this is
 *	usually the LBA of the first sector that failed; in fixed format it
 *	is 32 bits wide, so a negative LBA appears as its two's complement.
 * @sks_valid: @sks holds the sense-key specific bytes (a field pointer
 *	for ILLEGAL REQUEST, a progress indication for NOT READY).
 * @sks: the three sense-key specific bytes, SKSV bit included.
 * @info: the information field.
 */
struct we2_sense {
	uint8_t		response_code;
	uint8_t		key;
	uint8_t		asc;
	uint8_t		ascq;
	bool		deferred;
	bool		descriptor;
	bool		info_valid;
	bool		sks_valid;
	uint8_t		sks[3];
	uint64_t	info;
};

/* SCSI sense keys (SPC) */
#define WE2_SK_NO_SENSE		0x0
#define WE2_SK_RECOVERED_ERROR	0x1
#define WE2_SK_NOT_READY	0x2
#define WE2_SK_MEDIUM_ERROR	0x3
#define WE2_SK_HARDWARE_ERROR	0x4
#define WE2_SK_ILLEGAL_REQUEST	0x5
#define WE2_SK_UNIT_ATTENTION	0x6
#define WE2_SK_DATA_PROTECT	0x7
#define WE2_SK_BLANK_CHECK	0x8
#define WE2_SK_ABORTED_COMMAND	0xB
#define WE2_SK_MISCOMPARE	0xE

/*
 * we2_open - open a we2 device node
 * @path: the node, e.g. "/dev/we20".
 * @flags: O_RDWR to write sections, cancel or change settings; O_RDONLY
 *	to read info, status and settings only. O_CLOEXEC is always added and
 *	may be given; O_NONBLOCK makes we2_read_event() answer -EAGAIN
 *	rather than wait; O_EXCL with O_RDWR holds the device: no other
 *	descriptor may be open for writing, and none may be opened for
 *	writing until this one is closed (a module older than ABI 3, see
 *	we2_get_info(), ignores it); any other flag is refused.
 *
 * The node is checked to be a we2 device (WE2_IOC_GET_INFO must answer).
 *
 * Returns the new descriptor, or -errno: -EINVAL for bad flags, -ENOTTY
 * when @path is not a we2 device, -EBUSY when O_EXCL cannot be had or
 * another program holds the device, or what open(2) failed with.
 */
int we2_open(const char *path, int flags);

/*
 * we2_close - close a descriptor from we2_open()
 *
 * Returns 0 or -errno from close(2); the descriptor is released either way.
 */
int we2_close(int fd);

/*
 * we2_get_info - what the device can do and its counters
 * @info: filled in (struct we2_info in <linux/we2.h>).
 *
 * Returns 0 or -errno (-ENOTTY: not a we2 device, -ENODEV: device gone).
 */
int we2_get_info(int fd, struct we2_info *info);

/*
 * we2_get_status - what the device is writing now (or wrote last)
 * @st: filled in (struct we2_status in <linux/we2.h>).
 *
 * Safe to call from any thread while a section is being written; this is
 * how a program shows progress within one section.
 *
 * Returns 0 or -errno.
 */
int we2_get_status(int fd, struct we2_status *st);

/*
 * we2_cancel - stop the section being written on this device
 *
 * May be called from any thread or process whose descriptor is open for
 * writing. The writer stops after the command in flight and its
 * we2_write_section() returns -ECANCELED with the exact count.
 *
 * A cancel is not remembered: one that arrives before the section has
 * started, or after it has ended, returns -ENOENT and has no effect. A
 * program that cancels its own writer from another thread must therefore
 * retry while its writer is about to enter we2_write_section().
 *
 * Returns 0, -ENOENT when no section is being written, -EBADF when @fd is
 * not open for writing, or another -errno.
 */
int we2_cancel(int fd);

/*
 * we2_get_config - read the device's write settings
 * @cfg: filled in; the kernel sets every mask bit it knows.
 *
 * Returns 0 or -errno.
 */
int we2_get_config(int fd, struct we2_config *cfg);

/*
 * we2_set_config - change some of the device's write settings
 * @cfg: the new values; @cfg->mask says which fields to change (WE2_CFG_*)
 *	and the other fields are ignored. Reserved fields must be zero: start
 *	from a zeroed structure or from we2_get_config().
 *
 * The change is checked as a whole and applied entirely or not at all.
 *
 * Returns 0, -EINVAL (a value out of range, an unknown mask bit, or a
 * sector larger than the transfer cap), -EBUSY (a section is being
 * written), or another -errno.
 */
int we2_set_config(int fd, const struct we2_config *cfg);

/*
 * we2_set_bytes_per_sector - set the sector size of later sections
 * @bps: 1 up to the device's max_transfer_bytes and the transfer cap
 *	(2048 for data, 2352 or 2448 for raw CD), or WE2_UNSET.
 *
 * Returns 0 or -errno, as we2_set_config().
 */
int we2_set_bytes_per_sector(int fd, int bps);

/*
 * we2_set_streaming_write12 - choose the write command
 * @on: true for WRITE(12) with the Streaming bit, false for WRITE(10).
 *
 * Returns 0 or -errno, as we2_set_config().
 */
int we2_set_streaming_write12(int fd, bool on);

/*
 * we2_set_sectors_per_second - set the expected speed ramp
 * @start: sectors per second at the start of a write, WE2_UNSET for "as
 *	fast as the device goes". 1x is 75 on CD, 676 on DVD, 2195 on BD.
 * @end: sectors per second at the end, likewise.
 *
 * Both are changed together. Returns 0 or -errno, as we2_set_config().
 */
int we2_set_sectors_per_second(int fd, int start, int end);

/*
 * we2_set_transfer_cap - bound the data of one SCSI command
 * @bytes: 1 up to the device's max_transfer_bytes, and not below the
 *	sector size (65536 by default, what burners send).
 *
 * Returns 0 or -errno, as we2_set_config().
 */
int we2_set_transfer_cap(int fd, unsigned int bytes);

/*
 * we2_set_timeout_ms - set the per-command timeout
 * @ms: 1000 to 3600000.
 *
 * Returns 0 or -errno, as we2_set_config().
 */
int we2_set_timeout_ms(int fd, unsigned int ms);

/*
 * we2_write_section - write sectors from a buffer, blocking until done
 * @fd: a descriptor open for writing.
 * @buf: nr_sectors * bytes_per_sector bytes. The pages are mapped into the
 *	SCSI commands, not copied, when @buf and the length are multiples of
 *	the device's dma_alignment (a page-aligned buffer always is).
 * @start_lba: first LBA, WE2_LBA_MIN to WE2_LBA_MAX; negative LBAs (CD
 *	lead-in, pre-gap) are allowed. The last LBA must be in range too.
 * @nr_sectors: 1 to INT_MAX sectors of the device's bytes_per_sector,
 *	which must have been set.
 * @res: if not NULL, receives the exact count and, when a command failed,
 *	its sense data. Filled in on success and on failure alike.
 *
 * The section is split into commands of at most the transfer cap; a
 * command that fails counts none of its sectors.
 *
 * Returns @nr_sectors, or -errno: -EIO (the device failed a command; see
 * @res->sense), -ECANCELED (we2_cancel()), -ETIMEDOUT (a command timed
 * out), -EINVAL (a bad argument, or bytes_per_sector not set), -ERANGE (an
 * LBA or a sector does not fit the command), -EOVERFLOW (the data length
 * does not fit), -EFAULT, -EBADF (not open for writing), -EBUSY (another
 * section is being written on this device), -EINTR (fatal signal),
 * -ENODEV (device gone), -ENOMEM.
 */
int we2_write_section(int fd, const void *buf, int64_t start_lba,
		      uint32_t nr_sectors, struct we2_write_result *res);

/*
 * Streaming writes (io_uring)
 *
 * A stream keeps several WRITE commands in flight on one device through
 * io_uring (WE2_URING_CMD_WRITE), each from its own buffer of a ring of
 * buffers registered with the kernel (pinned once, for the life of the
 * stream), and refills each buffer from the source as its write
 * completes. It is the Windows engine's WriteSection(IStream, ...) with a
 * queue: the source is a file descriptor or a read callback.
 *
 * One stream belongs to one thread, the one that created it with
 * we2_stream_init(): its ring is IORING_SETUP_SINGLE_ISSUER (and
 * DEFER_TASKRUN, so completions run when that thread waits), and a write
 * from another thread fails with -EEXIST. Only we2_stream_cancel() may be
 * called from another thread (or from the progress callback).
 */
struct we2_stream;

/*
 * struct we2_progress - where a streaming write stands
 *
 * The fields of the Windows engine's IWriteEngine2EventArgs.
 * @start_lba: first LBA of the section.
 * @sector_count: sectors in the section.
 * @last_read_lba: the last LBA whose data has been read from the source
 *	(start_lba - 1 before the first read).
 * @last_written_lba: the last LBA of the acknowledged prefix of the
 *	section: every sector from start_lba to it is on the device.
 * @total_buffer_bytes: bytes in the stream's buffers.
 * @used_buffer_bytes: bytes read from the source and not yet acknowledged.
 * @free_buffer_bytes: total_buffer_bytes - used_buffer_bytes.
 * @sectors_per_second: the pacing rate of the device, 0 when not paced
 *	(from progress records; a stream leaves it 0).
 */
struct we2_progress {
	int64_t		start_lba;
	uint32_t	sector_count;
	int64_t		last_read_lba;
	int64_t		last_written_lba;
	uint64_t	total_buffer_bytes;
	uint64_t	used_buffer_bytes;
	uint64_t	free_buffer_bytes;
	uint32_t	sectors_per_second;
};

/*
 * we2_progress_fn - called by a streaming write after completions
 * Called in the writing thread once before the first write, after each
 * batch of completions, and once at the end. Every value is monotonic
 * within a section. Return 0 to go on, non-zero to cancel the section.
 */
typedef int (*we2_progress_fn)(const struct we2_progress *p, void *arg);

/*
 * we2_read_fn - the source of a streaming write (the IStream)
 * Fill @buf with up to @len bytes. Return the bytes read, 0 at the end of
 * the data, or -errno.
 */
typedef ssize_t (*we2_read_fn)(void *arg, void *buf, size_t len);

/* struct we2_stream_opts flags */
#define WE2_STREAM_NO_FIXED	(1U << 0)	/* plain user addresses */
#define WE2_STREAM_NO_DIRECT	(1U << 1)	/* no O_DIRECT file reads */

/*
 * struct we2_stream_opts - how a stream is set up
 * @queue_depth: writes in flight, 1 to 128; 0 means 8.
 * @buffer_bytes: bytes per buffer, which bounds one write; 0 means the
 *	device's transfer cap (transfer_cap_bytes). A write carries as many
 *	whole sectors as fit in both.
 * @flags: WE2_STREAM_*.
 * @progress: called as the write goes on, or NULL.
 * @progress_arg: its argument.
 */
struct we2_stream_opts {
	unsigned int	queue_depth;
	unsigned int	buffer_bytes;
	unsigned int	flags;
	we2_progress_fn	progress;
	void		*progress_arg;
};

/*
 * we2_stream_init - set up a stream on a we2 descriptor
 * @stp: receives the stream.
 * @fd: a we2 descriptor open for writing; it must stay open while the
 *	stream lives.
 * @opts: the set-up, or NULL for the defaults.
 * Creates an io_uring with big SQEs and CQEs, allocates queue_depth
 * page-aligned buffers and registers them. If registering fails (for
 * example RLIMIT_MEMLOCK), the stream writes from the same buffers as
 * plain user addresses: we2_stream_fixed() says which.
 * Returns 0 or -errno (-EINVAL: bad options, -ENOMEM, or what
 * io_uring_setup(2) failed with).
 */
int we2_stream_init(struct we2_stream **stp, int fd,
		    const struct we2_stream_opts *opts);

/*
 * we2_stream_exit - tear a stream down (waits for nothing: no write is in
 *	flight outside a we2_stream_write_*() call)
 */
void we2_stream_exit(struct we2_stream *st);

/* we2_stream_fixed - true when the stream writes from registered buffers */
bool we2_stream_fixed(const struct we2_stream *st);

/*
 * we2_stream_write_fd - write a section from a file descriptor
 * @st: the stream.
 * @src: where the data comes from, read from its current offset (and
 *	left just past the data used). A regular file is read with O_DIRECT
 *	straight into the registered buffers when its offset and the buffer
 *	size allow, so the data is never copied on its way to the device.
 * @start_lba, @nr_sectors: the section, as for we2_write_section().
 * @res: if not NULL, the exact count and sense data, as for
 *	we2_write_section(): @res->sectors_written is the acknowledged
 *	prefix of the section. After a failure, writes that were already in
 *	flight behind the failed one may have reached the device too.
 * Returns @nr_sectors, or -errno: those of we2_write_section(),
 * -ECANCELED (we2_stream_cancel() or the progress callback), -ENODATA
 * (the source ended before the section did), or a read error of @src.
 */
int we2_stream_write_fd(struct we2_stream *st, int src, int64_t start_lba,
			uint32_t nr_sectors, struct we2_write_result *res);

/*
 * we2_stream_write_cb - write a section from a read callback
 * As we2_stream_write_fd(), with @read (called with @arg) as the source.
 */
int we2_stream_write_cb(struct we2_stream *st, we2_read_fn read, void *arg,
			int64_t start_lba, uint32_t nr_sectors,
			struct we2_write_result *res);

/*
 * we2_stream_cancel - stop the section being streamed
 * Safe from any thread and from the progress callback. No new write is
 * sent; those in flight complete (the device keeps what it acknowledged)
 * and the write returns -ECANCELED with the exact prefix. A cancel with no
 * write under way is remembered until the next we2_stream_write_*() call,
 * which then writes nothing.
 */
void we2_stream_cancel(struct we2_stream *st);

/*
 * Progress records (blocking writes watched from another thread)
 */

/*
 * we2_read_event - read one progress record of the device
 * @fd: a we2 descriptor (read-only is enough); records published before
 *	it was opened are not seen.
 * @ev: receives the latest record this descriptor has not read, with the
 *	number it missed in @ev->missed.
 * Blocks until there is one, unless @fd is O_NONBLOCK (-EAGAIN).
 * Returns 0 or -errno (-ENODEV: the device is gone).
 */
int we2_read_event(int fd, struct we2_event *ev);

/* we2_event_progress - a record's figures as a struct we2_progress */
void we2_event_progress(const struct we2_event *ev, struct we2_progress *p);

/*
 * we2_watch - follow a write on the device until it ends
 * @fd: a descriptor of the device, opened before the write starts; open
 *	for writing if @fn may cancel.
 * @fn: called with each record's figures (DWriteEngine2Events::Update);
 *	a non-zero return cancels the write (we2_cancel() on @fd), as
 *	CancelWrite() does, and watching goes on to the write's last record.
 * Returns the state that ended the write (WE2_STATE_DONE, _CANCELLED,
 * _FAILED) or -errno.
 */
int we2_watch(int fd, we2_progress_fn fn, void *arg);

/*
 * Recorders: preparing a write-once disc and closing it
 *
 * The data sectors of a burn go through we2; the recorder's other commands
 * (what the disc is, where to write, the write parameters, a cue sheet or
 * a reservation, the speed, the flush and the closing) go through SG_IO on
 * its /dev/srN, which the kernel allows to any descriptor opened for
 * writing: membership of the cdrom group is enough, as it is for burners.
 * A struct we2_drive holds that descriptor for the whole burn.
 *
 * Every function returns 0 (or a count) or -errno; -EIO means the drive
 * answered CHECK CONDITION, and we2_drive_sense() / we2_drive_strerror()
 * then say what it answered. A drive belongs to one thread, except for
 * we2_drive_buffer(), which a second thread may call to show the drive's
 * buffer while the first one writes through we2.
 */
struct we2_drive;

/* MMC profiles (GET CONFIGURATION) that we2_burn_plan() can burn */
#define WE2_PROFILE_CD_R		0x0009
#define WE2_PROFILE_CD_RW		0x000a	/* blank */
#define WE2_PROFILE_DVD_R		0x0011
#define WE2_PROFILE_DVD_R_DL		0x0015
#define WE2_PROFILE_DVD_PLUS_R		0x001b
#define WE2_PROFILE_DVD_PLUS_R_DL	0x002b
#define WE2_PROFILE_BD_R		0x0041	/* sequential recording */
/* rewritable media a burn overwrites from LBA 0, formatted first (1.8) */
#define WE2_PROFILE_DVD_PLUS_RW		0x001a
#define WE2_PROFILE_BD_RE		0x0043

/* we2_profile_media() */
#define WE2_MEDIA_CD		1
#define WE2_MEDIA_DVD		2
#define WE2_MEDIA_BD		3

/* sectors of the pregap before the first track of a CD (LBA -150..-1) */
#define WE2_CD_PREGAP		150
/* sectors of the shortest CD track MMC allows (4 seconds) */
#define WE2_CD_MIN_TRACK	300

/* we2_drive_track_info(): the invisible track, where the next one goes */
#define WE2_TRACK_INVISIBLE	0xff

/* we2_drive_cmd() data direction */
#define WE2_DIR_NONE		0
#define WE2_DIR_IN		1	/* from the drive */
#define WE2_DIR_OUT		2	/* to the drive */

/* struct we2_disc_info status */
#define WE2_DISC_BLANK		0
#define WE2_DISC_APPENDABLE	1
#define WE2_DISC_COMPLETE	2
#define WE2_DISC_OTHER		3
/* struct we2_disc_info last_session */
#define WE2_SESSION_EMPTY	0
#define WE2_SESSION_INCOMPLETE	1
#define WE2_SESSION_COMPLETE	3

/*
 * struct we2_disc_info - READ DISC INFORMATION, decoded
 * @status: WE2_DISC_*.
 * @last_session: state of the last session, WE2_SESSION_*.
 * @erasable: a rewritable disc.
 * @sessions: sessions on the disc, the open or empty one included.
 * @first_track: first track of the last session.
 * @last_track: last track of the last session.
 */
struct we2_disc_info {
	uint8_t		status;
	uint8_t		last_session;
	bool		erasable;
	uint16_t	sessions;
	uint16_t	first_track;
	uint16_t	last_track;
};

/*
 * struct we2_track_info - READ TRACK INFORMATION, decoded
 * @track, @session: its numbers.
 * @start: first LBA.
 * @nwa: next writable address, valid when @nwa_valid.
 * @free: sectors still writable in it.
 * @size: its size in sectors.
 * @blank, @reserved: nothing written yet; reserved by RESERVE TRACK.
 * @track_mode, @data_mode: as the drive reports them.
 */
struct we2_track_info {
	uint16_t	track;
	uint16_t	session;
	int32_t		start;
	int32_t		nwa;
	uint32_t	free;
	uint32_t	size;
	bool		nwa_valid;
	bool		blank;
	bool		reserved;
	uint8_t		track_mode;
	uint8_t		data_mode;
};

/* struct we2_write_params write_type */
#define WE2_WT_INCREMENTAL	0	/* packet, incremental */
#define WE2_WT_TAO		1
#define WE2_WT_SAO		2	/* session/disc-at-once */
/*
 * or'ed into write_type, as page 05h has it beside the write type: Test
 * Write, a simulation (1.6). The drive takes every command as for a burn
 * and records nothing; CD-R/RW and DVD-R/RW only.
 */
#define WE2_WT_TEST_WRITE	0x10

/*
 * struct we2_write_params - the fields of mode page 05h that a burn sets
 * @write_type: WE2_WT_*, with WE2_WT_TEST_WRITE for a simulation.
 * @multisession: 0 close the disc with the session, 3 leave it open.
 * @track_mode: 0-15 (4 or 5 for data; 0 when a cue sheet decides).
 * @data_block_type: 8 mode 1 (2048 bytes); 0 when a cue sheet decides.
 * @packet_sectors: fixed packet size (with the link size of DVD-R), or 0.
 */
struct we2_write_params {
	uint8_t		write_type;
	uint8_t		multisession;
	uint8_t		track_mode;
	uint8_t		data_block_type;
	uint32_t	packet_sectors;
};

/*
 * we2_drive_open - hold a recorder for a burn
 * @dp: receives the drive.
 * @path: its block node, /dev/srN (see we2_drive_path()).
 * Opens it O_RDWR | O_EXCL | O_NONBLOCK as burners do: no other program
 * may open it exclusively meanwhile, and the kernel's media polling stops
 * until we2_drive_close().
 * Returns 0 or -errno (-EBUSY: another program holds it, -ENOTTY: not a
 * SCSI block device, or what open(2) failed with).
 */
int we2_drive_open(struct we2_drive **dp, const char *path);

/* we2_drive_close - release the drive */
void we2_drive_close(struct we2_drive *d);

/* we2_drive_fd - its descriptor, to send commands of one's own with SG_IO */
int we2_drive_fd(const struct we2_drive *d);

/*
 * we2_drive_path - the /dev/srN of a we2 node's SCSI device
 * @we2_fd: a descriptor of /dev/we2N.
 * Returns 0 with the path in @buf, or -errno (-ENODEV: no sr disk there).
 */
int we2_drive_path(int we2_fd, char *buf, size_t size);

/* the longest node path a struct we2_drive_id holds, NUL included */
#define WE2_NODE_MAX		96

/*
 * struct we2_drive_id - a drive's nodes and names, from sysfs (1.5)
 * @we2: its we2 node, "/dev/we2N".
 * @sr: its block node, "/dev/srN" (what we2_drive_open() takes), "" when
 *	it has none (sr_mod not loaded, or the node not made yet).
 * @sg: its generic node, "/dev/sgN", "" when none.
 * @scsi: the SCSI address, "H:C:T:L".
 * @vendor, @model, @rev: as the drive's INQUIRY data gives them (sysfs's
 *	vendor, model and rev), the trailing blanks dropped.
 */
struct we2_drive_id {
	char	we2[WE2_NODE_MAX];
	char	sr[WE2_NODE_MAX];
	char	sg[WE2_NODE_MAX];
	char	scsi[32];
	char	vendor[16];
	char	model[32];
	char	rev[16];
};

/*
 * we2_drive_find - a drive by any of its names (1.5)
 * @name: /dev/we2N, /dev/srN, /dev/sgN, or a link to one (/dev/cdrom).
 * @id: filled in; zeroed on failure.
 * The node's numbers, not its name, say which drive it is: stat(2) gives
 * major:minor, /sys/dev/{char,block}/MAJ:MIN/device the SCSI device, and
 * that device's we2/, block/ and scsi_generic/ directories its other
 * nodes, each believed only when its class entry (/sys/class/we2/we2N,
 * /sys/block/srN, /sys/class/scsi_generic/sgN) links back to the same
 * device and the node in /dev has the numbers sysfs gives it.
 * Returns 0 or -errno: -ENOTTY (not a character or block device: a file,
 * say), -ENODEV (a device, but no SCSI device with a we2 node behind it:
 * not a drive, or we2 not attached), or what stat(2) failed with.
 *
 * For tests, the environment variables WE2_SYSFS_ROOT and WE2_DEV_ROOT
 * stand for /sys and /dev (ignored in set-id programs); with
 * WE2_DEV_ROOT set, a regular file holding "c MAJ:MIN" or "b MAJ:MIN"
 * stands for a character or block node.
 */
int we2_drive_find(const char *name, struct we2_drive_id *id);

/*
 * we2_drive_list - the drives we2 is attached to (1.5)
 * @ids: receives up to @max of them, in the order of their we2 nodes
 *	(we20, we21, ..., we210).
 * Each is found from /sys/class/we2 as we2_drive_find() finds one (a node
 * whose links do not hold is left out). Returns how many there are, which
 * may be more than @max (0 when we2 is not loaded), or -errno.
 */
int we2_drive_list(struct we2_drive_id *ids, unsigned int max);

/*
 * we2_drive_writers - descriptors of the drive's we2 node open for
 *	writing, from its sysfs "writers" (1.6)
 * A burner opening the node O_RDWR | O_EXCL is refused (-EBUSY) while
 * there is any: a drive list says "busy" without trying. Returns the
 * count or -errno (-ENOENT: a module older than the attribute).
 */
int we2_drive_writers(const struct we2_drive_id *id);

/*
 * we2_drive_cmd - one command through SG_IO
 * @cdb, @cdb_len: the command, 6 to 16 bytes.
 * @dir: WE2_DIR_NONE, _IN or _OUT.
 * @buf, @len: its data.
 * @timeout_ms: 0 for 30 s.
 * Returns the bytes received (WE2_DIR_IN) or 0; -EIO when the drive
 * answered CHECK CONDITION (its sense data is kept), -ETIMEDOUT, -ENODEV,
 * -EBUSY or another -errno.
 */
int we2_drive_cmd(struct we2_drive *d, const uint8_t *cdb,
		  unsigned int cdb_len, int dir, void *buf, uint32_t len,
		  unsigned int timeout_ms);

/*
 * we2_drive_sense - the sense data of the last command that failed
 * Returns its length (0: that failure had none), copied to @buf up to @size.
 */
int we2_drive_sense(struct we2_drive *d, uint8_t *buf, size_t size);

/*
 * we2_drive_strerror - the last failure in one line, the command named:
 *	"RESERVE TRACK: Illegal Request: Invalid field in CDB (05/24/00)"
 * Returns as snprintf(3).
 */
int we2_drive_strerror(struct we2_drive *d, char *buf, size_t size);

/* TEST UNIT READY: 0 when a disc is loaded and the drive is idle */
int we2_drive_test_ready(struct we2_drive *d);

/* START STOP UNIT, load: close the tray (1.3) */
int we2_drive_load(struct we2_drive *d);

/*
 * we2_drive_ready - make the drive ready to write, as a burner does first
 *	(1.3): unit attentions of a disc change eaten, a disc spinning up
 *	(NOT READY 04/01) waited for, an open tray (02/3A/02) closed with
 *	START STOP UNIT, within @timeout_ms. -EIO with the sense kept
 *	(we2_drive_strerror) for anything else, -ETIMEDOUT when time ran out.
 */
int we2_drive_ready(struct we2_drive *d, unsigned int timeout_ms);

/*
 * we2_drive_lock - lock or unlock the tray (1.4)
 * @lock: true: PREVENT ALLOW MEDIUM REMOVAL with Prevent set, so that the
 *	drive refuses to eject the disc (its button and START STOP UNIT
 *	alike) until unlocked; false: allow removal again.
 * A burn locks the tray once the disc is planned and unlocks it on every
 * way out: an eject mid-burn would leave a disc half written.
 */
int we2_drive_lock(struct we2_drive *d, bool lock);

/*
 * we2_drive_eject - unlock the tray and open it (1.5)
 * PREVENT ALLOW MEDIUM REMOVAL, allow (a burn's lock, or any other, would
 * make the drive refuse), then START STOP UNIT with LoEj. The disc stays
 * as it was burned. Returns 0 or -errno (-EIO: the sense kept).
 */
int we2_drive_eject(struct we2_drive *d);

/* GET CONFIGURATION: the current profile (WE2_PROFILE_*, 0: no disc) */
int we2_drive_profile(struct we2_drive *d, uint16_t *profile);

/* READ DISC INFORMATION */
int we2_drive_disc_info(struct we2_drive *d, struct we2_disc_info *di);

/* READ TRACK INFORMATION of track @track (WE2_TRACK_INVISIBLE: the next) */
int we2_drive_track_info(struct we2_drive *d, uint32_t track,
			 struct we2_track_info *ti);

/*
 * Sessions and tracks on the disc (1.5): what `cdrecord -msinfo` and
 * `-toc` show.
 */

/*
 * we2_toc_session_decode - a READ TOC format 1 answer (session information)
 * @b, @len: the bytes the drive sent (LBA form, MSF bit clear).
 * @start: receives the first LBA of the first track of the last complete
 *	session.
 * Returns the number of that session, -EPROTO when the answer is too
 * short or names no session or track, -EINVAL.
 */
int we2_toc_session_decode(const uint8_t *b, size_t len, int32_t *start);

/* READ TOC format 1: we2_toc_session_decode() of the drive's answer */
int we2_drive_session_start(struct we2_drive *d, int32_t *start);

/*
 * we2_msinfo_check - whether a disc has a session to continue
 * @di: READ DISC INFORMATION.
 * @next: READ TRACK INFORMATION of the invisible track, or NULL not to
 *	check its next writable address.
 * Returns 0 (appendable, the last session closed, the next one writable),
 * -ENODATA (blank: no session yet), -EROFS (closed, or no next writable
 * address), -EBUSY (the last session left open: an interrupted burn),
 * -EMEDIUMTYPE (a disc of other states, rewritable ones), -EINVAL.
 */
int we2_msinfo_check(const struct we2_disc_info *di,
		     const struct we2_track_info *next);

/*
 * we2_drive_msinfo - the numbers `cdrecord -msinfo` prints (1.5)
 * @start: the first LBA of the last complete session's first track (READ
 *	TOC format 1), where its ISO 9660 volume begins.
 * @nwa: the next writable address (READ TRACK INFORMATION of the
 *	invisible track), where the next session's data will go.
 * Both as wodim and libburn read them. Returns 0 or -errno: those of
 * we2_msinfo_check(), -EIO (the sense kept), -EPROTO.
 */
int we2_drive_msinfo(struct we2_drive *d, int32_t *start, int32_t *nwa);

/*
 * we2_drive_tracks - every track on the disc (1.5)
 * @di: receives READ DISC INFORMATION.
 * @ti: receives READ TRACK INFORMATION of tracks 1 to @max (index 0 is
 *	track 1); on an appendable or blank disc the last is the invisible
 *	track (@ti->blank), where the next one goes.
 * Returns the number of tracks on the disc (may be more than @max) or
 * -errno.
 */
int we2_drive_tracks(struct we2_drive *d, struct we2_disc_info *di,
		     struct we2_track_info *ti, unsigned int max);

/*
 * we2_drive_write_params - set the write parameters (mode page 05h)
 * The page is read first, so the fields not in @wp keep the drive's
 * values; BUFE (buffer underrun protection) is always set.
 */
int we2_drive_write_params(struct we2_drive *d,
			   const struct we2_write_params *wp);

/* SEND CUE SHEET (CD session-at-once; see we2_cue_sheet()) */
int we2_drive_send_cue(struct we2_drive *d, const void *cue, size_t len);

/* RESERVE TRACK of @sectors on the invisible track */
int we2_drive_reserve_track(struct we2_drive *d, uint32_t sectors);

/*
 * we2_drive_set_write_speed - ask for a write speed
 * @profile: the media's (a CD takes SET CD SPEED, others SET STREAMING).
 * @kbps: kB/s (1000 bytes); the drive picks the speed it has nearest below.
 * @last_lba: the end of the area the speed is for (SET STREAMING).
 */
int we2_drive_set_write_speed(struct we2_drive *d, uint16_t profile,
			      uint32_t kbps, uint32_t last_lba);

/* GET PERFORMANCE: the write speed the drive has chosen, in kB/s */
int we2_drive_write_speed(struct we2_drive *d, uint32_t *kbps);

/* the most speeds we2_drive_write_speeds() lists */
#define WE2_SPEEDS_MAX		32

/*
 * we2_drive_write_speeds - the write speeds the drive has for its disc (1.4)
 * @kbps: receives up to @max speeds in kB/s, fastest first, no repeats.
 * From GET PERFORMANCE type 03h (write speed descriptors) or, when that
 * lists none, from mode page 2Ah's write speed descriptors.
 * Returns how many (0: the drive lists none) or -errno.
 */
int we2_drive_write_speeds(struct we2_drive *d, uint32_t *kbps,
			   unsigned int max);

/*
 * we2_write_speed_pick - which listed speed a request for @want kB/s means
 *	(1.4)
 * @kbps, @n: the drive's speeds (we2_drive_write_speeds()).
 * @near: if not NULL, set when the pick is within 1.5% of @want.
 * What the drive calls Nx is the listed speed nearest N times 1x within
 * 1.5% (drives round: 8467 or 8448 kB/s for a CD's 48x, 176.4 x 48 =
 * 8467.2); failing that, the fastest listed speed not above @want, or the
 * slowest when all are above it.
 * Returns the index of the speed picked, or -EINVAL (no speeds, @want 0).
 */
int we2_write_speed_pick(const uint32_t *kbps, unsigned int n, uint32_t want,
			 bool *near);

/* READ BUFFER CAPACITY: the drive's buffer and its free bytes */
int we2_drive_buffer(struct we2_drive *d, uint32_t *size, uint32_t *free);

/* SYNCHRONIZE CACHE; with @immed it returns at once (we2_drive_wait_ready) */
int we2_drive_sync(struct we2_drive *d, bool immed);

/*
 * we2_drive_close_track - CLOSE TRACK/SESSION
 * @function: 1 the track @track, 2 the session, 5 or 6 finalize the disc
 *	(MMC's close functions of the media).
 */
int we2_drive_close_track(struct we2_drive *d, unsigned int function,
			  uint16_t track, bool immed);

/* called while the drive is busy: @percent done, -1 when it does not say */
typedef void (*we2_wait_fn)(int percent, void *arg);

/*
 * Rewritable media (1.8): BLANK for a CD-RW, FORMAT UNIT and READ FORMAT
 * CAPACITIES for a DVD+RW or BD-RE, the background format of a DVD+RW.
 */

/* we2_drive_blank() types, as BLANK's Blanking Type field */
#define WE2_BLANK_ALL		0	/* the whole disc */
#define WE2_BLANK_MINIMAL	1	/* PMA, TOC and pregap: "fast" */

/*
 * we2_drive_blank - BLANK (A1h) of @type (WE2_BLANK_*)
 * @immed: return at once; the drive is then NOT READY until it is done
 *	(we2_drive_wait_progress()).
 */
int we2_drive_blank(struct we2_drive *d, unsigned int type, bool immed);

/* READ FORMAT CAPACITIES' descriptor types of the current capacity */
#define WE2_CAP_UNFORMATTED	1	/* or blank */
#define WE2_CAP_FORMATTED	2
#define WE2_CAP_NO_MEDIA	3
/* the most format descriptors struct we2_format_caps keeps */
#define WE2_FORMATS_MAX		16

/*
 * struct we2_format_caps - READ FORMAT CAPACITIES, decoded
 * @current_blocks, @current_type: the current/maximum capacity and
 *	whether the disc is formatted (WE2_CAP_*).
 * @n: format descriptors that follow, at most WE2_FORMATS_MAX.
 * @fmt: each: @blocks, @type (the Format Type, 26h DVD+RW full, 00h/30h
 *	BD-RE with spare areas, 31h BD-RE without) and @param (its Type
 *	Dependent Parameter: a BD-RE's spare area size).
 */
struct we2_format_caps {
	uint32_t	current_blocks;
	uint8_t		current_type;
	unsigned int	n;
	struct {
		uint32_t	blocks;
		uint8_t		type;
		uint32_t	param;
	} fmt[WE2_FORMATS_MAX];
};

/* we2_format_caps_decode - a READ FORMAT CAPACITIES answer; 0, -EPROTO */
int we2_format_caps_decode(const uint8_t *b, size_t len,
			   struct we2_format_caps *c);

/* READ FORMAT CAPACITIES: we2_format_caps_decode() of the drive's answer */
int we2_drive_format_caps(struct we2_drive *d, struct we2_format_caps *c);

/*
 * we2_drive_format - FORMAT UNIT with one format descriptor (FmtData,
 * format code 1), as growisofs and dvd+rw-format send it
 * @blocks, @type, @param: the descriptor (see struct we2_format_caps;
 *	@param bit 0 on a DVD+RW 26h is the restart bit).
 * @immed: the list's IMMED: return at once, the drive NOT READY (FORMAT
 *	IN PROGRESS) until done.
 */
int we2_drive_format(struct we2_drive *d, uint32_t blocks, uint8_t type,
		     uint32_t param, bool immed);

/* DVD+RW background format status (READ DISC INFORMATION byte 7) */
#define WE2_BGF_NONE		0	/* never started: not formatted */
#define WE2_BGF_SUSPENDED	1	/* started, stopped (readable anywhere) */
#define WE2_BGF_RUNNING		2
#define WE2_BGF_DONE		3

/* we2_drive_bg_format - the disc's WE2_BGF_* status, or -errno */
int we2_drive_bg_format(struct we2_drive *d);

/*
 * we2_drive_wait_progress - poll REQUEST SENSE while a BLANK or FORMAT UNIT
 *	sent with IMMED runs
 * Goes on while the drive answers NOT READY 04/04 (format), 04/07
 * (operation in progress), 04/08 or 04/01, reporting the progress
 * indication (the sense-key specific bytes) to @fn; then waits for the
 * disc to be ready (we2_drive_ready(): the media change some drives
 * report once it is done eaten). Returns 0, -ETIMEDOUT, or the failure
 * (-EIO: the sense kept).
 */
int we2_drive_wait_progress(struct we2_drive *d, unsigned int timeout_ms,
			    we2_wait_fn fn, void *arg);

/*
 * we2_drive_wait_ready - poll TEST UNIT READY until a long write ends
 * Goes on while the drive says NOT READY, long write in progress or
 * becoming ready, reporting its progress to @fn (may be NULL).
 * Returns 0, -ETIMEDOUT after @timeout_ms, or the failure of the poll.
 */
int we2_drive_wait_ready(struct we2_drive *d, unsigned int timeout_ms,
			 we2_wait_fn fn, void *arg);

/*
 * we2_cue_sheet - the cue sheet of one mode 1 data track on a blank CD
 * @cue: 32 bytes at least.
 * @sectors: the track's 2048-byte sectors, after the 150-sector pregap.
 * Lead-in, track 1 index 0 (the pregap at LBA -150), index 1 (LBA 0),
 * lead-out at LBA @sectors: as wodim and cdrskin send it.
 * Returns its length (32), -ERANGE (the lead-out is past 99:59:74) or
 * -ENOSPC (@size too small).
 */
int we2_cue_sheet(uint8_t *cue, size_t size, uint32_t sectors);

/*
 * we2_profile_media - WE2_MEDIA_CD, _DVD or _BD for a burnable profile
 * (DVD+RW and BD-RE too, from 1.8), else 0
 */
int we2_profile_media(uint16_t profile);

/* we2_profile_str - the profile's name ("DVD+R"), never NULL */
const char *we2_profile_str(uint16_t profile);

/*
 * we2_media_one_x - 1x of WE2_MEDIA_CD, _DVD or _BD, as drives count it
 *	(1.6)
 * @sectors_per_second: if not NULL, receives its sectors a second (CD 75,
 *	DVD 676, BD 2195): what a pace of Nx is in sectors.
 * Returns its bytes a second (CD 176400: 75 sectors of 2352 bytes; DVD
 * 1385000; BD 4495625), which kB/s speeds are counted in; 0 (and nothing
 * stored) for another @media.
 */
uint32_t we2_media_one_x(int media, uint32_t *sectors_per_second);

/* called as each step starts (@percent -1) and while the drive works */
typedef void (*we2_burn_step_fn)(int step, int percent, void *arg);

/*
 * we2_rw_ready() flags (1.8): what may be done to a rewritable disc
 * before a burn
 */
#define WE2_RW_BLANK_FAST	(1U << 0)	/* a CD-RW not blank: BLANK 1 */
#define WE2_RW_BLANK_ALL	(1U << 1)	/* a CD-RW not blank: BLANK 0 */
#define WE2_RW_NOSPARE		(1U << 2)	/* a BD-RE formatted with 31h */
#define WE2_RW_FORCE		(1U << 3)	/* blank or format it anyway */
#define WE2_RW_FLAGS		0x0fU

/* the steps of we2_rw_ready() as its callback sees them */
#define WE2_STEP_BLANK		5
#define WE2_STEP_FORMAT		6

/*
 * we2_rw_ready - make a rewritable disc writable, as the burners do (1.8)
 * @flags: WE2_RW_*.
 * @fn, @arg: called as a step starts (@percent -1) and with the drive's
 *	progress while it works; may be NULL.
 * A CD-RW that is not blank is blanked when @flags ask (BLANK type 1 for
 * WE2_RW_BLANK_FAST, 0 for WE2_RW_BLANK_ALL, with IMMED, the progress
 * polled with REQUEST SENSE); left as it is otherwise (we2_burn_plan()
 * then refuses a closed one). A DVD+RW never formatted is formatted
 * (FORMAT UNIT 26h, the whole disc; its background format goes on until
 * we2_burn_finish() stops it, as growisofs does). An unformatted BD-RE is
 * formatted with spare areas (30h, the first such format the drive lists:
 * the largest capacity, as growisofs), or without (31h, WE2_RW_NOSPARE).
 * WE2_RW_FORCE blanks a CD-RW (fast unless WE2_RW_BLANK_ALL) or formats
 * a DVD+RW or BD-RE whatever its state: what was on it is gone.
 * A BLANK or FORMAT UNIT cannot be stopped once sent.
 * Returns 1 when it blanked or formatted, 0 when there was nothing to do,
 * or -errno: -EMEDIUMTYPE (WE2_RW_FORCE on a disc that is not
 * rewritable), -EINVAL, -ETIMEDOUT, -EPROTO (the drive lists no such
 * format), -EIO (the sense kept in @d).
 */
int we2_rw_ready(struct we2_drive *d, unsigned int flags,
		 we2_burn_step_fn fn, void *arg);

/* we2_burn_plan() flags */
#define WE2_BURN_MULTI		(1U << 0)	/* leave the disc appendable */
/*
 * a simulation (1.6): page 05h's Test Write set, everything sent as for
 * the burn, nothing recorded; the disc stays as it was
 */
#define WE2_BURN_DUMMY		(1U << 1)

/*
 * struct we2_burn_plan - how one image is burned on the disc in the drive
 * @profile, @media: the disc.
 * @sectors: the track's 2048-byte sectors: the image's, or on a CD at
 *	least WE2_CD_MIN_TRACK (1.4), the sectors past the image written as
 *	zeros.
 * @track: the track it becomes.
 * @lba: where the data goes (the next writable address).
 * @pregap_lba, @pregap_sectors: zeros written before the data (the CD's
 *	pregap at @lba - 150), 0 sectors when none.
 * @last_lba: the last LBA the disc can take.
 * @one_x_kbps: 1x of the media in kB/s (176 CD, 1385 DVD, 4496 BD).
 * @page05, @wp: write parameters to set first, if @page05.
 * @cue: a cue sheet is sent (CD session-at-once).
 * @reserve: RESERVE TRACK of that many sectors, 0 for none.
 * @close_track: CLOSE TRACK after the flush.
 * @close_fn: then this CLOSE SESSION function (2 session, 5/6 finalize),
 *	0 when the flush closes all (CD SAO, DVD-R DAO).
 * @disc, @next: what the drive said (we2_burn_inquire() only).
 */
struct we2_burn_plan {
	uint16_t		profile;
	int			media;
	uint32_t		sectors;
	uint16_t		track;
	int64_t			lba;
	int64_t			pregap_lba;
	uint32_t		pregap_sectors;
	uint32_t		last_lba;
	uint32_t		one_x_kbps;
	bool			page05;
	struct we2_write_params	wp;
	bool			cue;
	uint32_t		reserve;
	bool			close_track;
	uint8_t			close_fn;
	struct we2_disc_info	disc;
	struct we2_track_info	next;
};

/*
 * we2_burn_plan - decide how to burn @sectors from the drive's answers
 * Sends nothing. A CD track shorter than WE2_CD_MIN_TRACK is planned as
 * that long (1.4): the caller writes its image, then zeros up to
 * @p->sectors. An appendable CD gets its next session track at once
 * (1.6; before, -ENOTEMPTY). A formatted DVD+RW or BD-RE (1.8; @ti its
 * track 1, as we2_burn_inquire() asks) is overwritten from LBA 0: no page
 * 05h, no reservation, no close (WE2_BURN_MULTI changes nothing there).
 * Returns 0 or -errno: -EMEDIUMTYPE (not a disc
 * we burn), -EROFS (the disc is closed), -ENOTEMPTY (a CD-RW that is
 * not blank: we2_rw_ready() blanks it; 1.8), -EUCLEAN (a DVD+RW or
 * BD-RE not formatted: we2_rw_ready() formats it; 1.8), -EBUSY (a track or session is
 * left open or reserved), -ENOSPC (the image does not fit),
 * -EOPNOTSUPP (WE2_BURN_DUMMY on a medium with no simulation: DVD+R,
 * BD-R), -EINVAL (a flag this library does not know: older than 1.6 for
 * WE2_BURN_DUMMY).
 */
int we2_burn_plan(struct we2_burn_plan *p, uint16_t profile,
		  const struct we2_disc_info *di,
		  const struct we2_track_info *ti, uint64_t sectors,
		  unsigned int flags);

/*
 * we2_burn_inquire - ask the drive (TEST UNIT READY, profile, disc and
 *	next track) and plan; @p->profile, @p->disc and @p->next are filled
 *	in even when the plan fails. Returns as we2_burn_plan() or -errno.
 */
int we2_burn_inquire(struct we2_drive *d, uint64_t sectors,
		     unsigned int flags, struct we2_burn_plan *p);

/*
 * we2_burn_prepare - page 05h, then the cue sheet or the reservation;
 * afterwards the plan's sectors are written through we2 (the pregap
 * first), from @p->pregap_lba. Returns 0, -EPROTO (the drive put the
 * track elsewhere) or a failure of the drive.
 */
int we2_burn_prepare(struct we2_drive *d, const struct we2_burn_plan *p);

/* the steps of we2_burn_finish() */
#define WE2_STEP_FLUSH		1
#define WE2_STEP_CLOSE_TRACK	2
#define WE2_STEP_CLOSE_SESSION	3
#define WE2_STEP_FINALIZE	4


/*
 * we2_burn_finish - after the last sector: flush the drive's buffer, close
 * the track and the session or finalize the disc, as the plan says, each
 * sent with IMMED and polled. On a DVD+RW whose background format runs
 * (1.8), CLOSE TRACK/SESSION function 0 stops it, as growisofs' "stop
 * de-icing" does (reported as WE2_STEP_CLOSE_SESSION), so that other
 * drives read the disc. Returns 0 or the drive's failure.
 */
int we2_burn_finish(struct we2_drive *d, const struct we2_burn_plan *p,
		    we2_burn_step_fn fn, void *arg);

/*
 * A burn in one call (1.7)
 *
 * struct we2_burner does what we2burn does for a disc: it finds the drive
 * behind any of its nodes, asks what disc it holds, plans the burn
 * (we2_burn_inquire()), locks the tray, sets the speed, prepares the disc
 * (we2_burn_prepare()), writes the CD's pregap and the image (streamed
 * through io_uring, or in blocking sections), flushes and closes
 * (we2_burn_finish()), reads the disc back to verify it, and lets the
 * drive go. One callback reports the state and the progress.
 *
 * A burner belongs to the thread that runs it; only we2_burner_cancel()
 * may be called from another thread or a signal handler. What a failed
 * run leaves (its sense data, a line saying what failed, the sectors that
 * reached the drive) is kept in the burner until the next run, not in
 * state shared with other burners.
 */
struct we2_burner;

/* struct we2_burner_opts flags */
#define WE2_BURNER_DUMMY	(1U << 0)	/* a simulation: CD-R/RW, DVD-R */
#define WE2_BURNER_MULTI	(1U << 1)	/* leave the disc appendable */
#define WE2_BURNER_NO_VERIFY	(1U << 2)	/* do not read the disc back */
#define WE2_BURNER_EJECT	(1U << 3)	/* open the tray when done */
#define WE2_BURNER_BLOCKING	(1U << 4)	/* blocking sections, no io_uring */
/*
 * no image (1.8): @image_fd and @image_bytes are not looked at, and the
 * burner only blanks or formats (we2_burner_blank(), _format())
 */
#define WE2_BURNER_NO_IMAGE	(1U << 5)
#define WE2_BURNER_FLAGS	0x3fU		/* every flag this version knows */

/* the states a run goes through, as the progress callback sees them */
enum we2_burner_state {
	WE2_BURNER_IDLE = 0,
	WE2_BURNER_INQUIRE,		/* the disc asked about, the burn planned */
	WE2_BURNER_PREPARE,		/* tray, speed, page 05h, cue or reserve */
	WE2_BURNER_PREGAP,		/* the CD's 150 sectors before the data */
	WE2_BURNER_WRITE,		/* the image */
	WE2_BURNER_FLUSH,		/* the finish steps, WE2_STEP_* */
	WE2_BURNER_CLOSE_TRACK,
	WE2_BURNER_CLOSE_SESSION,
	WE2_BURNER_FINALIZE,
	WE2_BURNER_VERIFY,		/* the disc read back */
	WE2_BURNER_DONE,
	WE2_BURNER_BLANK,		/* a CD-RW blanked (1.8) */
	WE2_BURNER_FORMAT,		/* a DVD+RW or BD-RE formatted (1.8) */
};

/*
 * struct we2_burner_progress - where a run stands
 * @size: sizeof the struct as the library fills it; later versions add
 *	fields at the end only.
 * @state: WE2_BURNER_*.
 * @sectors_done, @sectors_total: of the state's work (the write's: the
 *	sectors the drive acknowledged; the verify's: those read back).
 * @buffer_fill: percent of our buffers holding data the drive has not
 *	acknowledged (a streaming write), -1 when not known.
 * @drive_fill: percent of the drive's buffer in use (READ BUFFER
 *	CAPACITY, sampled ten times a second while writing), -1 unknown.
 * @percent: a finish step's, a blank's or a format's progress as the
 *	drive reports it, -1 unknown.
 */
struct we2_burner_progress {
	uint32_t	size;
	int		state;
	uint64_t	sectors_done;
	uint64_t	sectors_total;
	int		buffer_fill;
	int		drive_fill;
	int		percent;
};

/*
 * we2_burner_progress_fn - called in the running thread at each state
 * change and as the write and the verify go on; a non-zero return
 * cancels the run, as we2_burner_cancel() does.
 */
typedef int (*we2_burner_progress_fn)(const struct we2_burner_progress *p,
				      void *arg);

/*
 * struct we2_burner_opts - what to burn and how
 * @size: sizeof(struct we2_burner_opts) as the caller was built with. The
 *	struct grows at its end: a library takes any size from
 *	WE2_BURNER_OPTS_SIZE_VER0 on, reads fields past @size as 0, and
 *	refuses (-E2BIG) a larger struct whose bytes it does not know are
 *	not all zero.
 * @flags: WE2_BURNER_*; an unknown one is refused (-EINVAL).
 * @image_fd: the image, read from its current offset: a regular file or
 *	block device (read again to verify), or a pipe (verified against an
 *	FNV-1a hash of what went by).
 * @image_bytes: the bytes to burn; 0 for the whole of a file or block
 *	device. A pipe needs it: the disc is laid out before the data.
 * @speed: "Nx" (the drive's speed nearest N times 1x of the media) or
 *	"N" kB/s; NULL for the drive's own choice (we2_speed_parse()).
 * @progress, @progress_arg: the callback, or NULL.
 * Past WE2_BURNER_OPTS_SIZE_VER0 (0 means the default):
 * @queue_depth, @buffer_bytes: as struct we2_stream_opts.
 * @rw_flags: WE2_RW_* (1.8): whether a run blanks a CD-RW that is not
 *	blank (WE2_RW_BLANK_FAST or _ALL; without, a closed CD-RW is
 *	refused, -ENOTEMPTY), and how a BD-RE is formatted (WE2_RW_NOSPARE).
 *	A DVD+RW or BD-RE never formatted is formatted by any run.
 *	WE2_RW_FORCE is for we2_burner_blank() and _format() only.
 */
struct we2_burner_opts {
	uint32_t		size;
	uint32_t		flags;
	int			image_fd;
	uint64_t		image_bytes;
	const char		*speed;
	we2_burner_progress_fn	progress;
	void			*progress_arg;
	unsigned int		queue_depth;
	unsigned int		buffer_bytes;
	unsigned int		rw_flags;
};

/* the smallest struct we2_burner_opts a library takes */
#define WE2_BURNER_OPTS_SIZE_VER0	offsetof(struct we2_burner_opts, queue_depth)

/*
 * we2_burner_create - a burner for a drive
 * @bp: receives it.
 * @device: any node of the drive (/dev/srN, /dev/we2N, /dev/sgN, a link);
 *	NULL for the system's only drive.
 * @opts: checked before the drive is looked for.
 * Returns 0 or -errno: -EINVAL (an option: an unknown flag, a speed that
 * does not parse, a negative descriptor, a pipe without @image_bytes, a
 * struct smaller than WE2_BURNER_OPTS_SIZE_VER0), -E2BIG (see @size),
 * -ENOMEM, those of we2_drive_find(), -ENODEV (no drive, or with @device
 * NULL several), -EBADF (what fstat(2) says of @image_fd).
 */
int we2_burner_create(struct we2_burner **bp, const char *device,
		      const struct we2_burner_opts *opts);

/*
 * we2_burner_run - burn: inquire, plan, prepare, pregap, write, close,
 *	verify, eject as the options say
 * Returns 0, 1 when the disc's bytes are not the image's (the verify
 * failed: we2_burner_bad_byte()), or -errno: -ECANCELED, those of
 * we2_burn_inquire() (no disc, not one we burn, closed, too small),
 * -EIO (the drive refused a command: we2_burner_sense()), -ENODATA (the
 * image ended early), -EPROTO (a simulation changed the disc), -EINVAL
 * (a burner made with WE2_BURNER_NO_IMAGE). The tray is unlocked and the
 * drive let go on every way out. Runs once.
 *
 * On rewritable media (1.8), before the plan: a CD-RW that is not blank
 * is blanked when @rw_flags ask for it, a DVD+RW or BD-RE never formatted
 * is formatted (we2_rw_ready(), states WE2_BURNER_BLANK and
 * WE2_BURNER_FORMAT with the drive's percent); nothing of it in a
 * simulation. A DVD+RW or BD-RE is then written from LBA 0 over what was
 * there. A cancel during a blank or format takes effect when the drive
 * is done with it (the drive cannot stop it); nothing is written then.
 */
int we2_burner_run(struct we2_burner *b);

/*
 * we2_burner_blank, we2_burner_format - blank a CD-RW, format a DVD+RW or
 *	BD-RE, and nothing else (1.8)
 * The burner may be made with WE2_BURNER_NO_IMAGE; @rw_flags say how
 * (WE2_RW_BLANK_ALL: the whole CD-RW, else fast; WE2_RW_NOSPARE: a BD-RE
 * without spare areas). The disc is blanked or formatted whatever its
 * state (WE2_RW_FORCE), the progress reported as for a run. Returns 0 or
 * -errno: -EMEDIUMTYPE (not a disc of that kind), -ECANCELED (cancelled
 * before the command was sent), those of we2_rw_ready().
 */
int we2_burner_blank(struct we2_burner *b);
int we2_burner_format(struct we2_burner *b);

/*
 * we2_burner_cancel - stop a run (from any thread, or a signal handler:
 * an atomic flag and an ioctl). The run stops as soon as it can: the
 * write at the section's acknowledged prefix, no close is sent, and
 * we2_burner_run() returns -ECANCELED.
 */
void we2_burner_cancel(struct we2_burner *b);

/* we2_burner_close - free the burner (not while it runs) */
void we2_burner_close(struct we2_burner *b);

/* the plan the run made (valid once past WE2_BURNER_INQUIRE), or NULL */
const struct we2_burn_plan *we2_burner_plan(const struct we2_burner *b);

/* the drive's /dev/srN and we2 node, as found */
const struct we2_drive_id *we2_burner_drive(const struct we2_burner *b);

/* sectors that reached the drive (the pregap's and the image's) */
uint64_t we2_burner_sectors(const struct we2_burner *b);

/*
 * we2_burner_sense - the sense data of the command that failed the run
 * Returns its length (0: none), copied to @buf up to @size.
 */
int we2_burner_sense(const struct we2_burner *b, uint8_t *buf, size_t size);

/* what failed the run, in one line ("" when nothing did); never NULL */
const char *we2_burner_error(const struct we2_burner *b);

/*
 * we2_burner_bad_byte - after a failed verify, the first byte of the
 * image that differs; UINT64_MAX when a pipe's hash differed (no offset).
 */
uint64_t we2_burner_bad_byte(const struct we2_burner *b);

/* the name of a WE2_BURNER_* state ("write", "verify"); never NULL */
const char *we2_burner_state_str(int state);

/*
 * we2_speed_parse - a write speed as people give it (1.7)
 * @s: "Nx" or "NX" (N > 0, a fraction allowed) or a whole "N" kB/s.
 * @x: set to N for "Nx", 0 for kB/s.
 * @kbps: set to N for kB/s, 0 for "Nx".
 * Returns 0 or -EINVAL.
 */
int we2_speed_parse(const char *s, double *x, uint32_t *kbps);

/*
 * we2_burn_plan_text - the plan in words (1.7), as we2burn prints it:
 * "simulation (Test Write: nothing recorded), session-at-once, cue sheet,
 * 150 pregap sectors at LBA -150, 2000 sectors; the lead-out closes the
 * disc". Returns as snprintf(3).
 */
int we2_burn_plan_text(const struct we2_burn_plan *p, char *buf, size_t size);

/* we2_features() bits: what this library can do */
#define WE2_FEATURE_BURNER	(1U << 0)	/* we2_burner_*() (1.7) */
#define WE2_FEATURE_DUMMY	(1U << 1)	/* WE2_BURN_DUMMY (1.6) */
#define WE2_FEATURE_CD_APPEND	(1U << 2)	/* a CD session appended (1.6) */
#define WE2_FEATURE_REWRITABLE	(1U << 3)	/* CD-RW, DVD+RW, BD-RE (1.8) */

/*
 * we2_features - WE2_FEATURE_* of the library loaded at run time (1.7),
 * which may be newer than the header a program was built with
 */
unsigned int we2_features(void);

/*
 * we2_sense_key_str - the name of a sense key
 *
 * Returns a constant string such as "Medium Error"; "Invalid sense key"
 * for @key > 0xF. Never NULL.
 */
const char *we2_sense_key_str(unsigned int key);

/*
 * we2_asc_str - the meaning of an ASC/ASCQ pair
 *
 * Knows the pairs that matter when writing to recorders and disks (not
 * ready, write errors, LBA out of range, invalid CDB, write protect,
 * medium format and presence, unit attentions, end of user area, session
 * fixation, power calibration area, ...).
 *
 * Returns a constant string, or for a pair it does not know
 * "ASC 0xNN ASCQ 0xNN" in a buffer of the calling thread that the next
 * call from that thread overwrites. Never NULL.
 */
const char *we2_asc_str(unsigned int asc, unsigned int ascq);

/*
 * we2_sense_decode - decode SCSI sense data
 * @sense: the sense data, in fixed (0x70/0x71) or descriptor (0x72/0x73)
 *	format.
 * @len: bytes in @sense; a short buffer decodes what it holds and leaves
 *	the rest zero.
 * @out: filled in; zeroed on failure.
 *
 * In descriptor format the information (type 0x00) and sense-key specific
 * (type 0x02) descriptors are used; other descriptors are skipped.
 *
 * Returns 0, -ENODATA when @len is 0, or -EINVAL when the data is neither
 * format (or @sense or @out is NULL).
 */
int we2_sense_decode(const uint8_t *sense, size_t len, struct we2_sense *out);

/*
 * we2_strsense - describe sense data in one line
 * @sense, @len: as for we2_sense_decode().
 * @buf: where the line is written, always NUL-terminated when @size > 0.
 * @size: bytes at @buf.
 *
 * The line reads, for example,
 *	"Medium Error: Write error (03/0C/00), information 74565"
 * with " [deferred]" added for a deferred error and ", field pointer
 * byte N" / ", progress N%" when the sense-key specific bytes hold one.
 * Sense data that cannot be decoded gives "no sense data" or
 * "unrecognised sense data (response code 0xNN)".
 *
 * Returns, as snprintf(3) does, the length of the whole line, which may be
 * >= @size if the line was cut short; -EINVAL if @buf is NULL and @size is
 * not 0.
 */
int we2_strsense(const uint8_t *sense, size_t len, char *buf, size_t size);

/*
 * Audio CDs (libwe2 1.8): 2352-byte sectors of 16-bit little-endian
 * stereo samples at 44.1 kHz, written session-at-once after a cue sheet.
 */
#define WE2_CD_AUDIO_SECTOR	2352
#define WE2_AUDIO_INDEX_MAX	99	/* index points of a track */
/* a track's control bits (the Q subchannel's CTL) */
#define WE2_AUDIO_COPY		0x01	/* digital copy permitted */
#define WE2_AUDIO_PREEMPHASIS	0x02	/* recorded with pre-emphasis */

struct we2_audio_track {
	uint32_t sectors;	/* from index 1 on; 300 (4 s) at least */
	uint32_t pause;		/* sectors of index 0 before index 1 */
	uint32_t flags;		/* WE2_AUDIO_* */
	uint32_t nr_index;	/* further index points: 2, 3, ... */
	const uint32_t *index;	/* their sectors after index 1, rising */
};

/*
 * we2_cue_sheet_audio - the cue sheet of an audio CD, session-at-once
 * @tracks, @n: the tracks; the first's pause is 150 sectors at least (the
 * mandatory two seconds, at LBA -150), the others' may be 0.
 * @first: the first track's number (1 unless the disc says otherwise).
 * @cdtext: the host writes CD-TEXT in the lead-in (data form 41h, as
 * libburn announces it: then the writing starts at the ATIP's lead-in
 * start, see we2_drive_atip(); else at LBA -150).
 * Lead-in, each track's pause (index 0), index 1 and further indexes,
 * lead-out: as cdrskin -sao sends them. Returns the length in bytes,
 * -EINVAL, -ERANGE (past 99:59:74) or -ENOSPC (@size is too small; 8
 * bytes an entry).
 */
int we2_cue_sheet_audio(uint8_t *cue, size_t size,
			const struct we2_audio_track *tracks, unsigned int n,
			unsigned int first, bool cdtext);

/* a WAV file's format and where its samples are */
struct we2_wav {
	uint64_t data_offset;	/* the first sample's byte in the file */
	uint64_t data_bytes;	/* WE2_WAV_TO_EOF: to the end of the file */
	uint32_t rate;		/* samples per second */
	uint16_t channels;
	uint16_t bits;		/* per sample */
	bool pcm;		/* linear PCM (plain or extensible format) */
};
#define WE2_WAV_TO_EOF		UINT64_MAX

/*
 * we2_wav_parse - the RIFF/WAVE header in @buf (up to the data chunk's
 * header). Fills @w from the format chunk. Returns 0 for CD audio (PCM,
 * 44100 Hz, 16 bits, 2 channels: its data chunk goes to the disc as it
 * is), -EMEDIUMTYPE for other audio (@w says what it is), -EPROTO (not
 * WAV, or a broken header), -ENODATA (no data chunk in @len bytes).
 */
int we2_wav_parse(const uint8_t *buf, size_t len, struct we2_wav *w);
/*
 * we2_wav_read_header - read a WAV header from @fd, a file or a pipe, up
 * to the first sample and no further; then as we2_wav_parse().
 */
int we2_wav_read_header(int fd, struct we2_wav *w);
/* we2_wav_is_cd - PCM, 44100 Hz, 16 bits, stereo */
bool we2_wav_is_cd(const struct we2_wav *w);

/* we2_msf_to_lba - a CD address; minutes 90-99 are the lead-in's (< -150) */
int32_t we2_msf_to_lba(unsigned int m, unsigned int s, unsigned int f);

/* what a blank CD's ATIP says (READ TOC/PMA/ATIP format 4) */
struct we2_atip {
	int32_t leadin_start;	/* LBA where the lead-in starts, ~ -11000 */
	int32_t leadout_last;	/* the last LBA a lead-out may start at */
	bool rewritable;	/* CD-RW */
};

/* we2_atip_decode - READ TOC format 4's answer; 0, -EINVAL or -EPROTO */
int we2_atip_decode(const uint8_t *buf, size_t len, struct we2_atip *atip);
/*
 * we2_drive_atip - the loaded CD's ATIP. Returns 0, -EPROTO (an answer
 * that is no ATIP), or the failure of the command (-EIO: no ATIP, the
 * disc is not a CD-R/RW; its sense data is kept).
 */
int we2_drive_atip(struct we2_drive *d, struct we2_atip *atip);

/*
 * CD-TEXT (libwe2 1.8): the album's and its tracks' texts an audio CD
 * carries in the R-W subchannel of its lead-in. One block (one language)
 * of single-byte text. we2_cdtext_packs() lays the text out in 18-byte
 * packs (4-byte header, 12 bytes of text, CRC), as libburn does; the host
 * writes them session-at-once into the lead-in, four packs to a 96-byte
 * sector in their 6-bit form (we2_cdtext_subchannel()), from the ATIP's
 * lead-in start up to LBA -151, and a drive returns them with READ TOC
 * format 5 (check them with we2_cdtext_check()).
 */
#define WE2_CD_TRACKS_MAX	99
#define WE2_CDTEXT_PACK		18	/* bytes of a text pack */
#define WE2_CDTEXT_PACKS_MAX	256	/* packs of a block, 0x8f's included */
#define WE2_CDTEXT_SUB_SECTOR	96	/* bytes of a lead-in sector's R-W */

/* pack types: texts of the album (track 0) and of each track ... */
#define WE2_CDTEXT_TITLE	0x80
#define WE2_CDTEXT_PERFORMER	0x81
#define WE2_CDTEXT_SONGWRITER	0x82
#define WE2_CDTEXT_COMPOSER	0x83
#define WE2_CDTEXT_ARRANGER	0x84
#define WE2_CDTEXT_MESSAGE	0x85
#define WE2_CDTEXT_UPC_ISRC	0x8e	/* the album's UPC/EAN, a track's ISRC */
/* ... and of the album alone */
#define WE2_CDTEXT_DISC_ID	0x86	/* catalog number */
#define WE2_CDTEXT_GENRE	0x87	/* see we2_cdtext_set_genre() */
#define WE2_CDTEXT_CLOSED	0x8d	/* closed information, not shown */

/* character sets (size information byte 0) */
#define WE2_CDTEXT_8859_1	0x00
#define WE2_CDTEXT_ASCII	0x01
/* language codes: EBU Tech 3264, appendix 3 (0x09 English, 0x08 German) */
#define WE2_CDTEXT_LANG_ENGLISH	0x09

struct we2_cdtext;

/*
 * we2_cdtext_new - empty CD-TEXT for an album of @tracks (1..99) tracks
 * ISO-8859-1, English, not copyrighted until we2_cdtext_set_block().
 * Returns 0, -EINVAL or -ENOMEM.
 */
int we2_cdtext_new(struct we2_cdtext **textp, unsigned int tracks);
void we2_cdtext_free(struct we2_cdtext *text);
unsigned int we2_cdtext_tracks(const struct we2_cdtext *text);

/*
 * we2_cdtext_set - set (or with @value NULL clear) one text
 * @track: 0 for the album, 1..tracks; @type: WE2_CDTEXT_TITLE ... .
 * A text is at most 160 bytes of the block's character set, with no
 * control characters. A type set for any track is written for all of
 * them: the album's and a track's text missing are written empty.
 * Returns 0, -EINVAL (a bad track, type or text; an album-only type for a
 * track) or -ENOMEM.
 */
int we2_cdtext_set(struct we2_cdtext *text, unsigned int track,
		   unsigned int type, const char *value);
/*
 * we2_cdtext_set_first_track - the number the disc gives its first track
 * (1 unless set; the cue sheet's track numbers must agree): the packs
 * name tracks by it. Returns 0 or -EINVAL (past track 99).
 */
int we2_cdtext_set_first_track(struct we2_cdtext *text, unsigned int first);
unsigned int we2_cdtext_first_track(const struct we2_cdtext *text);
/* we2_cdtext_get - the text set, or NULL */
const char *we2_cdtext_get(const struct we2_cdtext *text, unsigned int track,
			   unsigned int type);
/*
 * we2_cdtext_set_block - the block's character set (WE2_CDTEXT_8859_1 or
 * _ASCII; the texts already set must fit it), language code and copyright
 * flag. Returns 0 or -EINVAL.
 */
int we2_cdtext_set_block(struct we2_cdtext *text, unsigned int charset,
			 unsigned int language, bool copyright);
/*
 * we2_cdtext_set_genre - the album's genre: a code (0 "not used", 1 "not
 * defined", 2 "Adult Contemporary" ... 0x1b "World Music", as Sony lists
 * them) and a supplementary text (may be NULL). Returns 0 or -EINVAL.
 */
int we2_cdtext_set_genre(struct we2_cdtext *text, unsigned int code,
			 const char *info);

/*
 * we2_cdtext_read_sheet - CD-TEXT from a Sony input sheet (version 0.7T,
 * the text file cdrskin's input_sheet_v07t= reads: "Album Title = ...",
 * "Track 01 Title = ...", "ISRC 01 = ..."), for an album of @tracks
 * tracks, numbered from the sheet's First Track Number (as libburn
 * numbers the disc's tracks from it). Returns 0, -errno of reading the file, -EINVAL with the
 * 1-based number of the offending line in @bad_line (if not NULL), or
 * -ENOMEM.
 */
int we2_cdtext_read_sheet(struct we2_cdtext **textp, const char *path,
			  unsigned int tracks, unsigned int *bad_line);

/*
 * we2_cdtext_packs - the text packs, block 0, size information last
 * @packs: room for @size bytes; WE2_CDTEXT_PACKS_MAX * WE2_CDTEXT_PACK
 * always suffice.
 * Returns the number of packs, -ENODATA (no text is set), -E2BIG (more
 * text than 253 packs hold) or -ENOSPC (@size is too small).
 */
int we2_cdtext_packs(const struct we2_cdtext *text, uint8_t *packs,
		     size_t size);
/* we2_cdtext_check - how many of @n packs fail their CRC (0: all good) */
int we2_cdtext_check(const uint8_t *packs, unsigned int n);
/*
 * we2_cdtext_subchannel - the R-W subchannel of lead-in sector @sector
 * (0 at the lead-in start): packs 4 * @sector ... + 3, taken round and
 * round the @n packs, as 96 6-bit symbols into @sub. Returns 0 or -EINVAL.
 */
int we2_cdtext_subchannel(const uint8_t *packs, unsigned int n,
			  uint64_t sector, uint8_t *sub);

/*
 * we2_version - the library's version, "MAJOR.MINOR.PATCH"
 */
const char *we2_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBWE2_H */
