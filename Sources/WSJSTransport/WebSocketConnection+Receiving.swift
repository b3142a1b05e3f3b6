// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket

/// The receiving side: frames arrive as a header, payload pieces and an end
/// (``FrameStreamDecoder``), and every rule is applied as early as the bytes allow.
extension WebSocketConnection {
    /// A frame's header: RFC 6455 §5.2's checks, before any payload is read.
    func received(header: FrameHeader) {
        guard !failed, state == .open || state == .closing, receivedClose == nil else { return }
        frameHeader = header
        let isControl = header.opcode & 0x8 != 0
        // RSV1 means "compressed" under permessage-deflate, only on a data message's first frame
        // (RFC 7692 §6); every other RSV bit needs an extension that defines it.
        if header.rsv2 || header.rsv3 || (header.rsv1 && (deflate == nil || !(header.opcode == 0x1 || header.opcode == 0x2))) {
            return fail(.protocolViolation("the server set RSV bits without a negotiated extension"))
        }
        if header.masked {
            return fail(.protocolViolation("the server sent a masked frame"))
        }
        switch header.opcode {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: break
        default: return fail(.protocolViolation("the server sent a frame with the reserved opcode \(header.opcode)"))
        }
        if isControl {
            // §5.5: control frames are at most 125 bytes and never fragmented.
            guard header.fin else { return fail(.protocolViolation("the server sent a fragmented control frame")) }
            guard header.length <= 125 else { return fail(.protocolViolation("the server sent a control frame longer than 125 bytes")) }
            controlPayload = channel?.allocator.buffer(capacity: Int(header.length)) ?? ByteBuffer()
            return
        }
        guard state == .open else { return }
        if header.opcode == 0 {
            guard messageOpcode != nil else {
                return fail(.protocolViolation("the server sent a continuation frame with no message to continue"))
            }
        } else {
            guard messageOpcode == nil else {
                return fail(.protocolViolation("the server started a new message before finishing the previous one"))
            }
            messageOpcode = header.opcode
            messageSize = 0
            frameStartInMessage = 0
            messageCompressed = header.rsv1
            validator.reset()
        }
        // The declared length alone can exceed the limit (even 2^63 - 1): fail before reading it.
        guard header.length <= UInt64(configuration.maxMessageSize - messageSize) else {
            return fail(.messageTooBig("a message is larger than the \(configuration.maxMessageSize)-byte limit"))
        }
        if header.opcode == 0 { frameStartInMessage = message?.readableBytes ?? 0 }
        messageSize += Int(header.length)
    }

    /// Traces a received frame: control frames with their payload, data frames with the part
    /// of the message they brought (inflated first, for a compressed message's last frame).
    private func traceReceived(_ header: FrameHeader) {
        if header.opcode & 0x8 != 0 {
            (controlPayload ?? ByteBuffer()).withUnsafeReadableBytes {
                trace(.received, opcode: header.opcode, length: Int(header.length), payload: $0)
            }
            return
        }
        let bytes = message ?? ByteBuffer()
        let start = min(frameStartInMessage, bytes.readableBytes)
        bytes.withUnsafeReadableBytes {
            trace(.received, opcode: header.opcode, fin: header.fin, compressed: header.rsv1, length: Int(header.length), payload: UnsafeRawBufferPointer(rebasing: $0[start...]))
        }
    }

    /// A piece of the current frame's payload, as it arrived.
    func received(payload piece: ByteBuffer) {
        guard !failed, let header = frameHeader, receivedClose == nil else { return }
        if header.opcode & 0x8 != 0 {
            var piece = piece
            controlPayload?.writeBuffer(&piece)
            return
        }
        guard state == .open else { return }
        if messageCompressed {
            return inflate(piece, final: false)
        }
        if messageOpcode == 0x1 {
            // §8.1: fail as soon as a byte that cannot be UTF-8 arrives.
            guard piece.withUnsafeReadableBytes({ validator.validate($0) }) else {
                return fail(.invalidUTF8("the server sent a text message that is not valid UTF-8"))
            }
        }
        if message == nil {
            message = piece  // a message that arrives in one piece is delivered without a copy
        } else {
            var piece = piece
            message!.writeBuffer(&piece)
        }
    }

    /// The end of the current frame.
    func receivedEndOfFrame() {
        guard !failed, let header = frameHeader, receivedClose == nil else { return }
        frameHeader = nil
        // Control frames are traced now; data frames once their bytes are in the message.
        let tracing = configuration.traceFrames
        if tracing, header.opcode & 0x8 != 0 { traceReceived(header) }
        switch header.opcode {
        case 0x8:
            receivedClose(controlPayload ?? ByteBuffer())
        case 0x9:
            // §5.5.2: answer a Ping with a Pong carrying the same data, unless closing.
            if state == .open { sendControl(.pong, payload: controlPayload ?? ByteBuffer()) }
        case 0xA:
            break
        default:
            guard state == .open else { return }
            guard header.fin else {
                if tracing { traceReceived(header) }
                return
            }
            if messageCompressed {
                inflate(nil, final: true)
                if failed { return }
            }
            if tracing { traceReceived(header) }
            if messageOpcode == 0x1, !validator.isComplete {
                return fail(.invalidUTF8("the server sent a text message that ends inside a UTF-8 sequence"))
            }
            let kind = messageOpcode
            let payload = message ?? ByteBuffer()
            message = nil
            messageOpcode = nil
            delegate?.webSocket(self, didReceive: kind == 0x1 ? .text(payload) : .binary(payload))
        }
        controlPayload = nil
    }

    /// Inflates a piece of a compressed message (bounded by the message limit, so a
    /// decompression bomb fails with 1009) and checks the inflated text as it appears.
    private func inflate(_ piece: ByteBuffer?, final: Bool) {
        guard let deflate else { return }
        var inflated = message ?? channel?.allocator.buffer(capacity: 0) ?? ByteBuffer()
        let before = inflated.writerIndex
        do {
            if let piece { try deflate.decompress(piece, into: &inflated, limit: configuration.maxMessageSize) }
            if final { try deflate.finishMessage(into: &inflated, limit: configuration.maxMessageSize) }
        } catch .tooBig {
            return fail(.messageTooBig("a compressed message inflates past the \(configuration.maxMessageSize)-byte limit"))
        } catch {
            return fail(.corruptData("the server sent a compressed message that does not inflate"))
        }
        if messageOpcode == 0x1 {
            let valid = inflated.withUnsafeReadableBytes { validator.validate(UnsafeRawBufferPointer(rebasing: $0[(before - inflated.readerIndex)...])) }
            guard valid else { return fail(.invalidUTF8("the server sent a text message that is not valid UTF-8")) }
        }
        message = inflated
    }

    private func receivedClose(_ payload: ByteBuffer) {
        switch ClosePayload.parse(payload) {
        case .failure(.truncatedCode):
            fail(.protocolViolation("the server sent a Close frame with a 1-byte payload"))
        case .failure(.invalidCode(let code)):
            fail(.protocolViolation("the server sent the invalid close code \(code)"))
        case .failure(.invalidReason):
            fail(.invalidUTF8("the server's close reason is not valid UTF-8"))
        case .success(let close):
            receivedClose = close
            guard state == .open, let channel else {
                // Our Close was answered: the closing handshake is complete.
                channel?.close(promise: nil)
                return
            }
            // §5.5.1: echo the Close frame (its code), then TCP closes.
            state = .closing
            sendControl(.connectionClose, payload: ClosePayload.encode(code: close.code, reason: "", allocator: channel.allocator))
            flush()
            delegate?.webSocketDidStartClosing(self)
            let bound = NIOLoopBound(self, eventLoop: eventLoop)
            closeTimeout = eventLoop.scheduleTask(in: TimeAmount(configuration.closeTimeout)) {
                bound.value.channel?.close(promise: nil)
            }
        }
    }
}
