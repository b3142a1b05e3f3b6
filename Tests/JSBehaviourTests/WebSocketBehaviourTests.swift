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
            ("reset", behaving(.resetAtRequestedOffset)),
            // Peers that break the limits of the README's table.
            ("hugeLength", behaving(.sendAfterHandshake([0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))),
            ("bigHeaders", behaving(.handshakeResponse(Array("HTTP/1.1 101 Switching Protocols\r\nX-Padding: \(String(repeating: "a", count: 17 << 10))\r\n\r\n".utf8)))),
            ("neverClosing", behaving(.ignoreClose)),
            ("bomb", behaving(.sendCompressedZeros((64 << 20) + 1))),
            ("underLimit", behaving(.sendCompressedZeros(1 << 20))),
            ("requestHead", behaving(.sendRequestHead)),
            // WebSocketStream's slow reader: 256 MiB in 256 KiB messages, as fast as TCP allows.
            ("flood", behaving(.flood(messageSize: 256 << 10, totalBytes: 256 << 20))),
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
            // A port that refuses connections (bound, never listening) for the whole test.
            let refusing = try RefusingLoopbackPort()
            urls["refused"] = refusing.url
            defer { withExtendedLifetime(refusing) {} }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: urls, options: [.sortedKeys]), as: UTF8.self)
            let location = urls["echo"]!.replacingOccurrences(of: "ws://", with: "http://")
            // A small send-buffer cap, so test-websocket-full.js reaches it quickly.
            let result = try WSJSProcess.run(
                ["--timeout", "60", "--location", location, "--max-buffered-amount", "\(4 << 20)", "--preload", "harness.js", "websocket/\(file)", json])
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
