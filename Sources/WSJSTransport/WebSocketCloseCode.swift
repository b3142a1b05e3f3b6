// SPDX-License-Identifier: MIT
import NIOCore

/// Close codes and the Close frame's payload (RFC 6455 §5.5.1, §7.4).
public enum WebSocketCloseCode {
    public static let normalClosure: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let unsupportedData: UInt16 = 1003
    /// Reported, never sent: the Close frame had no status code.
    public static let noStatusReceived: UInt16 = 1005
    /// Reported, never sent: the connection closed without a Close frame.
    public static let abnormalClosure: UInt16 = 1006
    public static let invalidPayloadData: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    public static let messageTooBig: UInt16 = 1009
    public static let mandatoryExtension: UInt16 = 1010
    public static let internalError: UInt16 = 1011

    /// Whether a peer may send `code` in a Close frame (§7.4.1, §7.4.2, and the IANA registry's
    /// 1012–1014): 1005, 1006 and 1015 are reserved for reporting, 1004 and 1016–2999 unassigned.
    public static func isValidOnTheWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }
}

/// A received Close frame's payload, validated.
struct ClosePayload: Equatable {
    /// nil when the payload was empty (reported as 1005).
    var code: UInt16?
    var reason: String

    enum Problem: Error, Equatable {
        /// A one-byte payload (§5.5.1: the body, if any, starts with a two-byte code).
        case truncatedCode
        case invalidCode(UInt16)
        /// The reason is not UTF-8 (§5.5.1).
        case invalidReason
    }

    /// Parses and checks a Close frame's (unmasked) payload.
    static func parse(_ payload: ByteBuffer) -> Result<ClosePayload, Problem> {
        var payload = payload
        if payload.readableBytes == 0 { return .success(ClosePayload(code: nil, reason: "")) }
        guard let code = payload.readInteger(as: UInt16.self) else { return .failure(.truncatedCode) }
        guard WebSocketCloseCode.isValidOnTheWire(code) else { return .failure(.invalidCode(code)) }
        let valid = payload.withUnsafeReadableBytes { bytes -> Bool in
            var validator = UTF8Validator()
            return validator.validate(bytes) && validator.isComplete
        }
        guard valid else { return .failure(.invalidReason) }
        return .success(ClosePayload(code: code, reason: payload.readString(length: payload.readableBytes) ?? ""))
    }

    /// The payload of a Close frame we send: the code then the UTF-8 reason (none for nil).
    static func encode(code: UInt16?, reason: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        guard let code else { return allocator.buffer(capacity: 0) }
        var buffer = allocator.buffer(capacity: 2 + reason.utf8.count)
        buffer.writeInteger(code)
        buffer.writeString(reason)
        return buffer
    }
}
