// SPDX-License-Identifier: MIT
import NIOCore
import NIOEmbedded
@testable import WSJSTransport

/// The server's side (`wsjs serve`, the built-in echo server, the test server): after a valid
/// opening handshake the input is fed as the client's bytes, so NIO's frame decoder, every rule
/// of ``ServerFrameRules``, reassembly, UTF-8 checks and (when the first byte is odd)
/// permessage-deflate's inflater run with a small message limit. Whatever the input, the server
/// sends at most one Close frame, and nothing after it.
enum ServerFramesFuzzTarget {
    static let request = "GET / HTTP/1.1\r\nHost: fuzz\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

    static func serverFrames(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        var head = request
        if first & 1 == 1 { head += "Sec-WebSocket-Extensions: permessage-deflate\r\n" }
        head += "\r\n"
        var configuration = WebSocketServer.Configuration()
        configuration.maxMessageSize = 1 << 16
        configuration.maxFrameSize = 1 << 16
        let channel = EmbeddedChannel()
        do {
            try channel.pipeline.syncOperations.addHandler(ServerHandshakeHandler(configuration: configuration))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
            var buffer = channel.allocator.buffer(capacity: head.utf8.count + input.count)
            buffer.writeString(head)
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: input.dropFirst()))
            try channel.writeInbound(buffer)
            channel.embeddedEventLoop.run()
        } catch {
            // A decoder error is reported through the pipeline; reaching here is fine too.
        }
        var written: [UInt8] = []
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { written += buffer.readableBytesView }
        // Skip the 101 response, then walk the server's frames.
        guard let end = written.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else {
            preconditionFailure("the server did not answer a valid handshake")
        }
        var index = end
        var closes = 0
        while index + 2 <= written.count {
            precondition(closes == 0, "the server wrote a frame after its Close frame")
            if written[index] & 0x0F == 0x8 { closes += 1 }
            var length = Int(written[index + 1] & 0x7F)
            var start = index + 2
            if length == 126 {
                length = Int(written[index + 2]) << 8 | Int(written[index + 3])
                start = index + 4
            } else if length == 127 {
                length = written[(index + 2)..<(index + 10)].reduce(0) { $0 << 8 | Int($1) }
                start = index + 10
            }
            index = start + length
        }
        _ = try? channel.finish()
    }
}
