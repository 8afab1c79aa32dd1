/* SPDX-License-Identifier: MIT */
/*
 * burnfile: burn one file to the blank write-once disc in a recorder
 * with libwe2, reporting what is loaded and how far the write got.
 *
 *	burnfile DRIVE FILE	DRIVE: /dev/srN, /dev/we2N, /dev/cdrom...
 *
 * Build: cc -o burnfile burnfile.c $(pkg-config --cflags --libs libwe2)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libwe2.h>

/* the file, then zeros: a CD track may be planned longer than the file */
static ssize_t file_read(void *arg, void *buf, size_t len)
{
	ssize_t n = read(*(int *)arg, buf, len);

	if (n == 0) {
		memset(buf, 0, len);
		return len;
	}
	return n < 0 ? -errno : n;
}

static ssize_t zeros(void *arg, void *buf, size_t len)
{
	(void)arg;
	memset(buf, 0, len);
	return len;
}

static int progress(const struct we2_progress *p, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rwritten %lld of %u sectors",
		(long long)(p->last_written_lba - p->start_lba + 1),
		p->sector_count);
	return 0;
}

static void step(int step, int percent, void *arg)
{
	(void)arg;
	if (percent < 0)
		fprintf(stderr, "\nclosing (step %d)", step);
}

static int burn(struct we2_drive *d, int fd, int src, uint64_t sectors)
{
	struct we2_stream_opts so = { .progress = progress };
	struct we2_burn_plan p;
	struct we2_stream *st;
	int ret;

	ret = we2_burn_inquire(d, sectors, 0, &p);
	printf("loaded: %s, %s\n", we2_profile_str(p.profile),
	       ret ? strerror(-ret) : "blank");
	if (ret)
		return ret;
	printf("plan: track %u, %u sectors at LBA %lld\n", p.track,
	       p.sectors, (long long)p.lba);
	ret = we2_set_bytes_per_sector(fd, 2048);
	if (!ret)
		ret = we2_burn_prepare(d, &p);
	if (!ret)
		ret = we2_stream_init(&st, fd, &so);
	if (ret)
		return ret;
	if (p.pregap_sectors)		/* a CD's: zeros before the data */
		ret = we2_stream_write_cb(st, zeros, NULL, p.pregap_lba,
					  p.pregap_sectors, NULL);
	if (ret >= 0)
		ret = we2_stream_write_cb(st, file_read, &src, p.lba,
					  p.sectors, NULL);
	we2_stream_exit(st);
	if (ret >= 0)
		ret = we2_burn_finish(d, &p, step, NULL);
	fputc('\n', stderr);
	return ret;
}

int main(int argc, char *argv[])
{
	struct we2_drive_id id;
	struct we2_drive *d;
	struct stat sb;
	int fd, src, ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DRIVE FILE\n", argv[0]);
		return 2;
	}
	src = open(argv[2], O_RDONLY);
	if (src < 0 || fstat(src, &sb)) {
		perror(argv[2]);
		return 1;
	}
	ret = we2_drive_find(argv[1], &id);
	if (ret) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	printf("drive: %s %s (%s, %s), libwe2 %s\n", id.vendor, id.model,
	       id.we2, id.sr, we2_version());
	fd = we2_open(id.we2, O_RDWR | O_EXCL);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", id.we2, strerror(-fd));
		return 1;
	}
	ret = we2_drive_open(&d, id.sr);
	if (!ret) {
		ret = burn(d, fd, src, (sb.st_size + 2047) / 2048);
		if (ret == -EIO) {
			char why[160];

			we2_drive_strerror(d, why, sizeof(why));
			fprintf(stderr, "%s\n", why);
		}
		we2_drive_close(d);
	}
	we2_close(fd);
	if (ret < 0)
		fprintf(stderr, "burn: %s\n", strerror(-ret));
	return ret < 0;
}
