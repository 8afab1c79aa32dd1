// SPDX-License-Identifier: MIT
/*
 * we2burn: write an image to a we2 device.
 *
 *	we2burn [options] [DEVICE] IMAGE
 *	we2burn --scan
 *	we2burn --msinfo | --toc | --eject [DEVICE]
 *
 * DEVICE is any node of the drive: /dev/we2N, /dev/srN, /dev/sgN or a link
 * to one (/dev/cdrom), resolved with we2_drive_find() to its we2 node (and,
 * for --media auto, its /dev/srN); omitted, it is the system's only drive
 * (we2_drive_list()). --scan lists the drives and what disc each holds;
 * --msinfo, --toc and --eject ask the drive of DEVICE (we2_drive_msinfo(),
 * we2_drive_tracks(), we2_drive_eject()).
 *
 * By default the image goes through libwe2's streaming writer: one section
 * for the whole image, several writes in flight over io_uring from a ring
 * of registered buffers, each refilled from the image as its write
 * completes (a regular file is read with O_DIRECT straight into them).
 * With --sync (or a we2.ko without io_uring writes) the image is read into
 * one buffer a chunk at a time and each chunk is written with a blocking
 * we2_write_section() call.
 *
 * A second thread takes SIGINT/SIGTERM (they are blocked everywhere else),
 * cancels the write and draws the progress, which the streaming writer
 * reports through its callback and the blocking path through the device's
 * status.
 *
 * Exit status: 0 done, 1 error or verify mismatch, 2 bad command line,
 * 130 cancelled by SIGINT or SIGTERM.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#include "libwe2.h"
#include "we2burn_cdrecord.h"

#define PROG			"we2burn"
#define EXIT_USAGE		2
#define EXIT_CANCELLED		130
#define DEFAULT_BPS		2048
#define DEFAULT_CHUNK_BYTES	(16U << 20)
#define DISC_TRANSFER_BYTES	(256U << 10)	/* a command, --media auto */
#define VERIFY_BUF_BYTES	(4U << 20)
#define VERIFY_CMD_SECTORS	32	/* 64 KiB a READ: a USB drive takes 120 */
#define TTY_INTERVAL_NS		200000000LL	/* bar redrawn 5 times a second */
#define LINE_INTERVAL_NS	500000000LL	/* "progress:" lines twice a second */
#define DRIVE_INTERVAL_NS	100000000LL	/* the drive's buffer, 10 times */

struct options {
	const char	*device;
	const char	*image;
	const char	*verify;
	int64_t		lba;
	uint32_t	bps;
	uint32_t	chunk_sectors;	/* 0: DEFAULT_CHUNK_BYTES worth */
	int64_t		size;		/* -1: the whole image */
	bool		write12;
	bool		quiet;
	bool		sync;		/* blocking sections, no io_uring */
	int32_t		start_sps;	/* --speed; WE2_UNSET: unpaced */
	int32_t		end_sps;
	uint32_t	media_1x;	/* --media: sectors/s of 1x */
	bool		disc;		/* a whole disc burned (not --raw) */
	const char	*drive;		/* --drive: its /dev/srN */
	bool		scan;		/* --scan: list the drives */
	struct we2_drive_id id;		/* DEVICE's drive, id.we2[0]: unknown */
	const char	*speed;		/* --speed, parsed once the disc is known */
	bool		multi;		/* --multi: leave the disc appendable */
	bool		dummy;		/* --dummy: a simulation, nothing recorded */
	bool		no_verify;	/* --no-verify */
	bool		fix;		/* --fix: close a disc left open */
	bool		msinfo;		/* --msinfo: the -C numbers */
	bool		toc;		/* --toc: sessions and tracks */
	bool		eject;		/* --eject: after a burn, or alone */
	unsigned int	rw;		/* --blank, --format: WE2_RW_* */
	bool		blank;		/* --blank=fast|all */
	bool		format;		/* --format[=spare|nospare] */
	bool		rw_alone;	/* either without IMAGE */
	uint32_t	queue_depth;	/* 0: libwe2's default */
	uint32_t	buffer_bytes;	/* 0: the device's transfer cap */
};

enum phase { PHASE_IDLE, PHASE_WRITE, PHASE_VERIFY };

/*
 * What the main thread and the helper thread share. The atomics are
 * written by one side and read by the other; out_lock serialises
 * everything printed, so that the in-place bar and other lines never mix.
 */
struct shared {
	int			fd;		/* the we2 device */
	uint32_t		bps;
	uint64_t		total_bytes;	/* of the write, padded; 0 unknown */
	uint64_t		verify_total;
	bool			tty;
	bool			quiet;
	struct timespec		t0;		/* start of the current phase */

	atomic_int		stop;		/* signal that asked to stop, or 0 */
	atomic_bool		in_write;	/* main is in, or about to enter, a write */
	atomic_bool		done;		/* helper: exit */
	atomic_int		phase;
	_Atomic uint64_t	base_sectors;	/* acknowledged in finished sections */
	_Atomic int64_t		cur_lba;	/* the section being written */
	_Atomic uint32_t	cur_count;
	_Atomic uint64_t	verify_bytes;
	/* the streaming writer's progress, from its callback */
	atomic_bool		streaming;
	_Atomic uint64_t	stream_sectors;	/* acknowledged prefix */
	_Atomic uint64_t	buf_used;
	_Atomic uint64_t	buf_total;
	struct we2_stream	*stream;
	uint32_t		media_1x;	/* for showing a pace as Nx */
	/* --media auto: the recorder, and its buffer as READ BUFFER CAPACITY shows it */
	struct we2_drive	*drive;
	pthread_mutex_t		drive_lock;	/* helper's use against the close */
	uint32_t		drive_buf;	/* bytes; 0: not sampled yet */
	atomic_int		drive_fill;	/* percent, -1: unknown */
	atomic_int		drive_min;	/* lowest while it could be full */
	atomic_uint		drive_samples;
	bool			drive_path_set;	/* a disc burn: sample its buffer */

	pthread_mutex_t		out_lock;
	bool			bar_drawn;	/* a bar is on screen, mid-line */
	uint64_t		shown_sectors;	/* helper: never go backwards */
};

static double elapsed_s(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

static double mb_per_s(uint64_t bytes, double secs)
{
	return secs > 0 ? bytes / secs / 1e6 : 0.0;
}

/*
 * Print a line (or lines) for people, clearing the bar first. --quiet
 * keeps standard output empty (a script reads the exit status): what goes
 * there only says how a burn went well; failures go to stderr.
 */
static void say(struct shared *sh, FILE *f, const char *fmt, ...)
{
	va_list ap;

	if (sh->quiet && f == stdout)
		return;
	pthread_mutex_lock(&sh->out_lock);
	if (sh->bar_drawn) {
		fputs("\n", stdout);
		sh->bar_drawn = false;
	}
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
	pthread_mutex_unlock(&sh->out_lock);
}

/* ---- progress ---------------------------------------------------------- */

/* Sectors the device has acknowledged so far, within a section too. */
static uint64_t sectors_done(struct shared *sh)
{
	uint64_t done = atomic_load(&sh->base_sectors);
	int64_t lba = atomic_load(&sh->cur_lba);
	uint32_t count = atomic_load(&sh->cur_count);
	struct we2_status st;

	if (atomic_load(&sh->streaming)) {
		done += atomic_load(&sh->stream_sectors);
		goto out;
	}
	/*
	 * base_sectors is read before the status: a section the status shows
	 * in progress had not ended then, so base does not count it yet.
	 */
	if (atomic_load(&sh->in_write) && !we2_get_status(sh->fd, &st) &&
	    st.write_in_progress && st.start_lba == lba &&
	    st.sector_count == count)
		done += st.sectors_written;
out:
	if (done < sh->shown_sectors)
		done = sh->shown_sectors;
	sh->shown_sectors = done;
	return done;
}

static void format_eta(char *buf, size_t size, double secs)
{
	long s;

	if (secs < 0 || secs > 99 * 3600) {
		snprintf(buf, size, "--:--");
		return;
	}
	s = (long)(secs + 0.5);
	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%02ld:%02ld", s / 60, s % 60);
}

/* Caller holds out_lock. The write's progress as wodim prints it. */
static void wodim_line(struct shared *sh, uint64_t done, bool tty)
{
	uint64_t buf_total = atomic_load(&sh->buf_total);
	double secs = elapsed_s(&sh->t0);
	double one_x = (double)sh->media_1x * sh->bps;	/* bytes/s */

	cdr_progress(done, sh->total_bytes, buf_total ?
		     (int)(atomic_load(&sh->buf_used) * 100 / buf_total) : 0,
		     atomic_load(&sh->drive_fill),
		     secs > 0 && one_x > 0 ? done / secs / one_x : 0, tty);
}

/* Caller holds out_lock. */
static void draw_bar(struct shared *sh, const char *what, uint64_t done,
		     uint64_t total)
{
	double secs = elapsed_s(&sh->t0);
	double rate = mb_per_s(done, secs);
	uint64_t buf_total = atomic_load(&sh->buf_total);
	char bar[31], eta[32], fill_s[16] = "";
	int fill, i;

	struct we2_status st;
	char pace_s[24] = "", drive_s[24] = "";
	int drive_fill = atomic_load(&sh->drive_fill);

	if (cdr_active() && !strcmp(what, "write")) {
		wodim_line(sh, done, true);
		return;
	}
	/* how full our buffers are: data read and not yet acknowledged */
	if (atomic_load(&sh->streaming) && buf_total && strcmp(what, "verify"))
		snprintf(fill_s, sizeof(fill_s), "  buf %3d%%",
			 (int)(atomic_load(&sh->buf_used) * 100 / buf_total));
	/* the rate the device is paced at now */
	if (sh->drive_path_set && strcmp(what, "verify") && drive_fill >= 0)
		snprintf(drive_s, sizeof(drive_s), "  drive %3d%%", drive_fill);
	if (strcmp(what, "verify") && !we2_get_status(sh->fd, &st) &&
	    st.sectors_per_second)
		snprintf(pace_s, sizeof(pace_s), "  pace %.1fx",
			 (double)st.sectors_per_second / sh->media_1x);

	if (!total) {
		printf("\r%-6s %" PRIu64 " MB  %8.2f MB/s%s%s%s\033[K", what,
		       done / 1000000, rate, fill_s, drive_s, pace_s);
	} else {
		if (done > total)
			done = total;
		fill = (int)(done * 30 / total);
		for (i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		format_eta(eta, sizeof(eta),
			   rate > 0 ? (total - done) / (rate * 1e6) : -1);
		printf("\r%-6s [%s] %5.1f%%  %8.2f MB/s%s%s%s  ETA %s\033[K",
		       what, bar, done * 100.0 / total, rate, fill_s, drive_s,
		       pace_s, eta);
	}
	fflush(stdout);
	sh->bar_drawn = true;
}

/* Caller holds out_lock. The fixed-format line scripts read. */
static void progress_line(struct shared *sh, uint64_t done)
{
	if (cdr_active()) {
		wodim_line(sh, done, false);
		return;
	}
	printf("progress: %" PRIu64 " %" PRIu64 " %.2f", done,
	       sh->total_bytes, mb_per_s(done, elapsed_s(&sh->t0)));
	/* a burn adds how full our buffers and the drive's are, in percent */
	if (sh->drive_path_set)
		printf(" buffer %d drive %d", atomic_load(&sh->buf_total) ?
		       (int)(atomic_load(&sh->buf_used) * 100 /
			     atomic_load(&sh->buf_total)) : 0,
		       atomic_load(&sh->drive_fill));
	printf("\n");
	fflush(stdout);
}

/*
 * How full the drive's buffer is. Its lowest point counts once the data
 * acknowledged could have filled it; the write phase ends with the last
 * acknowledgement, so the drive emptying it afterwards does not count.
 */
static void sample_drive(struct shared *sh)
{
	uint32_t size, free;
	int fill, ret = -ENODEV;

	pthread_mutex_lock(&sh->drive_lock);
	if (sh->drive && atomic_load(&sh->phase) == PHASE_WRITE)
		ret = we2_drive_buffer(sh->drive, &size, &free);
	pthread_mutex_unlock(&sh->drive_lock);
	if (ret || !size) {
		atomic_store(&sh->drive_fill, -1);
		return;
	}
	sh->drive_buf = size;
	fill = (int)((uint64_t)(size - free) * 100 / size);
	atomic_store(&sh->drive_fill, fill);
	if (sectors_done(sh) * sh->bps < size)
		return;
	if (!atomic_load(&sh->drive_samples) || fill < atomic_load(&sh->drive_min))
		atomic_store(&sh->drive_min, fill);
	atomic_fetch_add(&sh->drive_samples, 1);
}

/* One progress update, from the helper thread. */
static void show_progress(struct shared *sh)
{
	int phase = atomic_load(&sh->phase);
	uint64_t done;

	if (sh->quiet || phase == PHASE_IDLE)
		return;
	if (phase == PHASE_WRITE)
		done = sectors_done(sh) * sh->bps;
	else
		done = atomic_load(&sh->verify_bytes);

	pthread_mutex_lock(&sh->out_lock);
	if (atomic_load(&sh->phase) != phase) {
		/* main ended the phase meanwhile and printed its last state */
	} else if (sh->tty) {
		draw_bar(sh, phase == PHASE_WRITE ? "write" : "verify", done,
			 phase == PHASE_WRITE ? sh->total_bytes : sh->verify_total);
	} else if (phase == PHASE_WRITE) {
		progress_line(sh, done);
	}
	pthread_mutex_unlock(&sh->out_lock);
}

static void phase_start(struct shared *sh, enum phase phase)
{
	clock_gettime(CLOCK_MONOTONIC, &sh->t0);
	if (cdr_active() && phase == PHASE_WRITE && !sh->quiet)
		cdr_write_start();
	atomic_store(&sh->phase, phase);
}

/* End a phase: show its final state once, and stop the helper drawing. */
static void phase_end(struct shared *sh, uint64_t done)
{
	int phase = atomic_load(&sh->phase);

	pthread_mutex_lock(&sh->out_lock);
	atomic_store(&sh->phase, PHASE_IDLE);
	if (!sh->quiet && sh->tty) {
		draw_bar(sh, phase == PHASE_WRITE ? "write" : "verify", done,
			 phase == PHASE_WRITE ? sh->total_bytes : sh->verify_total);
		fputs("\n", stdout);
		sh->bar_drawn = false;
	} else if (!sh->quiet && phase == PHASE_WRITE) {
		progress_line(sh, done);
	}
	if (cdr_active() && !sh->quiet && phase == PHASE_WRITE)
		cdr_write_end(done, sh->total_bytes);
	pthread_mutex_unlock(&sh->out_lock);
}

/* ---- signals and cancel ------------------------------------------------ */

/*
 * A cancel is not remembered by the device: if it lands between the main
 * thread's check of @stop and the section's start, it gets -ENOENT and the
 * section would run in full. So keep cancelling for as long as the main
 * thread is in (or about to enter) a write. The main thread sets in_write
 * before it reads stop, and this thread sets stop before it reads
 * in_write, so one of the two always sees the other.
 */
static void cancel_write(struct shared *sh)
{
	struct timespec pause = { 0, 1000000 };
	int ret;

	/* the streaming writer remembers a cancel: no race to cover */
	if (atomic_load(&sh->streaming)) {
		we2_stream_cancel(sh->stream);
		return;
	}

	while (atomic_load(&sh->in_write)) {
		ret = we2_cancel(sh->fd);
		if (ret == 0)
			return;
		if (ret != -ENOENT) {
			say(sh, stderr, PROG ": cancel: %s\n", strerror(-ret));
			return;
		}
		nanosleep(&pause, NULL);
	}
}

static void *helper_main(void *arg)
{
	struct shared *sh = arg;
	long long interval = sh->tty ? TTY_INTERVAL_NS : LINE_INTERVAL_NS;
	/* the drive's buffer is sampled more often than progress is drawn */
	long long tick = sh->drive_path_set ? DRIVE_INTERVAL_NS : interval;
	struct timespec wait = { tick / 1000000000LL, tick % 1000000000LL };
	unsigned int ticks = 0;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);	/* main: wake up, done is set */

	while (!atomic_load(&sh->done)) {
		sig = sigtimedwait(&set, NULL, &wait);
		if (sig == SIGINT || sig == SIGTERM) {
			if (!atomic_load(&sh->stop))
				say(sh, stderr, PROG ": %s, cancelling\n",
				    sig == SIGINT ? "SIGINT" : "SIGTERM");
			atomic_store(&sh->stop, sig);
			cancel_write(sh);
			continue;
		}
		if (atomic_load(&sh->done))
			break;
		if (sig < 0 && errno == EAGAIN) {
			sample_drive(sh);
			if (++ticks % (interval / tick) == 0)
				show_progress(sh);
		}
	}
	return NULL;
}

/* ---- image input ------------------------------------------------------- */

/*
 * Wait until @fd can be read, or a stop was asked for. Regular files never
 * block; a pipe may, and a stop must not wait for its writer.
 */
static int wait_readable(struct shared *sh, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret;

	for (;;) {
		if (atomic_load(&sh->stop))
			return -ECANCELED;
		ret = poll(&pfd, 1, 200);
		if (ret > 0)
			return 0;
		if (ret < 0 && errno != EINTR)
			return -errno;
	}
}

/* Read up to @len bytes, fewer only at end of file. Returns bytes or -errno. */
static ssize_t read_full(struct shared *sh, int fd, bool may_block,
			 uint8_t *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int ret;

	while (got < len) {
		if (may_block) {
			ret = wait_readable(sh, fd);
			if (ret < 0)
				return ret;
		}
		n = read(fd, buf + got, len - got);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (!n)
			break;
		got += n;
	}
	return got;
}

static ssize_t pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = pread(fd, (uint8_t *)buf + got, len - got, off + got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			break;
		got += n;
	}
	return got;
}

/* ---- the write --------------------------------------------------------- */

struct burn {
	struct options		*o;
	struct shared		*sh;
	int			in_fd;
	bool			in_may_block;	/* a pipe or terminal */
	off_t			in_start;	/* image offset of byte 0, or -1 */
	uint64_t		image_bytes;	/* to write; UINT64_MAX: until EOF */
	uint64_t		read_bytes;	/* read from the image so far */
	uint64_t		sectors;	/* acknowledged by the device */
	double			secs;
	struct we2_burn_plan	plan;		/* --media auto */
	bool			pregap_due;	/* the CD's, before the data */
	bool			locked;		/* the tray, by us */
	uint64_t		track_sectors;	/* image and zeros; 0: image */
	char			drive_path[PATH_MAX];
	bool			hash_in;	/* a disc burned from a pipe */
	uint64_t		in_hash;	/* its bytes, for the verify */
};

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

/*
 * FNV-1a of @len bytes on from @h. A pipe cannot be read twice: a disc
 * burned from one is verified against the hash of what went by.
 */
static uint64_t hash_bytes(uint64_t h, const uint8_t *p, size_t len)
{
	while (len--)
		h = (h ^ *p++) * FNV_PRIME;
	return h;
}

/*
 * The sector a sense's information field names: fixed format holds 32 bits,
 * which a CD's negative LBAs fill in two's complement.
 */
static int64_t sense_lba(const struct we2_sense *s)
{
	return s->descriptor ? (int64_t)s->info : (int64_t)(int32_t)s->info;
}

/*
 * A deferred error (sense response code 71h or 73h) is not about the
 * command it came back with: a write the drive had already acknowledged
 * failed later, as the drive moved it from its buffer to the disc, and
 * the drive says so in answer to whatever command came next (a WRITE,
 * SYNCHRONIZE CACHE, CLOSE TRACK/SESSION). The count of sectors
 * acknowledged is then more than the disc holds. Says what it means and
 * returns true for such sense data.
 */
static bool say_deferred(struct burn *b, const uint8_t *sense, size_t len)
{
	struct we2_sense s;
	char at[48] = "";

	if (we2_sense_decode(sense, len, &s) || !s.deferred)
		return false;
	if (s.info_valid)
		snprintf(at, sizeof(at), " at LBA %" PRId64, sense_lba(&s));
	say(b->sh, stderr, PROG ": the drive reported a write error late "
	    "(deferred): a write it had acknowledged failed%s as it went from "
	    "the drive's buffer to the medium. The data before the failed "
	    "sector may be recorded, what follows it is not, whatever the "
	    "count of sectors written says.%s\n", at, b->o->disc ?
	    " The session is left open and the disc is probably unusable." :
	    "");
	return true;
}

/*
 * Where a write failed and why, the sense data in words. A deferred error
 * names the failed sector in its information field: the count of sectors
 * written is what the drive acknowledged before it told, not where the
 * medium refused.
 */
static void report_write_error(struct burn *b, int64_t lba, uint32_t count,
			       const struct we2_write_result *res, int ret)
{
	const char *why = ret == -ENODATA ? "the image ended early" :
			  strerror(-ret);
	struct shared *sh = b->sh;
	struct we2_sense s;

	if (res->sense_len && !we2_sense_decode(res->sense, res->sense_len, &s) &&
	    s.deferred && s.info_valid)
		say(sh, stderr, PROG ": write of %" PRIu32 " sectors at LBA %"
		    PRId64 " failed at LBA %" PRId64 " (deferred, after %"
		    PRIu64 " sectors were acknowledged): %s\n", count, lba,
		    sense_lba(&s),
		    (uint64_t)res->sectors_written, why);
	else
		say(sh, stderr, PROG ": write of %" PRIu32 " sectors at LBA %"
		    PRId64 " failed at LBA %" PRId64 ": %s\n", count, lba,
		    lba + (int64_t)res->sectors_written, why);
	if (res->sense_len) {
		char line[256];

		we2_strsense(res->sense, res->sense_len, line, sizeof(line));
		say(sh, stderr, PROG ": sense: %s\n", line);
		say_deferred(b, res->sense, res->sense_len);
	}
}

/* The streaming writer's progress callback, in the main thread. */
static int stream_progress(const struct we2_progress *p, void *arg)
{
	struct shared *sh = arg;

	atomic_store(&sh->buf_total, p->total_buffer_bytes);
	atomic_store(&sh->buf_used, p->used_buffer_bytes);
	atomic_store(&sh->stream_sectors,
		     (uint64_t)(p->last_written_lba - p->start_lba + 1));
	return 0;
}

/* The image as the streaming writer reads it: zeros pad its last sector. */
static ssize_t image_read(void *arg, void *buf, size_t len)
{
	struct burn *b = arg;
	uint64_t left = b->image_bytes - b->read_bytes;
	ssize_t n;

	if (!left) {
		memset(buf, 0, len);
		return len;
	}
	n = read_full(b->sh, b->in_fd, b->in_may_block, buf,
		      len < left ? len : (size_t)left);
	if (n > 0 && b->hash_in)
		b->in_hash = hash_bytes(b->in_hash, buf, n);
	if (n > 0)
		b->read_bytes += n;
	return n;
}

/*
 * A CD's pregap: zeros from LBA -150, written right before the data, once
 * the data is at hand, so that the drive's buffer does not drain between
 * the two.
 */
static int write_zeros(struct burn *b, int64_t lba, uint32_t count,
		       uint32_t *written)
{
	struct shared *sh = b->sh;
	size_t len = (size_t)count * b->o->bps;
	struct we2_write_result res;
	void *zeros;
	int ret;

	if (posix_memalign(&zeros, sysconf(_SC_PAGESIZE), len))
		return -ENOMEM;
	memset(zeros, 0, len);
	ret = we2_write_section(sh->fd, zeros, lba, count, &res);
	free(zeros);
	if (written)
		*written = res.sectors_written;
	if (ret < 0) {
		if (ret != -ECANCELED)
			report_write_error(b, lba, count, &res, ret);
		return ret;
	}
	return 0;
}

static int write_pregap(struct burn *b)
{
	const struct we2_burn_plan *p = &b->plan;

	if (!b->pregap_due)
		return 0;
	b->pregap_due = false;
	return write_zeros(b, p->pregap_lba, p->pregap_sectors, NULL);
}

/*
 * Stream the image (its size is known) as one section, or as few as the
 * 31-bit sector count allows. A regular file of whole sectors is handed to
 * the writer as a descriptor, so that it can read it with O_DIRECT.
 * Returns as burn_image().
 */
static int burn_stream(struct burn *b)
{
	struct shared *sh = b->sh;
	uint32_t bps = b->o->bps;
	uint64_t total = (b->image_bytes + bps - 1) / bps;
	/* a short CD track: image_read() pads it with zeros to its length */
	bool by_fd = !b->in_may_block && b->image_bytes % bps == 0 &&
		     b->track_sectors <= total;
	struct we2_write_result res;
	int ret = 0;

	if (b->track_sectors > total)
		total = b->track_sectors;
	phase_start(sh, PHASE_WRITE);
	ret = write_pregap(b);
	while (!ret && b->sectors < total) {
		uint32_t count = total - b->sectors > INT32_MAX ?
				 INT32_MAX : (uint32_t)(total - b->sectors);
		int64_t lba = b->o->lba + (int64_t)b->sectors;

		if (atomic_load(&sh->stop)) {
			ret = -ECANCELED;
			break;
		}
		if (by_fd)
			ret = we2_stream_write_fd(sh->stream, b->in_fd, lba,
						  count, &res);
		else
			ret = we2_stream_write_cb(sh->stream, image_read, b,
						  lba, count, &res);
		atomic_store(&sh->stream_sectors, 0);
		b->sectors += res.sectors_written;
		atomic_store(&sh->base_sectors, b->sectors);
		if (by_fd)
			b->read_bytes = b->sectors * bps;
		if (ret < 0) {
			/* -EOPNOTSUPP up front: the caller falls back */
			if (ret != -ECANCELED &&
			    !(ret == -EOPNOTSUPP && !b->sectors))
				report_write_error(b, lba, count, &res, ret);
			break;
		}
		ret = 0;
	}
	b->secs = elapsed_s(&sh->t0);
	phase_end(sh, b->sectors * bps);
	return ret;
}

/*
 * Write the image with blocking sections. Returns 0, -ECANCELED when
 * stopped by a signal, or another -errno after printing what went wrong.
 */
static int burn_image(struct burn *b)
{
	struct shared *sh = b->sh;
	uint32_t bps = b->o->bps;
	size_t chunk = (size_t)b->o->chunk_sectors * bps;
	struct we2_write_result res;
	uint8_t *buf;
	int ret = 0;

	ret = posix_memalign((void **)&buf, sysconf(_SC_PAGESIZE), chunk);
	if (ret) {
		say(sh, stderr, PROG ": cannot allocate %zu bytes: %s\n", chunk,
		    strerror(ret));
		return -ret;
	}

	phase_start(sh, PHASE_WRITE);
	while (b->read_bytes < b->image_bytes) {
		uint64_t left = b->image_bytes - b->read_bytes;
		size_t want = left < chunk ? (size_t)left : chunk;
		uint32_t count;
		int64_t lba;
		ssize_t n;

		if (atomic_load(&sh->stop)) {
			ret = -ECANCELED;
			break;
		}
		n = read_full(sh, b->in_fd, b->in_may_block, buf, want);
		if (n < 0) {
			if (n != -ECANCELED)
				say(sh, stderr, PROG ": %s: read: %s\n",
				    b->o->image, strerror((int)-n));
			ret = (int)n;
			break;
		}
		if (!n)
			break;
		if (b->hash_in)
			b->in_hash = hash_bytes(b->in_hash, buf, n);
		b->read_bytes += n;
		ret = write_pregap(b);
		if (ret)
			break;

		/* the last partial sector is padded with zeros */
		count = (uint32_t)((n + bps - 1) / bps);
		memset(buf + n, 0, (size_t)count * bps - n);

		lba = b->o->lba + (int64_t)b->sectors;
		atomic_store(&sh->cur_lba, lba);
		atomic_store(&sh->cur_count, count);
		atomic_store(&sh->in_write, true);
		if (atomic_load(&sh->stop)) {
			atomic_store(&sh->in_write, false);
			ret = -ECANCELED;
			break;
		}
		ret = we2_write_section(sh->fd, buf, lba, count, &res);
		b->sectors += res.sectors_written;
		atomic_store(&sh->base_sectors, b->sectors);
		atomic_store(&sh->in_write, false);

		if (ret == -ECANCELED)
			break;
		if (ret < 0) {
			report_write_error(b, lba, count, &res, ret);
			break;
		}
		ret = 0;
		if ((size_t)n < want)	/* end of the image */
			break;
	}
	/* a short CD track: zeros to its length */
	if (!ret && b->sectors < b->track_sectors) {
		uint32_t count = (uint32_t)(b->track_sectors - b->sectors);
		uint32_t done = 0;

		atomic_store(&sh->in_write, true);
		ret = atomic_load(&sh->stop) ? -ECANCELED :
		      write_zeros(b, b->o->lba + (int64_t)b->sectors, count,
				  &done);
		atomic_store(&sh->in_write, false);
		b->sectors += done;
		atomic_store(&sh->base_sectors, b->sectors);
	}

	b->secs = elapsed_s(&sh->t0);
	phase_end(sh, b->sectors * bps);
	free(buf);
	return ret;
}

/* ---- verify ------------------------------------------------------------ */

/*
 * Read the written bytes back from o->verify (O_DIRECT, so not from a stale
 * page cache) and compare them with the image and its zero padding.
 * Returns 0 when they match, 1 on a mismatch, -errno on an error.
 */
static int verify_image(struct burn *b, uint64_t *bad_at)
{
	struct shared *sh = b->sh;
	uint64_t total = b->sectors * b->o->bps;
	uint64_t dev_off = (uint64_t)b->o->lba * b->o->bps;
	size_t align = 4096, bufsz = VERIFY_BUF_BYTES;
	uint8_t *dbuf = NULL, *ibuf = NULL;
	uint64_t pos = 0;
	struct stat st;
	int fd, ret = 0, lbs;

	fd = open(b->o->verify, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0 && errno == EINVAL) {
		/* a file system without O_DIRECT: only good for tests */
		fd = open(b->o->verify, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && !sh->quiet)
			say(sh, stderr, PROG ": %s: no O_DIRECT, reading "
			    "through the page cache\n", b->o->verify);
	}
	if (fd < 0) {
		ret = -errno;
		say(sh, stderr, PROG ": %s: %s\n", b->o->verify, strerror(-ret));
		return ret;
	}
	if (!fstat(fd, &st) && S_ISBLK(st.st_mode) &&
	    !ioctl(fd, BLKSSZGET, &lbs) && lbs > (int)align)
		align = lbs;
	if (bufsz < 2 * align)
		bufsz = 2 * align;
	if (posix_memalign((void **)&dbuf, align, bufsz) ||
	    posix_memalign((void **)&ibuf, align, bufsz)) {
		say(sh, stderr, PROG ": verify: out of memory\n");
		ret = -ENOMEM;
		goto out;
	}

	sh->verify_total = total;
	phase_start(sh, PHASE_VERIFY);
	while (pos < total) {
		uint64_t abs = dev_off + pos;
		size_t skew = abs % align;
		size_t want = bufsz - skew;	/* so that the read ends aligned */
		size_t len, usable, i, img;
		ssize_t n;

		if (atomic_load(&sh->stop)) {
			ret = -ECANCELED;
			break;
		}
		if (want > total - pos)
			want = total - pos;
		len = (skew + want + align - 1) / align * align;
		n = pread_full(fd, dbuf, len, abs - skew);
		if (n < 0) {
			say(sh, stderr, PROG ": %s: read at byte %" PRIu64
			    ": %s\n", b->o->verify, abs - skew, strerror((int)-n));
			ret = (int)n;
			break;
		}
		usable = (size_t)n > skew ? (size_t)n - skew : 0;
		if (usable > want)
			usable = want;

		/* the image's bytes, then the zeros that padded its end */
		img = 0;
		if (pos < b->read_bytes) {
			img = want;
			if (img > b->read_bytes - pos)
				img = b->read_bytes - pos;
			n = pread_full(b->in_fd, ibuf, img, b->in_start + pos);
			if (n != (ssize_t)img) {
				say(sh, stderr, PROG ": %s: cannot read it again: %s\n",
				    b->o->image, n < 0 ? strerror((int)-n) :
				    "it got shorter");
				ret = n < 0 ? (int)n : -EIO;
				break;
			}
		}
		memset(ibuf + img, 0, want - img);

		for (i = 0; i < usable; i++)
			if (dbuf[skew + i] != ibuf[i])
				break;
		if (i < usable || usable < want) {
			if (i == usable)
				say(sh, stderr, PROG ": %s ends at byte %" PRIu64
				    "\n", b->o->verify, abs + usable);
			*bad_at = pos + i;
			ret = 1;
			break;
		}
		pos += want;
		atomic_store(&sh->verify_bytes, pos);
	}
	phase_end(sh, pos);
out:
	free(dbuf);
	free(ibuf);
	close(fd);
	return ret;
}

/* ---- a whole disc (--media auto) -------------------------------------- */

static void drive_error(struct burn *b, const char *what);

/*
 * Read the track back with READ(10) through SG_IO on the drive we hold,
 * not through /dev/srN's block device: a drive that reports no media
 * change after a close (as SATA drives do) leaves sr with the blank
 * disc's capacity, and reading the new disc through it would fail a good
 * burn; nor does anything else get the drive between the burn and its
 * check. Returns as verify_image().
 */
static int verify_drive(struct burn *b, uint64_t *bad_at)
{
	struct shared *sh = b->sh;
	uint32_t bps = b->o->bps;
	size_t len = (size_t)VERIFY_CMD_SECTORS * bps;
	uint64_t done = 0, total = b->sectors, hash = FNV_OFFSET;
	uint8_t *dbuf, *ibuf;
	int ret = 0;

	dbuf = malloc(len);
	ibuf = malloc(len);
	if (!dbuf || !ibuf) {
		say(sh, stderr, PROG ": verify: out of memory\n");
		free(dbuf);
		free(ibuf);
		return -ENOMEM;
	}
	sh->verify_total = total * bps;
	phase_start(sh, PHASE_VERIFY);
	while (done < total) {
		uint32_t n = total - done < VERIFY_CMD_SECTORS ?
			     (uint32_t)(total - done) : VERIFY_CMD_SECTORS;
		int64_t lba = b->o->lba + (int64_t)done;
		uint8_t cdb[10] = { 0x28, 0, lba >> 24, lba >> 16, lba >> 8,
				    lba, 0, n >> 8, n, 0 };
		uint64_t pos = done * bps;
		size_t bytes = (size_t)n * bps, img = 0, from = 0, i;
		ssize_t got;
		int r;

		if (atomic_load(&sh->stop)) {
			ret = -ECANCELED;
			break;
		}
		r = we2_drive_cmd(sh->drive, cdb, sizeof(cdb), WE2_DIR_IN, dbuf,
				  bytes, 0);
		if (r < 0) {
			char what[64];

			snprintf(what, sizeof(what), "reading back LBA %" PRId64,
				 lba);
			drive_error(b, what);
			ret = r;
			break;
		}
		/* the image's bytes, then the zeros that padded its end */
		if (pos < b->read_bytes) {
			img = bytes;
			if (img > b->read_bytes - pos)
				img = b->read_bytes - pos;
		}
		if (b->hash_in) {
			/*
			 * A pipe's bytes cannot be read again: they are
			 * hashed here and the hash checked at the end; only
			 * the padding after them is compared.
			 */
			from = img < (size_t)r ? img : (size_t)r;
			hash = hash_bytes(hash, dbuf, from);
		} else if (img) {
			got = pread_full(b->in_fd, ibuf, img, b->in_start + pos);
			if (got != (ssize_t)img) {
				say(sh, stderr, PROG ": %s: cannot read it again: "
				    "%s\n", b->o->image, got < 0 ?
				    strerror((int)-got) : "it got shorter");
				ret = got < 0 ? (int)got : -EIO;
				break;
			}
		}
		memset(ibuf + img, 0, bytes - img);
		for (i = from; i < (size_t)r && dbuf[i] == ibuf[i]; i++)
			;
		if (i < bytes) {
			if (i == (size_t)r)
				say(sh, stderr, PROG ": %s: READ at LBA %" PRId64
				    " gave %d of %zu bytes\n", b->drive_path,
				    lba, r, bytes);
			*bad_at = pos + i;
			ret = 1;
			break;
		}
		done += n;
		atomic_store(&sh->verify_bytes, done * bps);
	}
	if (!ret && b->hash_in && hash != b->in_hash) {
		*bad_at = UINT64_MAX;	/* somewhere: a hash has no offset */
		ret = 1;
	}
	phase_end(sh, done * bps);
	free(dbuf);
	free(ibuf);
	return ret;
}

static const char *disc_status_str(uint8_t status)
{
	static const char *const names[] = { "blank", "appendable", "closed",
					     "in another state" };

	return names[status & 3];
}

static void drive_error(struct burn *b, const char *what)
{
	char line[256];

	uint8_t sense[WE2_SENSE_MAX];
	int len;

	we2_drive_strerror(b->sh->drive, line, sizeof(line));
	say(b->sh, stderr, PROG ": %s: %s: %s\n", b->drive_path, what, line);
	len = we2_drive_sense(b->sh->drive, sense, sizeof(sense));
	say_deferred(b, sense, len);
}

/* The plan in words, as a person checking a burn wants to read it. */
static void say_plan(struct burn *b)
{
	const struct we2_burn_plan *p = &b->plan;
	char text[256];

	we2_burn_plan_text(p, text, sizeof(text));
	say(b->sh, stdout, PROG ": %s: %s, %s, track %u at LBA %" PRId64
	    ", %" PRIu32 " sectors free\n", b->drive_path,
	    we2_profile_str(p->profile), disc_status_str(p->disc.status),
	    p->track, p->lba, p->next.free);
	say(b->sh, stdout, PROG ": plan: %s\n", text);
	if (b->track_sectors)
		say(b->sh, stdout, PROG ": the image is shorter than a CD track "
		    "may be: %" PRIu64 " sectors of zeros after its %" PRIu64
		    ", to MMC's %u (4 seconds)\n", b->track_sectors -
		    (b->image_bytes + b->o->bps - 1) / b->o->bps,
		    (b->image_bytes + b->o->bps - 1) / b->o->bps,
		    WE2_CD_MIN_TRACK);
}

/* 1x in kB/s as drives count it (a CD's: 75 sectors of 2352 bytes) */
static double disc_one_x(int media)
{
	return we2_media_one_x(media, NULL) / 1000.0;
}

/*
 * --speed Nx: what the drive calls Nx, from the speeds it lists. A drive
 * asked for a speed takes the one it has at or below it, so N x 176 kB/s
 * gets a CD drive that lists 8467 for 48x its 40x; so the listed speed
 * nearest N x 1x is asked for, or, with none near, the fastest below.
 * Returns the kB/s to ask for.
 */
static uint32_t disc_pick_speed(struct burn *b, double x)
{
	const struct we2_burn_plan *p = &b->plan;
	struct shared *sh = b->sh;
	uint32_t list[WE2_SPEEDS_MAX], want = (uint32_t)(x *
					disc_one_x(p->media) + 0.5);
	char names[WE2_SPEEDS_MAX * 8] = "";
	size_t len = 0;
	bool near;
	int n, i;

	n = we2_drive_write_speeds(sh->drive, list, WE2_SPEEDS_MAX);
	if (n <= 0) {
		if (!sh->quiet)
			say(sh, stdout, PROG ": %s lists no write speeds; asking "
			    "for %gx as %" PRIu32 " kB/s\n", b->drive_path, x,
			    want);
		return want;
	}
	i = we2_write_speed_pick(list, n, want, &near);
	if (i < 0)
		return want;
	if (!sh->quiet && near) {
		say(sh, stdout, PROG ": %s: %gx is its %" PRIu32 " kB/s\n",
		    b->drive_path, x, list[i]);
	} else if (!sh->quiet) {
		for (int j = 0; j < n && len < sizeof(names); j++)
			len += snprintf(names + len, sizeof(names) - len, "%s%"
					PRIu32, j ? " " : "", list[j]);
		say(sh, stdout, PROG ": %s has no %gx (%" PRIu32 " kB/s) among "
		    "its speeds (%s kB/s); asking for %" PRIu32 " kB/s (%.1fx), "
		    "%s\n", b->drive_path, x, want, names, list[i],
		    list[i] / disc_one_x(p->media), list[i] <= want ?
		    "the fastest below it" : "the slowest it has");
	}
	return list[i];
}

/* Ask for --speed; say what the drive chose. */
static int disc_speed(struct burn *b)
{
	const struct we2_burn_plan *p = &b->plan;
	struct shared *sh = b->sh;
	const char *arg = b->o->speed;
	uint32_t kbps = 0, now;
	double x;

	if (arg) {
		if (we2_speed_parse(arg, &x, &kbps)) {
			say(sh, stderr, PROG ": --speed: with --media auto, Nx "
			    "or N kB/s, not %s\n", arg);
			return -EINVAL;
		}
		if (x > 0)
			kbps = disc_pick_speed(b, x);
		if (we2_drive_set_write_speed(sh->drive, p->profile, kbps,
					      p->last_lba)) {
			drive_error(b, "setting the write speed");
			return -EIO;
		}
	}
	if (!we2_drive_write_speed(sh->drive, &now) && !sh->quiet)
		say(sh, stdout, PROG ": %s writes at %" PRIu32 " kB/s (%.1fx)%s\n",
		    b->drive_path, now, (double)now / p->one_x_kbps,
		    kbps ? "" : ", its own choice");
	return 0;
}

/* ---- rewritable media: --blank, --format ------------------------------ */

struct rw_show {
	struct shared	*sh;
	int		last;		/* the last tenth said, -1 none */
};

/* we2_rw_ready()'s steps: a line as each starts, then each tenth done */
static void rw_progress(int step, int percent, void *arg)
{
	struct rw_show *r = arg;
	const char *what = step == WE2_STEP_BLANK ? "blanking" : "formatting";

	if (r->sh->quiet)
		return;
	if (percent < 0 && r->last < 0) {
		say(r->sh, stdout, PROG ": %s the disc\n", what);
		r->last = 0;
	} else if (percent >= 0 && percent / 10 > r->last) {
		r->last = percent / 10;
		say(r->sh, stdout, PROG ": %s: %d%%\n", what, percent);
	}
}

static bool overwritable(uint16_t profile)
{
	return profile == WE2_PROFILE_DVD_PLUS_RW ||
	       profile == WE2_PROFILE_BD_RE;
}

/*
 * Before a burn, or alone: a CD-RW blanked (--blank: when not blank; alone,
 * whatever it holds), a DVD+RW or BD-RE formatted (--format: whatever it
 * holds; a new one is formatted by any burn). A disc of another kind for
 * --blank or --format is refused before anything is sent. Returns 0 or
 * -errno, said.
 */
static int rw_step(struct we2_drive *d, const char *path,
		   const struct options *o, struct shared *sh)
{
	struct rw_show show = { .sh = sh, .last = -1 };
	unsigned int flags = o->rw;
	uint16_t profile = 0;
	char line[256];
	int ret;

	/* a simulation changes nothing: its plan refuses what needs it */
	if (o->dummy)
		return 0;
	ret = we2_drive_ready(d, 60000);
	if (!ret)
		ret = we2_drive_profile(d, &profile);
	if (ret == -EIO) {
		we2_drive_strerror(d, line, sizeof(line));
		say(sh, stderr, PROG ": %s: asking about the disc: %s\n", path,
		    line);
		return ret;
	} else if (ret) {
		say(sh, stderr, PROG ": %s: asking about the disc: %s\n", path,
		    strerror(-ret));
		return ret;
	}
	if ((o->blank && profile != WE2_PROFILE_CD_RW) ||
	    (o->format && !overwritable(profile))) {
		say(sh, stderr, PROG ": %s: %s: the disc is %s %s, not %s; "
		    "nothing was sent to the drive\n", path,
		    o->blank ? "--blank" : "--format",
		    profile ? "a" : "not", profile ? we2_profile_str(profile) :
		    "there", o->blank ? "a CD-RW" : "a DVD+RW or BD-RE");
		return -EMEDIUMTYPE;
	}
	if (o->format || o->rw_alone)
		flags |= WE2_RW_FORCE;
	ret = we2_rw_ready(d, flags, rw_progress, &show);
	if (ret == -EIO) {
		we2_drive_strerror(d, line, sizeof(line));
		say(sh, stderr, PROG ": %s: %s: %s\n", path, o->blank ||
		    profile == WE2_PROFILE_CD_RW ? "blanking" : "formatting",
		    line);
	} else if (ret < 0) {
		say(sh, stderr, PROG ": %s: %s: %s\n", path, o->blank ||
		    profile == WE2_PROFILE_CD_RW ? "blanking" : "formatting",
		    ret == -EPROTO ? "the drive lists no such format" :
		    strerror(-ret));
	}
	if (ret > 0 && !sh->quiet) {
		struct we2_format_caps caps;

		if (overwritable(profile) && !we2_drive_format_caps(d, &caps))
			say(sh, stdout, PROG ": %s: formatted %s, %" PRIu32
			    " sectors\n", path, we2_profile_str(profile),
			    caps.current_blocks);
		else
			say(sh, stdout, PROG ": %s: blanked %s\n", path,
			    we2_profile_str(profile));
	}
	return ret < 0 ? ret : 0;
}

/*
 * Find the drive behind the we2 node, hold it, see what disc it has and
 * plan the burn. Returns 0 or -errno, having said what went wrong.
 */
static int disc_open(struct burn *b)
{
	struct options *o = b->o;
	struct shared *sh = b->sh;
	uint64_t sectors = (b->image_bytes + o->bps - 1) / o->bps;
	int ret;

	if (o->drive) {
		snprintf(b->drive_path, sizeof(b->drive_path), "%s", o->drive);
	} else if (o->id.sr[0]) {
		snprintf(b->drive_path, sizeof(b->drive_path), "%s", o->id.sr);
	} else {
		ret = we2_drive_path(sh->fd, b->drive_path, sizeof(b->drive_path));
		if (ret) {
			say(sh, stderr, PROG ": %s: no /dev/srN found for it "
			    "(%s); give --drive\n", o->device, strerror(-ret));
			return ret;
		}
	}
	ret = we2_drive_open(&sh->drive, b->drive_path);
	if (ret) {
		say(sh, stderr, PROG ": %s: %s\n", b->drive_path,
		    ret == -EBUSY ? "busy: another program holds the drive" :
		    strerror(-ret));
		return ret;
	}
	ret = rw_step(sh->drive, b->drive_path, o, sh);
	if (ret)
		return ret;
	ret = we2_burn_inquire(sh->drive, sectors,
			       (o->multi ? WE2_BURN_MULTI : 0) |
			       (o->dummy ? WE2_BURN_DUMMY : 0), &b->plan);
	if (ret == -EIO) {
		drive_error(b, "asking about the disc");
		return ret;
	}
	if (ret) {
		const struct we2_burn_plan *p = &b->plan;

		say(sh, stderr, PROG ": %s: cannot burn %" PRIu64 " sectors on "
		    "this %s (%s): %s\n", b->drive_path, sectors,
		    we2_profile_str(p->profile), disc_status_str(p->disc.status),
		    ret == -EMEDIUMTYPE ? "not a disc we burn" :
		    ret == -EROFS ? "the disc is closed" :
		    ret == -ENOTEMPTY ? "it is not blank: --blank=fast (or "
					"all) blanks it first" :
		    ret == -EUCLEAN ? "it is not formatted" :
		    ret == -ENOSPC ? "it does not fit" :
		    ret == -EBUSY ? "a track or session is left open" :
		    ret == -EOPNOTSUPP ? "it has no simulation (Test Write: "
					 "CD-R, CD-RW and DVD-R have)" :
		    strerror(-ret));
		return ret;
	}
	o->lba = b->plan.lba;
	if (b->plan.sectors > sectors) {
		b->track_sectors = b->plan.sectors;
		sh->total_bytes = (uint64_t)b->plan.sectors * o->bps;
	}
	we2_media_one_x(b->plan.media, &sh->media_1x);
	if (!o->quiet)
		say_plan(b);
	/*
	 * Nobody takes the disc out of a burn half done. A drive without a
	 * lock still burns: the lock guards against people, not the burn.
	 */
	if (we2_drive_lock(sh->drive, true))
		drive_error(b, "locking the tray (burning unlocked)");
	else
		b->locked = true;
	return disc_speed(b);
}

/*
 * Let the drive go, on every way out of a disc burn: the tray unlocked
 * (the kernel would unlock it on the last close too, but only where it
 * knows the drive can lock), the helper no longer sampling it, the node
 * closed, so that opening it again re-reads the new disc.
 */
static void disc_release(struct burn *b)
{
	struct shared *sh = b->sh;
	struct we2_drive *d = sh->drive;

	if (!d)
		return;
	pthread_mutex_lock(&sh->drive_lock);
	sh->drive = NULL;
	pthread_mutex_unlock(&sh->drive_lock);
	if (b->locked && we2_drive_lock(d, false)) {
		char line[256];

		we2_drive_strerror(d, line, sizeof(line));
		say(sh, stderr, PROG ": %s: unlocking the tray: %s\n",
		    b->drive_path, line);
	}
	b->locked = false;
	we2_drive_close(d);
}

/* Page 05h, the cue sheet or the reservation; the pregap comes with the data. */
static int disc_prepare(struct burn *b)
{
	if (we2_burn_prepare(b->sh->drive, &b->plan)) {
		drive_error(b, "preparing the disc");
		return -EIO;
	}
	b->pregap_due = b->plan.pregap_sectors > 0;
	return 0;
}

static void finish_step(int step, int percent, void *arg)
{
	static const char *const names[] = {
		[WE2_STEP_FLUSH] = "flushing the drive's buffer",
		[WE2_STEP_CLOSE_TRACK] = "closing the track",
		[WE2_STEP_CLOSE_SESSION] = "closing the session",
		[WE2_STEP_FINALIZE] = "finalizing the disc",
	};
	struct shared *sh = arg;

	if (percent < 0 && !sh->quiet)
		say(sh, stdout, PROG ": %s\n", names[step]);
}

/* After the last sector: flush and close as planned, let the drive go. */
static int disc_finish(struct burn *b)
{
	struct shared *sh = b->sh;
	int n = atomic_load(&sh->drive_samples);
	int ret;

	if (n)
		say(sh, stdout, PROG ": drive buffer: %" PRIu32 " KiB, lowest "
		    "%d%% while writing (%d samples)\n", sh->drive_buf >> 10,
		    atomic_load(&sh->drive_min), n);
	ret = we2_burn_finish(sh->drive, &b->plan, finish_step, sh);
	if (ret == -EIO)
		drive_error(b, "closing");
	else if (ret)
		say(sh, stderr, PROG ": %s: closing: %s\n", b->drive_path,
		    strerror(-ret));
	return ret;
}

/*
 * After a simulation: the disc must be as the plan found it (blank, or
 * as appendable as before), or the drive recorded what it was told not to
 */
static int dummy_check(struct burn *b)
{
	const struct we2_disc_info *was = &b->plan.disc;
	struct shared *sh = b->sh;
	struct we2_disc_info di;
	int ret;

	ret = we2_drive_disc_info(sh->drive, &di);
	if (ret == -EIO) {
		drive_error(b, "asking about the disc after the simulation");
		return ret;
	}
	if (ret) {
		say(sh, stderr, PROG ": %s: asking about the disc after the "
		    "simulation: %s\n", b->drive_path, strerror(-ret));
		return ret;
	}
	if (di.status != was->status || di.sessions != was->sessions ||
	    di.last_track != was->last_track) {
		say(sh, stderr, PROG ": %s: the simulation changed the disc: %s "
		    "with %u sessions, %u tracks, was %s with %u, %u\n",
		    b->drive_path, disc_status_str(di.status), di.sessions,
		    di.last_track, disc_status_str(was->status), was->sessions,
		    was->last_track);
		return -EPROTO;
	}
	if (!sh->quiet)
		say(sh, stdout, PROG ": simulated a burn of %s in %s: nothing "
		    "recorded, the disc %s as before\n",
		    we2_profile_str(b->plan.profile), b->drive_path,
		    disc_status_str(di.status));
	return 0;
}

/* ---- --fix: close a disc an interrupted burn left open ------------------ */

/* One close (CLOSE TRACK/SESSION) sent with IMMED and waited for. */
static int fix_close(struct burn *b, unsigned int fn, uint16_t track,
		     const char *what)
{
	struct we2_drive *d = b->sh->drive;
	int ret;

	if (!b->o->quiet)
		say(b->sh, stdout, PROG ": %s\n", what);
	ret = fn ? we2_drive_close_track(d, fn, track, true) :
		   we2_drive_sync(d, true);
	if (!ret)
		ret = we2_drive_wait_ready(d, 30 * 60 * 1000, NULL, NULL);
	if (ret == -EIO)
		drive_error(b, what);
	else if (ret)
		say(b->sh, stderr, PROG ": %s: %s: %s\n", b->drive_path, what,
		    strerror(-ret));
	return ret;
}

/*
 * What an interrupted burn leaves: a DVD or BD track reserved or open and
 * partly written, its session incomplete; so does any burner killed
 * mid-disc. Closing the track, then the session (finalizing unless
 * --multi), makes what was written readable. A CD burned session-at-once
 * has no such way back: the drive writes its lead-in and TOC from the cue
 * sheet only at the end of the write. Returns the exit status.
 */
static int fix_run(struct burn *b)
{
	struct shared *sh = b->sh;
	struct we2_drive *d = sh->drive;
	uint16_t profile = 0, open_tracks[8];
	struct we2_disc_info di;
	struct we2_track_info ti;
	unsigned int n_open = 0, i, fn;
	int media, ret;
	char what[96];

	ret = we2_drive_ready(d, 60 * 1000);
	if (!ret)
		ret = we2_drive_profile(d, &profile);
	if (!ret)
		ret = we2_drive_disc_info(d, &di);
	if (ret) {
		if (ret == -EIO)
			drive_error(b, "asking about the disc");
		else
			say(sh, stderr, PROG ": %s: asking about the disc: %s\n",
			    b->drive_path, strerror(-ret));
		return EXIT_FAILURE;
	}
	media = we2_profile_media(profile);
	if (!media) {
		say(sh, stderr, PROG ": %s: %s: not a write-once disc we burn\n",
		    b->drive_path, we2_profile_str(profile));
		return EXIT_FAILURE;
	}
	if (di.status == WE2_DISC_BLANK || di.status == WE2_DISC_COMPLETE) {
		say(sh, stdout, PROG ": %s: %s, %s: nothing to fix\n",
		    b->drive_path, we2_profile_str(profile),
		    disc_status_str(di.status));
		return EXIT_SUCCESS;
	}
	/* the last session's tracks still open or reserved */
	for (i = di.first_track; i <= di.last_track && n_open < 8; i++) {
		if (we2_drive_track_info(d, i, &ti)) {
			drive_error(b, "reading a track's information");
			return EXIT_FAILURE;
		}
		if (ti.reserved || (!ti.blank && ti.nwa_valid))
			open_tracks[n_open++] = ti.track;
	}
	if (di.last_session != WE2_SESSION_INCOMPLETE && !n_open) {
		say(sh, stdout, PROG ": %s: %s, appendable, its sessions closed: "
		    "nothing to fix\n", b->drive_path, we2_profile_str(profile));
		return EXIT_SUCCESS;
	}
	if (media == WE2_MEDIA_CD) {
		say(sh, stderr, PROG ": %s: this %s's session-at-once write was "
		    "interrupted: the drive writes a CD's lead-in and table of "
		    "contents only at the end of it, so this disc cannot be "
		    "fixed\n", b->drive_path, we2_profile_str(profile));
		return EXIT_FAILURE;
	}
	if (!sh->quiet)
		say(sh, stdout, PROG ": %s: %s, its last session left open (%u "
		    "open track%s)\n", b->drive_path, we2_profile_str(profile),
		    n_open, n_open == 1 ? "" : "s");
	if (!we2_drive_lock(d, true))
		b->locked = true;
	if (fix_close(b, 0, 0, "flushing the drive's buffer"))
		return EXIT_FAILURE;
	for (i = 0; i < n_open; i++) {
		snprintf(what, sizeof(what), "closing track %u", open_tracks[i]);
		if (fix_close(b, 1, open_tracks[i], what))
			return EXIT_FAILURE;
	}
	/* as the burn would have: DVD-R's session close finalizes per page 05h */
	fn = b->o->multi || profile == WE2_PROFILE_DVD_R ||
	     profile == WE2_PROFILE_DVD_R_DL ? 2 :
	     profile == WE2_PROFILE_DVD_PLUS_R ? 5 : 6;
	if (fix_close(b, fn, 0, fn == 2 ? "closing the session" :
		      "finalizing the disc"))
		return EXIT_FAILURE;
	if (we2_drive_disc_info(d, &di)) {
		drive_error(b, "asking about the disc");
		return EXIT_FAILURE;
	}
	say(sh, stdout, PROG ": %s: fixed: the %s is %s\n", b->drive_path,
	    we2_profile_str(profile), disc_status_str(di.status));
	return di.last_session == WE2_SESSION_INCOMPLETE ? EXIT_FAILURE :
	       EXIT_SUCCESS;
}

/* DEVICE's /dev/srN: --drive, found in sysfs, or through its we2 node */
static int disc_drive_path(struct options *o, char *buf, size_t size)
{
	int fd, ret;

	if (o->drive || o->id.sr[0]) {
		snprintf(buf, size, "%s", o->drive ? o->drive : o->id.sr);
		return 0;
	}
	fd = we2_open(o->device, O_RDONLY);
	ret = fd < 0 ? fd : we2_drive_path(fd, buf, size);
	if (fd >= 0)
		we2_close(fd);
	if (ret)
		fprintf(stderr, PROG ": %s: no /dev/srN found for it (%s); give "
			"--drive\n", o->device, strerror(-ret));
	return ret;
}

static int fix_main(struct options *o)
{
	struct shared sh = {
		.out_lock = PTHREAD_MUTEX_INITIALIZER,
		.drive_lock = PTHREAD_MUTEX_INITIALIZER,
		.quiet = o->quiet,
	};
	struct burn b = { .o = o, .sh = &sh };
	int ret, status;

	if (disc_drive_path(o, b.drive_path, sizeof(b.drive_path)))
		return EXIT_FAILURE;
	ret = we2_drive_open(&sh.drive, b.drive_path);
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", b.drive_path,
			ret == -EBUSY ? "busy: another program holds the drive" :
			strerror(-ret));
		return EXIT_FAILURE;
	}
	status = fix_run(&b);
	disc_release(&b);
	return status;
}

/* the burner's blank or format states, said as rw_progress() says them */
static int rw_burner_progress(const struct we2_burner_progress *p, void *arg)
{
	if (p->state == WE2_BURNER_BLANK || p->state == WE2_BURNER_FORMAT)
		rw_progress(p->state == WE2_BURNER_BLANK ? WE2_STEP_BLANK :
			    WE2_STEP_FORMAT, p->percent, arg);
	return 0;
}

/*
 * --blank or --format without IMAGE: libwe2's burner does it
 * (we2_burner_blank(), _format(): the drive held, the tray locked, the
 * disc's kind checked before anything is sent), then the tray opened if
 * --eject
 */
static int rw_main(struct options *o)
{
	struct shared sh = {
		.out_lock = PTHREAD_MUTEX_INITIALIZER,
		.drive_lock = PTHREAD_MUTEX_INITIALIZER,
		.quiet = o->quiet,
	};
	struct rw_show show = { .sh = &sh, .last = -1 };
	struct we2_burner_opts bo = {
		.size = sizeof(bo),
		.flags = WE2_BURNER_NO_IMAGE,
		.image_fd = -1,
		.rw_flags = o->rw,
		.progress = rw_burner_progress,
		.progress_arg = &show,
	};
	const char *sr, *what = o->blank ? "blanked" : "formatted";
	struct we2_format_caps caps;
	struct we2_burner *bu;
	uint16_t profile = 0;
	struct we2_drive *d;
	int ret;

	ret = we2_burner_create(&bu, o->drive ? o->drive : o->device, &bo);
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", o->drive ? o->drive :
			o->device, strerror(-ret));
		return EXIT_FAILURE;
	}
	sr = we2_burner_drive(bu)->sr;
	ret = o->blank ? we2_burner_blank(bu) : we2_burner_format(bu);
	if (ret == -EMEDIUMTYPE) {
		fprintf(stderr, PROG ": %s: %s: %s; nothing was sent to the "
			"drive\n", sr, o->blank ? "--blank" : "--format",
			we2_burner_error(bu));
		we2_burner_close(bu);
		return EXIT_FAILURE;
	}
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", sr, we2_burner_error(bu));
		we2_burner_close(bu);
		return ret == -ECANCELED ? EXIT_CANCELLED : EXIT_FAILURE;
	}
	ret = we2_drive_open(&d, sr);
	if (!ret) {
		/* the new disc's unit attention eaten */
		we2_drive_ready(d, 60000);
		we2_drive_profile(d, &profile);
		if (!o->quiet && !o->blank && !we2_drive_format_caps(d, &caps))
			printf(PROG ": %s: %s %s, %" PRIu32 " sectors\n", sr,
			       what, we2_profile_str(profile),
			       caps.current_blocks);
		else if (!o->quiet)
			printf(PROG ": %s: %s %s\n", sr, what,
			       we2_profile_str(profile));
		if (o->eject && we2_drive_eject(d)) {
			char line[256];

			we2_drive_strerror(d, line, sizeof(line));
			fprintf(stderr, PROG ": %s: ejecting: %s\n", sr, line);
			ret = -EIO;
		}
		we2_drive_close(d);
	} else {
		fprintf(stderr, PROG ": %s: %s\n", sr, strerror(-ret));
	}
	we2_burner_close(bu);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- the drives: DEVICE by any name, or the only one; --scan -------- */

/* the node's name, "we20" of "/dev/we20" */
static const char *node_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "we2N: SR SG VENDOR MODEL REV", a missing part as "-" */
static void drive_line(FILE *f, const struct we2_drive_id *id)
{
	fprintf(f, "%s: %s %s %s %s %s", node_name(id->we2),
		id->sr[0] ? id->sr : "-", id->sg[0] ? id->sg : "-",
		id->vendor[0] ? id->vendor : "-", id->model[0] ? id->model : "-",
		id->rev[0] ? id->rev : "-");
}

/*
 * DEVICE named: its drive's nodes, so that any of them will do. A name
 * that is no drive's node is left as it is, for we2_open() to judge, as
 * before: a file standing in for the device in the tools' tests, say.
 * DEVICE omitted: the only drive; none or several is the caller's to
 * settle (exit 2), the drives listed.
 */
static int resolve_device(struct options *o)
{
	struct we2_drive_id *ids;
	int i, n, now;

	if (o->device) {
		if (!we2_drive_find(o->device, &o->id))
			o->device = o->id.we2;
		return 0;
	}
	n = we2_drive_list(NULL, 0);
	ids = calloc(n > 0 ? n : 1, sizeof(*ids));
	if (!ids)
		return EXIT_FAILURE;
	/* a drive attached meanwhile is not listed: the count is the list's */
	if (n > 0) {
		now = we2_drive_list(ids, n);
		if (now < n)
			n = now;
	}
	if (n == 1) {
		o->id = ids[0];
		o->device = o->id.we2;
		free(ids);
		return 0;
	}
	if (n <= 0) {
		fprintf(stderr, PROG ": no drive found%s%s (no /dev/we2N: is we2 "
			"loaded?); name the DEVICE\n", n < 0 ? ": " : "",
			n < 0 ? strerror(-n) : "");
	} else {
		fprintf(stderr, PROG ": %d drives; name one as DEVICE:\n", n);
		for (i = 0; i < n; i++) {
			fputs("  ", stderr);
			drive_line(stderr, &ids[i]);
			fputs("\n", stderr);
		}
	}
	free(ids);
	return EXIT_USAGE;
}

/* the last failed command's sense has this key (and ASC, unless -1)? */
static bool sense_is(struct we2_drive *d, unsigned int key, int asc)
{
	uint8_t raw[WE2_SENSE_MAX];
	struct we2_sense s;
	int len = we2_drive_sense(d, raw, sizeof(raw));

	return !we2_sense_decode(raw, len, &s) && s.key == key &&
	       (asc < 0 || s.asc == asc);
}

/*
 * TEST UNIT READY, asked again past the unit attentions a new disc (or a
 * reset) leaves for whichever command comes first; nothing waited for
 */
static int test_ready_past_attention(struct we2_drive *d)
{
	int i, ret;

	for (i = 0; i < 3; i++) {
		ret = we2_drive_test_ready(d);
		if (ret != -EIO || !sense_is(d, WE2_SK_UNIT_ATTENTION, -1))
			break;
	}
	return ret;
}

static const char *scan_state(const struct we2_disc_info *di)
{
	switch (di->status) {
	case WE2_DISC_BLANK:
		return "blank";
	case WE2_DISC_APPENDABLE:
		/* an interrupted burn's: --fix closes it */
		return di->last_session == WE2_SESSION_INCOMPLETE ?
		       "incomplete" : "appendable";
	case WE2_DISC_COMPLETE:
		return "closed";
	default:
		return "other";
	}
}

/*
 * A DVD+RW's or BD-RE's state: formatted or not (a DVD+RW whose format
 * was begun once is formatted, READ DISC INFORMATION saying "complete" of
 * it whatever it holds); other discs' as READ DISC INFORMATION says
 */
static const char *media_state(struct we2_drive *d, uint16_t profile,
			       const struct we2_disc_info *di)
{
	struct we2_format_caps caps;
	int bgf;

	if (profile == WE2_PROFILE_DVD_PLUS_RW) {
		bgf = we2_drive_bg_format(d);
		if (bgf >= 0)
			return bgf == WE2_BGF_NONE ? "unformatted" : "formatted";
	} else if (profile == WE2_PROFILE_BD_RE) {
		if (!we2_drive_format_caps(d, &caps))
			return caps.current_type == WE2_CAP_FORMATTED ?
			       "formatted" : "unformatted";
	}
	return scan_state(di);
}

/*
 * What one drive holds, asked as a burn asks (we2_burn_inquire()'s
 * commands: TEST UNIT READY, GET CONFIGURATION, READ DISC INFORMATION),
 * but nothing waited for and nothing loaded: a drive spinning up is "not
 * ready", an open tray or an empty one "no disc".
 */
static void scan_drive(const struct we2_drive_id *id, char *media,
		       size_t msize, const char **state)
{
	struct we2_disc_info di;
	struct we2_drive *d;
	uint16_t profile = 0;
	bool no_disc;
	int ret;

	*state = "-";
	/* a program writing through the we2 node: a burn would be refused */
	if (we2_drive_writers(id) > 0) {
		snprintf(media, msize, "busy");
		return;
	}
	if (!id->sr[0]) {
		snprintf(media, msize, "no sr node");
		return;
	}
	ret = we2_drive_open(&d, id->sr);
	if (ret) {
		snprintf(media, msize, "%s", ret == -EBUSY ? "busy" :
			 strerror(-ret));
		return;
	}
	ret = test_ready_past_attention(d);
	no_disc = ret == -EIO && sense_is(d, WE2_SK_NOT_READY, 0x3a);
	if (we2_drive_profile(d, &profile)) {
		snprintf(media, msize, "no answer");
	} else if (!profile) {
		snprintf(media, msize, "%s", !ret || no_disc ? "no disc" :
			 "not ready");
	} else {
		snprintf(media, msize, "%s", we2_profile_str(profile));
		if (ret)
			*state = "not ready";
		else if (!we2_drive_disc_info(d, &di))
			*state = media_state(d, profile, &di);
	}
	we2_drive_close(d);
}

/* --scan: one line a drive, "we2N: SR SG VENDOR MODEL REV, MEDIA, STATE" */
static int scan_main(struct options *o)
{
	struct we2_drive_id *ids;
	const char *state;
	char media[64];
	int i, n, now;

	n = we2_drive_list(NULL, 0);
	if (n < 0) {
		fprintf(stderr, PROG ": --scan: %s\n", strerror(-n));
		return EXIT_FAILURE;
	}
	ids = calloc(n ?: 1, sizeof(*ids));
	if (!ids)
		return EXIT_FAILURE;
	/* a drive attached meanwhile waits for the next scan */
	now = we2_drive_list(ids, n);
	if (now < n)
		n = now;
	if (n == 0 && !o->quiet)
		fprintf(stderr, PROG ": no drive found (no /dev/we2N: is we2 "
			"loaded?)\n");
	for (i = 0; i < n; i++) {
		scan_drive(&ids[i], media, sizeof(media), &state);
		drive_line(stdout, &ids[i]);
		printf(", %s, %s\n", media, state);
	}
	free(ids);
	return EXIT_SUCCESS;
}

/* ---- --msinfo, --toc, --eject: the disc in a drive ------------------- */

/* the drive's last failure, "SR: WHAT: COMMAND: SENSE" */
static void info_error(struct we2_drive *d, const char *path, const char *what)
{
	char line[256];

	we2_drive_strerror(d, line, sizeof(line));
	fprintf(stderr, PROG ": %s: %s: %s\n", path, what, line);
}

/* --msinfo: "LAST_SESSION_START,NEXT_WRITABLE_ADDRESS", as cdrecord prints it */
static int msinfo_run(struct we2_drive *d, const char *path)
{
	uint16_t profile = 0;
	int32_t start, nwa;
	int ret;

	ret = we2_drive_msinfo(d, &start, &nwa);
	if (!ret) {
		printf("%" PRId32 ",%" PRId32 "\n", start, nwa);
		return EXIT_SUCCESS;
	}
	if (ret == -EIO) {
		info_error(d, path, "--msinfo");
		return EXIT_FAILURE;
	}
	we2_drive_profile(d, &profile);
	fprintf(stderr, PROG ": %s: --msinfo: %s %s\n", path,
		profile ? we2_profile_str(profile) : "the disc",
		ret == -ENODATA ? "is blank: no session to continue" :
		ret == -EROFS ? "is closed: no session can be added" :
		ret == -EBUSY ? "has its last session left open (an "
				"interrupted burn): --fix closes it" :
		ret == -EMEDIUMTYPE ? "is not a disc of sessions (not "
				      "write-once)" : strerror(-ret));
	return EXIT_FAILURE;
}

static const char *track_state(const struct we2_track_info *ti)
{
	if (ti->reserved)
		return "reserved";
	if (ti->blank)
		return "blank";
	return ti->nwa_valid ? "open" : "complete";
}

/*
 * --toc: "disc: MEDIA, STATE, sessions N, tracks N", then a line a track,
 * "track N: session S, start LBA, size SECTORS, data|audio, STATE"
 */
static int toc_run(struct we2_drive *d, const char *path)
{
	struct we2_track_info ti[99];
	struct we2_disc_info di;
	uint16_t profile = 0;
	int i, n;

	if (we2_drive_profile(d, &profile)) {
		info_error(d, path, "--toc");
		return EXIT_FAILURE;
	}
	n = we2_drive_tracks(d, &di, ti, sizeof(ti) / sizeof(ti[0]));
	if (n < 0) {
		if (n == -EIO)
			info_error(d, path, "--toc");
		else
			fprintf(stderr, PROG ": %s: --toc: %s\n", path,
				strerror(-n));
		return EXIT_FAILURE;
	}
	printf("disc: %s, %s, sessions %u, tracks %d\n",
	       we2_profile_str(profile), media_state(d, profile, &di),
	       di.sessions, n);
	for (i = 0; i < n && i < (int)(sizeof(ti) / sizeof(ti[0])); i++)
		printf("track %u: session %u, start %" PRId32 ", size %" PRIu32
		       ", %s, %s\n", ti[i].track, ti[i].session, ti[i].start,
		       ti[i].size, ti[i].track_mode & 4 ? "data" : "audio",
		       track_state(&ti[i]));
	return EXIT_SUCCESS;
}

/* --eject alone: the tray unlocked and opened, whatever disc it holds */
static int eject_run(struct we2_drive *d, const char *path, bool quiet)
{
	int ret;

	/* the attention eaten, so that the eject's own commands are answered */
	test_ready_past_attention(d);
	ret = we2_drive_eject(d);
	if (ret == -EIO) {
		info_error(d, path, "ejecting");
		return EXIT_FAILURE;
	}
	if (ret) {
		fprintf(stderr, PROG ": %s: ejecting: %s\n", path, strerror(-ret));
		return EXIT_FAILURE;
	}
	if (!quiet)
		printf(PROG ": %s: ejected\n", path);
	return EXIT_SUCCESS;
}

static int info_main(struct options *o)
{
	char path[PATH_MAX];
	struct we2_drive *d;
	int ret, status;

	if (disc_drive_path(o, path, sizeof(path)))
		return EXIT_FAILURE;
	ret = we2_drive_open(&d, path);
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", path, ret == -EBUSY ?
			"busy: another program holds the drive" :
			strerror(-ret));
		return EXIT_FAILURE;
	}
	if (o->eject) {
		status = eject_run(d, path, o->quiet);
		we2_drive_close(d);
		return status;
	}
	/* through a new disc's unit attention and its spin-up */
	ret = we2_drive_wait_ready(d, 30000, NULL, NULL);
	if (ret == -EIO && sense_is(d, WE2_SK_NOT_READY, 0x3a)) {
		fprintf(stderr, PROG ": %s: no disc\n", path);
		status = EXIT_FAILURE;
	} else if (ret) {
		if (ret == -EIO)
			info_error(d, path, "waiting for the drive");
		else
			fprintf(stderr, PROG ": %s: waiting for the drive: %s\n",
				path, strerror(-ret));
		status = EXIT_FAILURE;
	} else {
		status = o->msinfo ? msinfo_run(d, path) : toc_run(d, path);
	}
	we2_drive_close(d);
	return status;
}

/* ---- command line ------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [options] [DEVICE] IMAGE\n"
"       " PROG " --raw [options] [DEVICE] IMAGE\n"
"       " PROG " --fix [--multi] [--drive PATH] [DEVICE]\n"
"       " PROG " --scan\n"
"       " PROG " --msinfo | --toc | --eject [--drive PATH] [DEVICE]\n"
"       " PROG " --blank=fast|all | --format[=spare|nospare] [DEVICE]\n"
"Burn IMAGE, a file, to the disc in DEVICE's drive: the recorder (its\n"
"/dev/srN) is held, the disc planned and its tray locked until the end\n"
"(an eject is refused), the disc prepared (CD-R session-at-once with the\n"
"pregap at LBA -150, DVD+R, DVD-R, BD-R), IMAGE written through the\n"
"drive's we2 device at the next writable address (on a CD, followed by\n"
"zeros to 300 sectors, MMC's shortest track, when shorter; verify reads\n"
"them), the track closed and the disc finalized, then read back with\n"
"READ(10) of 64 KiB through the drive still held (not its block device,\n"
"whose idea of the disc may be stale). The image goes in commands of\n"
"256 KiB where the device takes them (--buffer-size to choose).\n"
"With --raw, write IMAGE (- for standard input) as sections of sectors\n"
"through the we2 device, from --lba on, and send the drive nothing else.\n"
"\n"
"DEVICE is any node of the drive: /dev/we2N, /dev/srN, /dev/sgN or a link\n"
"to one (/dev/cdrom); it may be left out when the system has exactly one\n"
"drive (none or several: exit 2, the drives listed). With one argument,\n"
"it is DEVICE if it is a device node (a character or block special file,\n"
"or a link to one), else IMAGE: a block device as IMAGE needs DEVICE\n"
"named before it.\n"
"\n"
"A disc burn:\n"
"  --speed S          the drive's write speed: Nx what the drive calls Nx,\n"
"                     the speed it lists (GET PERFORMANCE, or page 2Ah)\n"
"                     within 1.5%% of N x 1x (1x: CD 176.4, DVD 1385, BD\n"
"                     4495.6 kB/s), else the fastest it lists below that,\n"
"                     else its slowest; N (kB/s) is asked for as it is;\n"
"                     default: the drive's fastest\n"
"  --multi            leave the disc appendable (close the session only)\n"
"  --dummy            a simulation (page 05h Test Write): the disc\n"
"                     prepared, written and closed as for the burn at its\n"
"                     speed, and nothing recorded; then the disc is asked\n"
"                     whether it is as before (nothing to read back). CD-R,\n"
"                     CD-RW and DVD-R have it; DVD+R and BD-R do not (exit\n"
"                     1, nothing sent)\n"
"  --no-verify        do not read the disc back\n"
"  --blank=fast|all   a CD-RW that is not blank is blanked first (BLANK\n"
"                     type 1, PMA, TOC and pregap: seconds; all: the\n"
"                     whole disc), its progress said each tenth; without\n"
"                     it a used CD-RW is refused (exit 1, nothing sent)\n"
"  --format[=spare|nospare]\n"
"                     format a DVD+RW or BD-RE first, whatever it holds\n"
"                     (FORMAT UNIT: DVD+RW 26h; BD-RE 30h, the spare areas\n"
"                     of the largest capacity, or 31h, none); a new\n"
"                     DVD+RW or unformatted BD-RE is formatted by any\n"
"                     burn (with spare areas). A DVD+RW or BD-RE is\n"
"                     written from LBA 0 over what it holds, flushed and\n"
"                     not closed (a DVD+RW's background format stopped)\n"
"  --eject            once the burn is done and read back (whatever the\n"
"                     verify found; a failed burn leaves the disc in),\n"
"                     the tray unlocked and opened (START STOP UNIT LoEj)\n"
"  --drive PATH       the recorder's /dev/srN (default: DEVICE's, found in\n"
"                     sysfs)\n"
"  --media auto       a disc burn, as without it (the default)\n"
"\n"
"Raw sections:\n"
"  --raw              IMAGE written as sections through the we2 device\n"
"  --lba N            first LBA, may be negative (CD lead-in); default 0\n"
"  --bps N            bytes per sector, set on the device; default %d\n"
"  --speed S          pace the write: S sectors per second, Nx (times the\n"
"                     media's 1x: CD 75, DVD 676, BD 2195 sectors/s), or\n"
"                     START:END, a ramp from one to the other over the\n"
"                     image; default: as fast as the device goes\n"
"  --media cd|dvd|bd  what 1x means for --speed Nx; default dvd\n"
"  --verify PATH      read the written bytes back from the block device\n"
"                     PATH (at byte LBA * bps, with O_DIRECT) and compare\n"
"                     them with IMAGE; IMAGE must be a file\n"
"\n"
"Both:\n"
"  --size N           write at most N bytes of IMAGE (needed to show\n"
"                     progress of standard input); suffixes K, M, G. A\n"
"                     disc burn from standard input needs it (the disc\n"
"                     is laid out for N; a shorter input fails), and is\n"
"                     verified against a hash of the bytes as they went by\n"
"  --write12          write with WRITE(12) and the Streaming bit\n"
"                     (default: WRITE(10))\n"
"  --queue-depth N    writes in flight (streaming); default 8\n"
"  --buffer-size N    bytes per write, and the device's transfer cap;\n"
"                     suffixes K, M; default: the device's cap (64K;\n"
"                     a disc burn: 256K where the device takes it)\n"
"  --sync             blocking sections instead of streaming over\n"
"                     io_uring (also used when the image size is unknown\n"
"                     and --size is not given)\n"
"  --chunk-sectors N  sectors per blocking section; default: 16 MiB worth\n"
"  --quiet            nothing on standard output (no progress, plan or\n"
"                     summary); errors, a failed verify included, still\n"
"                     on standard error\n"
"  --help             this text\n"
"\n"
"The disc in a drive:\n"
"  --fix              close a disc that an interrupted burn left open in\n"
"                     DEVICE's recorder: the open or reserved track\n"
"                     closed, then the session (the disc finalized,\n"
"                     unless --multi); a blank or closed disc has nothing\n"
"                     to fix (exit 0); a CD whose session-at-once write\n"
"                     was interrupted cannot be fixed (exit 1)\n"
"  --scan             list the drives, one a line:\n"
"                       we2N: SR SG VENDOR MODEL REV, MEDIA, STATE\n"
"                     SR, SG its /dev/srN and /dev/sgN (- if none); VENDOR\n"
"                     MODEL REV as the drive reports them (MODEL may hold\n"
"                     blanks); MEDIA the disc's profile (DVD+R, CD-R, ...)\n"
"                     or no disc, not ready, busy (another program holds\n"
"                     the drive, or writes to its we2 node), no answer,\n"
"                     no sr node, or why the drive\n"
"                     could not be opened; STATE blank, appendable,\n"
"                     incomplete (an interrupted burn's: --fix), closed,\n"
"                     other (not a write-once disc's states), formatted\n"
"                     or unformatted (DVD+RW, BD-RE), not ready,\n"
"                     or - when there is no disc to ask\n"
"  --msinfo           print what xorriso -as mkisofs -C and genisoimage -C\n"
"                     need for the next session, as cdrecord -msinfo does:\n"
"                       LAST_SESSION_START,NEXT_WRITABLE_ADDRESS\n"
"                     the first LBA of the last complete session's first\n"
"                     track (READ TOC format 1) and the next writable\n"
"                     address (READ TRACK INFORMATION of the invisible\n"
"                     track); a blank, closed or open-session disc has\n"
"                     none (exit 1, said why)\n"
"  --toc              the disc's sessions and tracks:\n"
"                       disc: MEDIA, STATE, sessions N, tracks N\n"
"                       track N: session S, start LBA, size SECTORS, MODE, TSTATE\n"
"                     STATE as --scan's; sessions and tracks as READ DISC\n"
"                     INFORMATION counts them (an appendable disc's empty\n"
"                     session and its blank invisible track included);\n"
"                     MODE data or audio; TSTATE complete, open, reserved\n"
"                     or blank; start, size from READ TRACK INFORMATION\n"
"  --eject            without IMAGE: open DEVICE's tray\n"
"  --blank=fast|all, --format[=spare|nospare]\n"
"                     without IMAGE: blank the CD-RW, or format the\n"
"                     DVD+RW or BD-RE, in DEVICE's drive whatever it\n"
"                     holds (another disc: exit 1, nothing sent), then\n"
"                     --eject if given\n"
"\n"
"The wodim command line: we2burn invoked as wodim or cdrecord (a link), or\n"
"whose first argument is KEY=VALUE (dev=...) or a single-dash option\n"
"(-v, -msinfo, ...; not -q, -h), takes wodim's options for what it does:\n"
"  dev=DEVICE          DEVICE          speed=N         --speed Nx (0: 1x)\n"
"  -dummy -multi -eject -fix -msinfo -toc   --dummy --multi ...\n"
"  tsize=N, -tsize=N   --size: N bytes, Ns sectors of 2048, Nk, Nm (as\n"
"                      cdrecord: also Nf 2352, Nb 512, Nw 2, AxB products)\n"
"  -v, -vv             progress in wodim's lines (none without -v):\n"
"    Last chance to quit, starting real write in    0 seconds. ...\n"
"    Track 01:    N of    M MB written (fifo  F%%) [buf  B%%]  X.Yx.\n"
"    Track 01: Total bytes read/written: N/N (S sectors).\n"
"    Fixating...\n"
"                      MB of 2^20 bytes; fifo our buffers' fill, buf the\n"
"                      drive's (READ BUFFER CAPACITY), X.Y the speed in x\n"
"                      of the medium's 1x\n"
"  -version            wodim's version line, which front-ends' probes read,\n"
"                      then we2burn's (two dashes too, as every option)\n"
"  -sao -dao -tao      nothing to choose: the plan writes each medium as it\n"
"                      must (a blank CD session at once, a later session\n"
"                      track at once); -tao says so on stderr\n"
"  -data -nopad -pad -immed fs= minbuf= gracetime= driveropts=burnfree\n"
"                      accepted, change nothing: BUFE (burnfree) is always\n"
"                      on in our page 05h, there is no grace time wait\n"
"  blank=fast|all      --blank=fast|all (other blank= types: exit 1)\n"
"  -format             --format\n"
"  TRACK               one image file, or - (standard input) with tsize=\n"
"\n"
"The last partial sector of IMAGE is padded with zeros. Progress goes to\n"
"standard output: a bar on a terminal, else lines\n"
"  progress: <bytes-done> <bytes-total> <MB/s>   (total 0: unknown)\n"
"and at the end\n"
"  " PROG ": wrote <sectors> sectors (<bytes> bytes) at LBA <lba> in <s> s, <MB/s> MB/s\n"
"  " PROG ": verify ok | " PROG ": verify FAILED at byte <offset in IMAGE>\n"
"SIGINT and SIGTERM cancel the write; the summary then counts exactly the\n"
"sectors the device acknowledged. A write error the drive reports late\n"
"(deferred sense, 71h/73h, in answer to a later WRITE, flush or close) is\n"
"said in words: the data before the failed sector may be recorded, not\n"
"what follows, and a disc's session is left open (exit status 1).\n"
"Exit status: 0 ok, 1 error or verify mismatch, 2 usage, 130 cancelled.\n",
		DEFAULT_BPS);
}

/* --media NAME: sectors per second of its 1x (libwe2's), 0 if no medium */
static uint32_t media_1x(const char *media)
{
	uint32_t sps = 0;

	we2_media_one_x(!strcmp(media, "cd") ? WE2_MEDIA_CD :
			!strcmp(media, "dvd") ? WE2_MEDIA_DVD :
			!strcmp(media, "bd") ? WE2_MEDIA_BD : 0, &sps);
	return sps;
}

/* One rate: "Nx" (times the media's 1x; N may have a fraction) or "N". */
static bool parse_rate(const char *s, uint32_t one_x, int32_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v <= 0)
		return false;
	if (*end == 'x' || *end == 'X') {
		v *= one_x;
		end++;
	}
	if (*end || v < 1 || v > INT32_MAX)
		return false;
	*out = (int32_t)(v + 0.5);
	return true;
}

/* --speed RATE or START:END */
static bool parse_speed(const char *arg, struct options *o)
{
	char start[64], *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	if (len >= sizeof(start))
		return false;
	memcpy(start, arg, len);
	start[len] = '\0';
	if (!parse_rate(start, o->media_1x, &o->start_sps))
		return false;
	if (!colon) {
		o->end_sps = o->start_sps;
		return true;
	}
	return parse_rate(colon + 1, o->media_1x, &o->end_sps);
}

/* A decimal integer in [min, max], with K/M/G (x1024) if @suffix. */
static bool parse_num(const char *opt, const char *s, int64_t min, int64_t max,
		      bool suffix, int64_t *out)
{
	char *end;
	long long v;
	int shift = 0;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (suffix && end != s && *end && !end[1]) {
		switch (*end) {
		case 'k': case 'K': shift = 10; end++; break;
		case 'm': case 'M': shift = 20; end++; break;
		case 'g': case 'G': shift = 30; end++; break;
		}
	}
	if (errno || end == s || *end || (shift && v > (LLONG_MAX >> shift))) {
		fprintf(stderr, PROG ": %s: not a number: %s\n", opt, s);
		return false;
	}
	if (shift)
		v *= 1LL << shift;
	if (v < min || v > max) {
		fprintf(stderr, PROG ": %s: %s is out of range (%" PRId64
			" to %" PRId64 ")\n", opt, s, min, max);
		return false;
	}
	*out = v;
	return true;
}

/*
 * A device node, of a drive or not, as we2_drive_find() sees it (under
 * the tests' WE2_DEV_ROOT, the files that stand for nodes too)
 */
static bool is_node(const char *name)
{
	struct we2_drive_id id;
	int ret = we2_drive_find(name, &id);

	return !ret || ret == -ENODEV;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_LBA = 256, OPT_BPS, OPT_WRITE12, OPT_CHUNK, OPT_VERIFY,
	       OPT_SIZE, OPT_SYNC, OPT_QD, OPT_BUFSZ, OPT_SPEED, OPT_MEDIA,
	       OPT_DRIVE, OPT_MULTI, OPT_NO_VERIFY, OPT_FIX, OPT_SCAN,
	       OPT_MSINFO, OPT_TOC, OPT_EJECT, OPT_RAW, OPT_DUMMY, OPT_BLANK,
	       OPT_FORMAT };
	const char *speed = NULL;
	static const struct option longopts[] = {
		{ "lba",		required_argument,	NULL, OPT_LBA },
		{ "bps",		required_argument,	NULL, OPT_BPS },
		{ "write12",		no_argument,		NULL, OPT_WRITE12 },
		{ "chunk-sectors",	required_argument,	NULL, OPT_CHUNK },
		{ "verify",		required_argument,	NULL, OPT_VERIFY },
		{ "size",		required_argument,	NULL, OPT_SIZE },
		{ "sync",		no_argument,		NULL, OPT_SYNC },
		{ "queue-depth",	required_argument,	NULL, OPT_QD },
		{ "buffer-size",	required_argument,	NULL, OPT_BUFSZ },
		{ "speed",		required_argument,	NULL, OPT_SPEED },
		{ "media",		required_argument,	NULL, OPT_MEDIA },
		{ "drive",		required_argument,	NULL, OPT_DRIVE },
		{ "multi",		no_argument,		NULL, OPT_MULTI },
		{ "no-verify",		no_argument,		NULL, OPT_NO_VERIFY },
		{ "fix",		no_argument,		NULL, OPT_FIX },
		{ "scan",		no_argument,		NULL, OPT_SCAN },
		{ "msinfo",		no_argument,		NULL, OPT_MSINFO },
		{ "toc",		no_argument,		NULL, OPT_TOC },
		{ "eject",		no_argument,		NULL, OPT_EJECT },
		{ "raw",		no_argument,		NULL, OPT_RAW },
		{ "dummy",		no_argument,		NULL, OPT_DUMMY },
		{ "blank",		required_argument,	NULL, OPT_BLANK },
		{ "format",		optional_argument,	NULL, OPT_FORMAT },
		{ "quiet",		no_argument,		NULL, 'q' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool lba_given = false, raw = false, media_auto = false;
	bool media_given = false, eject_alone;
	int64_t v;
	int c;

	*o = (struct options){ .bps = DEFAULT_BPS, .size = -1,
			       .start_sps = WE2_UNSET, .end_sps = WE2_UNSET,
			       .media_1x = media_1x("dvd") };
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LBA:
			lba_given = true;
			if (!parse_num("--lba", optarg, WE2_LBA_MIN, WE2_LBA_MAX,
				       false, &o->lba))
				return EXIT_USAGE;
			break;
		case OPT_BPS:
			if (!parse_num("--bps", optarg, 1, INT32_MAX, false, &v))
				return EXIT_USAGE;
			o->bps = (uint32_t)v;
			break;
		case OPT_WRITE12:
			o->write12 = true;
			break;
		case OPT_CHUNK:
			if (!parse_num("--chunk-sectors", optarg, 1, INT32_MAX,
				       false, &v))
				return EXIT_USAGE;
			o->chunk_sectors = (uint32_t)v;
			break;
		case OPT_VERIFY:
			o->verify = optarg;
			break;
		case OPT_SIZE:
			if (!parse_num("--size", optarg, 0, INT64_MAX, true,
				       &o->size))
				return EXIT_USAGE;
			break;
		case OPT_SYNC:
			o->sync = true;
			break;
		case OPT_SPEED:
			speed = optarg;
			break;
		case OPT_MEDIA:
			if (!strcmp(optarg, "auto")) {
				media_auto = true;
				break;
			}
			o->media_1x = media_1x(optarg);
			if (!o->media_1x) {
				fprintf(stderr, PROG ": --media: auto, or with "
					"--raw cd, dvd or bd, not %s\n", optarg);
				return EXIT_USAGE;
			}
			media_given = true;
			break;
		case OPT_RAW:
			raw = true;
			break;
		case OPT_DUMMY:
			o->dummy = true;
			break;
		case OPT_BLANK:
			o->blank = true;
			o->rw &= ~(WE2_RW_BLANK_FAST | WE2_RW_BLANK_ALL);
			if (!strcmp(optarg, "fast")) {
				o->rw |= WE2_RW_BLANK_FAST;
			} else if (!strcmp(optarg, "all")) {
				o->rw |= WE2_RW_BLANK_ALL;
			} else {
				fprintf(stderr, PROG ": --blank: fast or all, "
					"not %s\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FORMAT:
			o->format = true;
			o->rw &= ~WE2_RW_NOSPARE;
			if (optarg && !strcmp(optarg, "nospare")) {
				o->rw |= WE2_RW_NOSPARE;
			} else if (optarg && strcmp(optarg, "spare")) {
				fprintf(stderr, PROG ": --format: spare or "
					"nospare, not %s\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_DRIVE:
			o->drive = optarg;
			break;
		case OPT_MULTI:
			o->multi = true;
			break;
		case OPT_NO_VERIFY:
			o->no_verify = true;
			break;
		case OPT_FIX:
			o->fix = true;
			break;
		case OPT_SCAN:
			o->scan = true;
			break;
		case OPT_MSINFO:
			o->msinfo = true;
			break;
		case OPT_TOC:
			o->toc = true;
			break;
		case OPT_EJECT:
			o->eject = true;
			break;
		case OPT_QD:
			if (!parse_num("--queue-depth", optarg, 1, 128, false, &v))
				return EXIT_USAGE;
			o->queue_depth = (uint32_t)v;
			break;
		case OPT_BUFSZ:
			if (!parse_num("--buffer-size", optarg, 1, 1 << 30, true,
				       &v))
				return EXIT_USAGE;
			o->buffer_bytes = (uint32_t)v;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (o->scan) {
		if (argc != optind || o->fix || raw || media_auto ||
		    media_given || o->drive || o->msinfo || o->toc || o->eject ||
		    o->dummy || o->blank || o->format) {
			fprintf(stderr, PROG ": --scan takes no DEVICE, IMAGE or "
				"other option (but --quiet)\n");
			return EXIT_USAGE;
		}
		return 0;
	}
	/*
	 * --eject without IMAGE: alone, DEVICE's tray opened. Its one
	 * argument is DEVICE if it is a device node, as for a burn.
	 */
	if (o->blank && o->format) {
		fprintf(stderr, PROG ": --blank is for a CD-RW, --format for a "
			"DVD+RW or BD-RE: one or the other\n");
		return EXIT_USAGE;
	}
	if ((o->blank || o->format) &&
	    (raw || o->dummy || o->fix || o->msinfo || o->toc)) {
		fprintf(stderr, PROG ": --blank and --format go with a disc "
			"burn, or alone: not with --raw, --dummy (a simulation "
			"changes nothing), --fix, --msinfo or --toc\n");
		return EXIT_USAGE;
	}
	/* --blank or --format without IMAGE: only that (and --eject) */
	o->rw_alone = (o->blank || o->format) && (argc == optind ||
		      (argc - optind == 1 && is_node(argv[optind])));
	if (o->rw_alone) {
		if (media_auto || media_given || o->verify || speed ||
		    o->multi || o->no_verify || lba_given) {
			fprintf(stderr, PROG ": --blank and --format without "
				"IMAGE take DEVICE only (with --drive, --eject, "
				"--quiet)\n");
			return EXIT_USAGE;
		}
		o->device = argv[optind];
		return 0;
	}
	eject_alone = o->eject && (argc == optind ||
		      (argc - optind == 1 && is_node(argv[optind])));
	if (o->msinfo || o->toc || eject_alone) {
		if (argc - optind > 1 || o->msinfo + o->toc + o->eject > 1 ||
		    o->fix || raw || media_auto || media_given || o->verify ||
		    speed || o->multi || o->no_verify || lba_given ||
		    o->dummy) {
			fprintf(stderr, PROG ": --msinfo, --toc and --eject "
				"(without IMAGE) take DEVICE only (with "
				"--drive, --quiet), one of them\n");
			return EXIT_USAGE;
		}
		o->device = argv[optind];
		return 0;
	}
	if (o->fix) {
		if (argc - optind > 1 || raw || media_auto || media_given ||
		    o->verify || speed || o->no_verify || o->eject ||
		    o->dummy) {
			fprintf(stderr, PROG ": --fix takes DEVICE only (with "
				"--drive, --multi, --quiet)\n");
			return EXIT_USAGE;
		}
		o->device = argv[optind];
		return 0;
	}
	if (argc - optind == 1 && is_node(argv[optind])) {
		fprintf(stderr, PROG ": %s is a device: give IMAGE after it (a "
			"block device as IMAGE needs DEVICE before it)\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	if (argc - optind != 2 && argc - optind != 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (raw && media_auto) {
		fprintf(stderr, PROG ": --media auto burns a disc, --raw writes "
			"sections: one or the other\n");
		return EXIT_USAGE;
	}
	o->disc = !raw;
	if (raw && (o->drive || o->multi || o->no_verify || o->eject ||
		    o->dummy)) {
		fprintf(stderr, PROG ": --drive, --multi, --no-verify, --eject "
			"and --dummy are for a disc burn, not --raw\n");
		return EXIT_USAGE;
	}
	if (o->disc && (lba_given || o->bps != DEFAULT_BPS || o->verify ||
			media_given)) {
		fprintf(stderr, PROG ": a disc burn lays the disc out (%d-byte "
			"sectors from its next writable address, 1x as its "
			"medium says) and reads it back through the drive: "
			"--lba, --bps, --media cd|dvd|bd and --verify are for "
			"--raw\n", DEFAULT_BPS);
		return EXIT_USAGE;
	}
	/* after --media, whatever the order they came in */
	o->speed = speed;
	if (speed && !o->disc && !parse_speed(speed, o)) {
		fprintf(stderr, PROG ": --speed: want N, Nx or START:END with "
			"positive rates, not %s\n", speed);
		return EXIT_USAGE;
	}
	/* one argument: IMAGE, DEVICE the only drive (resolve_device()) */
	o->device = argc - optind == 2 ? argv[optind] : NULL;
	o->image = argv[argc - 1];

	if (!o->chunk_sectors)
		o->chunk_sectors = DEFAULT_CHUNK_BYTES / o->bps ?: 1;
	if ((uint64_t)o->chunk_sectors * o->bps > SIZE_MAX / 2) {
		fprintf(stderr, PROG ": --chunk-sectors: %" PRIu32 " sectors of %"
			PRIu32 " bytes is too large a buffer\n",
			o->chunk_sectors, o->bps);
		return EXIT_USAGE;
	}
	if (o->verify && o->lba < 0) {
		fprintf(stderr, PROG ": --verify: cannot read back a negative LBA\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- setup ------------------------------------------------------------- */

static int open_image(struct burn *b)
{
	struct options *o = b->o;
	struct stat st;

	if (!strcmp(o->image, "-")) {
		b->in_fd = STDIN_FILENO;
	} else {
		b->in_fd = open(o->image, O_RDONLY | O_CLOEXEC);
		if (b->in_fd < 0) {
			fprintf(stderr, PROG ": %s: %s\n", o->image, strerror(errno));
			return -1;
		}
	}
	if (fstat(b->in_fd, &st)) {
		fprintf(stderr, PROG ": %s: %s\n", o->image, strerror(errno));
		return -1;
	}

	b->in_may_block = !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
	b->in_start = b->in_may_block ? -1 : lseek(b->in_fd, 0, SEEK_CUR);
	b->image_bytes = o->size >= 0 ? (uint64_t)o->size : UINT64_MAX;
	if (S_ISREG(st.st_mode) && b->in_start >= 0) {
		uint64_t left = st.st_size > b->in_start ?
				(uint64_t)(st.st_size - b->in_start) : 0;

		if (left < b->image_bytes)
			b->image_bytes = left;
	} else if (S_ISBLK(st.st_mode) && o->size < 0) {
		uint64_t bytes;

		if (!ioctl(b->in_fd, BLKGETSIZE64, &bytes))
			b->image_bytes = bytes;
	}

	if (o->verify && b->in_start < 0) {
		fprintf(stderr, PROG ": --verify: %s cannot be read twice; "
			"give a file\n", o->image);
		return -1;
	}
	return 0;
}

/* Open the device and set the sector size and the write command at once. */
static int open_device(struct burn *b)
{
	struct options *o = b->o;
	struct we2_config cfg = {
		.mask = WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_STREAMING_WRITE12 |
			WE2_CFG_STARTING_SPS | WE2_CFG_ENDING_SPS,
		.bytes_per_sector = (int32_t)o->bps,
		.use_streaming_write12 = o->write12,
		.starting_sectors_per_second = o->start_sps,
		.ending_sectors_per_second = o->end_sps,
		.transfer_cap_bytes = o->buffer_bytes,
	};
	struct we2_info info;
	int fd, ret;

	if (o->buffer_bytes)
		cfg.mask |= WE2_CFG_TRANSFER_CAP;
	/* the burn holds the recorder: no other program writes meanwhile */
	fd = we2_open(o->device, O_RDWR | O_EXCL);
	if (fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", o->device,
			fd == -ENOTTY ? "not a we2 device" :
			fd == -EBUSY ? "busy: another program is writing to it" :
			strerror(-fd));
		return fd;
	}
	/*
	 * A whole disc: commands of 256 KiB where the device takes them, a
	 * quarter of the commands (and of their cost) of the 64 KiB burners
	 * send; the drive's buffer of megabytes does not mind.
	 */
	if (o->disc && !o->buffer_bytes && !we2_get_info(fd, &info) &&
	    info.max_transfer_bytes >= DISC_TRANSFER_BYTES) {
		cfg.transfer_cap_bytes = DISC_TRANSFER_BYTES;
		cfg.mask |= WE2_CFG_TRANSFER_CAP;
	}
	ret = we2_set_config(fd, &cfg);
	if (ret == -EINVAL) {
		struct we2_config cur;

		if (!we2_get_info(fd, &info) && !we2_get_config(fd, &cur))
			fprintf(stderr, PROG ": %s: refuses %" PRIu32 " bytes per "
				"sector (transfer cap %" PRIu32 ", device maximum %"
				PRIu32 " bytes)\n", o->device, o->bps,
				o->buffer_bytes ?: cur.transfer_cap_bytes,
				info.max_transfer_bytes);
		else
			fprintf(stderr, PROG ": %s: refuses %" PRIu32
				" bytes per sector\n", o->device, o->bps);
	} else if (ret < 0) {
		fprintf(stderr, PROG ": %s: cannot configure: %s\n", o->device,
			ret == -EBUSY ? "a section is being written" :
			strerror(-ret));
	}
	if (ret < 0) {
		we2_close(fd);
		return ret;
	}
	return fd;
}

/*
 * Set up the streaming writer, unless --sync, the image size is unknown,
 * or the module or the system cannot do io_uring writes (then say why).
 */
static void stream_setup(struct burn *b)
{
	struct options *o = b->o;
	struct shared *sh = b->sh;
	struct we2_stream_opts so = {
		.queue_depth = o->queue_depth,
		.buffer_bytes = o->buffer_bytes,
		.progress = stream_progress,
		.progress_arg = sh,
	};
	struct we2_info info;
	int ret;

	if (o->sync)
		return;
	if (b->image_bytes == UINT64_MAX) {
		if (!o->quiet)
			say(sh, stderr, PROG ": %s: size unknown, writing "
			    "blocking sections (--size streams it)\n", o->image);
		return;
	}
	ret = we2_get_info(sh->fd, &info);
	if (!ret && info.abi_version < 2)
		ret = -EOPNOTSUPP;
	if (!ret)
		ret = we2_stream_init(&sh->stream, sh->fd, &so);
	if (ret) {
		if (!o->quiet)
			say(sh, stderr, PROG ": no io_uring writes (%s), "
			    "writing blocking sections\n", strerror(-ret));
		return;
	}
	atomic_store(&sh->streaming, true);
}

static int burn(struct burn *b)
{
	struct shared *sh = b->sh;
	int ret;

	if (!atomic_load(&sh->streaming))
		return burn_image(b);
	ret = burn_stream(b);
	if (ret == -EOPNOTSUPP && !b->sectors) {
		if (!sh->quiet)
			say(sh, stderr, PROG ": the device refuses io_uring "
			    "writes, writing blocking sections\n");
		atomic_store(&sh->streaming, false);
		if (b->in_start >= 0)
			lseek(b->in_fd, b->in_start, SEEK_SET);
		b->read_bytes = 0;
		ret = burn_image(b);
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct options o;
	struct shared sh = {
		.out_lock = PTHREAD_MUTEX_INITIALIZER,
		.drive_lock = PTHREAD_MUTEX_INITIALIZER,
		.drive_fill = -1,
	};
	struct burn b = { .o = &o, .sh = &sh };
	uint64_t total_sectors = 0, bad_at = 0;
	pthread_t helper;
	sigset_t set;
	int ret, vret = 0, status;

	/* a wodim command line: made into ours, then taken as any other */
	if (cdr_wanted(argc, argv)) {
		struct cdr_argv cargv;

		ret = cdr_translate(argc, argv, &cargv);
		if (!cargv.argv)
			return ret;
		argc = cargv.argc;
		argv = cargv.argv;
	}
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	if (o.scan)
		return scan_main(&o);
	ret = resolve_device(&o);
	if (ret)
		return ret;
	if (o.fix)
		return fix_main(&o);
	if (o.rw_alone)
		return rw_main(&o);
	if (o.msinfo || o.toc || (o.eject && !o.disc))
		return info_main(&o);

	/* only the helper thread takes these, with sigtimedwait() */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (open_image(&b))
		return EXIT_FAILURE;
	if (b.image_bytes != UINT64_MAX) {
		total_sectors = (b.image_bytes + o.bps - 1) / o.bps;
		if (total_sectors &&
		    o.lba + (int64_t)(total_sectors - 1) > WE2_LBA_MAX) {
			fprintf(stderr, PROG ": %" PRIu64 " sectors at LBA %"
				PRId64 " end past the last LBA %lld\n",
				total_sectors, o.lba, WE2_LBA_MAX);
			return EXIT_FAILURE;
		}
		sh.total_bytes = total_sectors * o.bps;
	}

	if (o.disc && b.image_bytes == UINT64_MAX) {
		fprintf(stderr, PROG ": %s: a disc burn needs its size: a file, "
			"a block device, or --size: the disc is laid out for "
			"it (--raw writes any input as sections)\n", o.image);
		return EXIT_USAGE;
	}
	b.hash_in = o.disc && b.in_start < 0;
	b.in_hash = FNV_OFFSET;

	sh.fd = open_device(&b);
	if (sh.fd < 0)
		return EXIT_FAILURE;
	sh.bps = o.bps;
	sh.quiet = o.quiet;
	sh.tty = isatty(STDOUT_FILENO);
	sh.media_1x = o.media_1x;
	if (o.disc) {
		sh.drive_path_set = true;
		if (disc_open(&b)) {
			disc_release(&b);
			we2_close(sh.fd);
			return EXIT_FAILURE;
		}
	}
	atomic_store(&sh.cur_lba, o.lba);

	ret = pthread_create(&helper, NULL, helper_main, &sh);
	if (ret) {
		fprintf(stderr, PROG ": cannot start a thread: %s\n", strerror(ret));
		return EXIT_FAILURE;
	}

	stream_setup(&b);
	if (!o.quiet && o.start_sps != WE2_UNSET)
		say(&sh, stdout, PROG ": paced from %" PRId32 " to %" PRId32
		    " sectors/s (%.1fx to %.1fx)\n", o.start_sps, o.end_sps,
		    (double)o.start_sps / o.media_1x,
		    (double)o.end_sps / o.media_1x);
	if (!o.quiet)
		say(&sh, stdout, PROG ": writing %s to %s at LBA %" PRId64
		    ", %" PRIu32 " bytes per sector, %s, %s\n", o.image,
		    o.device, o.lba, o.bps,
		    o.write12 ? "WRITE(12) streaming" : "WRITE(10)",
		    !atomic_load(&sh.streaming) ? "blocking sections" :
		    we2_stream_fixed(sh.stream) ?
		    "io_uring from registered buffers" :
		    "io_uring from plain buffers");

	ret = o.disc ? disc_prepare(&b) : 0;
	if (!ret)
		ret = burn(&b);
	if (!ret && b.image_bytes != UINT64_MAX && b.read_bytes < b.image_bytes) {
		say(&sh, stderr, PROG ": %s ended after %" PRIu64 " bytes\n",
		    o.image, b.read_bytes);
		/* the disc was laid out for the size: a shorter track is not it */
		if (o.disc)
			ret = -EIO;
	}

	say(&sh, stdout, PROG ": wrote %" PRIu64 " sectors (%" PRIu64
	    " bytes) at LBA %" PRId64 " in %.2f s, %.2f MB/s\n", b.sectors,
	    b.sectors * o.bps, o.lba, b.secs,
	    mb_per_s(b.sectors * o.bps, b.secs));

	if (o.disc) {
		if (!ret)
			ret = disc_finish(&b);
		if (!ret && o.dummy)
			ret = dummy_check(&b);
		else if (!ret && !o.quiet)
			say(&sh, stdout, PROG ": burned %s in %s\n",
			    we2_profile_str(b.plan.profile), b.drive_path);
	}

	/* a disc is read back through the drive still held (and locked) */
	if (!ret && (o.verify || (o.disc && !o.no_verify && !o.dummy))) {
		/* a mismatch is a failure: said even under --quiet */
		FILE *bad_out = o.quiet ? stderr : stdout;

		vret = o.disc ? verify_drive(&b, &bad_at) :
		       verify_image(&b, &bad_at);
		if (vret == 0)
			say(&sh, stdout, PROG ": verify ok\n");
		else if (vret == 1 && bad_at == UINT64_MAX)
			say(&sh, bad_out, PROG ": verify FAILED: the disc's "
			    "bytes are not those %s gave (hashed as they went "
			    "by: no offset)\n", o.image);
		else if (vret == 1)
			say(&sh, bad_out, PROG ": verify FAILED at byte %" PRIu64
			    "\n", bad_at);
		else if (vret == -ECANCELED)
			ret = vret;
	}
	/* the burn done (verified or not): the tray opened, as wodim -eject does */
	if (o.disc && o.eject && !ret) {
		int eret = we2_drive_eject(sh.drive);

		if (eret == -EIO) {
			drive_error(&b, "ejecting");
		} else if (eret) {
			say(&sh, stderr, PROG ": %s: ejecting: %s\n",
			    b.drive_path, strerror(-eret));
		} else {
			b.locked = false;
			if (!o.quiet)
				say(&sh, stdout, PROG ": %s: ejected\n",
				    b.drive_path);
		}
		if (eret)
			ret = eret;
	}
	if (o.disc)
		disc_release(&b);

	if (ret == -ECANCELED) {
		int sig = atomic_load(&sh.stop);

		const char *by = sig == SIGTERM ? "SIGTERM" :
				 sig == SIGINT ? "SIGINT" : "another program";

		if (b.sectors)
			say(&sh, stderr, PROG ": cancelled by %s; %" PRIu64
			    " sectors reached the device, the last at LBA %"
			    PRId64 "\n", by, b.sectors,
			    o.lba + (int64_t)b.sectors - 1);
		else
			say(&sh, stderr, PROG ": cancelled by %s; no sector "
			    "reached the device\n", by);
	}

	atomic_store(&sh.done, true);
	pthread_kill(helper, SIGUSR1);
	pthread_join(helper, NULL);
	we2_stream_exit(sh.stream);
	we2_close(sh.fd);
	if (b.in_fd != STDIN_FILENO)
		close(b.in_fd);

	if (ret == -ECANCELED)
		status = EXIT_CANCELLED;
	else if (ret || vret)
		status = EXIT_FAILURE;
	else
		status = EXIT_SUCCESS;
	return status;
}
