// SPDX-License-Identifier: MIT

/// A fenced JavaScript code block of a Markdown page (CommonMark §4.5).
struct MarkdownCodeBlock: Equatable {
    /// 1-based number among the page's JavaScript blocks.
    var number: Int
    /// The line of the page where the code starts (1-based).
    var line: Int
    var code: String

    /// The first line that is not blank, shortened, for reports.
    var firstLine: String {
        let first = code.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        let trimmed = first.trimmingCharacters(inSet: " \t")
        return trimmed.count > 60 ? String(trimmed.prefix(59)) + "…" : trimmed
    }
}

enum MarkdownBlocks {
    /// The info strings whose blocks are JavaScript (MDN writes `js`).
    static let languages: Set<String> = ["js", "javascript", "mjs", "cjs"]

    /// The JavaScript blocks of `text`: ``` or ~~~ fences whose info string's first word is a
    /// JavaScript language; the closing fence uses the same character, at least as many times.
    static func javaScriptBlocks(in text: String) -> [MarkdownCodeBlock] {
        var blocks: [MarkdownCodeBlock] = []
        var open: (character: Character, count: Int, indent: Int, isJS: Bool, line: Int)?
        var body: [Substring] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if let fence = open {
                let run = rest.prefix { $0 == fence.character }.count
                if indent < 4, run >= fence.count, rest.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    if fence.isJS {
                        blocks.append(MarkdownCodeBlock(number: blocks.count + 1, line: fence.line, code: body.joined(separator: "\n") + "\n"))
                    }
                    open = nil
                    body = []
                } else {
                    // Up to the fence's own indentation is removed from each content line.
                    body.append(line.dropFirst(min(indent, fence.indent)))
                }
                continue
            }
            guard indent < 4, let character = rest.first, character == "`" || character == "~" else { continue }
            let run = rest.prefix { $0 == character }.count
            guard run >= 3 else { continue }
            let info = rest.dropFirst(run).trimmingCharacters(inSet: " \t")
            if character == "`", info.contains("`") { continue }
            let language = info.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "{" }).first.map { $0.lowercased() } ?? ""
            open = (character, run, indent, languages.contains(language), index + 2)
        }
        return blocks
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set` (no Foundation here).
    func trimmingCharacters(inSet set: String) -> String {
        let characters = Set(set)
        guard let start = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let end = lastIndex(where: { !characters.contains($0) })!
        return String(self[start...end])
    }
}
