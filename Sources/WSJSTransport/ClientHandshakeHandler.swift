// SPDX-License-Identifier: MIT
import NIOCore
import NIOSSL

/// Sends the opening handshake, reads the response head, and on success replaces itself with
/// the frame decoder and the connection handler, handing on any bytes that followed the head.
/// NIO's own client upgrader drops a failed upgrade silently; this handler reports every
/// failure (status, headers, accept key, size, timeout, early close) to the connection.
final class ClientHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let handshake: OpeningHandshake
    private let connection: WebSocketConnection
    private var received: ByteBuffer?
    private var timeout: Scheduled<Void>?
    private var done = false
    private let certificateDiagnosis: CertificateDiagnosis?

    init(handshake: OpeningHandshake, connection: WebSocketConnection, certificateDiagnosis: CertificateDiagnosis? = nil) {
        self.handshake = handshake
        self.connection = connection
        self.certificateDiagnosis = certificateDiagnosis
    }

    func channelActive(context: ChannelHandlerContext) {
        let request = handshake.request(allocator: context.channel.allocator)
        context.writeAndFlush(NIOAny(request), promise: nil)
        if handshake.configuration.traceFrames {
            let head = handshake.requestHead()
            connection.traceHandshake(WebSocketHandshakeTrace(direction: .sent, startLine: head.line, fields: head.fields))
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(handshake.configuration.handshakeTimeout)) {
            let (handler, context) = loopBound.value
            handler.fail(.timeout("no handshake response within \(handler.handshake.configuration.handshakeTimeout)"), context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var bytes = unwrapInboundIn(data)
        if received == nil {
            received = bytes
        } else {
            received!.writeBuffer(&bytes)
        }
        guard let head = received, let end = Self.endOfHead(in: head) else {
            if (received?.readableBytes ?? 0) > handshake.configuration.maxHandshakeHeaderSize {
                fail(.handshake("the handshake response head is larger than \(handshake.configuration.maxHandshakeHeaderSize) bytes"), context: context)
            }
            return
        }
        guard end - head.readerIndex <= handshake.configuration.maxHandshakeHeaderSize else {
            fail(.handshake("the handshake response head is larger than \(handshake.configuration.maxHandshakeHeaderSize) bytes"), context: context)
            return
        }
        var remaining = head
        let text = remaining.readString(length: end - head.readerIndex) ?? ""
        remaining.moveReaderIndex(forwardBy: 4)
        let outcome: OpeningHandshake.Outcome
        switch HTTPResponseHead.parse(Substring(text)) {
        case .failure:
            fail(.handshake("the handshake response is not valid HTTP/1.1"), context: context)
            return
        case .success(let response):
            if handshake.configuration.traceFrames {
                connection.traceHandshake(WebSocketHandshakeTrace(direction: .received, startLine: response.statusLine, fields: response.fields.map { ($0.name, $0.value) }))
            }
            switch handshake.validate(response) {
            case .failure(let error):
                fail(error, context: context)
                return
            case .success(let settled):
                outcome = settled
            }
        }
        done = true
        timeout?.cancel()
        received = nil
        // The WebSocket connection is established: frames from here on.
        let handler = WebSocketConnectionHandler(connection: connection)
        do {
            try context.pipeline.syncOperations.addHandler(handler, position: .after(self))
        } catch {
            fail(.handshake("could not set up the connection: \(error)"), context: context)
            return
        }
        connection.handshakeCompleted(outcome)
        if remaining.readableBytes > 0 { context.fireChannelRead(NIOAny(remaining)) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Still in the pipeline, so the handshake never succeeded: the connection is over.
        if !done { fail(.handshake("the server closed the connection during the opening handshake"), context: context) }
        timeout?.cancel()
        connection.channelClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else { return }
        if let tlsError = error as? NIOSSLError {
            // The verify observer saw which certificate was rejected, if one was.
            if let cause = certificateDiagnosis?.cause() {
                fail(.certificate("the TLS handshake with \(handshake.endpoint.hostHeader) failed: \(cause)"), context: context)
            } else {
                fail(.connect("the TLS handshake with \(handshake.endpoint.hostHeader) failed: \(tlsError)"), context: context)
            }
        } else if let hostnameError = error as? NIOSSLExtraError {
            fail(.certificate("the TLS certificate of \(handshake.endpoint.hostHeader) is not valid for that name: \(hostnameError)"), context: context)
        } else {
            fail(.handshake("the opening handshake failed: \(error)"), context: context)
        }
    }

    private func fail(_ error: WebSocketTransportError, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        timeout?.cancel()
        connection.handshakeFailed(error)
        context.close(promise: nil)
    }

    /// The index of the blank line's "\r\n\r\n" ending the head, if it has arrived.
    static func endOfHead(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return buffer.readerIndex + index
            }
            return nil
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
