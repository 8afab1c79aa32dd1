// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The burner without a drive: its options checked before any drive is
 * looked for (so a valid set fails with the missing device's -ENOENT, a
 * bad one with -EINVAL or -E2BIG), the growable options struct, speeds as
 * people write them, the plan in words, and the run-time feature check.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libwe2.h"
#include "test.h"

#define NO_DRIVE	"/nonexistent/we2-test-drive"

static const struct we2_disc_info blank_disc = {
	.status = WE2_DISC_BLANK, .last_session = WE2_SESSION_EMPTY,
	.sessions = 1, .first_track = 1, .last_track = 1,
};

static char image[] = "/tmp/we2-test-burner-XXXXXX";
static int image_fd = -1;

/* a 10-sector image file */
static void make_image(void)
{
	static uint8_t buf[10 * 2048];

	memset(buf, 0x5a, sizeof(buf));
	image_fd = mkstemp(image);
	if (image_fd < 0 || write(image_fd, buf, sizeof(buf)) != sizeof(buf) ||
	    lseek(image_fd, 0, SEEK_SET))
		exit(2);
	unlink(image);
}

static struct we2_burner_opts opts(void)
{
	return (struct we2_burner_opts){
		.size = sizeof(struct we2_burner_opts),
		.image_fd = image_fd,
	};
}

/* we2_burner_create() with @o on @device; no burner is ever returned */
static int create_on(const char *device, const void *o)
{
	struct we2_burner *b = (struct we2_burner *)&b;
	int ret = we2_burner_create(&b, device, o);

	if (b) {
		we2_burner_close(b);
		return 1000;
	}
	return ret;
}

static int create(const void *o)
{
	return create_on(NO_DRIVE, o);
}

static void test_options(void)
{
	struct we2_burner_opts o = opts();
	int pipefd[2];

	T_CASE("burner-valid-options-reach-the-drive-lookup");
	CHECK_INT(create(&o), -ENOENT);
	o.flags = WE2_BURNER_FLAGS;
	o.speed = "8x";
	CHECK_INT(create(&o), -ENOENT);
	o.speed = "4000";
	CHECK_INT(create(&o), -ENOENT);

	T_CASE("burner-unknown-flag-einval");
	o = opts();
	o.flags = WE2_BURNER_FLAGS + 1;
	CHECK_INT(create(&o), -EINVAL);
	o.flags = 1U << 31;
	CHECK_INT(create(&o), -EINVAL);

	T_CASE("burner-bad-options-einval");
	o = opts();
	o.speed = "fast";
	CHECK_INT(create(&o), -EINVAL);
	o.speed = "0x";
	CHECK_INT(create(&o), -EINVAL);
	o = opts();
	o.image_fd = -1;
	CHECK_INT(create(&o), -EINVAL);
	o = opts();
	o.image_bytes = 10 * 2048 + 1;	/* more than the file has */
	CHECK_INT(create(&o), -EINVAL);
	o.image_bytes = 10 * 2048;
	CHECK_INT(create(&o), -ENOENT);
	o = opts();
	o.queue_depth = 129;
	CHECK_INT(create(&o), -EINVAL);
	CHECK_INT(create(NULL), -EINVAL);
	CHECK_INT(we2_burner_create(NULL, NO_DRIVE, &o), -EINVAL);

	T_CASE("burner-rw-flags");
	o = opts();
	o.rw_flags = WE2_RW_BLANK_FAST | WE2_RW_NOSPARE;
	CHECK_INT(create(&o), -ENOENT);
	o.rw_flags = WE2_RW_BLANK_FAST | WE2_RW_BLANK_ALL;
	CHECK_INT(create(&o), -EINVAL);
	o.rw_flags = WE2_RW_FLAGS + 1;
	CHECK_INT(create(&o), -EINVAL);

	T_CASE("burner-no-image");
	/* blanking or formatting only: no descriptor needed */
	o = opts();
	o.image_fd = -1;
	o.flags = WE2_BURNER_NO_IMAGE;
	CHECK_INT(create(&o), -ENOENT);
	o.flags = 0;
	CHECK_INT(create(&o), -EINVAL);

	T_CASE("burner-pipe-needs-its-size");
	CHECK_INT(pipe(pipefd), 0);
	o = opts();
	o.image_fd = pipefd[0];
	CHECK_INT(create(&o), -EINVAL);
	o.image_bytes = 4096;
	CHECK_INT(create(&o), -ENOENT);
	close(pipefd[0]);
	close(pipefd[1]);

	T_CASE("burner-not-a-drive");
	/* a file is no drive: we2_drive_find()'s answer comes back */
	o = opts();
	CHECK_INT(create_on("/dev/null", &o), -ENODEV);
	CHECK_INT(create_on(image, &o), -ENOENT);	/* unlinked */
}

static void test_opts_size(void)
{
	/* a caller built against a later, larger struct */
	struct {
		struct we2_burner_opts o;
		uint64_t later[2];
	} big = { .o = opts() };
	struct we2_burner_opts o = opts();

	T_CASE("burner-opts-older-smaller-struct-taken");
	o.size = WE2_BURNER_OPTS_SIZE_VER0;
	o.queue_depth = 1000;	/* past its size: not read */
	CHECK_INT(create(&o), -ENOENT);

	T_CASE("burner-opts-too-small-einval");
	o.size = WE2_BURNER_OPTS_SIZE_VER0 - 1;
	CHECK_INT(create(&o), -EINVAL);
	o.size = 0;
	CHECK_INT(create(&o), -EINVAL);

	T_CASE("burner-opts-larger-struct");
	big.o.size = sizeof(big);
	CHECK_INT(create(&big), -ENOENT);
	big.later[1] = 1;	/* a field this library does not know */
	CHECK_INT(create(&big), -E2BIG);
}

static void test_speed_parse(void)
{
	uint32_t kbps = 7;
	double x = 7;

	T_CASE("speed-parse-times");
	CHECK_INT(we2_speed_parse("8x", &x, &kbps), 0);
	CHECK(x == 8 && kbps == 0);
	CHECK_INT(we2_speed_parse("2.4X", &x, &kbps), 0);
	CHECK(x == 2.4 && kbps == 0);

	T_CASE("speed-parse-kbps");
	CHECK_INT(we2_speed_parse("4000", &x, &kbps), 0);
	CHECK(x == 0 && kbps == 4000);

	T_CASE("speed-parse-refused");
	CHECK_INT(we2_speed_parse("", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("x", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("0", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("-4x", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("4.5", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("8xx", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("4000k", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("inf", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("nanx", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse("99999999999", &x, &kbps), -EINVAL);
	CHECK_INT(we2_speed_parse(NULL, &x, &kbps), -EINVAL);
}

static struct we2_track_info next_track(uint16_t track, int32_t start,
					uint32_t free)
{
	return (struct we2_track_info){
		.track = track, .session = 1, .start = start, .nwa = start,
		.nwa_valid = true, .blank = true, .free = free,
	};
}

/* the words of the plan for @profile, @sectors, @flags on a blank disc */
static const char *plan_text(uint16_t profile, uint64_t sectors,
			     unsigned int flags)
{
	static char buf[256];
	struct we2_track_info ti = next_track(1, 0, 2000000);
	struct we2_burn_plan p;

	if (we2_burn_plan(&p, profile, &blank_disc, &ti, sectors, flags))
		return "(no plan)";
	if (we2_burn_plan_text(&p, buf, sizeof(buf)) != (int)strlen(buf))
		return "(length differs)";
	return buf;
}

static void test_plan_text(void)
{
	struct we2_burn_plan p;
	struct we2_track_info ti = next_track(1, 0, 2000000);
	char small[8];

	T_CASE("plan-text-cd-r");
	CHECK_STR(plan_text(WE2_PROFILE_CD_R, 2000, 0),
		  "session-at-once, cue sheet, 150 pregap sectors at LBA -150, "
		  "2000 sectors; the lead-out closes the disc");
	CHECK_STR(plan_text(WE2_PROFILE_CD_R, 2000, WE2_BURN_MULTI),
		  "session-at-once, cue sheet, 150 pregap sectors at LBA -150, "
		  "2000 sectors; the lead-out closes the session");
	CHECK_STR(plan_text(WE2_PROFILE_CD_R, 11, WE2_BURN_DUMMY),
		  "simulation (Test Write: nothing recorded), session-at-once, "
		  "cue sheet, 150 pregap sectors at LBA -150, 300 sectors; the "
		  "lead-out closes the disc");

	T_CASE("plan-text-dvd");
	CHECK_STR(plan_text(WE2_PROFILE_DVD_PLUS_R, 11, 0),
		  "reserve track, 11 sectors, close the track, finalize the disc");
	CHECK_STR(plan_text(WE2_PROFILE_DVD_PLUS_R, 11, WE2_BURN_MULTI),
		  "reserve track, 11 sectors, close the track, close the session");
	CHECK_STR(plan_text(WE2_PROFILE_DVD_R, 11, 0),
		  "disc-at-once, reserve track, 11 sectors; the flush closes "
		  "the disc");

	T_CASE("plan-text-truncated-as-snprintf");
	CHECK_INT(we2_burn_plan(&p, WE2_PROFILE_CD_R, &blank_disc, &ti, 2000,
				0), 0);
	CHECK_INT(we2_burn_plan_text(&p, small, sizeof(small)),
		  (int)strlen("session-at-once, cue sheet, 150 pregap sectors at "
			      "LBA -150, 2000 sectors; the lead-out closes the "
			      "disc"));
	CHECK_STR(small, "session");
}

static void test_features(void)
{
	T_CASE("features-runtime");
	CHECK(we2_features() & WE2_FEATURE_BURNER);
	CHECK(we2_features() & WE2_FEATURE_DUMMY);
	CHECK(we2_features() & WE2_FEATURE_REWRITABLE);
	CHECK_STR(we2_version(), "1.8.0");

	T_CASE("burner-state-names");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_WRITE), "write");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_VERIFY), "verify");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_DONE), "done");
	CHECK_STR(we2_burner_state_str(-1), "unknown");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_BLANK), "blank");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_FORMAT), "format");
	CHECK_STR(we2_burner_state_str(WE2_BURNER_FORMAT + 1), "unknown");
}

int main(void)
{
	make_image();
	test_options();
	test_opts_size();
	test_speed_parse();
	test_plan_text();
	test_features();
	close(image_fd);
	return t_done();
}
