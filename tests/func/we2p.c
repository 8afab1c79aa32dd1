// SPDX-License-Identifier: GPL-2.0
/*
 * we2p: the functional tests of pacing and progress records. Each
 * subcommand prints "ok - <name>" / "not ok - <name>" lines and exits 1 on
 * failure. Rates are checked loosely (+-10%), at rates far below what the
 * VM's emulated device does; the benchmark checks them to 1%.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../ulib/libwe2.h"
#include "../lib/we2test.h"

#define BS	2048

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
	fprintf(stderr, "we2p: %s: %s\n", what, strerror(err));
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_dev(const char *path, int flags)
{
	int fd = we2_open(path, flags);

	if (fd < 0)
		die(path, -fd);
	return fd;
}

static uint8_t *pattern(uint32_t nr, uint64_t seed)
{
	uint8_t *p = mmap(NULL, (size_t)nr * BS, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap", errno);
	t_pattern_fill(p, (size_t)nr * BS, seed, 0);
	return p;
}

static void setup(int fd, int start, int end)
{
	int ret = we2_set_bytes_per_sector(fd, BS);

	if (!ret)
		ret = we2_set_sectors_per_second(fd, start, end);
	if (ret)
		die("settings", -ret);
}

/* The model's duration of an n-sector section: the integral of 1/rate. */
static double model_s(double start, double end, double n)
{
	if (start == end)
		return n / start;
	return n / (end - start) * log(end / start);
}

static bool within(double got, double want, double tolerance)
{
	return fabs(got - want) <= want * tolerance;
}

/* A stream of one section, for the io_uring path. */
static int stream_write(int fd, const uint8_t *buf, int64_t lba, uint32_t nr)
{
	char line[256];
	struct we2_write_result res;
	struct we2_stream *st;
	int ret, p[2];
	pid_t pid;

	ret = we2_stream_init(&st, fd, NULL);
	if (ret)
		return ret;
	if (pipe(p))
		die("pipe", errno);
	pid = fork();
	if (!pid) {
		size_t len = (size_t)nr * BS, off = 0;

		close(p[0]);
		while (off < len) {
			ssize_t n = write(p[1], buf + off, len - off);

			if (n <= 0)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(p[1]);
	ret = we2_stream_write_fd(st, p[0], lba, nr, &res);
	if (ret < 0) {
		we2_strsense(res.sense, res.sense_len, line, sizeof(line));
		printf("# stream: %d after %u sectors: %s\n", ret,
		       res.sectors_written, line);
	}
	close(p[0]);
	waitpid(pid, NULL, 0);
	we2_stream_exit(st);
	return ret;
}

struct sampler {
	int fd;
	double at;		/* seconds after start */
	double t0;
	uint32_t sps;
};

static void *sample_rate(void *arg)
{
	struct sampler *s = arg;
	struct we2_status st;

	while (now_s() < s->t0 + s->at)
		t_sleep_us(10000);
	if (!we2_get_status(s->fd, &st))
		s->sps = st.sectors_per_second;
	return NULL;
}

/*
 * we2p paced DEV LBA NR START END ioctl|stream: one paced section; its
 * duration within 10% of the model's, and the status shows a rate between
 * START and END halfway through.
 */
static int cmd_paced(char **argv)
{
	int64_t lba = strtoll(argv[3], NULL, 0);
	uint32_t nr = strtoul(argv[4], NULL, 0);
	int start = atoi(argv[5]), end = atoi(argv[6]);
	bool stream = !strcmp(argv[7], "stream");
	int fd = open_dev(argv[2], O_RDWR);
	uint8_t *buf = pattern(nr, 90);
	struct sampler smp = { .fd = fd };
	bool paced = start > 0 && end > 0;
	double want = paced ? model_s(start, end, nr) : 0, got;
	pthread_t th;
	int ret;

	setup(fd, start, end);
	smp.t0 = now_s();
	smp.at = want / 2;
	if (paced)
		pthread_create(&th, NULL, sample_rate, &smp);
	ret = stream ? stream_write(fd, buf, lba, nr) :
		       we2_write_section(fd, buf, lba, nr, NULL);
	got = now_s() - smp.t0;
	if (paced)
		pthread_join(th, NULL);
	printf("# %s %d:%d %u sectors: %d in %.3f s, model %.3f s, rate at half %u\n",
	       argv[7], start, end, nr, ret, got, want, smp.sps);
	check(ret == (int)nr, "paced-write-complete");
	if (paced) {
		int lo = start < end ? start : end, hi = start < end ? end : start;

		check(within(got, want, 0.10), "paced-duration-within-10%");
		check((int)smp.sps >= lo && (int)smp.sps <= hi,
		      "paced-status-shows-rate");
	} else {
		check(got < 1.0, "unpaced-is-not-held");
	}
	setup(fd, WE2_UNSET, WE2_UNSET);
	return failures != 0;
}

struct writer {
	int fd;
	const uint8_t *buf;
	int64_t lba;
	uint32_t nr;
	int ret;
	struct we2_write_result res;
	double t_end;
};

static void *write_thread(void *arg)
{
	struct writer *w = arg;

	w->ret = we2_write_section(w->fd, w->buf, w->lba, w->nr, &w->res);
	w->t_end = now_s();
	return NULL;
}

/*
 * we2p change DEV: 4000 sectors at 500/s, raised to 2000/s after 1 s from
 * another descriptor: the section ends near 1 + 3500/2000 s, and the
 * status shows the new rate.
 */
static int cmd_change(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR), fd2 = open_dev(argv[2], O_RDWR);
	struct writer w = { .fd = fd, .buf = pattern(4000, 91), .nr = 4000 };
	struct we2_status st;
	double t0, got;
	pthread_t th;
	int ret;

	setup(fd, 500, 500);
	t0 = now_s();
	pthread_create(&th, NULL, write_thread, &w);
	t_sleep_us(1000000);
	ret = we2_set_sectors_per_second(fd2, 2000, 2000);
	check(ret == 0, "rates-change-during-a-write");
	t_sleep_us(300000);
	we2_get_status(fd2, &st);
	check(st.sectors_per_second == 2000, "status-shows-the-new-rate");
	/* other settings still wait for the write to end */
	check(we2_set_transfer_cap(fd2, 32768) == -EBUSY,
	      "other-settings-still-busy");
	pthread_join(th, NULL);
	got = w.t_end - t0;
	printf("# changed at 1 s: %.3f s (about %.3f s)\n", got,
	       1.0 + 3500 / 2000.0);
	check(w.ret == 4000, "changed-write-complete");
	check(within(got, 1.0 + 3500 / 2000.0, 0.10), "change-applies");
	setup(fd, WE2_UNSET, WE2_UNSET);
	return failures != 0;
}

/*
 * we2p cancel-wait DEV: at 10 sectors/s a second 32-sector transfer waits
 * 3.2 s for its slot; a cancel ends the wait at once, with the count of
 * the first.
 */
static int cmd_cancel_wait(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	struct writer w = { .fd = fd, .buf = pattern(64, 92), .nr = 64 };
	double t0;
	pthread_t th;

	setup(fd, 10, 10);
	t0 = now_s();
	pthread_create(&th, NULL, write_thread, &w);
	t_sleep_us(500000);
	check(we2_cancel(fd) == 0, "cancel-accepted");
	pthread_join(th, NULL);
	printf("# cancelled after %.3f s: ret %d count %u\n", w.t_end - t0,
	       w.ret, w.res.sectors_written);
	check(w.ret == -ECANCELED && w.res.sectors_written == 32,
	      "cancel-ends-the-wait-exact");
	check(w.t_end - t0 < 1.5, "cancel-ends-the-wait-now");
	setup(fd, WE2_UNSET, WE2_UNSET);
	return failures != 0;
}

/* we2p kill-wait DEV: SIGKILL ends a pacing wait; the device is free. */
static int cmd_kill_wait(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	struct we2_status st;
	double t0;
	pid_t pid;

	setup(fd, 10, 10);
	pid = fork();
	if (!pid) {
		int cfd = open_dev(argv[2], O_RDWR);

		we2_write_section(cfd, pattern(64, 93), 0, 64, NULL);
		_exit(0);
	}
	t_sleep_us(500000);
	t0 = now_s();
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("# killed in %.3f s\n", now_s() - t0);
	check(now_s() - t0 < 1.0, "kill-ends-the-wait");
	we2_get_status(fd, &st);
	check(!st.write_in_progress && st.sectors_written == 32,
	      "killed-write-exact-and-over");
	setup(fd, WE2_UNSET, WE2_UNSET);
	return failures != 0;
}

/* What a watcher saw. */
struct seen {
	int records, polls, missed;
	uint32_t max_sps;
	bool monotonic;
	struct we2_event first, last;
};

static void watch_events(int fd, struct seen *s, int slow_us)
{
	struct we2_event ev;
	uint64_t seq = 0;

	*s = (struct seen){ .monotonic = true };
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, 10000) <= 0)
			break;
		s->polls++;
		if (we2_read_event(fd, &ev))
			break;
		if (s->records++) {
			s->monotonic &= ev.sequence > seq &&
				ev.last_written_lba >= s->last.last_written_lba;
		} else {
			s->first = ev;
		}
		seq = ev.sequence;
		s->missed += ev.missed;
		if (ev.sectors_per_second > s->max_sps)
			s->max_sps = ev.sectors_per_second;
		s->last = ev;
		if (ev.state != WE2_STATE_WRITING)
			break;
		if (slow_us)
			t_sleep_us(slow_us);
	}
}

static int cancel_after(const struct we2_progress *p, void *arg)
{
	int *calls = arg;

	(void)p;
	return ++*calls >= 3;
}

/*
 * we2p events DEV: records while a section is written (poll wakes,
 * monotonic, first WRITING, last DONE at the section's last LBA), a slow
 * reader told what it missed, a cancel from the watcher's callback, a
 * device error, and O_NONBLOCK with nothing new.
 */
static int cmd_events(char **argv)
{
	int fd = open_dev(argv[2], O_RDWR);
	int watch = open_dev(argv[2], O_RDWR | O_NONBLOCK);
	struct writer w = { .fd = fd, .buf = pattern(4000, 94), .nr = 4000,
			    .lba = 100 };
	struct we2_event ev;
	struct seen s;
	pthread_t th;
	int calls = 0, ret;
	uint32_t cap;

	check(we2_read_event(watch, &ev) == -EAGAIN, "nothing-new-eagain");

	/* a paced second: many records, all in order */
	setup(fd, 4000, 4000);
	pthread_create(&th, NULL, write_thread, &w);
	watch_events(watch, &s, 0);
	pthread_join(th, NULL);
	printf("# %d records, %d polls, %d missed, last state %u at %lld\n",
	       s.records, s.polls, s.missed, s.last.state,
	       (long long)s.last.last_written_lba);
	check(s.records >= 10 && s.polls >= s.records, "poll-wakes-for-records");
	check(s.monotonic, "records-monotonic");
	check(s.first.state == WE2_STATE_WRITING && s.first.start_lba == 100 &&
	      s.first.sector_count == 4000, "first-record-writing");
	check(s.last.state == WE2_STATE_DONE &&
	      s.last.last_written_lba == 100 + 4000 - 1 &&
	      s.last.last_read_lba == 100 + 4000 - 1 && !s.last.error,
	      "last-record-done-at-last-lba");
	check(s.max_sps == 4000, "records-carry-the-rate");

	/* unpaced, 2-sector commands, a reader that sleeps 50 ms a record */
	setup(fd, WE2_UNSET, WE2_UNSET);
	cap = 2 * BS;
	we2_set_transfer_cap(fd, cap);
	pthread_create(&th, NULL, write_thread, &w);
	watch_events(watch, &s, 50000);
	pthread_join(th, NULL);
	printf("# slow reader: %d records, %d missed\n", s.records, s.missed);
	check(w.ret == 4000 && s.missed > 0 && s.last.state == WE2_STATE_DONE,
	      "slow-reader-told-what-it-missed");
	we2_set_transfer_cap(fd, 65536);

	/* the watcher cancels from its callback, as CancelWrite() */
	setup(fd, 200, 200);
	pthread_create(&th, NULL, write_thread, &w);
	ret = we2_watch(watch, cancel_after, &calls);
	pthread_join(th, NULL);
	check(ret == WE2_STATE_CANCELLED && w.ret == -ECANCELED,
	      "watch-callback-cancels");
	setup(fd, WE2_UNSET, WE2_UNSET);

	/* a device error ends the write FAILED, with its errno */
	w.lba = strtoll(argv[3], NULL, 0) - 40;	/* capacity - 40 */
	w.nr = 100;
	pthread_create(&th, NULL, write_thread, &w);
	watch_events(watch, &s, 0);
	pthread_join(th, NULL);
	check(w.ret == -EIO && s.last.state == WE2_STATE_FAILED &&
	      s.last.error == EIO && s.last.last_written_lba == w.lba + 31,
	      "failed-record-with-errno");
	return failures != 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int args;
		int (*fn)(char **argv);
	} cmds[] = {
		{ "paced", 8, cmd_paced },
		{ "change", 3, cmd_change },
		{ "cancel-wait", 3, cmd_cancel_wait },
		{ "kill-wait", 3, cmd_kill_wait },
		{ "events", 4, cmd_events },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name) && argc == cmds[i].args)
			return cmds[i].fn(argv);
	fprintf(stderr,
		"usage: we2p paced DEV LBA NR START END ioctl|stream\n"
		"       we2p change|cancel-wait|kill-wait DEV\n"
		"       we2p events DEV CAPACITY\n");
	return 2;
}
