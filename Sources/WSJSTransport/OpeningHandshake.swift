// SPDX-License-Identifier: MIT
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The client's side of the opening handshake (RFC 6455 §4.1): the request it sends and the
/// checks the server's response must pass.
struct OpeningHandshake {
    /// The magic GUID of RFC 6455 §1.3.
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    let endpoint: WebSocketEndpoint
    let configuration: WebSocketClientConfiguration
    /// `Sec-WebSocket-Key`: 16 random bytes, base64-encoded (§4.1 client item 7).
    let key: String

    init(endpoint: WebSocketEndpoint, configuration: WebSocketClientConfiguration, key: String = OpeningHandshake.randomKey()) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.key = key
    }

    static func randomKey() -> String {
        // One call to glibc's arc4random_buf (ChaCha20 keyed from getrandom(2)) for all 16
        // bytes, not a system call per byte.
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        return HandshakeDigest.base64(bytes)
    }

    /// base64(SHA-1(key + GUID)), the value `Sec-WebSocket-Accept` must have (§4.2.2 item 5.4).
    static func acceptValue(forKey key: String) -> String {
        HandshakeDigest.base64(HandshakeDigest.sha1(Array((key + guid).utf8)))
    }

    /// The GET request: RFC 6455 §4.1 client items 1–12, as the WebSockets Standard's "establish
    /// a WebSocket connection" steps 2–10 build it.
    ///
    /// Deviation: RFC 6455 §4.1 client item 8 and Fetch ("append a request `Origin` header") send
    /// the client's origin; wsjs has no document, so it sends `Origin` only when the embedder
    /// sets ``WebSocketClientConfiguration/origin`` (a non-browser client MAY leave it out).
    func requestHead() -> (line: String, fields: [(name: String, value: String)]) {
        // RFC 6455 §4.1 items 1–3: GET, HTTP/1.1, the resource name as the request target.
        let line = "GET \(endpoint.resource) HTTP/1.1"
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(12 + configuration.extraHeaders.count)
        // Item 4: Host (the port only when it is not the scheme's default).
        fields.append(("Host", endpoint.hostHeader))
        // WebSockets steps 3–4 (items 5–6): Upgrade and Connection.
        fields.append(("Upgrade", "websocket"))
        fields.append(("Connection", "Upgrade"))
        // Steps 5–6 (item 7): the key, 16 random bytes in base64.
        fields.append(("Sec-WebSocket-Key", key))
        // Step 7 (item 9): the version.
        fields.append(("Sec-WebSocket-Version", "13"))
        // Step 8 (item 10): the protocols, combined into one field.
        if !configuration.subprotocols.isEmpty {
            fields.append(("Sec-WebSocket-Protocol", configuration.subprotocols.joined(separator: ", ")))
        }
        // Steps 9–10 (item 11): permessage-deflate.
        if configuration.permessageDeflate {
            fields.append(("Sec-WebSocket-Extensions", PerMessageDeflate.Parameters.clientOffer))
        }
        if let origin = configuration.origin { fields.append(("Origin", origin)) }
        // Step 2 gives the request the cache mode "no-store", for which Fetch's
        // "HTTP-network-or-cache fetch" adds these two unless the header list has them already
        // (so no cache between here and the server answers in the server's place).
        if !hasExtraHeader("pragma") { fields.append(("Pragma", "no-cache")) }
        if !hasExtraHeader("cache-control") { fields.append(("Cache-Control", "no-cache")) }
        fields.append(("User-Agent", configuration.userAgent))
        // Item 12: other fields (the embedder's, and the WebSocket API's Authorization).
        fields += configuration.extraHeaders
        return (line, fields)
    }

    /// The request's bytes.
    func request(allocator: ByteBufferAllocator) -> ByteBuffer {
        let head = requestHead()
        var text = head.line + "\r\n"
        for field in head.fields { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        var buffer = allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        return buffer
    }

    private func hasExtraHeader(_ name: String) -> Bool {
        configuration.extraHeaders.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// What a successful handshake settled.
    struct Outcome: Equatable {
        var subprotocol: String
        var extensions: String
        /// The permessage-deflate parameters, when the server accepted it.
        var deflate: PerMessageDeflate.Parameters?
    }
}
