// SPDX-License-Identifier: MIT
public import CJavaScriptCore
import CWSJSModules

/// ES modules through JavaScriptCore's own module loader (CWSJSModules says how): the engine
/// fills the loader's `import()` and `import.meta` hooks and hands it module text; the prelude
/// (modules.js) answers resolve and fetch.
extension ScriptEngine {
    /// Fills the module loader's hooks with the prelude's `importHook(loader, specifier,
    /// referrer, attributes)` and `metaHook(key)`. Returns nil when modules work, or why they do
    /// not (another engine version, a layout that did not check out).
    public func installModuleHooks(importHook: JSObjectRef, metaHook: JSObjectRef) -> String? {
        guard let failure = wsjs_modules_install(UnsafeMutableRawPointer(context), UnsafeMutableRawPointer(importHook), UnsafeMutableRawPointer(metaHook)) else {
            moduleHooksInstalled = true
            return nil
        }
        return String(cString: failure)
    }

    /// Puts the original hooks back; the engine's deinit calls it.
    func uninstallModuleHooks() {
        if moduleHooksInstalled { wsjs_modules_uninstall(UnsafeMutableRawPointer(context)) }
    }

    /// The loader's fetch promise for module `text` at `url`: the engine's source object for it.
    public func provideModuleSource(_ text: JSValueRef, url: JSValueRef) -> JSValueRef? {
        guard let source = JSValueToStringCopy(context, text, nil) else { return nil }
        guard let urlString = JSValueToStringCopy(context, url, nil) else {
            JSStringRelease(source)
            return nil
        }
        defer {
            JSStringRelease(source)
            JSStringRelease(urlString)
        }
        guard let promise = wsjs_modules_provide(UnsafeMutableRawPointer(context), UnsafeMutableRawPointer(source), UnsafeMutableRawPointer(urlString)) else { return nil }
        return OpaquePointer(promise)
    }

    /// Why module text cannot be handed to the engine, if it cannot (checked on first use).
    public var moduleSourceFailure: String? {
        wsjs_modules_source_failure(UnsafeMutableRawPointer(context)).map { String(cString: $0) }
    }

    /// The `type` attribute the loader passes with a module request: 0 none, 2 webassembly,
    /// 3 json, -1 unknown.
    public func moduleAttributeType(_ parameters: JSValueRef) -> Int {
        Int(wsjs_modules_attribute_type(UnsafeMutableRawPointer(context), UnsafeRawPointer(parameters)))
    }

    /// Node's detection: true when `source` is not a classic script but parses as a module (it
    /// uses import or export declarations, import.meta or top-level await). Only sources that
    /// mention one of those words are parsed again.
    public func isModuleOnlySyntax(_ source: String, sourceURL: String) -> Bool {
        guard moduleHooksInstalled, source.contains("import") || source.contains("export") || source.contains("await") else { return false }
        if (try? checkSyntax(source, sourceURL: sourceURL)) != nil { return false }
        let text = JSStringRef.make(source)
        defer { JSStringRelease(text) }
        return wsjs_modules_parses_as_module(UnsafeMutableRawPointer(context), UnsafeMutableRawPointer(text)) == 1
    }
}
