// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `wsjs check`: the JavaScript blocks of Markdown pages (tests/check, written in MDN's format)
/// run against the built-in echo server and are reported as passed, failed or skipped.
@Suite struct CheckCommandTests {
    static func check(_ arguments: [String]) throws -> WSJSProcess.Result {
        // The pages are named relative to the package root in the report.
        try WSJSProcess.run(["check"] + arguments.map { $0.hasSuffix(".md") ? "../check/\($0)" : $0 })
    }

    @Test func eachBlockGetsAVerdictAndTheSummaryCountsThem() throws {
        let result = try Self.check(["websocket-client.md"])
        #expect(result.status == 1, "a failed block fails the check")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let page = "../check/websocket-client.md"
        #expect(lines == [
            "\(page):20 block 1 `const exampleSocket = new WebSocket(` passed",
            "\(page):32 block 2 `const socket = new WebSocket(\"ws://localhost:8080\");` passed",
            "\(page):45 block 3 `const ws = new WebSocket(\"wss://example.org/chat\");` passed",
            "\(page):59 block 4 `const feed = new WebSocket(\"ws://localhost:8080/feed\");` skipped: uses document, which only browsers have",
            "\(page):70 block 5 `const broken = new WebSocket(\"ws://localhost:8080\");` failed: Uncaught TypeError: broken.sendd is not a function. (In 'broken.sendd(\"typo\")', 'broken.sendd' is undefined)",
            "3 passed, 1 failed, 1 skipped",
        ])
    }

    @Test func jsonForCI() throws {
        let result = try Self.check(["--json", "websocket-client.md"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["passed"] as? Int == 3 && object["failed"] as? Int == 1 && object["skipped"] as? Int == 1)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["verdict"] as? String } == ["passed", "passed", "passed", "skipped", "failed"])
        #expect(results.map { $0["line"] as? Int } == [20, 32, 45, 59, 70])
    }

    @Test func fencesAndBlocksSplitOverAPage() throws {
        // Alone, the block that uses a socket declared by the block before fails...
        let alone = try Self.check(["fences.md"])
        #expect(alone.status == 1)
        #expect(alone.stdout.hasSuffix("3 passed, 1 failed, 0 skipped\n"), "\(alone.stdout)")
        #expect(alone.stdout.contains("block 4 `shared.onopen = () => shared.close();` failed: Uncaught ReferenceError: Can't find variable: shared"))
        // ...and with --together the page runs as one program. Indented and tilde fences count;
        // a js block shown inside a longer md fence does not.
        let together = try Self.check(["--together", "fences.md"])
        #expect(together.status == 0, "\(together.stdout)\(together.stderr)")
        #expect(together.stdout.hasSuffix("4 passed, 0 failed, 0 skipped\n"))
    }

    @Test func aSocketThatNeverOpensFailsTheBlock() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-check-\(getpid()).md")
        try "```js\nconst ws = new WebSocket(\"ws://127.0.0.1:1/\");\nws.onerror = () => {};\n```\n".write(to: page, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: page) }
        // The --map sends this one elsewhere than the echo server: nothing listens there.
        let result = try WSJSProcess.run(["check", "--map", "ws://127.0.0.1:1/=ws://127.0.0.1:1/", page.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("failed: 1 of 1 WebSockets never reached OPEN"), "\(result.stdout)")
    }

    @Test func webSocketStreamPagesExamplesPass() throws {
        // MDN's WebSocketStream examples: streams count as sockets (created, reached OPEN), and
        // each message read keeps the quiet period from closing them.
        let result = try Self.check(["websocketstream.md"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("9 passed, 0 failed, 0 skipped\n"), "\(result.stdout)")
    }

    @Test func aWebSocketStreamThatNeverOpensFailsTheBlock() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-check-stream-\(getpid()).md")
        try "```js\nconst wss = new WebSocketStream(\"ws://127.0.0.1:1/\");\n```\n".write(to: page, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: page) }
        let result = try WSJSProcess.run(["check", "--map", "ws://127.0.0.1:1/=ws://127.0.0.1:1/", page.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("failed: 1 of 1 WebSockets never reached OPEN"), "\(result.stdout)")
    }

    @Test func usageErrors() throws {
        #expect(try WSJSProcess.run(["check"]).status == 2)
        let missing = try WSJSProcess.run(["check", "no-such-page.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read 'no-such-page.md'"))
    }

    @Test func mdnBlobExamplesReadThroughResponse() throws {
        let result = try Self.check(["blob-response.md"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("3 passed, 0 failed, 0 skipped\n"), "\(result.stdout)")
    }
}
