// SPDX-License-Identifier: MIT

/// The checks of the server's handshake response.
///
/// The WebSockets Standard's "establish a WebSocket connection" step 11 (its processResponse
/// steps 11.1–11.3) replaces RFC 6455 §4.1's handling of the status and adds the check that an
/// offered subprotocol was acknowledged; step 11.3 runs the RFC's last set of client steps 2–6.
/// Every failure here fails the WebSocket connection (RFC 6455 §7.1.7), with a message naming
/// what the server sent. Where the RFC's prose leaves room, the checks agree with Chromium's
/// (`net/websockets`): a field RFC 6455 §11.3 allows once may not be repeated, and a subprotocol
/// or extension field whose value does not parse is a failure, not an absent field.
extension OpeningHandshake {
    /// Validates a parsed response head.
    func validate(_ response: HTTPResponseHead) -> Result<Outcome, WebSocketTransportError> {
        // 11.1. A network error or a status other than 101 fails the connection (the request's
        // redirect mode is "error": a redirect is not followed, nor a 401 answered).
        guard response.status == 101 else {
            return .failure(.handshake("the server answered \(response.status) \(response.reason) instead of 101 Switching Protocols"))
        }
        // 11.2. Protocols were offered and "extracting header list values" for
        // Sec-WebSocket-Protocol gives null (no such field), failure (the ABNF of a response's
        // field is one token, RFC 6455 §4.3: more than one line, a list, or a value that is not a
        // token) or the empty byte sequence.
        let protocols = response.values("Sec-WebSocket-Protocol")
        if !configuration.subprotocols.isEmpty {
            guard !protocols.isEmpty else {
                return .failure(.handshake("the server selected none of the offered subprotocols (\(Self.quotedList(configuration.subprotocols))): its response has no Sec-WebSocket-Protocol header"))
            }
            // (A token is never the empty byte sequence.)
            if let problem = Self.singleTokenProblem(protocols, name: "Sec-WebSocket-Protocol") {
                return .failure(.handshake(problem))
            }
        }
        // 11.3, RFC 6455 §4.1 step 2. Upgrade must be present, once, and an ASCII
        // case-insensitive match for "websocket" (a list of protocols is not).
        let upgrade = response.values("Upgrade")
        guard upgrade.count == 1, upgrade[0].equalsIgnoringASCIICase("websocket") else {
            return .failure(.handshake(upgrade.count > 1
                ? "the response has \(upgrade.count) Upgrade headers ('\(upgrade.joined(separator: "', '"))'); it must have one, 'websocket'"
                : "the response's Upgrade header is \(upgrade.first.map { "'\($0)'" } ?? "missing"), not 'websocket'"))
        }
        // Step 3. Connection must be present and one of its tokens (over every Connection line:
        // it is a list, RFC 9110 §7.6.1) an ASCII case-insensitive match for "Upgrade".
        let connection = response.values("Connection")
        guard connection.contains(where: { line in
            line.split(separator: ",").contains { $0.trimmed.equalsIgnoringASCIICase("upgrade") }
        }) else {
            return .failure(.handshake(connection.isEmpty
                ? "the response has no Connection header; it must contain 'Upgrade'"
                : "the response's Connection header '\(connection.joined(separator: ", "))' does not contain the token 'Upgrade'"))
        }
        // Step 4. Sec-WebSocket-Accept must be present, once (§11.3.3), and base64(SHA-1(key +
        // GUID)) once leading and trailing whitespace is ignored (the parser trimmed it).
        let expected = Self.acceptValue(forKey: key)
        let accept = response.values("Sec-WebSocket-Accept")
        guard accept.count == 1, accept[0] == expected else {
            return .failure(.handshake(accept.count > 1
                ? "the response has \(accept.count) Sec-WebSocket-Accept headers; it must have one"
                : "the response's Sec-WebSocket-Accept is \(accept.first.map { "'\($0)'" } ?? "missing"), expected '\(expected)'"))
        }
        // Step 5. Only an offered extension may be in use (§9.1): permessage-deflate, in one
        // field (§11.3.2), once, with parameters that are valid answers to our offer (RFC 7692
        // §7.1); a field present must list one extension at least (its ABNF is 1#extension).
        var deflate: PerMessageDeflate.Parameters?
        let extensionLines = response.values("Sec-WebSocket-Extensions")
        let extensions = extensionLines.first ?? ""
        if !extensionLines.isEmpty {
            guard extensionLines.count == 1 else {
                return .failure(.handshake("the response has \(extensionLines.count) Sec-WebSocket-Extensions headers ('\(extensionLines.joined(separator: "', '"))'); it may have one"))
            }
            let elements = extensions.split(separator: ",", omittingEmptySubsequences: false)
            guard configuration.permessageDeflate, elements.count == 1,
                  let parameters = PerMessageDeflate.Parameters.parse(elements[0], allowClientMaxWindowBitsWithoutValue: false) else {
                return .failure(.handshake("the server selected the extension '\(extensions)', which was not offered or has invalid parameters"))
            }
            deflate = parameters
        }
        // Step 6. A subprotocol in use must be one the client offered (exactly as offered), in
        // one field; with none offered, the response must not have the field at all.
        var subprotocol = ""
        if !protocols.isEmpty {
            guard !configuration.subprotocols.isEmpty else {
                return .failure(.handshake("the server selected the subprotocol '\(protocols.joined(separator: ", "))', which was not offered (no subprotocol was)"))
            }
            if let problem = Self.singleTokenProblem(protocols, name: "Sec-WebSocket-Protocol") {
                return .failure(.handshake(problem))
            }
            guard configuration.subprotocols.contains(protocols[0]) else {
                return .failure(.handshake("the server selected the subprotocol '\(protocols[0])', which was not offered (\(Self.quotedList(configuration.subprotocols)))"))
            }
            subprotocol = protocols[0]
        }
        return .success(Outcome(subprotocol: subprotocol, extensions: extensions, deflate: deflate))
    }

    /// Why `values` (a field's lines) are not one token, or nil when they are.
    static func singleTokenProblem(_ values: [String], name: String) -> String? {
        if values.count > 1 {
            return "the response has \(values.count) \(name) headers ('\(values.joined(separator: "', '"))'); it may have one"
        }
        if values[0].isEmpty { return "the response's \(name) header is empty" }
        if !isToken(values[0]) {
            return "the response's \(name) header '\(values[0])' is not a single token"
        }
        return nil
    }

    /// RFC 9110 §5.6.2 token: one or more tchar.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    private static func quotedList(_ items: [String]) -> String {
        items.map { "'\($0)'" }.joined(separator: ", ")
    }
}
