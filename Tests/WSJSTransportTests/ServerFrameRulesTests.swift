// SPDX-License-Identifier: MIT
import NIOCore
import NIOEmbedded
import Testing
@testable import WSJSTransport

/// The server's checks of what a client sends (RFC 6455 §5, §7, §8), driven through an
/// in-memory channel with byte fixtures: each test asserts the exact frames the server answers
/// with — the echo, or the Close frame with the code the RFC gives — and that nothing is echoed
/// after a failure.
@Suite struct ServerFrameRulesTests {
    static let request = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    final class Harness {
        let channel = EmbeddedChannel()
        private var written: [UInt8] = []

        init(_ configuration: WebSocketServer.Configuration = WebSocketServer.Configuration()) throws {
            try channel.pipeline.syncOperations.addHandler(ServerHandshakeHandler(configuration: configuration))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
            try send(Array(ServerFrameRulesTests.request.utf8))
            let response = String(decoding: try channel.readOutbound(as: ByteBuffer.self)?.readableBytesView ?? [], as: UTF8.self)
            #expect(response.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        }

        func send(_ bytes: [UInt8]) throws {
            var buffer = channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            try channel.writeInbound(buffer)
            channel.embeddedEventLoop.run()
        }

        /// A client frame: `first` is FIN, RSV and opcode; the payload is masked (§5.3).
        static func frame(_ first: UInt8, _ payload: [UInt8], masked: Bool = true) -> [UInt8] {
            var bytes = [first]
            let maskBit: UInt8 = masked ? 0x80 : 0
            if payload.count < 126 {
                bytes.append(maskBit | UInt8(payload.count))
            } else if payload.count < 65536 {
                bytes += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
            } else {
                bytes.append(maskBit | 127)
                bytes += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
            }
            guard masked else { return bytes + payload }
            let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
            return bytes + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        }

        /// Every frame the server wrote so far: (first byte, payload). Server frames are unmasked.
        func frames() throws -> [(UInt8, [UInt8])] {
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { written += buffer.readableBytesView }
            var frames: [(UInt8, [UInt8])] = []
            while written.count >= 2 {
                #expect(written[1] & 0x80 == 0, "server frames are not masked")
                var length = Int(written[1] & 0x7F)
                var start = 2
                if length == 126 {
                    length = Int(written[2]) << 8 | Int(written[3])
                    start = 4
                } else if length == 127 {
                    length = written[2..<10].reduce(0) { $0 << 8 | Int($1) }
                    start = 10
                }
                guard written.count >= start + length else { break }
                frames.append((written[0], Array(written[start..<(start + length)])))
                written.removeFirst(start + length)
            }
            return frames
        }
    }

    static func code(_ code: UInt16) -> [UInt8] { [UInt8(code >> 8), UInt8(code & 0xFF)] }

    /// Sends `bytes`, then a text message that must not be echoed; asserts the server answered
    /// with exactly one Close frame carrying `code` and closed TCP.
    func expectFailure(_ bytes: [UInt8], code: UInt16, configuration: WebSocketServer.Configuration = .init(), sourceLocation: SourceLocation = #_sourceLocation) throws {
        let harness = try Harness(configuration)
        try harness.send(bytes)
        if harness.channel.isActive { try harness.send(Harness.frame(0x81, Array("after".utf8))) }
        let frames = try harness.frames()
        #expect(frames.count == 1, "one Close frame and nothing else: \(frames)", sourceLocation: sourceLocation)
        #expect(frames.first?.0 == 0x88, sourceLocation: sourceLocation)
        #expect(frames.first?.1 == Self.code(code), sourceLocation: sourceLocation)
        #expect(!harness.channel.isActive, "TCP is closed", sourceLocation: sourceLocation)
    }

    @Test func unmaskedClientFramesFailWith1002() throws {
        try expectFailure(Harness.frame(0x81, Array("hi".utf8), masked: false), code: 1002)
    }

    @Test func rsvBitsWithoutAnExtensionFailWith1002() throws {
        try expectFailure(Harness.frame(0xC1, [0x61]), code: 1002)  // RSV1, no permessage-deflate
        try expectFailure(Harness.frame(0xA1, [0x61]), code: 1002)  // RSV2
        try expectFailure(Harness.frame(0x91, [0x61]), code: 1002)  // RSV3
    }

    @Test func reservedOpcodesFailWith1002() throws {
        for opcode: UInt8 in [0x3, 0x7, 0xB, 0xF] {
            try expectFailure(Harness.frame(0x80 | opcode, []), code: 1002)
        }
    }

    @Test func longOrFragmentedControlFramesFailWith1002() throws {
        try expectFailure(Harness.frame(0x89, [UInt8](repeating: 1, count: 126)), code: 1002)
        try expectFailure(Harness.frame(0x09, [1]), code: 1002)
    }

    @Test func continuationWithoutAStartFailsWith1002() throws {
        try expectFailure(Harness.frame(0x80, Array("x".utf8)), code: 1002)
    }

    @Test func aNewMessageInsideAFragmentedOneFailsWith1002() throws {
        try expectFailure(Harness.frame(0x01, Array("a".utf8)) + Harness.frame(0x81, Array("b".utf8)), code: 1002)
    }

    @Test func invalidUTF8FailsWith1007() throws {
        try expectFailure(Harness.frame(0x81, [0x61, 0xFF]), code: 1007)
        // A lone surrogate's encoding is not UTF-8 (§8.1 refers to RFC 3629).
        try expectFailure(Harness.frame(0x81, [0xED, 0xA0, 0x80]), code: 1007)
    }

    @Test func invalidUTF8InAFragmentFailsBeforeTheMessageEnds() throws {
        let harness = try Harness()
        try harness.send(Harness.frame(0x01, Array("ok".utf8)) + Harness.frame(0x00, [0xC0, 0xAF]))
        let frames = try harness.frames()
        #expect(frames.map(\.0) == [0x88])
        #expect(frames.first?.1 == Self.code(1007))
    }

    @Test func aTextMessageEndingInsideAScalarFailsWith1007() throws {
        try expectFailure(Harness.frame(0x81, [0x61, 0xE2, 0x82]), code: 1007)
    }

    @Test func aScalarSplitAcrossFragmentsIsAccepted() throws {
        let harness = try Harness()
        try harness.send(Harness.frame(0x01, [0xE2, 0x82]) + Harness.frame(0x80, [0xAC]))
        let frames = try harness.frames()
        #expect(frames.count == 1)
        #expect(frames.first?.0 == 0x81)
        #expect(frames.first?.1 == [0xE2, 0x82, 0xAC])
    }

    @Test func invalidCloseFramesFail() throws {
        try expectFailure(Harness.frame(0x88, [0x03]), code: 1002)  // a one-byte body
        for reserved: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000] {
            try expectFailure(Harness.frame(0x88, Self.code(reserved)), code: 1002)
        }
        try expectFailure(Harness.frame(0x88, Self.code(1000) + [0xFF]), code: 1007)
    }

    @Test func aValidCloseIsEchoedWithItsCode() throws {
        let harness = try Harness()
        try harness.send(Harness.frame(0x88, Self.code(4001) + Array("bye".utf8)))
        let frames = try harness.frames()
        #expect(frames.count == 1)
        #expect(frames.first?.0 == 0x88)
        #expect(frames.first?.1 == Self.code(4001) + Array("bye".utf8))
        #expect(!harness.channel.isActive)
    }

    @Test func pingIsAnsweredAndFragmentsAroundItAreReassembled() throws {
        let harness = try Harness()
        try harness.send(Harness.frame(0x02, [1, 2]) + Harness.frame(0x89, [9, 9]) + Harness.frame(0x80, [3]))
        let frames = try harness.frames()
        #expect(frames.map(\.0) == [0x8A, 0x82])
        #expect(frames.map(\.1) == [[9, 9], [1, 2, 3]])
    }

    @Test func aMessageIn65536FragmentsIsEchoedWhole() throws {
        let harness = try Harness()
        var bytes = Harness.frame(0x02, [UInt8](repeating: 7, count: 64))
        for index in 1..<65536 {
            bytes += Harness.frame(index == 65535 ? 0x80 : 0x00, [UInt8](repeating: UInt8(index & 0x7F), count: 64))
            if bytes.count > 1 << 20 {
                try harness.send(bytes)
                bytes = []
            }
        }
        try harness.send(bytes)
        let frames = try harness.frames()
        #expect(frames.count == 1)
        #expect(frames.first?.1.count == 4 << 20)
        #expect(frames.first?.1[64 * 65535] == UInt8(65535 & 0x7F))
    }

    @Test func messagesOverTheLimitFailWith1009() throws {
        var configuration = WebSocketServer.Configuration()
        configuration.maxMessageSize = 1000
        try expectFailure(Harness.frame(0x02, [UInt8](repeating: 0, count: 600)) + Harness.frame(0x80, [UInt8](repeating: 0, count: 600)), code: 1009, configuration: configuration)
        configuration.maxFrameSize = 500
        try expectFailure(Harness.frame(0x82, [UInt8](repeating: 0, count: 600)), code: 1009, configuration: configuration)
    }
}
