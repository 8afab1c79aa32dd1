/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one WRITE, or a section of them, tells its caller.
 */
#ifndef _WE2_RESULT_H
#define _WE2_RESULT_H

#include <linux/types.h>
#include <scsi/scsi_cmnd.h>

/**
 * struct we2_result - what a section write tells its caller
 * @sectors_written: sectors the device acknowledged
 * @sense_len: bytes of sense data in @sense, 0 if none
 * @sense: sense data of the command that failed
 */
struct we2_result {
	u32 sectors_written;
	u32 sense_len;
	u8 sense[SCSI_SENSE_BUFFERSIZE];
};

#endif /* _WE2_RESULT_H */
