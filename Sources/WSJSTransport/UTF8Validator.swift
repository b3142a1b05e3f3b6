// SPDX-License-Identifier: MIT

/// Incremental UTF-8 validation for text messages (RFC 6455 §8.1): a message may arrive in many
/// fragments and a scalar may be split between them, so the validator carries its state from
/// one chunk to the next and reports the first invalid byte as soon as it is seen.
public struct UTF8Validator: Sendable {
    /// Continuation bytes still expected for the current scalar.
    private var pending = 0
    /// The allowed range of the next continuation byte (narrower after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    public init() {}

    /// True when the bytes so far can still be (or are) valid UTF-8.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            if pending == 0 {
                // Fast path: eight ASCII bytes at a time.
                while index + 8 <= count, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: pending = 1
                case 0xE0: pending = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2
                case 0xED: pending = 2; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90
                case 0xF1...0xF3: pending = 3
                case 0xF4: pending = 3; upper = 0x8F
                default: return false
                }
            } else {
                let byte = bytes[index]
                index += 1
                guard byte >= lower, byte <= upper else { return false }
                lower = 0x80
                upper = 0xBF
                pending -= 1
            }
        }
        return true
    }

    /// True when the message may end here (no scalar is cut off).
    public var isComplete: Bool { pending == 0 }

    /// Starts a new message.
    public mutating func reset() {
        self = UTF8Validator()
    }
}
