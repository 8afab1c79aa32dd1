/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel interfaces that differ between the kernels we2 builds
 * for (Debian's 6.1 and 6.12, the newest Debian ships, 7.3, and
 * mainline). Everything version-dependent lives here and nowhere else.
 */
#ifndef _WE2_COMPAT_H
#define _WE2_COMPAT_H

#include <linux/blk-mq.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/version.h>

/* 6.12 moved the unaligned accessors out of asm/ */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.4 dropped class_create()'s owner argument */
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
#define we2_class_create(name)	class_create(name)
#else
#define we2_class_create(name)	class_create(THIS_MODULE, name)
#endif

/*
 * 6.4 dropped the class_interface argument of add_dev/remove_dev: the
 * callbacks are these adapters around we2_attach() and we2_detach().
 */
int we2_attach(struct device *cl_dev);
void we2_detach(struct device *cl_dev);

#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
static inline int we2_intf_add(struct device *cl_dev)
{
	return we2_attach(cl_dev);
}

static inline void we2_intf_remove(struct device *cl_dev)
{
	we2_detach(cl_dev);
}
#else
static inline int we2_intf_add(struct device *cl_dev,
			       struct class_interface *intf)
{
	return we2_attach(cl_dev);
}

static inline void we2_intf_remove(struct device *cl_dev,
				   struct class_interface *intf)
{
	we2_detach(cl_dev);
}
#endif

/* 6.2 made a class's devnode() take a const device */
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE
#define we2_devnode_dev_t	const struct device
#else
#define we2_devnode_dev_t	struct device
#endif

/*
 * io_uring commands: 6.5 handed drivers the whole SQE instead of its
 * command area, 6.7 moved the API to its own header, and 6.15 made the
 * fixed-buffer import take the issue flags.
 */
#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
#include <linux/io_uring/cmd.h>
#else
#include <linux/io_uring.h>
#endif

/*
 * The command area of the (128-byte) SQE, as a pointer to @type. Up to
 * 6.x io_uring_sqe_cmd() is a function returning void *; later kernels
 * made it a macro that takes the payload's type and checks at build time
 * that it fits, with io_uring_sqe128_cmd() for SQE128 rings, so its being
 * a macro says which form this kernel has.
 */
#if defined(io_uring_sqe128_cmd)
#define we2_uring_payload(ioucmd, type) \
	io_uring_sqe128_cmd((ioucmd)->sqe, type)
#elif KERNEL_VERSION(6, 5, 0) <= LINUX_VERSION_CODE
#define we2_uring_payload(ioucmd, type) \
	((const type *)io_uring_sqe_cmd((ioucmd)->sqe))
#else
#define we2_uring_payload(ioucmd, type) ((const type *)(ioucmd)->cmd)
#endif

static inline int we2_uring_import_fixed(u64 ubuf, unsigned long len,
					 struct iov_iter *iter,
					 struct io_uring_cmd *ioucmd,
					 unsigned int issue_flags)
{
#if KERNEL_VERSION(6, 15, 0) <= LINUX_VERSION_CODE
	return io_uring_cmd_import_fixed(ubuf, len, WRITE, iter, ioucmd,
					 issue_flags);
#else
	return io_uring_cmd_import_fixed(ubuf, len, WRITE, iter, ioucmd);
#endif
}

/*
 * 6.7 let a driver mark a command cancelable: io_uring then calls its
 * uring_cmd with IO_URING_F_CANCEL when the ring or the task goes away.
 * Before, a driver learns of it by itself (we2_admit.c checks the
 * submitter).
 */
#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
#define WE2_URING_F_CANCEL	IO_URING_F_CANCEL
static inline void we2_uring_mark_cancelable(struct io_uring_cmd *ioucmd,
					     unsigned int issue_flags)
{
	io_uring_cmd_mark_cancelable(ioucmd, issue_flags);
}
#else
#define WE2_URING_F_CANCEL	0
static inline void we2_uring_mark_cancelable(struct io_uring_cmd *ioucmd,
					     unsigned int issue_flags)
{
}
#endif

/*
 * 6.18 split io_uring_cmd_done32() off for a completion with a second
 * result (res2, the big CQE's extra1): io_uring_cmd_done() ignores its
 * res2 from then on, and 6.19 dropped the argument.
 */
static inline void we2_uring_cmd_done(struct io_uring_cmd *ioucmd, s32 ret,
				      u64 res2, unsigned int issue_flags)
{
#if KERNEL_VERSION(6, 18, 0) <= LINUX_VERSION_CODE
	io_uring_cmd_done32(ioucmd, ret, res2, issue_flags);
#else
	io_uring_cmd_done(ioucmd, ret, res2, issue_flags);
#endif
}

/*
 * A write ends in the submitter's task: we2_uring_task_done(). 6.19 made
 * io_uring call task work with its request (struct io_tw_req) instead of
 * the command and its issue flags: the callback is this adapter.
 */
void we2_uring_task_done(struct io_uring_cmd *ioucmd,
			 unsigned int issue_flags);

#if KERNEL_VERSION(6, 19, 0) <= LINUX_VERSION_CODE
static inline void we2_uring_tw(struct io_tw_req tw_req, io_tw_token_t tw)
{
	we2_uring_task_done(io_uring_cmd_from_tw(tw_req),
			    IO_URING_CMD_TASK_WORK_ISSUE_FLAGS);
}
#else
static inline void we2_uring_tw(struct io_uring_cmd *ioucmd,
				unsigned int issue_flags)
{
	we2_uring_task_done(ioucmd, issue_flags);
}
#endif

/*
 * 6.5 added lazy task work: the submitter is woken only when it has as
 * many completions as it waits for, as nvme's passthrough does.
 */
static inline void we2_uring_complete_in_task(struct io_uring_cmd *ioucmd)
{
#if KERNEL_VERSION(6, 5, 0) <= LINUX_VERSION_CODE
	io_uring_cmd_do_in_task_lazy(ioucmd, we2_uring_tw);
#else
	io_uring_cmd_complete_in_task(ioucmd, we2_uring_tw);
#endif
}

/* 6.13 added hrtimer_setup(); 6.15 removed hrtimer_init() */
static inline void we2_hrtimer_setup(struct hrtimer *timer,
				     enum hrtimer_restart (*fn)(struct hrtimer *))
{
#if KERNEL_VERSION(6, 13, 0) <= LINUX_VERSION_CODE
	hrtimer_setup(timer, fn, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
#else
	hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	timer->function = fn;
#endif
}

/* 6.11 moved the DMA padding into the queue limits */
static inline unsigned long we2_dma_align_mask(struct request_queue *q)
{
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
	return blk_lim_dma_alignment_and_pad(&q->limits);
#else
	return q->dma_pad_mask | queue_dma_alignment(q);
#endif
}

/*
 * A write's request ends in we2_admit_end_io(). 7.0 handed a request's
 * end_io the completion batch it ends in (NULL outside one): the end_io
 * is this adapter.
 */
enum rq_end_io_ret we2_admit_end_io(struct request *rq, blk_status_t status);

#if KERNEL_VERSION(7, 0, 0) <= LINUX_VERSION_CODE
static inline enum rq_end_io_ret
we2_admit_rq_end_io(struct request *rq, blk_status_t status,
		    const struct io_comp_batch *iob)
{
	return we2_admit_end_io(rq, status);
}
#else
static inline enum rq_end_io_ret
we2_admit_rq_end_io(struct request *rq, blk_status_t status)
{
	return we2_admit_end_io(rq, status);
}
#endif

/* 6.16 dropped blk_rq_map_kern()'s queue argument */
static inline int we2_rq_map_kern(struct request *rq, void *buf,
				  unsigned int len)
{
#if KERNEL_VERSION(6, 16, 0) <= LINUX_VERSION_CODE
	return blk_rq_map_kern(rq, buf, len, GFP_KERNEL);
#else
	return blk_rq_map_kern(rq->q, rq, buf, len, GFP_KERNEL);
#endif
}

#endif /* _WE2_COMPAT_H */
