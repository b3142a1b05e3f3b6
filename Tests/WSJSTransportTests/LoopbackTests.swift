// SPDX-License-Identifier: MIT
import NIOCore
import NIOPosix
import Testing
@testable import WSJSTransport

/// The client against the loopback server over real sockets: echo, subprotocols, both closing
/// handshakes, timeouts, refused connections and a misbehaving server. Every server a test
/// starts is stopped by the test; every wait is bounded.
@Suite struct LoopbackTests {
    /// Starts a server, connects a client with `delegate`, waits (at most 20 s) for the close.
    func exchange(
        server configuration: WebSocketServer.Configuration = WebSocketServer.Configuration(),
        client clientConfiguration: WebSocketClientConfiguration = WebSocketClientConfiguration(),
        path: String = "/",
        setUp: (RecordingDelegate) -> Void
    ) async throws -> RecordingDelegate {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let server = try await WebSocketServer.start(configuration: configuration, on: group).get()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        setUp(delegate)
        try await delegate.run(to: WebSocketEndpoint(host: "127.0.0.1", port: server.port, resource: path), configuration: clientConfiguration, on: loop)
        try await server.stop().get()
        try await group.shutdownGracefully()
        return delegate
    }

    @Test func echoesTextAndBinaryThenClosesCleanly() async throws {
        let delegate = try await exchange { delegate in
            var received = 0
            delegate.onOpen = { connection in
                Array("héllo".utf8).withUnsafeBytes { connection.send(text: $0) }
                let bytes: [UInt8] = [1, 2, 3]
                bytes.withUnsafeBytes { connection.send(binary: $0) }
            }
            delegate.onMessage = { connection, _ in
                received += 1
                if received == 2 { connection.close(code: 1000, reason: "done") }
            }
        }
        #expect(delegate.events == ["open ", "text héllo", "binary [1, 2, 3]", "close 1000 'done' clean"])
        #expect(delegate.written == 9)
    }

    @Test func aLargeBinaryMessageRoundTrips() async throws {
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let delegate = try await exchange { delegate in
            delegate.onOpen = { connection in payload.withUnsafeBytes { connection.send(binary: $0) } }
            delegate.onMessage = { connection, message in
                if case .binary(let buffer) = message, Array(buffer.readableBytesView) == payload {
                    connection.close(code: 1000)
                } else {
                    connection.close(code: 4000, reason: "mismatch")
                }
            }
        }
        #expect(delegate.events == ["open ", "binary 1048576 bytes", "close 1000 '' clean"])
    }

    @Test func theServerSelectsAnOfferedSubprotocol() async throws {
        var client = WebSocketClientConfiguration()
        client.subprotocols = ["a", "b"]
        let delegate = try await exchange(server: .init(subprotocols: ["b", "c"]), client: client) { delegate in
            delegate.onOpen = { $0.close() }
        }
        #expect(delegate.events.first == "open b")
    }

    @Test func aServerInitiatedCloseCarriesItsCodeAndReason() async throws {
        let delegate = try await exchange(server: .init(behaviour: .closeAfterHandshake(code: 4001, reason: "bye"))) { _ in }
        #expect(delegate.events == ["open ", "close 4001 'bye' clean"])
    }

    @Test func aDroppedConnectionIsAnUncleanCloseWithoutFailure() async throws {
        let delegate = try await exchange(server: .init(behaviour: .dropAfterHandshake)) { _ in }
        #expect(delegate.events == ["open ", "close 1006 '' unclean"])
    }

    @Test func aServerThatNeverAnswersCloseIsTimedOut() async throws {
        var client = WebSocketClientConfiguration()
        client.closeTimeout = .milliseconds(200)
        let start = ContinuousClock.now
        let delegate = try await exchange(server: .init(behaviour: .ignoreClose), client: client) { delegate in
            delegate.onOpen = { $0.close(code: 1000) }
        }
        #expect(delegate.events == ["open ", "close 1006 '' unclean"])
        #expect(ContinuousClock.now - start >= .milliseconds(200))
    }

    @Test func aWrongAcceptKeyFailsTheHandshake() async throws {
        let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n"
        let delegate = try await exchange(server: .init(behaviour: .handshakeResponse(Array(response.utf8)))) { _ in }
        #expect(delegate.events.count == 2)
        #expect(delegate.events.first?.hasPrefix("fail -: the response's Sec-WebSocket-Accept") == true)
        #expect(delegate.events.last == "close 1006 '' unclean")
    }

    @Test func aMalformedFrameFromTheServerFailsTheConnection() async throws {
        // RSV2 set on a text frame.
        let delegate = try await exchange(server: .init(behaviour: .sendAfterHandshake([0xA1, 0x01, 0x61]))) { _ in }
        #expect(delegate.events.count == 3)
        #expect(delegate.events[1].hasPrefix("fail 1002: the server set RSV bits"))
        #expect(delegate.events.last == "close 1006 '' unclean")
    }

    @Test func aRefusedConnectionFailsThenCloses() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let refusing = try RefusingLoopbackPort()
        let port = refusing.port
        let loop = group.next()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        try await loop.submit {
            _ = WebSocketConnection.connect(to: WebSocketEndpoint(host: "127.0.0.1", port: port), on: loop, delegate: delegate)
        }.get()
        try await delegate.closed!.futureResult.get()
        try await group.shutdownGracefully()
        #expect(delegate.events.count == 2)
        #expect(delegate.events.first?.hasPrefix("fail -: could not connect to 127.0.0.1:\(port)") == true)
        #expect(delegate.events.last == "close 1006 '' unclean")
        withExtendedLifetime(refusing) {}
    }
}

/// Timeouts, resets, slow readers and IPv6.
@Suite struct LoopbackEdgeTests {
    let suite = LoopbackTests()

    @Test func aServerThatNeverAnswersTheHandshakeIsTimedOut() async throws {
        var client = WebSocketClientConfiguration()
        client.handshakeTimeout = .milliseconds(200)
        let delegate = try await suite.exchange(server: .init(behaviour: .neverAnswerHandshake), client: client) { _ in }
        #expect(delegate.events.count == 2)
        #expect(delegate.events.first?.hasPrefix("fail -: no handshake response within") == true, "\(delegate.events)")
        #expect(delegate.events.last == "close 1006 '' unclean")
    }

    @Test func aResetInTheMiddleOfAFrameIsAnUncleanClose() async throws {
        // A binary frame announcing 10 bytes, of which 3 arrive before TCP closes.
        let delegate = try await suite.exchange(server: .init(behaviour: .sendThenDrop([0x82, 0x0A, 1, 2, 3]))) { _ in }
        #expect(delegate.events == ["open ", "close 1006 '' unclean"])
    }

    @Test func writesCompleteOnlyAsASlowReaderCatchesUp() async throws {
        let message = [UInt8](repeating: 0x5A, count: 1 << 20)
        let total = 16 * message.count
        nonisolated(unsafe) var writtenWhilePaused = -1
        // Uncompressed, so the 16 MiB really have to cross the socket.
        var client = WebSocketClientConfiguration()
        client.permessageDeflate = false
        let delegate = try await suite.exchange(server: .init(behaviour: .pauseReading(milliseconds: 300)), client: client) { delegate in
            var echoes = 0
            delegate.onOpen = { connection in
                for _ in 0..<16 { message.withUnsafeBytes { connection.send(binary: $0) } }
                connection.eventLoop.scheduleTask(in: .milliseconds(150)) { writtenWhilePaused = delegate.written }
            }
            delegate.onMessage = { connection, _ in
                echoes += 1
                if echoes == 16 { connection.close(code: 1000) }
            }
        }
        #expect(writtenWhilePaused >= 0 && writtenWhilePaused < total, "the socket backed up while the server was not reading: \(writtenWhilePaused)")
        #expect(delegate.written == total, "every byte was reported written in the end")
        #expect(delegate.events.last == "close 1000 '' clean")
    }

    @Test func connectsOverIPv6Loopback() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        guard let server = try? await WebSocketServer.start(host: "::1", on: group).get() else {
            try await group.shutdownGracefully()
            return  // no IPv6 loopback on this machine
        }
        let loop = group.next()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        delegate.onOpen = { $0.close(code: 1000) }
        let endpoint = WebSocketEndpoint(url: server.url)!
        #expect(endpoint.host == "::1")
        try await loop.submit { _ = WebSocketConnection.connect(to: endpoint, on: loop, delegate: delegate) }.get()
        try await delegate.closed!.futureResult.get()
        try await server.stop().get()
        try await group.shutdownGracefully()
        #expect(delegate.events == ["open ", "close 1000 '' clean"])
    }
}

/// permessage-deflate end to end: the client offers it, the loopback server accepts it, and
/// messages of every kind survive compression in both directions.
@Suite struct DeflateLoopbackTests {
    let suite = LoopbackTests()

    @Test func messagesRoundTripCompressed() async throws {
        let big = Array(String(repeating: "compressible text ", count: 20_000).utf8)
        let delegate = try await suite.exchange { delegate in
            var echoes = 0
            delegate.onOpen = { connection in
                Array("héllo".utf8).withUnsafeBytes { connection.send(text: $0) }
                let bytes: [UInt8] = [0, 1, 2, 255]
                bytes.withUnsafeBytes { connection.send(binary: $0) }
                big.withUnsafeBytes { connection.send(text: $0) }
                Array("héllo".utf8).withUnsafeBytes { connection.send(text: $0) }
            }
            delegate.onMessage = { connection, _ in
                echoes += 1
                if echoes == 4 { connection.close(code: 1000) }
            }
        }
        #expect(delegate.extensions == "permessage-deflate")
        #expect(delegate.events.count == 6)
        #expect(delegate.events[1] == "text héllo")
        #expect(delegate.events[2] == "binary [0, 1, 2, 255]")
        #expect(delegate.events[3] == "text " + String(repeating: "compressible text ", count: 20_000))
        #expect(delegate.events[4] == "text héllo")
        let hello = Array("héllo".utf8).count
        #expect(delegate.written == hello + 4 + big.count + hello, "write completion counts uncompressed payload bytes")
    }

    @Test func withoutTheOfferNothingIsCompressed() async throws {
        var client = WebSocketClientConfiguration()
        client.permessageDeflate = false
        let delegate = try await suite.exchange(client: client) { delegate in
            delegate.onOpen = { $0.close(code: 1000) }
        }
        #expect(delegate.extensions == "")
    }
}

/// Name resolution: "localhost" resolves to both ::1 and 127.0.0.1; with the server on the IPv4
/// address only, the refused IPv6 attempt falls back to IPv4 (happy eyeballs, RFC 8305).
@Suite struct AddressFamilyFallbackTests {
    @Test func aRefusedAddressFamilyFallsBackToTheOther() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let server = try await WebSocketServer.start(host: "127.0.0.1", on: group).get()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        delegate.onOpen = { $0.close(code: 1000) }
        try await delegate.run(to: WebSocketEndpoint(host: "localhost", port: server.port), on: loop)
        try await server.stop().get()
        try await group.shutdownGracefully()
        #expect(delegate.events == ["open ", "close 1000 '' clean"])
    }
}
