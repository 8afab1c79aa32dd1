// SPDX-License-Identifier: MIT
/*
 * we2ctl: look at and configure a we2 device.
 *
 *	we2ctl DEVICE info | status | cancel | get | set KEY=VALUE...
 *
 * info, status and get print "key value" lines. set changes all the given
 * settings in one call, so either all of them or none change.
 *
 * Exit status: 0 ok, 1 error, 2 bad command line, 3 cancel found no
 * section being written.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwe2.h"

#define PROG		"we2ctl"
#define EXIT_USAGE	2
#define EXIT_NOTHING	3

struct setting {
	const char	*key;
	uint32_t	bit;
	long long	min, max;
};

/* names as in struct we2_config; -1 is WE2_UNSET where allowed */
static const struct setting settings[] = {
	{ "bytes_per_sector",		  WE2_CFG_BYTES_PER_SECTOR,  -1, INT32_MAX },
	{ "starting_sectors_per_second", WE2_CFG_STARTING_SPS,	     -1, INT32_MAX },
	{ "ending_sectors_per_second",	  WE2_CFG_ENDING_SPS,	     -1, INT32_MAX },
	{ "use_streaming_write12",	  WE2_CFG_STREAMING_WRITE12, 0, 1 },
	{ "timeout_ms",			  WE2_CFG_TIMEOUT,	     0, UINT32_MAX },
	{ "transfer_cap_bytes",		  WE2_CFG_TRANSFER_CAP,	     0, UINT32_MAX },
};

#define NR_SETTINGS	(sizeof(settings) / sizeof(settings[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
"Usage: " PROG " DEVICE info | status | cancel | get | set KEY=VALUE...\n"
"  info     what the device can do, and its counters\n"
"  status   the section being written, or the last one\n"
"  cancel   cancel the section being written (exit 3 if there is none)\n"
"  get      the write settings\n"
"  set      change write settings, all at once; -1 means unset/maximum\n"
"           for bytes_per_sector and the *_sectors_per_second keys\n"
"Keys:");
	for (i = 0; i < NR_SETTINGS; i++)
		fprintf(f, " %s", settings[i].key);
	fprintf(f, "\n");
}

static int fail(const char *dev, const char *what, int err)
{
	fprintf(stderr, PROG ": %s: %s: %s\n", dev, what,
		err == -ENOTTY ? "not a we2 device" : strerror(-err));
	return EXIT_FAILURE;
}

static int cmd_info(int fd, const char *dev)
{
	struct we2_info i;
	int ret = we2_get_info(fd, &i);

	if (ret < 0)
		return fail(dev, "info", ret);
	printf("abi_version %" PRIu32 "\n", i.abi_version);
	printf("scsi_type %" PRIu32 "\n", i.scsi_type);
	printf("max_transfer_bytes %" PRIu32 "\n", i.max_transfer_bytes);
	printf("dma_alignment %" PRIu32 "\n", i.dma_alignment);
	printf("stat_sections %llu\n", (unsigned long long)i.stat_sections);
	printf("stat_commands %llu\n", (unsigned long long)i.stat_commands);
	printf("stat_sectors_written %llu\n",
	       (unsigned long long)i.stat_sectors_written);
	printf("stat_errors %llu\n", (unsigned long long)i.stat_errors);
	printf("stat_bounce_bytes %llu\n", (unsigned long long)i.stat_bounce_bytes);
	return 0;
}

static int cmd_status(int fd, const char *dev)
{
	struct we2_status st;
	int ret = we2_get_status(fd, &st);

	if (ret < 0)
		return fail(dev, "status", ret);
	printf("write_in_progress %" PRIu32 "\n", st.write_in_progress);
	printf("start_lba %lld\n", (long long)st.start_lba);
	printf("sector_count %" PRIu32 "\n", st.sector_count);
	printf("sectors_written %" PRIu32 "\n", st.sectors_written);
	printf("last_written_lba %lld\n", (long long)st.last_written_lba);
	return 0;
}

static int cmd_cancel(int fd, const char *dev)
{
	int ret = we2_cancel(fd);

	if (ret == -ENOENT) {
		fprintf(stderr, PROG ": %s: no section is being written\n", dev);
		return EXIT_NOTHING;
	}
	if (ret < 0)
		return fail(dev, "cancel", ret);
	return 0;
}

static int cmd_get(int fd, const char *dev)
{
	struct we2_config c;
	int ret = we2_get_config(fd, &c);

	if (ret < 0)
		return fail(dev, "get", ret);
	printf("bytes_per_sector %" PRId32 "\n", c.bytes_per_sector);
	printf("starting_sectors_per_second %" PRId32 "\n",
	       c.starting_sectors_per_second);
	printf("ending_sectors_per_second %" PRId32 "\n",
	       c.ending_sectors_per_second);
	printf("use_streaming_write12 %" PRIu32 "\n", c.use_streaming_write12);
	printf("timeout_ms %" PRIu32 "\n", c.timeout_ms);
	printf("transfer_cap_bytes %" PRIu32 "\n", c.transfer_cap_bytes);
	return 0;
}

/* Put KEY=VALUE into @c. Returns 0 or EXIT_USAGE. */
static int parse_setting(const char *arg, struct we2_config *c)
{
	const char *eq = strchr(arg, '=');
	const struct setting *s = NULL;
	long long v;
	char *end;
	size_t i;

	for (i = 0; eq && i < NR_SETTINGS; i++)
		if (strlen(settings[i].key) == (size_t)(eq - arg) &&
		    !strncmp(settings[i].key, arg, eq - arg))
			s = &settings[i];
	if (!s) {
		fprintf(stderr, PROG ": %s: not KEY=VALUE with a known KEY\n", arg);
		return EXIT_USAGE;
	}
	errno = 0;
	v = strtoll(eq + 1, &end, 10);
	if (errno || end == eq + 1 || *end || v < s->min || v > s->max) {
		fprintf(stderr, PROG ": %s: the value must be a number from "
			"%lld to %lld\n", arg, s->min, s->max);
		return EXIT_USAGE;
	}

	c->mask |= s->bit;
	switch (s->bit) {
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
	case WE2_CFG_TRANSFER_CAP:
		c->transfer_cap_bytes = (uint32_t)v;
		break;
	}
	return 0;
}

static int cmd_set(int fd, const char *dev, const struct we2_config *c)
{
	int ret = we2_set_config(fd, c);

	if (ret == -EBUSY) {
		fprintf(stderr, PROG ": %s: set: a section is being written\n", dev);
		return EXIT_FAILURE;
	}
	if (ret < 0)
		return fail(dev, "set", ret);
	return 0;
}

int main(int argc, char **argv)
{
	struct we2_config cfg = { 0 };
	const char *dev, *cmd;
	int fd, ret, flags, i;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	dev = argv[1];
	cmd = argv[2];
	if (strcmp(cmd, "info") && strcmp(cmd, "status") &&
	    strcmp(cmd, "cancel") && strcmp(cmd, "get") && strcmp(cmd, "set")) {
		fprintf(stderr, PROG ": %s: unknown command\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "set") ? argc != 3 : argc == 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* a bad KEY=VALUE is refused before the device is touched */
	for (i = 3; i < argc; i++) {
		ret = parse_setting(argv[i], &cfg);
		if (ret)
			return ret;
	}

	/* cancel and set need a descriptor open for writing */
	flags = !strcmp(cmd, "cancel") || !strcmp(cmd, "set") ? O_RDWR : O_RDONLY;
	fd = we2_open(dev, flags);
	if (fd < 0)
		return fail(dev, "open", fd);

	if (!strcmp(cmd, "info"))
		ret = cmd_info(fd, dev);
	else if (!strcmp(cmd, "status"))
		ret = cmd_status(fd, dev);
	else if (!strcmp(cmd, "cancel"))
		ret = cmd_cancel(fd, dev);
	else if (!strcmp(cmd, "get"))
		ret = cmd_get(fd, dev);
	else
		ret = cmd_set(fd, dev, &cfg);

	we2_close(fd);
	return ret;
}
