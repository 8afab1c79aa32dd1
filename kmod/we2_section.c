// SPDX-License-Identifier: GPL-2.0
/*
 * Section validation and splitting. Everything a caller can get wrong is
 * refused here, before a request is allocated or a page pinned, so that a
 * bad argument never writes a byte.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <uapi/linux/we2.h>

#include "we2_cdb.h"
#include "we2_section.h"
#include "we2_settings.h"

/* The reserved words of the ABI's structures are zero, or -EINVAL. */
static int we2_reserved_zero(u32 reserved0, const u64 *reserved, int n)
{
	int i;

	if (reserved0)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (reserved[i])
			return -EINVAL;
	return 0;
}

/**
 * we2_section_args_check() - check the fields the planner does not see
 * @arg: the caller's request, already copied into the kernel
 *
 * The output fields (sectors_written, sense_written) are not looked at, so
 * a caller may reuse one structure for many sections.
 *
 * Return: 0, or -EINVAL for unknown flags, non-zero reserved fields or a
 * sense length without a buffer.
 */
int we2_section_args_check(const struct we2_write_section *arg)
{
	if (arg->flags)
		return -EINVAL;
	if (we2_reserved_zero(arg->reserved0, arg->reserved,
			      ARRAY_SIZE(arg->reserved)))
		return -EINVAL;
	if (!arg->sense_buf && arg->sense_len)
		return -EINVAL;
	return 0;
}

/**
 * we2_uring_args_check() - check an io_uring write's fields the planner
 *	does not see
 * @arg: the payload, already copied out of the SQE
 *
 * Return: 0, or -EINVAL for unknown flags, non-zero reserved fields or a
 * write that is not within the section it names.
 */
int we2_uring_args_check(const struct we2_uring_write *arg)
{
	if (arg->flags)
		return -EINVAL;
	if (we2_reserved_zero(arg->reserved0, arg->reserved,
			      ARRAY_SIZE(arg->reserved)))
		return -EINVAL;
	if (!arg->section_sectors)	/* the write is its own section */
		return 0;
	if (!we2_lba_fits(arg->section_lba))
		return -EINVAL;
	/* the write lies within its section; a bad LBA is the plan's -ERANGE */
	if (we2_lba_fits(arg->start_lba) &&
	    (arg->start_lba < arg->section_lba ||
	     arg->start_lba - arg->section_lba + arg->nr_sectors >
	     arg->section_sectors))
		return -EINVAL;
	return 0;
}

/**
 * we2_section_one_command() - check that a planned section is one command
 * @sec: a planned section
 *
 * An io_uring write is one SCSI command: the caller chooses the split and
 * keeps the commands in flight itself.
 *
 * Return: 0, or -E2BIG when @sec needs more than one command.
 */
int we2_section_one_command(const struct we2_section *sec)
{
	return sec->nr_sectors > sec->xfer_sectors ? -E2BIG : 0;
}

static u32 we2_cmd_max_blocks(bool write12)
{
	return write12 ? WE2_WRITE12_MAX_BLOCKS : WE2_WRITE10_MAX_BLOCKS;
}

/**
 * we2_section_plan() - validate a section and work out its commands
 * @sec: filled in on success
 * @s: the device's settings, as they were when the write started
 * @max_transfer: the most bytes one command can carry on this device
 * @max_bytes: the largest buffer a caller can have (its address space)
 * @start_lba: first LBA, may be negative
 * @nr_sectors: sectors to write
 *
 * Each command carries as many whole sectors as fit in the smaller of the
 * device's maximum transfer and the transfer cap, and no more than the
 * command's transfer length field holds.
 *
 * Return: 0; -EINVAL for a zero or too large count or unset
 * bytes_per_sector; -EOVERFLOW if count x bytes_per_sector exceeds
 * @max_bytes; -ERANGE if an LBA of the section or one sector does not fit
 * the command.
 */
int we2_section_plan(struct we2_section *sec, const struct we2_settings *s,
		     u32 max_transfer, u64 max_bytes, s64 start_lba,
		     u32 nr_sectors)
{
	u32 per_cmd;
	u64 bytes;

	/* the ioctl returns the count as an int */
	if (!nr_sectors || nr_sectors > INT_MAX)
		return -EINVAL;
	if (s->bytes_per_sector == WE2_UNSET || s->bytes_per_sector < 1)
		return -EINVAL;
	if (check_mul_overflow((u64)nr_sectors, (u64)s->bytes_per_sector,
			       &bytes) || bytes > max_bytes)
		return -EOVERFLOW;
	if (!we2_lba_fits(start_lba) ||
	    !we2_lba_fits(start_lba + nr_sectors - 1))
		return -ERANGE;

	per_cmd = min(s->transfer_cap, max_transfer) / s->bytes_per_sector;
	per_cmd = min(per_cmd, we2_cmd_max_blocks(s->write12));
	if (!per_cmd)
		return -ERANGE;

	sec->start_lba = start_lba;
	sec->nr_sectors = nr_sectors;
	sec->bytes_per_sector = s->bytes_per_sector;
	sec->xfer_sectors = per_cmd;
	sec->bytes = bytes;
	sec->write12 = s->write12;
	sec->timeout_ms = s->timeout_ms;
	return 0;
}

/**
 * we2_section_next_len() - sectors in the command after @done sectors
 * @sec: a planned section
 * @done: sectors already written
 *
 * Return: the next command's length in sectors, 0 when the section is done.
 */
u32 we2_section_next_len(const struct we2_section *sec, u32 done)
{
	if (done >= sec->nr_sectors)
		return 0;
	return min(sec->xfer_sectors, sec->nr_sectors - done);
}
