// SPDX-License-Identifier: GPL-2.0
/*
 * we2t: the functional tests' hands on the raw we2 ABI (no libwe2, so the
 * ABI itself is what is tested). Each subcommand either does one thing
 * for a shell test to check by another path, or is a test of its own that
 * prints "ok - <name>" / "not ok - <name>" lines and exits 1 on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/we2.h>

#include "../lib/we2test.h"

static int failures;

static void check(bool cond, const char *name)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failures++;
	fflush(stdout);
}

static void die(const char *what)
{
	fprintf(stderr, "we2t: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int open_dev(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		die(path);
	return fd;
}

static int get_info(int fd, struct we2_info *info)
{
	return ioctl(fd, WE2_IOC_GET_INFO, info) ? -errno : 0;
}

static int set_bps(int fd, int bps)
{
	struct we2_config cfg = {
		.mask = WE2_CFG_BYTES_PER_SECTOR,
		.bytes_per_sector = bps,
	};

	return ioctl(fd, WE2_IOC_SET_CONFIG, &cfg) ? -errno : 0;
}

static int set_config(int fd, const struct we2_config *cfg)
{
	return ioctl(fd, WE2_IOC_SET_CONFIG, cfg) ? -errno : 0;
}

/* One section; returns sectors written or -errno, fills @ws. */
static int write_section(int fd, const void *buf, int64_t lba, uint32_t nr,
			 struct we2_write_section *ws, uint8_t *sense,
			 uint32_t sense_len)
{
	int ret;

	memset(ws, 0, sizeof(*ws));
	ws->buf = (uintptr_t)buf;
	ws->start_lba = lba;
	ws->nr_sectors = nr;
	ws->sense_buf = (uintptr_t)sense;
	ws->sense_len = sense ? sense_len : 0;
	ret = ioctl(fd, WE2_IOC_WRITE_SECTION, ws);
	return ret < 0 ? -errno : ret;
}

static void *alloc_region(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static int errno_by_name(const char *name)
{
	static const struct { const char *n; int e; } t[] = {
		{ "EINVAL", EINVAL }, { "ERANGE", ERANGE }, { "EFAULT", EFAULT },
		{ "EIO", EIO }, { "EBADF", EBADF }, { "EBUSY", EBUSY },
		{ "ECANCELED", ECANCELED }, { "ENODEV", ENODEV },
		{ "EOVERFLOW", EOVERFLOW }, { "ENOENT", ENOENT },
		{ "EACCES", EACCES }, { "EPERM", EPERM },
		{ "ETIMEDOUT", ETIMEDOUT }, { "ENOMEDIUM", ENOMEDIUM },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].n, name))
			return t[i].e;
	fprintf(stderr, "we2t: unknown errno name %s\n", name);
	exit(2);
}

/*
 * we2t write DEV LBA NR BPS SEED OFFSET [write12] [expect ERRNO COUNT]
 * Writes NR sectors of pattern SEED at LBA from a buffer OFFSET bytes past
 * a page boundary. Prints "count=N ret=R sense=HEX" and exits 0 when the
 * outcome is the expected one (success unless "expect" is given).
 */
static int cmd_write(int argc, char **argv)
{
	int64_t lba = strtoll(argv[3], NULL, 0);
	uint32_t nr = strtoul(argv[4], NULL, 0);
	int bps = atoi(argv[5]);
	uint64_t seed = strtoull(argv[6], NULL, 0);
	size_t off = strtoul(argv[7], NULL, 0);
	int want_err = 0, want_count = -1;
	struct we2_write_section ws;
	struct we2_config cfg = { .mask = WE2_CFG_BYTES_PER_SECTOR |
					  WE2_CFG_STREAMING_WRITE12,
				  .bytes_per_sector = bps };
	uint8_t sense[252];
	size_t len = (size_t)nr * bps;
	uint8_t *region;
	int fd, ret;

	for (int i = 8; i < argc; i++) {
		if (!strcmp(argv[i], "write12")) {
			cfg.use_streaming_write12 = 1;
		} else if (!strcmp(argv[i], "expect") && i + 2 < argc) {
			want_err = errno_by_name(argv[i + 1]);
			want_count = atoi(argv[i + 2]);
			i += 2;
		}
	}

	fd = open_dev(argv[2], O_RDWR);
	if (set_config(fd, &cfg))
		die("set config");
	region = alloc_region(len + off + 4096);
	t_pattern_fill(region + off, len, seed, 0);

	ret = write_section(fd, region + off, lba, nr, &ws, sense,
			    sizeof(sense));
	printf("count=%u ret=%d sense=", ws.sectors_written, ret);
	for (uint32_t i = 0; i < ws.sense_written; i++)
		printf("%02x", sense[i]);
	printf("\n");

	if (want_err)
		return !(ret == -want_err &&
			 ws.sectors_written == (uint32_t)want_count);
	return !(ret == (int)nr && ws.sectors_written == nr);
}

/* we2t pattern SEED BYTES: the data "write" sends, for cmp */
static int cmd_pattern(char **argv)
{
	uint64_t seed = strtoull(argv[2], NULL, 0);
	uint64_t bytes = strtoull(argv[3], NULL, 0), done = 0;
	static uint8_t buf[1 << 16];

	while (done < bytes) {
		size_t n = bytes - done < sizeof(buf) ? bytes - done : sizeof(buf);

		t_pattern_fill(buf, n, seed, done);
		if (fwrite(buf, 1, n, stdout) != n)
			die("stdout");
		done += n;
	}
	return 0;
}

/* we2t info DEV: "key value" lines */
static int cmd_info(char **argv)
{
	int fd = open_dev(argv[2], O_RDONLY);
	struct we2_info info;
	struct we2_status st;
	struct we2_config cfg;

	if (get_info(fd, &info) || ioctl(fd, WE2_IOC_GET_STATUS, &st) ||
	    ioctl(fd, WE2_IOC_GET_CONFIG, &cfg))
		die("info");
	printf("bytes_per_sector %d\nstarting_sectors_per_second %d\n"
	       "ending_sectors_per_second %d\nuse_streaming_write12 %u\n"
	       "timeout_ms %u\ntransfer_cap_bytes %u\n",
	       cfg.bytes_per_sector, cfg.starting_sectors_per_second,
	       cfg.ending_sectors_per_second, cfg.use_streaming_write12,
	       cfg.timeout_ms, cfg.transfer_cap_bytes);
	printf("abi_version %u\nscsi_type %u\nmax_transfer_bytes %u\n"
	       "dma_alignment %u\nsections %llu\ncommands %llu\n"
	       "sectors_written %llu\nerrors %llu\nbounce_bytes %llu\n"
	       "write_in_progress %u\nstart_lba %lld\nsector_count %u\n"
	       "status_sectors_written %u\nlast_written_lba %lld\n",
	       info.abi_version, info.scsi_type, info.max_transfer_bytes,
	       info.dma_alignment, (unsigned long long)info.stat_sections,
	       (unsigned long long)info.stat_commands,
	       (unsigned long long)info.stat_sectors_written,
	       (unsigned long long)info.stat_errors,
	       (unsigned long long)info.stat_bounce_bytes,
	       st.write_in_progress, (long long)st.start_lba, st.sector_count,
	       st.sectors_written, (long long)st.last_written_lba);
	printf("features %#llx\n", (unsigned long long)info.features);
	return 0;
}

/* Every bad argument: the right errno, and not one command sent. */
static int cmd_badargs(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	struct we2_info before, after;
	struct we2_write_section ws;
	struct we2_config cfg;
	uint8_t *buf = alloc_region(1 << 20);
	void *hole;
	int ret;

	if (get_info(fd, &before))
		die("info");

	ret = set_bps(fd, WE2_UNSET);
	check(ret == 0, "bps can be reset to unset");
	check(write_section(fd, buf, 0, 1, &ws, NULL, 0) == -EINVAL,
	      "unset bytes_per_sector: EINVAL");
	check(set_bps(fd, 2048) == 0, "bps 2048 accepted");

	check(write_section(fd, buf, 0, 0, &ws, NULL, 0) == -EINVAL,
	      "zero sector count: EINVAL");
	check(write_section(fd, buf, 0, (uint32_t)INT_MAX + 1, &ws, NULL, 0)
	      == -EINVAL, "count above INT_MAX: EINVAL");
	memset(&cfg, 0, sizeof(cfg));
	cfg.mask = WE2_CFG_BYTES_PER_SECTOR | WE2_CFG_TRANSFER_CAP;
	cfg.bytes_per_sector = 1 << 20;
	cfg.transfer_cap_bytes = 1 << 20;
	check(set_config(fd, &cfg) == 0, "1 MiB sectors accepted");
	check(write_section(fd, buf, 0, INT_MAX, &ws, NULL, 0) == -EOVERFLOW,
	      "count x bytes_per_sector beyond address space: EOVERFLOW");
	cfg.bytes_per_sector = 2048;
	cfg.transfer_cap_bytes = 65536;
	check(set_config(fd, &cfg) == 0, "back to 2048-byte sectors");

	check(write_section(fd, buf, 4294967296LL, 1, &ws, NULL, 0) == -ERANGE,
	      "LBA 2^32: ERANGE");
	check(write_section(fd, buf, 4294967295LL, 2, &ws, NULL, 0) == -ERANGE,
	      "section ending past LBA 2^32-1: ERANGE");
	check(write_section(fd, buf, -2147483649LL, 1, &ws, NULL, 0)
	      == -ERANGE, "LBA below -2^31: ERANGE");

	memset(&ws, 0, sizeof(ws));
	ws.buf = (uintptr_t)buf;
	ws.nr_sectors = 1;
	ws.flags = 1;
	check(ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) < 0 && errno == EINVAL,
	      "unknown flag: EINVAL");
	ws.flags = 0;
	ws.reserved[0] = 1;
	check(ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) < 0 && errno == EINVAL,
	      "non-zero reserved field: EINVAL");
	ws.reserved[0] = 0;
	ws.reserved0 = 1;
	check(ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) < 0 && errno == EINVAL,
	      "non-zero reserved0: EINVAL");
	ws.reserved0 = 0;
	ws.sense_len = 32;
	check(ioctl(fd, WE2_IOC_WRITE_SECTION, &ws) < 0 && errno == EINVAL,
	      "sense length without buffer: EINVAL");

	hole = alloc_region(1 << 20);
	munmap(hole, 1 << 20);
	check(write_section(fd, hole, 0, 8, &ws, NULL, 0) == -EFAULT &&
	      ws.sectors_written == 0, "unmapped buffer: EFAULT, 0 written");
	hole = mmap(NULL, 1 << 16, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	check(write_section(fd, hole, 0, 8, &ws, NULL, 0) == -EFAULT,
	      "PROT_NONE buffer: EFAULT");
	check(write_section(fd, (void *)0xffff888000000000ULL, 0, 1, &ws, NULL,
			    0) == -EFAULT, "kernel address: EFAULT");
	check(ioctl(fd, WE2_IOC_WRITE_SECTION, NULL) < 0 && errno == EFAULT,
	      "NULL argument: EFAULT");
	check(ioctl(fd, _IO(WE2_IOC_MAGIC, 0x1f)) < 0 && errno == ENOTTY,
	      "unknown ioctl: ENOTTY");

	memset(&cfg, 0, sizeof(cfg));
	cfg.mask = WE2_CFG_BYTES_PER_SECTOR;
	cfg.bytes_per_sector = 0;
	check(set_config(fd, &cfg) == -EINVAL, "bytes_per_sector 0: EINVAL");
	cfg.bytes_per_sector = 65537;
	check(set_config(fd, &cfg) == -EINVAL,
	      "bytes_per_sector above the transfer cap: EINVAL");
	cfg.mask = WE2_CFG_TIMEOUT;
	cfg.timeout_ms = 10;
	check(set_config(fd, &cfg) == -EINVAL, "timeout 10 ms: EINVAL");
	cfg.mask = WE2_CFG_STREAMING_WRITE12;
	cfg.use_streaming_write12 = 2;
	check(set_config(fd, &cfg) == -EINVAL, "write12 = 2: EINVAL");
	cfg.mask = WE2_CFG_TRANSFER_CAP;
	cfg.transfer_cap_bytes = 0;
	check(set_config(fd, &cfg) == -EINVAL, "transfer cap 0: EINVAL");
	cfg.mask = 1U << 30;
	check(set_config(fd, &cfg) == -EINVAL, "unknown config bit: EINVAL");
	cfg.mask = 0;
	cfg.reserved[2] = 7;
	check(set_config(fd, &cfg) == -EINVAL,
	      "config reserved field: EINVAL");

	memset(&cfg, 0, sizeof(cfg));
	check(ioctl(fd, WE2_IOC_GET_CONFIG, &cfg) == 0 &&
	      cfg.mask == WE2_CFG_ALL && cfg.bytes_per_sector == 2048 &&
	      cfg.timeout_ms == 60000 && cfg.transfer_cap_bytes == 65536 &&
	      cfg.use_streaming_write12 == 0,
	      "refused settings left the config as it was");

	check(ioctl(fd, WE2_IOC_CANCEL) < 0 && errno == ENOENT,
	      "cancel with no write in progress: ENOENT");

	if (get_info(fd, &after))
		die("info");
	check(after.stat_commands == before.stat_commands &&
	      after.stat_sectors_written == before.stat_sectors_written,
	      "no command reached the device");
	return failures != 0;
}

/* A read-only descriptor may look but not write, configure or cancel. */
static int cmd_rdonly(char **argv)
{
	int fd = open_dev(argv[2], O_RDONLY);
	struct we2_write_section ws;
	struct we2_config cfg = { .mask = WE2_CFG_TIMEOUT,
				  .timeout_ms = 5000 };
	struct we2_info info;
	uint8_t *buf = alloc_region(4096);

	check(get_info(fd, &info) == 0, "read-only: GET_INFO works");
	check(ioctl(fd, WE2_IOC_GET_CONFIG, &cfg) == 0,
	      "read-only: GET_CONFIG works");
	check(write_section(fd, buf, 0, 1, &ws, NULL, 0) == -EBADF,
	      "read-only: WRITE_SECTION EBADF");
	check(set_config(fd, &cfg) == -EBADF, "read-only: SET_CONFIG EBADF");
	check(ioctl(fd, WE2_IOC_CANCEL) < 0 && errno == EBADF,
	      "read-only: CANCEL EBADF");
	return failures != 0;
}

/* we2t open DEV rw|ro: exit 0 if open works, else print the errno name */
static int cmd_open(char **argv)
{
	int fd = open(argv[2], (!strcmp(argv[3], "rw") ? O_RDWR : O_RDONLY));

	if (fd < 0) {
		printf("%s\n", errno == EACCES ? "EACCES" : strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

struct writer {
	int fd;
	uint8_t *buf;
	int64_t lba;
	uint32_t nr;
	int ret;
	struct we2_write_section ws;
	volatile bool done;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	uint8_t sense[64];

	w->ret = write_section(w->fd, w->buf, w->lba, w->nr, &w->ws, sense,
			       sizeof(sense));
	w->done = true;
	return NULL;
}

/* Wait until the writer has at least one command acknowledged. */
static bool wait_progress(int fd, struct writer *w)
{
	struct we2_status st;

	for (int i = 0; i < 20000 && !w->done; i++) {
		if (!ioctl(fd, WE2_IOC_GET_STATUS, &st) && st.sectors_written)
			return true;
		t_sleep_us(1000);
	}
	return false;
}

static void start_writer(struct writer *w, pthread_t *t, int fd, int64_t lba,
			 uint32_t nr, uint64_t seed)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->lba = lba;
	w->nr = nr;
	w->buf = alloc_region((size_t)nr * 2048);
	t_pattern_fill(w->buf, (size_t)nr * 2048, seed, 0);
	if (pthread_create(t, NULL, writer_main, w))
		die("pthread_create");
}

/*
 * we2t cancel DEV LBA NR SEED: cancel from a second descriptor (another
 * "process") while a section is written; prints "count=N".
 */
static int cmd_cancel(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR), fd2 = open_dev(argv[2], O_RDWR);
	struct we2_write_section ws;
	struct we2_status st;
	struct writer w;
	pthread_t t;
	bool busy_refused;

	if (set_bps(fd, 2048))
		die("bps");
	start_writer(&w, &t, fd, strtoll(argv[3], NULL, 0),
		     strtoul(argv[4], NULL, 0), strtoull(argv[5], NULL, 0));
	check(wait_progress(fd2, &w), "cancel: the write made progress");
	busy_refused = set_bps(fd2, 2352) == -EBUSY;
	check(busy_refused, "cancel: config change refused while writing");
	check(write_section(fd2, w.buf, 0, 1, &ws, NULL, 0) == -EBUSY,
	      "cancel: a second section is refused with EBUSY");
	check(ioctl(fd2, WE2_IOC_CANCEL) == 0, "cancel: CANCEL returns 0");
	pthread_join(t, NULL);
	check(w.ret == -ECANCELED, "cancel: writer gets ECANCELED");
	check(w.ws.sectors_written > 0 && w.ws.sectors_written < w.nr,
	      "cancel: count between 0 and the section");
	check(w.ws.sectors_written % 32 == 0,
	      "cancel: count is a whole number of commands");
	check(!ioctl(fd2, WE2_IOC_GET_STATUS, &st) && !st.write_in_progress &&
	      st.sectors_written == w.ws.sectors_written &&
	      st.last_written_lba == w.lba + w.ws.sectors_written - 1,
	      "cancel: status agrees with the count");
	check(ioctl(fd2, WE2_IOC_CANCEL) < 0 && errno == ENOENT,
	      "cancel: a second cancel gets ENOENT");
	printf("count=%u\n", w.ws.sectors_written);
	return failures != 0;
}

/*
 * we2t remove DEV DELETE_FILE NR: delete the SCSI device through sysfs
 * while a section is being written on an open descriptor.
 */
static int cmd_remove(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR), del;
	struct we2_info info;
	struct writer w;
	pthread_t t;

	if (set_bps(fd, 2048))
		die("bps");
	start_writer(&w, &t, fd, 0, strtoul(argv[4], NULL, 0), 1);
	check(wait_progress(fd, &w), "remove: the write made progress");
	del = open(argv[3], O_WRONLY);
	if (del < 0 || write(del, "1", 1) != 1)
		die(argv[3]);
	close(del);
	pthread_join(t, NULL);
	printf("ret=%d count=%u\n", w.ret, w.ws.sectors_written);
	check(w.ret == -ENODEV || w.ret == -EIO,
	      "remove: writer gets ENODEV or EIO");
	check(w.ws.sectors_written < w.nr,
	      "remove: count short of the section");
	check(get_info(fd, &info) == -ENODEV,
	      "remove: later calls get ENODEV");
	check(access(argv[2], F_OK) != 0, "remove: the node is gone");
	close(fd);
	return failures != 0;
}

/* we2t hold DEV SECONDS: keep the node open (for unload tests) */
static int cmd_hold(char **argv)
{
	int fd = open_dev(argv[2], O_RDONLY);

	sleep(atoi(argv[3]));
	close(fd);
	return 0;
}

/* open(2)'s answer: 0 (and closed again) or -errno */
static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * we2t wait-excl DEV MS: poll every 10 ms until DEV opens O_RDWR|O_EXCL;
 * prints "excl after N ms", exits 1 if MS passed first.
 */
static int cmd_wait_excl(char **argv)
{
	long ms = atol(argv[3]), t;

	for (t = 0; t <= ms; t += 10) {
		if (!try_open(argv[2], O_RDWR | O_EXCL)) {
			printf("excl after %ld ms\n", t);
			return 0;
		}
		usleep(10000);
	}
	printf("still held after %ld ms\n", ms);
	return 1;
}

/*
 * we2t excl DEV BPS: O_EXCL holds the node against every other writer
 * (EBUSY), lets readers in, is refused while another writer is open, and
 * is let go on close and when its process dies.
 */
static int cmd_excl(char **argv)
{
	const char *dev = argv[2];
	int bps = atoi(argv[3]), fd, fd2, st;
	struct we2_config cfg = { .mask = WE2_CFG_BYTES_PER_SECTOR,
				  .bytes_per_sector = bps };
	struct we2_write_section ws;
	uint8_t *buf = alloc_region(bps);
	pid_t pid;
	int pipefd[2];
	char c;

	fd = open(dev, O_RDWR | O_EXCL | O_CLOEXEC);
	check(fd >= 0, "excl: O_RDWR|O_EXCL on an idle node");
	if (fd < 0)
		return 1;
	check(try_open(dev, O_RDWR) == -EBUSY, "excl: another writer gets EBUSY");
	check(try_open(dev, O_RDWR | O_EXCL) == -EBUSY,
	      "excl: another O_EXCL gets EBUSY");
	check(try_open(dev, O_RDONLY) == 0, "excl: a reader is let in");
	check(try_open(dev, O_RDONLY | O_EXCL) == -EINVAL,
	      "excl: O_EXCL read-only is EINVAL");
	check(!set_config(fd, &cfg) &&
	      write_section(fd, buf, 0, 1, &ws, NULL, 0) == 1,
	      "excl: the holder writes");
	close(fd);
	check(try_open(dev, O_RDWR) == 0, "excl: a writer once it is closed");

	fd2 = open_dev(dev, O_RDWR);
	check(try_open(dev, O_RDWR | O_EXCL) == -EBUSY,
	      "excl: refused while another writer is open");
	check(try_open(dev, O_RDWR) == 0, "excl: two plain writers may share");
	close(fd2);

	/* held by a process that dies: let go with its descriptors */
	if (pipe(pipefd))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		if (open(dev, O_RDWR | O_EXCL) < 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	check(read(pipefd[0], &c, 1) == 1, "excl: a child holds it");
	check(try_open(dev, O_RDWR) == -EBUSY, "excl: held by the child");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	check(try_open(dev, O_RDWR | O_EXCL) == 0,
	      "excl: let go when the child is killed");
	close(pipefd[0]);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 8 && !strcmp(argv[1], "write"))
		return cmd_write(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "pattern"))
		return cmd_pattern(argv);
	if (argc == 3 && !strcmp(argv[1], "info"))
		return cmd_info(argv);
	if (argc == 3 && !strcmp(argv[1], "badargs"))
		return cmd_badargs(argv);
	if (argc == 3 && !strcmp(argv[1], "rdonly"))
		return cmd_rdonly(argv);
	if (argc == 4 && !strcmp(argv[1], "open"))
		return cmd_open(argv);
	if (argc == 6 && !strcmp(argv[1], "cancel"))
		return cmd_cancel(argv);
	if (argc == 5 && !strcmp(argv[1], "remove"))
		return cmd_remove(argv);
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return cmd_hold(argv);
	if (argc == 4 && !strcmp(argv[1], "excl"))
		return cmd_excl(argv);
	/* we2t wait-excl DEV MS: until DEV opens O_RDWR|O_EXCL, at most MS */
	if (argc == 4 && !strcmp(argv[1], "wait-excl"))
		return cmd_wait_excl(argv);
	fprintf(stderr,
		"usage: we2t write DEV LBA NR BPS SEED OFFSET [write12] [expect ERRNO COUNT]\n"
		"       we2t pattern SEED BYTES | info DEV | badargs DEV | rdonly DEV\n"
		"       we2t open DEV rw|ro | cancel DEV LBA NR SEED\n"
		"       we2t remove DEV DELETE_FILE NR | hold DEV SECONDS\n"
		"       we2t excl DEV BPS\n"
		"       we2t wait-excl DEV MS\n");
	return 2;
}
