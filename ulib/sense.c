// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * SCSI sense data: decoding (SPC fixed and descriptor formats) and words
 * for the sense keys and the ASC/ASCQ pairs a writer meets.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libwe2.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const we2_sense_keys[16] = {
	[0x0] = "No Sense",
	[0x1] = "Recovered Error",
	[0x2] = "Not Ready",
	[0x3] = "Medium Error",
	[0x4] = "Hardware Error",
	[0x5] = "Illegal Request",
	[0x6] = "Unit Attention",
	[0x7] = "Data Protect",
	[0x8] = "Blank Check",
	[0x9] = "Vendor Specific",
	[0xA] = "Copy Aborted",
	[0xB] = "Aborted Command",
	[0xC] = "Equal",
	[0xD] = "Volume Overflow",
	[0xE] = "Miscompare",
	[0xF] = "Completed",
};

const char *we2_sense_key_str(unsigned int key)
{
	if (key >= ARRAY_SIZE(we2_sense_keys))
		return "Invalid sense key";
	return we2_sense_keys[key];
}

/* ASC << 8 | ASCQ, in the words of the T10 list (asc-num.txt) */
struct we2_asc_name {
	unsigned short	code;
	const char	*text;
};

static const struct we2_asc_name we2_asc_names[] = {
	{ 0x0000, "No additional sense information" },
	{ 0x0016, "Operation in progress" },
	{ 0x0200, "No seek complete" },
	{ 0x0300, "Peripheral device write fault" },
	{ 0x0301, "No write current" },
	{ 0x0302, "Excessive write errors" },
	{ 0x0400, "Logical unit not ready, cause not reportable" },
	{ 0x0401, "Logical unit is in process of becoming ready" },
	{ 0x0402, "Logical unit not ready, initializing command required" },
	{ 0x0403, "Logical unit not ready, manual intervention required" },
	{ 0x0404, "Logical unit not ready, format in progress" },
	{ 0x0407, "Logical unit not ready, operation in progress" },
	{ 0x0408, "Logical unit not ready, long write in progress" },
	{ 0x0409, "Logical unit not ready, self-test in progress" },
	{ 0x0800, "Logical unit communication failure" },
	{ 0x0801, "Logical unit communication time-out" },
	{ 0x0802, "Logical unit communication parity error" },
	{ 0x0803, "Logical unit communication CRC error (Ultra-DMA/32)" },
	{ 0x0900, "Track following error" },
	{ 0x0901, "Tracking servo failure" },
	{ 0x0902, "Focus servo failure" },
	{ 0x0903, "Spindle servo failure" },
	{ 0x0904, "Head select fault" },
	{ 0x0905, "Vibration induced tracking error" },
	{ 0x0C00, "Write error" },
	{ 0x0C01, "Write error - recovered with auto reallocation" },
	{ 0x0C02, "Write error - auto reallocation failed" },
	{ 0x0C03, "Write error - recommend reassignment" },
	{ 0x0C04, "Compression check miscompare error" },
	{ 0x0C05, "Data expansion occurred during compression" },
	{ 0x0C06, "Block not compressible" },
	{ 0x0C07, "Write error - recovery needed" },
	{ 0x0C08, "Write error - recovery failed" },
	{ 0x0C09, "Write error - loss of streaming" },
	{ 0x0C0A, "Write error - padding blocks added" },
	{ 0x0C0B, "Auxiliary memory write error" },
	{ 0x0C0C, "Write error - unexpected unsolicited data" },
	{ 0x0C0D, "Write error - not enough unsolicited data" },
	{ 0x0C0E, "Multiple write errors" },
	{ 0x0C0F, "Defects in error window" },
	{ 0x1100, "Unrecovered read error" },
	{ 0x1101, "Read retries exhausted" },
	{ 0x1102, "Error too long to correct" },
	{ 0x1105, "L-EC uncorrectable error" },
	{ 0x1106, "CIRC unrecovered error" },
	{ 0x1111, "Read error - loss of streaming" },
	{ 0x1500, "Random positioning error" },
	{ 0x1501, "Mechanical positioning error" },
	{ 0x1502, "Positioning error detected by read of medium" },
	{ 0x1A00, "Parameter list length error" },
	{ 0x2000, "Invalid command operation code" },
	{ 0x2100, "Logical block address out of range" },
	{ 0x2101, "Invalid element address" },
	{ 0x2102, "Invalid address for write" },
	{ 0x2103, "Invalid write crossing layer jump" },
	{ 0x2104, "Unaligned write command" },
	{ 0x2105, "Write boundary violation" },
	{ 0x2400, "Invalid field in CDB" },
	{ 0x2600, "Invalid field in parameter list" },
	{ 0x2601, "Parameter not supported" },
	{ 0x2602, "Parameter value invalid" },
	{ 0x2700, "Write protected" },
	{ 0x2701, "Hardware write protected" },
	{ 0x2702, "Logical unit software write protected" },
	{ 0x2703, "Associated write protect" },
	{ 0x2704, "Persistent write protect" },
	{ 0x2705, "Permanent write protect" },
	{ 0x2706, "Conditional write protect" },
	{ 0x2800, "Not ready to ready change, medium may have changed" },
	{ 0x2802, "Format-layer may have changed" },
	{ 0x2900, "Power on, reset, or bus device reset occurred" },
	{ 0x2901, "Power on occurred" },
	{ 0x2902, "SCSI bus reset occurred" },
	{ 0x2903, "Bus device reset function occurred" },
	{ 0x2904, "Device internal reset" },
	{ 0x2A00, "Parameters changed" },
	{ 0x2A01, "Mode parameters changed" },
	{ 0x2C00, "Command sequence error" },
	{ 0x2C03, "Current program area is not empty" },
	{ 0x2C04, "Current program area is empty" },
	{ 0x2E00, "Insufficient time for operation" },
	{ 0x2F00, "Commands cleared by another initiator" },
	{ 0x3000, "Incompatible medium installed" },
	{ 0x3001, "Cannot read medium - unknown format" },
	{ 0x3002, "Cannot read medium - incompatible format" },
	{ 0x3003, "Cleaning cartridge installed" },
	{ 0x3004, "Cannot write medium - unknown format" },
	{ 0x3005, "Cannot write medium - incompatible format" },
	{ 0x3006, "Cannot format medium - incompatible medium" },
	{ 0x3007, "Cleaning failure" },
	{ 0x3008, "Cannot write - application code mismatch" },
	{ 0x3009, "Current session not fixated for append" },
	{ 0x300C, "WORM medium - overwrite attempted" },
	{ 0x3010, "Medium not formatted" },
	{ 0x3100, "Medium format corrupted" },
	{ 0x3101, "Format command failed" },
	{ 0x3A00, "Medium not present" },
	{ 0x3A01, "Medium not present - tray closed" },
	{ 0x3A02, "Medium not present - tray open" },
	{ 0x3A03, "Medium not present - loadable" },
	{ 0x3E00, "Logical unit has not self-configured yet" },
	{ 0x3E01, "Logical unit failure" },
	{ 0x3E02, "Timeout on logical unit" },
	{ 0x3F00, "Target operating conditions have changed" },
	{ 0x3F01, "Microcode has been changed" },
	{ 0x4400, "Internal target failure" },
	{ 0x4700, "SCSI parity error" },
	{ 0x4701, "Data phase CRC error detected" },
	{ 0x4B00, "Data phase error" },
	{ 0x4E00, "Overlapped commands attempted" },
	{ 0x5100, "Erase failure" },
	{ 0x5101, "Erase failure - incomplete erase operation detected" },
	{ 0x5300, "Media load or eject failed" },
	{ 0x5302, "Medium removal prevented" },
	{ 0x5500, "System resource failure" },
	{ 0x5501, "System buffer full" },
	{ 0x5700, "Unable to recover table-of-contents" },
	{ 0x5A00, "Operator request or state change input" },
	{ 0x5A01, "Operator medium removal request" },
	{ 0x5A02, "Operator selected write protect" },
	{ 0x5A03, "Operator selected write permit" },
	{ 0x5D00, "Failure prediction threshold exceeded" },
	{ 0x5D01, "Media failure prediction threshold exceeded" },
	{ 0x5D03, "Spare area exhaustion prediction threshold exceeded" },
	{ 0x6300, "End of user area encountered on this track" },
	{ 0x6301, "Packet does not fit in available space" },
	{ 0x6400, "Illegal mode for this track" },
	{ 0x6401, "Invalid packet size" },
	{ 0x6F00, "Copy protection key exchange failure - authentication failure" },
	{ 0x6F01, "Copy protection key exchange failure - key not present" },
	{ 0x6F02, "Copy protection key exchange failure - key not established" },
	{ 0x6F03, "Read of scrambled sector without authentication" },
	{ 0x6F04, "Media region code is mismatched to logical unit region" },
	{ 0x7200, "Session fixation error" },
	{ 0x7201, "Session fixation error writing lead-in" },
	{ 0x7202, "Session fixation error writing lead-out" },
	{ 0x7203, "Session fixation error - incomplete track in session" },
	{ 0x7204, "Empty or partially written reserved track" },
	{ 0x7205, "No more track reservations allowed" },
	{ 0x7206, "RMZ extension is not allowed" },
	{ 0x7207, "No more test zone extensions are allowed" },
	{ 0x7300, "CD control error" },
	{ 0x7301, "Power calibration area almost full" },
	{ 0x7302, "Power calibration area is full" },
	{ 0x7303, "Power calibration area error" },
	{ 0x7304, "Program memory area update failure" },
	{ 0x7305, "Program memory area is full" },
	{ 0x7306, "RMA/PMA is almost full" },
	{ 0x7310, "Current power calibration area almost full" },
	{ 0x7311, "Current power calibration area is full" },
	{ 0x7317, "RDZ is full" },
};

const char *we2_asc_str(unsigned int asc, unsigned int ascq)
{
	static __thread char unknown[sizeof("ASC 0xNN ASCQ 0xNN")];
	unsigned int code = (asc & 0xff) << 8 | (ascq & 0xff);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(we2_asc_names); i++)
		if (we2_asc_names[i].code == code)
			return we2_asc_names[i].text;

	snprintf(unknown, sizeof(unknown), "ASC 0x%02X ASCQ 0x%02X",
		 asc & 0xff, ascq & 0xff);
	return unknown;
}

static uint64_t we2_get_be(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* Fixed format (SPC-4 4.5.3): 0x70 current, 0x71 deferred. */
static void we2_sense_fixed(const uint8_t *s, size_t len, struct we2_sense *out)
{
	if (len > 2)
		out->key = s[2] & 0x0f;
	if (len > 6 && (s[0] & 0x80)) {
		out->info_valid = true;
		out->info = we2_get_be(s + 3, 4);
	}
	if (len > 12)
		out->asc = s[12];
	if (len > 13)
		out->ascq = s[13];
	if (len > 17 && (s[15] & 0x80)) {
		out->sks_valid = true;
		memcpy(out->sks, s + 15, 3);
	}
}

/* Descriptor format (SPC-4 4.5.2): 0x72 current, 0x73 deferred. */
static void we2_sense_desc(const uint8_t *s, size_t len, struct we2_sense *out)
{
	size_t off = 8;

	if (len > 1)
		out->key = s[1] & 0x0f;
	if (len > 2)
		out->asc = s[2];
	if (len > 3)
		out->ascq = s[3];

	/* each descriptor: type, additional length, then that many bytes */
	while (off + 2 <= len) {
		const uint8_t *d = s + off;
		size_t dlen = (size_t)d[1] + 2;

		if (off + dlen > len)
			break;
		if (d[0] == 0x00 && dlen >= 12 && (d[2] & 0x80)) {
			out->info_valid = true;
			out->info = we2_get_be(d + 4, 8);
		} else if (d[0] == 0x02 && dlen >= 7 && (d[4] & 0x80)) {
			out->sks_valid = true;
			memcpy(out->sks, d + 4, 3);
		}
		off += dlen;
	}
}

int we2_sense_decode(const uint8_t *sense, size_t len, struct we2_sense *out)
{
	uint8_t rc;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!len)
		return -ENODATA;
	if (!sense)
		return -EINVAL;

	rc = sense[0] & 0x7f;
	if (rc < 0x70 || rc > 0x73)
		return -EINVAL;

	/* byte 7 is the additional length in both formats: trust no more */
	if (len > 7 && len > (size_t)sense[7] + 8)
		len = (size_t)sense[7] + 8;

	out->response_code = rc;
	out->deferred = rc == 0x71 || rc == 0x73;
	out->descriptor = rc >= 0x72;
	if (out->descriptor)
		we2_sense_desc(sense, len, out);
	else
		we2_sense_fixed(sense, len, out);
	return 0;
}

/* The sense-key specific bytes in words, or "" when they hold nothing. */
static int we2_sks_str(const struct we2_sense *s, char *buf, size_t size)
{
	unsigned int field = s->sks[1] << 8 | s->sks[2];

	if (!s->sks_valid)
		return snprintf(buf, size, "%s", "");

	switch (s->key) {
	case WE2_SK_ILLEGAL_REQUEST:
		if (s->sks[0] & 0x08)	/* BPV: the bit pointer is valid */
			return snprintf(buf, size, ", field pointer %s byte %u bit %u",
					s->sks[0] & 0x40 ? "CDB" : "parameter",
					field, s->sks[0] & 0x07);
		return snprintf(buf, size, ", field pointer %s byte %u",
				s->sks[0] & 0x40 ? "CDB" : "parameter", field);
	case WE2_SK_NO_SENSE:
	case WE2_SK_NOT_READY:
		return snprintf(buf, size, ", progress %u%%",
				field * 100 / 65536);
	default:
		return snprintf(buf, size, "%s", "");
	}
}

int we2_strsense(const uint8_t *sense, size_t len, char *buf, size_t size)
{
	struct we2_sense s;
	char info[48] = "", sks[64] = "";
	int ret;

	if (!buf && size)
		return -EINVAL;

	ret = we2_sense_decode(sense, len, &s);
	if (ret == -ENODATA)
		return snprintf(buf, size, "no sense data");
	if (ret < 0)
		return snprintf(buf, size,
				"unrecognised sense data (response code 0x%02X)",
				sense ? sense[0] : 0);

	if (s.info_valid)
		snprintf(info, sizeof(info), ", information %llu",
			 (unsigned long long)s.info);
	we2_sks_str(&s, sks, sizeof(sks));

	return snprintf(buf, size, "%s: %s (%02X/%02X/%02X)%s%s%s",
			we2_sense_key_str(s.key), we2_asc_str(s.asc, s.ascq),
			s.key, s.asc, s.ascq, info, sks,
			s.deferred ? " [deferred]" : "");
}
