// SPDX-License-Identifier: MIT
import NIOCore
import NIOPosix
import Testing
@testable import WSJSTransport

/// The client's checks of the server's handshake response, one case per rule of the WebSockets
/// Standard's "establish a WebSocket connection" step 11 and RFC 6455 §4.1 (client steps 2–6),
/// against the loopback server answering a correct 101 response with headers left out, changed
/// or added. Where the RFC's prose leaves room the expected outcome is Chromium's
/// (`net/websockets/websocket_basic_handshake_stream.cc`).
@Suite struct HandshakeResponseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var omitting: [String] = []
        var adding: [String] = []
        var subprotocols: [String] = []
        var offerDeflate = false
        /// nil: the connection opens (with `protocolInUse`); else the failure names this.
        var failureMentions: String?
        var protocolInUse = ""
        var testDescription: String { name }
    }

    static let opening: [Case] = [
        Case(name: "Upgrade's value in another case", omitting: ["Upgrade"], adding: ["Upgrade: WebSocket"]),
        Case(name: "header names in other cases", omitting: ["Upgrade", "Connection", "Sec-WebSocket-Accept"],
             adding: ["UPGRADE: websocket", "connection: upgrade", "sec-websocket-accept: {accept}"]),
        Case(name: "Upgrade among Connection's tokens", omitting: ["Connection"], adding: ["Connection: keep-alive, UPGRADE"]),
        Case(name: "Connection over two lines", omitting: ["Connection"], adding: ["Connection: keep-alive", "Connection: Upgrade"]),
        Case(name: "whitespace around the accept value", omitting: ["Sec-WebSocket-Accept"], adding: ["Sec-WebSocket-Accept: \t {accept} \t"]),
        Case(name: "an offered subprotocol selected", adding: ["Sec-WebSocket-Protocol: b"], subprotocols: ["a", "b"], protocolInUse: "b"),
        Case(name: "headers the client does not know", adding: ["X-Served-By: test", "Sec-WebSocket-Version: 13"]),
        Case(name: "the offered extension accepted", adding: ["Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"], offerDeflate: true),
    ]

    static let failing: [Case] = [
        // WebSockets step 11.2: protocols were offered and none was acknowledged.
        Case(name: "offered subprotocols, none selected", subprotocols: ["a"], failureMentions: "selected none of the offered subprotocols ('a')"),
        Case(name: "offered subprotocols, an empty field", adding: ["Sec-WebSocket-Protocol:"], subprotocols: ["a"], failureMentions: "Sec-WebSocket-Protocol header is empty"),
        Case(name: "offered subprotocols, a list", adding: ["Sec-WebSocket-Protocol: a, b"], subprotocols: ["a", "b"], failureMentions: "'a, b' is not a single token"),
        Case(name: "offered subprotocols, two fields", adding: ["Sec-WebSocket-Protocol: a", "Sec-WebSocket-Protocol: a"], subprotocols: ["a"], failureMentions: "2 Sec-WebSocket-Protocol headers"),
        // RFC 6455 §4.1 step 6: a subprotocol the client did not offer.
        Case(name: "an unoffered subprotocol", adding: ["Sec-WebSocket-Protocol: c"], subprotocols: ["a", "b"], failureMentions: "'c', which was not offered"),
        Case(name: "an offered subprotocol in another case", adding: ["Sec-WebSocket-Protocol: A"], subprotocols: ["a"], failureMentions: "'A', which was not offered"),
        Case(name: "a subprotocol when none was offered", adding: ["Sec-WebSocket-Protocol: a"], failureMentions: "'a', which was not offered (no subprotocol was)"),
        Case(name: "an empty subprotocol field when none was offered", adding: ["Sec-WebSocket-Protocol:"], failureMentions: "'', which was not offered (no subprotocol was)"),
        // Step 2: Upgrade.
        Case(name: "no Upgrade", omitting: ["Upgrade"], failureMentions: "Upgrade header is missing"),
        Case(name: "Upgrade a list", omitting: ["Upgrade"], adding: ["Upgrade: websocket, h2c"], failureMentions: "'websocket, h2c', not 'websocket'"),
        Case(name: "Upgrade twice", omitting: ["Upgrade"], adding: ["Upgrade: websocket", "Upgrade: websocket"], failureMentions: "2 Upgrade headers"),
        Case(name: "Upgrade another protocol", omitting: ["Upgrade"], adding: ["Upgrade: h2c"], failureMentions: "'h2c', not 'websocket'"),
        Case(name: "Upgrade empty", omitting: ["Upgrade"], adding: ["Upgrade:"], failureMentions: "'', not 'websocket'"),
        // Step 3: Connection.
        Case(name: "no Connection", omitting: ["Connection"], failureMentions: "no Connection header"),
        Case(name: "Connection without Upgrade", omitting: ["Connection"], adding: ["Connection: keep-alive"], failureMentions: "'keep-alive' does not contain the token 'Upgrade'"),
        Case(name: "Connection with a longer token", omitting: ["Connection"], adding: ["Connection: Upgraded"], failureMentions: "does not contain the token 'Upgrade'"),
        // Step 4: Sec-WebSocket-Accept.
        Case(name: "no Sec-WebSocket-Accept", omitting: ["Sec-WebSocket-Accept"], failureMentions: "Sec-WebSocket-Accept is missing"),
        Case(name: "a wrong Sec-WebSocket-Accept", omitting: ["Sec-WebSocket-Accept"], adding: ["Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="], failureMentions: "Sec-WebSocket-Accept is 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='"),
        Case(name: "Sec-WebSocket-Accept twice", adding: ["Sec-WebSocket-Accept: {accept}"], failureMentions: "2 Sec-WebSocket-Accept headers"),
        // Step 5: extensions.
        Case(name: "an unoffered extension", adding: ["Sec-WebSocket-Extensions: x-webkit-deflate-frame"], offerDeflate: true, failureMentions: "'x-webkit-deflate-frame', which was not offered"),
        Case(name: "permessage-deflate when it was not offered", adding: ["Sec-WebSocket-Extensions: permessage-deflate"], failureMentions: "'permessage-deflate', which was not offered"),
        Case(name: "permessage-deflate twice in a list", adding: ["Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate"], offerDeflate: true, failureMentions: "which was not offered or has invalid parameters"),
        Case(name: "two extension fields", adding: ["Sec-WebSocket-Extensions: permessage-deflate", "Sec-WebSocket-Extensions: permessage-deflate"], offerDeflate: true, failureMentions: "2 Sec-WebSocket-Extensions headers"),
        Case(name: "an empty extension field", adding: ["Sec-WebSocket-Extensions:"], offerDeflate: true, failureMentions: "the extension ''"),
    ]

    /// Starts the server answering as `testCase` says, connects, closes once open; returns
    /// the client's events.
    func events(_ testCase: Case) async throws -> [String] {
        var server = WebSocketServer.Configuration(behaviour: .switchingProtocolsWithHeaders(omitting: testCase.omitting, adding: testCase.adding))
        // The server negotiates nothing itself: each case's added lines are the whole answer.
        server.permessageDeflate = false
        var client = WebSocketClientConfiguration()
        client.subprotocols = testCase.subprotocols
        client.permessageDeflate = testCase.offerDeflate
        let delegate = try await LoopbackTests().exchange(server: server, client: client) { delegate in
            delegate.onOpen = { $0.close(code: 1000) }
        }
        return delegate.events
    }

    @Test("a response the checks accept opens the connection", arguments: opening)
    func opens(_ testCase: Case) async throws {
        let events = try await events(testCase)
        #expect(events == ["open \(testCase.protocolInUse)", "close 1000 '' clean"])
    }

    @Test("a response that breaks a rule fails the connection", arguments: failing)
    func fails(_ testCase: Case) async throws {
        let events = try await events(testCase)
        #expect(events.count == 2, "\(events)")
        #expect(events.first?.hasPrefix("fail -: ") == true && events.first?.contains(testCase.failureMentions!) == true, "\(events)")
        #expect(events.last == "close 1006 '' unclean")
    }
}

/// The request as the loopback server received it (it sends the head back as a message).
@Suite struct HandshakeRequestTests {
    func requestLines(_ client: WebSocketClientConfiguration) async throws -> [String] {
        let delegate = try await LoopbackTests().exchange(server: .init(behaviour: .sendRequestHead), client: client) { delegate in
            delegate.onMessage = { connection, _ in connection.close(code: 1000) }
        }
        let head = delegate.events.first { $0.hasPrefix("text ") }.map { String($0.dropFirst(5)) } ?? ""
        return head.split(separator: "\r\n").map(String.init)
    }

    /// WebSockets step 2: the request's cache mode is "no-store", for which Fetch adds `Pragma`
    /// and `Cache-Control` (no-cache) unless the request has them already.
    @Test func theRequestAsksCachesNotToAnswer() async throws {
        let lines = try await requestLines(WebSocketClientConfiguration())
        #expect(lines.first?.hasPrefix("GET / HTTP/1.1") == true, "\(lines)")
        #expect(lines.contains("Pragma: no-cache") && lines.contains("Cache-Control: no-cache"), "\(lines)")
        var client = WebSocketClientConfiguration()
        client.extraHeaders = [("cache-control", "max-age=0")]
        let given = try await requestLines(client)
        #expect(given.filter { $0.lowercased().hasPrefix("cache-control:") } == ["cache-control: max-age=0"], "\(given)")
        #expect(given.contains("Pragma: no-cache"))
    }
}
