// SPDX-License-Identifier: MIT
// The command line for Swift's `CommandLine.arguments`, taken from the arguments glibc passes to
// every ELF initializer instead of from the Swift runtime's own initializer.
//
// On Linux the Swift runtime finds argv in an initializer of its own that reads and parses all of
// /proc/self/maps to locate the stack. With JavaScriptCore's libraries loaded that file has ~150
// lines, and the read costs about 0.15 ms of every start-up. The runtime's Swift code asks for
// argv through `_swift_stdlib_getUnsafeArgvArgc`; defining it here means the static link never
// pulls in the runtime's definition (and its initializer) from libswiftCore.a. Should a toolchain
// stop calling this function, the runtime's own definition comes back and nothing else changes.
#include "CWSJSArguments.h"

static char **capturedArgv;
static int capturedArgc;

// glibc calls .init_array functions with (argc, argv, envp), before main and before any Swift code.
static void captureArguments(int argc, char **argv, char **envp) {
    (void)envp;
    capturedArgc = argc;
    capturedArgv = argv;
}

__attribute__((section(".init_array"), used)) static void (*const captureArgumentsEntry)(int, char **, char **) = captureArguments;

__attribute__((swiftcall)) char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    *outArgLen = capturedArgc;
    return capturedArgv;
}
