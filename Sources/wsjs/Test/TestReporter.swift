// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// The whole run, for the reporters' last words.
struct RunSummary {
    var files: [FileReport]
    var passed: Int
    var failed: Int
    var skipped: Int
    /// Wall time of the run, in milliseconds.
    var duration: Double
    /// `--list`: the number of tests listed (nothing ran).
    var listed: Int?
}

/// A reporter consumes the files' reports (in file-list order) and the summary; reporters never
/// run inside a test's runtime.
protocol TestReporter: AnyObject {
    func file(_ report: FileReport)
    func end(_ summary: RunSummary)
}

/// Where a reporter writes: stdout, or a file (`--reporter NAME=FILE`).
final class ReportOutput {
    let fd: Int32
    let ownsDescriptor: Bool

    init(path: String?) throws(TestOptions.UsageError) {
        guard let path else {
            fd = 1
            ownsDescriptor = false
            return
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw TestOptions.UsageError(message: "cannot write the report to '\(path)': \(String(cString: strerror(errno)))") }
        fd = opened
        ownsDescriptor = true
    }

    var isTerminal: Bool { isatty(fd) == 1 }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += count
        }
        bytes.removeAll()
    }

    func close() {
        if ownsDescriptor { _ = Glibc.close(fd) }
    }

    deinit { close() }
}

/// Shared wording of the reports.
enum ReportText {
    static func milliseconds(_ value: Double) -> String {
        value < 10 ? "\(Double(Int(value * 10)) / 10) ms" : "\(Int(value.rounded())) ms"
    }

    /// The text of a failure: where, the message, the diff, the stack.
    static func failureBody(_ failure: TestFailure) -> String {
        var parts = [failure.headline]
        if let diff = failure.diff, !failure.message.contains(diff) { parts.append(diff) }
        if let stack = failure.stack, !stack.isEmpty { parts.append(stack) }
        return parts.joined(separator: "\n\n")
    }

    static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    static func summaryLine(_ summary: RunSummary) -> String {
        if let listed = summary.listed { return "\(listed) \(listed == 1 ? "test" : "tests") in \(summary.files.count) \(summary.files.count == 1 ? "file" : "files")" }
        return "\(summary.passed) passed, \(summary.failed) failed, \(summary.skipped) skipped (\(Int(summary.duration.rounded())) ms)"
    }
}
