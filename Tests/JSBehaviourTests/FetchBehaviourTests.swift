// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
import WSJSHTTP

/// fetch() over HTTP: each `tests/js/fetch/test-*.js` runs in the real `wsjs` binary against the
/// loopback HTTP test server (plain and TLS, with a CA made for the run by openssl and trusted
/// through --ca-file), whose origins the script reads from `wsjs.args[0]` (JSON). A test passes
/// when wsjs exits 0 by itself and its last line of output is "done".
@Suite(.serialized) struct FetchBehaviourTests {
    static let directory = WSJSProcess.jsTests.appendingPathComponent("fetch")

    static let testFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("test-") && $0.hasSuffix(".js") }.sorted()
    }()

    /// A self-signed certificate for 127.0.0.1 and localhost, made for this run (no key is
    /// committed); removed with the value.
    final class Certificate {
        let directory: URL
        var certificate: String { directory.appendingPathComponent("cert.pem").path }
        var key: String { directory.appendingPathComponent("key.pem").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-fetch-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                                 "-days", "1", "-subj", "/CN=wsjs fetch test", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE"]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// Starts the plain and TLS servers, runs `body` with their origins, stops them.
    static func withServers(_ body: ([String: String], Certificate) throws -> Void) async throws {
        let certificate = try Certificate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var started: [HTTPTestServer] = []
        do {
            let plain = try await HTTPTestServer.start(on: group).get()
            started.append(plain)
            let secure = try await HTTPTestServer.start(on: group, certificateChainFile: certificate.certificate, privateKeyFile: certificate.key).get()
            started.append(secure)
            try body(["http": plain.origin, "https": secure.origin], certificate)
        } catch {
            Issue.record(error)
        }
        for server in started { try? await server.stop().get() }
        try await group.shutdownGracefully()
    }

    @Test("tests/js/fetch behaviour test passes", arguments: testFiles)
    func behaviourTest(_ file: String) async throws {
        try await Self.withServers { origins, certificate in
            let json = String(decoding: try JSONSerialization.data(withJSONObject: origins, options: [.sortedKeys]), as: UTF8.self)
            let result = try WSJSProcess.run(["--timeout", "60", "--ca-file", certificate.certificate, "--preload", "harness.js", "fetch/\(file)", json])
            #expect(result.status == 0, "\(file) failed with status \(result.status):\n\(result.stderr)")
            #expect(result.stdout.hasSuffix("done\n"), "\(file) did not reach its end:\n\(result.stdout)\n\(result.stderr)")
        }
    }

    @Test func theTestListIsNotEmpty() {
        #expect(Self.testFiles.count >= 3)
    }

    @Test("https: with a certificate nobody trusts fails with a TypeError that says so; --insecure accepts it")
    func untrustedCertificate() async throws {
        try await Self.withServers { origins, _ in
            let script = "fetch('\(origins["https"]!)/echo').then((r) => console.log('status', r.status), (e) => console.log(e.name, e.message))"
            let refused = try WSJSProcess.run(["-e", script])
            #expect(refused.status == 0)
            #expect(refused.stdout.hasPrefix("TypeError fetch failed"), "\(refused.stdout)")
            #expect(refused.stdout.contains("--ca-file"), "\(refused.stdout)")
            let insecure = try WSJSProcess.run(["--insecure", "-e", script])
            #expect(insecure.stdout == "status 200\n", "\(insecure.stdout)\(insecure.stderr)")
        }
    }

    @Test("--trace shows request and status lines, never header values")
    func traceShowsLinesWithoutSecrets() async throws {
        try await Self.withServers { origins, _ in
            let script = "fetch('\(origins["http"]!)/status/204', { headers: { Authorization: 'Bearer hunter2', Cookie: 'session=hunter2' } }).then((r) => console.log(r.status))"
            let result = try WSJSProcess.run(["--trace", "-e", script])
            #expect(result.stdout == "204\n")
            #expect(result.stderr.contains("fetch > GET \(origins["http"]!)/status/204"), "\(result.stderr)")
            #expect(result.stderr.contains("fetch < HTTP/1.1 204 No Content"), "\(result.stderr)")
            #expect(!result.stderr.contains("hunter2"))
        }
    }

    @Test("a relative URL resolves against --location")
    func relativeURLAgainstLocation() async throws {
        try await Self.withServers { origins, _ in
            let result = try WSJSProcess.run(["--location", origins["http"]! + "/base/", "-e", "fetch('../echo?rel=1').then((r) => r.json()).then((j) => console.log(j.uri))"])
            #expect(result.stdout == "/echo?rel=1\n", "\(result.stdout)\(result.stderr)")
        }
    }

    @Test("HTTP_PROXY carries http: requests through a CONNECT tunnel; loopback goes direct")
    func proxyFromEnvironment() async throws {
        try await Self.withServers { origins, _ in
            let origin = origins["http"]!
            // (A NO_PROXY host would be resolved by DNS here, which a test must not do: the
            // settings' choice is checked without the network below.)
            let script = "Promise.all([fetch('http://through.proxy.test/echo'), fetch('\(origin)/echo')].map((p) => p.then((r) => r.json()))).then((all) => console.log(all.map((a) => String(a.tunnel)).join(' ')))"
            let result = try WSJSProcess.run(["-e", script], environment: ["HTTP_PROXY": origin.replacingOccurrences(of: "127.0.0.1", with: "localhost")])
            #expect(result.stdout == "through.proxy.test:80 null\n", "\(result.stdout)\(result.stderr)")
        }
    }

    @Test("NO_PROXY, HTTPS_PROXY and the proxy URL forms choose the proxy as curl does")
    func proxySettingsChoice() {
        #expect(HTTPProxySettings.parse("http://user:pw@proxy.example:3128/") == .init(host: "proxy.example", port: 3128))
        #expect(HTTPProxySettings.parse("proxy.example") == .init(host: "proxy.example", port: 80))
        #expect(HTTPProxySettings.parse("[::1]:8080") == .init(host: "::1", port: 8080))
        let settings = HTTPProxySettings(http: .init(host: "p", port: 1), https: .init(host: "s", port: 2), noProxy: ["example.com", ".internal", "*.corp"])
        #expect(settings.proxy(for: .init(secure: false, host: "other.org")) == .init(host: "p", port: 1))
        #expect(settings.proxy(for: .init(secure: true, host: "other.org")) == .init(host: "s", port: 2))
        #expect(settings.proxy(for: .init(secure: false, host: "example.com")) == nil)
        #expect(settings.proxy(for: .init(secure: false, host: "api.example.com")) == nil)
        #expect(settings.proxy(for: .init(secure: false, host: "a.internal")) == nil)
        #expect(settings.proxy(for: .init(secure: false, host: "x.corp")) == nil)
        #expect(settings.proxy(for: .init(secure: false, host: "notexample.com")) == .init(host: "p", port: 1))
        #expect(settings.proxy(for: .init(secure: false, host: "127.0.0.1")) == nil, "loopback is never proxied")
        #expect(HTTPProxySettings(http: .init(host: "p", port: 1), noProxy: ["*"]).proxy(for: .init(secure: false, host: "a.b")) == nil)
    }
}
