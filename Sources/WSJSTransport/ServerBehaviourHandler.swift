// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket

/// Sent down the pipeline when the server's handshake is done and the frame handlers are in.
struct ServerHandshakeCompleted {}

/// The server's side once the connection is established: echo, or a scripted misbehaviour.
final class ServerBehaviourHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let behaviour: WebSocketServer.Behaviour
    private let deflate: PerMessageDeflate?
    private var messageOpcode: WebSocketOpcode?
    private var messageCompressed = false
    private var fragments: ByteBuffer?
    private var closeSent = false
    private var messagesReceived = 0
    private var bytesReceived = 0
    /// `.flood`: payload bytes and messages queued so far, and whether it has stopped.
    private var floodBytes = 0
    private var floodMessages = 0
    private var floodStopped = false

    init(behaviour: WebSocketServer.Behaviour, deflate: PerMessageDeflate?) {
        self.behaviour = behaviour
        self.deflate = deflate
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ServerHandshakeCompleted else { return context.fireUserInboundEventTriggered(event) }
        switch behaviour {
        case .closeAfterHandshake(let code, let reason):
            closeSent = true
            let payload = ClosePayload.encode(code: code, reason: reason, allocator: context.channel.allocator)
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)), promise: nil)
        case .sendCompressedZeros(let count):
            let zeros = [UInt8](repeating: 0, count: count)
            if let deflate, let compressed = try? zeros.withUnsafeBytes({ try deflate.compress($0, allocator: context.channel.allocator) }) {
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, rsv1: true, opcode: .binary, data: compressed)), promise: nil)
            } else {
                var buffer = context.channel.allocator.buffer(capacity: count)
                buffer.writeBytes(zeros)
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)), promise: nil)
            }
        case .flood:
            pumpFlood(context)
        case .dropAfterHandshake:
            let channel = context.channel
            channel.eventLoop.execute { channel.close(promise: nil) }
        default:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        // Client frames must be masked (RFC 6455 §5.1).
        guard frame.maskKey != nil else {
            return closeWith(context, code: WebSocketCloseCode.protocolError)
        }
        let payload = frame.unmaskedData
        switch frame.opcode {
        case .connectionClose:
            if behaviour == .ignoreClose { return }
            if closeSent {
                context.close(promise: nil)
            } else {
                closeSent = true
                // Echo the code and reason (RFC 6455 §5.5.1), or report what arrived.
                var echo = payload
                let code = echo.readInteger(as: UInt16.self)
                var reason = echo.readString(length: echo.readableBytes) ?? ""
                if behaviour == .reportOnClose { reason = "\(messagesReceived) \(bytesReceived)" }
                if case .flood = behaviour {
                    floodStopped = true
                    reason = "\(floodBytes)"
                }
                let reply = ClosePayload.encode(code: code, reason: reason, allocator: context.channel.allocator)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply))).whenComplete { _ in
                    channel.close(promise: nil)
                }
            }
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
        case .pong:
            break
        case .text, .binary, .continuation:
            if frame.opcode != .continuation {
                messageOpcode = frame.opcode
                messageCompressed = frame.rsv1
            }
            var message = fragments ?? context.channel.allocator.buffer(capacity: 0)
            if messageCompressed, let deflate {
                do {
                    try deflate.decompress(payload, into: &message, limit: 64 << 20)
                    if frame.fin { try deflate.finishMessage(into: &message, limit: 64 << 20) }
                } catch {
                    return closeWith(context, code: WebSocketCloseCode.protocolError)
                }
            } else {
                var copy = payload
                message.writeBuffer(&copy)
            }
            guard frame.fin else {
                fragments = message
                return
            }
            fragments = nil
            messagesReceived += 1
            bytesReceived += message.readableBytes
            var echo = WebSocketFrame(fin: true, opcode: messageOpcode ?? .binary, data: message)
            if let deflate, deflate.compressesOutgoing, message.readableBytes > 0,
               let compressed = try? message.withUnsafeReadableBytes({ try deflate.compress($0, allocator: context.channel.allocator) }) {
                echo = WebSocketFrame(fin: true, rsv1: true, opcode: messageOpcode ?? .binary, data: compressed)
            }
            context.writeAndFlush(wrapOutboundOut(echo), promise: nil)
            messageOpcode = nil
        default:
            closeWith(context, code: WebSocketCloseCode.protocolError)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .flood = behaviour { pumpFlood(context) }
        context.fireChannelWritabilityChanged()
    }

    /// `.flood`: queues messages while the channel is writable (NIO's write buffer below its
    /// high-water mark), so at most one message waits in the server beyond what the socket took.
    private func pumpFlood(_ context: ChannelHandlerContext) {
        guard case .flood(let size, let total) = behaviour else { return }
        var wrote = false
        while !floodStopped, !closeSent, floodBytes + size <= total, context.channel.isWritable {
            var payload = context.channel.allocator.buffer(capacity: size)
            payload.writeInteger(UInt32(truncatingIfNeeded: floodMessages), endianness: .little)
            payload.writeRepeatingByte(0x61, count: size - 4)
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: payload)), promise: nil)
            floodBytes += size
            floodMessages += 1
            wrote = true
        }
        if wrote { context.flush() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeWith(context, code: WebSocketCloseCode.protocolError)
    }

    private func closeWith(_ context: ChannelHandlerContext, code: UInt16) {
        guard !closeSent else { return }
        closeSent = true
        let payload = ClosePayload.encode(code: code, reason: "", allocator: context.channel.allocator)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
