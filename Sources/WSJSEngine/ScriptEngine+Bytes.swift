// SPDX-License-Identifier: MIT
public import CJavaScriptCore

/// Reading and making ArrayBuffers and views.
extension ScriptEngine {
    /// The bytes a BufferSource designates: the whole ArrayBuffer, or exactly the view's window of
    /// its buffer (`JSObjectGetTypedArrayBytesPtr` points at the buffer's start, so the view's byte
    /// offset is added here). Detached buffers read as empty. Nil if `value` is neither.
    public func withBufferSourceBytes<Result>(_ value: JSValueRef, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        guard let object = object(value) else { return nil }
        switch JSValueGetTypedArrayType(context, value, nil) {
        case kJSTypedArrayTypeArrayBuffer:
            let length = JSObjectGetArrayBufferByteLength(context, object, nil)
            let base = JSObjectGetArrayBufferBytesPtr(context, object, nil)
            return try body(UnsafeRawBufferPointer(start: length == 0 ? nil : base, count: length))
        default:
            // DataView reports "none" as its typed-array type; any view has a buffer.
            guard let buffer = JSObjectGetTypedArrayBuffer(context, object, nil) else { return nil }
            let bufferLength = JSObjectGetArrayBufferByteLength(context, buffer, nil)
            let offset: Int
            let length: Int
            if JSValueGetTypedArrayType(context, value, nil) == kJSTypedArrayTypeNone {
                // The C API has no DataView accessors: read byteOffset/byteLength as properties,
                // which a script can redefine, so a throwing or lying getter reads as empty.
                let readOffset = (try? property(object, "byteOffset")).map { number($0) } ?? .nan
                let readLength = (try? property(object, "byteLength")).map { number($0) } ?? .nan
                guard readOffset >= 0, readLength >= 0, readOffset + readLength <= Double(bufferLength) else {
                    return try body(UnsafeRawBufferPointer(start: nil, count: 0))
                }
                offset = Int(readOffset)
                length = Int(readLength)
            } else {
                offset = JSObjectGetTypedArrayByteOffset(context, object, nil)
                length = JSObjectGetTypedArrayByteLength(context, object, nil)
            }
            guard length > 0, offset + length <= bufferLength, let base = JSObjectGetArrayBufferBytesPtr(context, buffer, nil) else {
                return try body(UnsafeRawBufferPointer(start: nil, count: 0))
            }
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
