// SPDX-License-Identifier: MIT
public import CJavaScriptCore

/// Reading and making ArrayBuffers and views.
extension ScriptEngine {
    /// The bytes a BufferSource designates: the whole ArrayBuffer, or exactly the view's window of
    /// its buffer (`JSObjectGetTypedArrayBytesPtr` points at the buffer's start, so the view's byte
    /// offset is added here). Detached buffers read as empty. Nil if `value` is neither.
    public func withBufferSourceBytes<Result>(_ value: JSValueRef, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        // One type query decides the path; it answers "none" for primitives, plain objects and
        // DataViews. (The send path runs this per call, so it keeps the C-API calls few.)
        let type = JSValueGetTypedArrayType(context, value, nil)
        switch type {
        case kJSTypedArrayTypeArrayBuffer:
            let object: JSObjectRef = value
            let length = JSObjectGetArrayBufferByteLength(context, object, nil)
            guard length > 0, let base = JSObjectGetArrayBufferBytesPtr(context, object, nil) else {
                return try body(UnsafeRawBufferPointer(start: nil, count: 0))
            }
            return try body(UnsafeRawBufferPointer(start: base, count: length))
        case kJSTypedArrayTypeNone:
            // A DataView (or not a BufferSource at all).
            guard let object = object(value), let buffer = JSObjectGetTypedArrayBuffer(context, object, nil) else { return nil }
            let bufferLength = JSObjectGetArrayBufferByteLength(context, buffer, nil)
            // The C API has no DataView accessors: read byteOffset/byteLength as properties,
            // which a script can redefine, so a throwing or lying getter reads as empty.
            let readOffset = (try? property(object, "byteOffset")).map { number($0) } ?? .nan
            let readLength = (try? property(object, "byteLength")).map { number($0) } ?? .nan
            guard readOffset >= 0, readLength > 0, readOffset + readLength <= Double(bufferLength),
                  let base = JSObjectGetArrayBufferBytesPtr(context, buffer, nil) else {
                return try body(UnsafeRawBufferPointer(start: nil, count: 0))
            }
            return try body(UnsafeRawBufferPointer(start: base + Int(readOffset), count: Int(readLength)))
        default:
            // A typed array: JSC keeps its window inside its buffer (a detached one reads as 0).
            // The bytes pointer is the buffer's start, so the view's offset is added here.
            let object: JSObjectRef = value
            let length = JSObjectGetTypedArrayByteLength(context, object, nil)
            guard length > 0, let base = JSObjectGetTypedArrayBytesPtr(context, object, nil) else {
                return try body(UnsafeRawBufferPointer(start: nil, count: 0))
            }
            let offset = JSObjectGetTypedArrayByteOffset(context, object, nil)
            return try body(UnsafeRawBufferPointer(start: base + offset, count: length))
        }
    }

    /// A new ArrayBuffer holding a copy of `bytes`.
    public func makeArrayBuffer(copying bytes: UnsafeRawBufferPointer) -> JSObjectRef {
        let count = bytes.count
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        if count > 0 { storage.copyMemory(from: bytes.baseAddress!, byteCount: count) }
        return JSObjectMakeArrayBufferWithBytesNoCopy(context, storage, count, { bytes, _ in
            bytes?.deallocate()
        }, nil, nil)
    }

    /// A new Uint8Array over a fresh buffer holding a copy of `bytes`.
    public func makeUint8Array(copying bytes: UnsafeRawBufferPointer) -> JSObjectRef {
        let buffer = makeArrayBuffer(copying: bytes)
        return JSObjectMakeTypedArrayWithArrayBuffer(context, kJSTypedArrayTypeUint8Array, buffer, nil)
    }
}
