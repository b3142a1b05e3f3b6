// SPDX-License-Identifier: MIT

/// An HTTP/1.1 response head, as far as the opening handshake needs it: the status and the
/// field lines in the order they arrived.
///
/// The handshake's checks need to know how often a field appeared (RFC 6455 §11.3 lets
/// `Sec-WebSocket-Accept`, `-Protocol` and `-Extensions` appear at most once in a response,
/// while `Connection` may be split over several lines), so lines are kept as they came rather
/// than joined into one value per name.
struct HTTPResponseHead: Equatable {
    /// One field line: the name as the server spelled it, the value without the optional
    /// whitespace around it.
    struct Field: Equatable {
        var name: String
        var value: String
    }

    var status: Int
    var reason: String
    var fields: [Field]
    /// The status line as received (for traces).
    var statusLine: String

    /// The values of every field line named `name` (ASCII case-insensitive), in order.
    func values(_ name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// The field's value, repeated lines joined with ", " (RFC 9110 §5.3); nil when absent.
    func header(_ name: String) -> String? {
        let all = values(name)
        return all.isEmpty ? nil : all.joined(separator: ", ")
    }

    enum ParseError: Error, Equatable {
        case malformedStatusLine
        case malformedHeader
    }

    /// Parses the bytes of a response head, up to but not including the blank line.
    static func parse(_ text: Substring) -> Result<HTTPResponseHead, ParseError> {
        let lines = HTTPHeadLines.split(text)
        guard let status = parseStatusLine(lines[0]) else { return .failure(.malformedStatusLine) }
        var fields: [Field] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            // Obsolete line folding and lines without a colon are not valid field lines.
            guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
                  let field = HTTPHeadLines.field(line, lowercasingName: false), !field.name.isEmpty, !field.name.contains(" ") else {
                return .failure(.malformedHeader)
            }
            fields.append(Field(name: field.name, value: field.value))
        }
        return .success(HTTPResponseHead(status: status.code, reason: status.reason, fields: fields, statusLine: HTTPHeadLines.text(lines[0])))
    }

    /// "HTTP/1.x SP status-code [SP reason]": the code and the reason.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (code: Int, reason: String)? {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              let code = Int(HTTPHeadLines.text(parts[1])) else {
            return nil
        }
        return (code, parts.count > 2 ? HTTPHeadLines.text(parts[2]) : "")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmed: String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(self[first...last])
    }

    /// True when both are the same text apart from the case of ASCII letters (Infra's "ASCII
    /// case-insensitive match"), without building lower-cased copies.
    func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        var left = utf8.makeIterator()
        var right = other.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (a?, b?):
                let lowerA = a >= 0x41 && a <= 0x5A ? a | 0x20 : a
                let lowerB = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if lowerA != lowerB { return false }
            default: return false
            }
        }
    }
}
