// SPDX-License-Identifier: MIT
// Direct host functions: native functions that JavaScriptCore calls like its own built-ins.
//
// A C-API callback (JSObjectMake with a callAsFunction class) costs ~150 ns a call: scripts reach
// it through the generic call path, its arguments are copied into a vector, and the VM's lock is
// dropped before it runs and retaken after (JSC::JSLock::DropAllLocks). A `JSC::JSFunction` over
// a host function pointer is called by the JIT's native-call thunk, with the lock held and the
// arguments where the caller put them. The GTK build of JavaScriptCore exports what that takes
// but no header declares it; direct.c declares it by mangled name, weakly, so a library without
// it still loads: wsjs_direct_available() is then false and callers keep the C-API callbacks.
#ifndef WSJS_CWSJSHOSTCALLS_H
#define WSJS_CWSJSHOSTCALLS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Runs one call of a direct function: `box` is what wsjs_direct_function_create was given,
/// `globalObject` the JSContextRef, `arguments` encoded JSValues (JSValueRefs on 64-bit
/// platforms; the receiver is not passed). Returns the result's encoded value, or 0 after
/// wsjs_direct_throw.
typedef int64_t (*wsjs_direct_handler)(void *box, void *globalObject, const void *const *arguments,
                                       unsigned count);

/// True when the library exports what direct functions need and is not newer than the version
/// their call-frame layout was checked against.
bool wsjs_direct_available(void);

/// A function object (a JSObjectRef; its `length` 0, its `name` "") that calls
/// `handler(box, …)`; NULL when direct functions are unavailable or too many exist at once (the
/// caller then makes a C-API callback). `vm` is the JSContextGroupRef, `globalObject` the
/// JSContextRef; hold the VM's lock.
void *wsjs_direct_function_create(void *vm, void *globalObject, wsjs_direct_handler handler, void *box);

/// Forgets a function wsjs_direct_function_create made with `box` (its engine is going away):
/// calls to it after this would find no handler. A function made later at the same address
/// (this one having been collected) keeps its entry.
void wsjs_direct_function_forget(void *function, void *box);

/// Raises `value` (an encoded JSValue) in the VM; the handler then returns 0.
void wsjs_direct_throw(void *vm, void *globalObject, const void *value);

#ifdef __cplusplus
}
#endif

#endif
