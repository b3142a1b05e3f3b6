// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
import WSJSTransport

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

    @Test func aFailedMappedConnectionNamesTheMapping() throws {
        let result = try WSJSProcess.run(["--timeout", "30", "--map", "ws://x.example/=ws://127.0.0.1:1/", "-e", "new WebSocket('ws://x.example/a')"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("WebSocket connection to 'ws://x.example/a' failed"), "\(result.stderr)")
        #expect(result.stderr.contains("(the URL was mapped to ws://127.0.0.1:1/a by --map)"), "\(result.stderr)")
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

/// `--trace-file`: one JSON line per frame sent and received, for text, binary, fragments,
/// ping/pong and close.
@Suite struct FrameTraceTests {
    @Test func everyFrameIsTraced() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        // After the handshake: "he" + "y" as two fragments, then a Ping "p"; then it echoes.
        var configuration = WebSocketServer.Configuration(behaviour: .sendAfterHandshake([0x01, 0x02, 0x68, 0x65, 0x80, 0x01, 0x79, 0x89, 0x01, 0x70]))
        configuration.permessageDeflate = false
        let server = try WebSocketServer.start(configuration: configuration, on: group).wait()
        defer { try? server.stop().wait() }
        let traceFile = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-trace-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: traceFile) }
        let script = """
            const ws = new WebSocket("\(server.url)");
            ws.binaryType = "arraybuffer";
            let n = 0;
            ws.onmessage = (e) => {
              n++;
              if (n === 1) { ws.send("a"); ws.send(new Uint8Array([1, 2])); }
              if (n === 3) ws.close(1000, "bye");
            };
            """
        let result = try WSJSProcess.run(["--timeout", "30", "--trace-file", traceFile, "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: traceFile, encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        // The handshake's two heads come first (HandshakeTraceTests), then the frames.
        #expect(records.prefix(2).map { $0["handshake"] as? String } == ["request", "response"])
        let frames = records.filter { $0["handshake"] == nil }
        func summary(_ direction: String) -> [String] {
            frames.filter { $0["direction"] as? String == direction }.map { frame in
                let opcode = frame["opcode"] as? String ?? "?"
                let fin = frame["fin"] as? Bool == true ? "" : " (fragment)"
                if opcode == "close" { return "close \(frame["closeCode"] ?? "-") \(frame["closeReason"] ?? "-")" }
                return "\(opcode)\(fin) \(frame["length"] ?? "?") \(frame["preview"] ?? "-")"
            }
        }
        #expect(summary("received") == ["text (fragment) 2 he", "continuation 1 y", "ping 1 p", "text 1 a", "binary 2 0102", "close 1000 bye"])
        #expect(summary("sent") == ["text 1 a", "binary 2 0102", "pong 1 p", "close 1000 bye"] || summary("sent") == ["pong 1 p", "text 1 a", "binary 2 0102", "close 1000 bye"])
        #expect(frames.allSatisfy { $0["url"] as? String == server.url && $0["socket"] as? Int == 1 && $0["t"] is Double })
    }

    @Test func traceGoesToStderrAsLines() throws {
        let result = try WSJSProcess.run(["--timeout", "30", "--trace", "--serve-echo", "0", "-e", "1"])
        #expect(result.status == 0)
        #expect(result.stderr == "", "no sockets, no lines")
        let unwritable = try WSJSProcess.run(["--trace-file", "/nonexistent-dir/trace.jsonl", "-e", "1"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("cannot write the trace file"))
    }
}
