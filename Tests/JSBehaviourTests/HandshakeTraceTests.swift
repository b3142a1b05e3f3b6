// SPDX-License-Identifier: MIT
import Foundation
import NIOCore
import NIOPosix
import Testing
import WSJSTransport

/// `--trace` and `--trace-file` show the opening handshake's request and response heads, as a
/// browser's DevTools shows a WebSocket's headers, and never a password: the URL's password is
/// `***` (ws.url keeps it), an Authorization header keeps only its scheme (`Basic ***`), and the
/// same holds for the message wsjs prints when a connection fails.
@Suite struct HandshakeTraceTests {
    static let password = "s3cr3t-pw"
    /// base64("user:" + password), what the header carries: it must not show either.
    static let encoded = Data("user:\(password)".utf8).base64EncodedString()

    /// Runs `script` (with SERVER replaced by the server's URL carrying credentials) against a
    /// server that sends the request head back.
    func run(_ arguments: [String], _ script: String) throws -> (result: WSJSProcess.Result, url: String) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let server = try WebSocketServer.start(configuration: .init(behaviour: .sendRequestHead), on: group).wait()
        defer { try? server.stop().wait() }
        let url = server.url.replacingOccurrences(of: "ws://", with: "ws://user:\(Self.password)@")
        let result = try WSJSProcess.run(["--timeout", "30"] + arguments + ["-e", script.replacingOccurrences(of: "SERVER", with: url)])
        return (result, url)
    }

    static let script = """
        const ws = new WebSocket("SERVER");
        ws.onmessage = (e) => {
          console.log(e.data.includes("Authorization: Basic \(encoded)") ? "sent" : "missing", ws.url === "SERVER");
          ws.close();
        };
        """

    @Test func theStderrTraceShowsBothHeadsWithoutThePassword() throws {
        let (result, _) = try run(["--trace"], Self.script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "sent true\n", "the server got the credentials; ws.url keeps them")
        #expect(result.stderr.contains("ws#1 ↑ sent handshake GET / HTTP/1.1\n"), "\(result.stderr)")
        #expect(result.stderr.contains("\n          Authorization: Basic ***\n"), "\(result.stderr)")
        #expect(result.stderr.contains("ws#1 ↓ received handshake HTTP/1.1 101 Switching Protocols\n          Upgrade: websocket\n"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.password) && !result.stderr.contains(Self.encoded), "\(result.stderr)")
    }

    @Test func theTraceFileShowsBothHeadsWithoutThePassword() throws {
        let traceFile = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-handshake-trace-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: traceFile) }
        let script = Self.script.replacingOccurrences(of: "new WebSocket(\"SERVER\")", with: "new WebSocket(\"SERVER\", { headers: { 'X-Token': 'visible', Cookie: 'session=\(Self.password)' } })")
        let (result, url) = try run(["--trace-file", traceFile], script)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: traceFile, encoding: .utf8)
        #expect(!text.contains(Self.password) && !text.contains(Self.encoded), "\(text)")
        let records = try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        let request = try #require(records.first { $0["handshake"] as? String == "request" })
        let response = try #require(records.first { $0["handshake"] as? String == "response" })
        #expect(request["url"] as? String == url.replacingOccurrences(of: Self.password, with: "***"))
        #expect(request["direction"] as? String == "sent" && response["direction"] as? String == "received")
        #expect(request["startLine"] as? String == "GET / HTTP/1.1")
        #expect(response["startLine"] as? String == "HTTP/1.1 101 Switching Protocols")
        let headers = (request["headers"] as? [[String]]) ?? []
        #expect(headers.contains(["Authorization", "Basic ***"]), "\(headers)")
        #expect(headers.contains(["Cookie", "***"]), "\(headers)")
        #expect(headers.contains(["X-Token", "visible"]), "other headers are shown as sent")
        #expect(headers.first == ["Host", "127.0.0.1:\(URL(string: url.replacingOccurrences(of: "ws://", with: "http://"))!.port!)"])
    }

    @Test func anExplicitAuthorizationShowsOnlyItsScheme() throws {
        let (result, _) = try run(["--trace"], """
            const ws = new WebSocket("SERVER", { headers: { Authorization: "Bearer \(Self.password)" } });
            ws.onmessage = () => ws.close();
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\n          Authorization: Bearer ***\n"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.password), "\(result.stderr)")
    }

    /// The message on stderr when nothing listens for `error` names the URL without its password.
    @Test func aFailureMessageHidesThePassword() throws {
        let refusing = try RefusingLoopbackPort()
        defer { withExtendedLifetime(refusing) {} }
        let url = refusing.url.replacingOccurrences(of: "ws://", with: "ws://user:\(Self.password)@")
        let result = try WSJSProcess.run(["--timeout", "30", "-e", "new WebSocket('\(url)')"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("WebSocket connection to '\(url.replacingOccurrences(of: Self.password, with: "***"))' failed"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.password), "\(result.stderr)")
    }
}
