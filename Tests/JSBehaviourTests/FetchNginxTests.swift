// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// fetch() against a server nobody here wrote: nginx from Debian's packages (scripts/install-deps
/// installs it), started for the test on free loopback ports, plain HTTP/1.1 and TLS with HTTP/2
/// (ALPN) and a certificate made for the run, serving files (gzip on) and a few fixed answers.
/// Each `tests/js/nginx/test-*.js` runs against it, then nginx is stopped.
@Suite(.serialized) struct FetchNginxTests {
    static let nginx = "/usr/sbin/nginx"
    static let directory = WSJSProcess.jsTests.appendingPathComponent("nginx")
    static let testFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("test-") && $0.hasSuffix(".js") }.sorted()
    }()

    /// A loopback port free right now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// nginx running in a folder of its own; stopped and removed by `stop()`.
    final class Server {
        let root: URL
        let process = Process()
        let port: Int
        let tlsPort: Int

        init(certificate: FetchBehaviourTests.Certificate) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-nginx-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let html = root.appendingPathComponent("html")
            try FileManager.default.createDirectory(at: html, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("temp"), withIntermediateDirectories: true)
            try "hello from nginx\n".write(to: html.appendingPathComponent("small.txt"), atomically: true, encoding: .utf8)
            try String(repeating: "compressible text ", count: 10_000).write(to: html.appendingPathComponent("text.txt"), atomically: true, encoding: .utf8)
            var big = [UInt8](repeating: 0, count: 3 << 20)
            for index in big.indices { big[index] = UInt8(truncatingIfNeeded: index &* 7 &+ 3) }
            try Data(big).write(to: html.appendingPathComponent("big.bin"))
            port = try FetchNginxTests.freePort()
            tlsPort = try FetchNginxTests.freePort()
            let temp = root.appendingPathComponent("temp").path
            let configuration = """
                worker_processes 1;
                user root;
                error_log \(root.path)/error.log;
                pid \(root.path)/nginx.pid;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path \(temp)/body; proxy_temp_path \(temp)/proxy; fastcgi_temp_path \(temp)/fastcgi;
                  uwsgi_temp_path \(temp)/uwsgi; scgi_temp_path \(temp)/scgi;
                  types { text/plain txt; application/octet-stream bin; }
                  default_type application/octet-stream;
                  gzip on; gzip_min_length 0; gzip_types text/plain;
                  keepalive_requests 1000000;
                  server {
                    listen 127.0.0.1:\(port);
                    listen 127.0.0.1:\(tlsPort) ssl http2;
                    ssl_certificate \(certificate.certificate);
                    ssl_certificate_key \(certificate.key);
                    root \(html.path);
                    client_max_body_size 64m;
                    location = /moved { return 301 /small.txt; }
                    location = /method { return 200 "$request_method $content_length $http_x_test"; }
                    location = /upload { client_body_in_single_buffer on; proxy_pass http://127.0.0.1:\(port)/method; }
                  }
                }
                """
            try configuration.write(to: root.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: FetchNginxTests.nginx)
            process.arguments = ["-p", root.path, "-c", root.appendingPathComponent("nginx.conf").path, "-g", "daemon off;"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Bounded wait for both ports (5 s).
            for _ in 0..<100 where !(FetchNginxTests.accepts(port) && FetchNginxTests.accepts(tlsPort)) {
                usleep(50_000)
            }
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test("tests/js/nginx test passes against nginx", arguments: testFiles)
    func againstNginx(_ file: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nginx), "nginx is missing: scripts/install-deps installs it")
        let certificate = try FetchBehaviourTests.Certificate()
        let server = try Server(certificate: certificate)
        defer { server.stop() }
        #expect(Self.accepts(server.port), "nginx did not start: \((try? String(contentsOf: server.root.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")")
        let origins = "{\"http\":\"http://127.0.0.1:\(server.port)\",\"https\":\"https://127.0.0.1:\(server.tlsPort)\"}"
        let result = try WSJSProcess.run(["--timeout", "60", "--ca-file", certificate.certificate, "--preload", "harness.js", "nginx/\(file)", origins])
        #expect(result.status == 0, "\(file) failed with status \(result.status):\n\(result.stderr)")
        #expect(result.stdout.hasSuffix("done\n"), "\(file) did not reach its end:\n\(result.stdout)\n\(result.stderr)")
    }
}
