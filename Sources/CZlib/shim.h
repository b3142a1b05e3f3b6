// SPDX-License-Identifier: MIT
// zlib (found with pkg-config zlib), for CompressionStream and DecompressionStream. inflateInit2
// and deflateInit2 are macros that pass the library's version and z_stream's size, which Swift
// cannot call; the two inline wrappers here can.
#include <zlib.h>

static inline int wsjs_deflateInit2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

static inline int wsjs_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
