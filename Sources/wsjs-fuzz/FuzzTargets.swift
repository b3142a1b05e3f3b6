// SPDX-License-Identifier: MIT
import NIOCore
import NIOEmbedded
@testable import WSJSTransport

/// The fuzz targets (scripts/fuzz): each takes arbitrary bytes, must never crash, hang or grow
/// without bound, and checks a property that must hold for every input.
enum FuzzTargets {
    static let all: [String: @Sendable (UnsafeRawBufferPointer) -> Void] = [
        "frames": frames,
        "handshake": handshake,
        "utf8": utf8,
        "deflate": DeflateFuzzTarget.deflate,
        "url": URLFuzzTarget.url,
        "decompress": DecompressFuzzTarget.decompress,
        "server-frames": ServerFramesFuzzTarget.serverFrames,
    ]

    /// The client after a valid handshake, fed the input as the server's bytes: the frame
    /// decoder, every frame rule, reassembly, UTF-8 checks and (when the first byte is odd)
    /// permessage-deflate's inflater with a small message limit. Afterwards the connection is
    /// either still open with nothing failed, or it reported at most one failure and one close.
    static func frames(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let deflate = first & 1 == 1
        var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        if deflate { response += "Sec-WebSocket-Extensions: permessage-deflate\r\n" }
        response += "\r\n"
        var configuration = WebSocketClientConfiguration()
        configuration.maxMessageSize = 1 << 16
        configuration.permessageDeflate = deflate
        run(Array(response.utf8) + Array(input.dropFirst()), configuration: configuration)
    }

    /// The input as the server's whole handshake response (and whatever follows it).
    static func handshake(_ input: UnsafeRawBufferPointer) {
        var configuration = WebSocketClientConfiguration()
        configuration.subprotocols = ["chat", "superchat"]
        configuration.maxHandshakeHeaderSize = 4096
        // The trace of the response head (masking included) runs on every parsed head.
        configuration.traceFrames = true
        run(Array(input), configuration: configuration)
    }

    /// The incremental validator agrees with the standard library's whole-input check, however
    /// the input is split.
    static func utf8(_ input: UnsafeRawBufferPointer) {
        guard let first = input.first else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: input.dropFirst())
        let split = bytes.isEmpty ? 0 : Int(first) % (bytes.count + 1)
        var validator = UTF8Validator()
        let valid = validator.validate(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
            && validator.validate(UnsafeRawBufferPointer(rebasing: bytes[split...]))
            && validator.isComplete
        let reference = String(validating: bytes, as: UTF8.self) != nil
        precondition(valid == reference, "UTF8Validator disagrees with the standard library")
    }

    private static func run(_ bytes: [UInt8], configuration: WebSocketClientConfiguration) {
        let channel = EmbeddedChannel()
        let delegate = CountingDelegate()
        guard let connection = try? WebSocketConnection.attach(
            to: channel, endpoint: WebSocketEndpoint(host: "example.com"), configuration: configuration,
            delegate: delegate, key: "dGhlIHNhbXBsZSBub25jZQ==") else { return }
        _ = try? channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        // In two pieces, so state carried across reads is exercised too.
        let half = bytes.count / 2
        for piece in [bytes[..<half], bytes[half...]] where channel.isActive {
            var buffer = channel.allocator.buffer(capacity: piece.count)
            buffer.writeBytes(piece)
            _ = try? channel.writeInbound(buffer)
            channel.embeddedEventLoop.run()
        }
        if channel.isActive { _ = try? channel.close().wait() }
        channel.embeddedEventLoop.run()
        precondition(delegate.failures <= 1, "a connection failed more than once")
        precondition(delegate.closes == 1, "a connection must close exactly once (closed \(delegate.closes) times)")
        precondition(delegate.eventsAfterClose == 0, "events after close")
        withExtendedLifetime(connection) {}
    }
}

/// Counts a connection's events for the frame and handshake targets' checks.
final class CountingDelegate: WebSocketConnectionDelegate {
    var failures = 0
    var closes = 0
    var eventsAfterClose = 0

    func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String) { note() }
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        note()
        if case .text(let buffer) = message {
            precondition(buffer.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) != nil }, "invalid UTF-8 delivered as text")
        }
    }
    func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int) {}
    func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError) {
        note()
        failures += 1
    }
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool) {
        note()
        closes += 1
    }
    private func note() { if closes > 0 { eventsAfterClose += 1 } }
}
