// SPDX-License-Identifier: MIT

/// Why a connection failed: the reason the transport reports before it closes with 1006 (or,
/// for protocol violations by the peer, after sending the Close code named here).
public struct WebSocketTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Equatable {
        case connect
        case certificate
        case handshake
        case protocolViolation
        case invalidUTF8
        case messageTooBig
        case timeout
    }

    let kind: Kind
    /// The Close code sent to the peer, if one was sent.
    public let closeCode: UInt16?
    /// A sentence for people (shown by wsjs and passed to scripts' error paths).
    public let message: String

    public var description: String { message }

    /// The server's TLS certificate was not trusted or not valid for the host: the fix is on
    /// the client's side (trust its CA, or accept any certificate for a test server).
    public var isCertificateFailure: Bool { kind == .certificate }

    static func connect(_ message: String) -> Self { .init(kind: .connect, closeCode: nil, message: message) }
    static func certificate(_ message: String) -> Self { .init(kind: .certificate, closeCode: nil, message: message) }
    static func handshake(_ message: String) -> Self { .init(kind: .handshake, closeCode: nil, message: message) }
    static func timeout(_ message: String) -> Self { .init(kind: .timeout, closeCode: nil, message: message) }
    static func protocolViolation(_ message: String) -> Self {
        .init(kind: .protocolViolation, closeCode: WebSocketCloseCode.protocolError, message: message)
    }
    static func invalidUTF8(_ message: String) -> Self {
        .init(kind: .invalidUTF8, closeCode: WebSocketCloseCode.invalidPayloadData, message: message)
    }
    /// Data the peer sent that cannot be processed (a corrupt compressed stream): 1002.
    static func corruptData(_ message: String) -> Self {
        .init(kind: .protocolViolation, closeCode: WebSocketCloseCode.protocolError, message: message)
    }
    static func messageTooBig(_ message: String) -> Self {
        .init(kind: .messageTooBig, closeCode: WebSocketCloseCode.messageTooBig, message: message)
    }

}
