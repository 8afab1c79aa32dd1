/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A section: its validation and its split into SCSI commands. Pure: no
 * SCSI or block layer calls, so KUnit can test them on their own.
 */
#ifndef _WE2_SECTION_H
#define _WE2_SECTION_H

#include <linux/types.h>

struct we2_settings;
struct we2_uring_write;
struct we2_write_section;

/**
 * struct we2_section - a validated section write
 * @start_lba: first LBA
 * @nr_sectors: sectors in the section
 * @bytes_per_sector: bytes in one sector
 * @xfer_sectors: sectors per command; only the last may carry fewer
 * @bytes: data length of the whole section
 * @write12: send WRITE(12) with the Streaming bit, else WRITE(10)
 * @timeout_ms: per-command timeout
 */
struct we2_section {
	s64 start_lba;
	u32 nr_sectors;
	u32 bytes_per_sector;
	u32 xfer_sectors;
	u64 bytes;
	bool write12;
	u32 timeout_ms;
};

int we2_section_args_check(const struct we2_write_section *arg);
int we2_section_plan(struct we2_section *sec, const struct we2_settings *s,
		     u32 max_transfer, u64 max_bytes, s64 start_lba,
		     u32 nr_sectors);
u32 we2_section_next_len(const struct we2_section *sec, u32 done);
int we2_uring_args_check(const struct we2_uring_write *arg);
int we2_section_one_command(const struct we2_section *sec);

#endif /* _WE2_SECTION_H */
