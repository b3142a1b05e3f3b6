// SPDX-License-Identifier: MIT

/// The lines of an HTTP/1.1 message head, for the two heads the transport reads: the server's
/// handshake response (client) and the client's upgrade request (server).
///
/// They work on bytes, not Characters: "\r\n" is a single Character, and splitting text on it
/// walks every grapheme cluster of the head (a tenth of the CPU a connection's opening took).
enum HTTPHeadLines {
    /// The head's lines, split at each CR LF (a lone CR or LF stays in its line); `text` is the
    /// head up to but not including the blank line that ends it.
    static func split(_ text: Substring) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") {
                lines.append(bytes[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        lines.append(bytes[lineStart...])
        return lines
    }

    /// A field line's name (lower-cased unless `lowercasingName` is false) and its value without
    /// the optional whitespace around it; nil for a line without a colon, or with a CR, LF or NUL
    /// in it (RFC 9110 §5.5: such field values are invalid, and a recipient must reject the
    /// message or replace them).
    static func field(_ line: ArraySlice<UInt8>, lowercasingName: Bool = true) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
              !line.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }) else {
            return nil
        }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        return (lowercasingName ? name.lowercased() : name,
                String(decoding: line[(colon + 1)...], as: UTF8.self).trimmed)
    }

    /// The text of a line.
    static func text(_ line: ArraySlice<UInt8>) -> String {
        String(decoding: line, as: UTF8.self)
    }
}
