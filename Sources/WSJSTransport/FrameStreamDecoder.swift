// SPDX-License-Identifier: MIT
import NIOCore

/// One frame's header (RFC 6455 §5.2), before any of its payload.
struct FrameHeader {
    var fin: Bool
    var rsv1: Bool
    var rsv2: Bool
    var rsv3: Bool
    /// The 4-bit opcode as sent (reserved values included: the connection rejects them).
    var opcode: UInt8
    var masked: Bool
    var maskKey: (UInt8, UInt8, UInt8, UInt8)
    /// The payload length as declared (up to 2^63 - 1).
    var length: UInt64
}

/// What the decoder emits: a header, then the payload in the pieces it arrives in, then the end.
enum FramePart {
    case header(FrameHeader)
    case payload(ByteBuffer)
    case end
}

/// Decodes frames as a stream (RFC 6455 §5.2): the header as soon as it is complete, then each
/// piece of payload as it arrives, as slices of the received bytes (no copy). Unlike a decoder
/// that waits for whole frames, this lets the connection refuse an oversized frame from its
/// header alone and fail on a bad UTF-8 byte as soon as that byte arrives.
///
/// It only parses; every rule about what a frame may be is checked by ``WebSocketConnection``.
/// It is a plain value the connection's handler feeds each read, not a pipeline stage: handing
/// every frame part down NIO's pipeline (wrapped, unwrapped, type-checked) cost more than the
/// parsing itself when messages are small.
struct FrameStreamDecoder {
    /// Payload bytes of the current frame still to come; nil while reading a header.
    private var remaining: UInt64?
    /// The start of a header that a read cut off (at most 13 bytes), kept for the next read.
    private var partialHeader: ByteBuffer?

    /// Parses one read's bytes, emitting each part in order.
    mutating func decode(_ input: ByteBuffer, _ emit: (FramePart) -> Void) {
        var buffer = input
        if var partial = partialHeader {
            partialHeader = nil
            partial.writeBuffer(&buffer)
            buffer = partial
        }
        while true {
            if remaining == nil {
                guard let header = Self.parseHeader(&buffer) else {
                    if buffer.readableBytes > 0 { partialHeader = buffer }
                    return
                }
                remaining = header.length
                emit(.header(header))
            } else {
                guard buffer.readableBytes > 0 else { return }
                let count = Int(min(UInt64(buffer.readableBytes), remaining!))
                remaining! -= UInt64(count)
                emit(.payload(buffer.readSlice(length: count)!))
            }
            // The end is announced as soon as the last payload byte (or an empty payload's header) is in.
            if remaining == 0 {
                remaining = nil
                emit(.end)
            }
        }
    }

    /// Reads a complete header, or leaves the buffer untouched and returns nil.
    static func parseHeader(_ buffer: inout ByteBuffer) -> FrameHeader? {
        guard buffer.readableBytes >= 2,
              let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
        let masked = second & 0x80 != 0
        let shortLength = second & 0x7F
        let lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0
        let headerSize = 2 + lengthBytes + (masked ? 4 : 0)
        guard buffer.readableBytes >= headerSize else { return nil }
        buffer.moveReaderIndex(forwardBy: 2)
        var length = UInt64(shortLength)
        if lengthBytes == 2 { length = UInt64(buffer.readInteger(as: UInt16.self)!) }
        if lengthBytes == 8 { length = buffer.readInteger(as: UInt64.self)! }
        var key: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        if masked {
            key = (buffer.readInteger()!, buffer.readInteger()!, buffer.readInteger()!, buffer.readInteger()!)
        }
        return FrameHeader(
            fin: first & 0x80 != 0, rsv1: first & 0x40 != 0, rsv2: first & 0x20 != 0, rsv3: first & 0x10 != 0,
            opcode: first & 0x0F, masked: masked, maskKey: key, length: length
        )
    }
}
