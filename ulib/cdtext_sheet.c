// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * Sony's CD-TEXT input sheet, version 0.7T: the text file cdrskin reads
 * with input_sheet_v07t=, so that one file gives the same text to both.
 * Lines "Purpose Specifier = content"; empty content sets nothing; track
 * numbers count from the sheet's First Track Number. As libburn reads it
 * (its doc/cdtext.txt): byte values as 0xXY where a name is expected, and
 * a pack type code (0x80, "Track 02 0x81") for its purpose specifier.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwe2.h"

/* EBU Tech 3264 appendix 3, as the sheet names the languages */
static const char *const languages_low[] = {
	"Unknown", "Albanian", "Breton", "Catalan", "Croatian", "Welsh",
	"Czech", "Danish", "German", "English", "Spanish", "Esperanto",
	"Estonian", "Basque", "Faroese", "French", "Frisian", "Irish",
	"Gaelic", "Galician", "Icelandic", "Italian", "Lappish", "Latin",
	"Latvian", "Luxembourgian", "Lithuanian", "Hungarian", "Maltese",
	"Dutch", "Norwegian", "Occitan", "Polish", "Portuguese", "Romanian",
	"Romansh", "Serbian", "Slovak", "Slovenian", "Finnish", "Swedish",
	"Turkish", "Flemish", "Wallon",
};

#define LANG_HIGH_FIRST	0x45
static const char *const languages_high[] = {
	"Zulu", "Vietnamese", "Uzbek", "Urdu", "Ukrainian", "Thai", "Telugu",
	"Tatar", "Tamil", "Tadzhik", "Swahili", "Sranan Tongo", "Somali",
	"Sinhalese", "Shona", "Serbo-croat", "Ruthenian", "Russian",
	"Quechua", "Pushtu", "Punjabi", "Persian", "Papamiento", "Oriya",
	"Nepali", "Ndebele", "Marathi", "Moldavian", "Malaysian",
	"Malagasay", "Macedonian", "Laotian", "Korean", "Khmer", "Kazakh",
	"Kannada", "Japanese", "Indonesian", "Hindi", "Hebrew", "Hausa",
	"Gurani", "Gujurati", "Greek", "Georgian", "Fulani", "Dari",
	"Churash", "Chinese", "Burmese", "Bulgarian", "Bengali",
	"Bielorussian", "Bambora", "Azerbaijani", "Assamese", "Armenian",
	"Arabic", "Amharic",
};

static const char *const genres[] = {
	"Not Used", "Not Defined", "Adult Contemporary", "Alternative Rock",
	"Childrens Music", "Classical", "Contemporary Christian", "Country",
	"Dance", "Easy Listening", "Erotic", "Folk", "Gospel", "Hip Hop",
	"Jazz", "Latin", "Musical", "New Age", "Opera", "Operetta",
	"Pop Music", "Rap", "Reggae", "Rock Music", "Rhythm & Blues",
	"Sound Effects", "Spoken Word", "World Music",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* the album's purpose specifiers for pack types */
static const struct {
	const char *name;
	unsigned int type;
} album_fields[] = {
	{ "Album Title", WE2_CDTEXT_TITLE },
	{ "Artist Name", WE2_CDTEXT_PERFORMER },
	{ "Songwriter", WE2_CDTEXT_SONGWRITER },
	{ "Composer", WE2_CDTEXT_COMPOSER },
	{ "Arranger", WE2_CDTEXT_ARRANGER },
	{ "Album Message", WE2_CDTEXT_MESSAGE },
	{ "Catalog Number", WE2_CDTEXT_DISC_ID },
	{ "Closed Information", WE2_CDTEXT_CLOSED },
	{ "UPC / EAN", WE2_CDTEXT_UPC_ISRC },
};

/* and a track's: "Track NN <name>" */
static const struct {
	const char *name;
	unsigned int type;
} track_fields[] = {
	{ "Title", WE2_CDTEXT_TITLE },
	{ "Artist", WE2_CDTEXT_PERFORMER },
	{ "Songwriter", WE2_CDTEXT_SONGWRITER },
	{ "Composer", WE2_CDTEXT_COMPOSER },
	{ "Arranger", WE2_CDTEXT_ARRANGER },
	{ "Message", WE2_CDTEXT_MESSAGE },
};

struct sheet {
	struct we2_cdtext *text;
	unsigned int first;		/* First Track Number */
	unsigned int charset, language, genre;
	int copyright;
	char *genre_info;
};

/* "0xXY" (or "0xXYZT" when @max allows): its value, else -1 */
static long hex_value(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !isxdigit((unsigned char)s[2]))
		return -1;
	errno = 0;
	v = strtoul(s + 2, &end, 16);
	if (errno || *end || v > max)
		return -1;
	return (long)v;
}

/* NAME's index in @names (case as written), a 0xXY value, else -1 */
static long name_value(const char *s, const char *const *names, size_t n,
		       unsigned long max)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return (long)i;
	return hex_value(s, max);
}

static long language_value(const char *s)
{
	size_t i;
	long v;

	v = name_value(s, languages_low, ARRAY_SIZE(languages_low), 0x7f);
	if (v >= 0)
		return v;
	for (i = 0; i < ARRAY_SIZE(languages_high); i++)
		if (!strcmp(s, languages_high[i]))
			return (long)(LANG_HIGH_FIRST + i);
	return -1;
}

/* "0xXY 0xZT" is a genre code too */
static long genre_value(const char *s)
{
	long hi, lo;
	char tmp[5];

	if (strlen(s) == 9 && s[4] == ' ') {
		memcpy(tmp, s, 4);
		tmp[4] = 0;
		hi = hex_value(tmp, 0xff);
		lo = hex_value(s + 5, 0xff);
		return hi < 0 || lo < 0 ? -1 : hi << 8 | lo;
	}
	return name_value(s, genres, ARRAY_SIZE(genres), 0xffff);
}

/* "8859", "ASCII" or their byte value; -1 for anything else (MS-JIS) */
static long charset_value(const char *s)
{
	long v;

	if (!strcmp(s, "8859"))
		return WE2_CDTEXT_8859_1;
	if (!strcmp(s, "ASCII"))
		return WE2_CDTEXT_ASCII;
	v = hex_value(s, 0xff);
	return v == WE2_CDTEXT_8859_1 || v == WE2_CDTEXT_ASCII ? v : -1;
}

/* a pack type code usable as a purpose specifier */
static long type_value(const char *s, int track)
{
	long v = hex_value(s, 0xff);

	if (v >= WE2_CDTEXT_TITLE && v <= WE2_CDTEXT_MESSAGE)
		return v;
	if (v == WE2_CDTEXT_UPC_ISRC)
		return v;
	if (!track && (v == WE2_CDTEXT_DISC_ID || v == WE2_CDTEXT_CLOSED))
		return v;
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* "Track NN rest" or "ISRC NN": the track (by the sheet's numbering) */
static int track_spec(const char *spec, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(spec, prefix, n) || !isdigit((unsigned char)spec[n]))
		return -1;
	v = strtol(spec + n, &end, 10);
	if (v < 1 || v > WE2_CD_TRACKS_MAX)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	*rest = end;
	return (int)v;
}

static int sheet_set(struct sheet *sh, int track, unsigned int type,
		     const char *val)
{
	int t = track;

	if (track) {
		/* the sheet numbers its tracks from its First Track Number */
		t = track - (int)sh->first + 1;
		if (t < 1 || (unsigned int)t > we2_cdtext_tracks(sh->text))
			return -EINVAL;
	}
	return we2_cdtext_set(sh->text, t, type, val);
}

static int sheet_line(struct sheet *sh, char *line)
{
	const char *spec, *rest;
	char *eq, *val;
	size_t i;
	long v;
	int track;

	spec = trim(line);
	if (!*spec)
		return 0;
	eq = strchr(spec, '=');
	if (!eq)
		return -EINVAL;
	*eq = 0;
	val = trim(eq + 1);
	spec = trim((char *)spec);
	/* specifiers without effect on the text */
	if (!strcmp(spec, "Input Sheet Version"))
		return strcmp(val, "0.7T") ? -EINVAL : 0;
	if (!strcmp(spec, "Remarks") || !strncmp(spec, "Disc Information", 16) ||
	    !strcmp(spec, "Last Track Number"))
		return 0;
	if (!*val)
		return 0;
	if (!strcmp(spec, "Text Code")) {
		v = charset_value(val);
		if (v < 0)
			return -EINVAL;	/* MS-JIS is not supported */
		sh->charset = (unsigned int)v;
		return 0;
	}
	if (!strcmp(spec, "Language Code")) {
		v = language_value(val);
		if (v < 0)
			return -EINVAL;
		sh->language = (unsigned int)v;
		return 0;
	}
	if (!strcmp(spec, "Text Data Copy Protection")) {
		if (!strcmp(val, "ON"))
			sh->copyright = 1;
		else if (!strcmp(val, "OFF"))
			sh->copyright = 0;
		else
			return -EINVAL;
		return 0;
	}
	if (!strcmp(spec, "First Track Number")) {
		v = strtol(val, &eq, 10);
		if (*eq || v < 1 || v > WE2_CD_TRACKS_MAX)
			return -EINVAL;
		sh->first = (unsigned int)v;
		return 0;
	}
	if (!strcmp(spec, "Genre Code")) {
		v = genre_value(val);
		if (v < 0)
			return -EINVAL;
		sh->genre = (unsigned int)v;
		return 0;
	}
	if (!strcmp(spec, "Genre Information")) {
		free(sh->genre_info);
		sh->genre_info = strdup(val);
		return sh->genre_info ? 0 : -ENOMEM;
	}
	for (i = 0; i < ARRAY_SIZE(album_fields); i++)
		if (!strcmp(spec, album_fields[i].name))
			return sheet_set(sh, 0, album_fields[i].type, val);
	v = type_value(spec, 0);
	if (v >= 0)
		return sheet_set(sh, 0, (unsigned int)v, val);
	track = track_spec(spec, "ISRC ", &rest);
	if (track > 0 && !*rest)
		return sheet_set(sh, track, WE2_CDTEXT_UPC_ISRC, val);
	track = track_spec(spec, "Track ", &rest);
	if (track <= 0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(track_fields); i++)
		if (!strcmp(rest, track_fields[i].name))
			return sheet_set(sh, track, track_fields[i].type, val);
	v = type_value(rest, 1);
	if (v >= 0)
		return sheet_set(sh, track, (unsigned int)v, val);
	return -EINVAL;
}

/*
 * The character set must be known before the texts are checked against
 * it, wherever the sheet puts its Text Code: a first pass reads it alone.
 */
static int sheet_charset(FILE *f, unsigned int *charset)
{
	char line[1024], *eq, *spec;
	long v;

	while (fgets(line, sizeof(line), f)) {
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = 0;
		spec = trim(line);
		v = strcmp(spec, "Text Code") ? -1 : charset_value(trim(eq + 1));
		if (v >= 0)
			*charset = (unsigned int)v;
	}
	rewind(f);
	return 0;
}

int we2_cdtext_read_sheet(struct we2_cdtext **textp, const char *path,
			  unsigned int tracks, unsigned int *bad_line)
{
	struct sheet sh = { .first = 1, .charset = WE2_CDTEXT_8859_1,
			    .language = WE2_CDTEXT_LANG_ENGLISH };
	unsigned int lineno = 0;
	char line[1024];
	FILE *f;
	int ret;

	if (bad_line)
		*bad_line = 0;
	if (!textp || !path)
		return -EINVAL;
	ret = we2_cdtext_new(&sh.text, tracks);
	if (ret)
		return ret;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		goto out;
	}
	sheet_charset(f, &sh.charset);
	ret = we2_cdtext_set_block(sh.text, sh.charset, sh.language, false);
	while (!ret && fgets(line, sizeof(line), f)) {
		lineno++;
		/* a line longer than a text and its specifier can be */
		if (!strchr(line, '\n') && !feof(f))
			ret = -EINVAL;
		else
			ret = sheet_line(&sh, line);
	}
	if (!ret && ferror(f))
		ret = -EIO;
	else if (ret && bad_line)
		*bad_line = lineno;
	fclose(f);
	if (!ret)
		ret = we2_cdtext_set_block(sh.text, sh.charset, sh.language,
					   sh.copyright);
	if (!ret)
		ret = we2_cdtext_set_first_track(sh.text, sh.first);
	if (!ret && (sh.genre || sh.genre_info))
		ret = we2_cdtext_set_genre(sh.text, sh.genre, sh.genre_info);
out:
	free(sh.genre_info);
	if (ret) {
		we2_cdtext_free(sh.text);
		return ret;
	}
	*textp = sh.text;
	return 0;
}
