// SPDX-License-Identifier: GPL-2.0
/*
 * we2pace: the pacing part of "make bench" (run inside the VM). Writes one
 * paced section and prints how long it took against the model:
 *
 *   we2pace DEV ioctl|stream START END SECTORS
 *
 *   pace: <start-sps>:<end-sps> <sectors> <expected-s> <achieved-s> <error-%>
 *
 * expected-s is the exact integral of 1/rate up to the slot of the last
 * transfer (the time at which the section's last data may be sent; the
 * device is far faster than the rate, so it is also when the section ends),
 * achieved-s the wall time from the call to its return. The kernel books
 * slots by the midpoint rule, within 10 ppm of the integral.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../ulib/libwe2.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* time at which sector x may be sent: integral of 1/rate from 0 to x */
static double model_at(double s, double e, double n, double x)
{
	if (s == e)
		return x / s;
	return n / (e - s) * log((s + (e - s) * x / n) / s);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "we2pace: %s: %s\n", what, strerror(err));
	exit(2);
}

int main(int argc, char **argv)
{
	struct we2_stream *st = NULL;
	struct we2_config cfg;
	uint32_t nr, per, last;
	double t0, took, want;
	int fd, start, end, ret, devnull;
	uint8_t *buf;

	if (argc != 6) {
		fprintf(stderr, "usage: we2pace DEV ioctl|stream START END SECTORS\n");
		return 2;
	}
	start = atoi(argv[3]);
	end = atoi(argv[4]);
	nr = strtoul(argv[5], NULL, 0);
	fd = we2_open(argv[1], O_RDWR);
	if (fd < 0)
		die(argv[1], -fd);
	ret = we2_set_sectors_per_second(fd, start, end);
	if (!ret)
		ret = we2_get_config(fd, &cfg);
	if (ret)
		die("settings", -ret);
	per = cfg.transfer_cap_bytes / cfg.bytes_per_sector;
	last = nr % per ? nr % per : per;
	buf = mmap(NULL, (size_t)nr * cfg.bytes_per_sector,
		   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap", errno);
	memset(buf, 0xa5, (size_t)nr * cfg.bytes_per_sector);

	if (!strcmp(argv[2], "stream")) {
		ret = we2_stream_init(&st, fd, NULL);
		if (ret)
			die("stream", -ret);
	}
	devnull = open("/dev/zero", O_RDONLY);
	t0 = now();
	if (st)
		ret = we2_stream_write_fd(st, devnull, 0, nr, NULL);
	else
		ret = we2_write_section(fd, buf, 0, nr, NULL);
	took = now() - t0;
	we2_set_sectors_per_second(fd, WE2_UNSET, WE2_UNSET);
	if (ret != (int)nr)
		die("write", ret < 0 ? -ret : EIO);
	want = model_at(start, end, nr, nr - last);
	printf("pace: %d:%d %u %.3f %.3f %+.2f%%\n", start, end, nr, want,
	       took, (took - want) / want * 100);
	we2_stream_exit(st);
	return 0;
}
