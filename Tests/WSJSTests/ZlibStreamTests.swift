// SPDX-License-Identifier: MIT
import Testing
@testable import WSJSWebAPI

/// The zlib stream behind CompressionStream and DecompressionStream: round trips in each format,
/// output bounded per step whatever the input expands to, and the failures the streams turn into
/// TypeErrors (corrupt, truncated, data after the end).
@Suite struct ZlibStreamTests {
    static func run(_ stream: ZlibStream, _ input: [UInt8], limit: Int = 65536) throws -> [UInt8] {
        var output: [UInt8] = []
        try input.withUnsafeBytes { bytes in try stream.push(bytes) }
        while case let piece = try stream.pull(limit: limit, finish: true), !piece.isEmpty {
            #expect(piece.count <= limit)
            output += piece
        }
        return output
    }

    @Test(arguments: [ZlibStream.Format.gzip, .deflate, .deflateRaw])
    func roundTrip(format: ZlibStream.Format) throws {
        let text = Array(String(repeating: "compression streams ", count: 500).utf8)
        let compressed = try Self.run(ZlibStream(mode: .compress, format: format), text)
        #expect(compressed.count < text.count / 10)
        let restored = try Self.run(ZlibStream(mode: .decompress, format: format), compressed, limit: 1000)
        #expect(restored == text)
    }

    @Test func aBombInflatesOnePieceAtATime() throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let bomb = try Self.run(ZlibStream(mode: .compress, format: .gzip), zeros)
        let stream = try ZlibStream(mode: .decompress, format: .gzip)
        try bomb.withUnsafeBytes { bytes in try stream.push(bytes) }
        // Each step gives exactly the limit while more is pending; nothing is made ahead.
        for _ in 0..<4 {
            #expect(try stream.pull(limit: 4096, finish: false).count == 4096)
        }
        #expect(!stream.ended)
    }

    @Test func badInputFailsWithAMessage() throws {
        let gzip = try Self.run(ZlibStream(mode: .compress, format: .gzip), Array("hello".utf8))
        let cases: [(String, ZlibStream.Format, [UInt8])] = [
            ("corrupt", .gzip, [1, 2, 3, 4, 5, 6, 7, 8]),
            ("truncated", .gzip, Array(gzip.dropLast(4))),
            ("after the end", .gzip, gzip + [0]),
            ("wrong format", .deflate, gzip),
            ("empty", .deflateRaw, []),
        ]
        for (label, format, input) in cases {
            #expect(throws: ZlibStream.Failure.self, "\(label)") { try Self.run(ZlibStream(mode: .decompress, format: format), input) }
        }
    }
}
