// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import WSJS
import WSJSEngine

/// What one run of `wsjs check` observed: the exit status, stderr, and the WebSockets.
struct BlockOutcome {
    var status: Int32
    var standardError: String
    var created: Int
    var opened: Int
    var timeout: Double

    enum Kind: String { case passed, failed, skipped }

    /// Names only browsers define: a block stopped by one of them is skipped, not failed.
    static let browserOnlyNames: Set<String> = [
        "document", "window", "alert", "confirm", "prompt", "localStorage", "sessionStorage", "navigator",
        "HTMLElement", "customElements", "requestAnimationFrame", "getComputedStyle", "history", "Image", "Audio",
    ]

    func verdict(for block: MarkdownCodeBlock, page: String, together: Bool) -> (kind: Kind, reason: String) {
        let firstError = standardError.split(separator: "\n").first { $0.hasPrefix("Uncaught") }.map(String.init)
        // With --together, an error belongs to the block its stack names first; the others ran.
        if together, firstError != nil, let culprit = Self.firstBlockNamed(in: standardError, page: page), culprit != block.number {
            return (.passed, "the page's run stopped at block \(culprit)")
        }
        if let firstError, let name = Self.browserOnlyName(in: firstError) {
            return (.skipped, "uses \(name), which only browsers have")
        }
        if status == ExitStatus.timedOut { return (.failed, "did not finish within \(timeout) s") }
        if status != 0 { return (.failed, firstError ?? "exit status \(status)") }
        if opened < created { return (.failed, "\(created - opened) of \(created) WebSockets never reached OPEN") }
        return (.passed, "")
    }

    /// The number N of the first "page#blockN:" location in an error report.
    static func firstBlockNamed(in text: String, page: String) -> Int? {
        let marker = "\(page)#block"
        guard let range = text.firstRange(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The browser-only name in "Uncaught ReferenceError: Can't find variable: document".
    static func browserOnlyName(in message: String) -> String? {
        guard message.contains("ReferenceError"), let name = message.split(separator: " ").last.map(String.init) else { return nil }
        return browserOnlyNames.contains(name) ? name : nil
    }
}

/// Runs blocks in a fresh runtime each time, with the check harness first.
struct BlockRunner {
    let mappings: [(from: String, to: String)]
    let quietPeriod: Int
    let timeout: Double

    func run(_ scripts: [(source: String, sourceURL: String)]) -> BlockOutcome {
        let captured = NIOLockedValueBox((stderr: [UInt8](), created: 0, opened: 0))
        var options = RuntimeOptions(timeout: .milliseconds(Int64(timeout * 1000)), output: OutputSink { fileDescriptor, bytes in
            // The blocks' own output is not part of the report; their errors are.
            if fileDescriptor == 2 { captured.withLockedValue { $0.stderr += bytes } }
        })
        options.urlMappings = mappings
        let quietPeriod = Double(self.quietPeriod)
        // A block that uses import or top-level await runs as a module (with --together, the
        // page's last block; the blocks before it share the global scope with it).
        let status = Runtime.run(scripts: [(CheckHarness.source, "wsjs:check-harness.js")] + scripts, options: options, detectModules: true) { runtime in
            runtime.installGlobalFunction(CheckHarness.hostFunctionName) { engine, arguments in
                switch arguments.first.flatMap({ $0 }).map({ engine.string($0) }) {
                case "quiet-period": return engine.makeNumber(quietPeriod)
                case "created": captured.withLockedValue { $0.created += 1 }
                case "opened": captured.withLockedValue { $0.opened += 1 }
                default: break
                }
                return nil
            }
        }
        let result = captured.withLockedValue { $0 }
        return BlockOutcome(status: status, standardError: String(decoding: result.stderr, as: UTF8.self), created: result.created, opened: result.opened, timeout: timeout)
    }
}

/// One line of the report.
struct CheckResult {
    let page: String
    let block: MarkdownCodeBlock
    let verdict: (kind: BlockOutcome.Kind, reason: String)

    var line: String {
        "\(page):\(block.line) block \(block.number) `\(block.firstLine)` \(verdict.kind.rawValue)" + (verdict.reason.isEmpty ? "" : ": \(verdict.reason)")
    }

    static func json(_ results: [CheckResult], passed: Int, failed: Int, skipped: Int) -> String {
        let items = results.map { result in
            "{\"page\":\(JSONText.quoted(result.page)),\"block\":\(result.block.number),\"line\":\(result.block.line)," +
                "\"firstLine\":\(JSONText.quoted(result.block.firstLine)),\"verdict\":\"\(result.verdict.kind.rawValue)\"," +
                "\"reason\":\(JSONText.quoted(result.verdict.reason))}"
        }
        return "{\"results\":[\(items.joined(separator: ","))],\"passed\":\(passed),\"failed\":\(failed),\"skipped\":\(skipped)}"
    }
}
