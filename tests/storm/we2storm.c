// SPDX-License-Identifier: GPL-2.0
/*
 * we2storm: seeded, bounded storms against /dev/we20, each run checked for
 * "exact": the call reported the number of sectors the device
 * acknowledged, those sectors read back byte-exact through sg (not we2),
 * nothing past the section was claimed, and the node is usable again (or
 * cleanly gone and back after a removal).
 *
 *	we2storm KIND RUNS SEED [--ko PATH]
 *	we2storm load SECONDS SEED [ioctl|uring|mixed]
 *		(mixed, the default: half the nodes through io_uring)
 *
 * KIND is cancel, signal, removal, faults or unload. About half the runs
 * of each kind (the seed decides which) write through io_uring instead of
 * the blocking ioctl: 4 to 16 writes of 1 to 32 sectors in flight over a
 * region zeroed first, from plain or registered buffers, some misaligned.
 * Such a run is exact when every CQE is what the kind allows (the full
 * count or an error), the acknowledged sectors read back, the writes
 * refused before they were sent (ECANCELED, ENOMEM, EBUSY) or never sent
 * left their sectors zero, nothing past the region was written, and the
 * counters moved by what the CQEs say.
 *
 * Prints one line "storm: KIND EXACT/RUNS exact" (after "# " lines of
 * figures) and exits 1 unless every run was exact.
 * Each inexact run is explained on a "storm-miss:" line with its number,
 * so "--only RUN" style replays need nothing but the seed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/we2.h>

#include "../lib/we2test.h"
#include "../lib/we2uring.h"

#define BS		2048U
#define PER_CMD		32U		/* 64 KiB cap / 2048 */
#define NODE		"/dev/we20"
#define SYSDIR		"/sys/class/we2/we20"
#define MAX_NR		2048U
#define WE2_MAX_NODES	64

static uint64_t rng;
static const char *kind;
static int run_no;
static const char *ko_path;

/* Where the recorder is now: it moves on every removal and rescan. */
struct recorder {
	char node[32];		/* /dev/we2N */
	char sdev[PATH_MAX];	/* /sys/devices/.../H:C:T:L */
	char sg[64];		/* /dev/sgN */
	char scan[PATH_MAX];	/* its host's scan file */
	uint32_t capacity;
};

static struct recorder rec;

static int miss(const char *fmt, ...)
{
	va_list ap;

	printf("storm-miss: %s run %d: ", kind, run_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "we2storm: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static bool wait_path(const char *path, bool present, int ms)
{
	for (int i = 0; i < ms; i += 10) {
		if ((access(path, F_OK) == 0) == present)
			return true;
		t_sleep_us(10000);
	}
	return false;
}

static uint32_t read_capacity(const struct recorder *r)
{
	char path[PATH_MAX + 32], blk[64] = "";
	unsigned long long sectors512 = 0;
	struct dirent *d;
	DIR *dir;
	FILE *f;

	snprintf(path, sizeof(path), "%s/block", r->sdev);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			snprintf(blk, sizeof(blk), "%s", d->d_name);
	closedir(dir);
	snprintf(path, sizeof(path), "%s/block/%s/size", r->sdev, blk);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &sectors512) != 1)
		sectors512 = 0;
	fclose(f);
	return sectors512 / (BS / 512);
}

/* Find we2<idx>'s SCSI device, sg node and host (again). */
static bool find_recorder_of(struct recorder *r, int idx, int ms)
{
	char path[PATH_MAX], *h;
	struct dirent *d;
	DIR *dir;

	snprintf(r->node, sizeof(r->node), "/dev/we2%d", idx);
	snprintf(path, sizeof(path), "/sys/class/we2/we2%d/device", idx);
	if (!wait_path(r->node, true, ms) || !realpath(path, r->sdev))
		return false;
	snprintf(path, sizeof(path), "%s/scsi_generic", r->sdev);
	for (int i = 0; i < ms / 10 && !(dir = opendir(path)); i++)
		t_sleep_us(10000);
	if (!dir)
		return false;
	r->sg[0] = 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			snprintf(r->sg, sizeof(r->sg), "/dev/%s", d->d_name);
	closedir(dir);
	h = strstr(r->sdev, "/host");
	if (!h)
		return false;
	snprintf(r->scan, sizeof(r->scan), "/sys/class/scsi_host/%.*s/scan",
		 (int)strcspn(h + 1, "/"), h + 1);
	r->capacity = read_capacity(r);
	return r->sg[0] && r->capacity > MAX_NR * 2 &&
	       wait_path(r->sg, true, ms);
}

static bool find_recorder(int ms)
{
	return find_recorder_of(&rec, 0, ms);
}

static int set_bps(int fd)
{
	struct we2_config c = { .mask = WE2_CFG_BYTES_PER_SECTOR,
				.bytes_per_sector = BS };

	return ioctl(fd, WE2_IOC_SET_CONFIG, &c) ? -errno : 0;
}

/* The first @count sectors at @lba hold pattern @seed. */
static bool verify(uint32_t lba, uint32_t count, uint64_t seed)
{
	size_t len = (size_t)count * BS;
	uint8_t *got, *want;
	int fd, ret;
	bool ok;

	if (!count)
		return true;
	fd = open(rec.sg, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return miss("open %s: %s", rec.sg, strerror(errno));
	got = malloc(len);
	want = malloc(len);
	if (!got || !want)
		die("malloc");
	t_pattern_fill(want, len, seed, 0);
	ret = t_sg_read(fd, lba, count, BS, got);
	ok = !ret && !memcmp(got, want, len);
	if (!ok) {
		size_t first = 0;

		while (!ret && first < len && got[first] == want[first])
			first++;
		miss("%u sectors at LBA %u do not read back through %s: %s, first difference at byte %zu",
		     count, lba, rec.sg, ret ? strerror(-ret) : "data differs",
		     first);
	}
	free(got);
	free(want);
	close(fd);
	return ok;
}

/* One section, as a thread: the buffer, the call, its outcome. */
struct section {
	int fd;
	uint32_t lba, nr;
	uint64_t seed;
	uint8_t *buf;
	int ret;
	struct we2_write_section ws;
	uint8_t sense[96];
	volatile bool started;
};

/* A section of @max sectors at most, at a random place and length. */
static void section_init(struct section *s, int fd, uint64_t seed,
			 uint32_t max)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->seed = seed;
	s->nr = 1 + t_below(&rng, max);
	s->lba = t_below(&rng, rec.capacity - MAX_NR);
	s->buf = mmap(NULL, (size_t)MAX_NR * BS, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->buf == MAP_FAILED)
		die("mmap");
	t_pattern_fill(s->buf, (size_t)s->nr * BS, seed, 0);
}

static void section_free(struct section *s)
{
	munmap(s->buf, (size_t)MAX_NR * BS);
}

static void *section_run(void *arg)
{
	struct section *s = arg;
	int ret;

	s->ws.buf = (uintptr_t)s->buf;
	s->ws.start_lba = s->lba;
	s->ws.nr_sectors = s->nr;
	s->ws.sense_buf = (uintptr_t)s->sense;
	s->ws.sense_len = sizeof(s->sense);
	s->started = true;
	ret = ioctl(s->fd, WE2_IOC_WRITE_SECTION, &s->ws);
	s->ret = ret < 0 ? -errno : ret;
	return NULL;
}

/* The call's own account of itself is consistent. */
static bool outcome_sane(const struct section *s, const int *allowed)
{
	uint32_t n = s->ws.sectors_written;

	if (s->ret == (int)s->nr)
		return n == s->nr ? true : miss("success with count %u of %u",
						n, s->nr);
	for (; *allowed; allowed++)
		if (s->ret == -*allowed)
			break;
	if (!*allowed)
		return miss("unexpected result %d", s->ret);
	if (n > s->nr)
		return miss("count %u past the section of %u", n, s->nr);
	if (s->ws.sense_written &&
	    (s->sense[0] & 0x7f) != 0x70 && (s->sense[0] & 0x7f) != 0x71 &&
	    (s->sense[0] & 0x7f) != 0x72 && (s->sense[0] & 0x7f) != 0x73)
		return miss("sense data of unknown format %02x", s->sense[0]);
	return true;
}

static bool idle_and_usable(int fd)
{
	struct we2_status st;

	for (int i = 0; i < 1000; i++) {
		if (ioctl(fd, WE2_IOC_GET_STATUS, &st))
			return miss("status: %s", strerror(errno));
		if (!st.write_in_progress)
			return true;
		t_sleep_us(10000);
	}
	return miss("still writing 10 s later");
}

static int open_node(void)
{
	int fd = open(NODE, O_RDWR | O_CLOEXEC);

	if (fd < 0 || set_bps(fd))
		die(NODE);
	return fd;
}

/* ---------------------------------------------------------------------
 * io_uring runs: a region written in chunks of 1 to 32 sectors, one SQE
 * each, 4 to 16 in flight, from plain or registered buffers (some of them
 * misaligned, so bounced). The region holds one pattern: chunk k's data is
 * the pattern at its own offset, so a chunk reads back as the pattern
 * (acknowledged), zeros (never written) or neither.
 */
#define MAX_QD		16U
#define SLOT_BYTES	(PER_CMD * BS + 4096)	/* room to misalign */
#define URING_MAX_NR	1024U			/* sectors in a run's region */
#define CQE_WAIT_MS	30000
#define SPARE		2	/* sectors after a region, for probes */

enum { C_UNSENT, C_INFLIGHT, C_DONE };

/* the CQEs of the storm, by result: full, short, and the errnos seen */
static const int cqe_errs[] = { ECANCELED, ENOMEM, EIO, ETIMEDOUT, ENODEV,
				EBUSY, 0 };
static unsigned long cqe_full, cqe_short, cqe_err[7];

struct chunk {
	uint32_t off, nr;	/* sectors from the region's first */
	uint8_t state, slot, mis;	/* mis: bytes off the slot's start */
	bool fixed;		/* from the registered buffer of the slot */
	int res;
	uint64_t res2;
};

struct urun {
	int fd;
	uint32_t lba, total;	/* the region, then SPARE sectors */
	uint64_t seed;		/* its pattern */
	unsigned qd;
	bool registered;
	struct io_uring ring;
	bool ring_up;
	uint8_t *mem;		/* qd slots of SLOT_BYTES */
	uint32_t free_slots;	/* bit i: slot i is free */
	struct chunk c[URING_MAX_NR + SPARE];
	unsigned n, next, inflight, done;
	/* after the first CQE that is not a full count: */
	bool stop_on_error;	/* stop sending ... */
	unsigned extra;		/* ... after this many more */
	unsigned errors;	/* CQEs that were not a full count */
	bool hung;		/* a CQE did not come */
};

/* Plan a run of @total sectors at @lba; buffers and ring come later. */
static void urun_plan(struct urun *u, int fd, uint32_t lba, uint32_t total,
		      uint64_t seed)
{
	uint32_t off = 0;

	memset(u, 0, offsetof(struct urun, c));
	u->fd = fd;
	u->lba = lba;
	u->total = total;
	u->seed = seed;
	u->qd = 4 + t_below(&rng, MAX_QD - 3);
	u->registered = t_below(&rng, 2);
	while (off < total) {
		struct chunk *c = &u->c[u->n++];
		uint32_t left = total - off;

		memset(c, 0, sizeof(*c));
		c->off = off;
		c->nr = 1 + t_below(&rng, left < PER_CMD ? left : PER_CMD);
		c->fixed = u->registered && t_below(&rng, 4);
		c->mis = t_below(&rng, 8) ? 0 : 1 + t_below(&rng, 3);
		off += c->nr;
	}
}

/* A random region for a run: LBA and size. */
static void urun_place(uint32_t *lba, uint32_t *total, uint32_t max)
{
	*total = 1 + t_below(&rng, max);
	*lba = t_below(&rng, rec.capacity - MAX_NR - 2);
}

/* Buffers and ring; 0 or -errno. */
static int urun_start(struct urun *u)
{
	struct iovec iov[MAX_QD];
	int ret;

	u->mem = mmap(NULL, (size_t)u->qd * SLOT_BYTES, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (u->mem == MAP_FAILED)
		die("mmap");
	u->free_slots = (1U << u->qd) - 1;
	ret = t_ring_init(&u->ring, MAX_QD);
	if (ret)
		return ret;
	u->ring_up = true;
	if (!u->registered)
		return 0;
	for (unsigned i = 0; i < u->qd; i++)
		iov[i] = (struct iovec){ u->mem + (size_t)i * SLOT_BYTES,
					 SLOT_BYTES };
	return io_uring_register_buffers(&u->ring, iov, u->qd);
}

/* Close the ring (with writes still in flight if the caller says so). */
static void urun_stop(struct urun *u)
{
	if (u->ring_up)
		io_uring_queue_exit(&u->ring);
	u->ring_up = false;
	if (u->mem && u->mem != MAP_FAILED)
		munmap(u->mem, (size_t)u->qd * SLOT_BYTES);
	u->mem = NULL;
}

static uint8_t *urun_buf(struct urun *u, const struct chunk *c)
{
	return u->mem + (size_t)c->slot * SLOT_BYTES + c->mis;
}

/* Queue chunk @k in a free slot (the caller submits). */
static void urun_queue(struct urun *u, unsigned k)
{
	struct chunk *c = &u->c[k];
	struct we2_uring_write *cmd;
	uint8_t *buf;

	c->slot = __builtin_ctz(u->free_slots);
	u->free_slots &= ~(1U << c->slot);
	buf = urun_buf(u, c);
	t_pattern_fill(buf, (size_t)c->nr * BS, u->seed, (uint64_t)c->off * BS);
	cmd = t_prep_write(&u->ring, u->fd, buf, (int64_t)u->lba + c->off,
			   c->nr, c->fixed ? c->slot : -1, k);
	/* issued from io_uring's workers too, in whatever order they run */
	if (!t_below(&rng, 4))
		t_sqe_of(cmd)->flags |= IOSQE_ASYNC;
	c->state = C_INFLIGHT;
	u->inflight++;
}

static bool urun_may_send(struct urun *u)
{
	if (u->next >= u->n || u->inflight >= u->qd)
		return false;
	if (!u->stop_on_error || !u->errors)
		return true;
	if (!u->extra)
		return false;
	u->extra--;
	return true;
}

static void urun_submit(struct urun *u)
{
	int ret;

	while (urun_may_send(u))
		urun_queue(u, u->next++);
	do {
		ret = io_uring_submit(&u->ring);
	} while (ret == -EINTR);
}

static void urun_complete(struct urun *u, const struct io_uring_cqe *cqe)
{
	struct chunk *c;

	if (cqe->user_data >= u->n) {
		miss("CQE with user_data %llu", (unsigned long long)cqe->user_data);
		return;
	}
	c = &u->c[cqe->user_data];
	if (c->state != C_INFLIGHT) {
		miss("a second CQE for write %llu", (unsigned long long)cqe->user_data);
		return;
	}
	c->state = C_DONE;
	c->res = cqe->res;
	c->res2 = cqe->big_cqe[0];
	if (c->res == (int)c->nr) {
		cqe_full++;
	} else if (c->res > 0) {
		cqe_short++;
	} else {
		unsigned e = 0;

		while (cqe_errs[e] && cqe_errs[e] != -c->res)
			e++;
		cqe_err[e]++;
	}
	if (c->res != (int)c->nr)
		u->errors++;
	u->free_slots |= 1U << c->slot;
	u->inflight--;
	u->done++;
}

/* One CQE, waiting at most CQE_WAIT_MS; false if none came. */
static bool urun_reap(struct urun *u)
{
	struct __kernel_timespec ts = { CQE_WAIT_MS / 1000, 0 };
	struct io_uring_cqe *cqe;
	int ret;

	do {
		ret = io_uring_wait_cqe_timeout(&u->ring, &cqe, &ts);
	} while (ret == -EINTR);
	if (ret) {
		u->hung = true;
		return false;
	}
	urun_complete(u, cqe);
	io_uring_cqe_seen(&u->ring, cqe);
	/* and whatever else is there */
	while (!io_uring_peek_cqe(&u->ring, &cqe)) {
		urun_complete(u, cqe);
		io_uring_cqe_seen(&u->ring, cqe);
	}
	return true;
}

/* Send the chunks as the policy says, then drain; false if stuck. */
static bool urun_drive(struct urun *u)
{
	for (;;) {
		urun_submit(u);
		if (!u->inflight)
			return true;
		if (!urun_reap(u))
			return miss("no CQE for %d s with %u writes in flight",
				    CQE_WAIT_MS / 1000, u->inflight);
	}
}

/* One more write of @nr sectors at region sector @off, its CQE result. */
static int urun_one(struct urun *u, uint32_t off, uint32_t nr, uint64_t *res2)
{
	struct chunk *c;
	unsigned k;

	if (u->n >= sizeof(u->c) / sizeof(u->c[0]))
		return -ENOSPC;
	k = u->n++;
	c = &u->c[k];
	memset(c, 0, sizeof(*c));
	c->off = off;
	c->nr = nr;
	c->fixed = u->registered;
	u->next = u->n;
	urun_queue(u, k);
	io_uring_submit(&u->ring);
	while (c->state != C_DONE)
		if (!urun_reap(u))
			return -ETIME;
	if (res2)
		*res2 = c->res2;
	return c->res;
}

static int sg_open(void)
{
	int fd = open(rec.sg, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		miss("open %s: %s", rec.sg, strerror(errno));
	return fd;
}

/* WRITE(10) of zeros through sg: the region starts out blank. */
static bool sg_zero(uint32_t lba, uint32_t nr)
{
	static uint8_t zero[64 * BS];
	int fd = sg_open();

	if (fd < 0)
		return false;
	while (nr) {
		uint32_t n = nr < 64 ? nr : 64;
		uint8_t cdb[10] = { 0x2a, 0, lba >> 24, lba >> 16, lba >> 8,
				    lba, 0, n >> 8, n, 0 };
		uint8_t sense[32];
		struct sg_io_hdr h;

		memset(&h, 0, sizeof(h));
		h.interface_id = 'S';
		h.dxfer_direction = SG_DXFER_TO_DEV;
		h.cmd_len = sizeof(cdb);
		h.cmdp = cdb;
		h.dxferp = zero;
		h.dxfer_len = n * BS;
		h.sbp = sense;
		h.mx_sb_len = sizeof(sense);
		h.timeout = 20000;
		if (ioctl(fd, SG_IO, &h) < 0 ||
		    ((h.status || h.host_status || h.driver_status) &&
		     t_sense_key(sense, h.sb_len_wr) != T_UNIT_ATTENTION)) {
			close(fd);
			return miss("zeroing %u sectors at %u through %s failed",
				    n, lba, rec.sg);
		}
		if (h.status)
			continue;	/* unit attention: again */
		lba += n;
		nr -= n;
	}
	close(fd);
	return true;
}

/* The region (and its spare sectors) as it reads through sg. */
static uint8_t *region_read(const struct urun *u)
{
	size_t len = (size_t)(u->total + SPARE) * BS;
	uint8_t *got = malloc(len);
	int fd = sg_open(), ret;

	if (!got)
		die("malloc");
	if (fd < 0) {
		free(got);
		return NULL;
	}
	ret = t_sg_read(fd, u->lba, u->total + SPARE, BS, got);
	close(fd);
	if (ret) {
		free(got);
		miss("reading %u sectors at %u through %s: %s", u->total + SPARE,
		     u->lba, rec.sg, strerror(-ret));
		return NULL;
	}
	return got;
}

enum { R_PATTERN = 1, R_ZERO = 2 };

/* What sectors [off, off + nr) of the region hold: R_PATTERN, R_ZERO or 0. */
static int region_holds(const struct urun *u, const uint8_t *got, uint32_t off,
			uint32_t nr)
{
	size_t len = (size_t)nr * BS;
	const uint8_t *p = got + (size_t)off * BS;
	uint8_t *want;
	bool zero = true;
	int ret = 0;

	if (!nr)
		return R_PATTERN | R_ZERO;
	for (size_t i = 0; i < len && zero; i++)
		zero = !p[i];
	if (zero)
		return R_ZERO;
	want = malloc(len);
	if (!want)
		die("malloc");
	t_pattern_fill(want, len, u->seed, (uint64_t)off * BS);
	if (!memcmp(want, p, len))
		ret = R_PATTERN;
	free(want);
	return ret;
}

static const char *chunk_str(const struct urun *u, unsigned k)
{
	static char s[160];
	const struct chunk *c = &u->c[k];

	snprintf(s, sizeof(s), "write %u (%u sectors at LBA %u, %s%s buffer, qd %u)",
		 k, c->nr, u->lba + c->off, c->fixed ? "registered" : "plain",
		 c->mis ? " misaligned" : "", u->qd);
	return s;
}

/*
 * Each completed chunk against the medium: a full count reads back, a
 * short one up to its count; @zero_ok lists the errors (positive) after
 * which nothing may have been written. Errors not listed leave the
 * sectors unknown. Unsent chunks and the spare sector must be zero.
 */
static bool urun_verify(const struct urun *u, const int *zero_errs)
{
	uint8_t *got = region_read(u);
	bool ok = true;

	if (!got)
		return false;
	for (unsigned k = 0; k < u->n && ok; k++) {
		const struct chunk *c = &u->c[k];
		int holds;

		if (c->state == C_DONE && c->res > 0) {
			uint32_t n = (uint32_t)c->res < c->nr ? (uint32_t)c->res :
								 c->nr;

			if (!(region_holds(u, got, c->off, n) & R_PATTERN))
				ok = miss("%s: CQE %d but the data does not read back",
					  chunk_str(u, k), c->res);
			continue;
		}
		if (c->state == C_DONE) {
			const int *e = zero_errs;

			while (*e && *e != -c->res)
				e++;
			if (!*e)
				continue;
		}
		/* refused or never sent: nothing written */
		holds = region_holds(u, got, c->off, c->nr);
		if (!(holds & R_ZERO))
			ok = miss("%s: %s, yet its sectors were written",
				  chunk_str(u, k),
				  c->state == C_DONE ? strerror(-c->res) : "never sent");
	}
	/* the spare sectors past the region hold nothing but acked probes */
	for (uint32_t s = u->total; s < u->total + SPARE && ok; s++) {
		bool acked = false;

		for (unsigned k = 0; k < u->n; k++)
			acked |= u->c[k].off == s && u->c[k].state == C_DONE &&
				 u->c[k].res > 0;
		if (!acked && !(region_holds(u, got, s, 1) & R_ZERO))
			ok = miss("sector %u past the region was written",
				  u->lba + s);
	}
	free(got);
	return ok;
}

/* The counters of the device, to compare before and after a run. */
static bool info_of(int fd, struct we2_info *i)
{
	if (ioctl(fd, WE2_IOC_GET_INFO, i))
		return miss("GET_INFO: %s", strerror(errno));
	return true;
}

/* What a run's CQEs say the counters moved by. */
struct ustat {
	uint64_t sent, fixed, sectors, dev_errors, bounce_min, bounce_max,
		 enomem;
};

static struct ustat urun_expect(const struct urun *u)
{
	struct ustat e = { 0 };

	for (unsigned k = 0; k < u->n; k++) {
		const struct chunk *c = &u->c[k];
		uint64_t len = (uint64_t)c->nr * BS;
		bool sent = c->state == C_DONE &&
			    (c->res > 0 || c->res == -EIO || c->res == -ETIMEDOUT ||
			     c->res == -ENODEV);

		if (c->state != C_DONE)
			continue;
		if (c->res == -ENOMEM)
			e.enomem++;
		if (sent) {
			e.sent++;
			e.fixed += c->fixed;
			if (c->res > 0)
				e.sectors += c->res;
			if (c->res != (int)c->nr)
				e.dev_errors++;
			if (c->mis)
				e.bounce_min += len;
		}
		/* mapped, then refused by a cancel or another error */
		if (c->mis && (sent || c->res == -ECANCELED || c->res == -ENOMEM))
			e.bounce_max += len;
	}
	return e;
}

/*
 * The counters moved by what the CQEs say: every write sent is a command
 * (io_uring's, fixed if its buffer was), the sectors are the counts, the
 * errors those of the device (ENOMEM may count or not), bounce bytes
 * those of the misaligned buffers mapped.
 */
static bool urun_stats(const struct urun *u, const struct we2_info *a,
		       const struct we2_info *b, bool exact_sent)
{
	struct ustat e = urun_expect(u);
	uint64_t dcmd = b->stat_commands - a->stat_commands;
	uint64_t duc = b->stat_uring_commands - a->stat_uring_commands;
	uint64_t dfix = b->stat_uring_fixed - a->stat_uring_fixed;
	uint64_t dsec = b->stat_sectors_written - a->stat_sectors_written;
	uint64_t derr = b->stat_errors - a->stat_errors;
	uint64_t dbounce = b->stat_bounce_bytes - a->stat_bounce_bytes;

	if (dsec != e.sectors)
		return miss("statistics: +%llu sectors written, the CQEs say %llu",
			    (unsigned long long)dsec, (unsigned long long)e.sectors);
	if (dcmd != duc)
		return miss("statistics: +%llu commands but +%llu io_uring commands",
			    (unsigned long long)dcmd, (unsigned long long)duc);
	if (exact_sent ? duc != e.sent : duc < e.sent)
		return miss("statistics: +%llu io_uring commands, %llu writes were sent",
			    (unsigned long long)duc, (unsigned long long)e.sent);
	if (exact_sent && dfix != e.fixed)
		return miss("statistics: +%llu io_uring fixed, %llu sent from registered buffers",
			    (unsigned long long)dfix, (unsigned long long)e.fixed);
	if (exact_sent && (derr < e.dev_errors || derr > e.dev_errors + e.enomem))
		return miss("statistics: +%llu errors, %llu writes failed on the device (+%llu ENOMEM)",
			    (unsigned long long)derr,
			    (unsigned long long)e.dev_errors,
			    (unsigned long long)e.enomem);
	if (dbounce < e.bounce_min || dbounce > e.bounce_max)
		return miss("statistics: +%llu bounce bytes, want %llu to %llu",
			    (unsigned long long)dbounce,
			    (unsigned long long)e.bounce_min,
			    (unsigned long long)e.bounce_max);
	return true;
}

/* The CQE of chunk @k is in @allowed (positive errnos) or a full count. */
static bool cqe_sane(const struct urun *u, unsigned k, const int *allowed,
		     bool short_ok)
{
	const struct chunk *c = &u->c[k];
	uint64_t known = WE2_URING_SENSE_VALID | WE2_URING_SENSE_DEFERRED |
			 WE2_URING_SENSE_INFO_VALID | 0xffffffULL;

	if (c->state != C_DONE)
		return true;
	/* the information field only when valid, the flags only with sense */
	if (c->res2 & WE2_URING_SENSE_INFO_VALID)
		known |= 0xffffffff00000000ULL;
	if (c->res2 & ~known ||
	    (c->res2 && !(c->res2 & WE2_URING_SENSE_VALID)))
		return miss("%s: res2 %#llx has undefined bits", chunk_str(u, k),
			    (unsigned long long)c->res2);
	/* a count cut short by a named sector: that sector is the next one */
	if (c->res > 0 && c->res < (int)c->nr &&
	    (c->res2 & WE2_URING_SENSE_INFO_VALID) &&
	    !(c->res2 & WE2_URING_SENSE_DEFERRED) &&
	    WE2_URING_SENSE_INFO(c->res2) != u->lba + c->off + (uint32_t)c->res)
		return miss("%s: count %d, but the sense names sector %u",
			    chunk_str(u, k), c->res,
			    WE2_URING_SENSE_INFO(c->res2));
	if (c->res == (int)c->nr) {
		/* a RECOVERED ERROR is a success that hands its sense over */
		if (c->res2 && WE2_URING_SENSE_KEY(c->res2) != 1)
			return miss("%s: full count with sense %#llx",
				    chunk_str(u, k), (unsigned long long)c->res2);
		return true;
	}
	if (c->res > 0)
		return short_ok && c->res < (int)c->nr ? true :
		       miss("%s: count %d", chunk_str(u, k), c->res);
	for (; *allowed; allowed++)
		if (c->res == -*allowed)
			return true;
	return miss("%s: unexpected result %d (%s)", chunk_str(u, k), c->res,
		    c->res < 0 ? strerror(-c->res) : "0");
}

static bool cqes_sane(const struct urun *u, const int *allowed, bool short_ok)
{
	for (unsigned k = 0; k < u->n; k++)
		if (!cqe_sane(u, k, allowed, short_ok))
			return false;
	return true;
}

/* how many runs of the storm went through io_uring */
static int uring_runs;
/* io_uring cancel runs: the cancel refused writes, was kept, found no run */
static int cancel_refused, cancel_kept, cancel_none;

/*
 * A child that SIGINT kills, whenever it comes: the storm ignores SIGINT,
 * and a child that has not yet set it back to the default would lose one
 * sent too soon, so it is blocked (and kept pending) until then.
 */
static pid_t fork_sigint(void)
{
	sigset_t set, old;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		signal(SIGINT, SIG_DFL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

/* Wait for a child that was killed: it must be gone within 30 s. */
static bool reap_child(pid_t pid, int *status)
{
	for (int i = 0; i < 3000; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return true;
		if (r < 0)
			die("waitpid");
		t_sleep_us(10000);
	}
	miss("the killed writer %d is still there 30 s later", (int)pid);
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return false;
}

/* A cancel from another descriptor after @delay_us. */
struct canceller {
	int fd;
	long delay_us;
	int ret;
};

static void *cancel_main(void *arg)
{
	struct canceller *k = arg;

	t_sleep_us(k->delay_us);
	k->ret = ioctl(k->fd, WE2_IOC_CANCEL) ? -errno : 0;
	return NULL;
}

static unsigned count_res(const struct urun *u, int res)
{
	unsigned n = 0;

	for (unsigned k = 0; k < u->n; k++)
		n += u->c[k].state == C_DONE && u->c[k].res == res;
	return n;
}

/*
 * An io_uring run cancelled at a random moment (or, the cancel coming
 * too soon or too late, not at all); the writer stops sending when it
 * sees ECANCELED, or sends a few more. Every CQE is a full count or
 * ECANCELED; the cancelled writes wrote nothing; a cancel that found the
 * run and refused nothing in it refuses the next write; after that the
 * node writes again.
 */
static bool run_cancel_uring(uint64_t seed)
{
	/* the errors allowed, and after which nothing was written */
	static const int allowed[] = { ECANCELED, 0 };
	int fd = open_node(), fd2 = open(NODE, O_RDWR | O_CLOEXEC);
	struct urun *u = calloc(1, sizeof(*u));
	struct canceller k = { .fd = fd2 };
	struct we2_info a, b;
	uint32_t lba, total;
	long est;
	unsigned cancelled;
	bool ok = false;
	pthread_t t;
	int res;

	if (!u || fd2 < 0)
		die("cancel run");
	urun_place(&lba, &total, URING_MAX_NR);
	urun_plan(u, fd, lba, total, seed);
	u->stop_on_error = true;
	u->extra = t_below(&rng, 2) ? t_below(&rng, 6) : 0;
	/*
	 * At a random moment of the run (about 4 ms a round of qd writes at
	 * scsi_debug delay=1), before it, or after it.
	 */
	est = (u->n + u->qd - 1) / u->qd * 4000 + 1000;
	switch (t_below(&rng, 8)) {
	case 0:
		k.delay_us = 0;
		break;
	case 1:
		k.delay_us = est + t_below(&rng, est);
		break;
	default:
		k.delay_us = t_below(&rng, est);
	}
	if (!sg_zero(lba, total + SPARE) || !info_of(fd, &a))
		goto out;
	if ((res = urun_start(u))) {
		miss("io_uring set-up: %s", strerror(-res));
		goto out;
	}
	if (pthread_create(&t, NULL, cancel_main, &k))
		die("pthread_create");
	ok = urun_drive(u);
	pthread_join(t, NULL);
	if (!ok)
		goto out;
	cancelled = count_res(u, -ECANCELED);
	if (k.ret == -ENOENT)
		cancel_none++;
	else if (!k.ret && cancelled)
		cancel_refused++;
	else if (!k.ret)
		cancel_kept++;
	if (k.ret && k.ret != -ENOENT)
		ok = miss("cancel: %s", strerror(-k.ret));
	else if (k.ret == -ENOENT && cancelled)
		ok = miss("%u writes ECANCELED, but the cancel found no run",
			  cancelled);
	else if (!k.ret && !cancelled) {
		/* the run drained before it refused anything */
		res = urun_one(u, total, 1, NULL);
		if (res != -ECANCELED)
			ok = miss("the cancel was lost: the write after the run got %d",
				  res);
	}
	res = urun_one(u, total + 1, 1, NULL);
	if (res != 1)
		ok = miss("a write after the run got %d", res);
	ok = ok && cqes_sane(u, allowed, false) && idle_and_usable(fd2) &&
	     info_of(fd, &b) && urun_stats(u, &a, &b, true) &&
	     urun_verify(u, allowed);
out:
	if (!u->hung)
		urun_stop(u);
	free(u);
	close(fd2);
	close(fd);
	return ok;
}

/* Cancel at a random moment: before the start, mid-transfer, after. */
static bool run_cancel(uint64_t seed)
{
	static const int allowed[] = { ECANCELED, 0 };
	int fd, fd2;
	struct section s;
	pthread_t t;
	bool ok;

	if (t_below(&rng, 2)) {
		uring_runs++;
		return run_cancel_uring(seed);
	}
	fd = open_node();
	fd2 = open(NODE, O_RDWR | O_CLOEXEC);
	section_init(&s, fd, seed, MAX_NR);
	if (pthread_create(&t, NULL, section_run, &s))
		die("pthread_create");
	t_sleep_us(t_below(&rng, 4) ? t_below(&rng, 20000) : 0);
	if (ioctl(fd2, WE2_IOC_CANCEL) && errno != ENOENT)
		miss("cancel: %s", strerror(errno));
	pthread_join(t, NULL);
	ok = outcome_sane(&s, allowed) &&
	     (s.ret != -ECANCELED || s.ws.sectors_written % PER_CMD == 0 ||
	      miss("cancelled count %u is not whole commands",
		   s.ws.sectors_written)) &&
	     idle_and_usable(fd2) && verify(s.lba, s.ws.sectors_written, seed);
	section_free(&s);
	close(fd2);
	close(fd);
	return ok;
}

/* signal runs whose writer had started its section when it was killed */
static int signal_started;

/*
 * A process with io_uring writes in flight killed at a random moment (half
 * the time stopped first, for a while): its ring is closed in flight. The
 * run drains by itself; every write is on the medium whole or not at all,
 * and the counters say exactly which.
 */
static bool run_signal_uring(uint64_t seed)
{
	int fd = open_node(), status;
	struct urun *u = calloc(1, sizeof(*u));
	struct we2_info a, b;
	uint64_t written = 0, nwritten = 0, nfixed = 0, nmis = 0;
	uint32_t lba, total;
	uint8_t *got = NULL;
	bool ok = false;
	pid_t pid;
	int res;

	if (!u)
		die("calloc");
	urun_place(&lba, &total, URING_MAX_NR);
	urun_plan(u, -1, lba, total, seed);
	if (!sg_zero(lba, total + SPARE) || !info_of(fd, &a))
		goto out;
	pid = fork_sigint();
	if (!pid) {
		u->fd = open(NODE, O_RDWR | O_CLOEXEC);
		if (u->fd < 0 || urun_start(u))
			_exit(2);
		urun_drive(u);
		for (;;)
			pause();
	}
	t_sleep_us(t_below(&rng, 40000));
	if (t_below(&rng, 2)) {
		/*
		 * Stopped first (Ctrl-Z, a debugger): the node answers while
		 * it is, and a stopped process dies of SIGKILL alone
		 */
		kill(pid, SIGSTOP);
		t_sleep_us(t_below(&rng, 20000));
		if (!info_of(fd, &b))
			miss("the node did not answer with its writer stopped");
		kill(pid, SIGKILL);
	} else {
		kill(pid, t_below(&rng, 2) ? SIGKILL : SIGINT);
	}
	if (!reap_child(pid, &status))
		goto out;
	if (WIFEXITED(status)) {
		miss("the writer exited with %d", WEXITSTATUS(status));
		goto out;
	}
	if (!idle_and_usable(fd) || !info_of(fd, &b) || !(got = region_read(u)))
		goto out;
	ok = true;
	for (unsigned k = 0; k < u->n && ok; k++) {
		const struct chunk *c = &u->c[k];
		int holds = region_holds(u, got, c->off, c->nr);

		if (holds & R_PATTERN) {
			written += c->nr;
			nwritten++;
			nfixed += c->fixed;
			nmis += !!c->mis;
		} else if (!(holds & R_ZERO)) {
			ok = miss("%s: neither written whole nor left alone",
				  chunk_str(u, k));
		}
	}
	for (uint32_t s = total; s < total + SPARE && ok; s++)
		if (!(region_holds(u, got, s, 1) & R_ZERO))
			ok = miss("sector %u past the region was written", lba + s);
	if (ok && (b.stat_sectors_written - a.stat_sectors_written != written ||
		   b.stat_uring_commands - a.stat_uring_commands != nwritten ||
		   b.stat_commands - a.stat_commands != nwritten ||
		   b.stat_uring_fixed - a.stat_uring_fixed != nfixed ||
		   b.stat_errors != a.stat_errors))
		ok = miss("statistics: +%llu sectors +%llu commands +%llu io_uring +%llu fixed +%llu errors; the medium holds %llu sectors of %llu writes (%llu fixed, %llu misaligned)",
			  (unsigned long long)(b.stat_sectors_written - a.stat_sectors_written),
			  (unsigned long long)(b.stat_commands - a.stat_commands),
			  (unsigned long long)(b.stat_uring_commands - a.stat_uring_commands),
			  (unsigned long long)(b.stat_uring_fixed - a.stat_uring_fixed),
			  (unsigned long long)(b.stat_errors - a.stat_errors),
			  (unsigned long long)written, (unsigned long long)nwritten,
			  (unsigned long long)nfixed, (unsigned long long)nmis);
	if (nwritten)
		signal_started++;
	/* and the node takes an io_uring write again */
	u->fd = fd;
	u->n = 0;
	if (ok && (res = urun_start(u)))
		ok = miss("io_uring set-up: %s", strerror(-res));
	if (ok && (res = urun_one(u, total + 1, 1, NULL)) != 1)
		ok = miss("a write after the killed run got %d", res);
	if (!u->hung)
		urun_stop(u);
out:
	free(got);
	free(u);
	close(fd);
	return ok;
}

/* SIGKILL or SIGINT to a writing process at a random moment. */
static bool run_signal(uint64_t seed)
{
	int fd, status;
	struct we2_status st;
	struct section s;
	pid_t pid;

	if (t_below(&rng, 2)) {
		uring_runs++;
		return run_signal_uring(seed);
	}
	fd = open_node();
	section_init(&s, fd, seed, MAX_NR);
	pid = fork_sigint();
	if (!pid) {
		section_run(&s);
		_exit(0);
	}
	t_sleep_us(t_below(&rng, 30000));
	kill(pid, t_below(&rng, 2) ? SIGKILL : SIGINT);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!idle_and_usable(fd) || ioctl(fd, WE2_IOC_GET_STATUS, &st)) {
		section_free(&s);
		close(fd);
		return false;
	}
	/* the child may have died before it started: then nothing to check */
	if (st.start_lba == s.lba && st.sector_count == s.nr) {
		signal_started++;
		if (st.sectors_written > s.nr ||
		    st.last_written_lba != (int64_t)s.lba + st.sectors_written - 1) {
			section_free(&s);
			close(fd);
			return miss("status %u sectors, last LBA %lld",
				    st.sectors_written,
				    (long long)st.last_written_lba);
		}
		if (!verify(s.lba, st.sectors_written, seed)) {
			section_free(&s);
			close(fd);
			return false;
		}
	}
	section_free(&s);
	close(fd);
	return true;
}

/*
 * A fresh write after the recorder came back; a device that was just
 * reset answers its first command with UNIT ATTENTION, which a burner
 * retries: so do we, once.
 */
static bool write_again(uint64_t seed)
{
	int fd = open_node();
	struct section s;
	bool ok;

	section_init(&s, fd, seed, 64);
	section_run(&s);
	if (s.ret == -EIO &&
	    t_sense_key(s.sense, s.ws.sense_written) == T_UNIT_ATTENTION)
		section_run(&s);
	ok = (s.ret == (int)s.nr || miss("write after the recorder came back: %d",
					 s.ret)) &&
	     verify(s.lba, s.nr, seed);
	section_free(&s);
	close(fd);
	return ok;
}

static bool rescan(void)
{
	if (write_file(rec.scan, "- - -"))
		return miss("rescan %s", rec.scan);
	if (!find_recorder(10000))
		return miss("the recorder did not come back");
	return true;
}

static void *urun_drive_main(void *arg)
{
	urun_drive(arg);
	return NULL;
}

/*
 * The SCSI device deleted while io_uring writes are in flight, with a
 * blocking section knocking from another descriptor (one of the two finds
 * the other writing: EBUSY). Every CQE comes, a count or an error; what
 * was acknowledged reads back after the rescan; a write on the old
 * descriptor gets ENODEV.
 */
static bool run_removal_uring(uint64_t seed)
{
	static const int allowed[] = { ENODEV, EIO, EBUSY, 0 };
	static const int refused[] = { EBUSY, 0 };
	static const int s_allowed[] = { ENODEV, EIO, EBUSY, 0 };
	int fd = open_node(), fd2 = open_node(), res;
	uint32_t half = (rec.capacity - MAX_NR) / 2;
	struct urun *u = calloc(1, sizeof(*u));
	char del[PATH_MAX + 16];
	struct we2_info info;
	uint32_t lba, total;
	pthread_t t, t2;
	struct section s2;
	bool ok = false, s2_run = t_below(&rng, 4);

	if (!u)
		die("calloc");
	urun_place(&lba, &total, URING_MAX_NR);
	lba %= half - URING_MAX_NR - SPARE;
	urun_plan(u, fd, lba, total, seed);
	u->stop_on_error = true;
	u->extra = t_below(&rng, 4);
	section_init(&s2, fd2, seed + 2, MAX_NR);
	s2.lba = half + s2.lba % half;
	if (!sg_zero(lba, total + SPARE))
		goto out_free;
	if ((res = urun_start(u))) {
		miss("io_uring set-up: %s", strerror(-res));
		goto out_free;
	}
	if (pthread_create(&t, NULL, urun_drive_main, u))
		die("pthread_create");
	t_sleep_us(t_below(&rng, 10000));
	if (s2_run && pthread_create(&t2, NULL, section_run, &s2))
		die("pthread_create");
	t_sleep_us(t_below(&rng, 10000));
	snprintf(del, sizeof(del), "%s/delete", rec.sdev);
	if (write_file(del, "1"))
		miss("delete %s", del);
	pthread_join(t, NULL);
	if (s2_run)
		pthread_join(t2, NULL);
	if (u->hung) {
		miss("no CQE for %d s with %u writes in flight after the removal",
		     CQE_WAIT_MS / 1000, u->inflight);
		goto out_close;
	}
	ok = cqes_sane(u, allowed, false) &&
	     (!s2_run || outcome_sane(&s2, s_allowed)) &&
	     (!s2_run || s2.ret != -EBUSY || !count_res(u, -EBUSY) ||
	      miss("both writers got EBUSY")) &&
	     (ioctl(fd, WE2_IOC_GET_INFO, &info) < 0 && errno == ENODEV ?
	      true : miss("GET_INFO after removal did not fail with ENODEV"));
	if (ok && (res = urun_one(u, total, 1, NULL)) != -ENODEV)
		ok = miss("an io_uring write after removal got %d", res);
out_close:
	if (!u->hung)
		urun_stop(u);
	close(fd);
	close(fd2);
	ok = rescan() && ok && urun_verify(u, refused) &&
	     (!s2_run || verify(s2.lba, s2.ws.sectors_written, seed + 2));
	section_free(&s2);
	free(u);
	return ok && write_again(seed + 1);
out_free:
	section_free(&s2);
	free(u);
	close(fd);
	close(fd2);
	return false;
}

/*
 * Delete the SCSI device through sysfs at a random moment of a section,
 * with a second writer on another descriptor knocking at the same time
 * (it gets EBUSY while the first writes, or the device if that is done);
 * the two write different halves of the medium.
 */
static bool run_removal(uint64_t seed)
{
	/* either may be the one that finds the other writing: EBUSY */
	static const int allowed[] = { ENODEV, EIO, EBUSY, 0 };
	uint32_t half = (rec.capacity - MAX_NR) / 2;
	char del[PATH_MAX + 16];
	struct section s, s2;
	struct we2_info info;
	pthread_t t, t2;
	int fd, fd2;
	bool ok;

	if (t_below(&rng, 2)) {
		uring_runs++;
		return run_removal_uring(seed);
	}
	fd = open_node();
	fd2 = open_node();
	section_init(&s, fd, seed, MAX_NR);
	section_init(&s2, fd2, seed + 2, MAX_NR);
	s.lba %= half;
	s2.lba = half + s2.lba % half;
	if (pthread_create(&t, NULL, section_run, &s))
		die("pthread_create");
	t_sleep_us(t_below(&rng, 10000));
	if (pthread_create(&t2, NULL, section_run, &s2))
		die("pthread_create");
	t_sleep_us(t_below(&rng, 10000));
	snprintf(del, sizeof(del), "%s/delete", rec.sdev);
	if (write_file(del, "1"))
		miss("delete %s", del);
	pthread_join(t, NULL);
	pthread_join(t2, NULL);
	ok = outcome_sane(&s, allowed) && outcome_sane(&s2, allowed) &&
	     (s.ret != -EBUSY || s2.ret != -EBUSY ||
	      miss("both writers got EBUSY")) &&
	     (ioctl(fd, WE2_IOC_GET_INFO, &info) < 0 && errno == ENODEV ?
	      true : miss("GET_INFO after removal did not fail with ENODEV"));
	close(fd);
	close(fd2);
	ok = rescan() && ok && (verify(s.lba, s.ws.sectors_written, seed) ||
				miss("after %d with %u of %u sectors", s.ret,
				     s.ws.sectors_written, s.nr)) &&
	     verify(s2.lba, s2.ws.sectors_written, seed + 2);
	section_free(&s);
	section_free(&s2);
	return ok && write_again(seed + 1);
}

/* Faults: we2's own allocations, and scsi_debug's error injection. */
static const char *sdebug = "/sys/bus/pseudo/drivers/scsi_debug";

static void sdebug_set(const char *knob, long val)
{
	char path[128], v[32];

	snprintf(path, sizeof(path), "%s/%s", sdebug, knob);
	snprintf(v, sizeof(v), "%ld", val);
	write_file(path, v);
}

static bool have_fail_alloc(void)
{
	return access("/sys/kernel/debug/we2/fail_alloc/probability", F_OK) == 0;
}

static void fail_alloc_set(int probability)
{
	const char *d = "/sys/kernel/debug/we2/fail_alloc";
	char path[128], v[16];

	snprintf(path, sizeof(path), "%s/times", d);
	write_file(path, "-1");
	snprintf(path, sizeof(path), "%s/verbose", d);
	write_file(path, "0");
	snprintf(path, sizeof(path), "%s/probability", d);
	snprintf(v, sizeof(v), "%d", probability);
	write_file(path, v);
}

static int set_timeout(int fd, unsigned int ms)
{
	struct we2_config c = { .mask = WE2_CFG_TIMEOUT, .timeout_ms = ms };

	return ioctl(fd, WE2_IOC_SET_CONFIG, &c) ? -errno : 0;
}

/*
 * Commands that time out: the block layer's FAIL_IO_TIMEOUT where the
 * kernel has it, else scsi_debug's own (opts 4). Each costs the 1 s
 * minimum timeout plus the error handler, so they are one run in 100.
 */
static bool io_timeout_set(bool on)
{
	char path[PATH_MAX + 64];
	struct dirent *d;
	DIR *dir;

	if (access("/sys/kernel/debug/fail_io_timeout/probability", F_OK))
		return false;
	write_file("/sys/kernel/debug/fail_io_timeout/probability",
		   on ? "100" : "0");
	write_file("/sys/kernel/debug/fail_io_timeout/times", on ? "1" : "0");
	write_file("/sys/kernel/debug/fail_io_timeout/verbose", "0");
	snprintf(path, sizeof(path), "%s/block", rec.sdev);
	dir = opendir(path);
	if (!dir)
		return false;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/block/%s/io-timeout-fail",
				 rec.sdev, d->d_name);
			write_file(path, on ? "1" : "0");
		}
	closedir(dir);
	return true;
}

/* how the fault runs ended: written whole, ENOMEM, EIO, ETIMEDOUT */
static int fault_outcomes[4];

/* A run's worst outcome, as fault_outcomes counts them. */
static int uring_outcome(const struct urun *u)
{
	if (count_res(u, -ENOMEM))
		return 1;
	if (count_res(u, -ETIMEDOUT))
		return 3;
	return u->errors ? 2 : 0;
}

/*
 * A section, or an io_uring run, with faults injected: each ends with a
 * clean errno and the exact count; an io_uring write refused with ENOMEM
 * (never sent) wrote nothing; the counters add up.
 */
static bool run_faults(uint64_t seed)
{
	static const int allowed[] = { ENOMEM, EIO, ETIMEDOUT, 0 };
	static const int refused[] = { ENOMEM, 0 };
	/* scsi_debug opts: recovered, transport, short transfer, host busy */
	static const long opts[] = { 8, 16, 0x100, 0x8000 };
	/* ... and those that leave a command unanswered: timeout, abort */
	static const long lost[] = { 4, 0x10000 };
	enum { SDEBUG, TIMEOUT, ALLOC } mode;
	int fd = open_node(), res;
	bool uring = t_below(&rng, 2), ok = false;
	struct urun *u = NULL;
	struct we2_info a, b;
	struct section s;
	pthread_t t;

	if (!t_below(&rng, 100))
		mode = TIMEOUT;
	else
		mode = t_below(&rng, have_fail_alloc() ? 2 : 1) ? ALLOC : SDEBUG;
	section_init(&s, fd, seed, MAX_NR);
	if (uring) {
		uint32_t lba, total;

		uring_runs++;
		u = calloc(1, sizeof(*u));
		if (!u)
			die("calloc");
		/* lost commands cost a second each: few of them */
		urun_place(&lba, &total, mode == TIMEOUT ? 4 * PER_CMD :
							 URING_MAX_NR);
		urun_plan(u, fd, lba, total, seed);
		if (mode == TIMEOUT && u->qd > 4)
			u->qd = 4;
		if (!sg_zero(lba, total + SPARE) || !info_of(fd, &a))
			goto out;
		if ((res = urun_start(u))) {
			miss("io_uring set-up: %s", strerror(-res));
			goto out;
		}
	}
	if (getenv("STORM_VERBOSE"))
		fprintf(stderr, "faults run %d: mode %d, %s %u sectors at %u\n",
			run_no, mode, uring ? "io_uring" : "section",
			uring ? u->total : s.nr, uring ? u->lba : s.lba);
	switch (mode) {
	case ALLOC:
		fail_alloc_set(1 + t_below(&rng, 30));
		break;
	case TIMEOUT:
		set_timeout(fd, 1000);
		if (!t_below(&rng, 2) || !io_timeout_set(true)) {
			sdebug_set("every_nth", 1 + t_below(&rng, 8));
			sdebug_set("opts", lost[t_below(&rng, 2)]);
		}
		break;
	case SDEBUG:
		/* at 1, host busy would requeue every command for ever */
		sdebug_set("every_nth", 2 + t_below(&rng, 40));
		sdebug_set("opts", opts[t_below(&rng, 4)]);
		break;
	}
	if (pthread_create(&t, NULL, uring ? urun_drive_main : section_run,
			   uring ? (void *)u : (void *)&s))
		die("pthread_create");
	/*
	 * A lost command is one to time out, not the error handler's own
	 * TEST UNIT READYs after it: stop losing them soon.
	 */
	if (mode == TIMEOUT) {
		t_sleep_us(300000);
		io_timeout_set(false);
		sdebug_set("opts", 0);
	}
	pthread_join(t, NULL);
	if (uring)
		fault_outcomes[uring_outcome(u)]++;
	else
		fault_outcomes[s.ret == -ENOMEM ? 1 : s.ret == -EIO ? 2 :
			       s.ret == -ETIMEDOUT ? 3 : 0]++;
	fail_alloc_set(0);
	io_timeout_set(false);
	sdebug_set("opts", 0);
	sdebug_set("every_nth", 0);
	set_timeout(fd, 60000);
	if (uring)
		ok = !u->hung && cqes_sane(u, allowed, true) &&
		     idle_and_usable(fd) && info_of(fd, &b) &&
		     urun_stats(u, &a, &b, true) && urun_verify(u, refused);
	else
		ok = outcome_sane(&s, allowed) && idle_and_usable(fd) &&
		     verify(s.lba, s.ws.sectors_written, seed);
out:
	if (u && !u->hung)
		urun_stop(u);
	free(u);
	section_free(&s);
	close(fd);
	return ok;
}

/* Module unload racing with open/ioctl loops and with device removal. */
static void open_loop(void)
{
	struct we2_info info;

	for (;;) {
		int fd = open(NODE, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			ioctl(fd, WE2_IOC_GET_INFO, &info);
			close(fd);
		}
	}
}

static bool load_we2(void)
{
	int fd = open(ko_path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return miss("open %s: %s", ko_path, strerror(errno));
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (ret && errno != EEXIST)
		return miss("finit_module: %s", strerror(errno));
	return true;
}

/* the unload storm's io_uring writer: how it leaves */
enum { U_KILLED, U_CLOSED, U_RING_KEPT };
static int unload_modes[3], unload_refused;

/*
 * A process with io_uring writes in flight on its own descriptor, that
 * says so on @ready and then: goes on writing until it is killed
 * (U_KILLED), closes its ring and node in flight and exits (U_CLOSED), or
 * closes the node and keeps the ring, waiting for its CQEs (U_RING_KEPT).
 */
static void uring_child(int mode, int ready, uint64_t seed)
{
	struct urun *u = calloc(1, sizeof(*u));
	uint32_t lba, total;
	char b = 1;
	int fd;

	signal(SIGINT, SIG_DFL);
	fd = open(NODE, O_RDWR | O_CLOEXEC);
	if (!u || fd < 0 || set_bps(fd))
		_exit(2);
	urun_place(&lba, &total, URING_MAX_NR);
	urun_plan(u, fd, lba, total, seed);
	if (urun_start(u))
		_exit(3);
	urun_submit(u);
	switch (mode) {
	case U_CLOSED:
		io_uring_queue_exit(&u->ring);
		close(fd);
		if (write(ready, &b, 1) != 1)
			_exit(4);
		_exit(0);
	case U_RING_KEPT:
		close(fd);
		u->n = u->next;		/* nothing more on the closed node */
		if (write(ready, &b, 1) != 1)
			_exit(4);
		urun_drive(u);
		for (;;)
			pause();
	}
	if (write(ready, &b, 1) != 1)
		_exit(4);
	for (;;) {
		if (!urun_drive(u))
			for (;;)
				pause();
		/* and again, a little later if the device refused */
		if (u->errors)
			t_sleep_us(1000);
		for (unsigned k = 0; k < u->n; k++)
			u->c[k].state = C_UNSENT;
		u->next = u->done = u->errors = 0;
	}
}

/*
 * Module unload while a process has io_uring writes in flight: refused
 * (EWOULDBLOCK) as long as it holds the node open, done within 10 s once
 * the process is killed, has closed its ring and node in flight, or has
 * closed the node (its ring still open) and seen its writes end. The
 * recorder may be deleted meanwhile too.
 */
static bool run_unload_uring(uint64_t seed)
{
	bool remove_too = t_below(&rng, 2), ok = true, unloaded = false;
	int mode = t_below(&rng, 3), p[2], status, tries = 1 + t_below(&rng, 4);
	char del[PATH_MAX + 16], b;
	pid_t pid;
	int i;

	if (pipe2(p, O_CLOEXEC))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(p[0]);
		uring_child(mode, p[1], seed);
	}
	close(p[1]);
	if (read(p[0], &b, 1) != 1) {
		close(p[0]);
		waitpid(pid, &status, 0);
		return miss("the io_uring writer failed to start (status %#x)",
			    status);
	}
	close(p[0]);
	unload_modes[mode]++;
	if (remove_too) {
		t_sleep_us(t_below(&rng, 20000));
		snprintf(del, sizeof(del), "%s/delete", rec.sdev);
		write_file(del, "1");
	}
	if (mode == U_KILLED) {
		/* the node is open in a live process: no unload */
		for (i = 0; i < tries && ok; i++) {
			if (!syscall(SYS_delete_module, "we2", O_NONBLOCK)) {
				unloaded = true;
				ok = miss("we2 unloaded while a process held its node open with io_uring writes in flight");
			} else if (errno != EWOULDBLOCK && errno != EAGAIN) {
				ok = miss("delete_module: %s", strerror(errno));
			} else {
				unload_refused++;
			}
			t_sleep_us(t_below(&rng, 5000));
		}
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	} else if (mode == U_CLOSED) {
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			ok = miss("the io_uring writer ended with status %#x",
				  status);
	}
	/* no descriptor left (U_RING_KEPT: only a ring): the unload goes */
	for (i = 0; !unloaded && syscall(SYS_delete_module, "we2", O_NONBLOCK);
	     i++) {
		if (errno != EWOULDBLOCK && errno != EAGAIN) {
			ok = miss("delete_module: %s", strerror(errno));
			break;
		}
		if (i == 10000) {
			ok = miss("we2 still in use 10 s after its last descriptor (mode %d) was closed",
				  mode);
			break;
		}
		t_sleep_us(1000);
	}
	if (mode == U_RING_KEPT) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (access(SYSDIR, F_OK) == 0 && ok)
		ok = miss("class device still there after unload");
	ok = load_we2() && ok;
	if (remove_too && ok)
		ok = write_file(rec.scan, "- - -") == 0 ||
		     miss("rescan after removal");
	ok = ok && (find_recorder(10000) || miss("no recorder after reload"));
	return ok && write_again(seed);
}

static bool run_unload(uint64_t seed)
{
	bool remove_too, ok = true;
	char del[PATH_MAX + 16];
	pid_t pid;
	int i;

	if (t_below(&rng, 2)) {
		uring_runs++;
		return run_unload_uring(seed);
	}
	remove_too = t_below(&rng, 2);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		open_loop();
	t_sleep_us(t_below(&rng, 20000));
	if (remove_too) {
		snprintf(del, sizeof(del), "%s/delete", rec.sdev);
		write_file(del, "1");
	}
	/* a busy module refuses at once; retry until the opener is stopped */
	for (i = 0; syscall(SYS_delete_module, "we2", O_NONBLOCK); i++) {
		if (errno != EWOULDBLOCK && errno != EAGAIN)
			ok = miss("delete_module: %s", strerror(errno));
		if (i == 20)
			kill(pid, SIGKILL);
		if (i > 2000 || !ok)
			break;
		t_sleep_us(1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (access(SYSDIR, F_OK) == 0)
		ok = miss("class device still there after unload");
	ok = load_we2() && ok;
	if (remove_too && ok)
		ok = write_file(rec.scan, "- - -") == 0 ||
		     miss("rescan after removal");
	ok = ok && (find_recorder(10000) || miss("no recorder after reload"));
	return ok && write_again(seed);
}

/*
 * Load: every we2 node written at once, one thread each, for a while;
 * each section read back through its own sg node. No error allowed.
 * Even-numbered nodes take each section in one blocking ioctl; odd ones
 * through io_uring, one write per command (64 KiB, the default transfer
 * cap), all in flight at once, from registered buffers every other
 * section.
 */
#define LOAD_MAX	256
#define LOAD_PIECE	(65536 / BS)

struct load {
	struct recorder r;
	uint32_t first, span;	/* LBAs of its own: scsi_debug shares a store */
	bool uring;
	uint64_t rng;
	time_t deadline;
	long sections, bad;
	uint64_t bytes;
};

/* one section through io_uring; true if every write was done in full */
static bool load_uring(struct io_uring *ring, int fd, uint8_t *buf,
		       uint32_t lba, uint32_t nr, bool fixed)
{
	uint32_t done = 0, piece = LOAD_PIECE;
	int inflight = 0, res;
	bool ok = true;

	for (uint32_t at = 0; at < nr; at += piece, inflight++) {
		uint32_t n = nr - at < piece ? nr - at : piece;
		struct we2_uring_write *cmd;

		cmd = t_prep_write(ring, fd, buf + (size_t)at * BS, lba + at, n,
				   fixed ? 0 : -1, n);
		cmd->section_lba = lba;
		cmd->section_sectors = nr;
	}
	if (io_uring_submit(ring) != inflight)
		return false;
	while (inflight--) {
		uint64_t want;

		if (t_wait(ring, &want, &res, NULL) || res != (int)want) {
			printf("storm-miss: load: io_uring write of %llu sectors: %d\n",
			       (unsigned long long)want, res);
			ok = false;
		}
		else
			done += res;
	}
	return ok && done == nr;
}

static void *load_main(void *arg)
{
	struct load *l = arg;
	size_t max = LOAD_MAX * BS;
	uint8_t *buf = malloc(max), *got = malloc(max);
	int fd = open(l->r.node, O_RDWR | O_CLOEXEC);
	int sg = open(l->r.sg, O_RDWR | O_CLOEXEC);
	struct iovec iov = { .iov_base = buf, .iov_len = max };
	struct io_uring ring;

	if (!buf || !got || fd < 0 || sg < 0 || set_bps(fd) ||
	    (l->uring && (t_ring_init(&ring, LOAD_MAX / LOAD_PIECE) ||
			  io_uring_register_buffers(&ring, &iov, 1)))) {
		printf("storm-miss: load %s: set-up\n", l->r.node);
		l->bad++;
		return NULL;
	}
	while (time(NULL) < l->deadline) {
		uint32_t nr = 1 + t_below(&l->rng, LOAD_MAX);
		uint32_t lba = l->first + t_below(&l->rng, l->span - LOAD_MAX);
		uint64_t seed = t_rand(&l->rng);
		struct we2_write_section ws = {
			.buf = (uintptr_t)buf, .start_lba = lba, .nr_sectors = nr,
		};
		bool written;

		t_pattern_fill(buf, (size_t)nr * BS, seed, 0);
		if (l->uring)
			written = load_uring(&ring, fd, buf, lba, nr,
					     l->sections & 1);
		else
			written = ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) == (int)nr;
		if (!written || t_sg_read(sg, lba, nr, BS, got) ||
		    memcmp(buf, got, (size_t)nr * BS)) {
			printf("storm-miss: load %s: %u sectors at LBA %u%s\n",
			       l->r.node, nr, lba, l->uring ? " (io_uring)" : "");
			l->bad++;
		}
		l->sections++;
		l->bytes += (uint64_t)nr * BS;
	}
	if (l->uring)
		io_uring_queue_exit(&ring);
	close(sg);
	close(fd);
	free(buf);
	free(got);
	return NULL;
}

/* we2storm load SECONDS SEED [MODE]: prints "load: N devices ..." */
static int run_load(int seconds, uint64_t seed, const char *mode)
{
	struct load *l = calloc(WE2_MAX_NODES, sizeof(*l));
	pthread_t t[WE2_MAX_NODES];
	long sections = 0, bad = 0;
	uint64_t bytes = 0;
	int n = 0, uring = 0;

	if (!l)
		die("calloc");
	if (strcmp(mode, "ioctl") && strcmp(mode, "uring") && strcmp(mode, "mixed"))
		die("load: mode is ioctl, uring or mixed");
	while (n < WE2_MAX_NODES && find_recorder_of(&l[n].r, n, 100))
		n++;
	for (int i = 0; i < n; i++) {
		l[i].span = l[i].r.capacity / n;
		l[i].first = i * l[i].span;
		if (l[i].span <= LOAD_MAX)
			die("devices too small for a load of their own");
		l[i].uring = !strcmp(mode, "uring") ||
			     (!strcmp(mode, "mixed") && (i & 1));
		l[i].rng = seed + i;
		l[i].deadline = time(NULL) + seconds;
		if (pthread_create(&t[i], NULL, load_main, &l[i]))
			die("pthread_create");
	}
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		uring += l[i].uring;
		sections += l[i].sections;
		bad += l[i].bad;
		bytes += l[i].bytes;
	}
	printf("load: %d devices (%d through io_uring) %d s %ld sections %.1f MB/s %ld errors\n",
	       n, uring, seconds, sections, bytes / 1e6 / seconds, bad);
	free(l);
	return n > 0 && sections > 0 && !bad ? 0 : 1;
}

int main(int argc, char **argv)
{
	bool (*run)(uint64_t seed) = NULL;
	int runs, exact = 0;
	uint64_t seed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4) {
		fprintf(stderr, "usage: we2storm cancel|signal|removal|faults|unload RUNS SEED [--ko PATH]\n       we2storm load SECONDS SEED [ioctl|uring|mixed]\n");
		return 2;
	}
	kind = argv[1];
	runs = atoi(argv[2]);
	seed = strtoull(argv[3], NULL, 0);
	if (!strcmp(kind, "load"))
		return run_load(runs, seed, argc > 4 ? argv[4] : "mixed");
	if (argc == 6 && !strcmp(argv[4], "--ko"))
		ko_path = argv[5];
	rng = seed;

	if (!strcmp(kind, "cancel"))
		run = run_cancel;
	else if (!strcmp(kind, "signal"))
		run = run_signal;
	else if (!strcmp(kind, "removal"))
		run = run_removal;
	else if (!strcmp(kind, "faults"))
		run = run_faults;
	else if (!strcmp(kind, "unload") && ko_path)
		run = run_unload;
	if (!run || runs < 1) {
		fprintf(stderr, "we2storm: bad kind, run count or missing --ko\n");
		return 2;
	}
	/* a SIGINT meant for a child must not end the storm */
	signal(SIGINT, SIG_IGN);
	if (!find_recorder(5000)) {
		fprintf(stderr, "we2storm: no recorder at %s\n", NODE);
		return 2;
	}
	for (run_no = 0; run_no < runs; run_no++) {
		if (run(seed * 1000003 + run_no))
			exact++;
		else if (!find_recorder(10000))
			break;
	}
	printf("# %s: %d of %d runs through io_uring\n", kind, uring_runs,
	       run_no);
	if (uring_runs) {
		printf("# %s: io_uring CQEs: %lu full, %lu short", kind,
		       cqe_full, cqe_short);
		for (unsigned e = 0; cqe_errs[e]; e++)
			if (cqe_err[e])
				printf(", %lu %s", cqe_err[e],
				       strerrorname_np(cqe_errs[e]));
		if (cqe_err[6])
			printf(", %lu other", cqe_err[6]);
		printf("\n");
	}
	if (run == run_unload && uring_runs)
		printf("# unload: io_uring writers killed %d (unload refused %d times before), closed in flight %d, ring kept %d\n",
		       unload_modes[U_KILLED], unload_refused,
		       unload_modes[U_CLOSED], unload_modes[U_RING_KEPT]);
	if (run == run_cancel)
		printf("# cancel: io_uring cancels that refused writes %d, were kept for the next write %d, found no run %d\n",
		       cancel_refused, cancel_kept, cancel_none);
	if (run == run_faults)
		printf("# faults ended: %d whole, %d ENOMEM, %d EIO, %d ETIMEDOUT\n",
		       fault_outcomes[0], fault_outcomes[1], fault_outcomes[2],
		       fault_outcomes[3]);
	/* a storm whose writers all died before writing tested nothing */
	if (run == run_signal) {
		printf("# signal: %d of %d writers had started\n",
		       signal_started, runs);
		if (!signal_started)
			exact = 0;
	}
	printf("storm: %s %d/%d exact\n", kind, exact, runs);
	return exact == runs ? 0 : 1;
}
