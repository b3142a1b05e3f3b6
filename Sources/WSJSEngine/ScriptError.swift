// SPDX-License-Identifier: MIT
public import CJavaScriptCore

/// A JavaScript exception caught at the boundary between JavaScriptCore and Swift.
///
/// The thrown value stays protected from garbage collection for as long as the error lives, so
/// the runtime can hand it back to JS (to dispatch an `error` event) or format it.
/// Like the engine, it belongs to the loop thread; `Sendable` only because Swift errors must be.
public final class ScriptError: Error, @unchecked Sendable {
    /// The engine the value belongs to; unowned because errors never outlive their engine.
    public unowned let engine: ScriptEngine
    /// The thrown value: usually an Error object, but any value can be thrown.
    public let value: JSValueRef

    init(engine: ScriptEngine, value: JSValueRef) {
        self.engine = engine
        self.value = value
        JSValueProtect(engine.context, value)
    }

    deinit {
        JSValueUnprotect(engine.context, value)
    }

    /// `name: message` for Error objects, `String(value)` otherwise.
    public var summary: String {
        engine.describeThrownValue(value)
    }

    /// True when the watchdog terminated the script (the value is JSC's termination exception).
    public var isTermination: Bool {
        engine.watchdog?.fired ?? false
    }
}

extension ScriptError: CustomStringConvertible {
    public var description: String {
        guard let object = engine.object(value), let stack = try? engine.property(object, "stack"), engine.isString(stack) else {
            return summary
        }
        return summary + "\n" + engine.string(stack)
    }
}

extension ScriptEngine {
    /// Text for a thrown value without running user code that could throw again: Error objects
    /// give `name: message`, primitives their string form.
    public func describeThrownValue(_ value: JSValueRef) -> String {
        if JSValueIsObject(context, value), let object = JSValueToObject(context, value, nil) {
            let name = (try? property(object, "name")).map { string($0) } ?? "Error"
            let message = (try? property(object, "message")).map { string($0) } ?? ""
            return message.isEmpty ? name : "\(name): \(message)"
        }
        return string(value)
    }
}
