// SPDX-License-Identifier: MIT
public import CJavaScriptCore

/// Text helpers for the host operations: JS strings to UTF-8 without a trip through Swift
/// `String`, and arrays.
extension ScriptEngine {
    /// The UTF-8 of `ToString(value)`, lone surrogates replaced by U+FFFD (USVString → UTF-8).
    public func utf8Bytes(of value: JSValueRef) -> [UInt8] {
        guard let jsString = JSValueToStringCopy(context, value, nil) else { return [] }
        defer { JSStringRelease(jsString) }
        let length = JSStringGetLength(jsString)
        guard length > 0, let characters = JSStringGetCharactersPtr(jsString) else { return [] }
        return UTF8Transcoding.utf8(fromUTF16: UnsafeBufferPointer(start: characters, count: length))
    }

    /// Calls `body` with the UTF-8 of `ToString(value)` (lone surrogates as U+FFFD), held in
    /// temporary memory (on the stack when small): the send path's encoder, no array allocated.
    /// Inlinable, so callers get it specialized: unspecialized, the temporary allocation looked
    /// up its generic metadata at run time on every text send.
    @inlinable
    public func withUTF8<Result>(of value: JSValueRef, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let jsString = JSValueToStringCopy(context, value, nil) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        defer { JSStringRelease(jsString) }
        let length = JSStringGetLength(jsString)
        guard length > 0, let characters = JSStringGetCharactersPtr(jsString) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try withUnsafeTemporaryAllocation(byteCount: length * 3, alignment: 1) { output in
            let written = UTF8Transcoding.encode(UnsafeBufferPointer(start: characters, count: length), into: output)
            return try body(UnsafeRawBufferPointer(rebasing: output[..<written]))
        }
    }

    /// The number of UTF-8 bytes `ToString(value)` encodes to (lone surrogates count as U+FFFD).
    public func utf8Length(of value: JSValueRef) -> Int {
        guard let jsString = JSValueToStringCopy(context, value, nil) else { return 0 }
        defer { JSStringRelease(jsString) }
        let length = JSStringGetLength(jsString)
        guard length > 0, let units = JSStringGetCharactersPtr(jsString) else { return 0 }
        var bytes = 0
        var index = 0
        while index < length {
            let unit = units[index]
            index += 1
            if unit < 0x80 {
                bytes += 1
            } else if unit < 0x800 {
                bytes += 2
            } else if unit & 0xFC00 == 0xD800, index < length, units[index] & 0xFC00 == 0xDC00 {
                bytes += 4
                index += 1
            } else {
                bytes += 3
            }
        }
        return bytes
    }

    /// TextEncoder.encodeInto: writes whole scalars of `source` into the Uint8Array `destination`
    /// until the next one does not fit; returns `[read (UTF-16 units), written (bytes)]`.
    public func encodeUTF8(_ source: JSValueRef, into destination: JSValueRef) throws -> JSValueRef {
        guard let jsString = JSValueToStringCopy(context, source, nil) else { throw HostError.typeError("source is not a string") }
        defer { JSStringRelease(jsString) }
        let length = JSStringGetLength(jsString)
        let units = UnsafeBufferPointer(start: JSStringGetCharactersPtr(jsString), count: length)
        let counts = withBufferSourceBytes(destination) { bytes -> (Int, Int) in
            let output = UnsafeMutableRawBufferPointer(mutating: bytes)
            var read = 0
            var written = 0
            while read < length {
                let unit = units[read]
                var scalar = UInt32(unit)
                var width = 1
                if unit & 0xFC00 == 0xD800, read + 1 < length, units[read + 1] & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((UInt32(unit) & 0x3FF) << 10) + (UInt32(units[read + 1]) & 0x3FF)
                    width = 2
                } else if unit & 0xF800 == 0xD800 {
                    scalar = 0xFFFD
                }
                let size = scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
                if written + size > output.count { break }
                switch size {
                case 1:
                    output[written] = UInt8(scalar)
                case 2:
                    output[written] = UInt8(0xC0 | (scalar >> 6))
                    output[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                case 3:
                    output[written] = UInt8(0xE0 | (scalar >> 12))
                    output[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    output[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                default:
                    output[written] = UInt8(0xF0 | (scalar >> 18))
                    output[written + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                    output[written + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    output[written + 3] = UInt8(0x80 | (scalar & 0x3F))
                }
                written += size
                read += width
            }
            return (read, written)
        } ?? (0, 0)
        return makeArray([makeNumber(Double(counts.0)), makeNumber(Double(counts.1))])
    }

    /// A new JS array of the given values.
    public func makeArray(_ values: [JSValueRef?]) -> JSObjectRef {
        values.withUnsafeBufferPointer { JSObjectMakeArray(context, $0.count, $0.baseAddress, nil) }
    }
}
