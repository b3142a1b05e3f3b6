// SPDX-License-Identifier: MIT
// ICU's common library (found with pkg-config icu-uc), for UTS #46 (IDNA) only. ICU renames its
// functions with a version suffix through macros Swift cannot see, so Swift calls it through the
// small C target CWSJSIDNA.
#include <unicode/uidna.h>
