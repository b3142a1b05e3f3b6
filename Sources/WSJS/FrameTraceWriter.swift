// SPDX-License-Identifier: MIT
import WSJSTransport
#if canImport(Glibc)
import Glibc
#endif

/// The trace file could not be opened.
public struct FrameTraceWriterError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Where `--trace` output goes.
public enum FrameTraceOutput: Sendable, Equatable {
    /// One line per frame on stderr, as a browser's DevTools lists WebSocket messages.
    case standardError
    /// One JSON object per line in this file (created or truncated).
    case file(String)
}

/// Writes frame traces: the time since the run started, the socket, the direction, the opcode,
/// the length on the wire, a short escaped preview, and a Close frame's code and reason; and the
/// opening handshake's two heads.
final class FrameTraceWriter {
    let output: FrameTraceOutput
    private let sink: OutputSink
    private var fileDescriptor: Int32 = -1

    init(output: FrameTraceOutput, sink: OutputSink) throws {
        self.output = output
        self.sink = sink
        if case .file(let path) = output {
            fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fileDescriptor >= 0 else {
                throw FrameTraceWriterError(message: "wsjs: cannot write the trace file '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }

    func write(milliseconds: Double, socket: Int, url: String, frame: WebSocketFrameTrace) {
        let close = frame.opcode == 0x8 ? Self.closePayload(frame.preview) : nil
        switch output {
        case .standardError:
            let arrow = frame.direction == .sent ? "↑ sent" : "↓ received"
            var line = "[trace] +\(Self.format(milliseconds)) ms ws#\(socket) \(arrow) \(frame.opcodeName)"
            if !frame.fin { line += " (fragment)" }
            line += " \(frame.length) B"
            if frame.compressed { line += " (compressed; \(frame.applicationLength) B inflated)" }
            if let close {
                line += close.code.map { " code \($0)" } ?? " no code"
                if !close.reason.isEmpty { line += " reason \(JSONText.quoted(close.reason))" }
            } else if !frame.preview.isEmpty {
                line += " " + Self.preview(frame)
            }
            emit(line + "\n")
        case .file:
            var json = "{\"t\":\(Self.format(milliseconds)),\"socket\":\(socket),\"url\":\(JSONText.quoted(url))"
            json += ",\"direction\":\"\(frame.direction == .sent ? "sent" : "received")\",\"opcode\":\"\(frame.opcodeName)\""
            json += ",\"fin\":\(frame.fin),\"compressed\":\(frame.compressed),\"length\":\(frame.length),\"applicationLength\":\(frame.applicationLength)"
            if let close {
                json += ",\"closeCode\":\(close.code.map(String.init) ?? "null"),\"closeReason\":\(JSONText.quoted(close.reason))"
            } else {
                json += ",\"preview\":\(JSONText.quoted(Self.previewText(frame)))"
            }
            emit(json + "}\n")
        }
    }

    /// The opening handshake's request or response head (credentials already masked by the
    /// transport): the start line, then one indented line per header on stderr; in the file,
    /// `handshake` ("request" or "response"), `startLine` and `headers` as [name, value] pairs.
    func write(milliseconds: Double, socket: Int, url: String, handshake head: WebSocketHandshakeTrace) {
        switch output {
        case .standardError:
            let arrow = head.direction == .sent ? "↑ sent" : "↓ received"
            var text = "[trace] +\(Self.format(milliseconds)) ms ws#\(socket) \(arrow) handshake \(Self.printable(head.startLine))\n"
            for header in head.headers { text += "          \(Self.printable(header.name)): \(Self.printable(header.value))\n" }
            emit(text)
        case .file:
            var json = "{\"t\":\(Self.format(milliseconds)),\"socket\":\(socket),\"url\":\(JSONText.quoted(url))"
            json += ",\"direction\":\"\(head.direction == .sent ? "sent" : "received")\",\"handshake\":\"\(head.direction == .sent ? "request" : "response")\""
            json += ",\"startLine\":\(JSONText.quoted(head.startLine)),\"headers\":["
            json += head.headers.map { "[\(JSONText.quoted($0.name)),\(JSONText.quoted($0.value))]" }.joined(separator: ",")
            emit(json + "]}\n")
        }
    }

    func emit(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if fileDescriptor >= 0 {
                writeAll(fileDescriptor, UnsafeRawBufferPointer(bytes))
            } else {
                sink.write(2, UnsafeRawBufferPointer(bytes))
            }
        }
    }

    /// `text` with control characters escaped (`\u{1b}`): a server's header must not be able to
    /// send escape sequences to the user's terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func closePayload(_ payload: [UInt8]) -> (code: UInt16?, reason: String)? {
        guard payload.count >= 2 else { return (nil, "") }
        return (UInt16(payload[0]) << 8 | UInt16(payload[1]), String(decoding: payload.dropFirst(2), as: UTF8.self))
    }

    /// Text as a quoted, escaped string; binary as hex bytes; "…" when the payload was longer.
    static func preview(_ frame: WebSocketFrameTrace) -> String {
        let more = frame.applicationLength > frame.preview.count ? "…" : ""
        if frame.opcode == 0x2 || (frame.opcode != 0x1 && frame.opcode != 0x0 && !isText(frame.preview)) {
            return "<" + frame.preview.prefix(16).map { hex($0) }.joined(separator: " ") + (frame.applicationLength > 16 ? " …" : "") + ">"
        }
        return JSONText.quoted(String(decoding: frame.preview, as: UTF8.self)) + more
    }

    static func previewText(_ frame: WebSocketFrameTrace) -> String {
        frame.opcode == 0x2 ? frame.preview.map { hex($0) }.joined() : String(decoding: frame.preview, as: UTF8.self)
    }

    private static func isText(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    static func format(_ milliseconds: Double) -> String {
        let thousandths = Int((milliseconds * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
