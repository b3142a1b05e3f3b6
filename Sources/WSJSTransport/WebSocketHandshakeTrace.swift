// SPDX-License-Identifier: MIT

/// The opening handshake's request or response head as it crossed the wire, reported to the
/// delegate when ``WebSocketClientConfiguration/traceFrames`` is on (wsjs's `--trace`), as a
/// browser's DevTools shows a WebSocket's request and response headers.
///
/// Credentials never reach a trace: the values of `Authorization` and `Proxy-Authorization`
/// keep only their scheme (`Basic ***`), and those of `Cookie` and `Set-Cookie` are `***`.
/// Traces end up in CI logs and bug reports; the scheme is what one needs to see there.
public struct WebSocketHandshakeTrace: Sendable, Equatable {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// `.sent` for the request, `.received` for the response.
    public var direction: WebSocketFrameTrace.Direction
    /// The request line (`GET /chat HTTP/1.1`) or the status line (`HTTP/1.1 101 Switching
    /// Protocols`).
    public var startLine: String
    /// The header fields in order, names as spelled on the wire, credentials masked.
    public var headers: [Header]

    init(direction: WebSocketFrameTrace.Direction, startLine: String, fields: [(name: String, value: String)]) {
        self.direction = direction
        self.startLine = startLine
        headers = fields.map { Header(name: $0.name, value: Self.masked(name: $0.name, value: $0.value)) }
    }

    /// The value a trace shows for a field: credentials replaced by `***`.
    static func masked(name: String, value: String) -> String {
        if name.equalsIgnoringASCIICase("authorization") || name.equalsIgnoringASCIICase("proxy-authorization") {
            // RFC 9110 §11.6.2: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ].
            guard let space = value.firstIndex(of: " ") else { return "***" }
            return value[..<space] + " ***"
        }
        if name.equalsIgnoringASCIICase("cookie") || name.equalsIgnoringASCIICase("set-cookie") {
            return "***"
        }
        return value
    }
}
