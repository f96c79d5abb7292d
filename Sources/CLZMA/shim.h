#ifndef CLZMA_SHIM_H
#define CLZMA_SHIM_H

// The system liblzma (liblzma-dev): CrashSiftInputs decodes xz files and tar.xz archives as
// streams with `lzma_stream_decoder`.
#include <lzma.h>

#endif
