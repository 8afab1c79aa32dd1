// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Streaming writes: a ring of registered buffers, each refilled from the
 * source as its io_uring write completes.
 *
 * Buffers are handed out in the order their writes were sent, so the
 * acknowledged prefix of the section (what a caller may rely on after a
 * failure) is simply the run of completed writes at the head of that
 * order.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <liburing.h>

#include "libwe2.h"
#include "we2_syscall.h"

#define WE2_STREAM_DEPTH	8
#define WE2_STREAM_DEPTH_MAX	128
/* O_DIRECT wants offsets and lengths in whole logical blocks; pages do */
#define WE2_DIRECT_ALIGN	4096

/* One buffer and the write it carries. */
struct we2_slot {
	uint32_t	first;		/* section index of its first sector */
	uint32_t	nr;		/* sectors in it */
	int		res;		/* CQE result once done */
	uint64_t	res2;		/* sense summary */
	bool		done;
};

struct we2_stream {
	struct io_uring		ring;
	int			fd;
	unsigned int		depth;
	size_t			buf_bytes;
	uint8_t			*mem;
	bool			fixed;
	unsigned int		flags;
	we2_progress_fn		progress;
	void			*progress_arg;
	atomic_bool		cancel;
	bool			broken;		/* io_uring failed under us */
	struct we2_slot		*slots;
};

/* Where the data of a section comes from. */
struct we2_source {
	int		fd;		/* -1 for a callback */
	int		direct_fd;	/* O_DIRECT reopen of fd, or -1 */
	bool		positional;	/* a regular file: read at offset */
	off_t		offset;		/* next read */
	we2_read_fn	read;
	void		*arg;
};

/* The state of one section write. */
struct we2_section_io {
	int64_t		lba;
	uint32_t	nr;
	uint32_t	bps;
	uint32_t	per_write;	/* sectors per write */
	uint32_t	read;		/* sectors read from the source */
	uint32_t	acked;		/* acknowledged prefix */
	unsigned int	head, tail;	/* slots in send order: [head, tail) */
	unsigned int	inflight;	/* queued and not yet completed */
	int		err;		/* the write that ended the prefix */
	uint64_t	err_res2;	/* its sense summary */
	int		src_err;	/* the source failed or ended early */
	bool		cancelled;
	bool		stop;		/* send nothing more */
};

/* Fill one SQE with a we2 write: liburing 2.3 has no uring_cmd helper. */
static inline void we2_prep_write(struct io_uring_sqe *sqe, int fd,
				  const void *buf, int64_t lba, uint32_t nr,
				  int buf_index, uint64_t user_data,
				  const struct we2_section_io *io)
{
	struct we2_uring_write *cmd = (struct we2_uring_write *)sqe->cmd;

	memset(sqe, 0, 2 * sizeof(*sqe));	/* SQE128 */
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = WE2_URING_CMD_WRITE;
	if (buf_index >= 0) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = buf_index;
	}
	sqe->user_data = user_data;
	cmd->buf = (uintptr_t)buf;
	cmd->start_lba = lba;
	cmd->nr_sectors = nr;
	/* the section is what the kernel paces over */
	cmd->section_lba = io->lba;
	cmd->section_sectors = io->nr;
}

/*
 * The ring: big SQEs and CQEs for the payload and the sense summary, and
 * completions run in this thread when it waits (SINGLE_ISSUER |
 * DEFER_TASKRUN, Linux 6.1), not whenever the interrupt comes: a writer
 * that keeps one or a few writes in flight, as a recorder's one at a time
 * makes it, is then not woken for each completion's task work on the other
 * CPU. The thread that creates the stream is the one that writes with it.
 */
static int we2_stream_ring(struct we2_stream *st)
{
	const unsigned int big = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	int ret;

	ret = io_uring_queue_init(st->depth, &st->ring, big |
				  IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (ret != -EINVAL)
		return ret;
	/* a kernel before 6.1 */
	return io_uring_queue_init(st->depth, &st->ring, big);
}

static int we2_stream_register(struct we2_stream *st)
{
	struct iovec *iov;
	unsigned int i;
	int ret;

	iov = calloc(st->depth, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	for (i = 0; i < st->depth; i++) {
		iov[i].iov_base = st->mem + i * st->buf_bytes;
		iov[i].iov_len = st->buf_bytes;
	}
	ret = io_uring_register_buffers(&st->ring, iov, st->depth);
	free(iov);
	return ret;
}

static int we2_stream_buffer_bytes(int fd, const struct we2_stream_opts *o)
{
	struct we2_config cfg;
	int ret;

	if (o->buffer_bytes)
		return o->buffer_bytes > INT_MAX ? -EINVAL : (int)o->buffer_bytes;
	ret = we2_get_config(fd, &cfg);
	return ret < 0 ? ret : (int)cfg.transfer_cap_bytes;
}

int we2_stream_init(struct we2_stream **stp, int fd,
		    const struct we2_stream_opts *opts)
{
	static const struct we2_stream_opts defaults;
	const struct we2_stream_opts *o = opts ? opts : &defaults;
	struct we2_stream *st;
	size_t total;
	int ret;

	if (!stp || o->queue_depth > WE2_STREAM_DEPTH_MAX ||
	    (o->flags & ~(WE2_STREAM_NO_FIXED | WE2_STREAM_NO_DIRECT)))
		return -EINVAL;
	ret = we2_stream_buffer_bytes(fd, o);
	if (ret < 0)
		return ret;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->fd = fd;
	st->depth = o->queue_depth ? o->queue_depth : WE2_STREAM_DEPTH;
	st->buf_bytes = ret;
	st->flags = o->flags;
	st->progress = o->progress;
	st->progress_arg = o->progress_arg;
	atomic_init(&st->cancel, false);

	total = st->depth * st->buf_bytes;
	st->mem = mmap(NULL, total, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st->slots = calloc(st->depth, sizeof(*st->slots));
	if (st->mem == MAP_FAILED || !st->slots) {
		ret = -ENOMEM;
		goto err_mem;
	}
	ret = we2_stream_ring(st);
	if (ret < 0)
		goto err_mem;
	st->fixed = !(st->flags & WE2_STREAM_NO_FIXED) &&
		    we2_stream_register(st) == 0;
	*stp = st;
	return 0;

err_mem:
	if (st->mem != MAP_FAILED)
		munmap(st->mem, total);
	free(st->slots);
	free(st);
	return ret;
}

void we2_stream_exit(struct we2_stream *st)
{
	if (!st)
		return;
	io_uring_queue_exit(&st->ring);
	munmap(st->mem, st->depth * st->buf_bytes);
	free(st->slots);
	free(st);
}

bool we2_stream_fixed(const struct we2_stream *st)
{
	return st->fixed;
}

void we2_stream_cancel(struct we2_stream *st)
{
	atomic_store(&st->cancel, true);
	/* ends what the kernel holds; -ENOENT when nothing is in flight */
	we2_cancel(st->fd);
}

static ssize_t we2_source_read_once(struct we2_source *src, void *buf,
				    size_t len)
{
	ssize_t n;

	if (src->read)
		return src->read(src->arg, buf, len);
	if (src->direct_fd >= 0) {
		n = pread(src->direct_fd, buf, len, src->offset);
		if (n >= 0 || errno != EINVAL)
			return n < 0 ? -errno : n;
		/* this length or offset is not for O_DIRECT: read buffered */
		close(src->direct_fd);
		src->direct_fd = -1;
	}
	if (src->positional)
		n = pread(src->fd, buf, len, src->offset);
	else
		n = read(src->fd, buf, len);
	return n < 0 ? -errno : n;
}

/* Read exactly @len bytes, or fewer only at the end of the data. */
static ssize_t we2_source_read(struct we2_source *src, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = we2_source_read_once(src, (uint8_t *)buf + got, len - got);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += n;
		src->offset += n;
	}
	return got;
}

/*
 * A regular file is read at explicit offsets, with O_DIRECT when its
 * offset is page-aligned: from the disk straight into the registered
 * buffer. Lengths O_DIRECT refuses (a sector size that is not a multiple
 * of 512, say) fall back to buffered reads.
 */
static void we2_source_open(struct we2_source *src,
			    const struct we2_stream *st)
{
	char path[64];
	struct stat sb;

	src->direct_fd = -1;
	if (fstat(src->fd, &sb) || !S_ISREG(sb.st_mode))
		return;
	src->offset = lseek(src->fd, 0, SEEK_CUR);
	if (src->offset < 0)
		return;
	src->positional = true;
	if (st->flags & WE2_STREAM_NO_DIRECT || src->offset % WE2_DIRECT_ALIGN)
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", src->fd);
	src->direct_fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
}

static void we2_source_close(struct we2_source *src)
{
	/* leave the caller's offset just past the data used */
	if (src->positional)
		lseek(src->fd, src->offset, SEEK_SET);
	if (src->direct_fd >= 0)
		close(src->direct_fd);
}

static void we2_stream_report(struct we2_stream *st,
			      const struct we2_section_io *io)
{
	uint64_t used = (uint64_t)(io->read - io->acked) * io->bps;
	struct we2_progress p = {
		.start_lba = io->lba,
		.sector_count = io->nr,
		.last_read_lba = io->lba + io->read - 1,
		.last_written_lba = io->lba + io->acked - 1,
		.total_buffer_bytes = st->depth * st->buf_bytes,
		.used_buffer_bytes = used,
		.free_buffer_bytes = st->depth * st->buf_bytes - used,
	};

	if (st->progress && st->progress(&p, st->progress_arg))
		we2_stream_cancel(st);
}

/* Fill the next free buffer from the source and queue its write. */
static int we2_stream_queue(struct we2_stream *st, struct we2_section_io *io,
			    struct we2_source *src)
{
	unsigned int idx = io->tail % st->depth;
	struct we2_slot *slot = &st->slots[idx];
	uint8_t *buf = st->mem + (size_t)idx * st->buf_bytes;
	uint32_t nr = io->nr - io->read;
	struct io_uring_sqe *sqe;
	ssize_t n;

	if (nr > io->per_write)
		nr = io->per_write;
	n = we2_source_read(src, buf, (size_t)nr * io->bps);
	if (n < 0)
		return n;
	if ((size_t)n < (size_t)nr * io->bps)
		return -ENODATA;

	sqe = io_uring_get_sqe(&st->ring);
	if (!sqe)
		return -EBUSY;	/* cannot happen: depth SQEs, depth slots */
	we2_prep_write(sqe, st->fd, buf, io->lba + io->read, nr,
		       st->fixed ? (int)idx : -1, idx, io);
	*slot = (struct we2_slot){ .first = io->read, .nr = nr };
	io->read += nr;
	io->tail++;
	io->inflight++;
	return 0;
}

/* Record one completion; advance the prefix over finished head slots. */
static void we2_stream_complete(struct we2_stream *st,
				struct we2_section_io *io,
				const struct io_uring_cqe *cqe)
{
	struct we2_slot *slot = &st->slots[cqe->user_data % st->depth];

	slot->done = true;
	slot->res = cqe->res;
	slot->res2 = cqe->big_cqe[0];
	io->inflight--;
	/* after a failure (a short count is one) nothing more is sent */
	if (slot->res < 0 || (uint32_t)slot->res != slot->nr)
		io->stop = true;

	while (io->head != io->tail && !io->err) {
		slot = &st->slots[io->head % st->depth];
		if (!slot->done)
			break;
		if (slot->res < 0 || (uint32_t)slot->res != slot->nr) {
			io->acked += slot->res > 0 ? slot->res : 0;
			io->err = slot->res < 0 ? slot->res : -EIO;
			io->err_res2 = slot->res2;
			break;
		}
		io->acked += slot->nr;
		io->head++;
	}
}

static int we2_stream_reap(struct we2_stream *st, struct we2_section_io *io)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen = 0;
	int ret;

	do {
		ret = io_uring_wait_cqe(&st->ring, &cqe);
	} while (ret == -EINTR);
	if (ret < 0)
		return ret;
	io_uring_for_each_cqe(&st->ring, head, cqe) {
		we2_stream_complete(st, io, cqe);
		seen++;
	}
	io_uring_cq_advance(&st->ring, seen);
	return 0;
}

/*
 * Fixed-format sense data rebuilt from the CQE's summary: current or
 * deferred (70h/71h), with the information field when the summary has
 * it (a kernel without WE2_F_URING_SENSE_INFO leaves those bits 0).
 */
static void we2_stream_sense(const struct we2_section_io *io,
			     struct we2_write_result *res)
{
	uint64_t r2 = io->err_res2;
	uint32_t info = WE2_URING_SENSE_INFO(r2);

	res->sense_len = 0;
	if (!(r2 & WE2_URING_SENSE_VALID))
		return;
	memset(res->sense, 0, 18);
	res->sense[0] = r2 & WE2_URING_SENSE_DEFERRED ? 0x71 : 0x70;
	if (r2 & WE2_URING_SENSE_INFO_VALID) {
		res->sense[0] |= 0x80;
		res->sense[3] = info >> 24;
		res->sense[4] = info >> 16;
		res->sense[5] = info >> 8;
		res->sense[6] = info;
	}
	res->sense[2] = WE2_URING_SENSE_KEY(r2);
	res->sense[7] = 10;
	res->sense[12] = WE2_URING_SENSE_ASC(r2);
	res->sense[13] = WE2_URING_SENSE_ASCQ(r2);
	res->sense_len = 18;
}

static int we2_stream_plan(struct we2_stream *st, struct we2_section_io *io)
{
	struct we2_config cfg;
	uint32_t cap;
	int ret;

	ret = we2_get_config(st->fd, &cfg);
	if (ret < 0)
		return ret;
	if (cfg.bytes_per_sector < 1)
		return -EINVAL;
	if (!io->nr || io->nr > INT_MAX)
		return -EINVAL;
	io->bps = cfg.bytes_per_sector;
	cap = cfg.transfer_cap_bytes < st->buf_bytes ?
	      cfg.transfer_cap_bytes : st->buf_bytes;
	io->per_write = cap / io->bps;
	/* WRITE(10) carries at most 0xffff sectors */
	if (!cfg.use_streaming_write12 && io->per_write > 0xffff)
		io->per_write = 0xffff;
	return io->per_write ? 0 : -EINVAL;
}

/* Send what is queued and wait for at least one completion: one system call. */
static int we2_stream_turn(struct we2_stream *st, struct we2_section_io *io)
{
	int ret;

	/* interrupted, it has sent what it had and not waited: wait again */
	do {
		ret = io_uring_submit_and_wait(&st->ring, 1);
	} while (ret == -EINTR || ret == -EAGAIN);
	/* -EBUSY: the CQ ring is full; reaping below makes room */
	if (ret < 0 && ret != -EBUSY)
		return ret;
	return we2_stream_reap(st, io);
}

static int we2_stream_run(struct we2_stream *st, struct we2_source *src,
			  int64_t start_lba, uint32_t nr_sectors,
			  struct we2_write_result *res)
{
	struct we2_section_io io = { .lba = start_lba, .nr = nr_sectors };
	int ret;

	if (res) {
		res->sectors_written = 0;
		res->sense_len = 0;
	}
	if (st->broken)
		return -EIO;
	ret = we2_stream_plan(st, &io);
	if (ret < 0)
		return ret;

	we2_stream_report(st, &io);
	for (;;) {
		if (atomic_exchange(&st->cancel, false)) {
			io.cancelled = true;
			io.stop = true;
		}
		/*
		 * A buffer is free once its write has left the head of the
		 * send order, not merely completed: one that completed ahead
		 * of an earlier write still holds its result.
		 */
		while (!io.stop && io.read < io.nr &&
		       io.tail - io.head < st->depth) {
			ret = we2_stream_queue(st, &io, src);
			if (ret < 0) {
				io.src_err = ret;
				io.stop = true;
			}
		}
		if (!io.inflight)
			break;
		ret = we2_stream_turn(st, &io);
		if (ret < 0) {
			/* the ring itself failed: what it holds is unknown */
			st->broken = true;
			if (res)
				res->sectors_written = io.acked;
			return ret;
		}
		we2_stream_report(st, &io);
	}

	if (res) {
		res->sectors_written = io.acked;
		we2_stream_sense(&io, res);
	}
	if (io.acked == io.nr)
		return io.nr;
	if (io.err)
		return io.err;
	if (io.src_err)
		return io.src_err;
	return io.cancelled ? -ECANCELED : -EIO;
}

int we2_stream_write_fd(struct we2_stream *st, int src_fd, int64_t start_lba,
			uint32_t nr_sectors, struct we2_write_result *res)
{
	struct we2_source src = { .fd = src_fd };
	int ret;

	we2_source_open(&src, st);
	ret = we2_stream_run(st, &src, start_lba, nr_sectors, res);
	we2_source_close(&src);
	return ret;
}

int we2_stream_write_cb(struct we2_stream *st, we2_read_fn read, void *arg,
			int64_t start_lba, uint32_t nr_sectors,
			struct we2_write_result *res)
{
	struct we2_source src = {
		.fd = -1, .direct_fd = -1, .read = read, .arg = arg,
	};

	if (!read)
		return -EINVAL;
	return we2_stream_run(st, &src, start_lba, nr_sectors, res);
}
