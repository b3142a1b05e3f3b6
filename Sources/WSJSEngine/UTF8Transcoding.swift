// SPDX-License-Identifier: MIT

/// UTF-8 ⇄ UTF-16 with the WHATWG Encoding Standard's error handling.
///
/// JS strings are UTF-16 and may hold lone surrogates; WebIDL's USVString conversion replaces each
/// with U+FFFD before encoding. Decoding replaces each maximal invalid subpart with U+FFFD, which is
/// what the Encoding Standard's UTF-8 decoder does (and what `TextDecoder` must show).
public enum UTF8Transcoding {
    /// The UTF-8 bytes of a UTF-16 sequence, lone surrogates encoded as U+FFFD (EF BF BD).
    public static func utf8(fromUTF16 units: UnsafeBufferPointer<UInt16>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: units.count * 3) { buffer, initialized in
            initialized = encode(units, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Writes the UTF-8 of `units` (lone surrogates as U+FFFD) into `output`, which must hold
    /// `3 * units.count` bytes, and returns the number of bytes written.
    public static func encode(_ units: UnsafeBufferPointer<UInt16>, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= units.count * 3, "UTF8Transcoding.encode: output too small")
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written = 0
        var index = 0
        let count = units.count
        while index < count {
            let unit = units[index]
            index += 1
            if unit < 0x80 {
                out[written] = UInt8(unit)
                written += 1
            } else if unit < 0x800 {
                out[written] = UInt8(0xC0 | (unit >> 6))
                out[written + 1] = UInt8(0x80 | (unit & 0x3F))
                written += 2
            } else if unit & 0xFC00 == 0xD800, index < count, units[index] & 0xFC00 == 0xDC00 {
                let scalar = 0x10000 + ((UInt32(unit) & 0x3FF) << 10) + (UInt32(units[index]) & 0x3FF)
                index += 1
                out[written] = UInt8(0xF0 | (scalar >> 18))
                out[written + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                out[written + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[written + 3] = UInt8(0x80 | (scalar & 0x3F))
                written += 4
            } else {
                // A lone surrogate (either half) is replaced, as USVString conversion requires.
                let scalar: UInt16 = unit & 0xF800 == 0xD800 ? 0xFFFD : unit
                out[written] = UInt8(0xE0 | (scalar >> 12))
                out[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                written += 3
            }
        }
        return written
    }

    /// The UTF-16 of UTF-8 bytes; each maximal invalid subpart becomes one U+FFFD.
    public static func utf16(fromUTF8 bytes: UnsafeRawBufferPointer) -> [UInt16] {
        var output = [UInt16]()
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                output.append(UInt16(lead))
                index += 1
                continue
            }
            let (scalar, consumed) = decodeMultiByte(bytes, at: index)
            index += consumed
            if let scalar, scalar >= 0x10000 {
                let value = scalar - 0x10000
                output.append(UInt16(0xD800 + (value >> 10)))
                output.append(UInt16(0xDC00 + (value & 0x3FF)))
            } else {
                output.append(UInt16(scalar ?? 0xFFFD))
            }
        }
        return output
    }

    /// True when `bytes` are well-formed UTF-8.
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let (scalar, consumed) = decodeMultiByte(bytes, at: index)
            if scalar == nil { return false }
            index += consumed
        }
        return true
    }

    /// How many bytes at the end of `bytes` start a sequence that is valid so far but incomplete:
    /// a streaming decoder keeps them for the next chunk instead of replacing them.
    public static func incompleteSuffixLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        var back = 1
        while back <= min(3, count) {
            let byte = bytes[count - back]
            if byte & 0xC0 != 0x80 {
                let needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard needed > back, byte >= 0xC2, byte <= 0xF4 else { return 0 }
                // The bytes present must be a valid prefix (e.g. E0 80 never becomes valid).
                let (_, consumed) = decodeMultiByte(UnsafeRawBufferPointer(rebasing: bytes[(count - back)...]), at: 0)
                return consumed == back ? back : 0
            }
            back += 1
        }
        return 0
    }

    /// Decodes one non-ASCII sequence at `index`: the scalar (nil if invalid) and the bytes it
    /// spans. An invalid sequence spans its maximal subpart, at least one byte.
    static func decodeMultiByte(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (UInt32?, Int) {
        let lead = bytes[index]
        let needed: Int
        var scalar: UInt32
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1; scalar = UInt32(lead & 0x1F)
        case 0xE0: needed = 2; scalar = UInt32(lead & 0x0F); lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2; scalar = UInt32(lead & 0x0F)
        case 0xED: needed = 2; scalar = UInt32(lead & 0x0F); upper = 0x9F
        case 0xF0: needed = 3; scalar = UInt32(lead & 0x07); lower = 0x90
        case 0xF1...0xF3: needed = 3; scalar = UInt32(lead & 0x07)
        case 0xF4: needed = 3; scalar = UInt32(lead & 0x07); upper = 0x8F
        default: return (nil, 1)
        }
        var consumed = 1
        while consumed <= needed {
            guard index + consumed < bytes.count else { return (nil, consumed) }
            let byte = bytes[index + consumed]
            guard byte >= lower, byte <= upper else { return (nil, consumed) }
            lower = 0x80
            upper = 0xBF
            scalar = (scalar << 6) | UInt32(byte & 0x3F)
            consumed += 1
        }
        return (scalar, consumed)
    }
}
