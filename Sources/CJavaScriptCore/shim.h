// SPDX-License-Identifier: MIT
// The public C API of JavaScriptCore, plus the few functions the GTK build exports
// without a header (declared here with the signatures of WebKit's JSContextRefPrivate.h).
#ifndef WSJS_CJAVASCRIPTCORE_SHIM_H
#define WSJS_CJAVASCRIPTCORE_SHIM_H

#include <JavaScriptCore/JavaScript.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Called on the JS thread when a script has run longer than the limit; return true to terminate it.
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);

/// Sets a CPU-time limit for scripts of the group; the callback decides whether to terminate.
void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit,
                                         JSShouldTerminateCallback callback, void *context);
void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);

/// Registers a JS function called with (promise, reason) for every unhandled rejection.
void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function,
                                                  JSValueRef *exception);

/// Runs a full garbage collection now (tests use it; JSGarbageCollect only hints).
void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);

/// The current JS call stack as text, at most maxStackSize frames.
JSStringRef JSContextCreateBacktrace(JSContextRef ctx, unsigned maxStackSize);

/// JavaScriptCore's lock holder (C++ `JSC::JSLockHolder(JSGlobalObject*)` and its destructor;
/// a JSContextRef is the JSGlobalObject). JavaScriptCore drops its lock around every C callback,
/// so each C-API call a callback makes takes and releases the whole lock again; holding it for
/// the callback's length turns those into a recursive count. The library exports both symbols
/// without a header; they are weak here, so a build of the library without them still loads and
/// the callbacks then run as before.
void _ZN3JSC12JSLockHolderC1EPNS_14JSGlobalObjectE(void *holder, JSContextRef ctx) __attribute__((weak));
void _ZN3JSC12JSLockHolderD1Ev(void *holder) __attribute__((weak));

/// Room for a JSC::JSLockHolder (one RefPtr<VM> in JavaScriptCore 2.50; four words to spare).
typedef struct { void *words[4]; } WSJSLockHolder;

/// Takes the VM's lock into `holder`; false (and nothing taken) if the library lacks the symbols.
static inline bool wsjs_lock_acquire(WSJSLockHolder *holder, JSContextRef ctx) {
    if (!_ZN3JSC12JSLockHolderC1EPNS_14JSGlobalObjectE || !_ZN3JSC12JSLockHolderD1Ev) return false;
    _ZN3JSC12JSLockHolderC1EPNS_14JSGlobalObjectE(holder, ctx);
    return true;
}

/// Releases a lock `wsjs_lock_acquire` took.
static inline void wsjs_lock_release(WSJSLockHolder *holder) {
    _ZN3JSC12JSLockHolderD1Ev(holder);
}

/// Sets one of JavaScriptCore's options (the GLib API's JSCOptions, exported by the GTK build;
/// gboolean, gint and guint are int, int and unsigned int). Only before the first context is created;
/// returns false for an unknown option or one of another type.
int jsc_options_set_uint(const char *option, unsigned int value);
int jsc_options_set_int(const char *option, int value);

#ifdef __cplusplus
}
#endif

#endif
