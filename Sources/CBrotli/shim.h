// SPDX-License-Identifier: MIT
// Brotli's decoder (found with pkg-config libbrotlidec), for fetch()'s Content-Encoding: br.
#include <brotli/decode.h>
