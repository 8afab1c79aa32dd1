// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Progress records: read(2) on /dev/we2N, and a watcher that turns them
 * into the progress callback for programs that write with the blocking
 * we2_write_section() from another thread.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "libwe2.h"

int we2_read_event(int fd, struct we2_event *ev)
{
	ssize_t n;

	if (!ev)
		return -EINVAL;
	do {
		n = read(fd, ev, sizeof(*ev));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == sizeof(*ev) ? 0 : -EIO;
}

void we2_event_progress(const struct we2_event *ev, struct we2_progress *p)
{
	*p = (struct we2_progress){
		.start_lba = ev->start_lba,
		.sector_count = ev->sector_count,
		.last_read_lba = ev->last_read_lba,
		.last_written_lba = ev->last_written_lba,
		.total_buffer_bytes = ev->total_buffer_bytes,
		.used_buffer_bytes = ev->used_buffer_bytes,
		.free_buffer_bytes = ev->total_buffer_bytes -
				     ev->used_buffer_bytes,
		.sectors_per_second = ev->sectors_per_second,
	};
}

int we2_watch(int fd, we2_progress_fn fn, void *arg)
{
	bool cancelled = false;
	struct we2_progress p;
	struct we2_event ev;
	int ret;

	for (;;) {
		ret = we2_read_event(fd, &ev);
		if (ret == -EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return -errno;
			continue;
		}
		if (ret < 0)
			return ret;
		we2_event_progress(&ev, &p);
		if (fn && fn(&p, arg) && !cancelled) {
			/* -ENOENT: the write ended meanwhile; its record follows */
			ret = we2_cancel(fd);
			if (ret < 0 && ret != -ENOENT)
				return ret;
			cancelled = true;
		}
		if (ev.state != WE2_STATE_WRITING)
			return ev.state;
	}
}
