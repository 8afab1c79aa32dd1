// SPDX-License-Identifier: GPL-2.0
/*
 * we2storm: seeded, bounded storms against /dev/we20, each run checked for
 * "exact": the call reported the number of sectors the device
 * acknowledged, those sectors read back byte-exact through sg (not we2),
 * nothing past the section was claimed, and the node is usable again (or
 * cleanly gone and back after a removal).
 *
 *	we2storm KIND RUNS SEED [--ko PATH]
 *	we2storm load SECONDS SEED
 *
 * KIND is cancel, signal, removal, faults or unload. Prints one line
 * "storm: KIND EXACT/RUNS exact" and exits 1 unless every run was exact.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/we2.h>

#include "../lib/we2test.h"

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

/* Cancel at a random moment: before the start, mid-transfer, after. */
static bool run_cancel(uint64_t seed)
{
	static const int allowed[] = { ECANCELED, 0 };
	int fd = open_node(), fd2 = open(NODE, O_RDWR | O_CLOEXEC);
	struct section s;
	pthread_t t;
	bool ok;

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

/* SIGKILL or SIGINT to a writing process at a random moment. */
static bool run_signal(uint64_t seed)
{
	int fd = open_node(), status;
	struct we2_status st;
	struct section s;
	pid_t pid;

	section_init(&s, fd, seed, MAX_NR);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		signal(SIGINT, SIG_DFL);	/* the storm itself ignores it */
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

/* Delete the SCSI device through sysfs at a random moment of a section. */
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
	int fd = open_node(), fd2 = open_node();
	uint32_t half = (rec.capacity - MAX_NR) / 2;
	char del[PATH_MAX + 16];
	struct section s, s2;
	struct we2_info info;
	pthread_t t, t2;
	bool ok;

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

static bool run_faults(uint64_t seed)
{
	static const int allowed[] = { ENOMEM, EIO, ETIMEDOUT, 0 };
	/* scsi_debug opts: recovered, transport, short transfer, host busy */
	static const long opts[] = { 8, 16, 0x100, 0x8000 };
	/* ... and those that leave a command unanswered: timeout, abort */
	static const long lost[] = { 4, 0x10000 };
	enum { SDEBUG, TIMEOUT, ALLOC } mode;
	int fd = open_node();
	struct section s;
	pthread_t t;
	bool ok;

	if (!t_below(&rng, 100))
		mode = TIMEOUT;
	else
		mode = t_below(&rng, have_fail_alloc() ? 2 : 1) ? ALLOC : SDEBUG;
	section_init(&s, fd, seed, MAX_NR);
	if (getenv("STORM_VERBOSE"))
		fprintf(stderr, "faults run %d: mode %d, %u sectors at %u\n",
			run_no, mode, s.nr, s.lba);
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
	if (pthread_create(&t, NULL, section_run, &s))
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
	fault_outcomes[s.ret == -ENOMEM ? 1 : s.ret == -EIO ? 2 :
		       s.ret == -ETIMEDOUT ? 3 : 0]++;
	fail_alloc_set(0);
	io_timeout_set(false);
	sdebug_set("opts", 0);
	sdebug_set("every_nth", 0);
	set_timeout(fd, 60000);
	ok = outcome_sane(&s, allowed) && idle_and_usable(fd) &&
	     verify(s.lba, s.ws.sectors_written, seed);
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

static bool run_unload(uint64_t seed)
{
	bool remove_too = t_below(&rng, 2), ok = true;
	char del[PATH_MAX + 16];
	pid_t pid = fork();
	int i;

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
 */
struct load {
	struct recorder r;
	uint32_t first, span;	/* LBAs of its own: scsi_debug shares a store */
	uint64_t rng;
	time_t deadline;
	long sections, bad;
	uint64_t bytes;
};

static void *load_main(void *arg)
{
	struct load *l = arg;
	size_t max = 256 * BS;
	uint8_t *buf = malloc(max), *got = malloc(max);
	int fd = open(l->r.node, O_RDWR | O_CLOEXEC);
	int sg = open(l->r.sg, O_RDWR | O_CLOEXEC);

	if (!buf || !got || fd < 0 || sg < 0 || set_bps(fd)) {
		l->bad++;
		return NULL;
	}
	while (time(NULL) < l->deadline) {
		uint32_t nr = 1 + t_below(&l->rng, 256);
		uint32_t lba = l->first + t_below(&l->rng, l->span - 256);
		uint64_t seed = t_rand(&l->rng);
		struct we2_write_section ws = {
			.buf = (uintptr_t)buf, .start_lba = lba, .nr_sectors = nr,
		};

		t_pattern_fill(buf, (size_t)nr * BS, seed, 0);
		if (ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) != (int)nr ||
		    t_sg_read(sg, lba, nr, BS, got) ||
		    memcmp(buf, got, (size_t)nr * BS)) {
			printf("storm-miss: load %s: %u sectors at LBA %u\n",
			       l->r.node, nr, lba);
			l->bad++;
		}
		l->sections++;
		l->bytes += (uint64_t)nr * BS;
	}
	close(sg);
	close(fd);
	free(buf);
	free(got);
	return NULL;
}

/* we2storm load SECONDS SEED: prints "load: N devices ..." */
static int run_load(int seconds, uint64_t seed)
{
	struct load *l = calloc(WE2_MAX_NODES, sizeof(*l));
	pthread_t t[WE2_MAX_NODES];
	long sections = 0, bad = 0;
	uint64_t bytes = 0;
	int n = 0;

	if (!l)
		die("calloc");
	while (n < WE2_MAX_NODES && find_recorder_of(&l[n].r, n, 100))
		n++;
	for (int i = 0; i < n; i++) {
		l[i].span = l[i].r.capacity / n;
		l[i].first = i * l[i].span;
		if (l[i].span <= 256)
			die("devices too small for a load of their own");
		l[i].rng = seed + i;
		l[i].deadline = time(NULL) + seconds;
		if (pthread_create(&t[i], NULL, load_main, &l[i]))
			die("pthread_create");
	}
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		sections += l[i].sections;
		bad += l[i].bad;
		bytes += l[i].bytes;
	}
	printf("load: %d devices %d s %ld sections %.1f MB/s %ld errors\n", n,
	       seconds, sections, bytes / 1e6 / seconds, bad);
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
		fprintf(stderr, "usage: we2storm cancel|signal|removal|faults|unload RUNS SEED [--ko PATH]\n       we2storm load SECONDS SEED\n");
		return 2;
	}
	kind = argv[1];
	runs = atoi(argv[2]);
	seed = strtoull(argv[3], NULL, 0);
	if (!strcmp(kind, "load"))
		return run_load(runs, seed);
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
