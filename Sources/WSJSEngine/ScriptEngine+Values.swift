// SPDX-License-Identifier: MIT
public import CJavaScriptCore
#if canImport(Glibc)
import Glibc
#endif

/// Conversions between Swift values and JS values. Strings cross as UTF-16, never through
/// `JSStringGetUTF8CString`, which silently truncates at a lone surrogate (DESIGN.md).
extension ScriptEngine {
    public var undefined: JSValueRef { JSValueMakeUndefined(context) }
    public var null: JSValueRef { JSValueMakeNull(context) }

    public func makeNumber(_ number: Double) -> JSValueRef { JSValueMakeNumber(context, number) }
    public func makeBoolean(_ flag: Bool) -> JSValueRef { JSValueMakeBoolean(context, flag) }

    public func makeString(_ string: String) -> JSValueRef {
        let jsString = JSStringRef.make(string)
        defer { JSStringRelease(jsString) }
        return JSValueMakeString(context, jsString)
    }

    /// A JS string from UTF-8 bytes; invalid sequences become U+FFFD (WHATWG "UTF-8 decode").
    public func makeString(utf8 bytes: UnsafeRawBufferPointer) -> JSValueRef {
        let jsString = JSStringRef.make(utf8: bytes)
        defer { JSStringRelease(jsString) }
        return JSValueMakeString(context, jsString)
    }

    /// A JS string from bytes known to be valid UTF-8 (a WebSocket text message, checked as it
    /// arrived). Without NUL bytes, JavaScriptCore's own decoder does the work and keeps ASCII
    /// as an 8-bit string (half the memory; faster comparisons with literals, which are 8-bit).
    public func makeString(validUTF8 bytes: UnsafeRawBufferPointer) -> JSValueRef {
        let count = bytes.count
        guard count > 0, count < 1 << 20, memchr(bytes.baseAddress!, 0, count) == nil else { return makeString(utf8: bytes) }
        let jsString = withUnsafeTemporaryAllocation(byteCount: count + 1, alignment: 1) { buffer -> JSStringRef in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count)
            buffer[count] = 0
            return JSStringCreateWithUTF8CString(buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        defer { JSStringRelease(jsString) }
        return JSValueMakeString(context, jsString)
    }

    /// `ToString(value)` as a Swift string; lone surrogates become U+FFFD, which is exactly
    /// WebIDL's USVString conversion. Returns "" if the conversion throws.
    public func string(_ value: JSValueRef) -> String {
        guard let jsString = JSValueToStringCopy(context, value, nil) else { return "" }
        defer { JSStringRelease(jsString) }
        return jsString.swiftString
    }

    /// `ToNumber(value)`; NaN if the conversion throws.
    public func number(_ value: JSValueRef) -> Double {
        JSValueToNumber(context, value, nil)
    }

    public func boolean(_ value: JSValueRef) -> Bool {
        JSValueToBoolean(context, value)
    }

    public func isUndefined(_ value: JSValueRef) -> Bool { JSValueIsUndefined(context, value) }
    public func isString(_ value: JSValueRef) -> Bool { JSValueIsString(context, value) }
    public func isObject(_ value: JSValueRef) -> Bool { JSValueIsObject(context, value) }

    /// The value as an object, or nil for primitives.
    public func object(_ value: JSValueRef) -> JSObjectRef? {
        JSValueIsObject(context, value) ? JSValueToObject(context, value, nil) : nil
    }

    /// `object[index]` (undefined when it throws).
    public func element(_ object: JSObjectRef, _ index: Int) -> JSValueRef {
        JSObjectGetPropertyAtIndex(context, object, UInt32(clamping: index), nil) ?? JSValueMakeUndefined(context)
    }

    /// Keeps `value` alive across garbage collections until ``unprotect(_:)``.
    public func protect(_ value: JSValueRef) { JSValueProtect(context, value) }
    public func unprotect(_ value: JSValueRef) { JSValueUnprotect(context, value) }
}

extension JSStringRef {
    /// A new JSString (caller releases) holding the UTF-16 of `string`.
    static func make(_ string: String) -> JSStringRef {
        let units = Array(string.utf16)
        return units.withUnsafeBufferPointer { JSStringCreateWithCharacters($0.baseAddress, $0.count) }
    }

    /// A new JSString decoded from UTF-8, replacing each maximal invalid subpart with U+FFFD.
    static func make(utf8 bytes: UnsafeRawBufferPointer) -> JSStringRef {
        let units = UTF8Transcoding.utf16(fromUTF8: bytes)
        return units.withUnsafeBufferPointer { JSStringCreateWithCharacters($0.baseAddress, $0.count) }
    }

    /// The string's UTF-16 decoded into Swift, lone surrogates replaced with U+FFFD.
    var swiftString: String {
        let length = JSStringGetLength(self)
        guard length > 0, let characters = JSStringGetCharactersPtr(self) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: characters, count: length), as: UTF16.self)
    }
}
