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

    /// The GET request (§4.1 client items 1–12).
    func request(allocator: ByteBufferAllocator) -> ByteBuffer {
        var text = "GET \(endpoint.resource) HTTP/1.1\r\n"
        text += "Host: \(endpoint.hostHeader)\r\n"
        text += "Upgrade: websocket\r\n"
        text += "Connection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\n"
        text += "Sec-WebSocket-Version: 13\r\n"
        if !configuration.subprotocols.isEmpty {
            text += "Sec-WebSocket-Protocol: \(configuration.subprotocols.joined(separator: ", "))\r\n"
        }
        if configuration.permessageDeflate {
            text += "Sec-WebSocket-Extensions: \(PerMessageDeflate.Parameters.clientOffer)\r\n"
        }
        if let origin = configuration.origin { text += "Origin: \(origin)\r\n" }
        text += "User-Agent: \(configuration.userAgent)\r\n"
        for header in configuration.extraHeaders { text += "\(header.name): \(header.value)\r\n" }
        text += "\r\n"
        var buffer = allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        return buffer
    }

    /// What a successful handshake settled.
    struct Outcome: Equatable {
        var subprotocol: String
        var extensions: String
        /// The permessage-deflate parameters, when the server accepted it.
        var deflate: PerMessageDeflate.Parameters?
    }

    /// Validates a parsed response head (§4.1, the client's checks of the server's response).
    func validate(_ response: HTTPResponseHead) -> Result<Outcome, WebSocketTransportError> {
        // 1. A status other than 101 fails the connection (redirects are not followed).
        guard response.status == 101 else {
            return .failure(.handshake("the server answered \(response.status) \(response.reason) instead of 101 Switching Protocols"))
        }
        // 2. Upgrade must be "websocket" (case-insensitive).
        guard let upgrade = response.header("upgrade"), upgrade.trimmed.lowercased() == "websocket" else {
            return .failure(.handshake("the response's Upgrade header is \(response.header("upgrade").map { "'\($0)'" } ?? "missing"), not 'websocket'"))
        }
        // 3. Connection must contain the token "Upgrade" (case-insensitive).
        guard let connection = response.header("connection"),
              connection.split(separator: ",").contains(where: { $0.trimmed.lowercased() == "upgrade" }) else {
            return .failure(.handshake("the response's Connection header does not contain 'Upgrade'"))
        }
        // 4. Sec-WebSocket-Accept must be base64(SHA-1(key + GUID)).
        let expected = Self.acceptValue(forKey: key)
        guard let accept = response.header("sec-websocket-accept"), accept.trimmed == expected else {
            return .failure(.handshake("the response's Sec-WebSocket-Accept is \(response.header("sec-websocket-accept").map { "'\($0)'" } ?? "missing"), expected '\(expected)'"))
        }
        // 5. Only an offered extension may be in use: permessage-deflate, once, with parameters
        // that are valid answers to our offer (RFC 7692 §7.1).
        var deflate: PerMessageDeflate.Parameters?
        let extensions = response.header("sec-websocket-extensions")?.trimmed ?? ""
        if !extensions.isEmpty {
            let elements = extensions.split(separator: ",")
            guard configuration.permessageDeflate, elements.count == 1,
                  let parameters = PerMessageDeflate.Parameters.parse(elements[0], allowClientMaxWindowBitsWithoutValue: false) else {
                return .failure(.handshake("the server selected the extension '\(extensions)', which was not offered or has invalid parameters"))
            }
            deflate = parameters
        }
        // 6. A subprotocol, if any, must be one the client offered.
        var subprotocol = ""
        if let selected = response.header("sec-websocket-protocol")?.trimmed, !selected.isEmpty {
            guard configuration.subprotocols.contains(selected) else {
                return .failure(.handshake("the server selected the subprotocol '\(selected)', which was not offered"))
            }
            subprotocol = selected
        }
        return .success(Outcome(subprotocol: subprotocol, extensions: extensions, deflate: deflate))
    }
}

/// An HTTP/1.1 response head, as far as the handshake needs it.
struct HTTPResponseHead: Equatable {
    var status: Int
    var reason: String
    /// Header names lower-cased; repeated headers joined with ", " (RFC 9110 §5.3).
    var headers: [String: String]

    func header(_ name: String) -> String? { headers[name] }

    enum ParseError: Error, Equatable {
        case malformedStatusLine
        case malformedHeader
    }

    /// Parses the bytes of a response head, up to but not including the blank line.
    static func parse(_ text: Substring) -> Result<HTTPResponseHead, ParseError> {
        let lines = HTTPHeadLines.split(text)
        guard let status = parseStatusLine(lines[0]) else { return .failure(.malformedStatusLine) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            // Obsolete line folding and lines without a colon are not valid field lines.
            guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
                  let field = HTTPHeadLines.field(line), !field.name.isEmpty, !field.name.contains(" ") else {
                return .failure(.malformedHeader)
            }
            headers[field.name] = headers[field.name].map { "\($0), \(field.value)" } ?? field.value
        }
        return .success(HTTPResponseHead(status: status.code, reason: status.reason, headers: headers))
    }

    /// "HTTP/1.x SP status-code [SP reason]": the code and the reason.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (code: Int, reason: String)? {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              let code = Int(HTTPHeadLines.text(parts[1])) else {
            return nil
        }
        return (code, parts.count > 2 ? HTTPHeadLines.text(parts[2]) : "")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmed: String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(self[first...last])
    }
}
