// SPDX-License-Identifier: GPL-2.0
/*
 * we2's fault attribute: consulted where a command allocates (its request
 * and the mapping of the caller's pages), so that a test can fail exactly
 * those allocations and check that the section ends with -ENOMEM, the
 * exact count, and nothing leaked.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#include "we2_fault.h"

static DECLARE_FAULT_ATTR(we2_fail_alloc_attr);
static struct dentry *we2_debugfs_dir;

void we2_fault_init(void)
{
	we2_debugfs_dir = debugfs_create_dir("we2", NULL);
	/* without FAULT_INJECTION_DEBUG_FS this is an error pointer, harmless */
	fault_create_debugfs_attr("fail_alloc", we2_debugfs_dir,
				  &we2_fail_alloc_attr);
}

void we2_fault_exit(void)
{
	debugfs_remove_recursive(we2_debugfs_dir);
}

bool we2_fail_alloc(void)
{
	return should_fail(&we2_fail_alloc_attr, 1);
}
