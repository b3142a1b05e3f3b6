// SPDX-License-Identifier: MIT
// CWSJSArguments has no interface of its own: it defines the Swift runtime's
// `_swift_stdlib_getUnsafeArgvArgc` (see arguments.c), which SwiftPM links into wsjs with the
// target's object file.
#ifndef WSJS_CWSJSARGUMENTS_H
#define WSJS_CWSJSARGUMENTS_H
#endif
