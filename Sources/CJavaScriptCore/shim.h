// SPDX-License-Identifier: MIT
// The public C API of JavaScriptCore, plus the few functions the GTK build exports
// without a header (declared here with the signatures of WebKit's JSContextRefPrivate.h).
#ifndef WSJS_CJAVASCRIPTCORE_SHIM_H
#define WSJS_CJAVASCRIPTCORE_SHIM_H

#include <JavaScriptCore/JavaScript.h>

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

/// The current JS call stack as text, at most maxStackSize frames.
JSStringRef JSContextCreateBacktrace(JSContextRef ctx, unsigned maxStackSize);

#ifdef __cplusplus
}
#endif

#endif
