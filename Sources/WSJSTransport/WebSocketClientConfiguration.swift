// SPDX-License-Identifier: MIT

/// wsjs's version, shown by `--version`, `wsjs.version` and the User-Agent header.
public enum WSJSVersion {
    public static let current = "0.1.0"
}

/// Options and limits of a client connection. Every limit has a documented default and can be
/// changed by the embedder (and by wsjs's command line).
public struct WebSocketClientConfiguration: Sendable {
    /// Subprotocols to offer in `Sec-WebSocket-Protocol`, in order of preference.
    public var subprotocols: [String] = []
    /// Extra request headers (e.g. `Authorization`), sent as given after the required ones.
    public var extraHeaders: [(name: String, value: String)] = []
    /// The `Origin` header, if any (browsers always send one; wsjs sends none by default).
    public var origin: String?
    /// The `User-Agent` header.
    public var userAgent: String = "wsjs/\(WSJSVersion.current)"
    /// The largest message (after reassembly) accepted; a larger one fails the connection with
    /// 1009. Default 64 MiB.
    public var maxMessageSize: Int = 64 << 20
    /// The most bytes `send()` may have queued and not yet written (the WebSocket API's
    /// `bufferedAmount`) before the socket is flagged as full and closed (WebSockets Standard
    /// §3 send()), so a peer that stops reading cannot make the client run out of memory.
    /// Enforced by the WebSocket API layer. Default 256 MiB.
    public var maxBufferedAmount: Int = 256 << 20
    /// The largest opening-handshake response head (status line and headers). Default 16 KiB.
    public var maxHandshakeHeaderSize: Int = 16 << 10
    /// How long to wait for the TCP connection. Default 10 s.
    public var connectTimeout: Duration = .seconds(10)
    /// How long to wait for the server's handshake response once connected. Default 10 s.
    public var handshakeTimeout: Duration = .seconds(10)
    /// How long to wait for the server's Close frame after ours. Default 5 s.
    public var closeTimeout: Duration = .seconds(5)
    /// Offer permessage-deflate (RFC 7692), as browsers do. Default on.
    public var permessageDeflate = true
    /// Report every frame sent and received to the delegate (`webSocket(_:didTrace:)`).
    public var traceFrames = false
    /// Certificate trust for `wss:` (system store + `SSL_CERT_FILE` by default).
    public var tls = TLSOptions()

    public init() {}
}
