// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import WSJSTransport

/// `wss:` against the loopback server with a CA and certificates generated for each run by the
/// openssl command (no private key is committed): trusted, untrusted, expired, insecure, IP
/// literal and wrong host name.
@Suite(.serialized) struct TLSTests {
    /// A throwaway CA and two server certificates: one for localhost/127.0.0.1, one for another
    /// name only.
    final class Certificates {
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=wsjs test CA"])
            try issue(name: "good", subjectAltName: "DNS:localhost,IP:127.0.0.1")
            try issue(name: "other", subjectAltName: "DNS:other.example")
            // Valid until yesterday: `-days -1` puts notAfter a day before notBefore (now).
            try issue(name: "expired", subjectAltName: "DNS:localhost", days: -1)
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
        }

        func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

        private func issue(name: String, subjectAltName: String, days: Int = 1) throws {
            try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try "subjectAltName=\(subjectAltName)\nbasicConstraints=CA:FALSE\n".write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).pem", "-days", "\(days)", "-extfile", "\(name).ext"])
        }

        private func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    /// Echoes one message over wss: and returns the client's events.
    func exchange(certificates: Certificates, certificate: String, host: String, tls: TLSOptions) async throws -> [String] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let server = try await WebSocketServer.start(
            configuration: .init(tls: (certificates.path("\(certificate).pem"), certificates.path("\(certificate).key"))),
            on: group
        ).get()
        #expect(server.url.hasPrefix("wss://"))
        let delegate = RecordingDelegate(closed: loop.makePromise())
        delegate.onOpen = { connection in Array("secret".utf8).withUnsafeBytes { connection.send(text: $0) } }
        delegate.onMessage = { connection, _ in connection.close(code: 1000) }
        var configuration = WebSocketClientConfiguration()
        configuration.tls = tls
        try await delegate.run(to: WebSocketEndpoint(host: host, port: server.port, secure: true), configuration: configuration, on: loop)
        try await server.stop().get()
        try await group.shutdownGracefully()
        return delegate.events
    }

    @Test func aTrustedCertificateConnects() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "good", host: "localhost", tls: TLSOptions(additionalCAFiles: [certificates.path("ca.pem")]))
        #expect(events == ["open ", "text secret", "close 1000 '' clean"])
    }

    @Test func anIPLiteralIsCheckedAgainstTheCertificatesAddresses() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "good", host: "127.0.0.1", tls: TLSOptions(additionalCAFiles: [certificates.path("ca.pem")]))
        #expect(events == ["open ", "text secret", "close 1000 '' clean"])
    }

    /// The connection failed before opening, with `cause` in the failure's text, then closed
    /// with 1006 (WebSockets Standard: fail the connection; no open event).
    func expectFailedBeforeOpen(_ events: [String], naming cause: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(events.count == 2, "\(events)", sourceLocation: sourceLocation)
        #expect(events.first?.contains(cause) == true, "\(events)", sourceLocation: sourceLocation)
        #expect(events.last == "close 1006 '' unclean", sourceLocation: sourceLocation)
    }

    @Test func anUntrustedCertificateFailsWithItsCause() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "good", host: "localhost", tls: TLSOptions(additionalCAFiles: []))
        expectFailedBeforeOpen(events, naming: "not issued by a trusted certificate authority")
    }

    @Test func anExpiredCertificateFailsNamingItsEndDate() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "expired", host: "localhost", tls: TLSOptions(additionalCAFiles: [certificates.path("ca.pem")]))
        expectFailedBeforeOpen(events, naming: "the server's certificate expired on 20")
    }

    @Test func aCertificateForAnotherNameFails() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "other", host: "localhost", tls: TLSOptions(additionalCAFiles: [certificates.path("ca.pem")]))
        expectFailedBeforeOpen(events, naming: "not valid for that name")
    }

    @Test func insecureAcceptsAnyCertificate() async throws {
        let certificates = try Certificates()
        let events = try await exchange(certificates: certificates, certificate: "other", host: "localhost", tls: TLSOptions(additionalCAFiles: [], insecure: true))
        #expect(events == ["open ", "text secret", "close 1000 '' clean"])
    }
}
