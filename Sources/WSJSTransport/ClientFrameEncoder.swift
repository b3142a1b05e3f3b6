// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket

/// A frame's 4-byte masking key, in wire order (a tuple: no allocation per frame).
typealias MaskingKey = (UInt8, UInt8, UInt8, UInt8)

/// Writes client frames (RFC 6455 §5.2–5.3): header and masked payload in one buffer, so one
/// message is one write and, with TCP_NODELAY, one segment (Deno's two writes with Nagle on made
/// its one-at-a-time echo ~100x slower, DESIGN.md). The payload is copied and masked in one pass,
/// which is also the copy the WebSocket API needs ("the data is copied at the call").
enum ClientFrameEncoder {
    /// Appends one frame to `buffer`, masked with `maskKey` (a fresh key per frame, §5.3).
    static func write(
        opcode: WebSocketOpcode,
        fin: Bool = true,
        compressed: Bool = false,
        payload: UnsafeRawBufferPointer,
        maskKey: MaskingKey,
        into buffer: inout ByteBuffer
    ) {
        let count = payload.count
        let headerSize = 2 + (count < 126 ? 0 : count <= 0xFFFF ? 2 : 8) + 4
        buffer.reserveCapacity(minimumWritableBytes: headerSize + count)
        // RSV1 marks a permessage-deflate message (RFC 7692 §6).
        buffer.writeInteger(UInt8(fin ? 0x80 : 0) | UInt8(compressed ? 0x40 : 0) | UInt8(webSocketOpcode: opcode))
        if count < 126 {
            buffer.writeInteger(UInt8(0x80 | count))
        } else if count <= 0xFFFF {
            buffer.writeInteger(UInt8(0x80 | 126))
            buffer.writeInteger(UInt16(count))
        } else {
            buffer.writeInteger(UInt8(0x80 | 127))
            buffer.writeInteger(UInt64(count))
        }
        let key = maskKey
        buffer.writeInteger(key.0)
        buffer.writeInteger(key.1)
        buffer.writeInteger(key.2)
        buffer.writeInteger(key.3)
        guard count > 0 else { return }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { output in
            mask(payload, into: output, key: key)
            return count
        }
    }

    /// XORs `input` with the repeating 4-byte key into `output`, eight bytes at a time.
    static func mask(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, key: MaskingKey) {
        let count = input.count
        let key32 = UInt32(key.0) | UInt32(key.1) << 8 | UInt32(key.2) << 16 | UInt32(key.3) << 24
        let key64 = UInt64(key32) | UInt64(key32) << 32
        var index = 0
        while index + 8 <= count {
            let word = input.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            output.storeBytes(of: word ^ key64, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        // The last 0–7 bytes: index is a multiple of 4 here, so byte i takes key byte i % 4.
        while index < count {
            output[index] = input[index] ^ UInt8(truncatingIfNeeded: key32 >> (8 * UInt32(index & 3)))
            index += 1
        }
    }
}
