// SPDX-License-Identifier: MIT
@testable import WSJSWebAPI

/// DecompressionStream's zlib stream (ZlibStream) on arbitrary bytes: every step gives at most
/// the limit, the stream either ends cleanly or fails with a message (never a crash or an
/// endless loop), and what CompressionStream's side compresses comes back byte for byte.
enum DecompressFuzzTarget {
    /// The first byte picks the format, the output limit and how many pieces the rest is cut
    /// into; the rest is the compressed input.
    static func decompress(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let formats: [ZlibStream.Format] = [.gzip, .deflate, .deflateRaw]
        let format = formats[Int(first % 3)]
        let limit = [1, 100, 65536][Int(first / 3 % 3)]
        let pieces = 1 + Int(first >> 5)
        let body = Array(input.dropFirst())

        guard let stream = try? ZlibStream(mode: .decompress, format: format) else { preconditionFailure("zlib did not start") }
        // The output of a bomb grows ~1000-fold; the property is per step, so a megabyte is enough.
        var total = 0
        let size = max(1, (body.count + pieces - 1) / pieces)
        func drain(finish: Bool) throws -> Bool {
            while total < 1 << 20 {
                let output = try stream.pull(limit: limit, finish: finish)
                precondition(output.count <= limit, "a step gave \(output.count) bytes, more than the limit \(limit)")
                if output.isEmpty { return true }
                total += output.count
            }
            return false
        }
        do {
            for start in stride(from: 0, to: body.count, by: size) {
                try body[start..<min(start + size, body.count)].withUnsafeBytes { bytes in try stream.push(bytes) }
                guard try drain(finish: false) else { return }
            }
            _ = try drain(finish: true)
            precondition(stream.ended || total >= 1 << 20, "finishing succeeded without the end of the stream")
        } catch let failure as ZlibStream.Failure {
            precondition(!failure.message.isEmpty, "a failure without a message")
        } catch {
            preconditionFailure("an unexpected error: \(error)")
        }

        // The rest as plain data: compressed and decompressed in the same format, it comes back.
        guard let compressor = try? ZlibStream(mode: .compress, format: format),
              let decompressor = try? ZlibStream(mode: .decompress, format: format) else { preconditionFailure("zlib did not start") }
        do {
            var compressed: [UInt8] = []
            try body.withUnsafeBytes { bytes in try compressor.push(bytes) }
            while case let output = try compressor.pull(limit: 4096, finish: true), !output.isEmpty { compressed += output }
            var restored: [UInt8] = []
            try compressed.withUnsafeBytes { bytes in try decompressor.push(bytes) }
            while case let output = try decompressor.pull(limit: 4096, finish: true), !output.isEmpty { restored += output }
            precondition(restored == body, "the round trip changed the data")
        } catch {
            preconditionFailure("the round trip failed: \(error)")
        }
    }
}
