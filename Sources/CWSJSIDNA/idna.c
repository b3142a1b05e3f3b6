// SPDX-License-Identifier: MIT
#include "CWSJSIDNA.h"
#include <pthread.h>
#include <unicode/uidna.h>

static UIDNA *idna;
static pthread_once_t idna_once = PTHREAD_ONCE_INIT;

static void open_idna(void) {
    UErrorCode status = U_ZERO_ERROR;
    idna = uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII |
                           UIDNA_NONTRANSITIONAL_TO_UNICODE, &status);
    if (U_FAILURE(status)) idna = NULL;
}

int32_t wsjs_domain_to_ascii(const char *utf8, int32_t length, char *output, int32_t capacity) {
    pthread_once(&idna_once, open_idna);
    if (idna == NULL) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    int32_t written = uidna_nameToASCII_UTF8(idna, utf8, length, output, capacity, &info, &status);
    if (U_FAILURE(status) || written > capacity) return -1;
    // The URL Standard sets CheckHyphens and VerifyDnsLength to false: those errors do not count.
    const uint32_t ignored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG |
                             UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
    if ((info.errors & ~ignored) != 0) return -1;
    return written;
}
