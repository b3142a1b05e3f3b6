// SPDX-License-Identifier: MIT

/// One frame as it crossed the wire, reported to the delegate when
/// ``WebSocketClientConfiguration/traceFrames`` is on (wsjs's `--trace`).
public struct WebSocketFrameTrace: Sendable, Equatable {
    public enum Direction: Sendable, Equatable { case sent, received }

    public var direction: Direction
    /// The frame's opcode (RFC 6455 §5.2): 0 continuation, 1 text, 2 binary, 8 close, 9 ping,
    /// 10 pong.
    public var opcode: UInt8
    public var fin: Bool
    /// RSV1 under permessage-deflate: the payload on the wire is compressed.
    public var compressed: Bool
    /// The payload length on the wire.
    public var length: Int
    /// The payload length as the application sees it (differs from `length` when compressed).
    public var applicationLength: Int
    /// The start of the payload as the application sees it (inflated; at most
    /// ``previewLimit`` bytes). For a Close frame, the whole payload (code and reason).
    public var preview: [UInt8]

    /// How many payload bytes a trace keeps.
    public static let previewLimit = 64

    /// The name DevTools shows for the opcode.
    public var opcodeName: String {
        switch opcode {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "opcode \(opcode)"
        }
    }
}
