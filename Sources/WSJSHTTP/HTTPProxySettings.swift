// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// Which proxy a request goes through, from the conventional environment variables:
/// `HTTP_PROXY` for http:, `HTTPS_PROXY` for https: (either spelling case; an `http://host:port`
/// URL or a bare `host:port`), and `NO_PROXY`, a comma-separated list of host names (a leading
/// dot or `*.` matches subdomains) or `*` for none, as curl and Deno read them. Loopback hosts
/// never go through a proxy.
public struct HTTPProxySettings: Sendable, Equatable {
    public struct Proxy: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// What the settings are asked about: a request's scheme and host.
    public struct Target: Sendable {
        public var secure: Bool
        public var host: String

        public init(secure: Bool, host: String) {
            self.secure = secure
            self.host = host
        }
    }

    public var http: Proxy?
    public var https: Proxy?
    public var noProxy: [String]

    public init(http: Proxy? = nil, https: Proxy? = nil, noProxy: [String] = []) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// The settings the environment gives.
    public static func fromEnvironment() -> Self {
        func variable(_ name: String) -> String? {
            for spelling in [name, name.lowercased()] {
                if let value = getenv(spelling), value.pointee != 0 { return String(cString: value) }
            }
            return nil
        }
        let noProxy = (variable("NO_PROXY") ?? "").split(separator: ",").map { $0.trimmingSpaces().lowercased() }.filter { !$0.isEmpty }
        return Self(http: variable("HTTP_PROXY").flatMap(parse), https: variable("HTTPS_PROXY").flatMap(parse), noProxy: noProxy)
    }

    /// `http://user@host:port/`, `host:port` or `host` (port 80).
    public static func parse(_ text: String) -> Proxy? {
        var rest = Substring(text)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = rest
        var port = 80
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            host = rest[..<colon]
            guard let number = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return host.isEmpty ? nil : Proxy(host: String(host), port: port)
    }

    /// The proxy for a request to `target`, or nil for a direct connection.
    public func proxy(for target: Target) -> Proxy? {
        guard let proxy = target.secure ? https : http else { return nil }
        let host = target.host.lowercased()
        // Loopback is always reached directly (as Go's ProxyFromEnvironment does): a proxy on
        // the way cannot reach this machine's own servers.
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return nil }
        for entry in noProxy {
            if entry == "*" { return nil }
            let domain = entry.hasPrefix("*.") ? String(entry.dropFirst(2)) : entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            if host == domain || host.hasSuffix("." + domain) { return nil }
        }
        return proxy
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
