// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// The default reporter: a line per test (✔ passed, ✖ failed, ﹣ skipped or todo) with its
/// duration, nested as declared; then every failure with its location, message, diff and stack;
/// last, "N passed, M failed, K skipped (T ms)". Colour only on a terminal without NO_COLOR.
final class PrettyReporter: TestReporter {
    let output: ReportOutput
    let colour: Bool
    /// Collects the failures but lists no tests (the dot reporter's end).
    let quiet: Bool
    private var failures: [(title: String, failures: [TestFailure])] = []

    init(output: ReportOutput, environment: [String: String], quiet: Bool = false) {
        self.output = output
        self.quiet = quiet
        colour = output.isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func file(_ report: FileReport) {
        // A file none of whose tests was selected (--filter, .only) says nothing.
        if report.roots.isEmpty, report.fileErrors.isEmpty, report.output.isEmpty, report.listed.isEmpty { return }
        var lines = [paint(report.path, "1")]
        if !report.listed.isEmpty {
            for item in report.listed {
                lines.append("  " + item.name + (item.status == "run" ? "" : " # \(item.status.uppercased())"))
            }
            if !quiet { output.write(lines.joined(separator: "\n") + "\n") }
            return
        }
        if !report.output.isEmpty { lines.append(ReportText.indent(paint(report.output.trimmingTrailingNewlines, "2"), by: 2)) }
        func walk(_ nodes: [TestNode], depth: Int) {
            let pad = String(repeating: "  ", count: depth + 1)
            for node in nodes {
                if node.isSuite {
                    lines.append(pad + "▶ " + node.name)
                    walk(node.children, depth: depth + 1)
                    continue
                }
                lines.append(pad + line(for: node))
                if !node.output.isEmpty { lines.append(ReportText.indent(paint(node.output.trimmingTrailingNewlines, "2"), by: (depth + 2) * 2)) }
                walk(node.children, depth: depth + 1)
                if node.status == .fail { failures.append(("\(report.path) › \(node.fullName)", node.failures)) }
            }
        }
        walk(report.roots, depth: 0)
        for failure in report.fileErrors {
            lines.append("  " + paint("✖", "31") + " " + failure.headline.split(separator: "\n").first.map(String.init)!)
            failures.append(("\(report.path) (outside any test)", [failure]))
        }
        if !quiet { output.write(lines.joined(separator: "\n") + "\n") }
    }

    private func line(for node: TestNode) -> String {
        let time = paint("(\(ReportText.milliseconds(node.duration))\(node.retries > 0 ? ", \(node.retries) \(node.retries == 1 ? "retry" : "retries")" : ""))", "2")
        switch node.status ?? .fail {
        case .pass: return paint("✔", "32") + " \(node.name) " + time
        case .fail: return paint("✖", "31") + " \(node.name) " + time
        case .skip: return paint("﹣", "33") + " \(node.name) " + paint("# SKIP" + (node.reason.isEmpty ? "" : " \(node.reason)"), "2")
        case .todo: return paint("﹣", "36") + " \(node.name) " + paint("# TODO" + (node.reason.isEmpty ? "" : " \(node.reason)"), "2")
        }
    }

    func end(_ summary: RunSummary) {
        var text = ""
        if !failures.isEmpty {
            text += "\n" + paint("Failures:", "1;31") + "\n"
            for (number, item) in failures.enumerated() {
                text += "\n\(number + 1)) \(item.title)\n"
                for (index, failure) in item.failures.enumerated() {
                    if index > 0 { text += "\n" }
                    if let location = failure.location { text += "   at \(location.text)\n" }
                    text += "\n" + ReportText.indent(ReportText.failureBody(failure), by: 3) + "\n"
                }
            }
        }
        text += "\n" + ReportText.summaryLine(summary) + "\n"
        output.write(text)
    }
}

/// `dot`: one character per test (. passed, F failed, s skipped or todo), 80 to a line; then the
/// failures and the summary line as `pretty` prints them.
final class DotReporter: TestReporter {
    let output: ReportOutput
    private let failures: PrettyReporter
    private var column = 0

    init(output: ReportOutput, environment: [String: String]) {
        self.output = output
        failures = PrettyReporter(output: output, environment: environment, quiet: true)
    }

    func file(_ report: FileReport) {
        var text = ""
        var marks = report.tests.map { node -> Character in
            switch node.status ?? .fail {
            case .pass: "."
            case .fail: "F"
            case .skip, .todo: "s"
            }
        }
        if !report.fileErrors.isEmpty { marks.append("F") }
        for mark in marks {
            text.append(mark)
            column += 1
            if column == 80 {
                text += "\n"
                column = 0
            }
        }
        output.write(text)
        failures.file(report)
    }

    func end(_ summary: RunSummary) {
        if column > 0 { output.write("\n") }
        failures.end(summary)
    }
}
