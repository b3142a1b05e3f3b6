// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import WSJSTransport

/// Byte-level pieces of RFC 6455: masking and frame headers, close codes, UTF-8 validation, the
/// handshake's request, accept value and response checks, and ws: URLs.
@Suite struct ProtocolPrimitivesTests {
    func encode(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, key: MaskingKey = (0x37, 0xFA, 0x21, 0x3D)) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        payload.withUnsafeBytes { ClientFrameEncoder.write(opcode: opcode, fin: fin, payload: $0, maskKey: key, into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    @Test func masksTheRFCExample() {
        // RFC 6455 §5.7: a single-frame masked text message "Hello".
        #expect(encode(.text, Array("Hello".utf8)) == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test func usesTheShortestLengthEncoding() {
        let zeroKey: MaskingKey = (0, 0, 0, 0)
        #expect(Array(encode(.binary, [UInt8](repeating: 7, count: 125), key: zeroKey).prefix(2)) == [0x82, 0x80 | 125])
        #expect(Array(encode(.binary, [UInt8](repeating: 7, count: 126), key: zeroKey).prefix(4)) == [0x82, 0xFE, 0x00, 0x7E])
        #expect(Array(encode(.binary, [UInt8](repeating: 7, count: 65535), key: zeroKey).prefix(4)) == [0x82, 0xFE, 0xFF, 0xFF])
        #expect(Array(encode(.binary, [UInt8](repeating: 7, count: 65536), key: zeroKey).prefix(10)) == [0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(encode(.continuation, [], fin: false, key: zeroKey) == [0x00, 0x80, 0, 0, 0, 0])
    }

    @Test func masksEveryByteOfLongPayloads() {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let key: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4]
        let frame = encode(.binary, payload, key: (key[0], key[1], key[2], key[3]))
        let body = frame.suffix(1000)
        #expect(body.enumerated().allSatisfy { $0.element ^ key[$0.offset % 4] == payload[$0.offset] })
    }

    @Test func closeCodesAllowedOnTheWire() {
        for code: UInt16 in [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] {
            #expect(WebSocketCloseCode.isValidOnTheWire(code), "\(code)")
        }
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] {
            #expect(!WebSocketCloseCode.isValidOnTheWire(code), "\(code)")
        }
    }

    @Test func parsesClosePayloads() {
        func parse(_ bytes: [UInt8]) -> Result<ClosePayload, ClosePayload.Problem> {
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            return ClosePayload.parse(buffer)
        }
        #expect(parse([]) == .success(ClosePayload(code: nil, reason: "")))
        #expect(parse([0x03, 0xE8, 0x62, 0x79, 0x65]) == .success(ClosePayload(code: 1000, reason: "bye")))
        #expect(parse([0x03]) == .failure(.truncatedCode))
        #expect(parse([0x03, 0xED]) == .failure(.invalidCode(1005)))
        #expect(parse([0x03, 0xE8, 0xFF]) == .failure(.invalidReason))
    }

    @Test func validatesUTF8AcrossChunkBoundaries() {
        let text = Array("aé€😀 plain ascii text here".utf8)
        for split in 0...text.count {
            var validator = UTF8Validator()
            let first = text[..<split].withUnsafeBytes { validator.validate($0) }
            let second = text[split...].withUnsafeBytes { validator.validate($0) }
            #expect(first && second && validator.isComplete, "split at \(split)")
        }
        var truncated = UTF8Validator()
        let cutOff: [UInt8] = [0x61, 0xE2, 0x82]
        #expect(cutOff.withUnsafeBytes { truncated.validate($0) })
        #expect(!truncated.isComplete, "a cut-off scalar is not a complete message")
        for invalid: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x61, 0x80]] {
            var validator = UTF8Validator()
            #expect(!invalid.withUnsafeBytes { validator.validate($0) }, "\(invalid)")
        }
        // The first bad byte fails at once, even if the chunk that completes the message never comes.
        // "κόσμε" followed by an encoded surrogate (Autobahn case 6.3.1).
        let kosme: [UInt8] = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5]
        var early = UTF8Validator()
        #expect(kosme.withUnsafeBytes { early.validate($0) })
        let surrogate: [UInt8] = [0xED, 0xA0, 0x80]
        #expect(!surrogate.withUnsafeBytes { early.validate($0) })
    }

    @Test func acceptValueMatchesTheRFCSample() {
        // RFC 6455 §1.3.
        #expect(OpeningHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(OpeningHandshake.randomKey().count == 24)
        #expect(OpeningHandshake.randomKey() != OpeningHandshake.randomKey())
    }

    /// FIPS 180-4's SHA-1 examples (NIST's published vectors), plus the empty message and
    /// lengths around the padding boundary, where an off-by-one would show.
    @Test func sha1MatchesThePublishedVectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
        func sha1(_ text: String) -> String { hex(HandshakeDigest.sha1(Array(text.utf8))) }
        #expect(sha1("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(sha1("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(sha1("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "a49b2446a02c645bf419f995b67091253a04a259")
        #expect(hex(HandshakeDigest.sha1([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(sha1(String(repeating: "a", count: 55)) == "c1c8bbdc22796e28c0e15163d20899b65621d65a")
        #expect(sha1(String(repeating: "a", count: 56)) == "c2db330f6083854c99d4b5bfb6e8f29f201be699")
        #expect(sha1(String(repeating: "a", count: 64)) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
    }

    /// RFC 4648 §10's base64 test vectors.
    @Test func base64MatchesTheRFCVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, output) in vectors {
            #expect(HandshakeDigest.base64(Array(input.utf8)) == output, "\(input)")
        }
        #expect(HandshakeDigest.base64([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test func buildsTheRequest() {
        var configuration = WebSocketClientConfiguration()
        configuration.subprotocols = ["chat", "superchat"]
        configuration.origin = "http://example.com"
        configuration.userAgent = "wsjs/test"
        configuration.extraHeaders = [("Authorization", "Bearer t")]
        let handshake = OpeningHandshake(endpoint: WebSocketEndpoint(url: "ws://Example.com:8080/chat?room=1")!, configuration: configuration, key: "dGhlIHNhbXBsZSBub25jZQ==")
        let request = handshake.request(allocator: ByteBufferAllocator())
        #expect(String(buffer: request) == """
            GET /chat?room=1 HTTP/1.1\r
            Host: example.com:8080\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            Sec-WebSocket-Protocol: chat, superchat\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            Origin: http://example.com\r
            Pragma: no-cache\r
            Cache-Control: no-cache\r
            User-Agent: wsjs/test\r
            Authorization: Bearer t\r
            \r

            """)
    }

    func validate(_ response: String, subprotocols: [String] = []) -> Result<OpeningHandshake.Outcome, WebSocketTransportError> {
        var configuration = WebSocketClientConfiguration()
        configuration.subprotocols = subprotocols
        let handshake = OpeningHandshake(endpoint: WebSocketEndpoint(host: "h"), configuration: configuration, key: "dGhlIHNhbXBsZSBub25jZQ==")
        guard case .success(let head) = HTTPResponseHead.parse(Substring(response)) else {
            return .failure(.handshake("unparseable"))
        }
        return handshake.validate(head)
    }

    let good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    @Test func parsesResponseHeads() throws {
        let head = try HTTPResponseHead.parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade:websocket \r\nX-A: 1\r\nx-a:\t2\r\nSec-WebSocket-Accept: k").get()
        #expect(head.status == 101)
        #expect(head.reason == "Switching Protocols")
        #expect(head.header("upgrade") == "websocket", "names lower-cased, values trimmed")
        #expect(head.header("x-a") == "1, 2", "repeated fields joined (RFC 9110 §5.3)")
        #expect(try HTTPResponseHead.parse("HTTP/1.0 200").get().reason == "")
        for bad in ["", "HTTP/2 101 OK", "HTTP/1.1 1010 OK", "HTTP/1.1 abc OK", "ICY 200 OK", "HTTP/1.1"] {
            #expect(HTTPResponseHead.parse(Substring(bad)) == .failure(.malformedStatusLine), "\(bad)")
        }
        // RFC 9110 §5.5: a CR, LF or NUL in a field value makes it invalid (a lone CR or LF
        // does not end the line here, so it is inside the value).
        for bad in ["no colon", " folded: line", "\tfolded: line", ": no name", "a name: x", "", "A: x\ny", "A: x\ry", "A: x\u{0}y"] {
            #expect(HTTPResponseHead.parse(Substring("HTTP/1.1 101 OK\r\n" + bad)) == .failure(.malformedHeader), "\(bad)")
        }
    }

    @Test func acceptsAValidResponse() {
        #expect(validate(good) == .success(.init(subprotocol: "", extensions: "")))
        #expect(validate(good + "\r\nSec-WebSocket-Protocol: chat", subprotocols: ["x", "chat"]) == .success(.init(subprotocol: "chat", extensions: "")))
    }

    @Test func rejectsBadResponses() throws {
        func reason(_ response: String, subprotocols: [String] = []) -> String? {
            if case .failure(let error) = validate(response, subprotocols: subprotocols) { return error.message }
            return nil
        }
        #expect(reason("HTTP/1.1 403 Forbidden\r\nContent-Length: 0")?.contains("403 Forbidden") == true, "the status is in the reason")
        #expect(reason("HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/")?.contains("302") == true, "redirects fail")
        #expect(reason(good.replacingOccurrences(of: "Upgrade: WebSocket\r\n", with: ""))?.contains("Upgrade") == true)
        #expect(reason(good.replacingOccurrences(of: "keep-alive, Upgrade", with: "keep-alive"))?.contains("Connection") == true)
        #expect(reason(good.replacingOccurrences(of: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", with: "wrongwrongwrongwrongwrong="))?.contains("Sec-WebSocket-Accept") == true)
        #expect(reason(good + "\r\nSec-WebSocket-Protocol: chat")?.contains("not offered") == true, "a subprotocol nobody asked for")
        #expect(reason(good + "\r\nSec-WebSocket-Protocol: other", subprotocols: ["chat"])?.contains("'other'") == true)
        #expect(reason(good + "\r\nSec-WebSocket-Extensions: x-webkit-deflate-frame")?.contains("extension") == true)
        // permessage-deflate answers must be valid answers to the offer (RFC 7692 §7.1).
        for bad in ["permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits",
                    "permessage-deflate; client_max_window_bits", "permessage-deflate; mystery",
                    "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                    "permessage-deflate; client_no_context_takeover=1", "permessage-deflate, permessage-deflate"] {
            #expect(reason(good + "\r\nSec-WebSocket-Extensions: \(bad)")?.contains("invalid parameters") == true, "\(bad)")
        }
    }

    @Test func acceptsPermessageDeflateAnswers() throws {
        let answer = "permessage-deflate; server_no_context_takeover; client_max_window_bits=10; server_max_window_bits=\"12\""
        guard case .success(let outcome) = validate(good + "\r\nSec-WebSocket-Extensions: \(answer)") else {
            Issue.record("rejected")
            return
        }
        #expect(outcome.extensions == answer, "the extensions string is the server's header")
        #expect(outcome.deflate == .init(serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 12, clientMaxWindowBits: 10))
    }

    @Test func parsesEndpoints() {
        #expect(WebSocketEndpoint(url: "ws://localhost:8080/socket?x=1") == WebSocketEndpoint(host: "localhost", port: 8080, resource: "/socket?x=1"))
        #expect(WebSocketEndpoint(url: "wss://example.com") == WebSocketEndpoint(host: "example.com", port: 443, resource: "/", secure: true))
        #expect(WebSocketEndpoint(url: "ws://[::1]:9000/")?.host == "::1")
        #expect(WebSocketEndpoint(url: "ws://[::1]:9000/")?.hostHeader == "[::1]:9000")
        #expect(WebSocketEndpoint(url: "ws://h:80/")?.hostHeader == "h", "default port omitted")
        #expect(WebSocketEndpoint(url: "ws://h?q")?.resource == "/?q")
        #expect(WebSocketEndpoint(url: "ws://127.0.0.1/")?.hostIsIPAddress == true)
        #expect(WebSocketEndpoint(url: "ws://example.com/")?.hostIsIPAddress == false)
        for bad in ["http://h/", "ws://", "ws://h/#frag", "ws://h:99999/", "ws://h:x/"] {
            #expect(WebSocketEndpoint(url: bad) == nil, "\(bad)")
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Defaults users rely on.
@Suite struct ClientDefaultsTests {
    @Test func theUserAgentNamesWsjsAndItsVersion() {
        #expect(WebSocketClientConfiguration().userAgent == "wsjs/\(WSJSVersion.current)")
    }

    @Test func compressionIsOfferedAndLimitsAreSet() {
        let configuration = WebSocketClientConfiguration()
        #expect(configuration.permessageDeflate)
        #expect(configuration.maxMessageSize == 64 << 20)
        #expect(configuration.maxHandshakeHeaderSize == 16 << 10)
    }

    @Test func sslCertFileAddsATrustedCAFile() {
        setenv("SSL_CERT_FILE", "/tmp/wsjs-extra-ca.pem", 1)
        let options = TLSOptions()
        unsetenv("SSL_CERT_FILE")
        #expect(options.additionalCAFiles == ["/tmp/wsjs-extra-ca.pem"])
        #expect(!options.insecure, "verification is on by default")
        #expect(TLSOptions(additionalCAFiles: ["/a.pem"]).additionalCAFiles == ["/a.pem"], "an explicit list wins")
    }
}
