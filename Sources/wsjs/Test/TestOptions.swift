// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// `wsjs test`'s command line, parsed by hand: `--fail-fast[=N]` and `--shuffle[=SEED]` take an
/// optional value, and the runtime's own options are passed on to every worker unchanged.
struct TestOptions {
    enum Filter {
        case text(String)
        case pattern(source: String, flags: String)
    }

    var paths: [String] = []
    var jobs = TestOptions.coreCount
    var filter: Filter?
    var timeout = 5000
    var retry = 0
    var failFast: Int?
    var shuffleSeed: UInt32?
    var shard: (index: Int, count: Int)?
    var list = false
    var leakCheck = true
    var reporters: [(name: String, file: String?)] = []
    /// Runtime options for every worker (`--location`, `--map`, …), as given.
    var runtimeArguments: [String] = []
    /// `--serve-echo PORT`: one echo server for the whole run, in this process (the workers
    /// run in parallel, so each cannot listen on the same port).
    var serveEchoPort: Int?
    /// Whether a reporter shows where tests were declared (junit, github): the workers then
    /// send every test's line, which costs them a stack trace each.
    var locations = false
    var help = false

    static let reporterNames = ["pretty", "dot", "tap", "junit", "github"]
    static let runtimeOptionsWithValue: Set<String> = ["--location", "--map", "--ca-file", "--trace-file", "--max-message-size", "--max-buffered-amount", "--busy-poll", "--preload"]
    static let runtimeFlags: Set<String> = ["--insecure", "--trace"]

    static var coreCount: Int {
        let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return max(1, count)
    }

    struct UsageError: Error {
        let message: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> TestOptions {
        var options = TestOptions()
        var index = 0
        func value(_ name: String, _ inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(name) needs a value.") }
            return arguments[index]
        }
        func integer(_ name: String, _ text: String, minimum: Int) throws(UsageError) -> Int {
            guard let number = Int(text), number >= minimum else { throw UsageError(message: "\(name) takes a whole number of at least \(minimum), not '\(text)'.") }
            return number
        }
        var onlyPaths = false
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            if onlyPaths || !argument.hasPrefix("-") || argument == "-" {
                options.paths.append(argument)
                continue
            }
            if argument == "--" { onlyPaths = true; continue }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let inline = parts.count > 1 ? parts[1] : nil
            switch name {
            case "-h", "--help": options.help = true
            case "-j", "--jobs": options.jobs = try integer(name, value(name, inline), minimum: 1)
            case "--filter":
                let text = try value(name, inline)
                if text.count >= 2, text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close != text.startIndex {
                    let source = String(text[text.index(after: text.startIndex)..<close])
                    let flags = String(text[text.index(after: close)...])
                    guard flags.allSatisfy({ "dgimsuyv".contains($0) }) else { throw UsageError(message: "--filter /REGEX/flags: unknown flags '\(flags)'.") }
                    options.filter = .pattern(source: source, flags: flags)
                } else {
                    options.filter = .text(text)
                }
            case "--timeout": options.timeout = try integer(name, value(name, inline), minimum: 0)
            case "--retry": options.retry = try integer(name, value(name, inline), minimum: 0)
            case "--fail-fast": options.failFast = try inline.map { text throws(UsageError) in try integer(name, text, minimum: 1) } ?? 1
            case "--shuffle":
                if let inline {
                    guard let seed = UInt32(inline) else { throw UsageError(message: "--shuffle=SEED takes a whole number from 0 to 4294967295, not '\(inline)'.") }
                    options.shuffleSeed = seed
                } else {
                    options.shuffleSeed = UInt32.random(in: 0...UInt32.max)
                }
            case "--shard":
                let text = try value(name, inline)
                let pieces = text.split(separator: "/").map(String.init)
                guard pieces.count == 2, let shard = Int(pieces[0]), let count = Int(pieces[1]), count >= 1, (1...count).contains(shard) else {
                    throw UsageError(message: "--shard takes I/N with 1 ≤ I ≤ N (e.g. 2/4), not '\(text)'.")
                }
                options.shard = (shard, count)
            case "--list": options.list = true
            case "--no-leak-check": options.leakCheck = false
            case "--reporter":
                let text = try value(name, inline)
                let pieces = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard reporterNames.contains(pieces[0]) else {
                    throw UsageError(message: "--reporter: unknown reporter '\(pieces[0])' (\(reporterNames.joined(separator: ", "))).")
                }
                if pieces.count > 1, pieces[1].isEmpty { throw UsageError(message: "--reporter \(pieces[0])=FILE: the file name is empty.") }
                options.reporters.append((pieces[0], pieces.count > 1 ? pieces[1] : nil))
            case "--serve-echo":
                let text = try value(name, inline)
                guard let port = Int(text), (0...65535).contains(port) else { throw UsageError(message: "--serve-echo takes a port number (0–65535), not '\(text)'.") }
                options.serveEchoPort = port
            default:
                if runtimeFlags.contains(name) {
                    options.runtimeArguments.append(argument)
                } else if runtimeOptionsWithValue.contains(name) {
                    options.runtimeArguments += [name, try value(name, inline)]
                } else {
                    throw UsageError(message: "unknown option '\(name)'.")
                }
            }
        }
        if options.reporters.isEmpty { options.reporters = [("pretty", nil)] }
        return options
    }

    static let usage = """
        Usage: wsjs test [options] [paths…]

        Runs the test files under the paths (default: the current directory): *.test.js,
        *_test.js and test.js (and .mjs), skipping dot folders and node_modules. Each file runs
        in its own runtime, files in parallel.

        Options:
          -j, --jobs N            files run at once (default: the number of cores)
          --filter TEXT|/RE/      run the tests whose full name ("describe › test") matches
          --timeout MS            per test and hook (default 5000)
          --retry N               run a failing test up to N more times
          --fail-fast[=N]         stop after the first (or N-th) failure
          --shuffle[=SEED]        run files and tests in a random order (the seed is printed)
          --shard I/N             run the I-th of N deterministic parts of the sorted file list
          --list                  print the tests, run none
          --no-leak-check         do not fail tests that leave sockets open or timers pending
          --reporter NAME[=FILE]  pretty (default), dot, tap, junit, github; repeatable
        Runtime options, for every file: --location, --map, --serve-echo, --ca-file, --insecure,
        --trace, --trace-file, --max-message-size, --max-buffered-amount, --busy-poll, --preload.
        With GITHUB_ACTIONS=true, GitHub annotations are printed besides the chosen reporters.

        Exit status: 0 every test passed, 1 a test or file failed, 2 usage error or no test files.
        """
}
