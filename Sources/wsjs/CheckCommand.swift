// SPDX-License-Identifier: MIT
import ArgumentParser
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import WSJS
import WSJSEngine
import WSJSTransport

/// `wsjs check <page.md…>`: runs the JavaScript blocks of Markdown pages (MDN's format) against
/// the built-in echo server and reports each block as passed, failed or skipped.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsjs check",
        abstract: "Run the ```js blocks of Markdown pages headlessly, against the built-in echo server.",
        discussion: """
            Every ws: and wss: URL goes to an in-process echo server unless a --map says otherwise. \
            A block passes when it runs without an uncaught error or unhandled rejection and every \
            WebSocket it opened reached OPEN; a block stopped by a browser-only name (document, \
            window, alert, …) is skipped. Exit status 1 when a block failed.
            """
    )

    @Argument(help: ArgumentHelp("Markdown pages.", valueName: "page.md"))
    var pages: [String] = []

    @Flag(help: "Run the blocks of each page in one runtime, in order (MDN often splits one program over several blocks).")
    var together = false

    @Option(name: .customLong("quiet-period"), help: ArgumentHelp("Close sockets left open after this many milliseconds without socket activity.", valueName: "ms"))
    var quietPeriod = 1000

    @Option(help: ArgumentHelp("Stop a run after this many seconds (the block fails).", valueName: "seconds"))
    var timeout = 10.0

    @Option(help: ArgumentHelp("Connect URLs starting with <from> to <to> instead (repeatable; before the echo server's catch-all).", valueName: "from=to"))
    var map: [String] = []

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
        if pages.isEmpty { throw ValidationError("Name at least one Markdown page: wsjs check page.md…") }
        if !(quietPeriod > 0) { throw ValidationError("--quiet-period takes a positive number of milliseconds.") }
        if !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout takes a positive number of seconds.") }
        for mapping in map where RunCommand.splitMapping(mapping) == nil {
            throw ValidationError("--map takes <from-url-prefix>=<to-url-prefix>, not '\(mapping)'.")
        }
    }

    func run() throws {
        var pageBlocks: [(page: String, blocks: [MarkdownCodeBlock])] = []
        for page in pages {
            guard let bytes = readFile(page) else {
                fail("wsjs check: cannot read '\(page)'", status: ExitStatus.usage)
            }
            pageBlocks.append((page, MarkdownBlocks.javaScriptBlocks(in: String(decoding: bytes, as: UTF8.self))))
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let echo: WebSocketServer
        do {
            echo = try WebSocketServer.start(host: "127.0.0.1", port: 0, configuration: .builtinEcho, on: group).wait()
        } catch {
            fail("wsjs check: the echo server did not start: \(error)", status: 1)
        }
        let mappings = map.compactMap(RunCommand.splitMapping).map { mapping in
            (from: mapping.from, to: mapping.to == RunRequest.builtinEcho ? echo.url : mapping.to)
        } + [("ws://", echo.url), ("wss://", echo.url)]
        let runner = BlockRunner(mappings: mappings, quietPeriod: quietPeriod, timeout: timeout)

        var results: [CheckResult] = []
        for (page, blocks) in pageBlocks {
            if together, !blocks.isEmpty {
                let outcome = runner.run(blocks.map { ($0.code, "\(page)#block\($0.number)") })
                for block in blocks {
                    results.append(CheckResult(page: page, block: block, verdict: outcome.verdict(for: block, page: page, together: true)))
                }
            } else {
                for block in blocks {
                    let outcome = runner.run([(block.code, "\(page)#block\(block.number)")])
                    results.append(CheckResult(page: page, block: block, verdict: outcome.verdict(for: block, page: page, together: false)))
                }
            }
            if !json { for result in results where result.page == page { writeLine(result.line) } }
        }
        let passed = results.count { $0.verdict.kind == .passed }
        let failed = results.count { $0.verdict.kind == .failed }
        let skipped = results.count { $0.verdict.kind == .skipped }
        if json {
            writeLine(CheckResult.json(results, passed: passed, failed: failed, skipped: skipped))
        } else {
            writeLine("\(passed) passed, \(failed) failed, \(skipped) skipped")
        }
        try? echo.stop().wait()
        if failed > 0 { throw ExitCode(1) }
    }
}
