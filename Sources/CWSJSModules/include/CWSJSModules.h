// SPDX-License-Identifier: MIT
// ES modules on JavaScriptCore's own module loader.
//
// The GTK build of JavaScriptCore has a complete module loader (ModuleLoader.js and
// JSModuleRecord) but no API to drive it: the C API evaluates classic scripts only, and the
// global object's method table leaves the loader's hooks empty, so `import()` rejects with
// "Could not import the module". This target fills two of those hooks (`import()` and
// `import.meta`) in a copy of the table, and hands JavaScriptCore module text by swapping the
// source of a `JSScriptCreateFromString` script, which is a SourceProvider. Everything else
// (resolve and fetch) is done by the prelude on the loader object the hooks receive.
//
// All of that is unsupported territory tied to one engine version. wsjs_modules_install checks the
// library's version and every layout it relies on (each offset found by exactly one match, each
// value checked) and refuses, with a reason, when anything differs; the caller then falls back.
#ifndef WSJS_CWSJSMODULES_H
#define WSJS_CWSJSMODULES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Fills the module-loader hooks of `context`'s global object (a JSGlobalContextRef). `importHook`
/// (a JSObjectRef function) is called for every `import()` with (loader, specifier, referrer URL
/// or undefined, attributes) and must return the loader's promise (`loader.requestImportModule`'s
/// result); `metaHook` is called with (module key) and returns the `import.meta` object. Both are
/// protected until wsjs_modules_uninstall. Returns NULL on success, or why the hooks are not
/// available (the library's version, or a layout that did not check out).
const char *wsjs_modules_install(void *context, void *importHook, void *metaHook);

/// Puts the global object's original method table back (before the context is released).
void wsjs_modules_uninstall(void *context);

/// Creates the engine's source object for module `text` (a JSStringRef) at `url` (a JSStringRef,
/// an absolute URL: stack traces and errors show it), and runs `JSC::loadModule` with it. The
/// loader's `provideFetch` files it under a fresh symbol and then calls `loader.loadModule(symbol)`,
/// which the prelude replaces to take the entry's fetch promise out of the registry; that promise
/// (fulfilled with the source object) is returned. NULL if the hooks are not installed or
/// wsjs_modules_source_failure says why not.
const void *wsjs_modules_provide(void *context, void *text, void *url);

/// NULL when module text can be handed to the engine, else why not (the layouts of
/// OpaqueJSString and OpaqueJSScript, checked on first use).
const char *wsjs_modules_source_failure(void *context);

/// 1 when `text` parses as a module, 0 when it does not, -1 when the check is unavailable.
int wsjs_modules_parses_as_module(void *context, void *text);

/// The `type` of an import's attributes as JavaScriptCore parsed them (the loader's `parameters`
/// value, an encoded JSValue): 0 none, 2 webassembly, 3 json, -1 unknown.
int wsjs_modules_attribute_type(void *context, const void *parameters);

#ifdef __cplusplus
}
#endif

#endif
