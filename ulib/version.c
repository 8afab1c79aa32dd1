// SPDX-License-Identifier: (LGPL-2.1-or-later OR MIT)
/*
 * The library's version.
 *
 * Copyright (C) 2026 The we2 authors
 */
#include "libwe2.h"

#define WE2_STR(x)	#x
#define WE2_XSTR(x)	WE2_STR(x)

const char *we2_version(void)
{
	return WE2_XSTR(WE2_MAJOR_VERSION) "." WE2_XSTR(WE2_MINOR_VERSION)
	       "." WE2_XSTR(WE2_PATCH_VERSION);
}
