// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket

/// The server's checks of what a client sends (RFC 6455 §5, §7, §8; RFC 7692 §6), the mirror of
/// the client's in ``WebSocketConnection``'s receiving side, and the reassembly of fragmented
/// messages. It decides; the handler that owns the channel acts on the outcome.
struct ServerFrameRules {
    /// What the server does after one frame.
    enum Outcome: Equatable {
        /// Nothing to answer: a fragment was kept, or a Pong arrived.
        case none
        /// A whole message, inflated and checked.
        case message(WebSocketOpcode, ByteBuffer)
        /// A Ping to answer with a Pong of the same payload (§5.5.2).
        case ping(ByteBuffer)
        /// A valid Close frame: its code (nil when it had none) and reason.
        case close(code: UInt16?, reason: String)
        /// Fail the connection (§7.1.7) with this close code.
        case fail(UInt16)
    }

    private let deflate: PerMessageDeflate?
    private let maxMessageSize: Int
    private var messageOpcode: WebSocketOpcode?
    private var messageCompressed = false
    private var message: ByteBuffer?
    private var validator = UTF8Validator()

    init(deflate: PerMessageDeflate?, maxMessageSize: Int) {
        self.deflate = deflate
        self.maxMessageSize = maxMessageSize
    }

    /// Checks `frame` and folds it into the message being received.
    mutating func receive(_ frame: WebSocketFrame, allocator: ByteBufferAllocator) -> Outcome {
        // §5.1: a server must fail the connection on an unmasked frame.
        guard frame.maskKey != nil else { return .fail(WebSocketCloseCode.protocolError) }
        let isData = frame.opcode == .text || frame.opcode == .binary
        // §5.2: RSV bits need an extension that defines them; permessage-deflate defines RSV1
        // on a data message's first frame only (RFC 7692 §6).
        if frame.rsv2 || frame.rsv3 || (frame.rsv1 && (deflate == nil || !isData)) {
            return .fail(WebSocketCloseCode.protocolError)
        }
        switch frame.opcode {
        case .connectionClose, .ping, .pong:
            // §5.5: control frames are never fragmented and carry at most 125 bytes.
            guard frame.fin, frame.length <= 125 else { return .fail(WebSocketCloseCode.protocolError) }
            return control(frame)
        case .text, .binary, .continuation:
            return data(frame, allocator: allocator)
        default:
            // §5.2: reserved opcodes fail the connection.
            return .fail(WebSocketCloseCode.protocolError)
        }
    }

    private func control(_ frame: WebSocketFrame) -> Outcome {
        let payload = frame.unmaskedData
        switch frame.opcode {
        case .ping:
            return .ping(payload)
        case .pong:
            return .none
        default:
            // §5.5.1 and §7.4: a one-byte body, a reserved code or a reason that is not UTF-8.
            switch ClosePayload.parse(payload) {
            case .success(let close): return .close(code: close.code, reason: close.reason)
            case .failure(.invalidReason): return .fail(WebSocketCloseCode.invalidPayloadData)
            case .failure: return .fail(WebSocketCloseCode.protocolError)
            }
        }
    }

    private mutating func data(_ frame: WebSocketFrame, allocator: ByteBufferAllocator) -> Outcome {
        // §5.4: a continuation continues a started message; a new message waits for its end.
        if frame.opcode == .continuation {
            guard messageOpcode != nil else { return .fail(WebSocketCloseCode.protocolError) }
        } else {
            guard messageOpcode == nil else { return .fail(WebSocketCloseCode.protocolError) }
            messageOpcode = frame.opcode
            messageCompressed = frame.rsv1
            validator.reset()
        }
        // Taken out of `self` while it grows, so appending never copies the whole message
        // (65,536 small fragments would otherwise copy it 65,536 times).
        var assembled = message ?? allocator.buffer(capacity: 0)
        message = nil
        let checkedFrom = assembled.writerIndex
        if messageCompressed, let deflate {
            do {
                try deflate.decompress(frame.unmaskedData, into: &assembled, limit: maxMessageSize)
                if frame.fin { try deflate.finishMessage(into: &assembled, limit: maxMessageSize) }
            } catch .tooBig {
                return .fail(WebSocketCloseCode.messageTooBig)
            } catch {
                return .fail(WebSocketCloseCode.protocolError)
            }
        } else {
            guard frame.length <= maxMessageSize - assembled.readableBytes else { return .fail(WebSocketCloseCode.messageTooBig) }
            var payload = frame.unmaskedData
            assembled.writeBuffer(&payload)
        }
        if messageOpcode == .text {
            // §8.1: fail as soon as a byte that cannot be UTF-8 arrives, and at a message's end
            // inside a sequence.
            let valid = assembled.withUnsafeReadableBytes { bytes in
                validator.validate(UnsafeRawBufferPointer(rebasing: bytes[(checkedFrom - assembled.readerIndex)...]))
            }
            guard valid, !frame.fin || validator.isComplete else { return .fail(WebSocketCloseCode.invalidPayloadData) }
        }
        guard frame.fin else {
            message = assembled
            return .none
        }
        let opcode = messageOpcode ?? .binary
        messageOpcode = nil
        return .message(opcode, assembled)
    }
}
