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
        let lengthSize = count < 126 ? 0 : count <= 0xFFFF ? 2 : 8
        let headerSize = 2 + lengthSize + 4
        // One reservation and one raw write for header, key and payload (a send's hot path).
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: headerSize + count) { output in
            // RSV1 marks a permessage-deflate message (RFC 7692 §6).
            output[0] = UInt8(fin ? 0x80 : 0) | UInt8(compressed ? 0x40 : 0) | UInt8(webSocketOpcode: opcode)
            switch lengthSize {
            case 0:
                output[1] = UInt8(0x80 | count)
            case 2:
                output[1] = 0x80 | 126
                output.storeBytes(of: UInt16(count).bigEndian, toByteOffset: 2, as: UInt16.self)
            default:
                output[1] = 0x80 | 127
                output.storeBytes(of: UInt64(count).bigEndian, toByteOffset: 2, as: UInt64.self)
            }
            let keyOffset = 2 + lengthSize
            output[keyOffset] = maskKey.0
            output[keyOffset + 1] = maskKey.1
            output[keyOffset + 2] = maskKey.2
            output[keyOffset + 3] = maskKey.3
            if count > 0 {
                mask(payload, into: UnsafeMutableRawBufferPointer(rebasing: output[headerSize..<(headerSize + count)]), key: maskKey)
            }
            return headerSize + count
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
