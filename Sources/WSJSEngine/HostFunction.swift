// SPDX-License-Identifier: MIT
public import CJavaScriptCore

/// The body of a native function callable from JS: the receiver and the arguments in, a value (or
/// nil for undefined) out. Thrown ``HostError``s become JS exceptions of the named class.
public typealias HostFunctionBody = (_ engine: ScriptEngine, _ this: JSObjectRef?, _ arguments: UnsafeBufferPointer<JSValueRef?>) throws -> JSValueRef?

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

/// Holds a host function's closure as the private data of its JS object.
private final class HostFunctionBox {
    unowned let engine: ScriptEngine
    let body: HostFunctionBody

    init(engine: ScriptEngine, body: @escaping HostFunctionBody) {
        self.engine = engine
        self.body = body
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
        // Hold the VM's lock for the whole call (CJavaScriptCore/shim.h says why).
        var holder = WSJSLockHolder()
        return withUnsafeMutablePointer(to: &holder) { holder in
            let locked = wsjs_lock_acquire(holder, context)
            defer { if locked { wsjs_lock_release(holder) } }
            do {
                return try host.body(host.engine, thisObject, args) ?? JSValueMakeUndefined(context)
            } catch let error as ScriptError {
                exception?.pointee = error.value
            } catch let error as HostError {
                exception?.pointee = host.engine.makeError(error)
            } catch {
                exception?.pointee = host.engine.makeError(HostError(.error, "\(error)"))
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
    /// A native function object. It is meant for the private host-ops object the prelude
    /// receives: it is callable but, like every C-API callable object, has no `call`/`apply`.
    public func makeHostFunction(_ body: @escaping HostFunctionBody) -> JSObjectRef {
        let box = Unmanaged.passRetained(HostFunctionBox(engine: self, body: body))
        return JSObjectMake(context, hostFunctionClass, box.toOpaque())
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
