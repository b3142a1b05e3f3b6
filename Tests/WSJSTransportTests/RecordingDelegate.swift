// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOCore
@testable import WSJSTransport

extension RecordingDelegate {
    /// Connects to `endpoint` on `loop` and waits (at most 20 s) until the connection has closed.
    func run(to endpoint: WebSocketEndpoint, configuration: WebSocketClientConfiguration = WebSocketClientConfiguration(), on loop: any EventLoop) async throws {
        try await loop.submit {
            _ = WebSocketConnection.connect(to: endpoint, configuration: configuration, on: loop, delegate: self)
        }.get()
        let timeout = loop.scheduleTask(in: .seconds(20)) { self.closed?.fail(ChannelError.connectTimeout(.seconds(20))) }
        try await closed!.futureResult.get()
        timeout.cancel()
    }
}

/// Records a connection's events in order, as strings tests can compare.
final class RecordingDelegate: WebSocketConnectionDelegate, @unchecked Sendable {
    private let lock = NIOLock()
    private var _events: [String] = []
    private var _written = 0
    let closed: EventLoopPromise<Void>?
    /// Optional reactions, called on the connection's loop after the event is recorded.
    var onOpen: ((WebSocketConnection) -> Void)?
    var onMessage: ((WebSocketConnection, WebSocketMessage) -> Void)?
    var onWrite: ((Int) -> Void)?

    init(closed: EventLoopPromise<Void>? = nil) {
        self.closed = closed
    }

    var events: [String] { lock.withLock { _events } }
    var written: Int { lock.withLock { _written } }

    private func record(_ event: String) {
        lock.withLock { _events.append(event) }
    }

    private var _extensions = ""
    var extensions: String { lock.withLock { _extensions } }

    func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String) {
        lock.withLock { _extensions = extensions }
        record("open \(subprotocol)")
        onOpen?(connection)
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        switch message {
        case .text(let buffer): record("text \(String(buffer: buffer))")
        case .binary(let buffer): record(buffer.readableBytes > 64 ? "binary \(buffer.readableBytes) bytes" : "binary \(Array(buffer.readableBytesView))")
        }
        onMessage?(connection, message)
    }

    func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int) {
        lock.withLock { _written += bytes }
        onWrite?(bytes)
    }

    /// How often the server started the closing handshake (kept out of `events`).
    private var _closingStarted = 0
    var closingStarted: Int { lock.withLock { _closingStarted } }

    func webSocketDidStartClosing(_ connection: WebSocketConnection) {
        lock.withLock { _closingStarted += 1 }
    }

    func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError) {
        record("fail \(error.closeCode.map(String.init) ?? "-"): \(error.message)")
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool) {
        record("close \(code) '\(reason)' \(wasClean ? "clean" : "unclean")")
        closed?.succeed(())
    }
}
