// SPDX-License-Identifier: GPL-2.0
/*
 * we2b - burn one image with libwe2's one-call burner (struct we2_burner)
 * and print what the library reports, for tests/mmcrec/cases/we2-burner.sh
 * to compare with what the recorder took and what reads back through sr.
 *
 *   we2b [-f FLAGS] [-n BYTES] [-s SPEED] [-c SECTORS] DEVICE IMAGE|-
 *
 * -f: WE2_BURNER_* flags (a number); -n: the image's size (a pipe needs
 * it); -s: the speed as we2_speed_parse() takes it; -c: cancel the run from
 * another thread once the write's progress has passed SECTORS. IMAGE "-"
 * is standard input.
 *
 * Prints "state NAME" at each state change, "plan: ..." and one last line
 *   run RET sectors N sense KK/AA/QQ error 'TEXT'
 * (RET as we2_burner_run() returned it; "sense none" without sense data).
 * Exit status 0 when the run returned 0, 1 when it did not, 2 when no
 * burner could be made.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../ulib/libwe2.h"

struct we2b {
	struct we2_burner	*burner;
	uint64_t		cancel_at;	/* 0: no cancel */
	sem_t			reached;
	int			posted;
	int			last_state;
};

static int we2b_progress(const struct we2_burner_progress *p, void *arg)
{
	struct we2b *t = arg;

	if (p->state != t->last_state)
		printf("state %s\n", we2_burner_state_str(p->state));
	t->last_state = p->state;
	/*
	 * The cancel comes from another thread, as a GUI's button would:
	 * the callback only says the write got there.
	 */
	if (t->cancel_at && !t->posted && p->state == WE2_BURNER_WRITE &&
	    p->sectors_done >= t->cancel_at) {
		t->posted = 1;
		sem_post(&t->reached);
	}
	return 0;
}

static void *we2b_canceller(void *arg)
{
	struct we2b *t = arg;

	while (sem_wait(&t->reached) && errno == EINTR)
		;
	we2_burner_cancel(t->burner);
	return NULL;
}

/* "KK/AA/QQ" of fixed or descriptor sense data, as common.bash's kaq */
static void we2b_sense(const struct we2_burner *b, char *out, size_t size)
{
	uint8_t s[64];
	int len = we2_burner_sense(b, s, sizeof(s));

	if (len >= 14 && ((s[0] & 0x7f) == 0x70 || (s[0] & 0x7f) == 0x71))
		snprintf(out, size, "%02x/%02x/%02x", s[2] & 15, s[12], s[13]);
	else if (len >= 4 && ((s[0] & 0x7f) == 0x72 || (s[0] & 0x7f) == 0x73))
		snprintf(out, size, "%02x/%02x/%02x", s[1] & 15, s[2], s[3]);
	else
		snprintf(out, size, "none");
}

static int we2b_usage(void)
{
	fprintf(stderr, "usage: we2b [-f FLAGS] [-n BYTES] [-s SPEED] [-c SECTORS] DEVICE IMAGE|-\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct we2_burner_opts o = { .size = sizeof(o) };
	struct we2b t = { .last_state = -1 };
	pthread_t canceller;
	char text[512], sense[16];
	int c, ret;

	while ((c = getopt(argc, argv, "f:n:s:c:")) != -1) {
		switch (c) {
		case 'f': o.flags = strtoul(optarg, NULL, 0); break;
		case 'n': o.image_bytes = strtoull(optarg, NULL, 0); break;
		case 's': o.speed = optarg; break;
		case 'c': t.cancel_at = strtoull(optarg, NULL, 0); break;
		default: return we2b_usage();
		}
	}
	if (argc - optind != 2)
		return we2b_usage();
	o.image_fd = strcmp(argv[optind + 1], "-") ?
		     open(argv[optind + 1], O_RDONLY) : STDIN_FILENO;
	if (o.image_fd < 0) {
		perror(argv[optind + 1]);
		return 2;
	}
	o.progress = we2b_progress;
	o.progress_arg = &t;
	ret = we2_burner_create(&t.burner, argv[optind], &o);
	if (ret) {
		fprintf(stderr, "we2_burner_create: %s\n", strerror(-ret));
		return 2;
	}
	printf("drive %s %s\n", we2_burner_drive(t.burner)->we2,
	       we2_burner_drive(t.burner)->sr);
	fflush(stdout);
	if (t.cancel_at) {
		sem_init(&t.reached, 0, 0);
		if (pthread_create(&canceller, NULL, we2b_canceller, &t)) {
			fprintf(stderr, "pthread_create failed\n");
			return 2;
		}
	}
	ret = we2_burner_run(t.burner);
	if (t.cancel_at) {
		/* a run that never got there: let the thread go */
		if (!t.posted)
			sem_post(&t.reached);
		pthread_join(canceller, NULL);
	}
	if (we2_burner_plan(t.burner)) {
		we2_burn_plan_text(we2_burner_plan(t.burner), text, sizeof(text));
		printf("plan: %s\n", text);
	}
	we2b_sense(t.burner, sense, sizeof(sense));
	printf("run %d sectors %llu sense %s error '%s'\n", ret,
	       (unsigned long long)we2_burner_sectors(t.burner), sense,
	       we2_burner_error(t.burner));
	we2_burner_close(t.burner);
	return ret ? 1 : 0;
}
