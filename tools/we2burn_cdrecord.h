/* SPDX-License-Identifier: MIT */
/*
 * we2burn's wodim/cdrecord-style command line: a front-end that runs wodim
 * can run we2burn in its place. The cdrecord argv is turned into
 * we2burn's own options, and the write's progress is printed in the
 * shape of wodim's lines, which front-ends (Brasero's wodim plugin) parse.
 */
#ifndef WE2BURN_CDRECORD_H
#define WE2BURN_CDRECORD_H

#include <stdbool.h>
#include <stdint.h>

/* we2burn's own argv, made from a cdrecord-style one */
struct cdr_argv {
	int	argc;
	char	**argv;		/* NULL: exit with cdr_translate()'s status */
};

/*
 * Whether argv is a cdrecord-style command line: the program invoked as
 * wodim or cdrecord (a link), or its first argument a cdrecord one
 * (KEY=VALUE, or a single-dash option other than -q and -h).
 */
bool cdr_wanted(int argc, char **argv);

/*
 * Translate. Returns 0 with out->argv set to run as we2burn, or an exit
 * status with out->argv NULL: 2 (usage, said on stderr), 1 (a feature
 * we2burn does not have, said), 0 (-version printed).
 */
int cdr_translate(int argc, char **argv, struct cdr_argv *out);

/* True once cdr_translate() has run: progress in wodim's shape */
bool cdr_active(void);

/*
 * One progress line, as wodim prints it with -v:
 *   Track 01:    N of    M MB written (fifo  X%) [buf  Y%]  Z.Zx.
 * MB of 1048576 bytes; fifo our buffers' fill, buf the drive's (0 until
 * sampled), Z.Z the speed in x of the medium's 1x. On a terminal the line
 * is redrawn in place (\r), else each is a line (\n).
 */
void cdr_progress(uint64_t done, uint64_t total, int fifo, int buf,
		  double x, bool tty);

/* The write begins: wodim's "Last chance to quit" line (no wait) */
void cdr_write_start(void);

/* The write ended with @done of @total bytes: its totals, "Fixating..." */
void cdr_write_end(uint64_t done, uint64_t total);

#endif
