// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
import WSJSTransport

/// `wsjs serve` as users run it: it prints its URL, echoes over a real connection, and stops
/// cleanly on Ctrl-C (SIGINT).
@Suite struct ServeCommandTests {
    final class EchoCheck: WebSocketConnectionDelegate, @unchecked Sendable {
        var received: [String] = []
        let done: EventLoopPromise<Void>

        init(done: EventLoopPromise<Void>) {
            self.done = done
        }

        func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String) {
            received.append("open \(subprotocol) \(extensions)")
            Array("ping from test".utf8).withUnsafeBytes { connection.send(text: $0) }
        }

        func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
            if case .text(let buffer) = message { received.append(String(buffer: buffer)) }
            connection.close(code: 1000)
        }

        func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int) {}
        func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError) { received.append("fail \(error)") }

        func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool) {
            received.append("close \(code) \(wasClean)")
            done.succeed(())
        }
    }

    /// Starts `wsjs serve` with `arguments` and reads its first `lines` lines of output (the URL,
    /// then for --tls the certificate), waiting at most 20 s.
    static func startServe(_ arguments: [String], lines: Int) throws -> (Process, Pipe, String) {
        let process = Process()
        process.executableURL = WSJSProcess.binary
        process.arguments = ["serve"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while text.split(separator: "\n").count < lines || !text.hasSuffix("\n"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return (process, output, text)
    }

    @Test func serveEchoesAndStopsOnInterrupt() async throws {
        let (process, output, text) = try Self.startServe(["--port", "0", "--protocol", "echo"], lines: 1)
        defer { if process.isRunning { process.terminate() } }
        let url = try #require(text.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(text.hasPrefix("wsjs serve: listening on ws://127.0.0.1:"))

        var settings = WebSocketClientConfiguration()
        settings.subprotocols = ["chat", "echo"]
        let configuration = settings
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let check = EchoCheck(done: loop.makePromise())
        let endpoint = try #require(WebSocketEndpoint(url: url))
        try await loop.submit { _ = WebSocketConnection.connect(to: endpoint, configuration: configuration, on: loop, delegate: check) }.get()
        let timeout = loop.scheduleTask(in: .seconds(20)) { check.done.fail(ChannelError.connectTimeout(.seconds(20))) }
        try await check.done.futureResult.get()
        timeout.cancel()
        try await group.shutdownGracefully()
        #expect(check.received == ["open echo permessage-deflate", "ping from test", "close 1000 true"])

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("wsjs serve: stopped"))
    }

    /// `serve --tls`: wss: with a generated certificate whose path it prints; a client trusts it
    /// with --ca-file, fails without it (with a hint), and connects with --insecure (warned).
    @Test func serveTLSWithAGeneratedCertificate() throws {
        let (process, _, text) = try Self.startServe(["--tls", "--port", "0"], lines: 2)
        defer { if process.isRunning { process.terminate() } }
        let lines = text.split(separator: "\n")
        try #require(lines.count >= 2, "\(text)")
        #expect(lines[0].hasPrefix("wsjs serve: listening on wss://127.0.0.1:"))
        let url = String(lines[0].split(separator: " ").last!)
        let certificate = try #require(lines[1].split(separator: " ").first { $0.hasSuffix("certificate.pem") }.map(String.init))
        let localhost = url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let script = "const ws = new WebSocket(wsjs.args[0]); ws.onopen = () => { console.log('open'); ws.close(); }; ws.onclose = (e) => console.log(e.code, e.wasClean);"

        for target in [url, localhost] {
            let trusted = try WSJSProcess.run(["--timeout", "30", "--ca-file", certificate, "-e", script, target])
            #expect(trusted.stdout == "open\n1005 true\n", "\(target): \(trusted.stderr)")
        }
        let untrusted = try WSJSProcess.run(["--timeout", "30", "-e", script, localhost])
        #expect(untrusted.stdout == "1006 false\n")
        #expect(untrusted.stderr.contains("not issued by a trusted certificate authority") && untrusted.stderr.contains("--ca-file"), "\(untrusted.stderr)")
        let insecure = try WSJSProcess.run(["--timeout", "30", "--insecure", "-e", script, localhost])
        #expect(insecure.stdout == "open\n1005 true\n")
        #expect(insecure.stderr.contains("warning: --insecure"))
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
