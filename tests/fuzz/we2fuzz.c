// SPDX-License-Identifier: GPL-2.0
/*
 * we2fuzz: a seeded fuzzer of the we2 user ABI (run inside the VM, as root).
 *
 *	we2fuzz [--seed S] --calls N [--threads T] [--procs P]
 *		[--sysfs /sys/class/we2/we2N] [--capacity BLOCKS]
 *		[--stall SECONDS] [--max-print N] [--lenient-out] [--stats]
 *		DEVICE
 *
 * First a deterministic single-threaded phase checks the exact answer to
 * every documented boundary (bytes_per_sector 0 -> EINVAL, LBA 2^32 ->
 * ERANGE, a PROT_READ buffer is written, ...). Then P processes of T
 * threads issue N random calls in all: every ioctl with random and
 * boundary values, reserved fields and flags set, good and bad buffers
 * (unaligned, unmapped, PROT_READ, PROT_NONE, NULL, kernel addresses,
 * unmapped by another thread in flight), read-only and read-write
 * descriptors, O_EXCL opens (EBUSY beside the workers' own writers,
 * EINVAL read-only), cancels, unknown ioctl numbers, io_uring writes (random
 * payloads, buffers plain and registered, LBAs and counts at every edge,
 * bad flags, buffer indexes, files and command numbers, on rings with and
 * without big SQEs and CQEs; runs of several, with a cancel, a blocking
 * section or a status in flight) and, with --sysfs, writes of valid and
 * invalid strings to the settings. Every answer is checked against
 * Documentation/we2.rst and include/uapi/linux/we2.h. With a single worker
 * (T = P = 1) it is also checked against an exact model of the settings,
 * the section planner, the device's capacity and a pending io_uring
 * cancel.
 *
 * Worker i (process p, thread t: i = p * T + t) draws from splitmix64
 * seeded with S + 1 + i, so a run replays; a violation is printed as
 * "fuzz-violation: w<p>.<t> #<call>: <call and values> -> <result>: <why>".
 * The last line is "fuzz: <calls> calls <reports> reports seed <S>"; the
 * exit status is 1 if an invariant was violated, 2 on a usage or set-up
 * error.
 *
 * Invariants: every answer (or CQE) is 0, the sector count, or an errno
 * documented for that call; a read-only descriptor gets EBADF from SET_CONFIG,
 * WRITE_SECTION and CANCEL; an unreadable argument gets EFAULT; a flag or
 * reserved field set gets EINVAL; a success returns nr_sectors and sets
 * sectors_written to it; sectors_written and sense_written are always set
 * and within nr_sectors and min(sense_len, 252); nothing is written from
 * an unreadable buffer; ECANCELED only with a cancel sent during the
 * section, EBUSY only with another section in flight, EINTR never (no
 * fatal signal is sent; SIGUSR1 is); GET_CONFIG is always a valid
 * configuration, unchanged by a refused SET; GET_STATUS's last_written_lba
 * is start_lba + sectors_written - 1 (until runs of several io_uring
 * writes were possible); the statistics never go backwards and, at the
 * end, the sectors they count are the sum of sectors_written and of the
 * CQEs' counts. io_uring: an SQE refused by io_uring or the driver before
 * the settings are looked at (flags, buffer index, file, ring, command,
 * reserved fields) gets exactly its errno; ECANCELED only after some
 * cancel, EBUSY only with a section in flight; a success carries
 * nr_sectors and no sense summary; res2 only ever has the documented bits;
 * the io_uring counters lie between the writes the device answered and
 * those submitted.
 *
 * The run must be the device's only user: other writers or cancellers
 * would make its causality and end-of-run checks report.
 *
 * --capacity gives the device's size in blocks (else READ CAPACITY through
 * its sg node); --stall reports the calls in flight and stops when none
 * returns for that long (60 s; 0 = never); --max-print caps the violation
 * lines (1000); --lenient-out does not report out fields left unset on a
 * failure; --stats prints the answers per kind of call.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <scsi/sg.h>

#include <linux/we2.h>

#include "../lib/we2test.h"
#include "../lib/we2uring.h"

#define PAGE		4096UL
#define REGION_SIZE	(2UL << 20)	/* each worker's data buffer */
#define RO_SIZE		(256UL << 10)	/* PROT_READ buffer */
#define NONE_SIZE	(64UL << 10)	/* PROT_NONE buffer */
#define RACE_SIZE	(512UL << 10)	/* unmapped by a helper in flight */
#define SENSE_OFF	2048		/* sense buffer in the argument page */
#define MAX_WORKERS	256
#define OUT_UNSET	0xeeeeeeeeU	/* out fields before the call */
#define NSTATS		7
#define URING_RINGS	5		/* enum ringkind */
#define NKINDS		19

static const char *const stat_name[NSTATS] = {
	"sections", "commands", "sectors_written", "errors", "bounce_bytes",
	"uring_commands", "uring_fixed"
};

/* ---------------------------------------------------------------------
 * State shared by every process of the run
 */
struct slot {
	_Atomic uint64_t call;
	_Atomic int busy;
	char desc[256];
};

struct shared {
	_Atomic uint64_t calls, reports, progress;
	/* causality of ECANCELED and EBUSY: see check_write() */
	_Atomic uint64_t cancel_started, cancel_done;
	_Atomic uint64_t writes_started, writes_done;
	/* end-of-run accounting of the sectors the device acknowledged */
	_Atomic uint64_t sum_sectors, inexact, writes, write_errors;
	/* io_uring writes submitted, and those the device answered */
	_Atomic uint64_t uring_writes, uring_sent, uring_sent_fixed;
	/* runs of several io_uring writes: status ranges are not contiguous */
	_Atomic int uring_runs_mixed;
	struct slot slot[MAX_WORKERS];
	/* --stats: answers per kind of call (0 = success, else errno) */
	_Atomic uint64_t hist[NKINDS][136];
};

static const char *const kind_name[NKINDS] = {
	"WRITE_SECTION", "WRITE_SECTION(big)", "WRITE_SECTION(race)",
	"SET_CONFIG", "GET_CONFIG", "GET_INFO", "GET_STATUS", "CANCEL",
	"bad-ioctl", "sysfs-write", "sysfs-read", "reopen", "poke",
	"det", "end", "?", "URING_CMD", "URING_CMD(batch)", "open(O_EXCL)",
};

static struct shared *sh;
static uint64_t seed;
static uint64_t max_print = 1000;
/* do not report sectors_written/sense_written left unset on a failure */
static bool lenient_out;
static bool print_stats;

static void hist(unsigned kind, long ret, int err)
{
	unsigned e = ret >= 0 ? 0 : (unsigned)err < 136 ? (unsigned)err : 135;

	atomic_fetch_add(&sh->hist[kind][e], 1);
}

static struct {
	const char *path;
	const char *sysfs;		/* NULL: no sysfs writes */
	char sysdir[PATH_MAX];		/* for reads: from the char device */
	uint32_t max_transfer, dma_align, scsi_type;
	uint64_t capacity;		/* device blocks, 0 = unknown */
	uint64_t task_size;		/* the caller's address space */
} dev;

struct worker {
	char name[16];
	uint64_t rng;
	uint64_t call;
	uint64_t ncalls;
	int rw, ro;
	uint8_t *region, *ro_region, *none, *hole, *args;
	/* io_uring: a ring of each kind, a file without uring_cmd (a pipe) */
	struct io_uring ring[URING_RINGS];
	bool ring_ok[URING_RINGS];
	int pipe_fd;
	bool defer_tried;
	uint64_t ud;			/* the last SQE's user_data */
	uint64_t stats[NSTATS];
	bool single;			/* the only worker: model checks */
	pthread_t tid;
	struct worker *sib;		/* the workers of this process */
	int nsib;
	struct slot *slot;
	char desc[320];
	char res[128];
};

/* The model of the device, valid when there is a single worker. */
static struct {
	struct we2_config cfg;
	struct we2_status st;
	uint64_t stats[NSTATS];
	int cancel;		/* a cancel waiting for an io_uring write */
} m;

/* m.cancel: none pending, one pending, perhaps one */
enum { CANCEL_NO, CANCEL_YES, CANCEL_MAYBE };

/* ---------------------------------------------------------------------
 * Output
 */
static void out(const char *s)
{
	size_t len = strlen(s);

	while (len) {
		ssize_t n = write(1, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

static const char *ename(int e)
{
	static __thread char buf[24];
	const char *n = e ? strerrorname_np(e) : "0";

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

__attribute__((format(printf, 2, 3)))
static void violation(struct worker *w, const char *fmt, ...)
{
	uint64_t n = atomic_fetch_add(&sh->reports, 1);
	char msg[512], line[1100];
	va_list ap;

	if (n > max_print)
		return;
	if (n == max_print) {
		out("fuzz-violation: (more violations: counted, not printed)\n");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "fuzz-violation: %s #%" PRIu64 ": %s -> %s: %s\n",
		 w->name, w->call, w->desc, w->res, msg);
	out(line);
}

static void die(const char *what)
{
	fprintf(stderr, "we2fuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

__attribute__((format(printf, 2, 3)))
static void describe(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->desc, sizeof(w->desc), fmt, ap);
	va_end(ap);
	w->res[0] = 0;
	if (w->slot) {
		memcpy(w->slot->desc, w->desc, sizeof(w->slot->desc) - 1);
		w->slot->desc[sizeof(w->slot->desc) - 1] = 0;
		atomic_store(&w->slot->call, w->call);
		atomic_store(&w->slot->busy, 1);
	}
}

static void done_call(struct worker *w)
{
	if (w->slot)
		atomic_store(&w->slot->busy, 0);
	atomic_fetch_add(&sh->calls, 1);
	atomic_fetch_add(&sh->progress, 1);
}

static void set_res(struct worker *w, long ret, int err)
{
	if (ret < 0)
		snprintf(w->res, sizeof(w->res), "-1 %s", ename(err));
	else
		snprintf(w->res, sizeof(w->res), "%ld", ret);
}

static bool in_set(int err, const int *set)
{
	for (; *set; set++)
		if (*set == err)
			return true;
	return false;
}

static const int E_GET[] = { EFAULT, ENODEV, 0 };
static const int E_SET[] = { EINVAL, EBUSY, EFAULT, ENODEV, 0 };
static const int E_WRITE[] = { EINVAL, ERANGE, EOVERFLOW, EFAULT, EBUSY, EIO,
			       ECANCELED, EINTR, ETIMEDOUT, ENODEV, ENOMEM, 0 };
static const int E_CANCEL[] = { ENOENT, ENODEV, 0 };
static const int E_SYSFS[] = { EINVAL, ERANGE, EBUSY, ENODEV, 0 };

/* ---------------------------------------------------------------------
 * Random values
 */
static uint64_t rnd(struct worker *w)
{
	return t_rand(&w->rng);
}

static uint64_t below(struct worker *w, uint64_t n)
{
	return t_below(&w->rng, n);
}

static bool chance(struct worker *w, unsigned pct)
{
	return below(w, 100) < pct;
}

#define PICK(w, arr) ((arr)[below(w, sizeof(arr) / sizeof((arr)[0]))])

static uint32_t maxt(int d)
{
	return (uint32_t)((int64_t)dev.max_transfer + d);
}

static int32_t pick_bps(struct worker *w)
{
	static const int32_t common[] = { 2048, 2048, 2048, 2048, 2048, 2352,
					  2448, 512, 4096, 1, 2, 3, 4, 1000,
					  2047, 2049 };
	const int32_t edge[] = { 0, -1, -1, -2, INT_MAX, INT_MIN,
				 (int32_t)maxt(-1), (int32_t)maxt(0),
				 (int32_t)maxt(1), 65535, 65536, 65537,
				 131072, (int32_t)rnd(w) };

	if (chance(w, 75))
		return chance(w, 15) ? (int32_t)(1 + below(w, 8192)) :
				       PICK(w, common);
	return PICK(w, edge);
}

static uint32_t pick_cap(struct worker *w)
{
	static const uint32_t common[] = { 65536, 65536, 65536, 65536, 2048,
					   4096, 6144, 16384, 32768, 65535,
					   131072 };
	const uint32_t edge[] = { 0, 1, 2, 2047, maxt(-1), maxt(0), maxt(1),
				  UINT_MAX, INT_MAX, (uint32_t)INT_MAX + 1,
				  (uint32_t)(1 + below(w, dev.max_transfer)) };

	return chance(w, 70) ? PICK(w, common) : PICK(w, edge);
}

static uint32_t pick_timeout(struct worker *w)
{
	const uint32_t v[] = { 60000, 60000, 60000, 1000, 999, 1001, 3600000,
			       3600001, 3599999, 0, 1, UINT_MAX, INT_MAX,
			       (uint32_t)INT_MAX + 1,
			       (uint32_t)(1000 + below(w, 100000)) };

	return PICK(w, v);
}

/*
 * With both rates set, a write is paced (ABI 2): the random phase keeps
 * the rates it sets fast, so that a write of a few hundred sectors still
 * takes milliseconds; the slow edges (1, 75) are the deterministic
 * phase's, which writes nothing while they are set.
 */
static int32_t pick_sps(struct worker *w)
{
	const int32_t v[] = { -1, -1, -1, 75000, 676000, 2195000, 100000, 0,
			      -2, INT_MAX, INT_MIN,
			      (int32_t)(100000 + below(w, INT_MAX - 100000)),
			      (int32_t)(rnd(w) | 1ULL << 31) };

	return PICK(w, v);
}

static uint32_t pick_w12(struct worker *w)
{
	static const uint32_t v[] = { 0, 0, 0, 0, 1, 1, 1, 2, UINT_MAX,
				      0x80000000U, 0x100 };

	return PICK(w, v);
}

static void random_config(struct worker *w, struct we2_config *c)
{
	unsigned r = below(w, 100);

	memset(c, 0, sizeof(*c));
	if (r < 70)
		c->mask = 1 + below(w, WE2_CFG_ALL);
	else if (r < 80)
		c->mask = 1U << below(w, 6);
	else if (r < 87)
		c->mask = 0;
	else if (r < 94)
		c->mask = WE2_CFG_ALL;
	else if (r < 98)
		c->mask = (1U << (6 + below(w, 26))) | (uint32_t)below(w, 64);
	else
		c->mask = UINT_MAX;
	/* the fields a mask leaves out get random values too: ignored */
	c->bytes_per_sector = pick_bps(w);
	c->starting_sectors_per_second = pick_sps(w);
	c->ending_sectors_per_second = pick_sps(w);
	c->use_streaming_write12 = pick_w12(w);
	c->timeout_ms = pick_timeout(w);
	c->transfer_cap_bytes = pick_cap(w);
	if (chance(w, 5)) {
		if (chance(w, 30))
			c->reserved0 = (uint32_t)rnd(w) | 1;
		else
			c->reserved[below(w, 4)] = rnd(w) | 1ULL << below(w, 64);
	}
}

/* ---------------------------------------------------------------------
 * The documented rules, as a model
 */
static bool sps_ok(int32_t v)
{
	return v == WE2_UNSET || v >= 1;
}

static bool reserved_zero(const struct we2_config *c)
{
	return !c->reserved0 && !c->reserved[0] && !c->reserved[1] &&
	       !c->reserved[2] && !c->reserved[3];
}

static void apply_config(struct we2_config *s, const struct we2_config *r)
{
	uint32_t mk = r->mask;

	if (mk & WE2_CFG_BYTES_PER_SECTOR)
		s->bytes_per_sector = r->bytes_per_sector;
	if (mk & WE2_CFG_STARTING_SPS)
		s->starting_sectors_per_second = r->starting_sectors_per_second;
	if (mk & WE2_CFG_ENDING_SPS)
		s->ending_sectors_per_second = r->ending_sectors_per_second;
	if (mk & WE2_CFG_STREAMING_WRITE12)
		s->use_streaming_write12 = r->use_streaming_write12;
	if (mk & WE2_CFG_TIMEOUT)
		s->timeout_ms = r->timeout_ms;
	if (mk & WE2_CFG_TRANSFER_CAP)
		s->transfer_cap_bytes = r->transfer_cap_bytes;
}

/* Is @r refused whatever the current settings are? */
static bool invalid_alone(const struct we2_config *r)
{
	uint32_t mk = r->mask;

	if (mk & ~WE2_CFG_ALL || !reserved_zero(r))
		return true;
	if (mk & WE2_CFG_BYTES_PER_SECTOR &&
	    r->bytes_per_sector != WE2_UNSET &&
	    (r->bytes_per_sector < 1 ||
	     (uint32_t)r->bytes_per_sector > dev.max_transfer))
		return true;
	if (mk & WE2_CFG_STARTING_SPS && !sps_ok(r->starting_sectors_per_second))
		return true;
	if (mk & WE2_CFG_ENDING_SPS && !sps_ok(r->ending_sectors_per_second))
		return true;
	if (mk & WE2_CFG_STREAMING_WRITE12 && r->use_streaming_write12 > 1)
		return true;
	if (mk & WE2_CFG_TIMEOUT &&
	    (r->timeout_ms < 1000 || r->timeout_ms > 3600000))
		return true;
	if (mk & WE2_CFG_TRANSFER_CAP &&
	    (!r->transfer_cap_bytes || r->transfer_cap_bytes > dev.max_transfer))
		return true;
	if ((mk & WE2_CFG_BYTES_PER_SECTOR) && (mk & WE2_CFG_TRANSFER_CAP) &&
	    r->bytes_per_sector != WE2_UNSET &&
	    (uint32_t)r->bytes_per_sector > r->transfer_cap_bytes)
		return true;
	return false;
}

/* SET_CONFIG's answer for settings @cur: 0 (and *next) or -EINVAL. */
static int settings_check(const struct we2_config *cur,
			  const struct we2_config *r, struct we2_config *next)
{
	*next = *cur;
	if (invalid_alone(r))
		return -EINVAL;
	apply_config(next, r);
	if (next->bytes_per_sector != WE2_UNSET &&
	    (uint32_t)next->bytes_per_sector > next->transfer_cap_bytes)
		return -EINVAL;
	return 0;
}

/* What is wrong with a configuration GET_CONFIG returned, or NULL. */
static const char *config_invalid(const struct we2_config *c)
{
	if (c->mask != WE2_CFG_ALL)
		return "mask is not WE2_CFG_ALL";
	if (!reserved_zero(c))
		return "a reserved field is not zero";
	if (c->bytes_per_sector != WE2_UNSET &&
	    (c->bytes_per_sector < 1 ||
	     (uint32_t)c->bytes_per_sector > dev.max_transfer ||
	     (uint32_t)c->bytes_per_sector > c->transfer_cap_bytes))
		return "bytes_per_sector outside -1, 1..min(max_transfer, transfer_cap)";
	if (!sps_ok(c->starting_sectors_per_second) ||
	    !sps_ok(c->ending_sectors_per_second))
		return "sectors per second neither -1 nor >= 1";
	if (c->use_streaming_write12 > 1)
		return "use_streaming_write12 > 1";
	if (c->timeout_ms < 1000 || c->timeout_ms > 3600000)
		return "timeout_ms outside 1000..3600000";
	if (!c->transfer_cap_bytes || c->transfer_cap_bytes > dev.max_transfer)
		return "transfer_cap_bytes outside 1..max_transfer";
	return NULL;
}

/*
 * A run of several io_uring writes need not write one range from its
 * start_lba up: its last_written_lba is the highest it wrote. Until such a
 * run was possible, the status is that of a section or of one write.
 */
static const char *status_invalid(const struct we2_status *s)
{
	if (s->write_in_progress > 1)
		return "write_in_progress neither 0 nor 1";
	if (s->last_written_lba != s->start_lba + (int64_t)s->sectors_written - 1 &&
	    !atomic_load(&sh->uring_runs_mixed))
		return "last_written_lba != start_lba + sectors_written - 1";
	if (!s->sectors_written && s->last_written_lba != s->start_lba - 1)
		return "nothing written but last_written_lba != start_lba - 1";
	if (s->sectors_written > s->sector_count)
		return "sectors_written > sector_count";
	for (size_t k = 0; k < sizeof(s->reserved) / sizeof(s->reserved[0]); k++)
		if (s->reserved[k])
			return "a reserved field is not zero";
	return NULL;
}

static void config_str(const struct we2_config *c, char *s, size_t n)
{
	snprintf(s, n, "{mask=%#x bps=%d ssps=%d esps=%d w12=%u timeout=%u cap=%u}",
		 c->mask, c->bytes_per_sector, c->starting_sectors_per_second,
		 c->ending_sectors_per_second, c->use_streaming_write12,
		 c->timeout_ms, c->transfer_cap_bytes);
}

/* The fields of a write's place and count differ (not the pacing ones). */
static bool status_differs(const struct we2_status *a, const struct we2_status *b)
{
	return a->write_in_progress != b->write_in_progress ||
	       a->start_lba != b->start_lba ||
	       a->sector_count != b->sector_count ||
	       a->sectors_written != b->sectors_written ||
	       a->last_written_lba != b->last_written_lba;
}

static void status_str(const struct we2_status *s, char *b, size_t n)
{
	snprintf(b, n, "{wip=%u start=%" PRId64 " count=%u written=%u last=%" PRId64 "}",
		 s->write_in_progress, (int64_t)s->start_lba, s->sector_count,
		 s->sectors_written, (int64_t)s->last_written_lba);
}

static bool lba_fits(int64_t lba)
{
	return lba >= WE2_LBA_MIN && lba <= WE2_LBA_MAX;
}

/* The kernel's kstrtoull(s, 0, ...), kstrtos32() and kstrtou32(). */
static int k_strtoull(const char *s, uint64_t *res, bool plus)
{
	unsigned base = 10, n = 0;
	bool ovf = false;
	uint64_t r = 0;

	if (plus && s[0] == '+')
		s++;
	if (s[0] == '0') {
		if ((s[1] | 0x20) == 'x' && isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	for (;; s++, n++) {
		unsigned c = (unsigned char)*s, v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = (c | 0x20) - 'a' + 10;
		else
			break;
		if (v >= base)
			break;
		if (r & (~0ULL << 60) && r > (UINT64_MAX - v) / base)
			ovf = true;
		r = r * base + v;
	}
	if (ovf)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

static int k_strtonum(const char *s, bool is_signed, int64_t *v)
{
	uint64_t t;
	int ret;

	if (!is_signed) {
		ret = k_strtoull(s, &t, true);
		if (ret)
			return ret;
		if (t > UINT32_MAX)
			return -ERANGE;
		*v = t;
		return 0;
	}
	if (s[0] == '-') {
		ret = k_strtoull(s + 1, &t, false);
		if (ret)
			return ret;
		if ((int64_t)(0 - t) > 0)
			return -ERANGE;
		*v = (int64_t)(0 - t);
	} else {
		ret = k_strtoull(s, &t, true);
		if (ret)
			return ret;
		if ((int64_t)t < 0)
			return -ERANGE;
		*v = (int64_t)t;
	}
	if (*v < INT32_MIN || *v > INT32_MAX)
		return -ERANGE;
	return 0;
}

/* ---------------------------------------------------------------------
 * Argument pointers: good, PROT_READ, straddling a hole, plain bad
 */
enum ptrkind { P_OK, P_UNALIGNED, P_RO, P_STRADDLE, P_NULL, P_KERNEL,
	       P_NONE, P_LOW };
static const char *const ptr_name[] = { "ok", "unaligned", "rdonly-page",
					"straddle", "null", "kernel",
					"prot-none", "low" };

static const uint64_t kernel_addrs[] = {
	0xffff888000000000ULL,	/* direct map */
	0xffffffff81000000ULL,	/* kernel text */
	0xffffffffff600000ULL,	/* vsyscall page */
	0xfffffffffffff000ULL,
	0x8000000000000000ULL,	/* non-canonical */
	0x0000800000000000ULL,	/* just above user space */
};

static uint64_t kernel_addr(struct worker *w)
{
	return PICK(w, kernel_addrs);
}

static enum ptrkind pick_ptr(struct worker *w, unsigned bad_pct)
{
	if (!chance(w, bad_pct))
		return chance(w, 10) ? P_UNALIGNED : P_OK;
	return (enum ptrkind)(2 + below(w, 6));
}

/* Does the kernel fail to read (read) or write (!read) at @k? */
static bool ptr_faults(enum ptrkind k, bool read)
{
	if (k == P_OK || k == P_UNALIGNED)
		return false;
	if (k == P_RO)
		return !read;
	return true;
}

/* An argument of @size bytes holding @content, placed as @k says. */
static void *arg_ptr(struct worker *w, enum ptrkind k, const void *content,
		     size_t size, unsigned unaligned_by)
{
	uint8_t *rw = w->args, *ro = w->args + PAGE;

	switch (k) {
	case P_OK:
		memcpy(rw, content, size);
		return rw;
	case P_UNALIGNED:
		memcpy(rw + unaligned_by, content, size);
		return rw + unaligned_by;
	case P_RO:
		if (mprotect(ro, PAGE, PROT_READ | PROT_WRITE))
			die("mprotect");
		memcpy(ro, content, size);
		mprotect(ro, PAGE, PROT_READ);
		return ro;
	case P_STRADDLE:
		/* the first 8 bytes readable, the rest in the PROT_NONE page */
		if (mprotect(ro, PAGE, PROT_READ | PROT_WRITE))
			die("mprotect");
		memcpy(ro + PAGE - 8, content, 8);
		mprotect(ro, PAGE, PROT_READ);
		return ro + PAGE - 8;
	case P_NULL:
		return NULL;
	case P_KERNEL:
		return (void *)(uintptr_t)kernel_addr(w);
	case P_NONE:
		return w->none;
	case P_LOW:
		return (void *)(uintptr_t)(PAGE * (1 + below(w, 15)));
	}
	return NULL;
}

/* ---------------------------------------------------------------------
 * Checks shared by the calls
 */
static void stat_seen(struct worker *w, int k, uint64_t v, const char *src)
{
	if (v < w->stats[k])
		violation(w, "statistic %s went backwards: %" PRIu64 " after %" PRIu64 " (%s)",
			  stat_name[k], v, w->stats[k], src);
	else
		w->stats[k] = v;
}

static void info_stats(const struct we2_info *i, uint64_t *s)
{
	s[0] = i->stat_sections;
	s[1] = i->stat_commands;
	s[2] = i->stat_sectors_written;
	s[3] = i->stat_errors;
	s[4] = i->stat_bounce_bytes;
	s[5] = i->stat_uring_commands;
	s[6] = i->stat_uring_fixed;
}

static void check_info(struct worker *w, const struct we2_info *i)
{
	uint64_t s[NSTATS];
	int k;

	if (i->abi_version != WE2_ABI_VERSION)
		violation(w, "abi_version %u, want %u", i->abi_version,
			  WE2_ABI_VERSION);
	if (i->scsi_type != dev.scsi_type)
		violation(w, "scsi_type %u changed from %u", i->scsi_type,
			  dev.scsi_type);
	if (i->max_transfer_bytes != dev.max_transfer)
		violation(w, "max_transfer_bytes %u changed from %u",
			  i->max_transfer_bytes, dev.max_transfer);
	if (i->dma_alignment != dev.dma_align)
		violation(w, "dma_alignment %u changed from %u",
			  i->dma_alignment, dev.dma_align);
	for (k = 0; k < (int)(sizeof(i->reserved) / sizeof(i->reserved[0])); k++)
		if (i->reserved[k])
			violation(w, "info reserved[%d] = %#llx", k,
				  (unsigned long long)i->reserved[k]);
	info_stats(i, s);
	for (k = 0; k < NSTATS; k++)
		stat_seen(w, k, s[k], "GET_INFO");
	if (s[6] > s[5])
		violation(w, "stat_uring_fixed %" PRIu64 " > stat_uring_commands %" PRIu64,
			  s[6], s[5]);
	if (s[5] > s[1])
		violation(w, "stat_uring_commands %" PRIu64 " > stat_commands %" PRIu64,
			  s[5], s[1]);
}

static int get_info(struct worker *w, int fd, struct we2_info *i)
{
	memset(i, 0xa5, sizeof(*i));
	if (ioctl(fd, WE2_IOC_GET_INFO, i)) {
		violation(w, "GET_INFO failed: %s", ename(errno));
		return -1;
	}
	check_info(w, i);
	return 0;
}

static int get_config(struct worker *w, int fd, struct we2_config *c)
{
	const char *why;

	memset(c, 0xa5, sizeof(*c));
	if (ioctl(fd, WE2_IOC_GET_CONFIG, c)) {
		violation(w, "GET_CONFIG failed: %s", ename(errno));
		return -1;
	}
	why = config_invalid(c);
	if (why) {
		char s[200];

		config_str(c, s, sizeof(s));
		violation(w, "GET_CONFIG %s: %s", s, why);
	}
	return 0;
}

static int get_status(struct worker *w, int fd, struct we2_status *st)
{
	const char *why;

	memset(st, 0xa5, sizeof(*st));
	if (ioctl(fd, WE2_IOC_GET_STATUS, st)) {
		violation(w, "GET_STATUS failed: %s", ename(errno));
		return -1;
	}
	why = status_invalid(st);
	if (why) {
		char s[200];

		status_str(st, s, sizeof(s));
		violation(w, "GET_STATUS %s: %s", s, why);
	}
	return 0;
}

/* The configuration now is @want (single-threaded only). */
static void expect_config(struct worker *w, int fd, const struct we2_config *want,
			  const char *why)
{
	struct we2_config got;
	char a[200], b[200];

	if (get_config(w, fd, &got))
		return;
	if (memcmp(&got, want, sizeof(got))) {
		config_str(&got, a, sizeof(a));
		config_str(want, b, sizeof(b));
		violation(w, "%s: GET_CONFIG %s, want %s", why, a, b);
	}
}

/* ---------------------------------------------------------------------
 * WRITE_SECTION: the model and the checks
 */
struct bufsel {
	uint64_t addr;
	uint64_t valid;		/* readable bytes from addr, if known */
	bool known;		/* valid is exact */
	bool bad;		/* not one byte readable: nothing can be written */
	char name[48];
};

struct pred {
	bool known;		/* the whole outcome is predicted */
	bool began;		/* the section passed validation */
	int err;		/* 0 or a positive errno */
	uint32_t count;
	uint64_t cmds, bounce;
};

/*
 * What the documentation says WRITE_SECTION answers, given the settings
 * @c (single worker: the model's), buffer @b and the device's capacity.
 */
static struct pred predict_write(const struct we2_config *c,
				 const struct we2_write_section *ws,
				 const struct bufsel *b)
{
	struct pred p = { .known = true };
	uint32_t nr = ws->nr_sectors, per, done = 0, am = dev.dma_align - 1;
	int64_t lba = ws->start_lba;
	uint64_t bytes, bps;

	if (ws->flags || ws->reserved0 || ws->reserved[0] || ws->reserved[1] ||
	    (!ws->sense_buf && ws->sense_len)) {
		p.err = EINVAL;
		return p;
	}
	if (!nr || nr > INT_MAX || c->bytes_per_sector == WE2_UNSET) {
		p.err = EINVAL;
		return p;
	}
	bps = (uint64_t)c->bytes_per_sector;
	bytes = nr * bps;
	/* TASK_SIZE is what the kernel compares with: fuzzy near it */
	if (bytes > dev.task_size - 65536 && bytes < dev.task_size + 65536)
		p.known = false;
	if (bytes > dev.task_size) {
		p.err = EOVERFLOW;
		return p;
	}
	if (!lba_fits(lba) || !lba_fits(lba + nr - 1)) {
		p.err = ERANGE;
		return p;
	}
	per = (c->transfer_cap_bytes < dev.max_transfer ?
	       c->transfer_cap_bytes : dev.max_transfer) / bps;
	if (!c->use_streaming_write12 && per > 0xffff)
		per = 0xffff;
	if (!per) {
		p.err = ERANGE;
		return p;
	}
	p.began = true;
	if (b->addr >= dev.task_size || bytes > dev.task_size - b->addr) {
		p.err = EFAULT;		/* access_ok() */
		return p;
	}
	if (!b->known) {
		p.known = false;
		return p;
	}
	while (done < nr) {
		uint32_t n = nr - done < per ? nr - done : per;
		uint64_t off = (uint64_t)done * bps, len = (uint64_t)n * bps;
		int64_t l = lba + done;

		if (off + len > b->valid) {
			p.err = EFAULT;
			break;
		}
		p.cmds++;
		if ((b->addr + off) & am || len & am)
			p.bounce += len;
		if (!dev.capacity) {
			p.known = false;
			break;
		}
		if (l < 0 || (uint64_t)l + n > dev.capacity) {
			p.err = EIO;
			break;
		}
		done += n;
	}
	p.count = done;
	return p;
}

struct wcall {
	int fd;
	bool writable;
	enum ptrkind pk;
	struct bufsel b;
	struct we2_write_section ws;	/* as passed */
	struct we2_write_section outw;	/* as read back (if readable) */
	bool out_ok;
	bool sense_ok;			/* sense_buf is our page */
	long ret;
	int err;
	uint64_t cancel_done0, writes_done0;
};

static void write_desc(struct worker *w, const char *op, const struct wcall *c)
{
	const struct we2_write_section *ws = &c->ws;

	describe(w, "%s fd=%s ws=%s buf=%s lba=%" PRId64 " nr=%u flags=%#x res0=%#x res=[%#llx,%#llx] sense=%s/%u",
		 op, c->writable ? "rw" : "ro", ptr_name[c->pk], c->b.name,
		 (int64_t)ws->start_lba, ws->nr_sectors, ws->flags, ws->reserved0,
		 (unsigned long long)ws->reserved[0],
		 (unsigned long long)ws->reserved[1],
		 !ws->sense_buf ? "none" : c->sense_ok ? "ok" : "bad",
		 ws->sense_len);
}

static void do_write(struct worker *w, struct wcall *c)
{
	struct we2_write_section *p;

	c->ws.sectors_written = OUT_UNSET;
	c->ws.sense_written = OUT_UNSET;
	if (c->sense_ok)
		memset(w->args + SENSE_OFF, 0xa5, 512);
	p = arg_ptr(w, c->pk, &c->ws, sizeof(c->ws), 1 + below(w, 7));
	c->cancel_done0 = atomic_load(&sh->cancel_done);
	c->writes_done0 = atomic_load(&sh->writes_done);
	atomic_fetch_add(&sh->writes_started, 1);
	c->ret = ioctl(c->fd, WE2_IOC_WRITE_SECTION, p);
	c->err = c->ret < 0 ? errno : 0;
	atomic_fetch_add(&sh->writes_done, 1);
	c->out_ok = c->pk == P_OK || c->pk == P_UNALIGNED;
	if (c->out_ok)
		memcpy(&c->outw, p, sizeof(c->outw));
	if (c->out_ok)
		snprintf(w->res, sizeof(w->res), "%s%s written=%u sense_written=%u",
			 c->ret < 0 ? "-1 " : "",
			 c->ret < 0 ? ename(c->err) : "ok",
			 c->outw.sectors_written, c->outw.sense_written);
	else
		set_res(w, c->ret, c->err);
	if (c->ret >= 0)
		snprintf(w->res + strlen(w->res), sizeof(w->res) - strlen(w->res),
			 " ret=%ld", c->ret);
}

/* Is errno @err possibly caused by another write (EBUSY) or a cancel? */
static void check_causality(struct worker *w, int err, uint64_t cancel_done0,
			    uint64_t writes_done0, unsigned own_writes)
{
	if (err == ECANCELED && atomic_load(&sh->cancel_started) <= cancel_done0)
		violation(w, "ECANCELED though no cancel was sent during the section (a cancel leaked?)");
	if (err == EBUSY &&
	    atomic_load(&sh->writes_started) < writes_done0 + 1 + own_writes)
		violation(w, "EBUSY though no other section was being written");
}

/* The checks every WRITE_SECTION answer must pass, whoever else runs. */
static void check_write(struct worker *w, const struct wcall *c)
{
	const struct we2_write_section *ws = &c->ws, *o = &c->outw;
	uint32_t nr = ws->nr_sectors;
	bool argbad = ws->flags || ws->reserved0 || ws->reserved[0] ||
		      ws->reserved[1];
	int err = c->err;

	if (!c->writable) {
		if (c->ret >= 0 || (err != EBADF && err != ENODEV))
			violation(w, "a read-only descriptor must get EBADF");
		return;
	}
	if (ptr_faults(c->pk, true)) {
		if (c->ret >= 0 || (err != EFAULT && err != ENODEV))
			violation(w, "an unreadable argument must get EFAULT");
		return;
	}
	if (c->ret >= 0) {
		if (c->ret != (long)nr)
			violation(w, "success returned %ld, not nr_sectors %u",
				  c->ret, nr);
		if (c->pk == P_RO)
			violation(w, "success though sectors_written could not be stored");
		if (c->out_ok && o->sectors_written != nr)
			violation(w, "success but sectors_written %u != nr_sectors %u",
				  o->sectors_written, nr);
		if (argbad)
			violation(w, "success with a flag or reserved field set");
		if (!nr || nr > INT_MAX)
			violation(w, "success with a count outside 1..INT_MAX");
		if (!lba_fits(ws->start_lba) ||
		    !lba_fits(ws->start_lba + (int64_t)nr - 1))
			violation(w, "success with an LBA outside -2^31..2^32-1");
		if (c->b.bad)
			violation(w, "success with an unreadable buffer");
	} else {
		if (!in_set(err, E_WRITE))
			violation(w, "errno %s is not documented for WRITE_SECTION",
				  ename(err));
		if (err == EINTR)
			violation(w, "EINTR without a fatal signal");
		check_causality(w, err, c->cancel_done0, c->writes_done0, 1);
		if (argbad && err != EINVAL)
			violation(w, "a flag or reserved field set must get EINVAL");
		else if ((!nr || nr > INT_MAX) && err != EINVAL && err != EBUSY)
			violation(w, "a count outside 1..INT_MAX must get EINVAL");
		else if (nr && nr <= INT_MAX &&
			 (!lba_fits(ws->start_lba) ||
			  !lba_fits(ws->start_lba + (int64_t)nr - 1)) &&
			 err != ERANGE && err != EINVAL && err != EOVERFLOW &&
			 err != EBUSY)
			violation(w, "an LBA outside -2^31..2^32-1 must be refused before any I/O (ERANGE)");
	}
	if (!c->out_ok)
		return;
	if (o->sectors_written == OUT_UNSET) {
		if (!lenient_out || c->ret >= 0)
			violation(w, "sectors_written was not set (documented: always set, on success and on failure alike)");
	}
	else if (o->sectors_written > nr)
		violation(w, "sectors_written %u > nr_sectors %u",
			  o->sectors_written, nr);
	else if (c->b.bad && o->sectors_written)
		violation(w, "%u sectors written from an unreadable buffer",
			  o->sectors_written);
	if (o->sense_written == OUT_UNSET) {
		if (!lenient_out || c->ret >= 0)
			violation(w, "sense_written was not set (documented: always set, on success and on failure alike)");
	}
	else if (o->sense_written > ws->sense_len || o->sense_written > 252)
		violation(w, "sense_written %u > min(sense_len %u, 252)",
			  o->sense_written, ws->sense_len);
	else if (o->sense_written && c->sense_ok) {
		uint8_t rc = w->args[SENSE_OFF] & 0x7f;

		if (rc < 0x70 || rc > 0x73)
			violation(w, "sense data with response code %#x", rc);
	}
}

/* Count the sectors the run has written, for the end-of-run check. */
static void account_write(const struct wcall *c)
{
	atomic_fetch_add(&sh->writes, 1);
	if (c->ret < 0)
		atomic_fetch_add(&sh->write_errors, 1);
	if (!c->writable || ptr_faults(c->pk, true))
		return;
	if (c->out_ok && c->outw.sectors_written <= c->ws.nr_sectors)
		atomic_fetch_add(&sh->sum_sectors, c->outw.sectors_written);
	else
		atomic_fetch_add(&sh->inexact, 1);
}

/*
 * Single worker: the answer, the status and the statistics are what the
 * model says. @pred unknown: only resynchronise the model.
 */
static void check_write_model(struct worker *w, const struct wcall *c,
			      const struct pred *p)
{
	struct pred refused = { .known = true,
				.err = c->writable ? EFAULT : EBADF };
	struct we2_status st;
	struct we2_info info;
	uint64_t s[NSTATS], d[NSTATS];
	uint32_t count;
	bool count_known;
	char a[200], b[200];
	int k;

	if (!c->writable || ptr_faults(c->pk, true))
		p = &refused;

	if (p->known) {
		int want = p->err;

		if (c->pk == P_RO && !want)
			want = EFAULT;	/* written, but the count not stored */
		if ((c->ret < 0 ? c->err : 0) != want)
			violation(w, "want %s%s (count %u)", want ? "-1 " : "",
				  want ? ename(want) : "success", p->count);
		else if (c->out_ok && c->writable &&
			 c->outw.sectors_written != p->count &&
			 !(lenient_out && c->outw.sectors_written == OUT_UNSET))
			violation(w, "sectors_written %u, want %u",
				  c->outw.sectors_written, p->count);
	}
	count_known = p->known || (c->out_ok && c->outw.sectors_written <= c->ws.nr_sectors);
	count = p->known ? p->count : c->outw.sectors_written;

	if (get_status(w, w->rw, &st) || ioctl(w->rw, WE2_IOC_GET_INFO, &info))
		return;
	info_stats(&info, s);
	for (k = 0; k < NSTATS; k++)
		d[k] = s[k] - m.stats[k];

	if (st.write_in_progress)
		violation(w, "write_in_progress after the section returned");
	if (p->known) {
		struct we2_status want = m.st;

		if (p->began) {
			want.write_in_progress = 0;
			want.start_lba = c->ws.start_lba;
			want.sector_count = c->ws.nr_sectors;
			want.sectors_written = p->count;
			want.last_written_lba = c->ws.start_lba + (int64_t)p->count - 1;
		}
		if (status_differs(&st, &want)) {
			status_str(&st, a, sizeof(a));
			status_str(&want, b, sizeof(b));
			violation(w, "GET_STATUS %s, want %s", a, b);
		}
		if (!p->began && (d[0] || d[1] || d[2] || d[3] || d[4]))
			violation(w, "a refused section changed the statistics (+%" PRIu64 " sections +%" PRIu64 " commands)",
				  d[0], d[1]);
		if (p->began && (d[1] != p->cmds || d[4] != p->bounce))
			violation(w, "statistics: +%" PRIu64 " commands +%" PRIu64 " bounce_bytes, want +%" PRIu64 " +%" PRIu64,
				  d[1], d[4], p->cmds, p->bounce);
		if (p->began && !p->err && (d[0] != 1 || d[3]))
			violation(w, "statistics after a good section: +%" PRIu64 " sections +%" PRIu64 " errors, want +1 +0",
				  d[0], d[3]);
	} else if (c->out_ok && st.start_lba == c->ws.start_lba &&
		   st.sector_count == c->ws.nr_sectors &&
		   st.sectors_written != c->outw.sectors_written &&
		   c->outw.sectors_written <= c->ws.nr_sectors) {
		violation(w, "GET_STATUS sectors_written %u != the section's %u",
			  st.sectors_written, c->outw.sectors_written);
	}
	if (count_known && d[2] != count)
		violation(w, "statistics: +%" PRIu64 " sectors_written, the section says %u",
			  d[2], count);
	if (d[0] > 1 || d[3] > 1 || d[3] > d[0])
		violation(w, "statistics: +%" PRIu64 " sections +%" PRIu64 " errors for one section",
			  d[0], d[3]);
	if (d[5] || d[6])
		violation(w, "statistics: a section moved the io_uring counters (+%" PRIu64 ", +%" PRIu64 ")",
			  d[5], d[6]);
	/* a section that begins ends a pending io_uring cancel */
	if (p->began || (!p->known && c->ret >= 0))
		m.cancel = CANCEL_NO;
	else if (!p->known && m.cancel == CANCEL_YES)
		m.cancel = CANCEL_MAYBE;
	for (k = 0; k < NSTATS; k++) {
		m.stats[k] = s[k];
		stat_seen(w, k, s[k], "GET_INFO");
	}
	m.st = st;
}

/* ---------------------------------------------------------------------
 * The random calls
 */
static uint32_t pick_nr(struct worker *w, bool big)
{
	uint64_t capg = dev.capacity ? dev.capacity : 65536;
	const uint32_t edge[] = { 0, 0, INT_MAX, (uint32_t)INT_MAX + 1,
				  UINT_MAX, 65535, 65536, 65537, 2048,
				  (uint32_t)capg, (uint32_t)rnd(w), 1U << 30,
				  32, 33 };
	unsigned r = below(w, 100);

	if (big)
		return 100 + below(w, 301);
	if (r < 60)
		return 1 + below(w, 8);
	if (r < 85)
		return 9 + below(w, 56);
	if (r < 93)
		return 65 + below(w, 336);
	return PICK(w, edge);
}

static int64_t pick_lba(struct worker *w, uint32_t nr, bool big)
{
	int64_t capg = dev.capacity ? (int64_t)dev.capacity : 65536;
	const int64_t edge[] = {
		WE2_LBA_MIN - 1, WE2_LBA_MIN, WE2_LBA_MIN + 1, -151, -150, -1,
		0, 1, INT32_MAX, (int64_t)INT32_MAX + 1, WE2_LBA_MAX - 1,
		WE2_LBA_MAX, WE2_LBA_MAX + 1, WE2_LBA_MAX + 2,
		WE2_LBA_MAX - (int64_t)nr + 1, WE2_LBA_MAX - (int64_t)nr + 2,
		WE2_LBA_MIN - (int64_t)nr, INT64_MIN, INT64_MAX, -(int64_t)nr,
	};
	const int64_t near_cap[] = { capg - 1, capg, capg + 1, capg - nr,
				     capg - nr + 1, capg - 40, capg - 2 };
	unsigned r = below(w, 100);

	if (big || r < 70)
		return below(w, 2048);
	if (r < 80)
		return PICK(w, near_cap);
	if (r < 92)
		return PICK(w, edge);
	switch (below(w, 3)) {
	case 0:
		return (int64_t)rnd(w);
	case 1:
		return (int32_t)rnd(w);
	default:
		return (uint32_t)rnd(w);
	}
}

static void pick_buf(struct worker *w, uint32_t nr, bool big, struct bufsel *b)
{
	unsigned r = big ? 0 : below(w, 100);
	uint64_t off, k;

	memset(b, 0, sizeof(*b));
	b->known = true;
	if (r < 62) {
		off = chance(w, 50) ? PAGE * below(w, 16) : 4 * below(w, 4096);
		if (big)
			off = 0;
		b->addr = (uintptr_t)w->region + off;
		b->valid = REGION_SIZE - off;
		snprintf(b->name, sizeof(b->name), "region+%" PRIu64, off);
	} else if (r < 72) {
		off = 1 + below(w, 4095);
		b->addr = (uintptr_t)w->region + off;
		b->valid = REGION_SIZE - off;
		snprintf(b->name, sizeof(b->name), "region+%" PRIu64, off);
	} else if (r < 77) {
		/* the first half was written before mprotect, the second not */
		off = chance(w, 50) ? PAGE * below(w, RO_SIZE / PAGE) :
				      below(w, RO_SIZE);
		b->addr = (uintptr_t)w->ro_region + off;
		b->valid = RO_SIZE - off;
		snprintf(b->name, sizeof(b->name), "rdonly+%" PRIu64, off);
	} else if (r < 80) {
		b->addr = (uintptr_t)w->none + PAGE * below(w, NONE_SIZE / PAGE);
		b->bad = true;
		snprintf(b->name, sizeof(b->name), "prot-none");
	} else if (r < 83) {
		/* unmapped at start-up; another thread may have mapped it since */
		b->addr = (uintptr_t)w->hole + below(w, 4) * PAGE;
		b->known = false;
		snprintf(b->name, sizeof(b->name), "unmapped");
	} else if (r < 85) {
		b->addr = 0;
		b->bad = true;
		snprintf(b->name, sizeof(b->name), "null");
	} else if (r < 88) {
		b->addr = kernel_addr(w);
		b->bad = true;
		snprintf(b->name, sizeof(b->name), "kernel:%#" PRIx64, b->addr);
	} else if (r < 90) {
		b->addr = chance(w, 50) ? PAGE * (1 + below(w, 15)) :
					  below(w, 65536 - PAGE);
		b->bad = true;
		snprintf(b->name, sizeof(b->name), "low:%#" PRIx64, b->addr);
	} else if (r < 96) {
		k = 1 + below(w, 64 << 10);
		b->addr = (uintptr_t)w->region + REGION_SIZE - k;
		b->valid = k;
		snprintf(b->name, sizeof(b->name), "guard-%" PRIu64, k);
	} else if (r < 98) {
		b->addr = dev.task_size - PAGE * below(w, 3);
		b->known = false;
		b->bad = b->addr >= dev.task_size;
		snprintf(b->name, sizeof(b->name), "top:%#" PRIx64, b->addr);
	} else {
		b->addr = chance(w, 50) ? rnd(w) : rnd(w) & 0x7fffffffffffULL;
		b->known = false;
		snprintf(b->name, sizeof(b->name), "random:%#" PRIx64, b->addr);
	}
	/*
	 * Keep a huge count cheap: at most a few KiB of good memory behind
	 * it, so that even 1-byte commands stop soon at the guard page.
	 */
	if (nr > 4096 && b->known && b->valid > 4096) {
		k = 1 + below(w, 4096);
		b->addr = (uintptr_t)w->region + REGION_SIZE - k;
		b->valid = k;
		snprintf(b->name, sizeof(b->name), "guard-%" PRIu64, k);
	}
}

static void op_write(struct worker *w, bool big)
{
	struct wcall c;
	struct pred p = { 0 };
	unsigned r;

	memset(&c, 0, sizeof(c));
	c.writable = big || !chance(w, 10);
	c.fd = c.writable ? w->rw : w->ro;
	c.ws.nr_sectors = pick_nr(w, big);
	c.ws.start_lba = pick_lba(w, c.ws.nr_sectors, big);
	pick_buf(w, c.ws.nr_sectors, big, &c.b);
	c.ws.buf = c.b.addr;

	r = below(w, 100);
	if (r < 55) {
		const uint32_t lens[] = { 252, 252, 18, 8, 0, 1, 300,
					  (uint32_t)below(w, 300) };

		c.ws.sense_buf = (uintptr_t)(w->args + SENSE_OFF);
		c.ws.sense_len = PICK(w, lens);
		c.sense_ok = true;
	} else if (r < 80) {
		/* no sense buffer */
	} else if (r < 85) {
		c.ws.sense_len = 1 + below(w, 300);	/* a length, no buffer */
	} else if (r < 95) {
		const uint64_t bad[] = { kernel_addr(w),
					 (uintptr_t)(w->args + 2 * PAGE),
					 (uintptr_t)(w->args + PAGE),
					 (uintptr_t)w->none, PAGE };

		c.ws.sense_buf = PICK(w, bad);
		c.ws.sense_len = 1 + below(w, 252);
	} else {
		c.ws.sense_buf = (uintptr_t)(w->args + SENSE_OFF);
		c.ws.sense_len = UINT_MAX;
		c.sense_ok = true;
	}
	if (!big && chance(w, 3))
		c.ws.flags = chance(w, 50) ? 1U << below(w, 32) : (uint32_t)rnd(w) | 1;
	if (!big && chance(w, 3)) {
		switch (below(w, 3)) {
		case 0:
			c.ws.reserved0 = (uint32_t)rnd(w) | 1;
			break;
		default:
			c.ws.reserved[below(w, 2)] = rnd(w) | 1ULL << below(w, 64);
		}
	}
	c.pk = P_OK;
	if (!big) {
		r = below(w, 1000);
		if (r < 10)
			c.pk = P_NULL;
		else if (r < 20)
			c.pk = P_KERNEL;
		else if (r < 25)
			c.pk = P_NONE;
		else if (r < 30)
			c.pk = P_STRADDLE;
		else if (r < 45)
			c.pk = P_RO;
		else if (r < 80)
			c.pk = P_UNALIGNED;
	}
	write_desc(w, big ? "WRITE_SECTION(big)" : "WRITE_SECTION", &c);
	if (w->single)
		p = predict_write(&m.cfg, &c.ws, &c.b);
	do_write(w, &c);
	hist(big ? 1 : 0, c.ret, c.err);
	check_write(w, &c);
	account_write(&c);
	if (w->single)
		check_write_model(w, &c, &p);
}

/* A write whose buffer another thread unmaps, protects, drops or whose
 * writer it signals or cancels, while the write is in flight. */
struct race {
	struct worker *w;
	pthread_t writer;
	uint8_t *region;
	size_t size;
	unsigned action, delay_us, pokes;
	uint64_t cancel_started_by_me;
};

static const char *const race_name[] = { "munmap", "mprotect-none",
					 "madv-dontneed", "sigusr1", "cancel" };

static void *race_main(void *arg)
{
	struct race *r = arg;

	t_sleep_us(r->delay_us);
	switch (r->action) {
	case 0:
		munmap(r->region, r->size);
		break;
	case 1:
		mprotect(r->region, r->size - PAGE, PROT_NONE);
		break;
	case 2:
		madvise(r->region, r->size - PAGE, MADV_DONTNEED);
		break;
	case 3:
		for (unsigned i = 0; i < r->pokes; i++) {
			pthread_kill(r->writer, SIGUSR1);
			t_sleep_us(200);
		}
		break;
	case 4:
		atomic_fetch_add(&sh->cancel_started, 1);
		ioctl(r->w->rw, WE2_IOC_CANCEL);
		atomic_fetch_add(&sh->cancel_done, 1);
		break;
	}
	return NULL;
}

static void op_race(struct worker *w)
{
	struct race r = { .w = w, .writer = pthread_self(),
			  .size = RACE_SIZE + PAGE };
	struct pred p = { 0 };
	struct wcall c;
	pthread_t t;

	memset(&c, 0, sizeof(c));
	r.action = below(w, 5);
	r.delay_us = below(w, 3000);
	r.pokes = 1 + below(w, 5);
	c.writable = true;
	c.fd = w->rw;
	c.pk = P_OK;
	c.ws.nr_sectors = 256;
	c.ws.start_lba = below(w, 2048);
	c.ws.sense_buf = (uintptr_t)(w->args + SENSE_OFF);
	c.ws.sense_len = 252;
	c.sense_ok = true;

	r.region = mmap(NULL, r.size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r.region == MAP_FAILED)
		die("mmap");
	mprotect(r.region + RACE_SIZE, PAGE, PROT_NONE);
	t_pattern_fill(r.region, RACE_SIZE, w->call, 0);
	c.ws.buf = (uintptr_t)r.region;
	c.b.addr = c.ws.buf;
	c.b.valid = RACE_SIZE;
	c.b.known = r.action == 3;	/* only signals leave the buffer be */
	snprintf(c.b.name, sizeof(c.b.name), "race-%s@%uus",
		 race_name[r.action], r.delay_us);
	write_desc(w, "WRITE_SECTION(race)", &c);
	if (w->single)
		p = predict_write(&m.cfg, &c.ws, &c.b);
	if (pthread_create(&t, NULL, race_main, &r))
		die("pthread_create");
	do_write(w, &c);
	hist(2, c.ret, c.err);
	pthread_join(t, NULL);
	if (r.action != 0)
		munmap(r.region, r.size);
	check_write(w, &c);
	account_write(&c);
	if (w->single)
		check_write_model(w, &c, &p);
}

/* ---------------------------------------------------------------------
 * io_uring writes: random SQEs on rings of every kind, and runs of several
 */
/*
 * The rings: the ABI's (with registered buffers and file), three it
 * refuses, and one like the first that runs completions only when its
 * submitter waits for them, so that a run stays on until then.
 */
enum ringkind { RK_BIG, RK_PLAIN, RK_SQE128, RK_CQE32, RK_DEFER, RK_N };
static const char *const ring_name[RK_N] = {
	"sqe128+cqe32", "sqe64+cqe16", "sqe128+cqe16", "sqe64+cqe32",
	"sqe128+cqe32+defer"
};
static const unsigned ring_setup[RK_N] = {
	IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 0, IORING_SETUP_SQE128,
	IORING_SETUP_CQE32,
	IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | IORING_SETUP_SINGLE_ISSUER |
	IORING_SETUP_DEFER_TASKRUN
};
_Static_assert(RK_N == URING_RINGS, "URING_RINGS");

#define URING_ENTRIES	8
#define URING_NBUF	2		/* registered: the region's two halves */
#define URING_BUF_LEN	(REGION_SIZE / URING_NBUF)
#define URING_WAIT_S	30

/* the SQE's file: ours rw or ro, one without uring_cmd, none, registered */
enum fdkind { FD_RW, FD_RO, FD_PIPE, FD_BAD, FD_FIXED, FD_FIXED_BAD };
static const char *const fd_name[] = { "rw", "ro", "pipe", "bad",
				       "registered", "registered-bad" };

static const int E_URING[] = { EINVAL, ERANGE, EOVERFLOW, EFAULT, EBUSY, EIO,
			       ECANCELED, ETIMEDOUT, ENODEV, ENOMEM, E2BIG,
			       EOPNOTSUPP, EBADF, ENOTTY, 0 };

struct ucall {
	enum ringkind rk;
	enum fdkind fk;
	int fdnum;			/* FD_BAD, FD_FIXED_BAD */
	uint32_t cmd_op, uflags, pad1;
	uint16_t buf_index;
	bool async;			/* IOSQE_ASYNC: issued from a worker */
	struct we2_uring_write pl;
	struct bufsel b;
	uint64_t ud;
	bool got;			/* its CQE came */
	int res;
	uint64_t res2;
};

/* What the ABI answers an SQE, per the header and io_uring's own rules. */
struct upred {
	bool known;		/* the whole outcome is predicted */
	bool early;		/* refused whatever the settings and other users */
	int err;		/* 0 or a positive errno */
	bool began;		/* admitted into the run */
	bool sent;		/* reached the device */
	bool cancel_maybe;	/* ECANCELED instead, as well */
	uint32_t count;
	uint64_t bounce;
};

static int register_region(struct worker *w, struct io_uring *ring)
{
	struct iovec iov[URING_NBUF];

	for (int i = 0; i < URING_NBUF; i++)
		iov[i] = (struct iovec){ w->region + (size_t)i * URING_BUF_LEN,
					 URING_BUF_LEN };
	return io_uring_register_buffers(ring, iov, URING_NBUF);
}

/*
 * The deferred ring is its submitter's alone: it is made by the thread
 * that uses it, on first use. False if this kernel has none.
 */
static bool defer_ring(struct worker *w)
{
	int ret;

	if (w->ring_ok[RK_DEFER] || w->defer_tried)
		return w->ring_ok[RK_DEFER];
	w->defer_tried = true;
	ret = io_uring_queue_init(URING_ENTRIES, &w->ring[RK_DEFER],
				  ring_setup[RK_DEFER]);
	if (ret)
		return false;
	ret = register_region(w, &w->ring[RK_DEFER]);
	if (ret) {
		errno = -ret;
		die("io_uring register");
	}
	w->ring_ok[RK_DEFER] = true;
	return true;
}

static void worker_rings(struct worker *w)
{
	int ret;

	/* a pipe: no uring_cmd (/dev/null has one, a no-op) */
	{
		int p[2];

		if (pipe2(p, O_CLOEXEC))
			die("pipe");
		close(p[1]);
		w->pipe_fd = p[0];
	}
	for (int k = 0; k < RK_N; k++) {
		if (k == RK_DEFER)
			continue;
		ret = io_uring_queue_init(URING_ENTRIES, &w->ring[k], ring_setup[k]);
		if (ret) {
			errno = -ret;
			die("io_uring_queue_init");
		}
		w->ring_ok[k] = true;
	}
	ret = register_region(w, &w->ring[RK_BIG]);
	if (!ret)
		ret = io_uring_register_files(&w->ring[RK_BIG], &w->rw, 1);
	if (ret) {
		errno = -ret;
		die("io_uring register");
	}
}

/*
 * The payload's fields that must be zero. (The pacing ABI gives part of
 * the old reserved space to section_lba and section_sectors, which are
 * left 0 here: each write is a section of its own.)
 */
#ifdef WE2_EVENT_MIN_INTERVAL_MS
#define PL_NRES	2
static __u64 *pl_res(struct we2_uring_write *a, unsigned k, __u32 **r32)
{
	*r32 = k ? NULL : &a->reserved0;
	return k ? &a->reserved[0] : NULL;
}
#else
#define PL_NRES	3
static __u64 *pl_res(struct we2_uring_write *a, unsigned k, __u32 **r32)
{
	*r32 = NULL;
	return &a->reserved[k];
}
#endif

static uint64_t pl_get_res(const struct we2_uring_write *a, unsigned k)
{
	__u32 *r32;
	__u64 *r64 = pl_res((struct we2_uring_write *)a, k, &r32);

	return r64 ? *r64 : *r32;
}

static void pl_set_res(struct we2_uring_write *a, unsigned k, uint64_t v)
{
	__u32 *r32;
	__u64 *r64 = pl_res(a, k, &r32);

	if (r64)
		*r64 = v;
	else
		*r32 = (uint32_t)v ? (uint32_t)v : 1;
}

static bool pl_reserved(const struct we2_uring_write *a)
{
	for (unsigned k = 0; k < PL_NRES; k++)
		if (pl_get_res(a, k))
			return true;
	return false;
}

/* Errors that do not depend on the settings or on anyone else: 0 if none. */
static int uring_early(const struct ucall *u)
{
	const struct we2_uring_write *a = &u->pl;
	bool fixed = u->uflags & IORING_URING_CMD_FIXED;

	/* io_uring's preparation, its file, then we2's own checks */
	if (u->pad1 || u->uflags & ~IORING_URING_CMD_FIXED)
		return EINVAL;
	if (fixed && ((u->rk != RK_BIG && u->rk != RK_DEFER) ||
		      u->buf_index >= URING_NBUF))
		return EFAULT;
	if (u->fk == FD_BAD || u->fk == FD_FIXED_BAD ||
	    (u->fk == FD_FIXED && u->rk != RK_BIG))
		return EBADF;
	if (u->fk == FD_PIPE)
		return EOPNOTSUPP;
	if (u->rk != RK_BIG && u->rk != RK_DEFER)
		return EOPNOTSUPP;
	if (u->fk == FD_RO)
		return EBADF;
	if (u->cmd_op != WE2_URING_CMD_WRITE)
		return ENOTTY;
	if (a->flags || pl_reserved(a))
		return EINVAL;
#ifdef WE2_EVENT_MIN_INTERVAL_MS
	/* a write names the section it belongs to, and lies within it */
	if (a->section_sectors &&
	    (!lba_fits(a->section_lba) ||
	     (lba_fits(a->start_lba) &&
	      (a->start_lba < a->section_lba ||
	       a->start_lba - a->section_lba + (int64_t)a->nr_sectors >
	       (int64_t)a->section_sectors))))
		return EINVAL;
#endif
	return 0;
}

static struct upred predict_uring(const struct worker *w,
				  const struct we2_config *c,
				  const struct ucall *u, int cancel)
{
	struct upred p = { .known = true, .early = true };
	const struct we2_uring_write *a = &u->pl;
	uint32_t nr = a->nr_sectors, per, am = dev.dma_align - 1;
	int64_t lba = a->start_lba;
	uint64_t bps, bytes;

	p.err = uring_early(u);
	if (p.err)
		return p;
	p.early = false;
	if (!nr || nr > INT_MAX || c->bytes_per_sector == WE2_UNSET) {
		p.err = EINVAL;
		return p;
	}
	bps = (uint64_t)c->bytes_per_sector;
	bytes = nr * bps;
	/* TASK_SIZE is what the kernel compares with: fuzzy near it */
	if (bytes > dev.task_size - 65536 && bytes < dev.task_size + 65536)
		p.known = false;
	if (bytes > dev.task_size) {
		p.err = EOVERFLOW;
		return p;
	}
	if (!lba_fits(lba) || !lba_fits(lba + nr - 1)) {
		p.err = ERANGE;
		return p;
	}
	per = (c->transfer_cap_bytes < dev.max_transfer ?
	       c->transfer_cap_bytes : dev.max_transfer) / bps;
	if (!c->use_streaming_write12 && per > 0xffff)
		per = 0xffff;
	if (!per) {
		p.err = ERANGE;
		return p;
	}
	/* one SQE, one command */
	if (nr > per) {
		p.err = E2BIG;
		return p;
	}
	if (cancel == CANCEL_YES) {
		p.err = ECANCELED;
		return p;
	}
	p.cancel_maybe = cancel == CANCEL_MAYBE;
	p.began = true;
	if (u->uflags & IORING_URING_CMD_FIXED) {
		/* inside the registered buffer, or io_uring refuses it */
		uint64_t lo = (uintptr_t)w->region +
			      (uint64_t)u->buf_index * URING_BUF_LEN;

		if (a->buf < lo || bytes > URING_BUF_LEN ||
		    a->buf - lo > URING_BUF_LEN - bytes) {
			p.err = EFAULT;
			return p;
		}
	} else {
		if (a->buf >= dev.task_size || bytes > dev.task_size - a->buf) {
			p.err = EFAULT;
			return p;
		}
		if (!u->b.known) {
			p.known = false;
			return p;
		}
		if (bytes > u->b.valid) {
			p.err = EFAULT;
			return p;
		}
	}
	p.sent = true;
	if ((a->buf & am) || (bytes & am))
		p.bounce = bytes;
	if (!dev.capacity) {
		p.known = false;
		return p;
	}
	if (lba < 0 || (uint64_t)lba + nr > dev.capacity) {
		p.err = EIO;
		return p;
	}
	p.count = nr;
	return p;
}

/* The next SQE of @u's ring, filled as @u says; its user_data is new. */
static void uring_prep(struct worker *w, struct ucall *u)
{
	struct io_uring *ring = &w->ring[u->rk];
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	bool big = ring_setup[u->rk] & IORING_SETUP_SQE128;

	if (!sqe)
		die("io_uring_get_sqe");
	memset(sqe, 0, big ? 2 * sizeof(*sqe) : sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	switch (u->fk) {
	case FD_RW:
		sqe->fd = w->rw;
		break;
	case FD_RO:
		sqe->fd = w->ro;
		break;
	case FD_PIPE:
		sqe->fd = w->pipe_fd;
		break;
	case FD_BAD:
		sqe->fd = u->fdnum;
		break;
	case FD_FIXED:
		sqe->fd = 0;
		sqe->flags = IOSQE_FIXED_FILE;
		break;
	case FD_FIXED_BAD:
		sqe->fd = u->fdnum;
		sqe->flags = IOSQE_FIXED_FILE;
		break;
	}
	if (u->async)
		sqe->flags |= IOSQE_ASYNC;
	sqe->cmd_op = u->cmd_op;
	sqe->__pad1 = u->pad1;
	sqe->uring_cmd_flags = u->uflags;
	sqe->buf_index = u->buf_index;
	u->ud = ++w->ud;
	u->got = false;
	sqe->user_data = u->ud;
	/* a 64-byte SQE has 16 bytes of command: what fits */
	memcpy(sqe->cmd, &u->pl, big ? sizeof(u->pl) : 16);
}

/* Submit the @n SQEs queued on ring @rk. */
static bool uring_submit(struct worker *w, enum ringkind rk, unsigned n)
{
	int ret;

	atomic_fetch_add(&sh->uring_writes, n);
	do {
		ret = io_uring_submit(&w->ring[rk]);
	} while (ret == -EINTR);
	if (ret != (int)n) {
		snprintf(w->res, sizeof(w->res), "submit %d", ret);
		violation(w, "io_uring_submit took %d of %u SQEs", ret, n);
		w->ring_ok[rk] = false;
		return false;
	}
	return true;
}

/* Wait for the CQEs of @u[0..n), submitted on ring @rk. */
static bool uring_wait(struct worker *w, enum ringkind rk, struct ucall *u,
		       unsigned n)
{
	struct io_uring *ring = &w->ring[rk];
	bool cqe32 = ring_setup[rk] & IORING_SETUP_CQE32;
	unsigned left = n;
	int ret;

	while (left) {
		struct __kernel_timespec ts = { URING_WAIT_S, 0 };
		struct io_uring_cqe *cqe;
		unsigned i;

		ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
		if (ret == -EINTR)
			continue;
		if (ret) {
			snprintf(w->res, sizeof(w->res), "%u CQEs missing", left);
			violation(w, "no CQE for %d s", URING_WAIT_S);
			/* a ring with a write still in it is not used again */
			w->ring_ok[rk] = false;
			atomic_fetch_add(&sh->inexact, 1);
			return false;
		}
		for (i = 0; i < n && u[i].ud != cqe->user_data; i++)
			;
		if (i == n || u[i].got) {
			snprintf(w->res, sizeof(w->res), "user_data %llu",
				 (unsigned long long)cqe->user_data);
			violation(w, "a CQE for no SQE of this call");
		} else {
			u[i].got = true;
			u[i].res = cqe->res;
			u[i].res2 = cqe32 ? cqe->big_cqe[0] : 0;
			left--;
		}
		io_uring_cqe_seen(ring, cqe);
	}
	return true;
}

/* Submit what is queued, do @between, wait for the CQEs of @u[0..n). */
static bool uring_run(struct worker *w, enum ringkind rk, struct ucall *u,
		      unsigned n, void (*between)(struct worker *, void *),
		      void *arg)
{
	if (!uring_submit(w, rk, n))
		return false;
	if (between)
		between(w, arg);
	return uring_wait(w, rk, u, n);
}

static void ucall_str(const struct ucall *u, char *s, size_t n)
{
#ifdef WE2_EVENT_MIN_INTERVAL_MS
	char sec[64];

	snprintf(sec, sizeof(sec), " section=%" PRId64 "+%u",
		 (int64_t)u->pl.section_lba, u->pl.section_sectors);
#else
	const char *sec = "";
#endif

	snprintf(s, n, "ring=%s fd=%s%s op=%#x uflags=%#x idx=%u pad1=%#x buf=%s lba=%" PRId64 " nr=%u%s flags=%#x res=[%#llx,%#llx%s%#llx]",
		 ring_name[u->rk], fd_name[u->fk],
		 u->fk == FD_BAD || u->fk == FD_FIXED_BAD ? "(n)" : "",
		 u->cmd_op, u->uflags, u->buf_index, u->pad1, u->b.name,
		 (int64_t)u->pl.start_lba, u->pl.nr_sectors, sec, u->pl.flags,
		 (unsigned long long)pl_get_res(&u->pl, 0),
		 (unsigned long long)pl_get_res(&u->pl, 1),
		 PL_NRES > 2 ? "," : "]", PL_NRES > 2 ?
		 (unsigned long long)pl_get_res(&u->pl, PL_NRES - 1) : 0ULL);
}

static void ucall_res(struct worker *w, const struct ucall *u)
{
	if (!u->got)
		return;
	if (u->res < 0)
		snprintf(w->res, sizeof(w->res), "%s res2=%#llx", ename(-u->res),
			 (unsigned long long)u->res2);
	else
		snprintf(w->res, sizeof(w->res), "%d res2=%#llx", u->res,
			 (unsigned long long)u->res2);
}

/* The checks every CQE must pass, whoever else runs. */
static void check_uring(struct worker *w, const struct ucall *u,
			uint64_t cancel_started0, uint64_t writes_done0,
			unsigned own_writes)
{
	int early = uring_early(u), res = u->res;
	uint32_t nr = u->pl.nr_sectors;

	(void)cancel_started0;
	if (!u->got)
		return;
	ucall_res(w, u);
	if (u->res2 & ~(WE2_URING_SENSE_VALID | 0xffffffULL))
		violation(w, "res2 has bits the ABI does not define");
	if (u->res2 && !(u->res2 & WE2_URING_SENSE_VALID))
		violation(w, "res2 without WE2_URING_SENSE_VALID");
	if (early) {
		if (res != -early)
			violation(w, "want %s", ename(early));
		return;
	}
	if (res >= 0) {
		if (!res)
			violation(w, "CQE 0: neither a count nor an errno");
		else if ((uint32_t)res > nr)
			violation(w, "count %d > nr_sectors %u", res, nr);
		if (!lba_fits(u->pl.start_lba) ||
		    !lba_fits(u->pl.start_lba + (int64_t)nr - 1))
			violation(w, "success with an LBA outside -2^31..2^32-1");
		if (u->b.bad)
			violation(w, "success with an unreadable buffer");
		if (u->res2)
			violation(w, "a sense summary on success");
		return;
	}
	if (!in_set(-res, E_URING))
		violation(w, "errno %s is not documented for io_uring writes",
			  ename(-res));
	if (res == -EOPNOTSUPP || res == -EBADF || res == -ENOTTY)
		violation(w, "%s for a good ring, descriptor and command",
			  ename(-res));
	if (res == -EAGAIN)
		violation(w, "EAGAIN reached the CQE");
	if (res == -ECANCELED && !atomic_load(&sh->cancel_started))
		violation(w, "ECANCELED though no cancel was ever sent");
	if (res == -EBUSY &&
	    atomic_load(&sh->writes_started) < writes_done0 + 1 + own_writes)
		violation(w, "EBUSY though no section was being written");
	if (u->res2 && res != -EIO)
		violation(w, "a sense summary with %s", ename(-res));
	if (!nr || nr > INT_MAX) {
		if (res != -EINVAL)
			violation(w, "a count outside 1..INT_MAX must get EINVAL");
	} else if ((!lba_fits(u->pl.start_lba) ||
		    !lba_fits(u->pl.start_lba + (int64_t)nr - 1)) &&
		   res != -ERANGE && res != -EINVAL && res != -EOVERFLOW &&
		   res != -E2BIG) {
		violation(w, "an LBA outside -2^31..2^32-1 must be refused before any I/O (ERANGE)");
	}
}

static void account_uring(const struct ucall *u)
{
	atomic_fetch_add(&sh->writes, 1);
	if (!u->got) {
		atomic_fetch_add(&sh->inexact, 1);
		return;
	}
	if (u->res < 0)
		atomic_fetch_add(&sh->write_errors, 1);
	if (u->res > 0)
		atomic_fetch_add(&sh->sum_sectors, u->res);
	if (u->res > 0 || u->res == -EIO) {
		atomic_fetch_add(&sh->uring_sent, 1);
		if (u->uflags & IORING_URING_CMD_FIXED)
			atomic_fetch_add(&sh->uring_sent_fixed, 1);
	}
}

/*
 * Single worker: the CQE, the status and the counters are what the model
 * says for this write alone, a run of its own.
 */
static void check_uring_model(struct worker *w, const struct ucall *u,
			      const struct upred *p)
{
	struct we2_status st;
	struct we2_info info;
	uint64_t s[NSTATS], d[NSTATS];
	bool fixed = u->uflags & IORING_URING_CMD_FIXED, began, sent;
	char a[200], b[200];
	int want = p->err ? -p->err : (int)p->count, k;

	if (!u->got)
		return;
	if (p->known && u->res != want &&
	    !(p->cancel_maybe && u->res == -ECANCELED))
		violation(w, "want %d (%s)", want,
			  p->err ? ename(p->err) : "the count");
	if (p->known && p->err == EIO && u->res == -EIO &&
	    (!(u->res2 & WE2_URING_SENSE_VALID) ||
	     WE2_URING_SENSE_KEY(u->res2) != 5))
		violation(w, "a write past the medium: want the ILLEGAL REQUEST sense in res2");

	/* the pending cancel: ended by this write if it reached the run */
	if (u->res == -ECANCELED || p->began)
		m.cancel = CANCEL_NO;
	else if (!p->known && m.cancel != CANCEL_NO)
		m.cancel = CANCEL_MAYBE;
	began = p->known ? p->began && u->res != -ECANCELED :
			   u->res > 0 || u->res == -EIO;
	sent = p->known ? p->sent && u->res != -ECANCELED :
			  u->res > 0 || u->res == -EIO;

	if (get_status(w, w->rw, &st) || ioctl(w->rw, WE2_IOC_GET_INFO, &info))
		return;
	info_stats(&info, s);
	for (k = 0; k < NSTATS; k++)
		d[k] = s[k] - m.stats[k];
	if (st.write_in_progress)
		violation(w, "write_in_progress after the CQE");
	if (d[2] != (uint64_t)(u->res > 0 ? u->res : 0))
		violation(w, "statistics: +%" PRIu64 " sectors_written, the CQE says %d",
			  d[2], u->res);
	if (p->known) {
		struct we2_status wst = m.st;

		if (began) {
			uint32_t n = u->res > 0 ? (uint32_t)u->res : 0;

			wst.write_in_progress = 0;
			wst.start_lba = u->pl.start_lba;
			wst.sector_count = n;
			wst.sectors_written = n;
			wst.last_written_lba = u->pl.start_lba + (int64_t)n - 1;
		}
		if (status_differs(&st, &wst)) {
			status_str(&st, a, sizeof(a));
			status_str(&wst, b, sizeof(b));
			violation(w, "GET_STATUS %s, want %s", a, b);
		}
		if (d[1] != sent || d[5] != sent || d[6] != (sent && fixed) ||
		    d[4] != (sent ? p->bounce : 0))
			violation(w, "statistics: +%" PRIu64 " commands +%" PRIu64 " io_uring +%" PRIu64 " fixed +%" PRIu64 " bounce_bytes, want +%d +%d +%d +%" PRIu64,
				  d[1], d[5], d[6], d[4], sent, sent,
				  sent && fixed, sent ? p->bounce : 0);
		/* the device's refusal is an error; one before it may be */
		if (d[3] > (uint64_t)began ||
		    (sent && d[3] != (uint64_t)(p->err != 0)))
			violation(w, "statistics: +%" PRIu64 " errors", d[3]);
		/* sections are the blocking ones */
		if (d[0])
			violation(w, "statistics: +%" PRIu64 " sections for an io_uring write",
				  d[0]);
	} else if (d[5] > 1 || d[6] > d[5] || d[1] != d[5]) {
		violation(w, "statistics: +%" PRIu64 " commands +%" PRIu64 " io_uring +%" PRIu64 " fixed for one write",
			  d[1], d[5], d[6]);
	}
	for (k = 0; k < NSTATS; k++) {
		m.stats[k] = s[k];
		stat_seen(w, k, s[k], "GET_INFO");
	}
	m.st = st;
}

static uint32_t pick_cmd_op(struct worker *w)
{
	const uint32_t bad[] = {
		0, WE2_IOC_WRITE_SECTION, WE2_IOC_GET_INFO,
		_IOW(WE2_IOC_MAGIC, 0x11, struct we2_uring_write),
		_IOR(WE2_IOC_MAGIC, 0x10, struct we2_uring_write),
		_IOW(WE2_IOC_MAGIC, 0x10, struct we2_write_section),
		_IOW(0xE3, 0x10, struct we2_uring_write),
		WE2_URING_CMD_WRITE ^ (1U << below(w, 32)), (uint32_t)rnd(w),
	};

	return chance(w, 95) ? WE2_URING_CMD_WRITE : PICK(w, bad);
}

/* A buffer inside (mostly) registered buffer @idx, for @nr sectors. */
static void pick_fixed_buf(struct worker *w, unsigned idx, uint32_t nr,
			   struct bufsel *b)
{
	uint64_t base = (uintptr_t)w->region + (uint64_t)idx * URING_BUF_LEN;
	uint64_t len = (uint64_t)nr * 2048, off;
	unsigned r = below(w, 100);

	memset(b, 0, sizeof(*b));
	b->known = true;
	if (r < 70) {
		off = 4 * below(w, URING_BUF_LEN / 4);
		if (len < URING_BUF_LEN && off > URING_BUF_LEN - len)
			off = URING_BUF_LEN - len;
		off &= ~3ULL;
	} else if (r < 80) {
		off = below(w, URING_BUF_LEN);		/* misaligned */
	} else if (r < 90) {
		off = URING_BUF_LEN - below(w, len + 1);	/* over the end */
	} else if (r < 95) {
		off = -(uint64_t)(1 + below(w, 4096));		/* before it */
	} else {
		b->addr = chance(w, 50) ? kernel_addr(w) : rnd(w);
		b->bad = true;
		snprintf(b->name, sizeof(b->name), "fixed:%#" PRIx64, b->addr);
		return;
	}
	b->addr = base + off;
	b->valid = REGION_SIZE - (b->addr - (uintptr_t)w->region);
	snprintf(b->name, sizeof(b->name), "fixed%u%+" PRId64, idx, (int64_t)off);
}

/* A random SQE: mostly a good one, or one thing (or more) wrong with it. */
static void random_ucall(struct worker *w, struct ucall *u)
{
	unsigned r = below(w, 100);

	memset(u, 0, sizeof(*u));
	u->rk = chance(w, 85) ? RK_BIG : (enum ringkind)(1 + below(w, 3));
	if (r < 84)
		u->fk = FD_RW;
	else if (r < 88)
		u->fk = FD_RO;
	else if (r < 91)
		u->fk = FD_PIPE;
	else if (r < 94)
		u->fk = FD_BAD;
	else if (r < 98)
		u->fk = FD_FIXED;
	else
		u->fk = FD_FIXED_BAD;
	if (u->fk == FD_BAD)
		u->fdnum = chance(w, 50) ? -1 : 100000 + (int)below(w, 1000);
	if (u->fk == FD_FIXED_BAD)
		u->fdnum = chance(w, 50) ? 1 + (int)below(w, 8) : INT_MAX;
	u->cmd_op = pick_cmd_op(w);
	if (chance(w, 1))
		u->pad1 = (uint32_t)rnd(w) | 1;
	u->pl.nr_sectors = pick_nr(w, false);
	if (chance(w, 40))
		u->pl.nr_sectors = 1 + below(w, 32);
	u->pl.start_lba = pick_lba(w, u->pl.nr_sectors, false);
	if (chance(w, 40)) {
		u->uflags = IORING_URING_CMD_FIXED;
		u->buf_index = below(w, URING_NBUF);
		pick_fixed_buf(w, u->buf_index, u->pl.nr_sectors, &u->b);
		if (chance(w, 5))
			u->buf_index = chance(w, 50) ? URING_NBUF + below(w, 4) :
						       (uint16_t)rnd(w);
		else if (chance(w, 5))
			u->buf_index ^= 1;	/* the other buffer */
	} else {
		pick_buf(w, u->pl.nr_sectors, false, &u->b);
	}
	if (chance(w, 2))
		u->uflags |= 1U << (1 + below(w, 31));
	u->pl.buf = u->b.addr;
	/* io_uring's workers issue it: any order, any task */
	u->async = chance(w, 25);
	if (chance(w, 3))
		u->pl.flags = chance(w, 50) ? 1U << below(w, 32) : (uint32_t)rnd(w) | 1;
	if (chance(w, 3))
		pl_set_res(&u->pl, below(w, PL_NRES), rnd(w) | 1ULL << below(w, 64));
#ifdef WE2_EVENT_MIN_INTERVAL_MS
	if (chance(w, 15)) {
		/*
		 * its section (for pacing): around it, or not. A write inside
		 * a section on a recorder waits for the one before it (sent by
		 * position), which random writes would never send: here a
		 * section starts with its write.
		 */
		int64_t lba = u->pl.start_lba;
		uint64_t before = dev.scsi_type != 0 /* not a disk */ ? 0 :
				  below(w, 3) ? below(w, 100) : 0;

		switch (below(w, 4)) {
		case 0:	/* the write is within */
		case 1:
			u->pl.section_lba = lba - (int64_t)before;
			u->pl.section_sectors = (uint32_t)(before +
				u->pl.nr_sectors + (chance(w, 50) ? 0 : below(w, 100)));
			break;
		case 2:	/* it starts before, or ends after */
			u->pl.section_lba = lba + (chance(w, 50) ? 1 : 0);
			u->pl.section_sectors = u->pl.nr_sectors -
						(u->pl.section_lba == lba);
			break;
		default:
			u->pl.section_lba = pick_lba(w, 1, false);
			u->pl.section_sectors = chance(w, 50) ? (uint32_t)rnd(w) :
							      1 + below(w, 64);
		}
	}
#endif
}

static void op_uring(struct worker *w)
{
	uint64_t cs0, wd0;
	struct upred p = { 0 };
	struct ucall u;
	char s[300];

	random_ucall(w, &u);
	if (!w->ring_ok[u.rk])
		u.rk = RK_BIG;
	if (!w->ring_ok[u.rk])
		return;
	ucall_str(&u, s, sizeof(s));
	describe(w, "URING_CMD %s", s);
	if (w->single)
		p = predict_uring(w, &m.cfg, &u, m.cancel);
	else
		atomic_store(&sh->uring_runs_mixed, 1);
	cs0 = atomic_load(&sh->cancel_started);
	wd0 = atomic_load(&sh->writes_done);
	atomic_fetch_add(&sh->writes_started, 1);
	uring_prep(w, &u);
	uring_run(w, u.rk, &u, 1, NULL, NULL);
	atomic_fetch_add(&sh->writes_done, 1);
	hist(16, u.got ? u.res : -1, u.got && u.res < 0 ? -u.res : ETIME);
	check_uring(w, &u, cs0, wd0, 1);
	account_uring(&u);
	if (w->single)
		check_uring_model(w, &u, &p);
}

/* What a batch does while its writes are in flight. */
struct batch {
	unsigned action;	/* 0 nothing, 1 cancel, 2 a section, 3 status */
	long cancel_ret;
	struct wcall sec;
	uint64_t wd0;
};

static void batch_between(struct worker *w, void *arg)
{
	struct batch *bt = arg;
	struct we2_status st;

	switch (bt->action) {
	case 1:
		atomic_fetch_add(&sh->cancel_started, 1);
		bt->cancel_ret = ioctl(w->rw, WE2_IOC_CANCEL) ? -errno : 0;
		atomic_fetch_add(&sh->cancel_done, 1);
		break;
	case 2:
		/* EBUSY while the run is on, else an ordinary section */
		do_write(w, &bt->sec);
		break;
	case 3:
		get_status(w, w->rw, &st);
		break;
	}
}

/*
 * A run of 2 to 8 good writes (some too big for one command) from plain
 * and registered buffers, with a cancel, a blocking section or a status
 * while they are in flight. On the deferred ring the run lasts until the
 * CQEs are waited for, so the cancel finds it, and the writes sent after
 * it (if the batch is split) are refused.
 */
static void op_uring_batch(struct worker *w)
{
	struct ucall u[URING_ENTRIES];
	struct upred p[URING_ENTRIES];
	struct batch bt = { .action = below(w, 4) };
	unsigned n = 2 + below(w, URING_ENTRIES - 1), i, ncanc = 0, nvalid = 0;
	enum ringkind rk = chance(w, 50) && defer_ring(w) ? RK_DEFER : RK_BIG;
	unsigned split = rk == RK_DEFER && bt.action == 1 && chance(w, 50) ?
			 1 + below(w, n) : n;
	uint64_t cs0, wd0, sum = 0, sent = 0, fixed = 0, s[NSTATS], d[NSTATS];
	int cancel0 = m.cancel, k;
	struct we2_status st;
	struct we2_info info;
	char desc[200];

	if (!w->ring_ok[rk])
		return;
	atomic_store(&sh->uring_runs_mixed, 1);
	snprintf(desc, sizeof(desc), "URING_CMD(batch) on %s: %u writes, then %s, then %u more",
		 ring_name[rk], split,
		 (const char *[]){ "nothing", "CANCEL", "WRITE_SECTION",
				   "GET_STATUS" }[bt.action], n - split);
	describe(w, "%s", desc);
	for (i = 0; i < n; i++) {
		struct ucall *c = &u[i];

		memset(c, 0, sizeof(*c));
		c->rk = rk;
		c->fk = rk == RK_BIG && chance(w, 10) ? FD_FIXED : FD_RW;
		c->cmd_op = WE2_URING_CMD_WRITE;
		c->pl.nr_sectors = chance(w, 90) ? 1 + below(w, 32) :
						   33 + below(w, 32);
		c->pl.start_lba = below(w, 2048);
		if (chance(w, 50)) {
			c->uflags = IORING_URING_CMD_FIXED;
			c->buf_index = below(w, URING_NBUF);
			c->b.known = true;
			c->b.addr = (uintptr_t)w->region +
				    (uint64_t)c->buf_index * URING_BUF_LEN +
				    (chance(w, 85) ? 4 * below(w, 1024) :
						     below(w, 4096));
		} else {
			c->b.known = true;
			c->b.addr = (uintptr_t)w->region +
				    (chance(w, 85) ? 4 * below(w, 1024) :
						     below(w, 4096));
		}
		c->b.valid = REGION_SIZE - (c->b.addr - (uintptr_t)w->region);
		snprintf(c->b.name, sizeof(c->b.name), "region+%" PRIu64,
			 c->b.addr - (uintptr_t)w->region);
		c->pl.buf = c->b.addr;
		if (w->single)
			p[i] = predict_uring(w, &m.cfg, c,
					     cancel0 != CANCEL_NO || bt.action == 1 ?
					     CANCEL_MAYBE : CANCEL_NO);
		if (i < split)
			uring_prep(w, c);
	}
	if (bt.action == 2) {
		struct wcall *c = &bt.sec;

		c->writable = true;
		c->fd = w->rw;
		c->pk = P_OK;
		c->ws.nr_sectors = 1 + below(w, 8);
		c->ws.start_lba = below(w, 2048);
		c->ws.buf = (uintptr_t)w->region + 4 * below(w, 1024);
		c->b.known = true;
		c->b.addr = c->ws.buf;
		c->b.valid = REGION_SIZE - (c->ws.buf - (uintptr_t)w->region);
	}
	cs0 = atomic_load(&sh->cancel_started);
	wd0 = atomic_load(&sh->writes_done);
	atomic_fetch_add(&sh->writes_started, 1);
	if (uring_submit(w, rk, split)) {
		batch_between(w, &bt);
		for (i = split; i < n; i++)
			uring_prep(w, &u[i]);
		if (split == n || uring_submit(w, rk, n - split))
			uring_wait(w, rk, u, n);
		else
			uring_wait(w, rk, u, split);
	}
	atomic_fetch_add(&sh->writes_done, 1);
	describe(w, "%s", desc);
	for (i = 0; i < n; i++) {
		char s2[300];

		hist(17, u[i].got ? u[i].res : -1,
		     u[i].got && u[i].res < 0 ? -u[i].res : ETIME);
		ucall_str(&u[i], s2, sizeof(s2));
		describe(w, "%s: #%u %s", desc, i, s2);
		check_uring(w, &u[i], cs0, wd0, 1);
		account_uring(&u[i]);
		if (u[i].res == -EBUSY && bt.action != 2 && w->single)
			violation(w, "EBUSY with no section written");
		if (u[i].res == -ECANCELED)
			ncanc++;
		if (u[i].res > 0)
			sum += u[i].res;
		if (u[i].res > 0 || u[i].res == -EIO) {
			sent++;
			fixed += !!(u[i].uflags & IORING_URING_CMD_FIXED);
		}
		if (!w->single || !u[i].got)
			continue;
		if (p[i].began || p[i].err == ECANCELED)
			nvalid++;
		/* predicted, or refused by the cancel or the section */
		if (p[i].known && u[i].res != (p[i].err ? -p[i].err : (int)p[i].count) &&
		    !(p[i].cancel_maybe && u[i].res == -ECANCELED) &&
		    !(bt.action == 2 && p[i].began && u[i].res == -EBUSY))
			violation(w, "want %s", p[i].err ? ename(p[i].err) : "the count");
	}
	describe(w, "%s: the section/cancel in between", desc);
	if (bt.action == 2) {
		snprintf(w->res, sizeof(w->res), "%ld %s", bt.sec.ret,
			 bt.sec.ret < 0 ? ename(bt.sec.err) : "");
		check_write(w, &bt.sec);
		account_write(&bt.sec);
		if (bt.sec.outw.sectors_written <= bt.sec.ws.nr_sectors)
			sum += bt.sec.outw.sectors_written;
	}
	if (bt.action == 1 && bt.cancel_ret && bt.cancel_ret != -ENOENT) {
		snprintf(w->res, sizeof(w->res), "%s", ename((int)-bt.cancel_ret));
		violation(w, "CANCEL answers 0 or ENOENT");
	}
	if (!w->single)
		return;
	if (bt.action == 1 && !bt.cancel_ret) {
		/* not refused yet: the next io_uring write will be */
		if (!ncanc)
			m.cancel = CANCEL_YES;
		else
			m.cancel = cancel0 == CANCEL_NO ? CANCEL_NO : CANCEL_MAYBE;
	} else if (nvalid || (bt.action == 2 && bt.sec.ret >= 0)) {
		m.cancel = CANCEL_NO;
	}
	if (ncanc && cancel0 == CANCEL_NO && !(bt.action == 1 && !bt.cancel_ret))
		violation(w, "ECANCELED with no cancel sent or pending");
	if (cancel0 == CANCEL_YES && nvalid && bt.action != 2 && ncanc != 1 &&
	    !(bt.action == 1 && !bt.cancel_ret))
		violation(w, "a pending cancel must refuse exactly one write, it refused %u",
			  ncanc);
	/* the counters; the status of a run of several is resynchronised */
	if (get_status(w, w->rw, &st) || ioctl(w->rw, WE2_IOC_GET_INFO, &info))
		return;
	info_stats(&info, s);
	for (k = 0; k < NSTATS; k++)
		d[k] = s[k] - m.stats[k];
	if (st.write_in_progress)
		violation(w, "write_in_progress after every CQE");
	if (d[2] != sum)
		violation(w, "statistics: +%" PRIu64 " sectors_written, the CQEs and the section say %" PRIu64,
			  d[2], sum);
	if (d[5] != sent || d[6] != fixed)
		violation(w, "statistics: +%" PRIu64 " io_uring +%" PRIu64 " fixed, the CQEs say %" PRIu64 " and %" PRIu64,
			  d[5], d[6], sent, fixed);
	if (d[0] > (uint64_t)(bt.action == 2))
		violation(w, "statistics: +%" PRIu64 " sections for a run of io_uring writes",
			  d[0]);
	for (k = 0; k < NSTATS; k++) {
		m.stats[k] = s[k];
		stat_seen(w, k, s[k], "GET_INFO");
	}
	m.st = st;
}

static void op_set(struct worker *w)
{
	bool writable = !chance(w, 12);
	int fd = writable ? w->rw : w->ro;
	enum ptrkind pk = pick_ptr(w, 8);
	struct we2_config req, next;
	uint64_t wd0;
	char s[200];
	void *arg;
	long ret;
	int err;

	random_config(w, &req);
	config_str(&req, s, sizeof(s));
	describe(w, "SET_CONFIG fd=%s arg=%s %s res0=%#x res=[%#llx,%#llx,%#llx,%#llx]",
		 writable ? "rw" : "ro", ptr_name[pk], s, req.reserved0,
		 (unsigned long long)req.reserved[0],
		 (unsigned long long)req.reserved[1],
		 (unsigned long long)req.reserved[2],
		 (unsigned long long)req.reserved[3]);
	arg = arg_ptr(w, pk, &req, sizeof(req), 1 + below(w, 7));
	wd0 = atomic_load(&sh->writes_done);
	ret = ioctl(fd, WE2_IOC_SET_CONFIG, arg);
	err = ret < 0 ? errno : 0;
	set_res(w, ret, err);
	hist(3, ret, err);

	if (!writable) {
		if (ret >= 0 || (err != EBADF && err != ENODEV))
			violation(w, "a read-only descriptor must get EBADF");
	} else if (ptr_faults(pk, true)) {
		if (ret >= 0 || (err != EFAULT && err != ENODEV))
			violation(w, "an unreadable argument must get EFAULT");
	} else if (ret > 0) {
		violation(w, "SET_CONFIG returned %ld", ret);
	} else if (ret < 0 && !in_set(err, E_SET)) {
		violation(w, "errno %s is not documented for SET_CONFIG", ename(err));
	} else if (ret == 0 && invalid_alone(&req)) {
		violation(w, "an invalid setting was accepted");
	} else if (ret < 0 && err == EFAULT) {
		violation(w, "EFAULT for a readable argument");
	} else if (ret < 0) {
		check_causality(w, err, 0, wd0, 0);
	}
	if (!w->single)
		return;
	if (writable && !ptr_faults(pk, true)) {
		int want = settings_check(&m.cfg, &req, &next);

		if ((ret < 0 ? -err : 0) != want)
			violation(w, "want %s", want ? ename(-want) : "success");
		if (!ret)
			m.cfg = next;
	}
	expect_config(w, w->rw, &m.cfg,
		      ret ? "a refused SET_CONFIG changed the configuration" :
			    "after SET_CONFIG");
}

static void op_get(struct worker *w, unsigned long cmd)
{
	union {
		struct we2_config cfg;
		struct we2_info info;
		struct we2_status st;
	} u;
	size_t size = cmd == WE2_IOC_GET_CONFIG ? sizeof(u.cfg) :
		      cmd == WE2_IOC_GET_INFO ? sizeof(u.info) : sizeof(u.st);
	const char *name = cmd == WE2_IOC_GET_CONFIG ? "GET_CONFIG" :
			   cmd == WE2_IOC_GET_INFO ? "GET_INFO" : "GET_STATUS";
	bool writable = !chance(w, 25);
	enum ptrkind pk = pick_ptr(w, 8);
	const char *why = NULL;
	char s[200] = "";
	void *arg;
	long ret;
	int err;

	memset(&u, 0xa5, sizeof(u));
	describe(w, "%s fd=%s arg=%s", name, writable ? "rw" : "ro", ptr_name[pk]);
	arg = arg_ptr(w, pk, &u, size, 1 + below(w, 7));
	ret = ioctl(writable ? w->rw : w->ro, cmd, arg);
	err = ret < 0 ? errno : 0;
	set_res(w, ret, err);
	hist(cmd == WE2_IOC_GET_CONFIG ? 4 : cmd == WE2_IOC_GET_INFO ? 5 : 6,
	     ret, err);
	if (ptr_faults(pk, false)) {
		if (ret >= 0 || (err != EFAULT && err != ENODEV))
			violation(w, "an unwritable argument must get EFAULT");
		return;
	}
	if (ret < 0) {
		if (!in_set(err, E_GET) || err == EFAULT)
			violation(w, "%s failed with %s", name, ename(err));
		return;
	}
	if (ret > 0)
		violation(w, "%s returned %ld", name, ret);
	memcpy(&u, arg, size);
	if (cmd == WE2_IOC_GET_INFO) {
		check_info(w, &u.info);
		if (w->single) {
			uint64_t st[NSTATS];

			info_stats(&u.info, st);
			if (memcmp(st, m.stats, sizeof(st)))
				violation(w, "statistics changed with no section written");
		}
		return;
	}
	if (cmd == WE2_IOC_GET_CONFIG) {
		why = config_invalid(&u.cfg);
		config_str(&u.cfg, s, sizeof(s));
		if (!why && w->single && memcmp(&u.cfg, &m.cfg, sizeof(u.cfg)))
			why = "differs from the settings made";
	} else {
		why = status_invalid(&u.st);
		status_str(&u.st, s, sizeof(s));
		if (!why && w->single && u.st.write_in_progress)
			why = "write in progress with no section being written";
		if (!why && w->single && memcmp(&u.st, &m.st, sizeof(u.st)))
			why = "differs from the last section's";
	}
	if (why)
		violation(w, "%s %s: %s", name, s, why);
}

static void op_cancel(struct worker *w)
{
	bool writable = !chance(w, 15);
	long ret;
	int err;

	describe(w, "CANCEL fd=%s", writable ? "rw" : "ro");
	if (writable)
		atomic_fetch_add(&sh->cancel_started, 1);
	ret = ioctl(writable ? w->rw : w->ro, WE2_IOC_CANCEL);
	err = ret < 0 ? errno : 0;
	if (writable)
		atomic_fetch_add(&sh->cancel_done, 1);
	set_res(w, ret, err);
	hist(7, ret, err);
	if (!writable) {
		if (ret >= 0 || (err != EBADF && err != ENODEV))
			violation(w, "a read-only descriptor must get EBADF");
	} else if (ret > 0 || (ret < 0 && !in_set(err, E_CANCEL))) {
		violation(w, "CANCEL answers 0 or ENOENT");
	} else if (w->single && (ret >= 0 || err != ENOENT)) {
		violation(w, "no section being written: want ENOENT");
	}
}

static bool generic_ioctl_type(unsigned t)
{
	/* numbers the VFS answers itself (FIOCLEX, FIGETBSZ, FICLONE, ...) */
	return t == 0x00 || t == 'T' || t == 'X' || t == 'f' || t == 0x94 ||
	       t == 0x15;
}

static bool we2_cmd(unsigned long cmd)
{
	return cmd == WE2_IOC_GET_INFO || cmd == WE2_IOC_GET_CONFIG ||
	       cmd == WE2_IOC_SET_CONFIG || cmd == WE2_IOC_WRITE_SECTION ||
	       cmd == WE2_IOC_GET_STATUS || cmd == WE2_IOC_CANCEL;
}

static void op_badnr(struct worker *w)
{
	static const unsigned long good[] = {
		WE2_IOC_GET_INFO, WE2_IOC_GET_CONFIG, WE2_IOC_SET_CONFIG,
		WE2_IOC_WRITE_SECTION, WE2_IOC_GET_STATUS, WE2_IOC_CANCEL
	};
	bool writable = chance(w, 70);
	unsigned long cmd, g;
	long ret;
	int err;

	do {
		g = PICK(w, good);
		switch (below(w, 5)) {
		case 0:		/* a free number of ours */
			cmd = _IOC(below(w, 4), WE2_IOC_MAGIC, 6 + below(w, 250),
				   below(w, 512));
			break;
		case 1:		/* ours, with the size changed */
			cmd = _IOC(_IOC_DIR(g), WE2_IOC_MAGIC, _IOC_NR(g),
				   (_IOC_SIZE(g) + 1 + below(w, 64)) & 0x3fff);
			break;
		case 2:		/* ours, with the direction changed */
			cmd = _IOC((_IOC_DIR(g) + 1 + below(w, 3)) & 3,
				   WE2_IOC_MAGIC, _IOC_NR(g), _IOC_SIZE(g));
			break;
		case 3:		/* ours, in another magic */
			cmd = _IOC(_IOC_DIR(g), below(w, 256), _IOC_NR(g),
				   _IOC_SIZE(g));
			break;
		default:
			cmd = (uint32_t)rnd(w);
		}
	} while (we2_cmd(cmd) || generic_ioctl_type(_IOC_TYPE(cmd)));
	describe(w, "ioctl(%#lx) fd=%s", cmd, writable ? "rw" : "ro");
	ret = ioctl(writable ? w->rw : w->ro, cmd, w->args);
	err = ret < 0 ? errno : 0;
	set_res(w, ret, err);
	hist(8, ret, err);
	if (ret >= 0 || (err != ENOTTY && err != ENODEV))
		violation(w, "an unknown ioctl number must get ENOTTY");
}

/* sysfs settings */
struct attr {
	const char *name;
	uint32_t bit;
	bool is_signed;
};

static const struct attr attrs[] = {
	{ "bytes_per_sector", WE2_CFG_BYTES_PER_SECTOR, true },
	{ "starting_sectors_per_second", WE2_CFG_STARTING_SPS, true },
	{ "ending_sectors_per_second", WE2_CFG_ENDING_SPS, true },
	{ "use_streaming_write12", WE2_CFG_STREAMING_WRITE12, false },
	{ "timeout_ms", WE2_CFG_TIMEOUT, false },
	{ "transfer_cap_bytes", WE2_CFG_TRANSFER_CAP, false },
};

static void set_field(struct we2_config *c, uint32_t bit, int64_t v)
{
	switch (bit) {
	case WE2_CFG_BYTES_PER_SECTOR:
		c->bytes_per_sector = (int32_t)v;
		break;
	case WE2_CFG_STARTING_SPS:
		c->starting_sectors_per_second = (int32_t)v;
		break;
	case WE2_CFG_ENDING_SPS:
		c->ending_sectors_per_second = (int32_t)v;
		break;
	case WE2_CFG_STREAMING_WRITE12:
		c->use_streaming_write12 = (uint32_t)v;
		break;
	case WE2_CFG_TIMEOUT:
		c->timeout_ms = (uint32_t)v;
		break;
	default:
		c->transfer_cap_bytes = (uint32_t)v;
	}
}

static int64_t get_field(const struct we2_config *c, uint32_t bit)
{
	switch (bit) {
	case WE2_CFG_BYTES_PER_SECTOR:
		return c->bytes_per_sector;
	case WE2_CFG_STARTING_SPS:
		return c->starting_sectors_per_second;
	case WE2_CFG_ENDING_SPS:
		return c->ending_sectors_per_second;
	case WE2_CFG_STREAMING_WRITE12:
		return c->use_streaming_write12;
	case WE2_CFG_TIMEOUT:
		return c->timeout_ms;
	default:
		return c->transfer_cap_bytes;
	}
}

static int64_t pick_field(struct worker *w, const struct attr *a)
{
	switch (a->bit) {
	case WE2_CFG_BYTES_PER_SECTOR:
		return pick_bps(w);
	case WE2_CFG_STARTING_SPS:
	case WE2_CFG_ENDING_SPS:
		return pick_sps(w);
	case WE2_CFG_STREAMING_WRITE12:
		return pick_w12(w);
	case WE2_CFG_TIMEOUT:
		return pick_timeout(w);
	default:
		return pick_cap(w);
	}
}

static const char *const junk[] = {
	"", "\n", "abc", "2048abc", " 2048", "2048 ", "2048\n\n", "0x", "0x\n",
	"-", "+", "--1", "-+1", "+-1", "08", "0x1g", "1e3", "1\n2", "\t1",
	"99999999999999999999999", "18446744073709551615",
	"18446744073709551616", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "4294967296", "4294967295", "2147483648",
	"2147483647", "-2147483648", "-2147483649", "0x80000000", "0xffffffff",
	"0X800", "0xABC", "007", "00", "0", "-0", "+0", "-1", "+1", "1\n",
	"2048\n", "0x800\n", "04000", "-0x1", "60000", "1000", "65536",
};

static void sysfs_value(struct worker *w, const struct attr *a, char *s,
			size_t n)
{
	int64_t v = pick_field(w, a);
	uint64_t mag;

	if (chance(w, 35)) {
		snprintf(s, n, "%s", PICK(w, junk));
		return;
	}
	if (!a->is_signed)
		v = (uint32_t)v;
	if (chance(w, 10))	/* the other signedness */
		v = a->is_signed ? (int64_t)(uint32_t)v : (int64_t)(int32_t)v;
	mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	switch (below(w, 8)) {
	case 0:
		snprintf(s, n, "%" PRId64, v);
		break;
	case 1:
	case 2:
		snprintf(s, n, "%" PRId64 "\n", v);
		break;
	case 3:
		snprintf(s, n, "%s0x%" PRIx64, v < 0 ? "-" : "", mag);
		break;
	case 4:
		snprintf(s, n, "%s0%" PRIo64 "\n", v < 0 ? "-" : "", mag);
		break;
	case 5:
		snprintf(s, n, "%s%" PRIu64, v < 0 ? "-" : "+", mag);
		break;
	case 6:
		snprintf(s, n, " %" PRId64, v);
		break;
	default:
		snprintf(s, n, "%" PRId64 "\n\n", v);
	}
}

static void printable(const char *s, char *d, size_t n)
{
	size_t j = 0;

	for (; *s && j + 5 < n; s++) {
		if (*s == '\n')
			j += snprintf(d + j, n - j, "\\n");
		else if (*s == '\t')
			j += snprintf(d + j, n - j, "\\t");
		else
			d[j++] = *s;
	}
	d[j] = 0;
}

/* write(2) @s to a settings file: the byte count or -errno */
static long sysfs_write(const char *attr, const char *s)
{
	char path[PATH_MAX + 64];
	long ret;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dev.sysfs, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1000 - errno;
	ret = write(fd, s, strlen(s));
	if (ret < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int sysfs_read(const char *dir, const char *attr, char *buf, size_t n)
{
	char path[PATH_MAX + 64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, n - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = 0;
	return 0;
}

static void op_sysfs_write(struct worker *w)
{
	const struct attr *a = &PICK(w, attrs);
	struct we2_config req, next;
	char s[64], ps[128];
	uint64_t wd0;
	int64_t v = 0;
	int parse, want;
	long ret;

	sysfs_value(w, a, s, sizeof(s));
	printable(s, ps, sizeof(ps));
	describe(w, "sysfs %s <- \"%s\"", a->name, ps);
	wd0 = atomic_load(&sh->writes_done);
	ret = sysfs_write(a->name, s);
	if (ret <= -1000) {
		set_res(w, -1, (int)(-ret - 1000));
		violation(w, "cannot open the attribute for writing");
		return;
	}
	set_res(w, ret < 0 ? -1 : ret, (int)-ret);
	hist(9, ret, (int)-ret);
	parse = k_strtonum(s, a->is_signed, &v);
	memset(&req, 0, sizeof(req));
	req.mask = a->bit;
	set_field(&req, a->bit, v);
	if (!*s) {
		if (ret != 0)
			violation(w, "an empty write returns 0");
		return;
	}
	if (ret >= 0 && ret != (long)strlen(s))
		violation(w, "a store took %ld of %zu bytes", ret, strlen(s));
	else if (ret < 0 && !in_set((int)-ret, E_SYSFS))
		violation(w, "errno %s is not documented for a setting",
			  ename((int)-ret));
	else if (parse && ret != parse)
		violation(w, "not a number for kstrto%s32: want %s",
			  a->is_signed ? "s" : "u", ename(-parse));
	else if (!parse && ret >= 0 && invalid_alone(&req))
		violation(w, "an invalid setting was accepted");
	else if (ret < 0)
		check_causality(w, (int)-ret, 0, wd0, 0);
	if (!w->single)
		return;
	want = parse ? parse : settings_check(&m.cfg, &req, &next);
	if ((ret < 0 ? ret : 0) != want)
		violation(w, "want %s", want ? ename(-want) : "success");
	if (ret >= 0 && !want && *s)
		m.cfg = next;
	expect_config(w, w->rw, &m.cfg,
		      ret < 0 ? "a refused sysfs store changed the configuration" :
				"after a sysfs store");
}

static void op_sysfs_read(struct worker *w)
{
	static const char *const other[] = {
		"max_transfer_bytes", "write_in_progress",
		"statistics/sections", "statistics/commands",
		"statistics/sectors_written", "statistics/errors",
		"statistics/bounce_bytes", "statistics/uring_commands",
		"statistics/uring_fixed", "writers",
	};
	unsigned i = below(w, 6 + 10);
	const char *name = i < 6 ? attrs[i].name : other[i - 6];
	char buf[128], *end;
	long long v;
	int ret;

	describe(w, "sysfs read %s", name);
	ret = sysfs_read(dev.sysdir, name, buf, sizeof(buf));
	hist(10, ret, -ret);
	if (ret) {
		set_res(w, -1, -ret);
		violation(w, "cannot read the attribute");
		return;
	}
	printable(buf, w->res, sizeof(w->res));
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf || strcmp(end, "\n")) {
		violation(w, "not one number and a newline");
		return;
	}
	if (i < 6) {
		struct we2_config c;

		if (attrs[i].is_signed ? (v < INT32_MIN || v > INT32_MAX) :
					 (v < 0 || v > UINT32_MAX)) {
			violation(w, "out of the field's range");
			return;
		}
		if (w->single) {
			if (v != get_field(&m.cfg, attrs[i].bit))
				violation(w, "want %lld",
					  (long long)get_field(&m.cfg, attrs[i].bit));
			return;
		}
		/* alone, the value must be one a SET would take */
		memset(&c, 0, sizeof(c));
		c.mask = attrs[i].bit;
		set_field(&c, attrs[i].bit, v);
		if (attrs[i].bit == WE2_CFG_BYTES_PER_SECTOR) {
			c.mask |= WE2_CFG_TRANSFER_CAP;
			c.transfer_cap_bytes = dev.max_transfer;
		}
		if (invalid_alone(&c))
			violation(w, "not a valid value of the setting");
	} else if (i == 6) {
		if (v != dev.max_transfer)
			violation(w, "max_transfer_bytes %lld, GET_INFO says %u",
				  v, dev.max_transfer);
	} else if (i == 7) {
		if (v != 0 && v != 1)
			violation(w, "write_in_progress neither 0 nor 1");
		else if (w->single && v)
			violation(w, "write in progress with no section being written");
	} else if (i == 15) {
		/*
		 * This worker holds a descriptor for writing, so at least 1.
		 * No upper bound: a closed descriptor whose io_uring writes
		 * are still in flight is released (and uncounted) only when
		 * they end, and a busy node is what the count is for.
		 */
		if (v < 1)
			violation(w, "writers %lld while this worker holds one",
				  v);
	} else {
		if (v < 0)
			violation(w, "a negative counter");
		else
			stat_seen(w, i - 8, (uint64_t)v, "sysfs");
		if (w->single && (uint64_t)v != m.stats[i - 8])
			violation(w, "statistics changed with no section written");
	}
}

static int open_dev(int flags)
{
	return open(dev.path, flags | O_CLOEXEC);
}

static void op_reopen(struct worker *w)
{
	bool rw = chance(w, 50);
	int flags = rw ? (chance(w, 30) ? O_WRONLY : O_RDWR) : O_RDONLY;
	int fd;

	if (chance(w, 30))
		flags |= O_NONBLOCK;
	describe(w, "reopen %s flags=%#x", rw ? "rw" : "ro", flags);
	fd = open_dev(flags);
	set_res(w, fd, errno);
	hist(11, fd, errno);
	if (fd < 0) {
		violation(w, "open failed");
		return;
	}
	if (rw) {
		close(w->rw);
		w->rw = fd;
	} else {
		close(w->ro);
		w->ro = fd;
	}
}

/*
 * O_EXCL while every worker holds the node open for writing: never had
 * (EBUSY), and read-only O_EXCL is EINVAL.
 */
static void op_excl(struct worker *w)
{
	bool rw = chance(w, 70);
	int want = rw ? EBUSY : EINVAL, fd;

	describe(w, "open %s|O_EXCL", rw ? "O_RDWR" : "O_RDONLY");
	fd = open_dev((rw ? O_RDWR : O_RDONLY) | O_EXCL);
	set_res(w, fd, errno);
	hist(18, fd, errno);
	if (fd >= 0) {
		close(fd);
		violation(w, "O_EXCL granted while other descriptors are open for writing");
	} else if (errno != want) {
		violation(w, "O_EXCL: %s, want %s", strerror(errno), strerror(want));
	}
}

static void op_poke(struct worker *w)
{
	struct worker *t = &w->sib[below(w, w->nsib)];

	describe(w, "SIGUSR1 to %s", t->name);
	pthread_kill(t->tid, SIGUSR1);
	set_res(w, 0, 0);
	hist(12, 0, 0);
}

static void one_call(struct worker *w)
{
	unsigned r = below(w, 1200);

	w->call++;
	if (r >= 1000)
		r < 1160 ? op_uring(w) : op_uring_batch(w);
	else if (r < 270)
		op_write(w, false);
	else if (r < 300)
		op_write(w, true);
	else if (r < 370)
		op_get(w, WE2_IOC_GET_STATUS);
	else if (r < 430)
		op_get(w, WE2_IOC_GET_INFO);
	else if (r < 490)
		op_get(w, WE2_IOC_GET_CONFIG);
	else if (r < 630)
		op_set(w);
	else if (r < 700)
		op_cancel(w);
	else if (r < 740)
		op_badnr(w);
	else if (r < 830)
		dev.sysfs ? op_sysfs_write(w) : op_set(w);
	else if (r < 880)
		op_sysfs_read(w);
	else if (r < 895)
		op_reopen(w);
	else if (r < 905)
		op_excl(w);
	else if (r < 950)
		op_race(w);
	else if (r < 970)
		op_poke(w);
	else
		op_get(w, WE2_IOC_GET_STATUS);
	done_call(w);
}

/* ---------------------------------------------------------------------
 * Workers
 */
static uint8_t *map_region(size_t size, int prot)
{
	uint8_t *p = mmap(NULL, size + PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	/* a guard page after every region */
	if (mprotect(p + size, PAGE, PROT_NONE) ||
	    (prot != (PROT_READ | PROT_WRITE) && mprotect(p, size, prot)))
		die("mprotect");
	return p;
}

static void worker_init(struct worker *w, unsigned idx, unsigned proc,
			unsigned thr)
{
	uint64_t s = seed + 1 + idx;
	uint8_t *hole;

	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "w%u.%u", proc, thr);
	w->rng = t_rand(&s);
	w->rw = open_dev(O_RDWR);
	w->ro = open_dev(O_RDONLY);
	if (w->rw < 0 || w->ro < 0)
		die(dev.path);
	w->region = map_region(REGION_SIZE, PROT_READ | PROT_WRITE);
	t_pattern_fill(w->region, REGION_SIZE, seed + idx, 0);
	w->ro_region = map_region(RO_SIZE, PROT_READ | PROT_WRITE);
	t_pattern_fill(w->ro_region, RO_SIZE / 2, seed + idx + 7, 0);
	if (mprotect(w->ro_region, RO_SIZE, PROT_READ))
		die("mprotect");
	w->none = map_region(NONE_SIZE, PROT_NONE);
	hole = map_region(NONE_SIZE, PROT_READ | PROT_WRITE);
	munmap(hole, NONE_SIZE + PAGE);
	w->hole = hole;
	/* arguments: one read-write page, one read-only, one PROT_NONE */
	w->args = map_region(2 * PAGE, PROT_READ | PROT_WRITE);
	mprotect(w->args + PAGE, PAGE, PROT_READ);
	worker_rings(w);
	if (idx < MAX_WORKERS)
		w->slot = &sh->slot[idx];
}

/* every thread id is valid for a poke from the first call to the last */
static pthread_barrier_t start_line, finish_line;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct we2_info info;

	pthread_barrier_wait(&start_line);
	get_info(w, w->rw, &info);
	if (w->single) {
		get_config(w, w->rw, &m.cfg);
		get_status(w, w->rw, &m.st);
		info_stats(&info, m.stats);
	}
	while (w->call < w->ncalls)
		one_call(w);
	pthread_barrier_wait(&finish_line);
	return NULL;
}

static void on_sigusr1(int sig)
{
	(void)sig;
}

/* One process of the random phase: @threads workers. */
static int run_proc(unsigned proc, unsigned procs, unsigned threads,
		    uint64_t calls)
{
	unsigned nw = procs * threads, t;
	struct worker *ws = calloc(threads, sizeof(*ws));
	struct sigaction sa;

	if (!ws)
		die("calloc");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;	/* no SA_RESTART: interrupt what can be */
	sigaction(SIGUSR1, &sa, NULL);
	for (t = 0; t < threads; t++) {
		unsigned idx = proc * threads + t;

		worker_init(&ws[t], idx, proc, t);
		ws[t].ncalls = calls / nw + (idx < calls % nw);
		ws[t].single = nw == 1;
		ws[t].sib = ws;
		ws[t].nsib = threads;
	}
	pthread_barrier_init(&start_line, NULL, threads + 1);
	pthread_barrier_init(&finish_line, NULL, threads);
	for (t = 0; t < threads; t++)
		if (pthread_create(&ws[t].tid, NULL, worker_main, &ws[t]))
			die("pthread_create");
	pthread_barrier_wait(&start_line);
	for (t = 0; t < threads; t++)
		pthread_join(ws[t].tid, NULL);
	return 0;
}

/* ---------------------------------------------------------------------
 * The device: limits, capacity, sysfs directory
 */
static uint64_t read_capacity(void)
{
	char path[PATH_MAX + 64], sg[300] = "";
	uint8_t cdb[10] = { 0x25 }, data[8], sense[32];
	struct sg_io_hdr h;
	struct dirent *d;
	DIR *dir;
	int fd, i;

	snprintf(path, sizeof(path), "%s/device/scsi_generic", dev.sysdir);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			snprintf(sg, sizeof(sg), "/dev/%s", d->d_name);
	closedir(dir);
	fd = open(sg, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	for (i = 0; i < 4; i++) {
		memset(&h, 0, sizeof(h));
		h.interface_id = 'S';
		h.dxfer_direction = SG_DXFER_FROM_DEV;
		h.cmd_len = sizeof(cdb);
		h.cmdp = cdb;
		h.dxferp = data;
		h.dxfer_len = sizeof(data);
		h.sbp = sense;
		h.mx_sb_len = sizeof(sense);
		h.timeout = 20000;
		if (ioctl(fd, SG_IO, &h) < 0)
			break;
		if (!h.status && !h.host_status && !h.driver_status) {
			close(fd);
			return ((uint64_t)data[0] << 24 | data[1] << 16 |
				data[2] << 8 | data[3]) + 1;
		}
	}
	close(fd);
	return 0;
}

static void dev_init(struct worker *w)
{
	struct we2_info info;
	struct stat st;
	char path[128];

	if (stat(dev.path, &st) || !S_ISCHR(st.st_mode)) {
		fprintf(stderr, "we2fuzz: %s is not a character device\n", dev.path);
		exit(2);
	}
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	if (!realpath(path, dev.sysdir))
		snprintf(dev.sysdir, sizeof(dev.sysdir), "%s",
			 dev.sysfs ? dev.sysfs : path);
	if (ioctl(w->rw, WE2_IOC_GET_INFO, &info))
		die("GET_INFO");
	dev.max_transfer = info.max_transfer_bytes;
	dev.dma_align = info.dma_alignment ? info.dma_alignment : 1;
	dev.scsi_type = info.scsi_type;
	if (!dev.capacity)
		dev.capacity = read_capacity();
}

static uint64_t task_size(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	bool la57 = false;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5) && strstr(line, " la57"))
			la57 = true;
	if (f)
		fclose(f);
	return la57 ? (1ULL << 56) - PAGE : (1ULL << 47) - PAGE;
}

/* ---------------------------------------------------------------------
 * The deterministic phase: exact answers at every documented boundary
 */
static struct we2_config cfgv(uint32_t mask, int32_t bps, uint32_t cap)
{
	struct we2_config c = { .mask = mask, .bytes_per_sector = bps,
				.transfer_cap_bytes = cap };

	return c;
}

static void det_set(struct worker *w, const char *what, int fd,
		    const struct we2_config *req, enum ptrkind pk, int want)
{
	struct we2_config before, after;
	char s[200];
	void *arg;
	long ret;
	int err;

	w->call++;
	config_str(req, s, sizeof(s));
	describe(w, "SET_CONFIG %s: fd=%s arg=%s %s", what,
		 fd == w->ro ? "ro" : "rw", ptr_name[pk], s);
	get_config(w, w->rw, &before);
	arg = arg_ptr(w, pk, req, sizeof(*req), 3);
	ret = ioctl(fd, WE2_IOC_SET_CONFIG, arg);
	err = ret < 0 ? errno : 0;
	set_res(w, ret, err);
	if ((ret < 0 ? err : (int)ret) != want)
		violation(w, "want %s", want ? ename(want) : "success");
	after = before;
	if (!ret)
		apply_config(&after, req);
	expect_config(w, w->rw, &after,
		      ret ? "a refused SET_CONFIG changed the configuration" :
			    "after SET_CONFIG");
	done_call(w);
}

#define SET(what, req, want) \
	do { struct we2_config r_ = req; det_set(w, what, w->rw, &r_, P_OK, want); } while (0)

static void det_sysfs(struct worker *w, const char *attr, const char *s,
		      int want)
{
	struct we2_config before, after;
	char ps[64], buf[64];
	long ret;

	w->call++;
	printable(s, ps, sizeof(ps));
	describe(w, "sysfs %s <- \"%s\"", attr, ps);
	get_config(w, w->rw, &before);
	ret = sysfs_write(attr, s);
	set_res(w, ret < 0 ? -1 : ret, ret <= -1000 ? (int)(-ret - 1000) : (int)-ret);
	if (ret >= 0 ? want != 0 : ret != -want)
		violation(w, "want %s", want ? ename(want) : "success");
	get_config(w, w->rw, &after);
	if (ret < 0 && memcmp(&before, &after, sizeof(before)))
		violation(w, "a refused sysfs store changed the configuration");
	for (unsigned i = 0; i < 6; i++) {
		if (sysfs_read(dev.sysfs, attrs[i].name, buf, sizeof(buf)) ||
		    strtoll(buf, NULL, 10) != get_field(&after, attrs[i].bit))
			violation(w, "sysfs %s = %s differs from GET_CONFIG",
				  attrs[i].name, buf);
	}
	done_call(w);
}

struct dw {
	const char *what;
	int64_t lba;
	uint32_t nr;
	uint64_t buf;
	uint64_t valid;		/* readable bytes at buf */
	bool ro_fd;
	enum ptrkind pk;
	uint32_t flags, res0;
	uint64_t res1;
	uint64_t sense_buf;
	uint32_t sense_len;
	int want;
	int64_t want_count;	/* -1: any */
	int64_t want_bounce;	/* -1: any */
};

static void det_write(struct worker *w, struct dw d)
{
	struct we2_info i0, i1;
	uint64_t s0[NSTATS], s1[NSTATS];
	struct we2_status st;
	struct wcall c;
	int err;

	w->call++;
	memset(&c, 0, sizeof(c));
	c.writable = !d.ro_fd;
	c.fd = d.ro_fd ? w->ro : w->rw;
	c.pk = d.pk;
	c.ws.buf = d.buf;
	c.ws.start_lba = d.lba;
	c.ws.nr_sectors = d.nr;
	c.ws.flags = d.flags;
	c.ws.reserved0 = d.res0;
	c.ws.reserved[0] = d.res1;
	c.ws.sense_buf = d.sense_buf;
	c.ws.sense_len = d.sense_len;
	c.sense_ok = d.sense_buf == (uintptr_t)(w->args + SENSE_OFF);
	c.b.addr = d.buf;
	c.b.valid = d.valid;
	c.b.known = true;
	c.b.bad = !d.valid;
	snprintf(c.b.name, sizeof(c.b.name), "%#" PRIx64, d.buf);
	write_desc(w, d.what, &c);
	get_info(w, w->rw, &i0);
	do_write(w, &c);
	err = c.ret < 0 ? c.err : 0;
	if (err != d.want || (!err && c.ret != (long)d.nr))
		violation(w, "want %s%s", d.want ? "-1 " : "",
			  d.want ? ename(d.want) : "success");
	else if (c.out_ok && d.want_count >= 0 &&
		 c.outw.sectors_written != (uint64_t)d.want_count &&
		 !(lenient_out && c.outw.sectors_written == OUT_UNSET))
		violation(w, "sectors_written %u, want %" PRId64,
			  c.outw.sectors_written, d.want_count);
	check_write(w, &c);
	account_write(&c);
	get_info(w, w->rw, &i1);
	info_stats(&i0, s0);
	info_stats(&i1, s1);
	if (c.out_ok && c.outw.sectors_written <= d.nr &&
	    s1[2] - s0[2] != c.outw.sectors_written)
		violation(w, "statistics: +%" PRIu64 " sectors_written, the section says %u",
			  s1[2] - s0[2], c.outw.sectors_written);
	if ((d.want == EINVAL || d.want == ERANGE || d.want == EOVERFLOW ||
	     d.want == EBADF) && (s1[0] != s0[0] || s1[1] != s0[1]))
		violation(w, "a refused section reached the device (+%" PRIu64 " sections, +%" PRIu64 " commands)",
			  s1[0] - s0[0], s1[1] - s0[1]);
	if (d.want_bounce >= 0 && s1[4] - s0[4] != (uint64_t)d.want_bounce)
		violation(w, "statistics: +%" PRIu64 " bounce_bytes, want +%" PRId64,
			  s1[4] - s0[4], d.want_bounce);
	if (!get_status(w, w->rw, &st)) {
		if (st.write_in_progress)
			violation(w, "write_in_progress after the section returned");
		if (c.out_ok && st.start_lba == d.lba && st.sector_count == d.nr &&
		    c.outw.sectors_written <= d.nr &&
		    st.sectors_written != c.outw.sectors_written)
			violation(w, "GET_STATUS sectors_written %u != the section's %u",
				  st.sectors_written, c.outw.sectors_written);
	}
	done_call(w);
}

/* defaults first, then the case's own values (which override them) */
#pragma GCC diagnostic ignored "-Woverride-init"
#define DW(...) det_write(w, (struct dw){ .pk = P_OK, .want_count = -1, \
					  .want_bounce = -1, __VA_ARGS__ })

static void det_simple(struct worker *w, const char *what, int fd,
		       unsigned long cmd, void *arg, int want)
{
	long ret;
	int err;

	w->call++;
	describe(w, "%s", what);
	ret = ioctl(fd, cmd, arg);
	err = ret < 0 ? errno : 0;
	set_res(w, ret, err);
	if ((ret < 0 ? err : (int)ret) != want)
		violation(w, "want %s", want ? ename(want) : "success");
	done_call(w);
}

/* ---------------------------------------------------------------------
 * The deterministic io_uring answers (the settings are the defaults)
 */
struct du {
	const char *what;
	enum ringkind rk;
	enum fdkind fk;
	int fdnum;
	uint32_t cmd_op;	/* 0: WE2_URING_CMD_WRITE */
	bool bad_op;		/* cmd_op as given, even 0 */
	uint32_t uflags, pad1;
	uint16_t buf_index;
	uint64_t buf;
	int64_t lba;
	uint32_t nr, flags;
	uint64_t res_last;	/* the payload's last reserved field */
	int64_t sec_lba;	/* its section, for pacing (ABI 2) */
	uint32_t sec_n;
	int want;		/* errno, or 0: the count */
	int64_t want_bounce;	/* -1: any */
	int sense_key;		/* -1: any; else res2 must carry it */
};

static void det_uring(struct worker *w, struct du d)
{
	struct we2_info i0, i1;
	uint64_t s0[NSTATS], s1[NSTATS];
	struct ucall u;
	char s[300];
	int want;

	w->call++;
	memset(&u, 0, sizeof(u));
	u.rk = d.rk;
	u.fk = d.fk;
	u.fdnum = d.fdnum;
	u.cmd_op = d.bad_op ? d.cmd_op : WE2_URING_CMD_WRITE;
	u.uflags = d.uflags;
	u.pad1 = d.pad1;
	u.buf_index = d.buf_index;
	u.pl.buf = d.buf;
	u.pl.start_lba = d.lba;
	u.pl.nr_sectors = d.nr;
	u.pl.flags = d.flags;
	if (d.res_last)
		pl_set_res(&u.pl, PL_NRES - 1, d.res_last);
#ifdef WE2_EVENT_MIN_INTERVAL_MS
	u.pl.section_lba = d.sec_lba;
	u.pl.section_sectors = d.sec_n;
#endif
	u.b.addr = d.buf;
	snprintf(u.b.name, sizeof(u.b.name), "%#" PRIx64, d.buf);
	ucall_str(&u, s, sizeof(s));
	describe(w, "URING_CMD %s: %s", d.what, s);
	get_info(w, w->rw, &i0);
	uring_prep(w, &u);
	uring_run(w, u.rk, &u, 1, NULL, NULL);
	account_uring(&u);
	get_info(w, w->rw, &i1);
	info_stats(&i0, s0);
	info_stats(&i1, s1);
	want = d.want ? -d.want : (int)d.nr;
	if (u.got) {
		ucall_res(w, &u);
		if (u.res != want)
			violation(w, "want %d (%s)", want,
				  d.want ? ename(d.want) : "the count");
		if (d.sense_key >= 0 && (!(u.res2 & WE2_URING_SENSE_VALID) ||
		    (int)WE2_URING_SENSE_KEY(u.res2) != d.sense_key))
			violation(w, "want sense key %d in res2", d.sense_key);
		if (d.sense_key < 0 && u.res2)
			violation(w, "want no sense summary in res2");
	}
	if (s1[2] - s0[2] != (uint64_t)(u.got && u.res > 0 ? u.res : 0))
		violation(w, "statistics: +%" PRIu64 " sectors_written", s1[2] - s0[2]);
	if (d.want && d.want != EIO && (s1[1] != s0[1] || s1[5] != s0[5]))
		violation(w, "a refused write reached the device (+%" PRIu64 " commands)",
			  s1[1] - s0[1]);
	if ((!d.want || d.want == EIO) &&
	    (s1[1] - s0[1] != 1 || s1[5] - s0[5] != 1 ||
	     s1[6] - s0[6] != !!(d.uflags & IORING_URING_CMD_FIXED)))
		violation(w, "statistics: +%" PRIu64 " commands +%" PRIu64 " io_uring +%" PRIu64 " fixed, want one %s",
			  s1[1] - s0[1], s1[5] - s0[5], s1[6] - s0[6],
			  d.uflags & IORING_URING_CMD_FIXED ? "fixed" : "plain");
	if (d.want_bounce >= 0 && s1[4] - s0[4] != (uint64_t)d.want_bounce)
		violation(w, "statistics: +%" PRIu64 " bounce_bytes, want +%" PRId64,
			  s1[4] - s0[4], d.want_bounce);
	done_call(w);
}

#define DU(...) det_uring(w, (struct du){ .rk = RK_BIG, .fk = FD_RW, \
					  .want_bounce = -1, .sense_key = -1, \
					  __VA_ARGS__ })

/* Queue @n writes of 32 sectors at @lba on the deferred ring. */
static void defer_queue(struct worker *w, struct ucall *u, unsigned n,
			int64_t lba)
{
	for (unsigned i = 0; i < n; i++) {
		memset(&u[i], 0, sizeof(u[i]));
		u[i].rk = RK_DEFER;
		u[i].fk = FD_RW;
		u[i].cmd_op = WE2_URING_CMD_WRITE;
		u[i].pl.buf = (uintptr_t)w->region + 65536 * i;
		u[i].pl.start_lba = lba + 32 * i;
		u[i].pl.nr_sectors = 32;
		uring_prep(w, &u[i]);
	}
}

static void det_cancel_now(struct worker *w, int want)
{
	long ret;

	w->call++;
	describe(w, "CANCEL with the run's completions not yet run");
	atomic_fetch_add(&sh->cancel_started, 1);
	ret = ioctl(w->rw, WE2_IOC_CANCEL);
	atomic_fetch_add(&sh->cancel_done, 1);
	set_res(w, ret, errno);
	if ((ret < 0 ? errno : 0) != want)
		violation(w, "want %s", want ? ename(want) : "0");
	done_call(w);
}

static void det_status(struct worker *w, const char *what, uint32_t wip,
		       int64_t start, uint32_t count, uint32_t written,
		       int64_t last)
{
	struct we2_status st, want = {
		.write_in_progress = wip, .start_lba = start,
		.sector_count = count, .sectors_written = written,
		.last_written_lba = last,
	};
	char a[200], b[200];

	w->call++;
	describe(w, "GET_STATUS %s", what);
	if (!get_status(w, w->rw, &st) && status_differs(&st, &want)) {
		status_str(&st, a, sizeof(a));
		status_str(&want, b, sizeof(b));
		violation(w, "GET_STATUS %s, want %s", a, b);
	}
	done_call(w);
}

/* Wait for the deferred ring's @n CQEs: each @want, or its count (0). */
static void det_defer_wait(struct worker *w, const char *what, struct ucall *u,
			   unsigned n, const int *want)
{
	w->call++;
	describe(w, "URING_CMD %s: the CQEs", what);
	uring_wait(w, RK_DEFER, u, n);
	atomic_fetch_add(&sh->writes_done, 1);
	for (unsigned i = 0; i < n; i++) {
		int wnt = want[i] ? -want[i] : (int)u[i].pl.nr_sectors;

		account_uring(&u[i]);
		if (u[i].got && u[i].res != wnt) {
			ucall_res(w, &u[i]);
			violation(w, "write %u: want %d", i, wnt);
		}
	}
	done_call(w);
}

/*
 * A run on a ring whose completions wait for the submitter: it stays on
 * until the CQEs are waited for, so its status, the refusals during it and
 * its cancel are exact. A cancel that finds the run keeps for the next
 * io_uring write if it refused nothing, and refuses that one only; a
 * cancel that refused writes ends with the run; a section clears one.
 */
static void det_uring_runs(struct worker *w)
{
	static const int counts[4] = { 0 }, half[4] = { 0, 0, ECANCELED, ECANCELED };
	uint64_t R = (uintptr_t)w->region;
	struct we2_write_section ws = { .buf = R, .start_lba = 2900, .nr_sectors = 4 };
	struct we2_config c = cfgv(WE2_CFG_TIMEOUT, 0, 0);
	struct ucall u[4];
	long ret;

	if (!defer_ring(w))
		return;
	c.timeout_ms = 60000;

	/* a run of four: its status, what it refuses, its pending cancel */
	w->call++;
	describe(w, "URING_CMD: 4 writes of 32 at 3000, completions deferred");
	atomic_fetch_add(&sh->writes_started, 1);
	defer_queue(w, u, 4, 3000);
	uring_submit(w, RK_DEFER, 4);
	done_call(w);
	det_status(w, "during the run", 1, 3000, 128, 0, 2999);
	det_set(w, "during an io_uring run", w->rw, &c, P_OK, EBUSY);
	w->call++;
	describe(w, "WRITE_SECTION during an io_uring run");
	ret = ioctl(w->rw, WE2_IOC_WRITE_SECTION, &ws);
	set_res(w, ret, errno);
	if (ret >= 0 || errno != EBUSY || ws.sectors_written)
		violation(w, "want EBUSY and sectors_written 0");
	done_call(w);
	det_cancel_now(w, 0);
	det_defer_wait(w, "the run a cancel found", u, 4, counts);
	det_status(w, "after the run", 0, 3000, 128, 128, 3127);
	DU(.what = "the write after a run a cancel found but refused nothing",
	   .buf = R, .lba = 2990, .nr = 1, .want = ECANCELED);
	DU(.what = "the write after the refused one", .buf = R, .lba = 2991,
	   .nr = 1);

	/* writes sent after the cancel are refused, and end it */
	w->call++;
	describe(w, "URING_CMD: 2 writes, a cancel, 2 writes");
	atomic_fetch_add(&sh->writes_started, 1);
	defer_queue(w, u, 2, 3200);
	uring_submit(w, RK_DEFER, 2);
	done_call(w);
	det_cancel_now(w, 0);
	defer_queue(w, u + 2, 2, 3264);
	uring_submit(w, RK_DEFER, 2);
	det_defer_wait(w, "2 before the cancel, 2 after", u, 4, half);
	det_status(w, "after the cancelled run", 0, 3200, 64, 64, 3263);
	DU(.what = "the write after a cancelled run", .buf = R, .lba = 2992,
	   .nr = 1);

	/* a section clears a pending cancel */
	w->call++;
	describe(w, "URING_CMD: 1 write and a cancel");
	atomic_fetch_add(&sh->writes_started, 1);
	defer_queue(w, u, 1, 3300);
	uring_submit(w, RK_DEFER, 1);
	done_call(w);
	det_cancel_now(w, 0);
	det_defer_wait(w, "1 write, the cancel pending", u, 1, counts);
	DW(.what = "a section clears a pending cancel", .lba = 2900, .nr = 4,
	   .buf = R, .valid = REGION_SIZE, .want = 0, .want_count = 4);
	DU(.what = "the write after the section", .buf = R, .lba = 2993, .nr = 1);
	det_cancel_now(w, ENOENT);
}

static void det_uring_phase(struct worker *w)
{
	const uint32_t FIX = IORING_URING_CMD_FIXED;
	uint64_t R = (uintptr_t)w->region, cap = dev.capacity;
	uint64_t H = URING_BUF_LEN;
	uint8_t *hole;

	DU(.what = "one sector", .buf = R, .lba = 0, .nr = 1, .want_bounce = 0);
	DU(.what = "32 sectors: one command of the 64 KiB cap", .buf = R,
	   .lba = 100, .nr = 32, .want_bounce = 0);
	DU(.what = "33 sectors: two commands", .buf = R, .lba = 100, .nr = 33,
	   .want = E2BIG);
	DU(.what = "nr 0", .buf = R, .nr = 0, .want = EINVAL);
	DU(.what = "nr INT_MAX+1", .buf = R, .nr = (uint32_t)INT_MAX + 1,
	   .want = EINVAL);
	DU(.what = "nr UINT_MAX", .buf = R, .nr = UINT_MAX, .want = EINVAL);
	DU(.what = "nr INT_MAX", .buf = R, .nr = INT_MAX, .want = E2BIG);
	DU(.what = "flags 1", .buf = R, .nr = 1, .flags = 1, .want = EINVAL);
	DU(.what = "flags 1<<31", .buf = R, .nr = 1, .flags = 1U << 31,
	   .want = EINVAL);
	DU(.what = "last reserved field", .buf = R, .nr = 1, .res_last = 1ULL << 63,
	   .want = EINVAL);
	DU(.what = "lba 2^32", .buf = R, .lba = WE2_LBA_MAX + 1, .nr = 1,
	   .want = ERANGE);
#ifdef WE2_EVENT_MIN_INTERVAL_MS
	/* on a recorder, a section's writes go by position: start it first */
	DU(.what = "the start of its section", .buf = R, .lba = 100, .nr = 10,
	   .sec_lba = 100, .sec_n = 18);
	DU(.what = "within its section, where the last write ended", .buf = R,
	   .lba = 110, .nr = 8, .sec_lba = 100, .sec_n = 18);
	DU(.what = "section_lba ignored with section_sectors 0", .buf = R,
	   .lba = 110, .nr = 8, .sec_lba = INT64_MIN, .sec_n = 0);
	DU(.what = "one sector past its section", .buf = R, .lba = 110, .nr = 8,
	   .sec_lba = 100, .sec_n = 17, .want = EINVAL);
	DU(.what = "before its section", .buf = R, .lba = 99, .nr = 1,
	   .sec_lba = 100, .sec_n = 18, .want = EINVAL);
	DU(.what = "section at 2^32", .buf = R, .lba = 110, .nr = 1,
	   .sec_lba = WE2_LBA_MAX + 1, .sec_n = 1, .want = EINVAL);
	DU(.what = "section at -2^31-1", .buf = R, .lba = 110, .nr = 1,
	   .sec_lba = WE2_LBA_MIN - 1, .sec_n = UINT_MAX, .want = EINVAL);
	DU(.what = "lba 2^32 in a section: the plan's ERANGE", .buf = R,
	   .lba = WE2_LBA_MAX + 1, .nr = 1, .sec_lba = 0, .sec_n = 1,
	   .want = ERANGE);
#endif
	DU(.what = "lba 2^32-1, 2 sectors", .buf = R, .lba = WE2_LBA_MAX,
	   .nr = 2, .want = ERANGE);
	DU(.what = "lba -2^31-1", .buf = R, .lba = WE2_LBA_MIN - 1, .nr = 1,
	   .want = ERANGE);
	DU(.what = "lba INT64_MIN", .buf = R, .lba = INT64_MIN, .nr = 1,
	   .want = ERANGE);
	DU(.what = "lba INT64_MAX", .buf = R, .lba = INT64_MAX, .nr = 1,
	   .want = ERANGE);
	if (cap > 200) {
		DU(.what = "last sector", .buf = R, .lba = (int64_t)cap - 1,
		   .nr = 1);
		DU(.what = "one past the end", .buf = R, .lba = (int64_t)cap,
		   .nr = 1, .want = EIO, .sense_key = 5);
		DU(.what = "across the end", .buf = R, .lba = (int64_t)cap - 1,
		   .nr = 2, .want = EIO, .sense_key = 5);
		DU(.what = "lba 2^32-1", .buf = R, .lba = WE2_LBA_MAX, .nr = 1,
		   .want = EIO, .sense_key = 5);
		DU(.what = "lba -2^31", .buf = R, .lba = WE2_LBA_MIN, .nr = 1,
		   .want = EIO, .sense_key = 5);
		DU(.what = "lba -1", .buf = R, .lba = -1, .nr = 1, .want = EIO,
		   .sense_key = 5);
	}
	/* plain buffers */
	DU(.what = "buffer NULL", .buf = 0, .nr = 1, .want = EFAULT);
	DU(.what = "buffer at a kernel address", .buf = kernel_addrs[0], .nr = 1,
	   .want = EFAULT);
	DU(.what = "buffer non-canonical", .buf = kernel_addrs[4], .nr = 1,
	   .want = EFAULT);
	DU(.what = "buffer across TASK_SIZE", .buf = dev.task_size - 1024,
	   .nr = 1, .want = EFAULT);
	DU(.what = "buffer PROT_NONE", .buf = (uintptr_t)w->none, .nr = 8,
	   .want = EFAULT);
	hole = map_region(NONE_SIZE, PROT_READ | PROT_WRITE);
	munmap(hole, NONE_SIZE + PAGE);
	DU(.what = "buffer unmapped", .buf = (uintptr_t)hole, .nr = 8,
	   .want = EFAULT);
	DU(.what = "buffer PROT_READ", .buf = (uintptr_t)w->ro_region, .lba = 10,
	   .nr = 8);
	DU(.what = "buffer running into a PROT_NONE page",
	   .buf = R + REGION_SIZE - 20 * 2048, .lba = 20, .nr = 21,
	   .want = EFAULT);
	DU(.what = "unaligned buffer 1 byte short",
	   .buf = R + REGION_SIZE - 20 * 2048 + 1, .lba = 20, .nr = 20,
	   .want = EFAULT);
	DU(.what = "unaligned buffer (bounced)", .buf = R + 3, .lba = 30,
	   .nr = 10, .want_bounce = dev.dma_align > 1 ? 10 * 2048 : 0);
	/* registered buffers */
	DU(.what = "registered buffer 0", .uflags = FIX, .buf = R, .lba = 40,
	   .nr = 32, .want_bounce = 0);
	DU(.what = "registered buffer 1", .uflags = FIX, .buf_index = 1,
	   .buf = R + H + 4096, .lba = 40, .nr = 32, .want_bounce = 0);
	DU(.what = "registered buffer 1, unaligned (bounced)", .uflags = FIX,
	   .buf_index = 1, .buf = R + H + 1, .lba = 80, .nr = 3,
	   .want_bounce = dev.dma_align > 1 ? 3 * 2048 : 0);
	DU(.what = "registered buffer 0, its last sector", .uflags = FIX,
	   .buf = R + H - 2048, .lba = 90, .nr = 1);
	DU(.what = "registered buffer 0, over its end", .uflags = FIX,
	   .buf = R + H - 2048, .lba = 90, .nr = 2, .want = EFAULT);
	DU(.what = "registered buffer 1 at buffer 0's address", .uflags = FIX,
	   .buf_index = 1, .buf = R, .nr = 1, .want = EFAULT);
	DU(.what = "registered buffer 0 before its start", .uflags = FIX,
	   .buf = R - 2048, .nr = 1, .want = EFAULT);
	DU(.what = "registered buffer 0 at a kernel address", .uflags = FIX,
	   .buf = kernel_addrs[1], .nr = 1, .want = EFAULT);
	DU(.what = "buffer index 2 (none)", .uflags = FIX, .buf_index = 2,
	   .buf = R, .nr = 1, .want = EFAULT);
	DU(.what = "buffer index 65535", .uflags = FIX, .buf_index = 65535,
	   .buf = R, .nr = 1, .want = EFAULT);
	DU(.what = "fixed on a ring with no buffers", .rk = RK_PLAIN,
	   .uflags = FIX, .buf = R, .nr = 1, .want = EFAULT);
	DU(.what = "uring_cmd_flags 2", .uflags = 2, .buf = R, .nr = 1,
	   .want = EINVAL);
	DU(.what = "uring_cmd_flags 1<<31", .uflags = 1U << 31, .buf = R,
	   .nr = 1, .want = EINVAL);
	DU(.what = "__pad1", .pad1 = 1, .buf = R, .nr = 1, .want = EINVAL);
	/* rings, files, commands */
	DU(.what = "64-byte SQEs, 16-byte CQEs", .rk = RK_PLAIN, .buf = R,
	   .nr = 1, .want = EOPNOTSUPP);
	DU(.what = "128-byte SQEs, 16-byte CQEs", .rk = RK_SQE128, .buf = R,
	   .nr = 1, .want = EOPNOTSUPP);
	DU(.what = "64-byte SQEs, 32-byte CQEs", .rk = RK_CQE32, .buf = R,
	   .nr = 1, .want = EOPNOTSUPP);
	DU(.what = "read-only descriptor", .fk = FD_RO, .buf = R, .nr = 1,
	   .want = EBADF);
	DU(.what = "a pipe (no uring_cmd)", .fk = FD_PIPE, .buf = R, .nr = 1,
	   .want = EOPNOTSUPP);
	DU(.what = "fd -1", .fk = FD_BAD, .fdnum = -1, .buf = R, .nr = 1,
	   .want = EBADF);
	DU(.what = "registered file 0", .fk = FD_FIXED, .buf = R, .lba = 50,
	   .nr = 4);
	DU(.what = "registered file 1 (none)", .fk = FD_FIXED_BAD, .fdnum = 1,
	   .buf = R, .nr = 1, .want = EBADF);
	DU(.what = "registered file on a ring with none", .rk = RK_SQE128,
	   .fk = FD_FIXED, .buf = R, .nr = 1, .want = EBADF);
	DU(.what = "cmd_op 0", .bad_op = true, .cmd_op = 0, .buf = R, .nr = 1,
	   .want = ENOTTY);
	DU(.what = "cmd_op WRITE_SECTION", .bad_op = true,
	   .cmd_op = WE2_IOC_WRITE_SECTION, .buf = R, .nr = 1, .want = ENOTTY);
	DU(.what = "cmd_op 0x11", .bad_op = true,
	   .cmd_op = _IOW(WE2_IOC_MAGIC, 0x11, struct we2_uring_write),
	   .buf = R, .nr = 1, .want = ENOTTY);
	DU(.what = "cmd_op with another size", .bad_op = true,
	   .cmd_op = _IOW(WE2_IOC_MAGIC, 0x10, struct we2_write_section),
	   .buf = R, .nr = 1, .want = ENOTTY);

	/* the settings: unset, one sector per command */
	SET("bps unset", cfgv(WE2_CFG_BYTES_PER_SECTOR, -1, 0), 0);
	DU(.what = "bps unset", .buf = R, .nr = 1, .want = EINVAL);
	SET("bps 2048 + cap 2048",
	    cfgv(WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_TRANSFER_CAP, 2048, 2048), 0);
	DU(.what = "cap of one sector, 1 sector", .buf = R, .lba = 60, .nr = 1);
	DU(.what = "cap of one sector, 2 sectors", .buf = R, .lba = 60, .nr = 2,
	   .want = E2BIG);
	SET("bps 2048 + cap 65536",
	    cfgv(WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_TRANSFER_CAP, 2048, 65536), 0);

	det_uring_runs(w);
}

static void det_phase(struct worker *w, struct we2_config *orig)
{
	const uint32_t bps_cap = WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_TRANSFER_CAP;
	const uint32_t BPS = WE2_CFG_BYTES_PER_SECTOR, CAP = WE2_CFG_TRANSFER_CAP;
	const uint32_t TMO = WE2_CFG_TIMEOUT, W12 = WE2_CFG_STREAMING_WRITE12;
	uint32_t max = dev.max_transfer;
	uint64_t cap = dev.capacity, R = (uintptr_t)w->region;
	uint64_t S = (uintptr_t)(w->args + SENSE_OFF);
	struct we2_config c, defaults = {
		.mask = WE2_CFG_ALL, .bytes_per_sector = 2048,
		.starting_sectors_per_second = -1,
		.ending_sectors_per_second = -1, .timeout_ms = 60000,
		.transfer_cap_bytes = 65536,
	};
	union { struct we2_info i; struct we2_config c; struct we2_status s; } u;
	uint8_t *hole;
	int k;

	get_config(w, w->rw, orig);

	/* the ioctls that only look work on both descriptors */
	det_simple(w, "GET_INFO fd=ro", w->ro, WE2_IOC_GET_INFO, &u, 0);
	det_simple(w, "GET_CONFIG fd=ro", w->ro, WE2_IOC_GET_CONFIG, &u, 0);
	det_simple(w, "GET_STATUS fd=ro", w->ro, WE2_IOC_GET_STATUS, &u, 0);
	det_simple(w, "GET_INFO NULL", w->rw, WE2_IOC_GET_INFO, NULL, EFAULT);
	det_simple(w, "GET_CONFIG NULL", w->rw, WE2_IOC_GET_CONFIG, NULL, EFAULT);
	det_simple(w, "GET_STATUS NULL", w->rw, WE2_IOC_GET_STATUS, NULL, EFAULT);
	det_simple(w, "GET_CONFIG into a read-only page", w->rw,
		   WE2_IOC_GET_CONFIG, w->args + PAGE, EFAULT);
	det_simple(w, "GET_INFO to a kernel address", w->rw, WE2_IOC_GET_INFO,
		   (void *)(uintptr_t)kernel_addrs[0], EFAULT);

	/* SET_CONFIG at every boundary */
	SET("defaults", defaults, 0);
	SET("bps 0", cfgv(BPS, 0, 0), EINVAL);
	SET("bps -2", cfgv(BPS, -2, 0), EINVAL);
	SET("bps INT_MIN", cfgv(BPS, INT_MIN, 0), EINVAL);
	SET("bps INT_MAX", cfgv(BPS, INT_MAX, 0), EINVAL);
	SET("bps 1", cfgv(BPS, 1, 0), 0);
	SET("bps = cap 65536", cfgv(BPS, 65536, 0), 0);
	SET("bps cap+1", cfgv(BPS, 65537, 0), EINVAL);
	SET("bps -1 (unset)", cfgv(BPS, -1, 0), 0);
	SET("bps 2048", cfgv(BPS, 2048, 0), 0);
	SET("cap 0", cfgv(CAP, 0, 0), EINVAL);
	SET("cap UINT_MAX", cfgv(CAP, 0, UINT_MAX), EINVAL);
	SET("cap INT_MAX+1", cfgv(CAP, 0, (uint32_t)INT_MAX + 1), EINVAL);
	SET("cap max+1", cfgv(CAP, 0, max + 1), EINVAL);
	SET("cap below bps", cfgv(CAP, 0, 2047), EINVAL);
	SET("cap 1 below bps", cfgv(CAP, 0, 1), EINVAL);
	SET("cap = bps", cfgv(CAP, 0, 2048), 0);
	SET("bps 1 + cap 1 together", cfgv(bps_cap, 1, 1), 0);
	SET("bps 2 over cap 1", cfgv(BPS, 2, 0), EINVAL);
	SET("cap max", cfgv(CAP, 0, max), 0);
	SET("bps max", cfgv(BPS, (int32_t)max, 0), 0);
	SET("bps max+1", cfgv(BPS, (int32_t)(max + 1), 0), EINVAL);
	SET("cap max-1 under bps max", cfgv(CAP, 0, max - 1), EINVAL);
	SET("bps max-1 + cap max-1", cfgv(bps_cap, (int32_t)max - 1, max - 1), 0);
	SET("bps max over cap max-1", cfgv(BPS, (int32_t)max, 0), EINVAL);
	SET("bps 2048 + cap 65536", cfgv(bps_cap, 2048, 65536), 0);

	c = cfgv(TMO, 0, 0);
	{
		const uint32_t bad[] = { 0, 1, 999, 3600001, UINT_MAX,
					 (uint32_t)INT_MAX + 1 };
		const uint32_t good[] = { 1000, 1001, 3599999, 3600000, 60000 };

		for (k = 0; k < 6; k++) {
			c.timeout_ms = bad[k];
			SET("timeout bad", c, EINVAL);
		}
		for (k = 0; k < 5; k++) {
			c.timeout_ms = good[k];
			SET("timeout good", c, 0);
		}
	}
	for (k = 0; k < 2; k++) {
		const int32_t bad[] = { 0, -2, INT_MIN };
		const int32_t good[] = { 1, 75, INT_MAX, -1 };

		c = cfgv(k ? WE2_CFG_ENDING_SPS : WE2_CFG_STARTING_SPS, 0, 0);
		for (unsigned j = 0; j < 3; j++) {
			c.starting_sectors_per_second = c.ending_sectors_per_second = bad[j];
			SET("sps bad", c, EINVAL);
		}
		for (unsigned j = 0; j < 4; j++) {
			c.starting_sectors_per_second = c.ending_sectors_per_second = good[j];
			SET("sps good", c, 0);
		}
	}
	c = cfgv(W12, 0, 0);
	c.use_streaming_write12 = 2;
	SET("write12 2", c, EINVAL);
	c.use_streaming_write12 = UINT_MAX;
	SET("write12 UINT_MAX", c, EINVAL);
	c.use_streaming_write12 = 0x80000000U;
	SET("write12 2^31", c, EINVAL);
	c.use_streaming_write12 = 1;
	SET("write12 1", c, 0);
	c.use_streaming_write12 = 0;
	SET("write12 0", c, 0);

	/* fields outside the mask are not looked at */
	c = cfgv(TMO, 0, 0);
	c.timeout_ms = 5000;
	c.starting_sectors_per_second = -7;
	c.use_streaming_write12 = 9;
	SET("timeout only, garbage elsewhere", c, 0);
	c = cfgv(0, 0, 0);
	c.timeout_ms = 1;
	SET("mask 0, garbage everywhere", c, 0);
	c = defaults;
	c.mask = 1U << 6;
	SET("unknown mask bit 6", c, EINVAL);
	c.mask = 1U << 31;
	SET("unknown mask bit 31", c, EINVAL);
	c.mask = UINT_MAX;
	SET("mask UINT_MAX", c, EINVAL);
	c.mask = WE2_CFG_ALL | 1U << 6;
	SET("all + an unknown bit", c, EINVAL);
	c = defaults;
	c.reserved0 = 1;
	SET("reserved0", c, EINVAL);
	for (k = 0; k < 4; k++) {
		c = defaults;
		c.reserved[k] = k == 3 ? 1ULL << 63 : 1;
		SET("reserved[k]", c, EINVAL);
	}
	/* validated as a whole: a good field does not go in with a bad one */
	c = cfgv(BPS | TMO, 4096, 0);
	c.timeout_ms = 999;
	SET("bps good + timeout bad", c, EINVAL);
	c = cfgv(BPS | CAP, 4096, 0);
	SET("bps good + cap 0", c, EINVAL);

	c = cfgv(TMO, 0, 0);
	c.timeout_ms = 7000;
	det_set(w, "read-only descriptor", w->ro, &c, P_OK, EBADF);
	det_set(w, "NULL", w->rw, &c, P_NULL, EFAULT);
	det_set(w, "kernel address", w->rw, &c, P_KERNEL, EFAULT);
	det_set(w, "straddling a PROT_NONE page", w->rw, &c, P_STRADDLE, EFAULT);
	det_set(w, "PROT_NONE", w->rw, &c, P_NONE, EFAULT);
	det_set(w, "from a read-only page (legal)", w->rw, &c, P_RO, 0);
	SET("defaults again", defaults, 0);

	/* WRITE_SECTION: arguments refused before any I/O */
	SET("bps unset", cfgv(BPS, -1, 0), 0);
	DW(.what = "bps unset", .lba = 0, .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .want = EINVAL, .want_count = 0);
	SET("bps 2048", cfgv(BPS, 2048, 0), 0);
	DW(.what = "nr 0", .nr = 0, .buf = R, .valid = REGION_SIZE,
	   .want = EINVAL, .want_count = 0);
	DW(.what = "nr INT_MAX+1", .nr = (uint32_t)INT_MAX + 1, .buf = R,
	   .valid = REGION_SIZE, .want = EINVAL, .want_count = 0);
	DW(.what = "nr UINT_MAX", .nr = UINT_MAX, .buf = R, .valid = REGION_SIZE,
	   .want = EINVAL, .want_count = 0);
	DW(.what = "lba 2^32", .lba = WE2_LBA_MAX + 1, .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "lba 2^32-1, 2 sectors", .lba = WE2_LBA_MAX, .nr = 2, .buf = R,
	   .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "lba 2^32-2, 3 sectors", .lba = WE2_LBA_MAX - 1, .nr = 3,
	   .buf = R, .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "lba -2^31-1", .lba = WE2_LBA_MIN - 1, .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "lba INT64_MIN", .lba = INT64_MIN, .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "lba INT64_MAX", .lba = INT64_MAX, .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .want = ERANGE, .want_count = 0);
	DW(.what = "nr INT_MAX ending at 2^32", .lba = WE2_LBA_MAX - INT_MAX + 2,
	   .nr = INT_MAX, .buf = R, .valid = REGION_SIZE, .want = ERANGE,
	   .want_count = 0);
	DW(.what = "nr INT_MAX starting at -2^31", .lba = WE2_LBA_MIN,
	   .nr = INT_MAX, .buf = R, .valid = REGION_SIZE, .want = EFAULT,
	   .want_count = 0);
	DW(.what = "flags 1", .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .flags = 1, .want = EINVAL);
	DW(.what = "flags 1<<31", .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .flags = 1U << 31, .want = EINVAL);
	DW(.what = "reserved0", .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .res0 = 1, .want = EINVAL);
	DW(.what = "reserved[0]", .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .res1 = 1ULL << 63, .want = EINVAL);
	DW(.what = "read-only descriptor", .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .ro_fd = true, .want = EBADF);
	DW(.what = "argument NULL", .nr = 1, .buf = R, .valid = REGION_SIZE,
	   .pk = P_NULL, .want = EFAULT);
	DW(.what = "argument at a kernel address", .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .pk = P_KERNEL, .want = EFAULT);
	DW(.what = "argument straddling PROT_NONE", .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .pk = P_STRADDLE, .want = EFAULT);

	/* EOVERFLOW: count x bytes per sector beyond the address space */
	if (max > 65536) {
		uint32_t b = max > (1U << 20) ? 1U << 20 : max;
		uint64_t n = dev.task_size / b;

		SET("bps big", cfgv(bps_cap, (int32_t)b, b), 0);
		DW(.what = "nr INT_MAX x big bps", .nr = INT_MAX, .buf = R,
		   .valid = REGION_SIZE, .want = EOVERFLOW, .want_count = 0);
		if (n < INT_MAX) {
			DW(.what = "just past the address space", .nr = n + 1,
			   .buf = R, .valid = REGION_SIZE, .want = EOVERFLOW,
			   .want_count = 0);
			DW(.what = "just inside the address space (access_ok)",
			   .nr = n, .buf = R, .valid = REGION_SIZE,
			   .want = EFAULT, .want_count = 0);
		}
		SET("bps 2048 + cap 65536", cfgv(bps_cap, 2048, 65536), 0);
	}

	/* buffers */
	DW(.what = "one sector", .lba = 0, .nr = 1, .buf = R,
	   .valid = REGION_SIZE, .want = 0, .want_count = 1, .want_bounce = 0);
	DW(.what = "buffer NULL", .nr = 1, .buf = 0, .want = EFAULT,
	   .want_count = 0);
	DW(.what = "buffer at a kernel address", .nr = 1,
	   .buf = kernel_addrs[0], .want = EFAULT, .want_count = 0);
	DW(.what = "buffer non-canonical", .nr = 1, .buf = kernel_addrs[4],
	   .want = EFAULT, .want_count = 0);
	DW(.what = "buffer across TASK_SIZE", .nr = 1,
	   .buf = dev.task_size - 1024, .want = EFAULT, .want_count = 0);
	DW(.what = "buffer below mmap_min_addr", .nr = 1, .buf = PAGE,
	   .want = EFAULT, .want_count = 0);
	DW(.what = "buffer PROT_NONE", .nr = 8, .buf = (uintptr_t)w->none,
	   .want = EFAULT, .want_count = 0);
	hole = map_region(NONE_SIZE, PROT_READ | PROT_WRITE);
	munmap(hole, NONE_SIZE + PAGE);
	DW(.what = "buffer unmapped", .nr = 8, .buf = (uintptr_t)hole,
	   .want = EFAULT, .want_count = 0);
	DW(.what = "buffer PROT_READ (written before)", .lba = 10, .nr = 8,
	   .buf = (uintptr_t)w->ro_region, .valid = RO_SIZE, .want = 0,
	   .want_count = 8);
	DW(.what = "buffer PROT_READ (never touched)", .lba = 20, .nr = 8,
	   .buf = (uintptr_t)w->ro_region + RO_SIZE / 2, .valid = RO_SIZE / 2,
	   .want = 0, .want_count = 8);
	{
		const unsigned offs[] = { 1, 2, 3, 511, 2049, 4095 };

		for (k = 0; k < 6; k++)
			DW(.what = "unaligned buffer (bounced)", .lba = 30 + 40 * k,
			   .nr = 40, .buf = R + offs[k], .valid = REGION_SIZE - offs[k],
			   .want = 0, .want_count = 40,
			   .want_bounce = dev.dma_align > 1 ? 40 * 2048 : 0);
	}
	DW(.what = "4-byte aligned buffer (mapped)", .lba = 300, .nr = 40,
	   .buf = R + 4 * dev.dma_align, .valid = REGION_SIZE - 4 * dev.dma_align,
	   .want = 0, .want_count = 40, .want_bounce = 0);
	DW(.what = "buffer running into a PROT_NONE page", .lba = 400, .nr = 64,
	   .buf = R + REGION_SIZE - 40 * 2048, .valid = 40 * 2048,
	   .want = EFAULT, .want_count = 32);
	DW(.what = "unaligned buffer 1 byte short", .lba = 500, .nr = 40,
	   .buf = R + REGION_SIZE - 40 * 2048 + 1, .valid = 40 * 2048 - 1,
	   .want = EFAULT, .want_count = 32);
	DW(.what = "argument in a read-only page (written, count not stored)",
	   .lba = 600, .nr = 4, .buf = R, .valid = REGION_SIZE, .pk = P_RO,
	   .want = EFAULT);

	/* the device's answers: past the end, negative LBAs */
	if (cap > 200) {
		DW(.what = "last sector", .lba = (int64_t)cap - 1, .nr = 1, .buf = R,
		   .valid = REGION_SIZE, .want = 0, .want_count = 1);
		DW(.what = "one past the end", .lba = (int64_t)cap, .nr = 1, .buf = R,
		   .valid = REGION_SIZE, .sense_buf = S, .sense_len = 252,
		   .want = EIO, .want_count = 0);
		DW(.what = "across the end", .lba = (int64_t)cap - 1, .nr = 2,
		   .buf = R, .valid = REGION_SIZE, .want = EIO, .want_count = 0);
		DW(.what = "across the end after a command", .lba = (int64_t)cap - 40,
		   .nr = 100, .buf = R, .valid = REGION_SIZE, .sense_buf = S,
		   .sense_len = 8, .want = EIO, .want_count = 32);
		DW(.what = "sense_len 0", .lba = (int64_t)cap, .nr = 1, .buf = R,
		   .valid = REGION_SIZE, .sense_buf = S, .sense_len = 0,
		   .want = EIO, .want_count = 0);
		DW(.what = "lba 2^32-1", .lba = WE2_LBA_MAX, .nr = 1, .buf = R,
		   .valid = REGION_SIZE, .want = EIO, .want_count = 0);
		DW(.what = "lba -2^31", .lba = WE2_LBA_MIN, .nr = 1, .buf = R,
		   .valid = REGION_SIZE, .want = EIO, .want_count = 0);
		DW(.what = "lba -1, 2 sectors", .lba = -1, .nr = 2, .buf = R,
		   .valid = REGION_SIZE, .want = EIO, .want_count = 0);
		DW(.what = "sense length without a buffer", .lba = 0, .nr = 1,
		   .buf = R, .valid = REGION_SIZE, .sense_len = 32, .want = EINVAL,
		   .want_count = 0);
		DW(.what = "unwritable sense buffer, the section fails after a command",
		   .lba = (int64_t)cap - 40, .nr = 100, .buf = R, .valid = REGION_SIZE,
		   .sense_buf = (uintptr_t)(w->args + PAGE), .sense_len = 64,
		   .want = EIO, .want_count = 32);
	}

	/* io_uring writes */
	det_uring_phase(w);

	/* cancel, unknown numbers */
	det_simple(w, "CANCEL idle", w->rw, WE2_IOC_CANCEL, NULL, ENOENT);
	det_simple(w, "CANCEL fd=ro", w->ro, WE2_IOC_CANCEL, NULL, EBADF);
	{
		const unsigned long bad[] = {
			_IO(WE2_IOC_MAGIC, 0x06), _IO(WE2_IOC_MAGIC, 0x1f),
			_IOR(WE2_IOC_MAGIC, 0x00, struct we2_config),
			_IOW(WE2_IOC_MAGIC, 0x03, struct we2_write_section),
			_IO(WE2_IOC_MAGIC, 0x03), _IOR(WE2_IOC_MAGIC, 0x05, int),
			_IOWR(WE2_IOC_MAGIC, 0x20, struct we2_info),
			_IOR(0xE3, 0x00, struct we2_info), 0,
		};

		for (k = 0; k < (int)(sizeof(bad) / sizeof(bad[0])); k++) {
			det_simple(w, "unknown ioctl fd=rw", w->rw, bad[k], &u, ENOTTY);
			det_simple(w, "unknown ioctl fd=ro", w->ro, bad[k], &u, ENOTTY);
		}
	}

	if (dev.sysfs) {
		det_sysfs(w, "bytes_per_sector", "0", EINVAL);
		det_sysfs(w, "bytes_per_sector", "abc", EINVAL);
		det_sysfs(w, "bytes_per_sector", " 2048", EINVAL);
		det_sysfs(w, "bytes_per_sector", "2048 ", EINVAL);
		det_sysfs(w, "bytes_per_sector", "4294967296", ERANGE);
		det_sysfs(w, "bytes_per_sector", "2147483648", ERANGE);
		det_sysfs(w, "bytes_per_sector", "-2147483649", ERANGE);
		det_sysfs(w, "bytes_per_sector", "65537", EINVAL);
		det_sysfs(w, "bytes_per_sector", "-2", EINVAL);
		det_sysfs(w, "bytes_per_sector", "-1", 0);
		det_sysfs(w, "bytes_per_sector", "0x800", 0);
		det_sysfs(w, "bytes_per_sector", "04000\n", 0);
		det_sysfs(w, "bytes_per_sector", "2352\n", 0);
		det_sysfs(w, "bytes_per_sector", "2048", 0);
		det_sysfs(w, "timeout_ms", "999", EINVAL);
		det_sysfs(w, "timeout_ms", "-1", EINVAL);
		det_sysfs(w, "timeout_ms", "3600001", EINVAL);
		det_sysfs(w, "timeout_ms", "4294967296", ERANGE);
		det_sysfs(w, "timeout_ms", "1000", 0);
		det_sysfs(w, "timeout_ms", "3600000\n", 0);
		det_sysfs(w, "timeout_ms", "60000", 0);
		det_sysfs(w, "transfer_cap_bytes", "0", EINVAL);
		det_sysfs(w, "transfer_cap_bytes", "2047", EINVAL);
		det_sysfs(w, "transfer_cap_bytes", "-65536", EINVAL);
		det_sysfs(w, "transfer_cap_bytes", "2048", 0);
		det_sysfs(w, "transfer_cap_bytes", "65536", 0);
		det_sysfs(w, "use_streaming_write12", "2", EINVAL);
		det_sysfs(w, "use_streaming_write12", "1", 0);
		det_sysfs(w, "use_streaming_write12", "0", 0);
		det_sysfs(w, "starting_sectors_per_second", "0", EINVAL);
		det_sysfs(w, "starting_sectors_per_second", "75", 0);
		det_sysfs(w, "starting_sectors_per_second", "-1", 0);
		det_sysfs(w, "ending_sectors_per_second", "-2", EINVAL);
		det_sysfs(w, "ending_sectors_per_second", "2195", 0);
		det_sysfs(w, "ending_sectors_per_second", "-1", 0);
	}

	SET("defaults for the random phase", defaults, 0);
}

/* ---------------------------------------------------------------------
 * main
 */
static void usage(void)
{
	fprintf(stderr,
		"usage: we2fuzz [--seed S] --calls N [--threads T] [--procs P]\n"
		"               [--sysfs /sys/class/we2/we2N] [--capacity BLOCKS]\n"
		"               [--stall SECONDS] [--max-print N] [--lenient-out]\n"
		"               [--stats] DEVICE\n");
	exit(2);
}

static uint64_t num_arg(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		usage();
	return v;
}

/* Final checks, single-threaded again. */
static void end_checks(struct worker *w, const struct we2_config *orig,
		       const uint64_t *stats0)
{
	struct we2_status st;
	struct we2_info info;
	uint64_t s[NSTATS];
	char buf[64];

	w->call++;
	describe(w, "end of run: status, statistics, restore the settings");
	close(w->rw);
	close(w->ro);
	w->rw = open_dev(O_RDWR);
	w->ro = open_dev(O_RDONLY);
	if (w->rw < 0 || w->ro < 0) {
		violation(w, "cannot open %s again: %s", dev.path, ename(errno));
		return;
	}
	if (!get_status(w, w->rw, &st) && st.write_in_progress)
		violation(w, "write_in_progress with every writer gone");
	if (!ioctl(w->rw, WE2_IOC_CANCEL) || errno != ENOENT)
		violation(w, "CANCEL with every writer gone: want ENOENT");
	/*
	 * An io_uring write: written, or refused once by a cancel the last
	 * run kept (the writes it found were all sent); the next is written.
	 */
	{
		struct we2_config c = cfgv(WE2_CFG_ALL, 2048, 65536);

		c.starting_sectors_per_second = WE2_UNSET;
		c.ending_sectors_per_second = WE2_UNSET;
		c.timeout_ms = 60000;

		if (ioctl(w->rw, WE2_IOC_SET_CONFIG, &c))
			violation(w, "SET_CONFIG with every writer gone: %s",
				  ename(errno));
	}
	for (int k = 0; k < 2 && w->ring_ok[RK_BIG]; k++) {
		struct ucall u = { .rk = RK_BIG, .fk = FD_RW,
				   .cmd_op = WE2_URING_CMD_WRITE };

		u.pl.buf = (uintptr_t)w->region;
		u.pl.start_lba = 7;
		u.pl.nr_sectors = 1;
		uring_prep(w, &u);
		uring_run(w, RK_BIG, &u, 1, NULL, NULL);
		account_uring(&u);
		ucall_res(w, &u);
		if (u.got && u.res == 1)
			break;
		if (u.got && (k || u.res != -ECANCELED ||
			      !atomic_load(&sh->cancel_started)))
			violation(w, "an io_uring write with every writer gone: want 1%s",
				  k ? "" : " (or ECANCELED once)");
	}
	if (!sysfs_read(dev.sysdir, "write_in_progress", buf, sizeof(buf)) &&
	    strcmp(buf, "0\n"))
		violation(w, "sysfs write_in_progress %s with every writer gone", buf);
	if (!get_info(w, w->rw, &info)) {
		info_stats(&info, s);
		if (!atomic_load(&sh->inexact) &&
		    s[2] - stats0[2] != atomic_load(&sh->sum_sectors))
			violation(w, "statistics: +%" PRIu64 " sectors_written, the sections say %" PRIu64,
				  s[2] - stats0[2], (uint64_t)atomic_load(&sh->sum_sectors));
		if (s[3] - stats0[3] > atomic_load(&sh->write_errors))
			violation(w, "statistics: +%" PRIu64 " errors for %" PRIu64 " failed sections",
				  s[3] - stats0[3], (uint64_t)atomic_load(&sh->write_errors));
		if (s[0] - stats0[0] > atomic_load(&sh->writes))
			violation(w, "statistics: +%" PRIu64 " sections for %" PRIu64 " calls",
				  s[0] - stats0[0], (uint64_t)atomic_load(&sh->writes));
		if (!atomic_load(&sh->inexact) &&
		    (s[5] - stats0[5] < atomic_load(&sh->uring_sent) ||
		     s[5] - stats0[5] > atomic_load(&sh->uring_writes) ||
		     s[6] - stats0[6] < atomic_load(&sh->uring_sent_fixed) ||
		     s[6] - stats0[6] > s[5] - stats0[5]))
			violation(w, "statistics: +%" PRIu64 " io_uring commands +%" PRIu64 " fixed; %" PRIu64 " submitted, %" PRIu64 " answered by the device (%" PRIu64 " fixed)",
				  s[5] - stats0[5], s[6] - stats0[6],
				  (uint64_t)atomic_load(&sh->uring_writes),
				  (uint64_t)atomic_load(&sh->uring_sent),
				  (uint64_t)atomic_load(&sh->uring_sent_fixed));
	}
	{
		struct we2_config c = *orig;

		c.mask = WE2_CFG_ALL;
		if (ioctl(w->rw, WE2_IOC_SET_CONFIG, &c))
			violation(w, "restoring the settings: %s", ename(errno));
		else
			expect_config(w, w->rw, orig, "restored settings");
	}
	done_call(w);
}

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	uint64_t calls = 0, stats0[NSTATS];
	unsigned threads = 1, procs = 1, stall = 60, nw, p, alive;
	bool have_seed = false, have_calls = false;
	struct we2_config orig;
	struct we2_info info;
	struct worker det;
	pid_t *pids;
	int i, status;
	char line[200];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (i + 1 < argc && !strcmp(a, "--seed")) {
			seed = num_arg(argv[++i]);
			have_seed = true;
		} else if (i + 1 < argc && !strcmp(a, "--calls")) {
			calls = num_arg(argv[++i]);
			have_calls = true;
		} else if (i + 1 < argc && !strcmp(a, "--threads")) {
			threads = num_arg(argv[++i]);
		} else if (i + 1 < argc && !strcmp(a, "--procs")) {
			procs = num_arg(argv[++i]);
		} else if (i + 1 < argc && !strcmp(a, "--sysfs")) {
			dev.sysfs = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "--capacity")) {
			dev.capacity = num_arg(argv[++i]);
		} else if (i + 1 < argc && !strcmp(a, "--stall")) {
			stall = num_arg(argv[++i]);
		} else if (i + 1 < argc && !strcmp(a, "--max-print")) {
			max_print = num_arg(argv[++i]);
		} else if (!strcmp(a, "--lenient-out")) {
			lenient_out = true;
		} else if (!strcmp(a, "--stats")) {
			print_stats = true;
		} else if (a[0] == '-' || dev.path) {
			usage();
		} else {
			dev.path = a;
		}
	}
	if (!dev.path || !have_calls || !threads || !procs)
		usage();
	nw = threads * procs;
	if (nw > MAX_WORKERS) {
		fprintf(stderr, "we2fuzz: at most %d workers\n", MAX_WORKERS);
		exit(2);
	}
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ ts.tv_nsec ^
		       (uint64_t)getpid() << 32;
		seed %= 1000000000000ULL;
		printf("fuzz: seed %" PRIu64 "\n", seed);
		fflush(stdout);
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap");
	dev.task_size = task_size();

	/* the deterministic phase, in this process alone */
	worker_init(&det, MAX_WORKERS, 0, 0);
	snprintf(det.name, sizeof(det.name), "det");
	det.slot = NULL;
	dev_init(&det);
	det_phase(&det, &orig);
	if (get_info(&det, det.rw, &info))
		exit(2);
	info_stats(&info, stats0);
	atomic_store(&sh->sum_sectors, 0);
	atomic_store(&sh->inexact, 0);
	atomic_store(&sh->writes, 0);
	atomic_store(&sh->write_errors, 0);
	atomic_store(&sh->uring_writes, 0);
	atomic_store(&sh->uring_sent, 0);
	atomic_store(&sh->uring_sent_fixed, 0);
	snprintf(det.name, sizeof(det.name), "end");
	det.call = 0;

	/* the random phase: P processes of T threads */
	pids = calloc(procs, sizeof(*pids));
	if (!pids)
		die("calloc");
	for (p = 0; p < procs; p++) {
		pids[p] = fork();
		if (pids[p] < 0)
			die("fork");
		if (!pids[p]) {
			close(det.rw);
			close(det.ro);
			_exit(run_proc(p, procs, threads, calls));
		}
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	{
		uint64_t last = atomic_load(&sh->progress);
		time_t since = time(NULL);

		for (alive = procs; alive;) {
			pid_t pid = waitpid(-1, &status, WNOHANG);

			if (pid > 0) {
				alive--;
				for (p = 0; p < procs; p++)
					if (pids[p] == pid)
						break;
				snprintf(det.desc, sizeof(det.desc),
					 "worker process %u", p);
				if (WIFSIGNALED(status)) {
					snprintf(det.res, sizeof(det.res), "killed by signal %d",
						 WTERMSIG(status));
					violation(&det, "a worker process died");
				} else if (WEXITSTATUS(status)) {
					snprintf(det.res, sizeof(det.res), "exit %d",
						 WEXITSTATUS(status));
					violation(&det, "a worker process failed");
				}
				continue;
			}
			if (atomic_load(&sh->progress) != last) {
				last = atomic_load(&sh->progress);
				since = time(NULL);
			}
			if (stop || (stall && time(NULL) - since >= (time_t)stall)) {
				snprintf(det.desc, sizeof(det.desc), "the random phase");
				snprintf(det.res, sizeof(det.res), "%s",
					 stop ? "interrupted" : "no progress");
				if (stop)
					violation(&det, "interrupted by a signal");
				else
					violation(&det, "stuck: no call returned for %u s", stall);
				for (unsigned k = 0; k < nw; k++) {
					struct slot *s = &sh->slot[k];

					if (!atomic_load(&s->busy))
						continue;
					snprintf(det.desc, sizeof(det.desc), "%s", s->desc);
					snprintf(det.res, sizeof(det.res), "no answer");
					det.call = atomic_load(&s->call);
					snprintf(det.name, sizeof(det.name), "w%u.%u",
						 k / threads, k % threads);
					violation(&det, "was in this call");
				}
				for (p = 0; p < procs; p++)
					kill(pids[p], SIGKILL);
				snprintf(line, sizeof(line),
					 "fuzz: %" PRIu64 " calls %" PRIu64 " reports seed %" PRIu64 "\n",
					 (uint64_t)atomic_load(&sh->calls),
					 (uint64_t)atomic_load(&sh->reports), seed);
				out(line);
				_exit(1);
			}
			t_sleep_us(20000);
		}
	}
	snprintf(det.name, sizeof(det.name), "end");
	end_checks(&det, &orig, stats0);
	for (unsigned k = 0; print_stats && k < NKINDS; k++)
		for (unsigned e = 0; e < 136; e++)
			if (atomic_load(&sh->hist[k][e]))
				printf("fuzz-stats: %-20s %-10s %" PRIu64 "\n",
				       kind_name[k], e ? ename((int)e) : "ok",
				       (uint64_t)atomic_load(&sh->hist[k][e]));
	printf("fuzz: %" PRIu64 " calls %" PRIu64 " reports seed %" PRIu64 "\n",
	       (uint64_t)atomic_load(&sh->calls),
	       (uint64_t)atomic_load(&sh->reports), seed);
	return atomic_load(&sh->reports) ? 1 : 0;
}
