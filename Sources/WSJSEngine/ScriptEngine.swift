// SPDX-License-Identifier: MIT
public import CJavaScriptCore
import CWSJSHostCalls
#if canImport(Glibc)
import Glibc
#endif

/// One JavaScriptCore global context and the helpers to talk to it.
///
/// `WSJSEngine` is the only module that imports JavaScriptCore; everything above it passes
/// `JSValueRef`s around as opaque handles and asks the engine to convert them.
///
/// The engine is not thread-safe: create it, use it and drop it on one thread (the runtime's
/// event loop). JavaScriptCore drains its microtask queue when the outermost API call returns,
/// so every `evaluate` or `call` made from outside JS is a complete HTML task followed by a
/// microtask checkpoint.
///
/// ```swift
/// let engine = ScriptEngine()
/// let value = try engine.evaluate("6 * 7", sourceURL: "answer.js")
/// print(engine.number(value))  // 42.0
/// ```
public final class ScriptEngine {
    /// The global context; valid for the engine's lifetime.
    public let context: JSGlobalContextRef
    /// The global object (`globalThis`).
    public let globalObject: JSObjectRef
    /// The watchdog that stops runaway scripts, if one is armed.
    var watchdog: ExecutionWatchdog?
    /// Host functions as direct functions (CWSJSHostCalls) when the library exports what they
    /// need; `WSJS_HOST_FUNCTIONS=api` keeps the C-API callbacks (to compare the two).
    let usesDirectHostFunctions: Bool
    /// True unless the environment says `WSJS_HOST_FUNCTIONS=api`.
    public static var directHostFunctionsByDefault: Bool {
        getenv("WSJS_HOST_FUNCTIONS").map { String(cString: $0) } != "api"
    }
    /// The direct functions made, and their closures, released when the engine goes.
    var directFunctions: [(function: JSObjectRef, box: Unmanaged<HostFunctionBox>)] = []
    /// True once the module loader's hooks are filled (ScriptEngine+Modules.swift).
    var moduleHooksInstalled = false
    /// Error constructors captured at start-up, so scripts that replace the globals cannot change
    /// which errors host functions throw.
    /// (Three fields, not a dictionary keyed by name: a `[String: …]` costs the Swift runtime a
    /// scan of every protocol conformance in the binary at start-up, to check `String: Hashable`.)
    let intrinsics: (error: JSObjectRef?, typeError: JSObjectRef?, rangeError: JSObjectRef?)
    /// The prelude's `DOMException`, used for host errors of kind `.domException`.
    public var domExceptionConstructor: JSObjectRef? {
        didSet {
            if let oldValue { JSValueUnprotect(context, oldValue) }
            if let domExceptionConstructor { JSValueProtect(context, domExceptionConstructor) }
        }
    }

    /// Creates a context with JavaScriptCore's default global object.
    ///
    /// A custom global class would make every global lookup about 100x slower (DESIGN.md), so the
    /// global stays the engine's own.
    /// - Parameter directHostFunctions: make host functions direct functions when the library
    ///   allows (the default, unless `WSJS_HOST_FUNCTIONS=api`); false keeps C-API callbacks.
    public init(name: String = "wsjs", directHostFunctions: Bool = ScriptEngine.directHostFunctionsByDefault) {
        EngineTuning.applyOnce()
        usesDirectHostFunctions = directHostFunctions && wsjs_direct_available()
        context = JSGlobalContextCreate(nil)
        globalObject = JSContextGetGlobalObject(context)
        let jsName = JSStringRef.make(name)
        JSGlobalContextSetName(context, jsName)
        JSStringRelease(jsName)
        func capture(_ context: JSGlobalContextRef, _ global: JSObjectRef, _ name: String) -> JSObjectRef? {
            let key = JSStringRef.make(name)
            defer { JSStringRelease(key) }
            guard let value = JSObjectGetProperty(context, global, key, nil), let object = JSValueToObject(context, value, nil) else { return nil }
            JSValueProtect(context, object)
            return object
        }
        intrinsics = (capture(context, globalObject, "Error"), capture(context, globalObject, "TypeError"), capture(context, globalObject, "RangeError"))
    }

    deinit {
        watchdog?.disarm(group: JSContextGetGroup(context))
        releaseDirectFunctions()
        uninstallModuleHooks()
        JSGlobalContextRelease(context)
    }

    // MARK: Running code

    /// Evaluates a classic script in the global scope.
    /// - Parameters:
    ///   - source: the script text.
    ///   - sourceURL: the name stack traces and syntax errors show (a path or URL).
    ///   - startingLine: the line number of the first line of `source`.
    /// - Returns: the completion value.
    /// - Throws: ``ScriptError`` holding the thrown value.
    @discardableResult
    public func evaluate(_ source: String, sourceURL: String, startingLine: Int = 1) throws(ScriptError) -> JSValueRef {
        try evaluate(JSStringRef.make(source), sourceURL: sourceURL, startingLine: startingLine)
    }

    /// Evaluates a classic script given as UTF-8 bytes (no trip through a Swift `String`).
    @discardableResult
    public func evaluate(utf8 source: UnsafeRawBufferPointer, sourceURL: String, startingLine: Int = 1) throws(ScriptError) -> JSValueRef {
        try evaluate(JSStringRef.make(utf8: source), sourceURL: sourceURL, startingLine: startingLine)
    }

    /// Evaluates `script` (a JSString this call releases).
    private func evaluate(_ script: JSStringRef, sourceURL: String, startingLine: Int) throws(ScriptError) -> JSValueRef {
        let url = JSStringRef.make(sourceURL)
        defer {
            JSStringRelease(script)
            JSStringRelease(url)
        }
        var exception: JSValueRef?
        let result = JSEvaluateScript(context, script, nil, url, Int32(startingLine), &exception)
        if let exception { throw ScriptError(engine: self, value: exception) }
        return result ?? undefined
    }

    /// Checks a script for syntax errors without running it.
    public func checkSyntax(_ source: String, sourceURL: String) throws(ScriptError) {
        let script = JSStringRef.make(source)
        let url = JSStringRef.make(sourceURL)
        defer {
            JSStringRelease(script)
            JSStringRelease(url)
        }
        var exception: JSValueRef?
        if !JSCheckScriptSyntax(context, script, url, 1, &exception), let exception {
            throw ScriptError(engine: self, value: exception)
        }
    }

    /// Calls a function with `this` set to `thisObject` (undefined when nil).
    @discardableResult
    public func call(_ function: JSObjectRef, this thisObject: JSObjectRef? = nil, _ arguments: [JSValueRef?] = []) throws(ScriptError) -> JSValueRef {
        var exception: JSValueRef?
        let result = arguments.withUnsafeBufferPointer { args in
            JSObjectCallAsFunction(context, function, thisObject, args.count, args.baseAddress, &exception)
        }
        if let exception { throw ScriptError(engine: self, value: exception) }
        return result ?? undefined
    }

    /// Calls a function with up to four arguments and `this` undefined, without allocating an
    /// argument array (the per-event entry points of the runtime use this).
    @discardableResult
    public func call(_ function: JSObjectRef, _ a: JSValueRef, _ b: JSValueRef, _ c: JSValueRef? = nil, _ d: JSValueRef? = nil) throws(ScriptError) -> JSValueRef {
        var exception: JSValueRef?
        let count = d != nil ? 4 : c != nil ? 3 : 2
        let result = withUnsafeTemporaryAllocation(of: JSValueRef?.self, capacity: 4) { args in
            args[0] = a
            args[1] = b
            args[2] = c
            args[3] = d
            return JSObjectCallAsFunction(context, function, nil, count, args.baseAddress, &exception)
        }
        if let exception { throw ScriptError(engine: self, value: exception) }
        return result ?? undefined
    }

    // MARK: Properties

    /// Reads `object[name]`; an exception in a getter becomes ``ScriptError``.
    public func property(_ object: JSObjectRef, _ name: String) throws(ScriptError) -> JSValueRef {
        let key = JSStringRef.make(name)
        defer { JSStringRelease(key) }
        var exception: JSValueRef?
        let value = JSObjectGetProperty(context, object, key, &exception)
        if let exception { throw ScriptError(engine: self, value: exception) }
        return value ?? undefined
    }

    /// Defines `object[name] = value` with the given attributes (default: a plain writable property).
    public func setProperty(_ object: JSObjectRef, _ name: String, _ value: JSValueRef, attributes: JSPropertyAttributes = 0) {
        let key = JSStringRef.make(name)
        defer { JSStringRelease(key) }
        JSObjectSetProperty(context, object, key, value, attributes, nil)
    }

    /// A new empty plain object.
    public func makeObject() -> JSObjectRef {
        JSObjectMake(context, nil, nil)
    }
}
