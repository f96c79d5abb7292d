#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H

// pcre2.h refuses to compile unless the code unit width is chosen first; CrashSift
// matches bytes, so it uses the 8-bit library (libpcre2-8). Swift then sees only the
// `_8`-suffixed functions, because the unsuffixed names are function-like macros.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#endif
