// SPDX-License-Identifier: MIT
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing
@testable import WSJSTransport

/// The client's checks of what the server sends (RFC 6455 §5, §7), driven through an in-memory
/// channel: each fixture says what the fake frame claims, and the test asserts the exact Close
/// frame the client sends back and the events it reports.
@Suite struct FrameRulesTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

    final class Harness {
        let channel = EmbeddedChannel()
        let delegate = RecordingDelegate()
        let connection: WebSocketConnection
        /// Bytes the client wrote that no frame has been read from yet (frames written in one
        /// loop turn arrive in one buffer).
        private var written: [UInt8] = []

        init(configuration: WebSocketClientConfiguration = WebSocketClientConfiguration(), response: String = FrameRulesTests.response) throws {
            connection = try WebSocketConnection.attach(to: channel, endpoint: WebSocketEndpoint(host: "example.com"), configuration: configuration, delegate: delegate, key: FrameRulesTests.key)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
            _ = try channel.readOutbound(as: ByteBuffer.self)  // the request
            try send(Array(response.utf8))
        }

        func send(_ bytes: [UInt8]) throws {
            var buffer = channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            try channel.writeInbound(buffer)
            channel.embeddedEventLoop.run()
        }

        /// The next frame the client wrote, unmasked: (first byte, payload).
        func nextFrame() throws -> (UInt8, [UInt8])? {
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { written += buffer.readableBytesView }
            guard written.count >= 2 else { return nil }
            #expect(written[1] & 0x80 != 0, "client frames are masked")
            var length = Int(written[1] & 0x7F)
            var headerEnd = 2
            if length == 126 {
                length = Int(written[2]) << 8 | Int(written[3])
                headerEnd = 4
            } else if length == 127 {
                length = written[2..<10].reduce(0) { $0 << 8 | Int($1) }
                headerEnd = 10
            }
            let key = Array(written[headerEnd..<(headerEnd + 4)])
            let start = headerEnd + 4
            let payload = written[start..<(start + length)].enumerated().map { $0.element ^ key[$0.offset % 4] }
            let first = written[0]
            written.removeFirst(start + length)
            return (first, payload)
        }

        /// Asserts that the client sent Close with `code` and reported failure then 1006.
        func expectFailure(closeCode: UInt16, _ comment: Comment) throws {
            let frame = try nextFrame()
            #expect(frame?.0 == 0x88, comment)
            #expect(frame?.1 == [UInt8(closeCode >> 8), UInt8(closeCode & 0xFF)], comment)
            let events = delegate.events
            #expect(events.count == 3, "\(comment): \(events)")
            #expect(events.dropFirst().first?.hasPrefix("fail \(closeCode):") == true, "\(comment): \(events)")
            #expect(events.last == "close 1006 '' unclean", comment)
            #expect(!channel.isActive, "TCP is closed")
        }
    }

    @Test func rsvBitsWithoutAnExtensionFailWith1002() throws {
        // A text frame claiming RSV1 (compressed) although no extension was negotiated.
        try Harness().run([0xC1, 0x01, 0x61], expect: 1002)
    }

    @Test func maskedServerFramesFailWith1002() throws {
        // A server frame with the mask bit set and a key (servers must not mask, §5.1).
        try Harness().run([0x81, 0x81, 0x01, 0x02, 0x03, 0x04, 0x60], expect: 1002)
    }

    @Test func reservedOpcodesFailWith1002() throws {
        // Opcode 0x3 (reserved non-control) and 0xB (reserved control).
        try Harness().run([0x83, 0x00], expect: 1002)
        try Harness().run([0x8B, 0x00], expect: 1002)
    }

    @Test func longControlFramesFailWith1002() throws {
        // A Ping claiming a 126-byte payload (control frames carry at most 125, §5.5).
        try Harness().run([0x89, 0x7E, 0x00, 0x7E] + [UInt8](repeating: 0x61, count: 126), expect: 1002)
    }

    @Test func fragmentedControlFramesFailWith1002() throws {
        // A Ping without FIN (control frames must not be fragmented, §5.5).
        try Harness().run([0x09, 0x00], expect: 1002)
    }

    @Test func continuationWithoutAStartFailsWith1002() throws {
        // A final continuation frame with no message in progress (§5.4).
        try Harness().run([0x80, 0x01, 0x61], expect: 1002)
    }

    @Test func aNewMessageInsideAFragmentedOneFailsWith1002() throws {
        // A text fragment without FIN, then a new text frame instead of a continuation.
        try Harness().run([0x01, 0x01, 0x61, 0x81, 0x01, 0x62], expect: 1002)
    }

    @Test func invalidUTF8FailsWith1007() throws {
        // A text frame "\xC3\x28": a lead byte followed by a non-continuation byte.
        try Harness().run([0x81, 0x02, 0xC3, 0x28], expect: 1007)
    }

    @Test func invalidUTF8InALaterFragmentFailsBeforeTheMessageEnds() throws {
        // Fragment 1 is valid, fragment 2 (no FIN) holds an encoded surrogate: fail at once.
        try Harness().run([0x01, 0x02, 0xCE, 0xBA, 0x00, 0x03, 0xED, 0xA0, 0x80], expect: 1007)
    }

    @Test func aTextMessageEndingInsideAScalarFailsWith1007() throws {
        // A final text frame whose last scalar is cut off ("\xE2\x82").
        try Harness().run([0x81, 0x02, 0xE2, 0x82], expect: 1007)
    }

    @Test func aBadByteFailsAtOnceEvenInsideAnUnfinishedFrame() throws {
        // A text frame announcing 1000 bytes; only its first 3 arrive, and the third is invalid.
        try Harness().run([0x81, 0x7E, 0x03, 0xE8, 0x61, 0x62, 0xFF], expect: 1007)
    }

    @Test func framesSplitIntoSingleBytesAreReassembled() throws {
        let harness = try Harness()
        // "héllo" in a text frame and a Ping, delivered one byte per read.
        for byte: UInt8 in [0x81, 0x06, 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0x89, 0x00] { try harness.send([byte]) }
        #expect(harness.delegate.events == ["open ", "text héllo"])
        #expect(try harness.nextFrame()?.0 == 0x8A, "the Ping split over two reads was answered")
    }

    @Test func invalidCloseCodesFailWith1002() throws {
        // Close with 1005 (reserved for reporting), and with a 1-byte payload.
        try Harness().run([0x88, 0x02, 0x03, 0xED], expect: 1002)
        try Harness().run([0x88, 0x01, 0x03], expect: 1002)
    }

    @Test func aCloseReasonThatIsNotUTF8FailsWith1007() throws {
        try Harness().run([0x88, 0x03, 0x03, 0xE8, 0xFF], expect: 1007)
    }

    @Test func messagesOverTheLimitFailWith1009() throws {
        var configuration = WebSocketClientConfiguration()
        configuration.maxMessageSize = 4
        // Two fragments of 3 bytes each: 6 > 4 once the second arrives.
        try Harness(configuration: configuration).run([0x02, 0x03, 1, 2, 3, 0x80, 0x03, 4, 5, 6], expect: 1009)
        // One frame claiming 2^63 - 1 bytes: refused from its header alone.
        try Harness(configuration: configuration).run([0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], expect: 1009)
    }

    @Test func nothingIsDeliveredAfterAFailure() throws {
        let harness = try Harness()
        // An invalid frame followed, in the same read, by a valid text message.
        try harness.send([0x83, 0x00, 0x81, 0x01, 0x61])
        #expect(!harness.delegate.events.contains("text a"))
        #expect(harness.delegate.events.filter { $0.hasPrefix("fail") }.count == 1, "failed exactly once")
    }

    @Test func pingIsAnsweredWithTheSamePayload() throws {
        let harness = try Harness()
        try harness.send([0x89, 0x03, 0x61, 0x62, 0x63])
        let pong = try harness.nextFrame()
        #expect(pong?.0 == 0x8A)
        #expect(pong?.1 == [0x61, 0x62, 0x63])
    }

    @Test func fragmentsAreReassembledWithControlFramesInBetween() throws {
        let harness = try Harness()
        // "he" (text, no FIN), a Ping, "llo" (continuation, FIN); then a binary message.
        try harness.send([0x01, 0x02, 0x68, 0x65, 0x89, 0x00, 0x80, 0x03, 0x6C, 0x6C, 0x6F, 0x82, 0x02, 0x00, 0xFF])
        #expect(harness.delegate.events == ["open ", "text hello", "binary [0, 255]"])
        #expect(try harness.nextFrame()?.0 == 0x8A, "the Ping was answered")
    }

    @Test func aServerCloseIsEchoedAndTheCloseIsClean() throws {
        let harness = try Harness()
        // Close 1000 "bye".
        try harness.send([0x88, 0x05, 0x03, 0xE8, 0x62, 0x79, 0x65])
        let echo = try harness.nextFrame()
        #expect(echo?.0 == 0x88)
        #expect(echo?.1 == [0x03, 0xE8], "the code is echoed")
        try harness.channel.close().wait()
        #expect(harness.delegate.events == ["open ", "close 1000 'bye' clean"])
    }

    @Test func aCloseWithoutCodeIsReportedAs1005() throws {
        let harness = try Harness()
        try harness.send([0x88, 0x00])
        #expect(try harness.nextFrame()?.1 == [], "an empty Close is echoed empty")
        #expect(harness.delegate.closingStarted == 1, "the server started the closing handshake")
        #expect(harness.delegate.events.count == 1, "not closed until TCP is")
        try harness.channel.close().wait()
        #expect(harness.delegate.events.last == "close 1005 '' clean")
    }

    @Test func clientCloseGoesOutAfterQueuedMessages() throws {
        let harness = try Harness()
        harness.connection.send(text: UnsafeRawBufferPointer(start: nil, count: 0))
        Array("queued".utf8).withUnsafeBytes { harness.connection.send(binary: $0) }
        harness.connection.close(code: 4000, reason: "done")
        harness.channel.embeddedEventLoop.run()
        #expect(try harness.nextFrame()?.0 == 0x81)
        #expect(try harness.nextFrame()?.1 == Array("queued".utf8))
        let close = try harness.nextFrame()
        #expect(close?.0 == 0x88)
        #expect(close?.1 == [0x0F, 0xA0] + Array("done".utf8))
        #expect(harness.delegate.written == 6, "write completion counts payload bytes")
        // The server answers; the client closes TCP: a clean close with the server's code.
        try harness.send([0x88, 0x02, 0x0F, 0xA0])
        #expect(!harness.channel.isActive)
        #expect(harness.delegate.events.last == "close 4000 '' clean")
    }

    @Test func anAbruptEndIsAnUncleanClose() throws {
        let harness = try Harness()
        try harness.channel.close().wait()
        #expect(harness.delegate.events == ["open ", "close 1006 '' unclean"])
    }

    @Test func handshakeFailuresAreReportedWithTheirCause() throws {
        let wrongKey = FrameRulesTests.response.replacingOccurrences(of: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", with: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        let harness = try Harness(response: wrongKey)
        let events = harness.delegate.events
        #expect(events.count == 2)
        #expect(events.first?.contains("Sec-WebSocket-Accept") == true)
        #expect(events.last == "close 1006 '' unclean")
        let status = try Harness(response: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        #expect(status.delegate.events.first?.contains("404 Not Found") == true)
    }

    @Test func oversizedHandshakeHeadersFail() throws {
        var configuration = WebSocketClientConfiguration()
        configuration.maxHandshakeHeaderSize = 64
        let huge = "HTTP/1.1 101 Switching Protocols\r\nX-Filler: " + String(repeating: "x", count: 200)
        let harness = try Harness(configuration: configuration, response: huge)
        #expect(harness.delegate.events.first?.contains("larger than 64 bytes") == true)
        #expect(!harness.channel.isActive)
    }
}

extension FrameRulesTests.Harness {
    func run(_ frame: [UInt8], expect code: UInt16, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send(frame)
        try expectFailure(closeCode: code, Comment(rawValue: "frame \(frame.prefix(12))"))
    }
}

/// permessage-deflate on the receiving side (RFC 7692 §6, §7.2), with the RFC's own examples.
@Suite struct DeflateFrameTests {
    static let response = FrameRulesTests.response.replacingOccurrences(of: "\r\n\r\n", with: "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")

    @Test func inflatesTheRFCExampleAndKeepsTheWindowBetweenMessages() throws {
        let harness = try FrameRulesTests.Harness(response: Self.response)
        // §7.2.3.1: "Hello" compressed; §7.2.3.2: the same again, using the shared window.
        try harness.send([0xC1, 0x07, 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
        try harness.send([0xC1, 0x05, 0xF2, 0x00, 0x11, 0x00, 0x00])
        #expect(harness.delegate.events == ["open ", "text Hello", "text Hello"])
        #expect(harness.delegate.extensions == "permessage-deflate")
    }

    @Test func inflatesACompressedMessageSplitOverFragments() throws {
        let harness = try FrameRulesTests.Harness(response: Self.response)
        // §7.2.3.3 style: the compressed "Hello" split in two frames; RSV1 only on the first.
        try harness.send([0x41, 0x03, 0xF2, 0x48, 0xCD, 0x80, 0x04, 0xC9, 0xC9, 0x07, 0x00])
        #expect(harness.delegate.events == ["open ", "text Hello"])
    }

    @Test func anUncompressedMessageStillPasses() throws {
        let harness = try FrameRulesTests.Harness(response: Self.response)
        try harness.send([0x81, 0x02, 0x68, 0x69])
        #expect(harness.delegate.events == ["open ", "text hi"])
    }

    @Test func rsv1OnAContinuationOrControlFrameFailsWith1002() throws {
        try FrameRulesTests.Harness(response: Self.response).run([0x01, 0x01, 0x61, 0xC0, 0x01, 0x62], expect: 1002)
        try FrameRulesTests.Harness(response: Self.response).run([0xC9, 0x00], expect: 1002)
    }

    @Test func corruptCompressedDataFailsWith1002() throws {
        // A compressed frame whose payload is not a deflate stream (0xFF is an invalid block type).
        try FrameRulesTests.Harness(response: Self.response).run([0xC1, 0x03, 0xFF, 0xFF, 0xFF], expect: 1002)
    }

    @Test func aDecompressionBombStopsAtTheMessageLimit() throws {
        var configuration = WebSocketClientConfiguration()
        configuration.maxMessageSize = 1000
        // 100,000 zero bytes deflated (raw, sync-flushed, tail removed) are ~100 bytes on the wire.
        let deflater = try PerMessageDeflate(parameters: .init(), isClient: false)
        let zeros = [UInt8](repeating: 0, count: 100_000)
        let compressed = try zeros.withUnsafeBytes { try deflater.compress($0, allocator: ByteBufferAllocator()) }
        #expect(compressed.readableBytes < 200)
        let harness = try FrameRulesTests.Harness(configuration: configuration, response: Self.response)
        try harness.run([0xC2, UInt8(compressed.readableBytes)] + Array(compressed.readableBytesView), expect: 1009)
    }
}
