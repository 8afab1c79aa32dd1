/* SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT) */
/*
 * What the library's files share about sysfs, not exported (libwe2.map
 * keeps every name but the API local).
 *
 * Copyright (C) 2026 The we2 authors
 */
#ifndef WE2_SYSFS_H
#define WE2_SYSFS_H

#include <stddef.h>

/* the first entry of directory @dir into @name: 0, -ENODEV, -ENAMETOOLONG */
int __we2_first_entry(const char *dir, char *name, size_t size);

#endif
