/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test programs (we2t, we2storm, we2fuzz) share: the data
 * pattern, a seeded random stream, and a read-back through SG_IO that does
 * not go through we2.
 */
#ifndef WE2TEST_H
#define WE2TEST_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <scsi/sg.h>

/* Byte i of the data written with @seed: the same whatever the buffer. */
static inline void t_pattern_fill(uint8_t *p, size_t len, uint64_t seed,
				  uint64_t from)
{
	uint64_t word = UINT64_MAX, x = 0;

	for (size_t i = 0; i < len; i++) {
		if ((from + i) >> 3 != word) {
			word = (from + i) >> 3;
			x = (seed * 0x9e3779b97f4a7c15ULL) ^ word;
			x ^= x >> 31;
			x *= 0xbf58476d1ce4e5b9ULL;
			x ^= x >> 29;
		}
		p[i] = (uint8_t)(x >> (8 * ((from + i) & 7)));
	}
}

/* splitmix64: a seeded stream, so that every run can be replayed */
static inline uint64_t t_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) */
static inline uint64_t t_below(uint64_t *state, uint64_t n)
{
	return n ? t_rand(state) % n : 0;
}

static inline void t_sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Sense key of fixed (0x70/0x71) or descriptor (0x72/0x73) sense data. */
static inline int t_sense_key(const uint8_t *sense, size_t len)
{
	if (len >= 3 && (sense[0] & 0x7e) == 0x70)
		return sense[2] & 0xf;
	if (len >= 2 && (sense[0] & 0x7e) == 0x72)
		return sense[1] & 0xf;
	return -1;
}

#define T_UNIT_ATTENTION	6

/*
 * READ(10) of @nr @bs-byte blocks at @lba through an sg node, 32 blocks a
 * command. A UNIT ATTENTION (a device that was just reset or rescanned
 * says so once) is retried. Returns 0 or -errno (-EIO if it failed).
 */
static inline int t_sg_read(int sg_fd, uint32_t lba, uint32_t nr, uint32_t bs,
			    uint8_t *buf)
{
	int attention = 0;

	while (nr) {
		uint32_t n = nr < 32 ? nr : 32;
		uint8_t cdb[10] = { 0x28, 0, lba >> 24, lba >> 16, lba >> 8,
				    lba, 0, n >> 8, n, 0 };
		uint8_t sense[32];
		struct sg_io_hdr h;

		memset(&h, 0, sizeof(h));
		h.interface_id = 'S';
		h.dxfer_direction = SG_DXFER_FROM_DEV;
		h.cmd_len = sizeof(cdb);
		h.cmdp = cdb;
		h.dxferp = buf;
		h.dxfer_len = n * bs;
		h.sbp = sense;
		h.mx_sb_len = sizeof(sense);
		h.timeout = 20000;
		if (ioctl(sg_fd, SG_IO, &h) < 0)
			return -errno;
		if (h.status && t_sense_key(sense, h.sb_len_wr) ==
		    T_UNIT_ATTENTION && ++attention < 4)
			continue;
		if (h.status || h.host_status || h.driver_status || h.resid)
			return -EIO;
		lba += n;
		nr -= n;
		buf += (size_t)n * bs;
	}
	return 0;
}

#endif /* WE2TEST_H */
