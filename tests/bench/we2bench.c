// SPDX-License-Identifier: GPL-2.0
/*
 * we2bench: the we2 side of "make bench" (run inside the VM by
 * tests/bench/guest.sh). It writes TOTAL bytes to /dev/we2N in writes of BS
 * bytes, LBA 0 upwards and back to 0 at the end of the device, from
 * buffers that were filled once (no pattern per write: only the write path
 * is measured), and prints how long the writes took:
 *
 *   we2bench MODE DEV BS QD TOTAL SECTORS
 *
 *   MODE     fixed: io_uring, registered buffers (IORING_URING_CMD_FIXED)
 *            plain: io_uring, plain user addresses
 *            ioctl: WE2_IOC_WRITE_SECTION, one section of BS bytes per call
 *                   (so one SCSI command per call, as sg_dd does), QD 1
 *   BS       bytes per write: a multiple of the device's bytes_per_sector,
 *            at most its transfer_cap_bytes
 *   QD       io_uring writes kept in flight (1 for ioctl)
 *   TOTAL    bytes to write, rounded up to whole writes
 *   SECTORS  the device's capacity in sectors: where the LBA wraps
 *   [section]  io_uring writes declare each pass over the device one
 *            section, as libwe2's stream does: on a recorder (any device
 *            but a disk) the kernel then sends them by position
 *   [defer]  the ring is IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN, as
 *            libwe2's stream makes it: completions run when this thread
 *            waits, not where the interrupt came
 *
 * Output: "we2bench: mode=M bs=B qd=Q bytes=N secs=S ticks=T": S from the
 * first submission to the last completion (CLOCK_MONOTONIC), T the system +
 * irq + softirq time of all CPUs over the same span, in USER_HZ ticks from
 * /proc/stat (the whole machine's: completions run in interrupt context,
 * often on another CPU, where this process's ru_stime would miss them;
 * guest.sh takes the same figure for the other tools). Exits 1 if any write
 * failed or came back short, 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../lib/we2uring.h"

enum mode { M_FIXED, M_PLAIN, M_IOCTL };

static void die(const char *what, int err)
{
	fprintf(stderr, "we2bench: %s: %s\n", what, strerror(err));
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t num(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || !v)
		die(what, EINVAL);
	return v;
}

/* system + irq + softirq ticks of all CPUs (/proc/stat's "cpu" line) */
static unsigned long long sys_ticks(void)
{
	unsigned long long v[7] = { 0 };
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		die("/proc/stat", errno);
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6]) != 7)
		die("/proc/stat", EINVAL);
	fclose(f);
	return v[2] + v[5] + v[6];
}

/* the next write's LBA: @nr sectors from @lba on, wrapping at @cap */
static int64_t next_lba(int64_t *lba, uint32_t nr, uint64_t cap)
{
	int64_t at;

	if ((uint64_t)*lba + nr > cap)
		*lba = 0;
	at = *lba;
	*lba += nr;
	return at;
}

static int run_ioctl(int fd, uint8_t *buf, uint32_t nr, uint64_t writes,
		     uint64_t cap)
{
	struct we2_write_section ws;
	int64_t lba = 0;
	uint64_t i;
	int ret;

	memset(&ws, 0, sizeof(ws));
	ws.buf = (uintptr_t)buf;
	ws.nr_sectors = nr;
	for (i = 0; i < writes; i++) {
		ws.start_lba = next_lba(&lba, nr, cap);
		ret = ioctl(fd, WE2_IOC_WRITE_SECTION, &ws);
		if (ret != (int)nr) {
			fprintf(stderr, "we2bench: section at %lld: %d (%s)\n",
				(long long)ws.start_lba, ret,
				ret < 0 ? strerror(errno) : "short");
			return 1;
		}
	}
	return 0;
}

/* Queue one write; with @section, its pass over the device is declared. */
static void prep(struct io_uring *ring, int fd, void *buf, int64_t lba,
		 uint32_t nr, int idx, uint64_t ud, uint64_t cap, bool section)
{
	struct we2_uring_write *cmd;

	cmd = t_prep_write(ring, fd, buf, lba, nr, idx, ud);
	if (section) {
		cmd->section_lba = 0;
		cmd->section_sectors = cap / nr * nr;
	}
}

static int run_uring(int fd, uint8_t *mem, size_t bs, uint32_t nr,
		     unsigned int qd, bool fixed, uint64_t writes,
		     uint64_t cap, bool section, bool defer)
{
	struct io_uring ring;
	struct iovec *iov = calloc(qd, sizeof(*iov));
	unsigned int i, inflight = 0;
	uint64_t sent = 0, done = 0;
	int64_t lba = 0;
	int ret, bad = 0;

	if (!iov)
		die("calloc", ENOMEM);
	ret = io_uring_queue_init(qd, &ring, IORING_SETUP_SQE128 |
				  IORING_SETUP_CQE32 |
				  (defer ? IORING_SETUP_SINGLE_ISSUER |
				   IORING_SETUP_DEFER_TASKRUN : 0));
	if (ret)
		die("io_uring_queue_init", -ret);
	for (i = 0; i < qd; i++)
		iov[i] = (struct iovec){ mem + i * bs, bs };
	if (fixed && (ret = io_uring_register_buffers(&ring, iov, qd)))
		die("io_uring_register_buffers", -ret);

	/* fill the queue, then one slot again per completion */
	for (i = 0; i < qd && sent < writes; i++, sent++, inflight++)
		prep(&ring, fd, iov[i].iov_base, next_lba(&lba, nr, cap), nr,
		     fixed ? (int)i : -1, i, cap, section);
	while (inflight) {
		struct io_uring_cqe *cqe;
		unsigned int head, seen = 0;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0 && ret != -EINTR)
			die("io_uring_submit_and_wait", -ret);
		io_uring_for_each_cqe(&ring, head, cqe) {
			i = cqe->user_data;
			if (cqe->res != (int)nr) {
				if (!bad++)
					fprintf(stderr, "we2bench: write: res %d (%s), res2 %#llx\n",
						cqe->res, cqe->res < 0 ?
						strerror(-cqe->res) : "short",
						(unsigned long long)cqe->big_cqe[0]);
			}
			seen++;
			done++;
			inflight--;
			if (sent < writes && !bad) {
				prep(&ring, fd, iov[i].iov_base,
				     next_lba(&lba, nr, cap), nr,
				     fixed ? (int)i : -1, i, cap, section);
				sent++;
				inflight++;
			}
		}
		io_uring_cq_advance(&ring, seen);
	}
	io_uring_queue_exit(&ring);
	free(iov);
	return bad ? 1 : done == writes ? 0 : 1;
}

int main(int argc, char **argv)
{
	enum mode mode;
	struct we2_config cfg;
	uint64_t bs, total, cap, writes;
	unsigned int qd;
	uint8_t *mem;
	unsigned long long c0, c1;
	double t0, t1;
	bool section = false, defer = false;
	int fd, ret, i;

	if (argc < 7) {
		fprintf(stderr, "usage: we2bench fixed|plain|ioctl DEV BS QD TOTAL SECTORS [section] [defer]\n");
		return 2;
	}
	for (i = 7; i < argc; i++) {
		if (!strcmp(argv[i], "section"))
			section = true;
		else if (!strcmp(argv[i], "defer"))
			defer = true;
		else
			die(argv[i], EINVAL);
	}
	if (!strcmp(argv[1], "fixed"))
		mode = M_FIXED;
	else if (!strcmp(argv[1], "plain"))
		mode = M_PLAIN;
	else if (!strcmp(argv[1], "ioctl"))
		mode = M_IOCTL;
	else
		die(argv[1], EINVAL);
	bs = num(argv[3], "BS");
	qd = num(argv[4], "QD");
	total = num(argv[5], "TOTAL");
	cap = num(argv[6], "SECTORS");
	if (mode == M_IOCTL && qd != 1)
		die("ioctl writes are QD 1", EINVAL);
	if (qd > 4096)
		die("QD", EINVAL);

	fd = open(argv[2], O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(argv[2], errno);
	if (ioctl(fd, WE2_IOC_GET_CONFIG, &cfg))
		die("WE2_IOC_GET_CONFIG", errno);
	if (cfg.bytes_per_sector < 1 || bs % cfg.bytes_per_sector ||
	    bs > cfg.transfer_cap_bytes || bs / cfg.bytes_per_sector > cap)
		die("BS against bytes_per_sector/transfer_cap_bytes/SECTORS",
		    EINVAL);
	writes = (total + bs - 1) / bs;

	/* page-aligned, filled (and so faulted in) once */
	mem = mmap(NULL, bs * qd, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap", errno);
	memset(mem, 0x5a, bs * qd);

	c0 = sys_ticks();
	t0 = now();
	if (mode == M_IOCTL)
		ret = run_ioctl(fd, mem, bs / cfg.bytes_per_sector, writes,
				cap);
	else
		ret = run_uring(fd, mem, bs, bs / cfg.bytes_per_sector, qd,
				mode == M_FIXED, writes, cap, section, defer);
	t1 = now();
	c1 = sys_ticks();
	if (ret)
		return 1;
	printf("we2bench: mode=%s bs=%llu qd=%u bytes=%llu secs=%.6f ticks=%llu\n",
	       argv[1], (unsigned long long)bs, qd,
	       (unsigned long long)(writes * bs), t1 - t0, c1 - c0);
	return 0;
}
