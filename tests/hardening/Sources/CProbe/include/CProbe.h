// SPDX-License-Identifier: MIT
#include <stddef.h>

/// Copies `length` bytes of `text` into a 64-byte local buffer and returns their sum: code that a
/// stack protector guards (a local array) and that _FORTIFY_SOURCE checks (a copy into an object
/// of known size, of a length known only at run time).
int probe_copy(const char *text, size_t length);
