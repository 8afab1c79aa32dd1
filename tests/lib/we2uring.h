/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test programs' raw io_uring writes to /dev/we2N: a ring as the ABI
 * asks for (big SQEs and CQEs) and an SQE filled by hand, so that the ABI
 * itself is what is tested, not libwe2.
 */
#ifndef WE2URING_H
#define WE2URING_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <liburing.h>
#include <stddef.h>
#include <linux/we2.h>

static inline int t_ring_init(struct io_uring *ring, unsigned int entries)
{
	return io_uring_queue_init(entries, ring,
				   IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
}

/* The next SQE; the callers never queue more than the ring holds. */
static inline struct io_uring_sqe *t_get_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		abort();
	return sqe;
}

/* @buf_index < 0: a plain user address; else a registered buffer */
static inline struct we2_uring_write *
t_prep_write(struct io_uring *ring, int fd, const void *buf, int64_t lba,
	     uint32_t nr, int buf_index, uint64_t user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct we2_uring_write *cmd = (struct we2_uring_write *)sqe->cmd;

	memset(sqe, 0, 2 * sizeof(*sqe));
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
	return cmd;
}

/* The SQE whose command area @cmd is (its flags, its cmd_op). */
static inline struct io_uring_sqe *t_sqe_of(struct we2_uring_write *cmd)
{
	return (struct io_uring_sqe *)((char *)cmd -
				       offsetof(struct io_uring_sqe, cmd));
}

/* Wait for one CQE; its result and res2, consumed. Returns 0 or -errno. */
static inline int t_wait(struct io_uring *ring, uint64_t *user_data, int *res,
			 uint64_t *res2)
{
	struct io_uring_cqe *cqe;
	int ret;

	*res = -EIO;
	if (user_data)
		*user_data = 0;
	if (res2)
		*res2 = 0;
	do {
		ret = io_uring_wait_cqe(ring, &cqe);
	} while (ret == -EINTR);
	if (ret < 0)
		return ret;
	if (user_data)
		*user_data = cqe->user_data;
	*res = cqe->res;
	if (res2)
		*res2 = cqe->big_cqe[0];
	io_uring_cqe_seen(ring, cqe);
	return 0;
}

#endif /* WE2URING_H */
