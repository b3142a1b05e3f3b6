// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// How `wss:` connections trust servers. Verification is on by default: the system's trust
/// store, plus any extra CA files, with the host name (or, for IP literals, the IP address)
/// checked against the certificate.
public struct TLSOptions: Sendable, Hashable {
    /// PEM files of extra CA certificates trusted besides the system store. By default the file
    /// named by `SSL_CERT_FILE`, if that variable is set (the OpenSSL convention).
    public var additionalCAFiles: [String]
    /// Accept any certificate (for test servers only): no chain or host-name check.
    public var insecure: Bool

    public init(additionalCAFiles: [String]? = nil, insecure: Bool = false) {
        if let additionalCAFiles {
            self.additionalCAFiles = additionalCAFiles
        } else if let path = getenv("SSL_CERT_FILE").map({ String(cString: $0) }), !path.isEmpty {
            self.additionalCAFiles = [path]
        } else {
            self.additionalCAFiles = []
        }
        self.insecure = insecure
    }

    /// One client context per distinct options: building one loads the system trust store.
    private static let contexts = NIOLockedValueBox([TLSOptions: NIOSSLContext]())

    func clientContext() throws -> NIOSSLContext {
        if let cached = Self.contexts.withLockedValue({ $0[self] }) { return cached }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.additionalTrustRoots = additionalCAFiles.map { .file($0) }
        if insecure { configuration.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: configuration)
        Self.contexts.withLockedValue { $0[self] = context }
        return context
    }
}
