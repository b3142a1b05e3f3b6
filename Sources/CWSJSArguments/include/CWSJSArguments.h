// SPDX-License-Identifier: MIT
#ifndef WSJS_CWSJSARGUMENTS_H
#define WSJS_CWSJSARGUMENTS_H

/// How many arguments the process got (argc), as captured before main; referencing this keeps
/// the capture (and its `_swift_stdlib_getUnsafeArgvArgc`) in the link.
int wsjs_captured_argument_count(void);

#endif
