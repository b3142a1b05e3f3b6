// SPDX-License-Identifier: MIT

/// Where a client connects: the parts of a `ws:` or `wss:` URL the transport needs (RFC 6455
/// §3). The WebSocket API parses URLs with the WHATWG URL parser and hands over these parts;
/// Swift users can use ``init(url:)`` for plain URLs.
public struct WebSocketEndpoint: Sendable, Equatable {
    /// The host name or IP address, without brackets for IPv6.
    public var host: String
    public var port: Int
    /// The path and query ("/" when empty), the request target of the opening handshake.
    public var resource: String
    /// True for `wss:`.
    public var secure: Bool

    public init(host: String, port: Int? = nil, resource: String = "/", secure: Bool = false) {
        self.host = host
        self.port = port ?? (secure ? 443 : 80)
        self.resource = resource.isEmpty ? "/" : resource
        self.secure = secure
    }

    /// Parses `ws://host[:port][/path][?query]` or `wss://…`; nil for anything else (fragments,
    /// other schemes, a missing host, a bad port).
    public init?(url: String) {
        let lowered = url.lowercased()
        let secure: Bool
        let rest: Substring
        if lowered.hasPrefix("ws://") {
            secure = false
            rest = url.dropFirst(5)
        } else if lowered.hasPrefix("wss://") {
            secure = true
            rest = url.dropFirst(6)
        } else {
            return nil
        }
        guard !rest.contains("#") else { return nil }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var resource = String(rest[authorityEnd...])
        if resource.hasPrefix("?") { resource = "/" + resource }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (0...65535).contains(value) else { return nil }
            port = value
        }
        self.init(host: String(host).lowercased(), port: port, resource: resource, secure: secure)
    }

    /// The `Host` header (RFC 6455 §4.1 item 4): brackets around IPv6, the port only when it is
    /// not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// True when `host` is an IPv4 or IPv6 literal (no SNI is sent for those, RFC 6066 §3).
    public var hostIsIPAddress: Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
