// SPDX-License-Identifier: MIT
/*
 * we2burn's wodim/cdrecord-style command line (we2burn(1), WODIM COMMAND
 * LINE). Each cdrecord option becomes the we2burn option of the same
 * meaning, so that parse_args() checks the result as it checks any
 * command line; options that only tune how wodim works (fs=, -immed,
 * gracetime=, ...) are accepted and change nothing, and what we2burn
 * cannot do (blank= other than fast and all) is refused in words.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwe2.h"
#include "we2burn_cdrecord.h"

#define PROG		"we2burn"
#define EXIT_USAGE	2

/* wodim's version line, which front-ends' version probes read */
#define WODIM_PROBE	"Cdrecord-yelling-line-to-tell-frontends-to-use-it-" \
			"like-version 2.01.01a03-dvd \nWodim 1.1.11"

static struct {
	bool	active;
	int	verbose;	/* -v: progress lines, as wodim's */
	bool	dummy;
	char	**argv;		/* we2burn's, for as long as it runs */
} cdr;

struct cdr_opts {
	const char	*dev;
	const char	*track;
	char		speed[32];
	char		size[32];
	const char	*blank;		/* fast, all */
	bool		dummy, eject, multi, fix, msinfo, toc, tao, help;
	bool		format;
};

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* KEY=VALUE: a word of letters, then '=' (a path has a '/' before it) */
static bool is_key_value(const char *a)
{
	size_t n = strspn(a, "abcdefghijklmnopqrstuvwxyz");

	return n && a[n] == '=';
}

bool cdr_wanted(int argc, char **argv)
{
	const char *name = basename_of(argv[0]);
	const char *a;

	if (!strcmp(name, "wodim") || !strcmp(name, "cdrecord"))
		return true;
	if (argc < 2)
		return false;
	a = argv[1];
	/* we2burn's own: --long, -q, -h, - (standard input) and paths */
	if (a[0] == '-')
		return a[1] && a[1] != '-' && strcmp(a, "-q") && strcmp(a, "-h");
	return is_key_value(a);
}

bool cdr_active(void)
{
	return cdr.active;
}

/* The value of KEY=VALUE when @arg is @key=..., else NULL */
static const char *value_of(const char *arg, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(arg, key, n) && arg[n] == '=' ? arg + n + 1 : NULL;
}

/*
 * A size as cdrecord's tsize= reads it: a number, then one of s (2048-byte
 * sectors), k (KiB), m (MiB), f (2352), b (512), w (2) or none (bytes),
 * then optionally '*' or 'x' and another such factor.
 */
static int parse_tsize(const char *s, int64_t *out)
{
	int64_t v, rest;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno)
		return -ERANGE;
	switch (*end) {
	case 's': case 'S': v *= 2048; end++; break;
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'f': case 'F': v *= 2352; end++; break;
	case 'b': case 'B': v *= 512; end++; break;
	case 'w': case 'W': v *= 2; end++; break;
	}
	if (*end == '*' || *end == 'x') {
		int ret = parse_tsize(end + 1, &rest);

		if (ret)
			return ret;
		v *= rest;
		end = "";
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_count(const char *opt, const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || end == s || *end || *out < 0) {
		fprintf(stderr, PROG ": %s=%s: want a number\n", opt, s);
		return -EINVAL;
	}
	return 0;
}

static int print_version(void)
{
	printf(WODIM_PROBE "\n" PROG " %d.%d.%d: wodim's command line on we2 "
	       "(not wodim; see we2burn(1))\n", WE2_MAJOR_VERSION,
	       WE2_MINOR_VERSION, WE2_PATCH_VERSION);
	return 0;
}

/* blank=HOW: wodim's fast and all; its others are refused in words */
static int blank_option(const char *how, struct cdr_opts *c)
{
	if (!strcmp(how, "fast") || !strcmp(how, "all")) {
		c->blank = how;
		return 0;
	}
	fprintf(stderr, PROG ": blank=%s: not supported: blank=fast or "
		"blank=all (a whole CD-RW); nothing was sent to the drive\n",
		how);
	return EXIT_FAILURE;
}

/* Options with a KEY=VALUE. Returns 0, -ENOENT (not one), or an exit status. */
static int key_option(const char *a, struct cdr_opts *c)
{
	const char *v;
	int64_t bytes;
	long n;

	if ((v = value_of(a, "dev"))) {
		c->dev = v;
	} else if ((v = value_of(a, "speed"))) {
		if (parse_count("speed", v, &n))
			return EXIT_USAGE;
		/* 0: the slowest, as wodim has it; Nx finds the nearest */
		snprintf(c->speed, sizeof(c->speed), "%ldx", n ? n : 1);
	} else if ((v = value_of(a, "tsize"))) {
		if (parse_tsize(v, &bytes)) {
			fprintf(stderr, PROG ": tsize=%s: want a size (N, Ns, "
				"Nk, Nm)\n", v);
			return EXIT_USAGE;
		}
		snprintf(c->size, sizeof(c->size), "%" PRId64, bytes);
	} else if ((v = value_of(a, "blank"))) {
		return blank_option(v, c);
	} else if ((v = value_of(a, "gracetime")) ||
		   (v = value_of(a, "minbuf"))) {
		if (parse_count("gracetime/minbuf", v, &n))
			return EXIT_USAGE;
	} else if ((v = value_of(a, "fs"))) {
		/* wodim's FIFO: we2burn sizes its own buffers */
		if (parse_tsize(v, &bytes)) {
			fprintf(stderr, PROG ": fs=%s: want a size\n", v);
			return EXIT_USAGE;
		}
	} else if ((v = value_of(a, "driveropts"))) {
		/* BUFE is always set in page 05h */
		if (strcmp(v, "burnfree")) {
			fprintf(stderr, PROG ": driveropts=%s: only burnfree "
				"(always on)\n", v);
			return EXIT_USAGE;
		}
	} else {
		return -ENOENT;
	}
	return 0;
}

/*
 * Single-dash options (two dashes taken too, as cdrecord does). Returns
 * as key_option(), or -EAGAIN for -version.
 */
static int flag_option(const char *a, struct cdr_opts *c)
{
	static const char *const ignored[] = {
		"data", "nopad", "pad", "immed", "sao", "dao", NULL
	};
	/* the flags that set a field of cdr_opts */
	static const struct {
		const char	*name;
		size_t		offset;
	} flags[] = {
		{ "dummy",	offsetof(struct cdr_opts, dummy) },
		{ "eject",	offsetof(struct cdr_opts, eject) },
		{ "multi",	offsetof(struct cdr_opts, multi) },
		{ "fix",	offsetof(struct cdr_opts, fix) },
		{ "msinfo",	offsetof(struct cdr_opts, msinfo) },
		{ "toc",	offsetof(struct cdr_opts, toc) },
		{ "tao",	offsetof(struct cdr_opts, tao) },
		{ "help",	offsetof(struct cdr_opts, help) },
	};
	int i;

	if (a[1] == '-')
		a++;
	a++;
	if (a[0] == 'v' && strspn(a, "v") == strlen(a)) {
		cdr.verbose += (int)strlen(a);
		return 0;
	}
	if (!strcmp(a, "version"))
		return -EAGAIN;
	for (i = 0; ignored[i]; i++)
		if (!strcmp(a, ignored[i]))
			return 0;
	for (i = 0; i < (int)(sizeof(flags) / sizeof(flags[0])); i++) {
		if (!strcmp(a, flags[i].name)) {
			*(bool *)((char *)c + flags[i].offset) = true;
			return 0;
		}
	}
	if (!strcmp(a, "format")) {
		c->format = true;
		return 0;
	}
	if (!strncmp(a, "tsize=", 6))
		return key_option(a, c);
	return -ENOENT;
}

/* Returns -1 to go on, or an exit status. */
static int parse_cdr(int argc, char **argv, struct cdr_opts *c)
{
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1])
			ret = flag_option(a, c);
		else if (is_key_value(a))
			ret = key_option(a, c);
		else if (c->track)
			ret = -E2BIG;
		else {
			c->track = a;
			ret = 0;
		}
		if (ret == -EAGAIN)
			return print_version();
		if (ret == -ENOENT) {
			fprintf(stderr, PROG ": %s: not an option of the wodim "
				"command line we2burn takes (see we2burn "
				"--help)\n", a);
			return EXIT_USAGE;
		}
		if (ret == -E2BIG) {
			fprintf(stderr, PROG ": %s: one track only (a second "
				"after %s)\n", a, c->track);
			return EXIT_USAGE;
		}
		if (ret)
			return ret;
	}
	return -1;
}

static void push(struct cdr_argv *out, const char *arg)
{
	out->argv[out->argc++] = (char *)arg;
	out->argv[out->argc] = NULL;
}

/* we2burn's argv for what was asked */
static void build(const struct cdr_opts *c, char *argv0, struct cdr_argv *out)
{
	push(out, argv0);
	if (c->help) {
		push(out, "--help");
		return;
	}
	if (c->msinfo)
		push(out, "--msinfo");
	if (c->toc)
		push(out, "--toc");
	if (c->fix)
		push(out, "--fix");
	if (c->dummy)
		push(out, "--dummy");
	if (c->multi)
		push(out, "--multi");
	if (c->eject)
		push(out, "--eject");
	if (c->blank)
		push(out, !strcmp(c->blank, "all") ? "--blank=all" :
		     "--blank=fast");
	if (c->format)
		push(out, "--format");
	if (c->speed[0]) {
		push(out, "--speed");
		push(out, c->speed);
	}
	if (c->size[0]) {
		push(out, "--size");
		push(out, c->size);
	}
	push(out, "--");
	if (c->dev)
		push(out, c->dev);
	if (c->track)
		push(out, c->track);
}

int cdr_translate(int argc, char **argv, struct cdr_argv *out)
{
	static struct cdr_opts c;
	int ret;

	out->argv = NULL;
	ret = parse_cdr(argc, argv, &c);
	if (ret >= 0)
		return ret;
	/* a pipe: the disc is laid out for its size, as wodim's SAO needs */
	if (c.track && !strcmp(c.track, "-") && !c.size[0]) {
		fprintf(stderr, PROG ": -: a disc burn from standard input "
			"needs its size: tsize=\n");
		return EXIT_USAGE;
	}
	if (!c.track && !c.msinfo && !c.toc && !c.fix && !c.eject &&
	    !c.help && !c.blank && !c.format) {
		fprintf(stderr, PROG ": no track: give an image file (or "
			"-msinfo, -toc, -fix, -eject, blank=, -format)\n");
		return EXIT_USAGE;
	}
	/*
	 * on a CD the plan burns a first session at once, a later one
	 * track at once: the same disc to a reader
	 */
	if (c.tao && c.track)
		fprintf(stderr, PROG ": -tao: a blank CD is written session at "
			"once, a later session track at once (DVD and BD as "
			"their medium has it)\n");
	cdr.argv = calloc((size_t)argc * 2 + 16, sizeof(*cdr.argv));
	out->argv = cdr.argv;
	if (!out->argv) {
		fprintf(stderr, PROG ": out of memory\n");
		return EXIT_FAILURE;
	}
	out->argc = 0;
	build(&c, argv[0], out);
	cdr.active = true;
	cdr.dummy = c.dummy;
	return 0;
}

void cdr_progress(uint64_t done, uint64_t total, int fifo, int buf,
		  double x, bool tty)
{
	const char *start = tty ? "\r" : "", *end = tty ? "" : "\n";

	if (!cdr.verbose)
		return;
	if (buf < 0)
		buf = 0;
	if (total)
		printf("%sTrack 01: %4" PRIu64 " of %4" PRIu64 " MB written "
		       "(fifo %3d%%) [buf %3d%%] %4.1fx.%s", start, done >> 20,
		       total >> 20, fifo, buf, x, end);
	else
		printf("%sTrack 01: %4" PRIu64 " MB written (fifo %3d%%) "
		       "[buf %3d%%] %4.1fx.%s", start, done >> 20, fifo, buf,
		       x, end);
	fflush(stdout);
}

void cdr_write_start(void)
{
	if (!cdr.verbose)
		return;
	printf("Last chance to quit, starting %s write in    0 seconds. "
	       "Operation starts.\n", cdr.dummy ? "dummy" : "real");
	fflush(stdout);
}

/* on a terminal the caller has ended the redrawn line */
void cdr_write_end(uint64_t done, uint64_t total)
{
	if (!cdr.verbose)
		return;
	printf("Track 01: Total bytes read/written: %" PRIu64 "/%" PRIu64
	       " (%" PRIu64 " sectors).\n", done, done, done / 2048);
	if (done >= total)
		printf("Fixating...\n");
	fflush(stdout);
}
