// SPDX-License-Identifier: MIT

/// `tap`: TAP version 14 (testanything.org/tap-version-14-specification): a subtest per file and
/// per describe, each indented four spaces with its own plan; `# SKIP` / `# TODO` directives;
/// YAML diagnostics (message, expected, actual, operator, at) under each failed test point.
final class TAPReporter: TestReporter {
    let output: ReportOutput
    private var count = 0

    init(output: ReportOutput) {
        self.output = output
        output.write("TAP version 14\n")
    }

    static func escape(_ name: String) -> String {
        name.replacingAll("\\", with: "\\\\").replacingAll("#", with: "\\#").replacingAll("\n", with: " ")
    }

    /// A YAML scalar: single-quoted on one line, a literal block when it spans lines.
    static func yaml(_ text: String, indent: String) -> String {
        if text.contains("\n") {
            return "|-\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + "  " + $0 }.joined(separator: "\n")
        }
        return "'" + text.replacingAll("'", with: "''") + "'"
    }

    static func diagnostics(_ failure: TestFailure, duration: Double?, indent: String) -> [String] {
        var lines = [indent + "---"]
        lines.append(indent + "message: " + yaml(failure.headline, indent: indent))
        if let expected = failure.expected { lines.append(indent + "expected: " + yaml(expected, indent: indent)) }
        if let actual = failure.actual { lines.append(indent + "actual: " + yaml(actual, indent: indent)) }
        if let operatorName = failure.operatorName { lines.append(indent + "operator: " + yaml(operatorName, indent: indent)) }
        if let location = failure.location { lines.append(indent + "at: " + yaml(location.text, indent: indent)) }
        if let stack = failure.stack, !stack.isEmpty { lines.append(indent + "stack: " + yaml(stack, indent: indent)) }
        if let duration { lines.append(indent + "duration_ms: \(duration)") }
        lines.append(indent + "...")
        return lines
    }

    /// Test points for `nodes` at `depth` (each level four spaces).
    private func points(_ nodes: [TestNode], fileErrors: [TestFailure], depth: Int) -> (lines: [String], failed: Bool) {
        let pad = String(repeating: "    ", count: depth)
        var lines: [String] = []
        var number = 0
        var failed = false
        for node in nodes {
            number += 1
            if node.isSuite || !node.children.isEmpty {
                lines.append(pad + "# Subtest: " + node.name)
                let inner = points(node.children, fileErrors: [], depth: depth + 1)
                lines += inner.lines
            }
            let status = node.isSuite ? node.effectiveStatus : node.status ?? .fail
            let name = Self.escape(node.name)
            switch status {
            case .pass: lines.append(pad + "ok \(number) - \(name)")
            case .skip: lines.append(pad + "ok \(number) - \(name) # SKIP" + (node.reason.isEmpty ? "" : " \(Self.escape(node.reason))"))
            case .todo: lines.append(pad + "not ok \(number) - \(name) # TODO" + (node.reason.isEmpty ? "" : " \(Self.escape(node.reason))"))
            case .fail:
                failed = true
                lines.append(pad + "not ok \(number) - \(name)")
                if let failure = node.failures.first { lines += Self.diagnostics(failure, duration: node.duration, indent: pad + "  ") }
            }
        }
        for failure in fileErrors {
            number += 1
            failed = true
            lines.append(pad + "not ok \(number) - (outside any test)")
            lines += Self.diagnostics(failure, duration: nil, indent: pad + "  ")
        }
        lines.append(pad + "1..\(number)")
        return (lines, failed)
    }

    func file(_ report: FileReport) {
        count += 1
        var lines = ["# Subtest: " + report.path]
        if !report.listed.isEmpty {
            for (offset, item) in report.listed.enumerated() { lines.append("    ok \(offset + 1) - \(Self.escape(item.name)) # SKIP --list") }
            lines.append("    1..\(report.listed.count)")
            lines.append("ok \(count) - \(Self.escape(report.path))")
            output.write(lines.joined(separator: "\n") + "\n")
            return
        }
        let inner = points(report.roots, fileErrors: report.fileErrors, depth: 1)
        lines += inner.lines
        lines.append((inner.failed ? "not ok" : "ok") + " \(count) - \(Self.escape(report.path))")
        output.write(lines.joined(separator: "\n") + "\n")
    }

    func end(_ summary: RunSummary) {
        output.write("1..\(count)\n# \(ReportText.summaryLine(summary))\n")
    }
}

/// `junit`: JUnit XML as CI systems read it: testsuites › testsuite (a file: name, tests,
/// failures, errors, skipped, time) › testcase (classname, name, time, file, line) with
/// failure, error (outside any test), skipped and system-out children.
final class JUnitReporter: TestReporter {
    let output: ReportOutput
    private var suites: [String] = []

    init(output: ReportOutput) {
        self.output = output
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 has no place for other control characters (e.g. a terminal's ESC).
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func seconds(_ milliseconds: Double) -> String {
        let thousandths = Int((milliseconds).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    func file(_ report: FileReport) {
        let file = Self.escape(report.path)
        var cases: [String] = []
        var tests = 0, failures = 0, skipped = 0, duration = 0.0
        for node in report.tests {
            tests += 1
            duration += node.duration
            var body: [String] = []
            switch node.status ?? .fail {
            case .pass: break
            case .skip, .todo:
                skipped += 1
                let reason = node.status == .todo ? "TODO" + (node.reason.isEmpty ? "" : ": \(node.reason)") : node.reason
                body.append("      <skipped" + (reason.isEmpty ? "" : " message=\"\(Self.escape(reason))\"") + "/>")
            case .fail:
                failures += 1
                // One failure element (the schema allows one): the first failure names it, the
                // text holds them all.
                let texts = node.failures.map { failure in
                    let details = ReportText.failureBody(failure)
                    return details + (failure.location.map { details.contains($0.text) ? "" : "\n\nat \($0.text)" } ?? "")
                }
                let first = node.failures.first ?? TestFailure(name: "Error", message: "failed")
                let message = first.headline.split(separator: "\n").first.map(String.init) ?? ""
                body.append("      <failure message=\"\(Self.escape(message))\" type=\"\(Self.escape(first.name))\">\(Self.escape(texts.joined(separator: "\n\n")))</failure>")
            }
            if !node.output.isEmpty { body.append("      <system-out>\(Self.escape(node.output))</system-out>") }
            let head = "    <testcase classname=\"\(file)\" name=\"\(Self.escape(node.fullName))\" time=\"\(Self.seconds(node.duration))\" file=\"\(file)\" line=\"\(node.line)\""
            cases.append(body.isEmpty ? head + "/>" : head + ">\n" + body.joined(separator: "\n") + "\n    </testcase>")
        }
        for failure in report.fileErrors {
            let message = failure.headline.split(separator: "\n").first.map(String.init) ?? ""
            cases.append("    <testcase classname=\"\(file)\" name=\"(outside any test)\" time=\"0.000\" file=\"\(file)\" line=\"\(failure.location?.line ?? 0)\">\n      <error message=\"\(Self.escape(message))\" type=\"\(Self.escape(failure.name))\">\(Self.escape(ReportText.failureBody(failure)))</error>\n    </testcase>")
        }
        let errors = report.fileErrors.count
        let suite = "  <testsuite name=\"\(file)\" tests=\"\(tests + errors)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(Self.seconds(max(duration, report.duration)))\" file=\"\(file)\""
        suites.append(cases.isEmpty ? suite + "/>" : suite + ">\n" + cases.joined(separator: "\n") + "\n  </testsuite>")
        totals.tests += tests + errors
        totals.failures += failures
        totals.errors += errors
        totals.skipped += skipped
    }

    private var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)

    func end(_ summary: RunSummary) {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"wsjs test\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\" time=\"\(Self.seconds(summary.duration))\""
        text += suites.isEmpty ? "/>\n" : ">\n" + suites.joined(separator: "\n") + "\n</testsuites>\n"
        output.write(text)
        output.close()
    }
}

/// GitHub Actions workflow commands: an `::error` annotation per failure, at its file, line
/// and column (docs.github.com "Workflow commands for GitHub Actions": data escapes %, CR and
/// LF; properties also : and ,).
final class GitHubReporter: TestReporter {
    let output: ReportOutput

    init(output: ReportOutput) {
        self.output = output
    }

    static func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

    func annotation(_ failure: TestFailure, title: String, fallback: SourceLocation) -> String {
        let location = failure.location ?? fallback
        return "::error file=\(Self.escapeProperty(location.file)),line=\(location.line),col=\(location.column),title=\(Self.escapeProperty(title))::\(Self.escapeData(failure.headline))\n"
    }

    func file(_ report: FileReport) {
        var text = ""
        for node in report.allTests where node.status == .fail {
            for failure in node.failures {
                text += annotation(failure, title: node.fullName, fallback: SourceLocation(file: report.path, line: node.line, column: node.column))
            }
        }
        for failure in report.fileErrors {
            text += annotation(failure, title: "\(report.path) (outside any test)", fallback: SourceLocation(file: report.path, line: 1, column: 1))
        }
        annotations += text
    }

    /// Written at the end, so that they never land inside another reporter's line.
    private var annotations = ""

    func end(_ summary: RunSummary) {
        output.write(annotations)
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in this binary).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
