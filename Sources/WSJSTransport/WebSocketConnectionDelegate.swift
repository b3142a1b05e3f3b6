// SPDX-License-Identifier: MIT
import NIOCore

/// A complete message: its payload, zero-copy where it arrived in one frame.
public enum WebSocketMessage: Sendable, Equatable {
    /// A text message; its bytes are valid UTF-8 (checked as they arrived).
    case text(ByteBuffer)
    case binary(ByteBuffer)
}

/// Receives a connection's events, on the connection's event loop (the JS loop in wsjs), in
/// order: `didOpen` once (or never, if connecting fails), messages and write completions, then
/// at most one `didFail`, then exactly one `didClose`. Nothing is delivered after `didClose`.
public protocol WebSocketConnectionDelegate: AnyObject {
    /// The opening handshake succeeded; `subprotocol` and `extensions` are what the server chose
    /// ("" for none).
    func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String)
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage)
    /// Messages queued with `send` have been handed to the socket: `bytes` is their payload size
    /// (reported once per batch of messages written together, in order; an empty message
    /// is reported too, with its 0 bytes).
    func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int)
    /// The server started the closing handshake (its Close frame arrived and ours went back);
    /// `didClose` follows when TCP is closed. (The WebSocket API's readyState becomes CLOSING.)
    func webSocketDidStartClosing(_ connection: WebSocketConnection)
    /// A frame was sent or received (only with `configuration.traceFrames`).
    func webSocket(_ connection: WebSocketConnection, didTrace frame: WebSocketFrameTrace)
    /// The opening handshake's request was sent or its response head arrived (only with
    /// `configuration.traceFrames`); credentials are masked.
    func webSocket(_ connection: WebSocketConnection, didTraceHandshake head: WebSocketHandshakeTrace)
    /// The connection failed (RFC 6455 §7.1.7), before the `didClose` that follows.
    func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError)
    /// The connection is closed. `code` is the code of the server's Close frame (1005 if it had
    /// none), or 1006 when no Close frame arrived; `wasClean` is true when the closing handshake
    /// completed.
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool)
}

extension WebSocketConnectionDelegate {
    public func webSocketDidStartClosing(_ connection: WebSocketConnection) {}
    public func webSocket(_ connection: WebSocketConnection, didTrace frame: WebSocketFrameTrace) {}
    public func webSocket(_ connection: WebSocketConnection, didTraceHandshake head: WebSocketHandshakeTrace) {}
}
