// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * CD-TEXT: our packs against libburn's for the same text (libburn is the
 * library cdrskin and xorriso write CD-TEXT with; its
 * burn_cdtext_from_session() is the reference, linked here as a test
 * dependency only), over worked examples and thousands of random albums;
 * the sheet reader against libburn's burn_session_input_sheet_v07t() on
 * the same file; the limits, the CRC check and the 6-bit lead-in form.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libburn/libburn.h>

#include "libwe2.h"
#include "test.h"

#define PACKS_BYTES	(WE2_CDTEXT_PACKS_MAX * WE2_CDTEXT_PACK)

static const unsigned int text_types[] = {
	WE2_CDTEXT_TITLE, WE2_CDTEXT_PERFORMER, WE2_CDTEXT_SONGWRITER,
	WE2_CDTEXT_COMPOSER, WE2_CDTEXT_ARRANGER, WE2_CDTEXT_MESSAGE,
	WE2_CDTEXT_UPC_ISRC,
};
#define N_TEXT_TYPES	(sizeof(text_types) / sizeof(text_types[0]))

/* libburn's packs for the same texts: a session of @tracks tracks */
static unsigned int genre;	/* the genre code set last */

static int ref_packs(const struct we2_cdtext *t, unsigned int tracks,
		     unsigned int charset, unsigned int language,
		     uint8_t *out)
{
	int codes[8] = { 0 }, copyrights[8] = { 0 }, langs[8] = { 0 };
	struct burn_session *s = burn_session_create();
	struct burn_track **tr = calloc(tracks + 1, sizeof(*tr));
	unsigned char *packs = NULL;
	unsigned int k, i;
	const char *v;
	int n = -1;

	codes[0] = (int)charset;
	langs[0] = (int)language;
	burn_session_set_cdtext_par(s, codes, copyrights, langs, 0);
	burn_session_set_start_tno(s, (int)we2_cdtext_first_track(t), 0);
	for (k = 1; k <= tracks; k++) {
		tr[k] = burn_track_create();
		burn_session_add_track(s, tr[k], BURN_POS_END);
	}
	for (i = 0; i < N_TEXT_TYPES; i++) {
		for (k = 0; k <= tracks; k++) {
			v = we2_cdtext_get(t, k, text_types[i]);
			/* a type of any track has the album's too, empty */
			if (!v && !k)
				for (unsigned int j = 1; j <= tracks && !v; j++)
					if (we2_cdtext_get(t, j, text_types[i]))
						v = "";
			if (!v)
				continue;
			if (k)
				burn_track_set_cdtext(tr[k], 0, (int)text_types[i], "",
						      (unsigned char *)v,
						      (int)strlen(v) + 1, 0);
			else
				burn_session_set_cdtext(s, 0, (int)text_types[i], "",
							(unsigned char *)v,
							(int)strlen(v) + 1, 0);
		}
	}
	/* the album's own: catalog number, closed information, genre */
	v = we2_cdtext_get(t, 0, WE2_CDTEXT_DISC_ID);
	if (v)
		burn_session_set_cdtext(s, 0, WE2_CDTEXT_DISC_ID, "",
					(unsigned char *)v, (int)strlen(v) + 1, 0);
	v = we2_cdtext_get(t, 0, WE2_CDTEXT_CLOSED);
	if (v)
		burn_session_set_cdtext(s, 0, WE2_CDTEXT_CLOSED, "",
					(unsigned char *)v, (int)strlen(v) + 1, 0);
	v = we2_cdtext_get(t, 0, WE2_CDTEXT_GENRE);
	if (v) {
		unsigned char g[2 + 161];

		g[0] = (unsigned char)(genre >> 8);
		g[1] = (unsigned char)genre;
		memcpy(g + 2, v, strlen(v) + 1);
		burn_session_set_cdtext(s, 0, WE2_CDTEXT_GENRE, "", g,
					(int)strlen(v) + 3, 0);
	}
	if (burn_cdtext_from_session(s, &packs, &n, 0) > 0 && n > 0 &&
	    n <= WE2_CDTEXT_PACKS_MAX)
		memcpy(out, packs, (size_t)n * WE2_CDTEXT_PACK);
	else
		n = -1;
	free(packs);
	for (k = 1; k <= tracks; k++)
		burn_track_free(tr[k]);
	burn_session_free(s);
	free(tr);
	return n;
}

static void dump_diff(const uint8_t *a, const uint8_t *b, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		if (!memcmp(a + i * 18, b + i * 18, 18))
			continue;
		printf("# pack %d:\n#  ours", i);
		for (j = 0; j < 18; j++)
			printf(" %02x", a[i * 18 + j]);
		printf("\n#  ref ");
		for (j = 0; j < 18; j++)
			printf(" %02x", b[i * 18 + j]);
		printf("\n");
		return;
	}
}

/* ours and libburn's for @t: the same packs */
static int same_as_libburn(const struct we2_cdtext *t, unsigned int charset,
			   unsigned int language)
{
	static uint8_t ours[PACKS_BYTES], ref[PACKS_BYTES];
	int n, m;

	n = we2_cdtext_packs(t, ours, sizeof(ours));
	m = ref_packs(t, we2_cdtext_tracks(t), charset, language, ref);
	if (n == -ENODATA && m < 0)
		return 1;		/* no text at all: no packs from either */
	if (n != m) {
		printf("# %d packs, libburn %d\n", n, m);
		return 0;
	}
	if (n > 0 && memcmp(ours, ref, (size_t)n * WE2_CDTEXT_PACK)) {
		dump_diff(ours, ref, n);
		return 0;
	}
	return 1;
}

static void test_example(void)
{
	/* album, two tracks, the second's performer as the first's (TAB) */
	static const uint8_t want[8][18] = {
		{ 0x80, 0x00, 0x00, 0x00, 'T', 'e', 's', 't', ' ', 'A', 'l', 'b', 'u', 'm', 0x00, 'F', 0x36, 0xd8 },
		{ 0x80, 0x01, 0x01, 0x01, 'i', 'r', 's', 't', ' ', 'S', 'o', 'n', 'g', 0x00, 'S', 'e', 0xe4, 0x14 },
		{ 0x80, 0x02, 0x02, 0x02, 'c', 'o', 'n', 'd', 0x00, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x99 },
		{ 0x81, 0x00, 0x03, 0x00, 'T', 'h', 'e', ' ', 'A', 'r', 't', 'i', 's', 't', 0x00, 'S', 0x47, 0x9c },
		{ 0x81, 0x01, 0x04, 0x01, 'i', 'n', 'g', 'e', 'r', ' ', 'O', 'n', 'e', 0x00, 0x09, 0x00, 0xf0, 0x48 },
		{ 0x8f, 0x00, 0x05, 0x00, 0x00, 0x01, 0x02, 0x00, 0x03, 0x02, 0, 0, 0, 0, 0, 0, 0xa6, 0x05 },
		{ 0x8f, 0x01, 0x06, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x07, 0, 0, 0, 0x94, 0xf0 },
		{ 0x8f, 0x02, 0x07, 0x00, 0, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 0xea, 0x42 },
	};
	uint8_t packs[PACKS_BYTES];
	struct we2_cdtext *t;

	T_CASE("cdtext-worked-example");
	CHECK_INT(we2_cdtext_new(&t, 2), 0);
	CHECK_INT(we2_cdtext_set(t, 0, WE2_CDTEXT_TITLE, "Test Album"), 0);
	CHECK_INT(we2_cdtext_set(t, 0, WE2_CDTEXT_PERFORMER, "The Artist"), 0);
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_TITLE, "First Song"), 0);
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_PERFORMER, "Singer One"), 0);
	CHECK_INT(we2_cdtext_set(t, 2, WE2_CDTEXT_TITLE, "Second"), 0);
	CHECK_INT(we2_cdtext_set(t, 2, WE2_CDTEXT_PERFORMER, "Singer One"), 0);
	CHECK_INT(we2_cdtext_packs(t, packs, sizeof(packs)), 8);
	CHECK(!memcmp(packs, want, sizeof(want)));
	CHECK_INT(we2_cdtext_check(packs, 8), 0);
	CHECK(same_as_libburn(t, 0, WE2_CDTEXT_LANG_ENGLISH));
	/* too small a buffer */
	CHECK_INT(we2_cdtext_packs(t, packs, 7 * WE2_CDTEXT_PACK), -ENOSPC);
	we2_cdtext_free(t);
	t_end();
}

/* the Sony specification's size information example (libburn's
 * doc/cdtext.txt) and MMC's CRC: a flipped bit is seen */
static void test_crc(void)
{
	uint8_t p[3][18] = {
		{ 0x8f, 0x00, 0x2a, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06, 0x05, 0x04, 0x05, 0x07, 0x06, 0x01, 0x02, 0x48, 0x65 },
		{ 0x8f, 0x01, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x03, 0x2c, 0x00, 0x00, 0x00, 0xc0, 0x20 },
		{ 0x8f, 0x02, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x45 },
	};

	T_CASE("cdtext-crc-sony-example");
	CHECK_INT(we2_cdtext_check(&p[0][0], 3), 0);
	p[1][7] ^= 0x10;
	CHECK_INT(we2_cdtext_check(&p[0][0], 3), 1);
	CHECK_INT(we2_cdtext_check(NULL, 1), -EINVAL);
	t_end();
}

/* libburn's burn_write_leadin_cdtext() worked example: one pack in 6 bits */
static void test_subchannel(void)
{
	static const uint8_t pack[18] = {
		0x8f, 0x00, 0x2a, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06,
		0x05, 0x04, 0x05, 0x07, 0x06, 0x01, 0x02, 0x48, 0x65,
	};
	static const uint8_t want[24] = {
		0x23, 0x30, 0x00, 0x2a, 0x00, 0x00, 0x04, 0x01,
		0x00, 0x30, 0x00, 0x06, 0x01, 0x10, 0x10, 0x05,
		0x01, 0x30, 0x18, 0x01, 0x00, 0x24, 0x21, 0x25,
	};
	uint8_t packs[5 * 18], sub[96];
	unsigned int i;

	T_CASE("cdtext-subchannel");
	CHECK_INT(we2_cdtext_subchannel(pack, 1, 0, sub), 0);
	for (i = 0; i < 4; i++)
		CHECK(!memcmp(sub + 24 * i, want, 24));
	/* five packs: sector 1 holds packs 4, 0, 1, 2 */
	for (i = 0; i < sizeof(packs); i++)
		packs[i] = (uint8_t)(i * 7 + 3);
	CHECK_INT(we2_cdtext_subchannel(packs, 5, 1, sub), 0);
	for (i = 0; i < 96; i++)
		CHECK(sub[i] < 0x40);
	CHECK_INT(sub[0], packs[4 * 18] >> 2);
	CHECK_INT(sub[24], packs[0] >> 2);
	CHECK_INT(sub[95], packs[2 * 18 + 17] & 0x3f);
	CHECK_INT(we2_cdtext_subchannel(packs, 0, 0, sub), -EINVAL);
	t_end();
}

static void test_refusals(void)
{
	struct we2_cdtext *t;
	uint8_t packs[PACKS_BYTES];
	char big[200];

	T_CASE("cdtext-refusals");
	CHECK_INT(we2_cdtext_new(&t, 0), -EINVAL);
	CHECK_INT(we2_cdtext_new(&t, 100), -EINVAL);
	CHECK_INT(we2_cdtext_new(&t, 3), 0);
	CHECK_INT(we2_cdtext_packs(t, packs, sizeof(packs)), -ENODATA);
	CHECK_INT(we2_cdtext_set(t, 4, WE2_CDTEXT_TITLE, "x"), -EINVAL);
	CHECK_INT(we2_cdtext_set(t, 1, 0x88, "x"), -EINVAL);
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_DISC_ID, "x"), -EINVAL);
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_TITLE, "a\tb"), -EINVAL);
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_TITLE, "a\nb"), -EINVAL);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_TITLE, big), -EINVAL);
	big[160] = 0;
	CHECK_INT(we2_cdtext_set(t, 1, WE2_CDTEXT_TITLE, big), 0);
	/* Latin-1 text cannot become ASCII */
	CHECK_INT(we2_cdtext_set(t, 2, WE2_CDTEXT_TITLE, "Caf\xe9"), 0);
	CHECK_INT(we2_cdtext_set_block(t, WE2_CDTEXT_ASCII, 9, false), -EINVAL);
	CHECK_INT(we2_cdtext_set(t, 2, WE2_CDTEXT_TITLE, NULL), 0);
	CHECK(!we2_cdtext_get(t, 2, WE2_CDTEXT_TITLE));
	CHECK_INT(we2_cdtext_set_block(t, WE2_CDTEXT_ASCII, 9, false), 0);
	CHECK_INT(we2_cdtext_set(t, 2, WE2_CDTEXT_TITLE, "Caf\xe9"), -EINVAL);
	CHECK_INT(we2_cdtext_set_block(t, 0x80, 9, false), -EINVAL);
	we2_cdtext_free(t);
	t_end();
}

/* 99 tracks of long, different titles: more than a block holds */
static void test_too_much(void)
{
	struct we2_cdtext *t;
	uint8_t packs[PACKS_BYTES];
	char s[161];
	unsigned int k;

	T_CASE("cdtext-block-full");
	CHECK_INT(we2_cdtext_new(&t, 99), 0);
	for (k = 0; k <= 99; k++) {
		memset(s, 'a' + k % 26, 160);
		s[160] = 0;
		s[0] = (char)('A' + k % 26);
		CHECK_INT(we2_cdtext_set(t, k, WE2_CDTEXT_TITLE, s), 0);
	}
	CHECK_INT(we2_cdtext_packs(t, packs, sizeof(packs)), -E2BIG);
	/* the largest that fits: 253 text packs, 256 in all */
	we2_cdtext_free(t);
	CHECK_INT(we2_cdtext_new(&t, 1), 0);
	for (k = 0; k <= 1; k++) {
		memset(s, 'q', 160);
		s[160] = 0;
		CHECK_INT(we2_cdtext_set(t, k, text_types[0], s), 0);
	}
	CHECK(we2_cdtext_packs(t, packs, sizeof(packs)) > 0);
	we2_cdtext_free(t);
	t_end();
}

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)random() % n;
}

static void random_text(char *s, unsigned int charset)
{
	/* short and long; printable Latin-1, or ASCII */
	unsigned int len = rnd(4) ? rnd(30) : rnd(161), i;

	for (i = 0; i < len; i++) {
		do
			s[i] = (char)(0x20 + rnd(0xe0));
		while ((unsigned char)s[i] == 0x7f ||
		       ((unsigned char)s[i] >= 0x80 &&
			((unsigned char)s[i] < 0xa0 || charset == WE2_CDTEXT_ASCII)));
	}
	s[len] = 0;
}

/* random albums: ours and libburn's packs the same, or both too big */
static void test_random(void)
{
	unsigned int round, tracks, i, k, charset, lang, fails = 0, big = 0;
	struct we2_cdtext *t;
	char s[161], prev[161];

	T_CASE("cdtext-random-vs-libburn");
	srandom(2026);
	for (round = 0; round < 3000; round++) {
		tracks = 1 + (rnd(3) ? rnd(12) : rnd(99));
		charset = rnd(3) ? WE2_CDTEXT_8859_1 : WE2_CDTEXT_ASCII;
		lang = rnd(0x80);
		if (we2_cdtext_new(&t, tracks))
			break;
		we2_cdtext_set_block(t, charset, lang, false);
		if (!rnd(4))
			we2_cdtext_set_first_track(t, 1 + rnd(100 - tracks));
		for (i = 0; i < N_TEXT_TYPES; i++) {
			if (rnd(3))
				continue;
			prev[0] = 0;
			for (k = 0; k <= tracks; k++) {
				if (!rnd(5))
					continue;	/* not set */
				if (k >= 2 && !rnd(3))
					strcpy(s, prev);	/* a repeat */
				else
					random_text(s, charset);
				strcpy(prev, s);
				we2_cdtext_set(t, k, text_types[i], s);
			}
		}
		if (!rnd(4)) {
			random_text(s, charset);
			we2_cdtext_set(t, 0, WE2_CDTEXT_DISC_ID, s);
		}
		if (!rnd(4)) {
			random_text(s, charset);
			we2_cdtext_set(t, 0, WE2_CDTEXT_CLOSED, s);
		}
		if (!rnd(4)) {
			random_text(s, charset);
			genre = rnd(0x1c);
			we2_cdtext_set_genre(t, genre, s);
		}
		if (we2_cdtext_packs(t, (uint8_t[PACKS_BYTES]){ 0 }, PACKS_BYTES) == -E2BIG) {
			/* libburn refuses it too */
			big++;
			if (ref_packs(t, tracks, charset, lang,
				      (uint8_t[PACKS_BYTES * 2]){ 0 }) > 0 &&
			    ++fails <= 3)
				printf("# round %u: libburn packs it\n", round);
		} else if (!same_as_libburn(t, charset, lang) && ++fails <= 3)
			printf("# round %u differs from libburn\n", round);
		we2_cdtext_free(t);
	}
	printf("# 3000 random albums, %u too big for a block, %u differ\n",
	       big, fails);
	CHECK_INT(fails, 0);
	t_end();
}

static const char sheet_text[] =
	"Input Sheet Version = 0.7T\n"
	"Text Code           = 8859\n"
	"Language Code       = German\n"
	"Album Title         = Joyful Nights\n"
	"Artist Name         = United Cat Orchestra\n"
	"Songwriter          = Various Songwriters\n"
	"Album Message       = For all our fans\n"
	"UPC / EAN           = 1234567890123\n"
	"Catalog Number      = 1234567890\n"
	"Genre Code          = Classical\n"
	"Genre Information   = Feline classic music\n"
	"Closed Information  = This is not to be shown by CD players\n"
	"Text Data Copy Protection = OFF\n"
	"First Track Number  = 3\n"
	"Last Track Number   = 5\n"
	"Remarks             = not on the disc\n"
	"Track 03 Title      =  Song of Joy\n"
	"Track 03 Artist     =  Felix and The Purrs\n"
	"ISRC 03             =  XYBLG1101234\n"
	"Track 04 Title      =  Humpty Dumpty\n"
	"Track 04 Artist     =  Felix and The Purrs\n"
	"Track 04 0x82       =  Mother Goose\n"
	"ISRC 04             =  XYBLG1100005\n"
	"Track 05 Title      =  Mee Owwww\n"
	"Track 05 Message    =  \n"
	"ISRC 05             =  XYBLG1100006\n";

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

/* the same sheet read by us and by libburn: the same packs */
static void test_sheet(void)
{
	static uint8_t ours[PACKS_BYTES];
	char path[] = "/tmp/we2-cdtext-XXXXXX";
	unsigned char *packs = NULL;
	struct burn_session *s;
	struct we2_cdtext *t = NULL;
	unsigned int line;
	int fd, n = 0, m = -1, k;

	T_CASE("cdtext-sheet-vs-libburn");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	write_file(path, sheet_text);
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 3, &line), 0);
	if (t) {
		CHECK_STR(we2_cdtext_get(t, 1, WE2_CDTEXT_TITLE), "Song of Joy");
		CHECK_STR(we2_cdtext_get(t, 2, WE2_CDTEXT_SONGWRITER), "Mother Goose");
		CHECK(!we2_cdtext_get(t, 3, WE2_CDTEXT_MESSAGE));
		n = we2_cdtext_packs(t, ours, sizeof(ours));
		we2_cdtext_free(t);
	}
	s = burn_session_create();
	for (k = 0; k < 3; k++) {
		struct burn_track *tr = burn_track_create();

		burn_session_add_track(s, tr, BURN_POS_END);
		burn_track_free(tr);
	}
	if (burn_session_input_sheet_v07t(s, path, 0, 0) > 0)
		burn_cdtext_from_session(s, &packs, &m, 0);
	CHECK(n > 0);
	CHECK_INT(n, m);
	if (n == m && packs) {
		CHECK(!memcmp(ours, packs, (size_t)n * WE2_CDTEXT_PACK));
		if (memcmp(ours, packs, (size_t)n * WE2_CDTEXT_PACK))
			dump_diff(ours, packs, n);
	}
	free(packs);
	burn_session_free(s);

	/* a bad line is named; a track outside the album is refused */
	write_file(path, "Album Title = A\nTrack 01 Titel = B\n");
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 3, &line), -EINVAL);
	CHECK_INT(line, 2);
	write_file(path, "Track 04 Title = B\n");
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 3, &line), -EINVAL);
	CHECK_INT(line, 1);
	write_file(path, "Text Code = ASCII\nAlbum Title = Caf\xe9\n");
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 1, &line), -EINVAL);
	CHECK_INT(line, 2);
	/* the byte value form, after the text: the text is checked against it */
	write_file(path, "Album Title = Caf\xe9\nText Code = 0x01\n");
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 1, &line), -EINVAL);
	CHECK_INT(line, 1);
	unlink(path);
	CHECK_INT(we2_cdtext_read_sheet(&t, path, 1, &line), -ENOENT);
	t_end();
}

int main(void)
{
	if (!burn_initialize()) {
		printf("not ok - cdtext (libburn does not initialise)\n");
		return 1;
	}
	burn_msgs_set_severities("NEVER", "NEVER", "we2 test");
	test_example();
	test_crc();
	test_subchannel();
	test_refusals();
	test_too_much();
	test_random();
	test_sheet();
	burn_finish();
	return t_done();
}
