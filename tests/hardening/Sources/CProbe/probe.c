// SPDX-License-Identifier: MIT
#include "CProbe.h"
#include <string.h>

int probe_copy(const char *text, size_t length) {
    char buffer[64];
    memcpy(buffer, text, length);
    int sum = 0;
    for (size_t i = 0; i < length && i < sizeof buffer; i++) sum += buffer[i];
    return sum;
}
