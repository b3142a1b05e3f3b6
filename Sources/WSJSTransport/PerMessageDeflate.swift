// SPDX-License-Identifier: MIT
import CompressNIO
import NIOCore

/// permessage-deflate (RFC 7692): the negotiated parameters, and one endpoint's compressor and
/// decompressor. Used by the client and by the loopback server (with the roles swapped).
struct PerMessageDeflate {
    /// The negotiated parameters (RFC 7692 §7.1).
    struct Parameters: Equatable, Sendable {
        var serverNoContextTakeover = false
        var clientNoContextTakeover = false
        var serverMaxWindowBits: Int?
        var clientMaxWindowBits: Int?

        /// The client's offer: the extension with `client_max_window_bits`, as browsers send it
        /// (the server may then limit our window).
        static let clientOffer = "permessage-deflate; client_max_window_bits"

        /// Parses one extension's parameters from a `Sec-WebSocket-Extensions` element (§7.1):
        /// no unknown or repeated parameters, window bits 8–15, flags without values.
        static func parse(_ element: Substring, allowClientMaxWindowBitsWithoutValue: Bool) -> Parameters? {
            var parts = element.split(separator: ";").map { $0.trimmed }
            guard parts.first == "permessage-deflate" else { return nil }
            parts.removeFirst()
            var result = Parameters()
            var seen = Set<String>()
            for part in parts {
                let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmed }
                let name = pieces[0]
                var value = pieces.count > 1 ? pieces[1] : nil
                if let quoted = value, quoted.hasPrefix("\""), quoted.hasSuffix("\""), quoted.count >= 2 {
                    value = String(quoted.dropFirst().dropLast())
                }
                guard seen.insert(name).inserted else { return nil }
                switch name {
                case "server_no_context_takeover":
                    guard value == nil else { return nil }
                    result.serverNoContextTakeover = true
                case "client_no_context_takeover":
                    guard value == nil else { return nil }
                    result.clientNoContextTakeover = true
                case "server_max_window_bits":
                    guard let bits = value.flatMap({ Int($0) }), (8...15).contains(bits) else { return nil }
                    result.serverMaxWindowBits = bits
                case "client_max_window_bits":
                    if let value {
                        guard let bits = Int(value), (8...15).contains(bits) else { return nil }
                        result.clientMaxWindowBits = bits
                    } else {
                        guard allowClientMaxWindowBitsWithoutValue else { return nil }
                        result.clientMaxWindowBits = 15
                    }
                default:
                    return nil
                }
            }
            return result
        }

        /// The server's answer to an offer it accepts, echoing the limits it applies.
        var responseHeader: String {
            var text = "permessage-deflate"
            if serverNoContextTakeover { text += "; server_no_context_takeover" }
            if clientNoContextTakeover { text += "; client_no_context_takeover" }
            return text
        }
    }

    enum Problem: Error {
        case corrupt
        case tooBig
    }

    private let compressor: any NIOCompressor
    private let decompressor: any NIODecompressor
    private let resetCompressorPerMessage: Bool
    private let resetDecompressorPerMessage: Bool
    /// False when our window would have to be 8 bits: zlib cannot make raw deflate streams with
    /// a 256-byte window, so messages then go out uncompressed (allowed by §6).
    let compressesOutgoing: Bool

    /// - Parameter isClient: which side this endpoint is: the client compresses under the
    ///   client_* parameters and decompresses under the server_* ones.
    init(parameters: Parameters, isClient: Bool) throws {
        let ownBits = isClient ? parameters.clientMaxWindowBits : parameters.serverMaxWindowBits
        compressesOutgoing = (ownBits ?? 15) >= 9
        let window = ZlibConfiguration.WindowSize(rawValue: Int32(max(9, ownBits ?? 15))) ?? .window128k
        compressor = CompressionAlgorithm.deflate(configuration: ZlibConfiguration(windowSize: window)).compressor
        // Inflating with the largest window accepts any window the peer used.
        decompressor = CompressionAlgorithm.deflate(configuration: ZlibConfiguration(windowSize: .window128k)).decompressor
        resetCompressorPerMessage = isClient ? parameters.clientNoContextTakeover : parameters.serverNoContextTakeover
        resetDecompressorPerMessage = isClient ? parameters.serverNoContextTakeover : parameters.clientNoContextTakeover
        try compressor.startStream()
        try decompressor.startStream()
    }

    /// The empty stored block that ends every compressed message (§7.2.1 removes it on send,
    /// §7.2.2 adds it back on receive).
    static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    /// Compresses one whole message (§7.2.1): deflate with a sync flush, minus the tail.
    func compress(_ payload: UnsafeRawBufferPointer, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        var input = allocator.buffer(capacity: payload.count)
        input.writeBytes(payload)
        var output = allocator.buffer(capacity: compressor.maxSize(from: input) + 16)
        // Room for deflateBound is reserved up front, so one pass is the rule; a few more are
        // allowed (each doubles the room), then it is an error rather than an endless loop.
        for pass in 0... {
            guard pass < 8 else { throw Problem.corrupt }
            do {
                try compressor.streamDeflate(from: &input, to: &output, flush: .sync)
                if input.readableBytes == 0 { break }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // Double the room (at least 64 bytes: an empty message still needs its flush block).
                output.reserveCapacity(minimumWritableBytes: max(output.capacity, 64))
            }
        }
        if output.readableBytes >= 4, output.getBytes(at: output.writerIndex - 4, length: 4) == Self.tail {
            output.moveWriterIndex(to: output.writerIndex - 4)
        }
        if resetCompressorPerMessage { try compressor.resetStream() }
        return output
    }

    /// Inflates one fragment's payload onto `message`, refusing to grow past `limit` bytes:
    /// zlib is never given much more room than the limit leaves, so a decompression bomb stops
    /// there instead of after it has been inflated.
    func decompress(_ fragment: ByteBuffer, into message: inout ByteBuffer, limit: Int) throws(Problem) {
        var input = fragment
        while true {
            let inputBefore = input.readableBytes
            let room = limit - message.readableBytes
            var chunk = ByteBufferAllocator().buffer(capacity: min(room + 1, max(16384, input.readableBytes * 4)))
            do {
                try decompressor.streamInflate(from: &input, to: &chunk)
            } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
                // The output space filled up, or all input was used: decided below.
            } catch {
                throw .corrupt
            }
            let filled = chunk.writableBytes == 0
            let produced = chunk.readableBytes
            message.writeBuffer(&chunk)
            guard message.readableBytes <= limit else { throw .tooBig }
            // Done when all input is used and zlib did not stop for lack of space.
            if input.readableBytes == 0, !filled { return }
            // Input left, yet zlib neither consumed nor produced anything (bytes after the end of
            // the deflate stream, found by fuzzing): the data is corrupt, not "try again".
            if input.readableBytes == inputBefore, produced == 0, !filled { throw .corrupt }
        }
    }

    /// Ends a compressed message: inflate the tail (§7.2.2), then reset if no context takeover.
    func finishMessage(into message: inout ByteBuffer, limit: Int) throws(Problem) {
        var tail = ByteBufferAllocator().buffer(capacity: 4)
        tail.writeBytes(Self.tail)
        try decompress(tail, into: &message, limit: limit)
        if resetDecompressorPerMessage {
            do { try decompressor.resetStream() } catch { throw .corrupt }
        }
    }
}
