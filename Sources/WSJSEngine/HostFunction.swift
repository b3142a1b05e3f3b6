// SPDX-License-Identifier: MIT
public import CJavaScriptCore
import CWSJSHostCalls

/// The body of a native function callable from JS: the arguments in, a value (or nil for
/// undefined) out. Thrown ``HostError``s become JS exceptions of the named class. The receiver
/// is not passed: host functions are operations of the private host object or plain functions.
public typealias HostFunctionBody = (_ engine: ScriptEngine, _ arguments: UnsafeBufferPointer<JSValueRef?>) throws -> JSValueRef?

/// An error a host function raises into JS, tagged with the JS class to construct.
public struct HostError: Error {
    public enum Kind: Sendable, Equatable {
        case error, typeError, rangeError
        /// A `DOMException` with this name (e.g. "InvalidStateError").
        case domException(String)
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func typeError(_ message: String) -> HostError { HostError(.typeError, message) }
}

/// Holds a host function's closure: the private data of a C-API function object, or what the
/// direct function's table entry points to.
final class HostFunctionBox {
    unowned let engine: ScriptEngine
    let body: HostFunctionBody

    init(engine: ScriptEngine, body: @escaping HostFunctionBody) {
        self.engine = engine
        self.body = body
    }
}

/// What every direct host function runs (CWSJSHostCalls): the box's closure, with the VM's lock
/// already held by the caller; an error is raised in the VM and the result is then empty (0).
private let directHandler: wsjs_direct_handler = { box, globalObject, arguments, count in
    let host = Unmanaged<HostFunctionBox>.fromOpaque(box!).takeUnretainedValue()
    // The frame's argument registers are encoded JSValues, which is what JSValueRefs are on
    // 64-bit platforms.
    let args = UnsafeBufferPointer(start: UnsafeRawPointer(arguments)?.assumingMemoryBound(to: JSValueRef?.self), count: Int(count))
    do {
        let result = try host.body(host.engine, args) ?? JSValueMakeUndefined(host.engine.context)
        return Int64(Int(bitPattern: result))
    } catch {
        let value = host.engine.exceptionValue(for: error)
        wsjs_direct_throw(UnsafeMutableRawPointer(JSContextGetGroup(host.engine.context)), globalObject, UnsafeRawPointer(value))
        return 0
    }
}

/// Runs `body` holding the VM's lock of `context` (a JSC::JSLockHolder); `body` learns whether
/// the lock could be taken (the library may lack the holder's symbols, shim.h).
private func withVMLock<Result>(_ context: JSContextRef?, _ body: (_ locked: Bool) -> Result) -> Result {
    var holder = WSJSLockHolder()
    return withUnsafeMutablePointer(to: &holder) { holder in
        let locked = wsjs_lock_acquire(holder, context)
        defer { if locked { wsjs_lock_release(holder) } }
        return body(locked)
    }
}

/// One JSClass for every host function (STYLE.md §9: one class per kind, data in private data).
nonisolated(unsafe) private let hostFunctionClass: JSClassRef = {
    var definition = kJSClassDefinitionEmpty
    definition.className = staticClassName
    definition.attributes = JSClassAttributes(kJSClassAttributeNoAutomaticPrototype)
    definition.callAsFunction = { context, function, thisObject, argumentCount, arguments, exception in
        guard let function, let box = JSObjectGetPrivate(function) else { return nil }
        let host = Unmanaged<HostFunctionBox>.fromOpaque(box).takeUnretainedValue()
        let args = UnsafeBufferPointer(start: arguments, count: argumentCount)
        // Hold the VM's lock for the whole call (CJavaScriptCore/shim.h says why); without
        // the library's lock holder the call runs as before.
        return withVMLock(context) { _ in
            do {
                return try host.body(host.engine, args) ?? JSValueMakeUndefined(context)
            } catch {
                exception?.pointee = host.engine.exceptionValue(for: error)
            }
            return nil
        }
    }
    definition.finalize = { object in
        guard let box = JSObjectGetPrivate(object) else { return }
        Unmanaged<HostFunctionBox>.fromOpaque(box).release()
    }
    return JSClassCreate(&definition)
}()

nonisolated(unsafe) private let staticClassName: UnsafePointer<CChar> = {
    let name = "HostFunction"
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: name.utf8.count + 1)
    name.withCString { pointer.initialize(from: $0, count: name.utf8.count + 1) }
    return UnsafePointer(pointer)
}()

extension ScriptEngine {
    /// A native function object: a direct host function (a real JS function JavaScriptCore
    /// calls like its built-ins, CWSJSHostCalls) where the library allows, else a C-API
    /// callable object, which has no `call`/`apply`. The prelude's host operations are these.
    public func makeHostFunction(_ body: @escaping HostFunctionBody) -> JSObjectRef {
        let box = Unmanaged.passRetained(HostFunctionBox(engine: self, body: body))
        if usesDirectHostFunctions, let function = makeDirectFunction(box) {
            directFunctions.append((function, box))
            return function
        }
        return JSObjectMake(context, hostFunctionClass, box.toOpaque())
    }

    private func makeDirectFunction(_ box: Unmanaged<HostFunctionBox>) -> JSObjectRef? {
        // JSFunction::create needs the VM's lock, which C-API calls take for themselves.
        withVMLock(context) { locked in
            guard locked else { return nil }
            let vm = UnsafeMutableRawPointer(JSContextGetGroup(context))
            return wsjs_direct_function_create(vm, UnsafeMutableRawPointer(context), directHandler, box.toOpaque())
                .map { JSObjectRef($0) }
        }
    }

    /// Forgets this engine's direct functions and releases their closures (from deinit).
    func releaseDirectFunctions() {
        for (function, box) in directFunctions {
            wsjs_direct_function_forget(UnsafeMutableRawPointer(function), box.toOpaque())
            box.release()
        }
        directFunctions.removeAll()
    }

    /// The JS value a host function's error raises: a ScriptError's own value, a HostError's
    /// class, or an Error with the description of anything else.
    func exceptionValue(for error: any Error) -> JSValueRef {
        switch error {
        case let error as ScriptError: error.value
        case let error as HostError: makeError(error)
        default: makeError(HostError(.error, "\(error)"))
        }
    }

    /// Builds the JS error object for a host error; DOMExceptions use the constructor the Web API
    /// layer registered, falling back to a plain Error that carries the name.
    public func makeError(_ error: HostError) -> JSValueRef {
        let message = makeString(error.message)
        let constructor: JSObjectRef?
        switch error.kind {
        case .error: constructor = intrinsics.error
        case .typeError: constructor = intrinsics.typeError
        case .rangeError: constructor = intrinsics.rangeError
        case .domException(let name):
            if let domException = domExceptionConstructor {
                var exception: JSValueRef?
                let args: [JSValueRef?] = [message, makeString(name)]
                if let made = JSObjectCallAsConstructor(context, domException, 2, args, &exception) { return made }
            }
            constructor = intrinsics.error
        }
        guard let constructor else { return message }
        let args: [JSValueRef?] = [message]
        return JSObjectCallAsConstructor(context, constructor, 1, args, nil) ?? message
    }
}
