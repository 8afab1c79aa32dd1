// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * A burn in one call: the policy we2burn has for a disc, for any program.
 *
 * we2_burner_run() goes through the states of enum we2_burner_state in
 * order: the drive opened and asked (we2_burn_inquire()), the tray locked
 * (a drive that cannot lock still burns), the speed asked for, the disc
 * prepared (we2_burn_prepare()), the CD's pregap written right before the
 * data so that the drive's buffer does not drain between the two, the
 * image streamed (or written in blocking sections), the finish steps
 * (we2_burn_finish()), a simulation checked to have left the disc as it
 * was, the disc read back through the drive we hold, and the tray opened
 * if asked. Any way out unlocks the tray and closes both nodes, so that
 * opening the drive again re-reads the new disc.
 *
 * Everything a failed run leaves for its caller (sense data, the line
 * saying what failed, the sectors that reached the drive) is in the
 * burner: two burners on two drives in two threads share nothing.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libwe2.h"

#define BURNER_BPS		2048
#define BURNER_CHUNK_BYTES	(16U << 20)	/* a blocking section */
#define BURNER_CMD_BYTES	(256U << 10)	/* a WRITE, where taken */
#define VERIFY_CMD_SECTORS	32	/* 64 KiB a READ: a USB drive takes 120 */
#define DRIVE_SAMPLE_NS		100000000LL	/* the drive's buffer, 10/s */
#define FNV_OFFSET		0xcbf29ce484222325ULL
#define FNV_PRIME		0x100000001b3ULL

struct we2_burner {
	struct we2_burner_opts	o;
	struct we2_drive_id	id;
	bool			pipe;		/* image read once: hashed */
	bool			ran;
	uint64_t		image_bytes;
	uint64_t		read_bytes;
	uint64_t		hash;
	int			fd;		/* the we2 node, -1 */
	struct we2_drive	*drive;
	bool			locked;
	struct we2_burn_plan	plan;
	bool			planned;
	struct we2_burner_progress prog;
	struct timespec		sampled;

	/* what we2_burner_cancel() may touch from elsewhere */
	atomic_bool		cancel;
	atomic_bool		in_write;	/* a blocking section is under way */
	atomic_int		cancel_fd;
	struct we2_stream *_Atomic stream;

	/* the outcome */
	uint64_t		sectors;
	uint64_t		first;		/* sectors before the image's */
	uint64_t		bad_byte;
	uint8_t			sense[WE2_SENSE_MAX];
	size_t			sense_len;
	char			error[256];
};

/* ---- options ----------------------------------------------------------- */

int we2_speed_parse(const char *s, double *x, uint32_t *kbps)
{
	char *end;
	double v;

	if (!s || !x || !kbps)
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !(v > 0) || v > INT32_MAX || !isfinite(v))
		return -EINVAL;
	if (!strcmp(end, "x") || !strcmp(end, "X")) {
		*x = v;
		*kbps = 0;
		return 0;
	}
	if (*end || v != (uint32_t)v)
		return -EINVAL;
	*x = 0;
	*kbps = (uint32_t)v;
	return 0;
}

/*
 * The caller's options into @out: sizes from VER0 on, fields past the
 * caller's size zero, a larger struct only when what we do not know of
 * it is zero (as the kernel's copy_struct_from_user() takes a struct).
 */
static int burner_copy_opts(struct we2_burner_opts *out,
			    const struct we2_burner_opts *in)
{
	size_t size, i;

	if (!in || in->size < WE2_BURNER_OPTS_SIZE_VER0)
		return -EINVAL;
	size = in->size;
	for (i = sizeof(*out); i < size; i++)
		if (((const uint8_t *)in)[i])
			return -E2BIG;
	memset(out, 0, sizeof(*out));
	memcpy(out, in, size < sizeof(*out) ? size : sizeof(*out));
	out->size = sizeof(*out);
	return 0;
}

static int burner_check_opts(const struct we2_burner_opts *o)
{
	uint32_t kbps;
	double x;

	if (o->flags & ~WE2_BURNER_FLAGS)
		return -EINVAL;
	if ((o->rw_flags & ~WE2_RW_FLAGS) ||
	    (o->rw_flags & WE2_RW_BLANK_FAST && o->rw_flags & WE2_RW_BLANK_ALL))
		return -EINVAL;
	if (o->image_fd < 0 && !(o->flags & WE2_BURNER_NO_IMAGE))
		return -EINVAL;
	if (o->speed && we2_speed_parse(o->speed, &x, &kbps))
		return -EINVAL;
	if (o->queue_depth > 128)
		return -EINVAL;
	return 0;
}

/* How many bytes the image has, and whether it can be read twice. */
static int burner_image(struct we2_burner *b)
{
	struct stat st;
	uint64_t size;

	if (fstat(b->o.image_fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
		off_t at = lseek(b->o.image_fd, 0, SEEK_CUR);

		if (at < 0)
			return -errno;
		if (S_ISBLK(st.st_mode)) {
			off_t end = lseek(b->o.image_fd, 0, SEEK_END);

			if (end < 0 || lseek(b->o.image_fd, at, SEEK_SET) < 0)
				return -errno;
			size = end > at ? (uint64_t)(end - at) : 0;
		} else {
			size = st.st_size > at ? (uint64_t)(st.st_size - at) : 0;
		}
		if (b->o.image_bytes > size)
			return -EINVAL;
		b->image_bytes = b->o.image_bytes ? b->o.image_bytes : size;
	} else {
		if (!b->o.image_bytes)
			return -EINVAL;
		b->image_bytes = b->o.image_bytes;
		b->pipe = true;
	}
	return b->image_bytes ? 0 : -EINVAL;
}

static int burner_find(struct we2_burner *b, const char *device)
{
	struct we2_drive_id ids[2];
	int n;

	if (device)
		return we2_drive_find(device, &b->id);
	n = we2_drive_list(ids, 2);
	if (n < 0)
		return n;
	if (n != 1)
		return -ENODEV;
	b->id = ids[0];
	return 0;
}

int we2_burner_create(struct we2_burner **bp, const char *device,
		      const struct we2_burner_opts *opts)
{
	struct we2_burner *b;
	int ret;

	if (!bp)
		return -EINVAL;
	*bp = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->fd = -1;
	atomic_init(&b->cancel_fd, -1);
	ret = burner_copy_opts(&b->o, opts);
	if (!ret)
		ret = burner_check_opts(&b->o);
	if (!ret && !(b->o.flags & WE2_BURNER_NO_IMAGE))
		ret = burner_image(b);
	if (!ret)
		ret = burner_find(b, device);
	if (ret) {
		free(b);
		return ret;
	}
	b->prog.size = sizeof(b->prog);
	b->prog.buffer_fill = -1;
	b->prog.drive_fill = -1;
	b->prog.percent = -1;
	*bp = b;
	return 0;
}

void we2_burner_close(struct we2_burner *b)
{
	free(b);
}

/* ---- what the caller gets back ---------------------------------------- */

const struct we2_burn_plan *we2_burner_plan(const struct we2_burner *b)
{
	return b->planned ? &b->plan : NULL;
}

const struct we2_drive_id *we2_burner_drive(const struct we2_burner *b)
{
	return &b->id;
}

uint64_t we2_burner_sectors(const struct we2_burner *b)
{
	return b->sectors;
}

int we2_burner_sense(const struct we2_burner *b, uint8_t *buf, size_t size)
{
	if (buf && size)
		memcpy(buf, b->sense, size < b->sense_len ? size : b->sense_len);
	return (int)b->sense_len;
}

const char *we2_burner_error(const struct we2_burner *b)
{
	return b->error;
}

uint64_t we2_burner_bad_byte(const struct we2_burner *b)
{
	return b->bad_byte;
}

const char *we2_burner_state_str(int state)
{
	static const char *const names[] = {
		[WE2_BURNER_IDLE] = "idle",
		[WE2_BURNER_INQUIRE] = "inquire",
		[WE2_BURNER_PREPARE] = "prepare",
		[WE2_BURNER_PREGAP] = "pregap",
		[WE2_BURNER_WRITE] = "write",
		[WE2_BURNER_FLUSH] = "flush",
		[WE2_BURNER_CLOSE_TRACK] = "close track",
		[WE2_BURNER_CLOSE_SESSION] = "close session",
		[WE2_BURNER_FINALIZE] = "finalize",
		[WE2_BURNER_VERIFY] = "verify",
		[WE2_BURNER_DONE] = "done",
		[WE2_BURNER_BLANK] = "blank",
		[WE2_BURNER_FORMAT] = "format",
	};

	if (state < 0 || state > WE2_BURNER_FORMAT)
		return "unknown";
	return names[state];
}

unsigned int we2_features(void)
{
	return WE2_FEATURE_BURNER | WE2_FEATURE_DUMMY | WE2_FEATURE_CD_APPEND |
	       WE2_FEATURE_REWRITABLE;
}

void we2_burner_cancel(struct we2_burner *b)
{
	struct we2_stream *st;
	int fd;

	atomic_store(&b->cancel, true);
	st = atomic_load(&b->stream);
	if (st) {
		we2_stream_cancel(st);
		return;
	}
	/*
	 * A blocking section: ends the one under way. One landing just
	 * before it starts gets -ENOENT and the section runs; the flag
	 * stops the run before the next.
	 */
	fd = atomic_load(&b->cancel_fd);
	if (fd >= 0 && atomic_load(&b->in_write))
		we2_cancel(fd);
}

/* ---- the plan in words ------------------------------------------------- */

int we2_burn_plan_text(const struct we2_burn_plan *p, char *buf, size_t size)
{
	unsigned int wt = p->wp.write_type & ~WE2_WT_TEST_WRITE;
	const char *close = p->close_fn == 2 && p->page05 &&
			    !p->wp.multisession ?
			    ", close the session and with it the disc" :
			    p->close_fn == 2 ? ", close the session" :
			    p->close_fn ? ", finalize the disc" :
			    p->cue && p->wp.multisession ?
			    "; the lead-out closes the session" :
			    p->cue ? "; the lead-out closes the disc" :
			    "; the flush closes the disc";

	return snprintf(buf, size, "%s%s%s%s%u sectors%s%s",
			p->wp.write_type & WE2_WT_TEST_WRITE ?
			"simulation (Test Write: nothing recorded), " : "",
			!p->page05 ? "" : wt == WE2_WT_SAO ?
			(p->cue ? "session-at-once, " : "disc-at-once, ") :
			wt == WE2_WT_TAO ? "track-at-once, " : "incremental, ",
			p->cue ? "cue sheet, 150 pregap sectors at LBA -150, " :
			"", p->reserve ? "reserve track, " : "",
			(unsigned int)p->sectors,
			p->close_track ? ", close the track" : "", close);
}

/* ---- the run ----------------------------------------------------------- */

/* Say what failed; the drive's sense data kept when it refused. */
static int burner_fail(struct we2_burner *b, int ret, const char *fmt, ...)
{
	char what[160], line[200] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (ret == -EIO && b->drive) {
		int n = we2_drive_sense(b->drive, b->sense, sizeof(b->sense));

		b->sense_len = n > 0 ? (size_t)n : 0;
		we2_drive_strerror(b->drive, line, sizeof(line));
	} else {
		snprintf(line, sizeof(line), "%s", strerror(-ret));
	}
	snprintf(b->error, sizeof(b->error), "%s: %s", what, line);
	return ret;
}

static int burner_report(struct we2_burner *b, int state)
{
	struct we2_burner_progress *p = &b->prog;

	if (state != p->state) {
		p->state = state;
		p->percent = -1;
	}
	if (b->o.progress && b->o.progress(p, b->o.progress_arg))
		we2_burner_cancel(b);
	return atomic_load(&b->cancel) ? -ECANCELED : 0;
}

static long long burner_ns_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000000000LL +
	       (now.tv_nsec - t->tv_nsec);
}

/* The drive's buffer, at most ten times a second. */
static void burner_sample(struct we2_burner *b)
{
	uint32_t size, free;

	if (burner_ns_since(&b->sampled) < DRIVE_SAMPLE_NS)
		return;
	clock_gettime(CLOCK_MONOTONIC, &b->sampled);
	if (!we2_drive_buffer(b->drive, &size, &free) && size && free <= size)
		b->prog.drive_fill = (int)((uint64_t)(size - free) * 100 / size);
	else
		b->prog.drive_fill = -1;
}

static int burner_open(struct we2_burner *b)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_STARTING_SPS |
			WE2_CFG_ENDING_SPS,
		.bytes_per_sector = BURNER_BPS,
		.starting_sectors_per_second = WE2_UNSET,
		.ending_sectors_per_second = WE2_UNSET,
	};
	struct we2_info info;
	int ret;

	/* the burn holds the recorder: no other program writes meanwhile */
	b->fd = we2_open(b->id.we2, O_RDWR | O_EXCL);
	if (b->fd < 0)
		return burner_fail(b, b->fd, "%s", b->id.we2);
	/* commands of 256 KiB where the device takes them */
	if (!we2_get_info(b->fd, &info) &&
	    info.max_transfer_bytes >= BURNER_CMD_BYTES) {
		cfg.transfer_cap_bytes = BURNER_CMD_BYTES;
		cfg.mask |= WE2_CFG_TRANSFER_CAP;
	}
	ret = we2_set_config(b->fd, &cfg);
	if (ret)
		return burner_fail(b, ret, "%s: configuring", b->id.we2);
	atomic_store(&b->cancel_fd, b->fd);
	ret = we2_drive_open(&b->drive, b->id.sr);
	if (ret)
		return burner_fail(b, ret, "%s", b->id.sr);
	return 0;
}

static int burner_speed(struct we2_burner *b)
{
	const struct we2_burn_plan *p = &b->plan;
	uint32_t list[WE2_SPEEDS_MAX], kbps;
	double x;
	int n, i;

	if (!b->o.speed)
		return 0;
	we2_speed_parse(b->o.speed, &x, &kbps);
	if (x > 0) {
		/* what the drive calls Nx: the listed speed nearest */
		kbps = (uint32_t)(x * we2_media_one_x(p->media, NULL) / 1000.0 +
				  0.5);
		n = we2_drive_write_speeds(b->drive, list, WE2_SPEEDS_MAX);
		i = n > 0 ? we2_write_speed_pick(list, n, kbps, NULL) : -1;
		if (i >= 0)
			kbps = list[i];
	}
	if (we2_drive_set_write_speed(b->drive, p->profile, kbps, p->last_lba))
		return burner_fail(b, -EIO, "setting the write speed");
	return 0;
}

static void burner_step(int step, int percent, void *arg)
{
	struct we2_burner *b = arg;

	b->prog.state = step == WE2_STEP_BLANK ? WE2_BURNER_BLANK :
			step == WE2_STEP_FORMAT ? WE2_BURNER_FORMAT :
			WE2_BURNER_FLUSH + step - WE2_STEP_FLUSH;
	b->prog.percent = percent;
	/* a non-zero answer cancels: the drive's work goes on to its end */
	if (b->o.progress && b->o.progress(&b->prog, b->o.progress_arg))
		atomic_store(&b->cancel, true);
}

/*
 * A CD-RW blanked or a DVD+RW or BD-RE formatted before the plan, as
 * @flags say (we2_rw_ready()); a cancel meanwhile counts once the drive
 * is done. Returns 0, -ECANCELED or the failure, said.
 */
static int burner_rw(struct we2_burner *b, unsigned int flags)
{
	int ret = we2_rw_ready(b->drive, flags, burner_step, b);

	if (ret == -EMEDIUMTYPE)
		return burner_fail(b, ret, "the disc is not %s",
				   flags & WE2_RW_BLANK_ALL ||
				   flags & WE2_RW_BLANK_FAST ?
				   "a CD-RW" : "a DVD+RW or BD-RE");
	if (ret < 0)
		return burner_fail(b, ret, "%s the disc",
				   b->prog.state == WE2_BURNER_FORMAT ?
				   "formatting" : "blanking");
	if (atomic_load(&b->cancel))
		return -ECANCELED;
	return 0;
}

static int burner_plan(struct we2_burner *b)
{
	uint64_t sectors = (b->image_bytes + BURNER_BPS - 1) / BURNER_BPS;
	unsigned int flags = (b->o.flags & WE2_BURNER_MULTI ? WE2_BURN_MULTI : 0) |
			     (b->o.flags & WE2_BURNER_DUMMY ? WE2_BURN_DUMMY : 0);
	int ret;

	/* nothing blanked or formatted for a simulation */
	if (!(b->o.flags & WE2_BURNER_DUMMY)) {
		ret = burner_rw(b, b->o.rw_flags & ~WE2_RW_FORCE);
		if (ret)
			return ret;
	}
	ret = we2_burn_inquire(b->drive, sectors, flags, &b->plan);
	if (ret == -EIO)
		return burner_fail(b, ret, "asking about the disc");
	if (ret == -ENOTEMPTY)
		return burner_fail(b, ret, "the %s is not blank: blank it first "
				   "(WE2_RW_BLANK_FAST or _ALL)",
				   we2_profile_str(b->plan.profile));
	if (ret)
		return burner_fail(b, ret, "cannot burn %llu sectors on this %s",
				   (unsigned long long)sectors,
				   we2_profile_str(b->plan.profile));
	b->planned = true;
	return 0;
}

static int burner_prepare(struct we2_burner *b)
{
	int ret = burner_report(b, WE2_BURNER_PREPARE);

	if (ret)
		return ret;
	/* a drive without a lock still burns: it guards against people */
	b->locked = !we2_drive_lock(b->drive, true);
	ret = burner_speed(b);
	if (ret)
		return ret;
	if (we2_burn_prepare(b->drive, &b->plan))
		return burner_fail(b, -EIO, "preparing the disc");
	return 0;
}

/* A write's outcome into the burner: the count, the sense, the line. */
static int burner_write_failed(struct we2_burner *b, int ret, int64_t lba,
			       const struct we2_write_result *res)
{
	char line[200] = "";

	if (ret == -ECANCELED)
		return ret;
	b->sense_len = res->sense_len < sizeof(b->sense) ?
		       res->sense_len : sizeof(b->sense);
	memcpy(b->sense, res->sense, b->sense_len);
	if (b->sense_len)
		we2_strsense(b->sense, b->sense_len, line, sizeof(line));
	snprintf(b->error, sizeof(b->error), "write at LBA %lld failed at LBA "
		 "%lld: %s%s%s", (long long)lba,
		 (long long)(lba + (int64_t)res->sectors_written),
		 ret == -ENODATA ? "the image ended early" : strerror(-ret),
		 b->sense_len ? ": " : "", line);
	return ret;
}

/* A blocking section of @count sectors from @buf at @lba. */
static int burner_section(struct we2_burner *b, const void *buf, int64_t lba,
			  uint32_t count)
{
	struct we2_write_result res;
	int ret;

	atomic_store(&b->in_write, true);
	if (atomic_load(&b->cancel)) {
		atomic_store(&b->in_write, false);
		return -ECANCELED;
	}
	ret = we2_write_section(b->fd, buf, lba, count, &res);
	atomic_store(&b->in_write, false);
	b->sectors += res.sectors_written;
	if (ret < 0)
		return burner_write_failed(b, ret, lba, &res);
	return 0;
}

static int burner_zeros(struct we2_burner *b, int64_t lba, uint32_t count)
{
	void *zeros;
	int ret;

	if (posix_memalign(&zeros, sysconf(_SC_PAGESIZE),
			   (size_t)count * BURNER_BPS))
		return -ENOMEM;
	memset(zeros, 0, (size_t)count * BURNER_BPS);
	ret = burner_section(b, zeros, lba, count);
	free(zeros);
	return ret;
}

/* Up to @len bytes of the image, fewer only at its end. */
static ssize_t burner_read(struct we2_burner *b, uint8_t *buf, size_t len)
{
	uint64_t left = b->image_bytes - b->read_bytes;
	struct pollfd pfd = { .fd = b->o.image_fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	if (len > left)
		len = (size_t)left;
	while (got < len) {
		/* a pipe's writer may stall: a cancel must not wait for it */
		if (b->pipe && poll(&pfd, 1, 200) == 0) {
			if (atomic_load(&b->cancel))
				return -ECANCELED;
			continue;
		}
		n = read(b->o.image_fd, buf + got, len - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		got += n;
	}
	if (b->pipe)
		for (size_t i = 0; i < got; i++)
			b->hash = (b->hash ^ buf[i]) * FNV_PRIME;
	b->read_bytes += got;
	return (ssize_t)got;
}

/* The streaming writer's source: the image, then zeros to the track's end. */
static ssize_t burner_stream_read(void *arg, void *buf, size_t len)
{
	struct we2_burner *b = arg;

	if (b->read_bytes == b->image_bytes) {
		memset(buf, 0, len);
		return (ssize_t)len;
	}
	return burner_read(b, buf, len);
}

static int burner_stream_progress(const struct we2_progress *p, void *arg)
{
	struct we2_burner *b = arg;

	b->prog.buffer_fill = p->total_buffer_bytes ?
		(int)(p->used_buffer_bytes * 100 / p->total_buffer_bytes) : -1;
	b->prog.sectors_done = b->sectors - b->first +
			       (uint64_t)(p->last_written_lba - p->start_lba + 1);
	burner_sample(b);
	return burner_report(b, WE2_BURNER_WRITE) ? 1 : 0;
}

/* The track's sectors, streamed; -EOPNOTSUPP before any: write blocking. */
static int burner_stream(struct we2_burner *b, uint64_t first)
{
	struct we2_stream_opts so = {
		.queue_depth = b->o.queue_depth,
		.buffer_bytes = b->o.buffer_bytes,
		.progress = burner_stream_progress,
		.progress_arg = b,
	};
	uint64_t total = b->plan.sectors;
	/*
	 * a file of whole sectors, as long as the track, goes by its
	 * descriptor: read with O_DIRECT straight into the buffers
	 */
	bool by_fd = !b->pipe && b->image_bytes % BURNER_BPS == 0 &&
		     b->image_bytes / BURNER_BPS == total;
	struct we2_write_result res;
	struct we2_stream *st;
	struct we2_info info;
	int ret;

	ret = we2_get_info(b->fd, &info);
	if (!ret && info.abi_version < 2)
		ret = -EOPNOTSUPP;
	if (!ret)
		ret = we2_stream_init(&st, b->fd, &so);
	if (ret)
		return -EOPNOTSUPP;
	atomic_store(&b->stream, st);
	/* a cancel that came before the stream was there */
	if (atomic_load(&b->cancel))
		we2_stream_cancel(st);
	while (!ret && b->sectors - first < total) {
		uint64_t left = total - (b->sectors - first);
		uint32_t count = left > INT32_MAX ? INT32_MAX : (uint32_t)left;
		int64_t lba = b->plan.lba + (int64_t)(b->sectors - first);

		if (by_fd)
			ret = we2_stream_write_fd(st, b->o.image_fd, lba, count,
						  &res);
		else
			ret = we2_stream_write_cb(st, burner_stream_read, b,
						  lba, count, &res);
		b->sectors += res.sectors_written;
		if (by_fd)
			b->read_bytes = (b->sectors - first) * BURNER_BPS;
		if (ret == -EOPNOTSUPP && b->sectors == first)
			break;
		if (ret < 0)
			ret = burner_write_failed(b, ret, lba, &res);
		else
			ret = 0;
	}
	atomic_store(&b->stream, NULL);
	we2_stream_exit(st);
	return ret;
}

static int burner_blocking(struct we2_burner *b, uint64_t first)
{
	uint64_t total = b->plan.sectors;
	uint8_t *buf;
	int ret = 0;

	if (posix_memalign((void **)&buf, sysconf(_SC_PAGESIZE),
			   BURNER_CHUNK_BYTES))
		return -ENOMEM;
	while (!ret && b->read_bytes < b->image_bytes) {
		int64_t lba = b->plan.lba + (int64_t)(b->sectors - first);
		ssize_t n = burner_read(b, buf, BURNER_CHUNK_BYTES);
		uint32_t count;

		if (n <= 0) {
			ret = n < 0 ? burner_fail(b, (int)n, "reading the image") :
			      burner_fail(b, -ENODATA, "the image ended after "
					  "%llu bytes",
					  (unsigned long long)b->read_bytes);
			break;
		}
		/* the last partial sector is padded with zeros */
		count = (uint32_t)((n + BURNER_BPS - 1) / BURNER_BPS);
		memset(buf + n, 0, (size_t)count * BURNER_BPS - n);
		ret = burner_section(b, buf, lba, count);
		b->prog.sectors_done = b->sectors - first;
		burner_sample(b);
		if (!ret)
			ret = burner_report(b, WE2_BURNER_WRITE);
	}
	free(buf);
	/* a short CD track: zeros to its length */
	if (!ret && b->sectors - first < total)
		ret = burner_zeros(b, b->plan.lba + (int64_t)(b->sectors - first),
				   (uint32_t)(total - (b->sectors - first)));
	return ret;
}

static int burner_write(struct we2_burner *b)
{
	const struct we2_burn_plan *p = &b->plan;
	uint64_t first;
	off_t at = -1;
	int ret;

	if (p->pregap_sectors) {
		ret = burner_report(b, WE2_BURNER_PREGAP);
		if (!ret)
			ret = burner_zeros(b, p->pregap_lba, p->pregap_sectors);
		if (ret)
			return ret;
	}
	first = b->sectors;
	b->first = first;
	b->prog.sectors_total = p->sectors;
	b->prog.sectors_done = 0;
	ret = burner_report(b, WE2_BURNER_WRITE);
	if (ret)
		return ret;
	if (!b->pipe)
		at = lseek(b->o.image_fd, 0, SEEK_CUR);
	ret = -EOPNOTSUPP;
	if (!(b->o.flags & WE2_BURNER_BLOCKING))
		ret = burner_stream(b, first);
	if (ret == -EOPNOTSUPP && b->sectors == first && b->read_bytes &&
	    (b->pipe || lseek(b->o.image_fd, at, SEEK_SET) < 0))
		return burner_fail(b, ret, "io_uring writes refused after the "
				   "image was read");
	if (ret == -EOPNOTSUPP && b->sectors == first) {
		b->read_bytes = 0;
		b->hash = FNV_OFFSET;
		ret = burner_blocking(b, first);
	}
	if (!ret && b->read_bytes < b->image_bytes)
		ret = burner_fail(b, -ENODATA, "the image ended after %llu bytes",
				  (unsigned long long)b->read_bytes);
	/* neither buffer is filled any more */
	b->prog.buffer_fill = -1;
	b->prog.drive_fill = -1;
	return ret;
}

/* After a simulation the disc must be as the plan found it. */
static int burner_dummy_check(struct we2_burner *b)
{
	const struct we2_disc_info *was = &b->plan.disc;
	struct we2_disc_info di;
	int ret;

	ret = we2_drive_disc_info(b->drive, &di);
	if (ret)
		return burner_fail(b, ret, "asking about the disc after the "
				   "simulation");
	if (di.status != was->status || di.sessions != was->sessions ||
	    di.last_track != was->last_track)
		return burner_fail(b, -EPROTO, "the simulation changed the disc");
	return 0;
}

/*
 * Read the track back with READ(10) through the drive we hold (not the
 * block device, whose capacity may be the blank disc's) and compare it
 * with the image, read again, or for a pipe with the hash of what went
 * by; the zeros after the image are compared as zeros.
 */
static int burner_verify(struct we2_burner *b)
{
	const struct we2_burn_plan *p = &b->plan;
	size_t len = (size_t)VERIFY_CMD_SECTORS * BURNER_BPS;
	off_t start = lseek(b->o.image_fd, 0, SEEK_CUR) - (off_t)b->read_bytes;
	uint64_t done = 0, total = p->sectors, hash = FNV_OFFSET;
	uint8_t *dbuf = malloc(len), *ibuf = malloc(len);
	int ret = 0;

	if (!dbuf || !ibuf) {
		ret = -ENOMEM;
		goto out;
	}
	b->prog.sectors_total = total;
	b->prog.sectors_done = 0;
	while (!ret && done < total) {
		uint32_t n = total - done < VERIFY_CMD_SECTORS ?
			     (uint32_t)(total - done) : VERIFY_CMD_SECTORS;
		int64_t lba = p->lba + (int64_t)done;
		uint8_t cdb[10] = { 0x28, 0, lba >> 24, lba >> 16, lba >> 8,
				    lba, 0, n >> 8, n, 0 };
		uint64_t pos = done * BURNER_BPS;
		size_t bytes = (size_t)n * BURNER_BPS, img = 0, from = 0, i;
		int r;

		ret = burner_report(b, WE2_BURNER_VERIFY);
		if (ret)
			break;
		r = we2_drive_cmd(b->drive, cdb, sizeof(cdb), WE2_DIR_IN, dbuf,
				  bytes, 0);
		if (r < 0) {
			ret = burner_fail(b, r, "reading back LBA %lld",
					  (long long)lba);
			break;
		}
		if (pos < b->read_bytes)
			img = b->read_bytes - pos < bytes ?
			      (size_t)(b->read_bytes - pos) : bytes;
		if (b->pipe) {
			from = img < (size_t)r ? img : (size_t)r;
			for (i = 0; i < from; i++)
				hash = (hash ^ dbuf[i]) * FNV_PRIME;
		} else if (img && pread(b->o.image_fd, ibuf, img,
					start + (off_t)pos) != (ssize_t)img) {
			ret = burner_fail(b, -EIO, "reading the image again");
			break;
		}
		memset(ibuf + img, 0, bytes - img);
		for (i = from; i < (size_t)r && dbuf[i] == ibuf[i]; i++)
			;
		if (i < bytes) {
			b->bad_byte = pos + i;
			snprintf(b->error, sizeof(b->error), "verify: the disc "
				 "differs at byte %llu", (unsigned long long)(pos + i));
			ret = 1;
		}
		done += n;
		b->prog.sectors_done = done;
	}
	if (!ret && b->pipe && hash != b->hash) {
		b->bad_byte = UINT64_MAX;
		snprintf(b->error, sizeof(b->error), "verify: the disc's bytes "
			 "are not those of the pipe (their hashes differ)");
		ret = 1;
	}
	if (!ret)
		ret = burner_report(b, WE2_BURNER_VERIFY);
out:
	free(dbuf);
	free(ibuf);
	return ret;
}

static void burner_release(struct we2_burner *b)
{
	atomic_store(&b->cancel_fd, -1);
	if (b->drive) {
		if (b->locked)
			we2_drive_lock(b->drive, false);
		b->locked = false;
		we2_drive_close(b->drive);
		b->drive = NULL;
	}
	if (b->fd >= 0)
		we2_close(b->fd);
	b->fd = -1;
}

static int burner_steps(struct we2_burner *b)
{
	int ret;

	ret = burner_report(b, WE2_BURNER_INQUIRE);
	if (!ret)
		ret = burner_open(b);
	if (!ret)
		ret = burner_plan(b);
	if (!ret)
		ret = burner_prepare(b);
	if (!ret)
		ret = burner_write(b);
	if (!ret && atomic_load(&b->cancel))
		ret = -ECANCELED;
	if (!ret) {
		ret = we2_burn_finish(b->drive, &b->plan, burner_step, b);
		if (ret)
			burner_fail(b, ret, "closing");
	}
	if (!ret && (b->o.flags & WE2_BURNER_DUMMY))
		ret = burner_dummy_check(b);
	else if (!ret && !(b->o.flags & WE2_BURNER_NO_VERIFY))
		ret = burner_verify(b);
	if (!ret && (b->o.flags & WE2_BURNER_EJECT)) {
		ret = we2_drive_eject(b->drive);
		if (ret)
			burner_fail(b, ret, "ejecting");
		else
			b->locked = false;
	}
	return ret;
}

/* a run's end, whatever it was: the drive let go, DONE said on success */
static int burner_end(struct we2_burner *b, int ret)
{
	if (ret == -ECANCELED)
		snprintf(b->error, sizeof(b->error), "cancelled");
	burner_release(b);
	if (!ret)
		burner_report(b, WE2_BURNER_DONE);
	return ret;
}

int we2_burner_run(struct we2_burner *b)
{
	if (b->o.flags & WE2_BURNER_NO_IMAGE)
		return -EINVAL;
	if (b->ran)
		return -EALREADY;
	b->ran = true;
	b->hash = FNV_OFFSET;
	return burner_end(b, burner_steps(b));
}

/* we2_burner_blank() and _format(): the drive opened, the one step, let go */
static int burner_rw_only(struct we2_burner *b, bool blank)
{
	unsigned int flags = WE2_RW_FORCE |
			     (b->o.rw_flags & (blank ? WE2_RW_BLANK_ALL :
					       WE2_RW_NOSPARE));
	uint16_t profile = 0;
	int ret;

	b->error[0] = 0;
	b->sense_len = 0;
	atomic_store(&b->cancel, false);
	ret = burner_report(b, WE2_BURNER_INQUIRE);
	if (!ret)
		ret = burner_open(b);
	if (!ret) {
		ret = we2_drive_ready(b->drive, 60000);
		if (!ret)
			ret = we2_drive_profile(b->drive, &profile);
		if (ret)
			burner_fail(b, ret, "asking about the disc");
	}
	if (!ret && (blank ? profile != WE2_PROFILE_CD_RW :
		     profile != WE2_PROFILE_DVD_PLUS_RW &&
		     profile != WE2_PROFILE_BD_RE)) {
		snprintf(b->error, sizeof(b->error), "the disc is %s %s, not %s",
			 profile ? "a" : "not", profile ?
			 we2_profile_str(profile) : "there", blank ? "a CD-RW" :
			 "a DVD+RW or BD-RE");
		ret = -EMEDIUMTYPE;
	}
	if (!ret)
		b->locked = !we2_drive_lock(b->drive, true);
	if (!ret)
		ret = burner_rw(b, flags | (blank && !(flags & WE2_RW_BLANK_ALL) ?
					    WE2_RW_BLANK_FAST : 0));
	return burner_end(b, ret);
}

int we2_burner_blank(struct we2_burner *b)
{
	return burner_rw_only(b, true);
}

int we2_burner_format(struct we2_burner *b)
{
	return burner_rw_only(b, false);
}
