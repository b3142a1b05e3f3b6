// SPDX-License-Identifier: MIT
import Testing
@testable import WSJSEngine

/// UTF-8 ⇄ UTF-16 with the Encoding Standard's replacement rules.
@Suite struct UTF8TranscodingTests {
    func decode(_ bytes: [UInt8]) -> [UInt16] {
        bytes.withUnsafeBytes { UTF8Transcoding.utf16(fromUTF8: $0) }
    }

    func encode(_ units: [UInt16]) -> [UInt8] {
        units.withUnsafeBufferPointer { UTF8Transcoding.utf8(fromUTF16: $0) }
    }

    @Test func encodesEveryLengthAndReplacesLoneSurrogates() {
        #expect(encode([0x41, 0xE9, 0x20AC, 0xD83D, 0xDE00]) == [0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80])
        #expect(encode([0xD800]) == [0xEF, 0xBF, 0xBD])
        #expect(encode([0xDC00, 0xD800]) == [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD])
    }

    @Test func decodesAndReplacesMaximalSubparts() {
        #expect(decode([0x61, 0xF0, 0x9F, 0x98, 0x80]) == [0x61, 0xD83D, 0xDE00])
        #expect(decode([0xC0, 0x80]) == [0xFFFD, 0xFFFD], "overlong lead is one byte each")
        #expect(decode([0xE0, 0x80, 0x41]) == [0xFFFD, 0xFFFD, 0x41])
        #expect(decode([0xE2, 0x82]) == [0xFFFD], "a truncated sequence is one replacement")
        #expect(decode([0xF4, 0x90, 0x80, 0x80]) == [0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD])
        #expect(decode([0xED, 0xA0, 0x80]) == [0xFFFD, 0xFFFD, 0xFFFD], "encoded surrogates are invalid")
    }

    @Test func validatesWellFormedness() {
        let valid: [UInt8] = [0x68, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80]
        #expect(valid.withUnsafeBytes { UTF8Transcoding.isValidUTF8($0) })
        for invalid: [UInt8] in [[0x80], [0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]] {
            #expect(!invalid.withUnsafeBytes { UTF8Transcoding.isValidUTF8($0) }, "\(invalid)")
        }
    }

    @Test func findsTheIncompleteTailForStreaming() {
        func tail(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { UTF8Transcoding.incompleteSuffixLength($0) } }
        #expect(tail([0x61, 0xE2, 0x82]) == 2)
        #expect(tail([0x61, 0xF0]) == 1)
        #expect(tail([0x61, 0xE2, 0x82, 0xAC]) == 0, "complete")
        #expect(tail([0x61, 0xE0, 0x80]) == 0, "E0 80 can never complete: not held back")
        #expect(tail([0x80]) == 0)
        #expect(tail([]) == 0)
    }
}
