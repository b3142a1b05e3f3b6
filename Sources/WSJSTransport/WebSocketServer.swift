// SPDX-License-Identifier: MIT
public import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A WebSocket server on loopback, for tests and for users (`wsjs serve`): an echo server that
/// can also misbehave on purpose, so clients can be tested against broken peers.
///
/// ```swift
/// let server = try await WebSocketServer.start(on: group).get()
/// print(server.url)          // ws://127.0.0.1:PORT/
/// try await server.stop().get()
/// ```
public final class WebSocketServer: Sendable {
    public let channel: any Channel
    public let port: Int
    public let host: String

    /// What the server does with each connection.
    public struct Configuration: Sendable {
        /// Subprotocols the server accepts; the first one the client offers that is listed wins.
        public var subprotocols: [String] = []
        /// The largest frame accepted (larger ones are closed with 1009).
        public var maxFrameSize: Int = 64 << 20
        /// The largest message accepted, after reassembly and inflation (larger ones: 1009).
        public var maxMessageSize: Int = 64 << 20
        public var behaviour: Behaviour = .echo
        /// Accept permessage-deflate when a client offers it (RFC 7692). Default on.
        public var permessageDeflate = true
        /// PEM certificate chain and private key files: serve `wss:` instead of `ws:`.
        public var tls: (certificateChainFile: String, privateKeyFile: String)?
        /// Select the first subprotocol the client offers, whatever it is (the built-in echo
        /// server of `wsjs check`, `--serve-echo` and `builtin:echo`: MDN's examples offer
        /// made-up names, and a client fails the connection when none is selected).
        public var selectsAnyOfferedSubprotocol = false

        /// The built-in echo server's (`wsjs check`, `--serve-echo`, `builtin:echo`): echo, and
        /// any offered subprotocol selected.
        public static var builtinEcho: Configuration {
            var configuration = Configuration()
            configuration.selectsAnyOfferedSubprotocol = true
            return configuration
        }

        public init(subprotocols: [String] = [], behaviour: Behaviour = .echo, tls: (certificateChainFile: String, privateKeyFile: String)? = nil) {
            self.subprotocols = subprotocols
            self.behaviour = behaviour
            self.tls = tls
        }
    }

    /// Echo, or one of the scripted ways to break the protocol (for tests of the client).
    public enum Behaviour: Sendable, Equatable {
        /// Echo every message with its opcode, answer Ping with Pong, echo Close.
        case echo
        /// Answer the handshake with these bytes instead of a correct 101 response.
        case handshakeResponse([UInt8])
        /// After the handshake, send these raw bytes (e.g. a malformed frame), then echo.
        case sendAfterHandshake([UInt8])
        /// After the handshake, send a Close frame with this code and reason.
        case closeAfterHandshake(code: UInt16, reason: String)
        /// After the handshake, close the TCP connection without a Close frame.
        case dropAfterHandshake
        /// Echo messages but never answer a Close frame (and never close TCP).
        case ignoreClose
        /// Read the handshake request but never answer it.
        case neverAnswerHandshake
        /// After the handshake, send these raw bytes, then close TCP (e.g. a reset mid-frame).
        case sendThenDrop([UInt8])
        /// Echo, but stop reading for this many milliseconds after the handshake (a slow reader).
        case pauseReading(milliseconds: Int64)
        /// Echo, and answer the client's Close with its code and the reason "<messages> <bytes>":
        /// how many messages and payload bytes arrived before it (tests that nothing was lost).
        case reportOnClose
        /// Cut the connection with a TCP reset after the first n bytes of a correct 101 response
        /// followed by the text frame "hello", n taken from the request path `/reset/<n>`: one
        /// server tests a reset at every offset of the handshake and of a frame.
        case resetAtRequestedOffset
        /// After the handshake, send one binary message of this many zero bytes, compressed when
        /// permessage-deflate was agreed: a decompression bomb (1 MiB of zeros is ~1 KiB).
        case sendCompressedZeros(Int)
        /// Answer with the correct 101 response changed: the header lines with these names
        /// (ASCII case-insensitive) left out, then these lines added, "{accept}" in them standing
        /// for the correct Sec-WebSocket-Accept value; then echo (without permessage-deflate
        /// when its header was left out). For tests of the client's checks of the response.
        case switchingProtocolsWithHeaders(omitting: [String], adding: [String])
        /// After the handshake, send the client's request head (up to the blank line) as one text
        /// message, then echo: tests see the headers the client sent.
        case sendRequestHead
        /// After the handshake, send binary messages of `messageSize` bytes (each starting with
        /// its index, 4 bytes little-endian) as fast as the connection takes them, until
        /// `totalBytes` have been sent or the client's Close arrives; the Close sent back has
        /// the reason "<payload bytes queued so far>". The server writes only while its channel
        /// is writable, so what it has queued tells how far TCP let it get: a client that
        /// stops reading must hold it back (tests of WebSocketStream's backpressure).
        case flood(messageSize: Int, totalBytes: Int)
    }

    /// True when the server speaks TLS (`wss:`).
    public let secure: Bool

    private init(channel: any Channel, host: String, secure: Bool) {
        self.channel = channel
        self.host = host
        self.secure = secure
        self.port = channel.localAddress?.port ?? 0
    }

    /// `ws://host:port/` (or `wss:`).
    public var url: String {
        let scheme = secure ? "wss" : "ws"
        return host.contains(":") ? "\(scheme)://[\(host)]:\(port)/" : "\(scheme)://\(host):\(port)/"
    }

    /// Starts listening; port 0 picks a free port.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        configuration: Configuration = Configuration(),
        on group: any EventLoopGroup
    ) -> EventLoopFuture<WebSocketServer> {
        let tlsContext: NIOSSLContext?
        if let tls = configuration.tls {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainFile).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tls.privateKeyFile, format: .pem)
                tlsContext = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            } catch {
                return group.next().makeFailedFuture(error)
            }
        } else {
            tlsContext = nil
        }
        let secure = tlsContext != nil
        return ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // TCP_NODELAY is an option of the TCP level: at the socket level its number is
            // SO_DEBUG's, which needs CAP_NET_ADMIN (every accept failed without it).
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    try channel.pipeline.syncOperations.addHandler(ServerHandshakeHandler(configuration: configuration))
                }
            }
            .bind(host: host, port: port)
            .map { WebSocketServer(channel: $0, host: host, secure: secure) }
    }

    /// Stops listening (open connections are closed with it).
    public func stop() -> EventLoopFuture<Void> {
        channel.close()
    }
}

/// Reads the client's opening handshake (RFC 6455 §4.2.1), answers it (§4.2.2), then installs
/// the frame codec and the server behaviour.
final class ServerHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let configuration: WebSocketServer.Configuration
    private var received: ByteBuffer?

    init(configuration: WebSocketServer.Configuration) {
        self.configuration = configuration
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil { received = bytes } else { received!.writeBuffer(&bytes) }
        guard var head = received, let end = ClientHandshakeHandler.endOfHead(in: head) else {
            if (received?.readableBytes ?? 0) > 16 << 10 { context.close(promise: nil) }
            return
        }
        let text = head.readString(length: end - head.readerIndex) ?? ""
        head.moveReaderIndex(forwardBy: 4)
        received = nil
        guard let request = Self.parseRequest(text), let key = request["sec-websocket-key"] else {
            respond(context, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", thenClose: true)
            return
        }
        if configuration.behaviour == .neverAnswerHandshake { return }
        if configuration.behaviour == .resetAtRequestedOffset {
            resetAtRequestedOffset(context, path: request[":path"] ?? "", key: key)
            return
        }
        if case .handshakeResponse(let raw) = configuration.behaviour {
            var buffer = context.channel.allocator.buffer(capacity: raw.count)
            buffer.writeBytes(raw)
            context.writeAndFlush(NIOAny(buffer), promise: nil)
            return
        }
        let offered = (request["sec-websocket-protocol"] ?? "").split(separator: ",").map { $0.trimmed }
        let selected = configuration.selectsAnyOfferedSubprotocol ? offered.first : offered.first(where: { configuration.subprotocols.contains($0) })
        var response = Self.switchingProtocols(key: key)
        if let selected { response += "Sec-WebSocket-Protocol: \(selected)\r\n" }
        // The first permessage-deflate offer the server can accept (RFC 7692 §5).
        var deflate: PerMessageDeflate.Parameters?
        if configuration.permessageDeflate, let offers = request["sec-websocket-extensions"] {
            deflate = offers.split(separator: ",").lazy.compactMap {
                PerMessageDeflate.Parameters.parse($0, allowClientMaxWindowBitsWithoutValue: true)
            }.first.map { offer in
                // Take the client's window limit as given; keep our own at 15 bits.
                var accepted = PerMessageDeflate.Parameters()
                accepted.clientNoContextTakeover = offer.clientNoContextTakeover
                accepted.serverNoContextTakeover = offer.serverNoContextTakeover
                return accepted
            }
            if let deflate { response += "Sec-WebSocket-Extensions: \(deflate.responseHeader)\r\n" }
        }
        if case .switchingProtocolsWithHeaders(let omitted, let added) = configuration.behaviour {
            response = Self.changing(response, omitting: omitted, adding: added, key: key)
            if omitted.contains(where: { $0.lowercased() == "sec-websocket-extensions" }) { deflate = nil }
        }
        response += "\r\n"
        respond(context, response, thenClose: false)
        switch configuration.behaviour {
        case .sendAfterHandshake(let raw), .sendThenDrop(let raw):
            // Written from here, before the frame encoder, so the bytes reach the wire as they are.
            var buffer = context.channel.allocator.buffer(capacity: raw.count)
            buffer.writeBytes(raw)
            let drop = configuration.behaviour == .sendThenDrop(raw)
            let channel = context.channel
            context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in
                if drop { channel.close(promise: nil) }
            }
            if drop { return }
        case .sendRequestHead:
            // One unmasked text frame (RSV1 clear: uncompressed even under permessage-deflate);
            // a head is at most 16 KiB, so a 16-bit length.
            let payload = Array(text.utf8)
            let header: [UInt8] = payload.count < 126 ? [0x81, UInt8(payload.count)] : [0x81, 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
            var buffer = context.channel.allocator.buffer(capacity: header.count + payload.count)
            buffer.writeBytes(header + payload)
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        case .pauseReading(let milliseconds):
            // Stop reading (TCP's window fills, the client's writes back up), then resume.
            let channel = context.channel
            channel.setOption(.autoRead, value: false).whenSuccess {
                channel.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
                    channel.setOption(.autoRead, value: true).whenSuccess { channel.read() }
                }
            }
        default:
            break
        }
        do {
            try context.pipeline.syncOperations.addHandlers(
                [
                    ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: configuration.maxFrameSize)),
                    WebSocketFrameEncoder(),
                    ServerBehaviourHandler(behaviour: configuration.behaviour, deflate: try deflate.map { try PerMessageDeflate(parameters: $0, isClient: false) }, maxMessageSize: configuration.maxMessageSize),
                ],
                position: .after(self)
            )
        } catch {
            context.close(promise: nil)
            return
        }
        // The behaviour acts once every handler is in place (handlerAdded runs too early: NIO
        // adds a batch after a handler in reverse order).
        context.fireUserInboundEventTriggered(ServerHandshakeCompleted())
        if head.readableBytes > 0 { context.fireChannelRead(NIOAny(head)) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// The head of a 101 response accepting `key` (§4.2.2 item 5), without the blank line that
    /// ends it: the caller may add extension and subprotocol headers first.
    static func switchingProtocols(key: String) -> String {
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(OpeningHandshake.acceptValue(forKey: key))\r\n"
    }

    /// `response` (a head without its blank line) without the lines named in `omitted`, plus
    /// `added`, with "{accept}" replaced by the accept value for `key`.
    static func changing(_ response: String, omitting omitted: [String], adding added: [String], key: String) -> String {
        let lines = response.split(separator: "\r\n", omittingEmptySubsequences: true)
        let kept = lines.enumerated().filter { index, line in
            index == 0 || !omitted.contains { line.lowercased().hasPrefix($0.lowercased() + ":") }
        }.map { String($0.element) }
        let accept = OpeningHandshake.acceptValue(forKey: key)
        let extra = added.map { $0.split(separator: "{accept}", omittingEmptySubsequences: false).joined(separator: accept) }
        return (kept + extra).map { $0 + "\r\n" }.joined()
    }

    private func resetAtRequestedOffset(_ context: ChannelHandlerContext, path: String, key: String) {
        var stream = Array((Self.switchingProtocols(key: key) + "\r\n").utf8)
        stream += [0x81, 0x05] + Array("hello".utf8)
        let count = min(Int(path.split(separator: "/").last ?? "") ?? 0, stream.count)
        var buffer = context.channel.allocator.buffer(capacity: count)
        buffer.writeBytes(stream[..<count])
        let channel = context.channel
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in
            // SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            guard let provider = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ text: String, thenClose: Bool) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        let channel = context.channel
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in
            if thenClose { channel.close(promise: nil) }
        }
    }

    /// The request's headers (lower-cased names) if it is a WebSocket upgrade request
    /// (§4.2.1 items 1–6); nil otherwise.
    static func parseRequest(_ text: String) -> [String: String]? {
        let lines = HTTPHeadLines.split(Substring(text))
        let requestLine = HTTPHeadLines.text(lines[0])
        guard requestLine.hasPrefix("GET "), requestLine.hasSuffix(" HTTP/1.1") else { return nil }
        // The request target under a name no header can have.
        var headers: [String: String] = [":path": String(requestLine.dropFirst(4).dropLast(9))]
        for line in lines.dropFirst() {
            guard let field = HTTPHeadLines.field(line) else { return nil }
            headers[field.name] = headers[field.name].map { "\($0), \(field.value)" } ?? field.value
        }
        guard headers["upgrade"]?.lowercased() == "websocket",
              headers["connection"]?.lowercased().split(separator: ",").contains(where: { $0.trimmed == "upgrade" }) == true,
              headers["sec-websocket-version"] == "13" else { return nil }
        return headers
    }
}
