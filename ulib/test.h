/* SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT) */
/*
 * Private to the libwe2 tests: one line per case, "ok - <name>" or
 * "not ok - <name>", and a last line "N passed, N failed".
 */
#ifndef LIBWE2_TEST_H
#define LIBWE2_TEST_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;
static const char *t_name;
static int t_case_failed;

#define T_CASE(name)	t_begin(name)

/* CHECK(cond): record a failed condition of the current case */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("# %s: %s:%d: CHECK(%s) failed\n",	\
			       t_name, __FILE__, __LINE__, #cond);	\
			t_case_failed = 1;				\
		}							\
	} while (0)

/* CHECK_INT(got, want): compare two integers, printing both */
#define CHECK_INT(got, want)						\
	do {								\
		long long g_ = (got), w_ = (want);			\
		if (g_ != w_) {						\
			printf("# %s: %s:%d: %s = %lld, want %lld\n",	\
			       t_name, __FILE__, __LINE__, #got, g_, w_); \
			t_case_failed = 1;				\
		}							\
	} while (0)

/* CHECK_STR(got, want): compare two strings, printing both */
#define CHECK_STR(got, want)						\
	do {								\
		const char *g_ = (got), *w_ = (want);			\
		if (!g_ || strcmp(g_, w_)) {				\
			printf("# %s: %s:%d: %s = \"%s\", want \"%s\"\n", \
			       t_name, __FILE__, __LINE__, #got,	\
			       g_ ? g_ : "(null)", w_);			\
			t_case_failed = 1;				\
		}							\
	} while (0)

static void t_end(void)
{
	if (!t_name)
		return;
	printf("%s - %s\n", t_case_failed ? "not ok" : "ok", t_name);
	if (t_case_failed)
		t_failed++;
	else
		t_passed++;
	t_name = NULL;
}

static void t_begin(const char *name)
{
	t_end();
	t_name = name;
	t_case_failed = 0;
}

/* Ends the last case, prints the totals; returns main()'s exit code. */
static int t_done(void)
{
	t_end();
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}

#endif /* LIBWE2_TEST_H */
