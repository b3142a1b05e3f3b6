// SPDX-License-Identifier: MIT
import CompressNIO
public import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A loopback HTTP/1.1 server for fetch()'s tests, plain or TLS, that answers by path and also
/// misbehaves on purpose. Responses are written as raw bytes, so a route can lie about its
/// length, truncate a body or stop answering.
///
/// Routes: `/status/N`; `/echo` (the request head and body as JSON); `/redirect?status=N&to=URL`;
/// `/redirects/N` (a chain of N 302s, then "done"); `/loop` (302 to itself); `/cookies` (two
/// Set-Cookie fields); `/bytes?size=N` (patterned bytes, byte i = (7i + 3) mod 256);
/// `/chunked?count=N&size=M`; `/slow?count=N&ms=M` (a chunk every M ms); `/gzip`, `/deflate`
/// (a compressed text), `/br` ("hello brotli world " × 50), `/corrupt-gzip`; `/truncated` (Content-Length 100, 10 bytes, close);
/// `/truncated-chunked`; `/stall` (the head and half the body, then nothing); `/never` (no
/// answer at all). A CONNECT opens a tunnel to the server itself (for proxy tests).
public final class HTTPTestServer: Sendable {
    let channel: any Channel
    public let port: Int
    public let secure: Bool

    /// The text `/gzip` and `/deflate` send compressed.
    public static let compressedText = String(repeating: "hello compressed world ", count: 200)

    init(channel: any Channel, secure: Bool) {
        self.channel = channel
        self.secure = secure
        self.port = channel.localAddress?.port ?? 0
    }

    /// `http://127.0.0.1:port` (or https:), without a trailing slash.
    public var origin: String { "\(secure ? "https" : "http")://127.0.0.1:\(port)" }

    /// Starts listening on 127.0.0.1 (port 0: a free port); with a certificate chain and key
    /// (PEM files) it speaks TLS.
    public static func start(on group: any EventLoopGroup, certificateChainFile: String? = nil, privateKeyFile: String? = nil) -> EventLoopFuture<HTTPTestServer> {
        var tlsContext: NIOSSLContext?
        if let certificateChainFile, let privateKeyFile {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificateChainFile).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem)
                tlsContext = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            } catch {
                return group.next().makeFailedFuture(error)
            }
        }
        let context = tlsContext
        return ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()), name: HTTPTestRouteHandler.decoderName)
                    try channel.pipeline.syncOperations.addHandler(HTTPTestRouteHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .map { HTTPTestServer(channel: $0, secure: context != nil) }
    }

    /// Stops listening.
    public func stop() -> EventLoopFuture<Void> {
        channel.close()
    }
}

/// Answers each request of one connection by its path (see ``HTTPTestServer``).
final class HTTPTestRouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    static let decoderName = "http-request-decoder"

    /// The `host:port` a CONNECT asked for: the server then acts as that host through the
    /// tunnel (a proxy for fetch's proxy tests), and `/echo` reports it.
    private var tunnel: String?

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            respond(to: head, context: context)
        }
    }

    private func write(_ text: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(string: text)), promise: nil)
    }

    private func write(_ bytes: [UInt8], _ context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes)), promise: nil)
    }

    /// Whether the request being answered is a HEAD (its response has no body).
    private var answeringHEAD = false

    private func respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], _ context: ChannelHandlerContext) {
        var text = "HTTP/1.1 \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.count)\r\n\r\n"
        write(Array(text.utf8) + (answeringHEAD ? [] : body), context)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        answeringHEAD = head.method == .HEAD
        if head.method == .CONNECT {
            // A proxy's tunnel: 200, then the requests that follow are parsed afresh (the
            // decoder stops after a CONNECT).
            tunnel = head.uri
            write("HTTP/1.1 200 Connection Established\r\n\r\n", context)
            let pipeline = context.pipeline
            _ = pipeline.removeHandler(name: Self.decoderName).flatMapThrowing {
                try pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()), name: Self.decoderName, position: .first)
            }
            return
        }
        // A request through a proxy names an absolute URL (RFC 9112 §3.2.2): routes go by its path.
        var target = Substring(head.uri)
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            let afterScheme = target[target.index(target.firstIndex(of: ":")!, offsetBy: 3)...]
            target = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? "/"
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                query[String(kv[0])] = kv.count > 1 ? String(kv[1]).removingPercentEncodingSimple() : ""
            }
        }
        let number = { (name: String, fallback: Int) in query[name].flatMap { Int($0) } ?? fallback }
        let segments = path.split(separator: "/").map(String.init)
        switch segments.first ?? "" {
        case "status":
            respond(status: segments.count > 1 ? Int(segments[1]) ?? 500 : 500, context)
        case "echo":
            var json = "{\"method\":\(jsonString(head.method.rawValue)),\"uri\":\(jsonString(head.uri)),\"version\":\"\(head.version)\",\"headers\":["
            json += head.headers.map { "[\(jsonString($0.name)),\(jsonString($0.value))]" }.joined(separator: ",")
            json += "],\"tunnel\":\(tunnel.map(jsonString) ?? "null"),\"bodyLength\":\(body.count),\"body\":\(jsonString(String(decoding: body, as: UTF8.self)))}"
            respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(json.utf8), context)
        case "redirect":
            respond(status: number("status", 302), headers: [("Location", query["to"] ?? "/echo")], context)
        case "redirects":
            let left = segments.count > 1 ? Int(segments[1]) ?? 0 : 0
            if left <= 0 { respond(status: 200, body: Array("done".utf8), context) }
            else { respond(status: 302, headers: [("Location", "/redirects/\(left - 1)")], context) }
        case "loop":
            respond(status: 302, headers: [("Location", "/loop")], context)
        case "cookies":
            respond(status: 200, headers: [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2")], context)
        case "bytes":
            let size = number("size", 0)
            var bytes = [UInt8](repeating: 0, count: size)
            for index in 0..<size { bytes[index] = UInt8(truncatingIfNeeded: index &* 7 &+ 3) }
            respond(status: 200, headers: [("Content-Type", "application/octet-stream")], body: bytes, context)
        case "chunked":
            var text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            let size = number("size", 5)
            for index in 0..<number("count", 3) {
                text += String(size, radix: 16) + "\r\n" + String(repeating: Character(UnicodeScalar(UInt8(97 + index % 26))), count: size) + "\r\n"
            }
            write(text + "0\r\n\r\n", context)
        case "slow":
            write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", context)
            let count = number("count", 5), milliseconds = Int64(number("ms", 50))
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            for index in 0..<count {
                context.eventLoop.scheduleTask(in: .milliseconds(milliseconds * Int64(index + 1))) {
                    let context = loopBound.value
                    guard context.channel.isActive else { return }
                    var text = "1\r\n\(index % 10)\r\n"
                    if index == count - 1 { text += "0\r\n\r\n" }
                    context.writeAndFlush(NIOAny(ByteBuffer(string: text)), promise: nil)
                }
            }
        case "gzip", "deflate":
            var input = ByteBuffer(string: HTTPTestServer.compressedText)
            let algorithm: CompressionAlgorithm = segments[0] == "gzip" ? .gzip() : .zlib()
            let compressed = (try? input.compress(with: algorithm)).map { Array($0.readableBytesView) } ?? []
            respond(status: 200, headers: [("Content-Type", "text/plain"), ("Content-Encoding", segments[0])], body: compressed, context)
        case "br":
            // "hello brotli world " × 50, compressed by libbrotlienc (quality 11) beforehand.
            let compressed: [UInt8] = [
                0x1b, 0xb5, 0x03, 0x88, 0x1c, 0xa9, 0x53, 0x9f, 0xbb, 0x70, 0x2d, 0x56, 0x86, 0x26, 0x27, 0x41, 0xd8,
                0xe8, 0x1a, 0x24, 0x8d, 0xed, 0x4d, 0x0d, 0xd4, 0x58, 0x70, 0x9c, 0x35, 0xfe, 0xc4, 0xae, 0x04,
            ]
            respond(status: 200, headers: [("Content-Type", "text/plain"), ("Content-Encoding", "br")], body: compressed, context)
        case "corrupt-gzip":
            respond(status: 200, headers: [("Content-Encoding", "gzip")], body: Array("this is not gzip data at all".utf8), context)
        case "truncated":
            write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", context)
            context.close(promise: nil)
        case "truncated-chunked":
            write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n", context)
            context.close(promise: nil)
        case "stall":
            write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234", context)
        case "never":
            break
        default:
            respond(status: 404, body: Array("no route for \(path)".utf8), context)
        }
    }

    private func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension String {
    /// Percent-decoding for the query values of test routes (UTF-8, invalid escapes kept).
    func removingPercentEncodingSimple() -> String {
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
