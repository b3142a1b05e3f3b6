// SPDX-License-Identifier: MIT
import NIOCore
@testable import WSJSTransport

/// permessage-deflate (RFC 7692) on its own: the inflater with its size limit, and the
/// compressor and inflater together.
enum DeflateFuzzTarget {
    /// The first byte picks the limit, context takeover and how the rest is cut into messages.
    /// Arbitrary bytes as compressed messages: each inflates to at most the limit or is refused
    /// (corrupt or too big), and a refused stream is not used again (a connection would fail).
    /// Then the rest as plain data (if any): compressed by a client and inflated by a server, twice over
    /// one context, it comes back byte for byte.
    static func deflate(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let limit = [64, 1024, 1 << 16][Int(first % 3)]
        var parameters = PerMessageDeflate.Parameters()
        parameters.serverNoContextTakeover = first & 0x04 != 0
        parameters.clientNoContextTakeover = first & 0x08 != 0
        let body = Array(input.dropFirst())
        let pieces = 1 + Int(first >> 4) % 4
        let allocator = ByteBufferAllocator()

        guard let receiver = try? PerMessageDeflate(parameters: parameters, isClient: true) else { return }
        let size = (body.count + pieces - 1) / max(pieces, 1)
        for start in stride(from: 0, to: body.count, by: max(size, 1)) {
            var message = allocator.buffer(capacity: 0)
            var fragment = allocator.buffer(capacity: size)
            fragment.writeBytes(body[start..<min(start + size, body.count)])
            do {
                try receiver.decompress(fragment, into: &message, limit: limit)
                try receiver.finishMessage(into: &message, limit: limit)
            } catch {
                precondition(message.readableBytes <= limit + 16384, "inflated far past the limit before refusing")
                break
            }
            precondition(message.readableBytes <= limit, "a message inflated past the limit was accepted")
        }

        // The connection sends empty messages uncompressed (a second sync flush with no input
        // is "no progress" to zlib), so the round trip is for non-empty data.
        guard !body.isEmpty,
              let client = try? PerMessageDeflate(parameters: parameters, isClient: true),
              let server = try? PerMessageDeflate(parameters: parameters, isClient: false) else { return }
        for _ in 0..<2 {
            let compressed = body.withUnsafeBytes { try? client.compress($0, allocator: allocator) }
            guard let compressed else { preconditionFailure("compressing failed") }
            var message = allocator.buffer(capacity: body.count)
            do {
                try server.decompress(compressed, into: &message, limit: body.count)
                try server.finishMessage(into: &message, limit: body.count)
            } catch {
                preconditionFailure("our own compressed message did not inflate: \(error)")
            }
            precondition(message.readableBytesView.elementsEqual(body), "the round trip changed the data")
        }
    }
}
