#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

// The system zlib (zlib1g-dev): CrashSiftInputs inflates gzip files and tar.gz archives as
// streams. `inflateInit2` is a macro, so Swift calls `inflateInit2_` with the version and size.
#include <zlib.h>

#endif
