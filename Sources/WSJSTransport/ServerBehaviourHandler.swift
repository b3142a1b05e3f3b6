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
    private var rules: ServerFrameRules
    private var closeSent = false
    /// Set once the connection failed: what follows is not read.
    private var failed = false
    private var messagesReceived = 0
    private var bytesReceived = 0
    /// `.flood`: payload bytes and messages queued so far, and whether it has stopped.
    private var floodBytes = 0
    private var floodMessages = 0
    private var floodStopped = false
    private var floodPumpQueued = false

    init(behaviour: WebSocketServer.Behaviour, deflate: PerMessageDeflate?, maxMessageSize: Int) {
        self.behaviour = behaviour
        self.deflate = deflate
        self.rules = ServerFrameRules(deflate: deflate, maxMessageSize: maxMessageSize)
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
        // After a failure nothing more is read (§7.1.7); after our Close only its answer counts.
        guard !failed else { return }
        if closeSent, frame.opcode != .connectionClose { return }
        switch rules.receive(frame, allocator: context.channel.allocator) {
        case .none:
            break
        case .fail(let code):
            failed = true
            closeWith(context, code: code)
        case .ping(let payload):
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
        case .close(let code, var reason):
            if behaviour == .ignoreClose { return }
            guard !closeSent else {
                // The answer to our Close: the closing handshake is complete.
                context.close(promise: nil)
                return
            }
            closeSent = true
            // Echo the code and reason (§5.5.1), or report what arrived.
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
        case .message(let opcode, let message):
            messagesReceived += 1
            bytesReceived += message.readableBytes
            var echo = WebSocketFrame(fin: true, opcode: opcode, data: message)
            if let deflate, deflate.compressesOutgoing, message.readableBytes > 0,
               let compressed = try? message.withUnsafeReadableBytes({ try deflate.compress($0, allocator: context.channel.allocator) }) {
                echo = WebSocketFrame(fin: true, rsv1: true, opcode: opcode, data: compressed)
            }
            context.writeAndFlush(wrapOutboundOut(echo), promise: nil)
        }
    }

    /// A client that sends and never reads would make the echoes (and Pongs) pile up here
    /// without bound: while the socket's send buffer is full, stop reading from it, so TCP
    /// pushes back on the client instead. (`.flood` fills the buffer on purpose and keeps
    /// reading, so the client's Close still arrives.)
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .flood = behaviour {
            // Pumped from a task of its own, not from inside the flush that made the channel
            // writable: with a client that drains as fast as the server writes, pumping there
            // recurses write → flush → writable → write and never returns to the loop to read
            // the client's Close (the whole flood went out before it was seen).
            if !floodPumpQueued {
                floodPumpQueued = true
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.floodPumpQueued = false
                    handler.pumpFlood(context)
                }
            }
        } else {
            let writable = context.channel.isWritable
            try? context.channel.syncOptions?.setOption(.autoRead, value: writable)
            if writable { context.read() }
        }
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
        // The frame decoder's errors: a frame over the size limit is 1009 (§7.4.1), a
        // malformed one 1002.
        failed = true
        let tooBig = (error as? NIOWebSocketError) == .invalidFrameLength
        closeWith(context, code: tooBig ? WebSocketCloseCode.messageTooBig : WebSocketCloseCode.protocolError)
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
