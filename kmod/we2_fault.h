/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection into we2's own allocations, for the hardening tests:
 * failslab's task filter would fail every allocation of the writing task
 * and x86_64 has no caller filter, so we2 has a fault attribute of its own,
 * /sys/kernel/debug/we2/fail_alloc. Compiled out without
 * CONFIG_FAULT_INJECTION (Debian's kernels).
 */
#ifndef _WE2_FAULT_H
#define _WE2_FAULT_H

#include <linux/types.h>

#ifdef CONFIG_FAULT_INJECTION
void we2_fault_init(void);
void we2_fault_exit(void);
bool we2_fail_alloc(void);
#else
static inline void we2_fault_init(void)
{
}

static inline void we2_fault_exit(void)
{
}

static inline bool we2_fail_alloc(void)
{
	return false;
}
#endif

#endif /* _WE2_FAULT_H */
