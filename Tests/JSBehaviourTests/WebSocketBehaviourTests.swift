// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
import WSJSTransport

/// The WebSocket behaviour tests: each `tests/js/websocket/test-*.js` runs in the real `wsjs`
/// binary against loopback servers started here (echo, and servers that misbehave on purpose),
/// whose URLs the script reads from `wsjs.args[0]` (JSON). A test passes when wsjs exits 0 by
/// itself (the sockets alone kept it alive) and its last line of output is "done".
@Suite(.serialized) struct WebSocketBehaviourTests {
    static let directory = WSJSProcess.jsTests.appendingPathComponent("websocket")

    static let testFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("test-") && $0.hasSuffix(".js") }.sorted()
    }()

    /// The servers every test can use, by name.
    static let servers: [(name: String, configuration: WebSocketServer.Configuration)] = {
        func behaving(_ behaviour: WebSocketServer.Behaviour) -> WebSocketServer.Configuration {
            WebSocketServer.Configuration(behaviour: behaviour)
        }
        var noDeflate = WebSocketServer.Configuration()
        noDeflate.permessageDeflate = false
        return [
            ("echo", WebSocketServer.Configuration()),
            ("subprotocols", WebSocketServer.Configuration(subprotocols: ["chat", "superchat"])),
            ("noDeflate", noDeflate),
            ("serverClose", behaving(.closeAfterHandshake(code: 4000, reason: "bye"))),
            ("emptyClose", behaving(.sendAfterHandshake([0x88, 0x00]))),
            ("drop", behaving(.dropAfterHandshake)),
            ("notFound", behaving(.handshakeResponse(Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)))),
            ("invalidUTF8", behaving(.sendAfterHandshake([0x81, 0x02, 0xC3, 0x28]))),
            ("report", behaving(.reportOnClose)),
            ("slowReader", behaving(.pauseReading(milliseconds: 1500))),
            ("silent", behaving(.neverAnswerHandshake)),
        ]
    }()

    @Test("tests/js/websocket behaviour test passes", arguments: testFiles)
    func behaviourTest(_ file: String) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var started: [WebSocketServer] = []
        do {
            var urls: [String: String] = [:]
            for (name, configuration) in Self.servers {
                let server = try await WebSocketServer.start(configuration: configuration, on: group).get()
                started.append(server)
                urls[name] = server.url
            }
            // A port nothing listens on: a server that was started and stopped.
            let closed = try await WebSocketServer.start(on: group).get()
            urls["refused"] = closed.url
            try await closed.stop().get()
            let json = String(decoding: try JSONSerialization.data(withJSONObject: urls, options: [.sortedKeys]), as: UTF8.self)
            let location = urls["echo"]!.replacingOccurrences(of: "ws://", with: "http://")
            let result = try WSJSProcess.run(
                ["--timeout", "60", "--location", location, "--preload", "harness.js", "websocket/\(file)", json])
            #expect(result.status == 0, "\(file) failed with status \(result.status):\n\(result.stderr)")
            #expect(result.stdout.hasSuffix("done\n"), "\(file) did not reach its end:\n\(result.stdout)\n\(result.stderr)")
        } catch {
            Issue.record(error)
        }
        for server in started { try? await server.stop().get() }
        try await group.shutdownGracefully()
    }

    @Test func theTestListIsNotEmpty() {
        #expect(Self.testFiles.count >= 6)
    }

    @Test("a relative URL without --location is a SyntaxError, as in Deno")
    func relativeURLNeedsLocation() throws {
        let result = try WSJSProcess.run(["-e", """
            try { new WebSocket("/chat"); console.log("no error"); } catch (e) { console.log(e.name, e instanceof DOMException, e.code); }
            """])
        #expect(result.status == 0)
        #expect(result.stdout == "SyntaxError true 12\n")
    }
}

/// `--serve-echo <port>` and `--map`: MDN's examples run as they are, against built-in servers.
@Suite struct BuiltInServerOptionTests {
    @Test func theExampleTalksToTheBuiltInEchoServer() throws {
        // A free port: bind one, note it, let it go.
        let port = try freeLoopbackPort()
        let example = WSJSProcess.packageRoot.appendingPathComponent("examples/echo.js").path
        let script = try String(contentsOfFile: example, encoding: .utf8).replacingOccurrences(of: "localhost:8080", with: "localhost:\(port)")
        let result = try WSJSProcess.run(["--timeout", "30", "--serve-echo", "\(port)", "-"], stdin: script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            connected to ws://localhost:\(port)/ (protocol '', extensions 'permessage-deflate')
            Message from server: Hello Server!
            Message from server: Uint8Array(3) [ 1, 2, 3 ]
            closed: code 1000, reason 'done', clean true

            """)
    }

    @Test func aBusyPortIsAUsageError() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try WebSocketServer.start(on: group).wait()
        defer { try? server.stop().wait() }
        let result = try WSJSProcess.run(["--serve-echo", "\(server.port)", "-e", "console.log('ran')"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("--serve-echo could not listen on 127.0.0.1:\(server.port)"))
    }

    /// `--map`: the connection goes to the target; `url` and `origin` show what the script asked for.
    @Test func mapToBuiltinEchoKeepsTheURL() throws {
        let script = """
            const ws = new WebSocket("wss://example.com/socketserver?x=1");
            ws.onopen = () => ws.send(ws.url);
            ws.onmessage = (e) => { console.log(e.data, e.origin); ws.close(); };
            """
        let result = try WSJSProcess.run(["--timeout", "30", "--map", "wss://example.com/=builtin:echo", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "wss://example.com/socketserver?x=1 wss://example.com\n")
    }

    @Test func mapToAServerReachesThatServer() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try WebSocketServer.start(configuration: WebSocketServer.Configuration(subprotocols: ["chat"]), on: group).wait()
        defer { try? server.stop().wait() }
        let script = """
            const ws = new WebSocket("ws://unreachable.invalid/a", ["chat"]);
            ws.onopen = () => { console.log(ws.protocol, ws.url); ws.close(); };
            """
        // First match wins: the second mapping is never used.
        let result = try WSJSProcess.run(["--timeout", "30", "--map", "ws://unreachable.invalid/=\(server.url)", "--map", "ws://unreachable.invalid/a=ws://127.0.0.1:1/", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "chat ws://unreachable.invalid/a\n")
    }

    @Test func badMappingsAreUsageErrors() throws {
        for mapping in ["no-equals", "=ws://a/", "ws://a/=http://b/"] {
            let result = try WSJSProcess.run(["--map", mapping, "-e", "1"])
            #expect(result.status == 2, "\(mapping)")
            #expect(result.stderr.contains("--map"), "\(mapping)")
        }
    }

    private func freeLoopbackPort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try WebSocketServer.start(on: group).wait()
        let port = server.port
        try server.stop().wait()
        return port
    }
}
