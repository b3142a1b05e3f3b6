// SPDX-License-Identifier: MIT
#ifndef CWSJSIDNA_H
#define CWSJSIDNA_H
#include <stdint.h>

/// UTS #46 ToASCII as the URL Standard's "domain to ASCII" asks (beStrict false): CheckBidi,
/// CheckJoiners, nontransitional processing, no STD3 rules, no hyphen or DNS length checks.
/// Writes the ASCII result to `output` and returns its length, or -1 when the domain is invalid
/// or does not fit in `capacity` bytes.
int32_t wsjs_domain_to_ascii(const char *utf8, int32_t length, char *output, int32_t capacity);

#endif
