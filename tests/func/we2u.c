// SPDX-License-Identifier: GPL-2.0
/*
 * we2u: the functional tests of io_uring writes. The raw subcommands use
 * the ABI directly (tests/lib/we2uring.h); "stream" uses libwe2's
 * streaming writer. Each prints "ok - <name>" / "not ok - <name>" lines and
 * exits 1 on failure; data is checked by the case scripts through sg, or
 * here through SG_IO (t_sg_read), never through we2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../ulib/libwe2.h"
#include "../lib/we2test.h"
#include "../lib/we2uring.h"

static int failures;

static void check(bool cond, const char *name)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failures++;
	fflush(stdout);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "we2u: %s: %s\n", what, strerror(err));
	exit(2);
}

static int open_dev(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		die(path, errno);
	return fd;
}

static void *alloc_region(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap", errno);
	return p;
}

static struct we2_info info_of(int fd)
{
	struct we2_info info;
	int ret = we2_get_info(fd, &info);

	if (ret)
		die("info", -ret);
	return info;
}

static uint32_t bps_of(int fd)
{
	struct we2_config cfg;

	if (we2_get_config(fd, &cfg) || cfg.bytes_per_sector < 1)
		die("bytes_per_sector not set", EINVAL);
	return cfg.bytes_per_sector;
}

/*
 * "failed: lba L res R sense KK/AA/QQ deferred D info I": the first CQE of
 * a tally that is not a full count, with its sense summary from res2 (the
 * information field as the drive gave it, "-" when it gave none)
 */
static void print_failure(int64_t lba, int res, uint64_t res2)
{
	printf("failed: lba %" PRId64 " res %d sense %02X/%02X/%02X deferred %d info ",
	       lba, res, (unsigned int)WE2_URING_SENSE_KEY(res2),
	       (unsigned int)WE2_URING_SENSE_ASC(res2),
	       (unsigned int)WE2_URING_SENSE_ASCQ(res2),
	       !!(res2 & WE2_URING_SENSE_DEFERRED));
	if (res2 & WE2_URING_SENSE_INFO_VALID)
		printf("%" PRId32 "\n", (int32_t)WE2_URING_SENSE_INFO(res2));
	else
		printf("-\n");
}

/*
 * we2u write DEV LBA NR SEED QD XFER fixed|plain[,OPTION...]: NR sectors at
 * LBA in writes of XFER sectors, QD in flight; every CQE must carry its
 * count. Options: "section" declares the NR sectors one section (so the
 * kernel keeps the writes in order by position); "async" sets IOSQE_ASYNC
 * on every SQE, "mix" on every other one (io_uring then issues those from
 * its workers, after the others); "recovered" expects exactly one CQE to
 * carry a RECOVERED ERROR sense summary (and none another); "tally" takes
 * any outcome, stops sending at the first that is not a full count, as
 * a burner does, prints that first one (print_failure()) and how many CQEs
 * were full counts and what the others got (for writers stopped, killed or cut off by a removal, and
 * drives that fail a write); "skipfirst" never sends the section's first
 * write, so the others wait for a predecessor that does not come.
 */
static int cmd_write(char **argv)
{
	int64_t lba = strtoll(argv[3], NULL, 0);
	uint32_t nr = strtoul(argv[4], NULL, 0);
	uint64_t seed = strtoull(argv[5], NULL, 0);
	unsigned int qd = atoi(argv[6]);
	uint32_t xfer = strtoul(argv[7], NULL, 0);
	bool fixed = !strncmp(argv[8], "fixed", 5);
	bool section = strstr(argv[8], "section");
	bool async = strstr(argv[8], "async"), mix = strstr(argv[8], "mix");
	bool recovered = strstr(argv[8], "recovered");
	bool tally = strstr(argv[8], "tally");
	bool skipfirst = strstr(argv[8], "skipfirst");
	unsigned int nr_recovered = 0, nth = 0;
	unsigned int full = 0, enodev = 0, ecanceled = 0, eintr = 0, other = 0;
	unsigned int shortc = 0, etimedout = 0;
	int fd = open_dev(argv[2], O_RDWR);
	uint32_t bps = bps_of(fd), sent = 0, *len, *off;
	struct we2_info before = info_of(fd), after;
	size_t slot = (size_t)xfer * bps;
	struct io_uring ring;
	struct iovec *iov;
	bool counts_ok = true, sense_ok = true;
	uint8_t *mem;
	unsigned int i, inflight = 0;
	int ret;

	mem = alloc_region(slot * qd);
	iov = calloc(qd, sizeof(*iov));
	len = calloc(qd, sizeof(*len));
	off = calloc(qd, sizeof(*off));
	ret = t_ring_init(&ring, qd);
	if (ret)
		die("ring", -ret);
	for (i = 0; i < qd; i++)
		iov[i] = (struct iovec){ mem + i * slot, slot };
	if (fixed && (ret = io_uring_register_buffers(&ring, iov, qd)))
		die("register buffers", -ret);

	while (sent < nr || inflight) {
		for (i = 0; i < qd && sent < nr && counts_ok; i++) {
			uint32_t n = nr - sent < xfer ? nr - sent : xfer;
			struct we2_uring_write *cmd;

			if (len[i])
				continue;
			if (skipfirst && !sent) {
				sent += n;	/* never sent: a hole */
				continue;
			}
			t_pattern_fill(iov[i].iov_base, (size_t)n * bps, seed,
				       (uint64_t)sent * bps);
			cmd = t_prep_write(&ring, fd, iov[i].iov_base,
					   lba + sent, n, fixed ? (int)i : -1, i);
			if (section) {
				cmd->section_lba = lba;
				cmd->section_sectors = nr;
			}
			if (async || (mix && nth % 2))
				t_sqe_of(cmd)->flags |= IOSQE_ASYNC;
			nth++;
			len[i] = n;
			off[i] = sent;
			sent += n;
			inflight++;
		}
		io_uring_submit(&ring);
		if (!inflight)
			break;
		do {
			uint64_t ud, res2;
			int res;

			if (t_wait(&ring, &ud, &res, &res2))
				die("wait", EIO);
			if (tally) {
				if (res != (int)len[ud] && counts_ok)
					print_failure(lba + off[ud], res, res2);
				full += res == (int)len[ud];
				shortc += res > 0 && res < (int)len[ud];
				enodev += res == -ENODEV;
				ecanceled += res == -ECANCELED;
				eintr += res == -EINTR;
				etimedout += res == -ETIMEDOUT;
				other += res < 0 && res != -ENODEV &&
					 res != -ECANCELED && res != -EINTR &&
					 res != -ETIMEDOUT;
				if (res != (int)len[ud])
					counts_ok = false;	/* send no more */
			} else if (res != (int)len[ud]) {
				fprintf(stderr, "# write %u: res %d want %u, sense %02X/%02X/%02X\n",
					(unsigned int)ud, res, len[ud],
					(unsigned int)WE2_URING_SENSE_KEY(res2),
					(unsigned int)WE2_URING_SENSE_ASC(res2),
					(unsigned int)WE2_URING_SENSE_ASCQ(res2));
				counts_ok = false;
			}
			if (recovered && res2 & WE2_URING_SENSE_VALID &&
			    WE2_URING_SENSE_KEY(res2) == 1)
				nr_recovered++;
			else
				sense_ok &= res2 == 0;
			len[ud] = 0;
			inflight--;
		} while (inflight && io_uring_cq_ready(&ring));
	}
	if (tally) {
		printf("tally: full %u short %u enodev %u ecanceled %u eintr %u etimedout %u other %u\n",
		       full, shortc, enodev, ecanceled, eintr, etimedout, other);
		io_uring_queue_exit(&ring);
		return 0;
	}
	after = info_of(fd);
	check(counts_ok, "uring-cqe-counts");
	check(sense_ok, "uring-no-sense");
	if (recovered)
		check(nr_recovered == 1, "uring-recovered-error-is-a-success");
	check(after.stat_sectors_written - before.stat_sectors_written == nr,
	      "uring-sectors-stat");
	check(after.stat_uring_fixed - before.stat_uring_fixed ==
	      (fixed ? after.stat_uring_commands - before.stat_uring_commands : 0),
	      fixed ? "uring-fixed-path-taken" : "uring-plain-path-taken");
	io_uring_queue_exit(&ring);
	return failures != 0;
}

/* Submit one write on @ring and return its CQE result. */
static int one_write(struct io_uring *ring, int fd, const void *buf,
		     int64_t lba, uint32_t nr, uint32_t flags,
		     uint64_t reserved0, uint32_t cmd_op)
{
	struct we2_uring_write *cmd;
	int res;

	cmd = t_prep_write(ring, fd, buf, lba, nr, -1, 0);
	cmd->flags = flags;
	cmd->reserved[0] = reserved0;
	/* the SQE holds its command area: step back to set its op */
	if (cmd_op)
		((struct io_uring_sqe *)((char *)cmd -
		 offsetof(struct io_uring_sqe, cmd)))->cmd_op = cmd_op;
	io_uring_submit(ring);
	if (t_wait(ring, NULL, &res, NULL))
		die("wait", EIO);
	return res;
}

/* we2u badargs DEV: bad SQEs are refused and write nothing */
static int cmd_badargs(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	int rfd = open_dev(argv[2], O_RDONLY);
	uint32_t bps = bps_of(fd);
	struct we2_info before = info_of(fd), after;
	struct we2_config cfg;
	struct io_uring ring, small;
	uint8_t *buf = alloc_region(1 << 20);
	int ret;

	if ((ret = t_ring_init(&ring, 4)))
		die("ring", -ret);
	we2_get_config(fd, &cfg);

	check(one_write(&ring, fd, buf, 0, 1, 1, 0, 0) == -EINVAL,
	      "uring-flags-einval");
	check(one_write(&ring, fd, buf, 0, 1, 0, 1, 0) == -EINVAL,
	      "uring-reserved-einval");
	check(one_write(&ring, fd, buf, 0, 0, 0, 0, 0) == -EINVAL,
	      "uring-zero-count-einval");
	check(one_write(&ring, fd, buf, 0, 0x80000000u, 0, 0, 0) == -EINVAL,
	      "uring-huge-count-einval");
	check(one_write(&ring, fd, buf, 0, cfg.transfer_cap_bytes / bps + 1,
			0, 0, 0) == -E2BIG, "uring-over-one-command-e2big");
	check(one_write(&ring, fd, buf, WE2_LBA_MAX, 2, 0, 0, 0) == -ERANGE,
	      "uring-lba-past-range-erange");
	check(one_write(&ring, fd, buf, WE2_LBA_MIN - 1, 1, 0, 0, 0) == -ERANGE,
	      "uring-lba-below-range-erange");
	check(one_write(&ring, fd, (void *)16, 0, 1, 0, 0, 0) == -EFAULT,
	      "uring-bad-pointer-efault");
	check(one_write(&ring, fd, buf, 0, 1, 0, 0,
			_IOW(WE2_IOC_MAGIC, 0x1f, struct we2_uring_write)) ==
	      -ENOTTY, "uring-unknown-op-enotty");
	check(one_write(&ring, rfd, buf, 0, 1, 0, 0, 0) == -EBADF,
	      "uring-readonly-ebadf");

	/* a ring with 64-byte SQEs cannot carry the payload */
	if ((ret = io_uring_queue_init(4, &small, 0)))
		die("small ring", -ret);
	{
		struct io_uring_sqe *sqe = t_get_sqe(&small);
		int res;

		memset(sqe, 0, sizeof(*sqe));
		sqe->opcode = IORING_OP_URING_CMD;
		sqe->fd = fd;
		sqe->cmd_op = WE2_URING_CMD_WRITE;
		io_uring_submit(&small);
		t_wait(&small, NULL, &res, NULL);
		check(res == -EOPNOTSUPP, "uring-small-sqe-eopnotsupp");
	}
	io_uring_queue_exit(&small);

	/* an unregistered buffer index */
	{
		int res;

		t_prep_write(&ring, fd, buf, 0, 1, 3, 0);
		io_uring_submit(&ring);
		t_wait(&ring, NULL, &res, NULL);
		check(res == -EFAULT || res == -EINVAL,
		      "uring-unregistered-buffer-refused");
	}

	after = info_of(fd);
	check(after.stat_commands == before.stat_commands &&
	      after.stat_sectors_written == before.stat_sectors_written,
	      "uring-bad-args-write-nothing");

	/* bytes_per_sector unset */
	cfg = (struct we2_config){ .mask = WE2_CFG_BYTES_PER_SECTOR,
				   .bytes_per_sector = WE2_UNSET };
	we2_set_config(fd, &cfg);
	check(one_write(&ring, fd, buf, 0, 1, 0, 0, 0) == -EINVAL,
	      "uring-bps-unset-einval");
	we2_set_bytes_per_sector(fd, bps);
	io_uring_queue_exit(&ring);
	return failures != 0;
}

struct flipper {
	struct we2_uring_write *cmd;
	atomic_bool stop;
	int64_t lba_a, lba_b;
};

static void *flip_thread(void *arg)
{
	struct flipper *f = arg;
	volatile struct we2_uring_write *cmd = f->cmd;
	unsigned long i = 0;

	while (!atomic_load_explicit(&f->stop, memory_order_relaxed)) {
		cmd->start_lba = i & 1 ? f->lba_b : f->lba_a;
		cmd->nr_sectors = i & 2 ? 0x7fffffff : 4;
		cmd->flags = (i & 12) == 12;
		i++;
	}
	return NULL;
}

/*
 * we2u flip DEV SG SEED: a second thread rewrites the payload of the one
 * SQE while it is submitted, again and again. Every write must be refused
 * or carry exactly 4 sectors, and LBA A and B each hold the data or zeros.
 */
static int cmd_flip(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	int sg = open_dev(argv[3], O_RDWR);
	uint64_t seed = strtoull(argv[4], NULL, 0);
	uint32_t bps = bps_of(fd);
	struct flipper f = { .lba_a = 100, .lba_b = 200 };
	uint8_t *buf = alloc_region(4 * bps), *rd = alloc_region(4 * bps);
	uint8_t *zero = alloc_region(4 * bps);
	bool results_ok = true;
	struct io_uring ring;
	pthread_t th;
	int ret, i, ok = 0, refused = 0;

	if ((ret = t_ring_init(&ring, 1)))
		die("ring", -ret);
	t_pattern_fill(buf, 4 * bps, seed, 0);
	/* with one entry, every SQE is the same slot of the ring */
	f.cmd = t_prep_write(&ring, fd, buf, f.lba_a, 4, -1,
			     0);
	io_uring_submit(&ring);
	t_wait(&ring, NULL, &ret, NULL);
	pthread_create(&th, NULL, flip_thread, &f);
	for (i = 0; i < 2000; i++) {
		struct io_uring_sqe *sqe = t_get_sqe(&ring);
		int res;

		sqe->opcode = IORING_OP_URING_CMD;	/* payload left to race */
		io_uring_submit(&ring);
		t_wait(&ring, NULL, &res, NULL);
		if (res == 4)
			ok++;
		else if (res == -EINVAL || res == -E2BIG || res == -EOVERFLOW ||
			 res == -ERANGE)
			refused++;
		else
			results_ok = false;
	}
	atomic_store(&f.stop, true);
	pthread_join(th, NULL);
	printf("# %d written, %d refused\n", ok, refused);
	check(results_ok, "uring-flip-results-valid");
	check(ok + refused == 2000, "uring-flip-all-completed");
	for (i = 0; i < 2; i++) {
		int64_t lba = i ? f.lba_b : f.lba_a;

		ret = t_sg_read(sg, lba, 4, bps, rd);
		check(!ret && (!memcmp(rd, buf, 4 * bps) ||
			       !memcmp(rd, zero, 4 * bps)),
		      i ? "uring-flip-lba-b-exact" : "uring-flip-lba-a-exact");
	}
	io_uring_queue_exit(&ring);
	return failures != 0;
}

static atomic_int completions;

static void *cancel_thread(void *arg)
{
	int fd = *(int *)arg;

	while (atomic_load(&completions) < 20)
		t_sleep_us(200);
	while (ioctl(fd, WE2_IOC_CANCEL) && errno == ENOENT &&
	       atomic_load(&completions) < 100000)
		t_sleep_us(100);
	return NULL;
}

/*
 * we2u cancel DEV SG SEED: a long io_uring run, 16 writes of 8 sectors in
 * flight, cancelled from another thread. Writes complete with their count
 * or -ECANCELED; the cancelled ones wrote nothing, the others read back.
 */
static int cmd_cancel(char **argv)
{
	enum { QD = 16, XFER = 8, TOTAL = 4096 };
	int fd = open_dev(argv[2], O_RDWR);
	int sg = open_dev(argv[3], O_RDWR);
	uint64_t seed = strtoull(argv[4], NULL, 0);
	uint32_t bps = bps_of(fd);
	struct we2_info before = info_of(fd), after;
	uint8_t *mem = alloc_region((size_t)QD * XFER * bps);
	uint8_t *rd = alloc_region((size_t)XFER * bps);
	int64_t lba[QD] = { 0 };
	uint64_t acked = 0;
	struct io_uring ring;
	struct we2_status st;
	bool results_ok = true, data_ok = true, stop = false;
	int cancelled = 0, written = 0, inflight = 0, ret;
	uint32_t next = 0;
	pthread_t th;

	if ((ret = t_ring_init(&ring, QD)))
		die("ring", -ret);
	pthread_create(&th, NULL, cancel_thread, &fd);
	while (!stop || inflight) {
		for (int i = 0; i < QD && !stop && next < TOTAL; i++) {
			uint8_t *b = mem + (size_t)i * XFER * bps;

			if (lba[i])
				continue;
			lba[i] = 1000 + next;
			t_pattern_fill(b, (size_t)XFER * bps, seed,
				       (uint64_t)next * bps);
			t_prep_write(&ring, fd, b, lba[i],
				     XFER, -1, i);
			next += XFER;
			inflight++;
		}
		if (next >= TOTAL)
			stop = true;
		io_uring_submit(&ring);
		if (!inflight)
			break;
		do {
			uint64_t ud;
			int res;
			uint32_t off;

			t_wait(&ring, &ud, &res, NULL);
			inflight--;
			atomic_fetch_add(&completions, 1);
			off = lba[ud] - 1000;
			ret = t_sg_read(sg, lba[ud], XFER, bps, rd);
			if (res == XFER) {
				uint8_t *want = mem + ud * XFER * bps;

				written++;
				acked += XFER;
				t_pattern_fill(want, (size_t)XFER * bps, seed,
					       (uint64_t)off * bps);
				data_ok &= !ret && !memcmp(rd, want,
							   (size_t)XFER * bps);
			} else if (res == -ECANCELED) {
				cancelled++;
				stop = true;
				for (size_t k = 0; k < (size_t)XFER * bps; k++)
					data_ok &= !ret && rd[k] == 0;
			} else {
				results_ok = false;
				stop = true;
			}
			lba[ud] = 0;
		} while (inflight && io_uring_cq_ready(&ring));
	}
	atomic_store(&completions, 100000);
	pthread_join(th, NULL);
	after = info_of(fd);
	ioctl(fd, WE2_IOC_GET_STATUS, &st);
	printf("# %d written, %d cancelled\n", written, cancelled);
	check(results_ok, "uring-cancel-results-count-or-ecanceled");
	check(cancelled > 0, "uring-cancel-ended-the-run");
	check(data_ok, "uring-cancel-data-exact");
	check(after.stat_sectors_written - before.stat_sectors_written == acked,
	      "uring-cancel-count-exact");
	check(!st.write_in_progress, "uring-cancel-run-over");
	{
		uint8_t *b = mem;
		int res;

		t_prep_write(&ring, fd, b, 999, 1, -1, 0);
		io_uring_submit(&ring);
		t_wait(&ring, NULL, &res, NULL);
		check(res == 1, "uring-write-after-cancel");
	}
	io_uring_queue_exit(&ring);
	return failures != 0;
}

/*
 * we2u close DEV: a child fills a ring with writes and exits without
 * waiting for them. The run must end by itself and the node stay usable.
 */
static int cmd_close(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	struct we2_status st;
	uint8_t *buf = alloc_region(1 << 20);
	pid_t pid;
	int i, status, res;
	struct io_uring ring;

	for (int round = 0; round < 10; round++) {
		pid = fork();
		if (pid == 0) {
			int cfd = open_dev(argv[2], O_RDWR);

			if (t_ring_init(&ring, 32))
				_exit(2);
			for (i = 0; i < 32; i++)
				t_prep_write(&ring, cfd,
					     buf + i * 8 * 2048 % (1 << 20),
					     2000 + i * 8, 8, -1, i);
			io_uring_submit(&ring);
			_exit(0);	/* ring and node closed in flight */
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			break;
	}
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "uring-close-children-exited");
	for (i = 0; i < 100; i++) {
		ioctl(fd, WE2_IOC_GET_STATUS, &st);
		if (!st.write_in_progress)
			break;
		t_sleep_us(100000);
	}
	check(!st.write_in_progress, "uring-close-run-ended");
	if (t_ring_init(&ring, 1))
		die("ring", EIO);
	t_prep_write(&ring, fd, buf, 2000, 1, -1, 0);
	io_uring_submit(&ring);
	t_wait(&ring, NULL, &res, NULL);
	check(res == 1, "uring-close-node-usable");
	io_uring_queue_exit(&ring);
	return failures != 0;
}

/* The progress a stream reported, checked as it comes. */
struct watch {
	struct we2_progress last;
	int calls;
	bool monotonic;
	bool buffers_add_up;
};

static int watch_progress(const struct we2_progress *p, void *arg)
{
	struct watch *w = arg;

	if (w->calls++) {
		w->monotonic &= p->last_written_lba >= w->last.last_written_lba &&
				p->last_read_lba >= w->last.last_read_lba;
	}
	w->monotonic &= p->last_read_lba >= p->last_written_lba;
	w->buffers_add_up &= p->used_buffer_bytes + p->free_buffer_bytes ==
			     p->total_buffer_bytes;
	w->last = *p;
	return 0;
}

struct pattern_src {
	uint64_t seed, done;
};

static ssize_t pattern_read(void *arg, void *buf, size_t len)
{
	struct pattern_src *s = arg;

	/* odd sizes, to exercise the stream's refill loop */
	if (len > 3000)
		len = 3000;
	t_pattern_fill(buf, len, s->seed, s->done);
	s->done += len;
	return len;
}

static void write_pattern(int fd, uint64_t seed, uint64_t bytes)
{
	static uint8_t buf[1 << 16];
	uint64_t done = 0;

	while (done < bytes) {
		size_t n = bytes - done < sizeof(buf) ? bytes - done : sizeof(buf);
		ssize_t w;

		t_pattern_fill(buf, n, seed, done);
		w = write(fd, buf, n);
		if (w <= 0)
			die("write source", errno);
		done += w;
	}
}

/*
 * we2u stream DEV file|pipe|cb LBA NR SEED QD fixed|plain: one section
 * through libwe2's streaming writer; the case reads it back through sg.
 */
static int cmd_stream(char **argv)
{
	const char *kind = argv[3];
	int64_t lba = strtoll(argv[4], NULL, 0);
	uint32_t nr = strtoul(argv[5], NULL, 0);
	uint64_t seed = strtoull(argv[6], NULL, 0);
	struct watch w = { .monotonic = true, .buffers_add_up = true };
	struct we2_stream_opts o = {
		.queue_depth = atoi(argv[7]),
		.flags = strcmp(argv[8], "fixed") ? WE2_STREAM_NO_FIXED : 0,
		.progress = watch_progress,
		.progress_arg = &w,
	};
	int fd = open_dev(argv[2], O_RDWR);
	uint32_t bps = bps_of(fd);
	struct we2_info before = info_of(fd), after;
	struct pattern_src ps = { .seed = seed };
	struct we2_write_result res;
	struct we2_stream *st;
	pid_t pid = 0;
	int ret, src = -1;

	ret = we2_stream_init(&st, fd, &o);
	if (ret)
		die("stream init", -ret);
	if (!strcmp(kind, "file")) {
		char path[] = "/tmp/we2u-srcXXXXXX";

		src = mkstemp(path);
		unlink(path);
		write_pattern(src, seed, (uint64_t)nr * bps);
		lseek(src, 0, SEEK_SET);
	} else if (!strcmp(kind, "pipe")) {
		int p[2];

		if (pipe(p))
			die("pipe", errno);
		pid = fork();
		if (!pid) {
			close(p[0]);
			write_pattern(p[1], seed, (uint64_t)nr * bps);
			_exit(0);
		}
		close(p[1]);
		src = p[0];
	}
	if (src >= 0)
		ret = we2_stream_write_fd(st, src, lba, nr, &res);
	else
		ret = we2_stream_write_cb(st, pattern_read, &ps, lba, nr, &res);
	if (pid)
		waitpid(pid, NULL, 0);
	after = info_of(fd);

	printf("# %s: ret %d count %u, %d progress calls, fixed %d\n", kind,
	       ret, res.sectors_written, w.calls, we2_stream_fixed(st));
	check(ret == (int)nr && res.sectors_written == nr, "stream-count");
	check(w.monotonic, "stream-progress-monotonic");
	check(w.buffers_add_up, "stream-progress-buffers");
	check(w.last.last_written_lba == lba + nr - 1 &&
	      w.last.last_read_lba == lba + nr - 1, "stream-progress-ends-at-last-lba");
	check(we2_stream_fixed(st) == !(o.flags & WE2_STREAM_NO_FIXED),
	      "stream-buffers-as-asked");
	check(after.stat_uring_fixed - before.stat_uring_fixed ==
	      (we2_stream_fixed(st) ?
	       after.stat_uring_commands - before.stat_uring_commands : 0) &&
	      after.stat_uring_commands > before.stat_uring_commands,
	      "stream-went-through-uring");
	if (src >= 0 && !strcmp(kind, "file"))
		check(lseek(src, 0, SEEK_CUR) == (off_t)nr * bps,
		      "stream-file-offset-after-data");
	we2_stream_exit(st);
	return failures != 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int args;
		int (*fn)(char **argv);
	} cmds[] = {
		{ "write", 9, cmd_write },
		{ "badargs", 3, cmd_badargs },
		{ "flip", 5, cmd_flip },
		{ "cancel", 5, cmd_cancel },
		{ "close", 3, cmd_close },
		{ "stream", 9, cmd_stream },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name) && argc == cmds[i].args)
			return cmds[i].fn(argv);
	fprintf(stderr,
		"usage: we2u write DEV LBA NR SEED QD XFER fixed|plain[,section,async,mix,recovered]\n"
		"       we2u badargs DEV\n"
		"       we2u flip DEV SG SEED\n"
		"       we2u cancel DEV SG SEED\n"
		"       we2u close DEV\n"
		"       we2u stream DEV file|pipe|cb LBA NR SEED QD fixed|plain\n");
	return 2;
}
