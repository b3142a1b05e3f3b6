// SPDX-License-Identifier: MIT
import ArgumentParser
import WSJS
import WSJSTransport

/// `wsjs [options] <script.js> [args…]`: runs a script, or code given with `-e`, or stdin (`-`).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsjs",
        abstract: "Run JavaScript with a browser-grade WebSocket, headlessly.",
        discussion: """
            The script's own arguments follow the script path; scripts read them as wsjs.args.
            Exit status: 0 success, 1 uncaught error or unhandled rejection, 2 usage error or \
            unreadable file, 124 --timeout expired; wsjs.exit(n) ends the run with n.
            `wsjs serve --help` describes the built-in echo server; `wsjs check --help` the \
            checker of Markdown pages' examples.
            """,
        version: WSJSVersion.current
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Run this code instead of a script file.", valueName: "code"))
    var eval: String?

    @Option(help: ArgumentHelp("Stop the script after this many seconds (exit status 124).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("The base URL for relative URLs, as Deno's --location (http: or https:).", valueName: "url"))
    var location: String?

    @Option(help: ArgumentHelp("Run this script first, in the same global scope (repeatable).", valueName: "file"))
    var preload: [String] = []

    @Option(name: .customLong("serve-echo"), help: ArgumentHelp("Run the built-in echo server on this loopback port while the script runs (e.g. 8080 for MDN's ws://localhost:8080 examples).", valueName: "port"))
    var serveEcho: Int?

    @Option(help: ArgumentHelp("Connect WebSockets whose URL starts with <from> to <to> + the rest instead; ws.url still shows the original (repeatable; <to> may be builtin:echo).", valueName: "from=to"))
    var map: [String] = []

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Trust the CA certificates in this PEM file for wss: and https: too (repeatable; as SSL_CERT_FILE).", valueName: "pem"))
    var caFile: [String] = []

    @Flag(help: "Accept any certificate for wss: and https: (test servers only; prints a warning).")
    var insecure = false

    @Option(name: .customLong("max-message-size"), help: ArgumentHelp("The largest message a WebSocket accepts, in bytes (default 64 MiB; larger ones close the socket with 1009).", valueName: "bytes"))
    var maxMessageSize: Int?

    @Option(name: .customLong("max-buffered-amount"), help: ArgumentHelp("The most bytes a WebSocket may queue unsent (bufferedAmount) before it is closed as full (default 256 MiB).", valueName: "bytes"))
    var maxBufferedAmount: Int?

    @Option(name: .customLong("busy-poll"), help: ArgumentHelp("After socket activity, poll for more this many microseconds before the loop sleeps (default 100; 0 never polls). Saves the wake-up latency of a sleeping CPU, at up to that much CPU time per wait.", valueName: "µs"))
    var busyPoll: Int?

    @Flag(help: "Print every WebSocket frame sent and received, and fetch()'s request and status lines, to stderr.")
    var trace = false

    @Option(name: .customLong("trace-file"), help: ArgumentHelp("Write every WebSocket frame as a JSON line to this file.", valueName: "path"))
    var traceFile: String?

    @Option(name: .customLong("test-worker"), help: .hidden)
    var testWorker: String?

    @Flag(help: "Run the script (a file, -e code or stdin) as an ES module. Without it, .mjs files and .js files with import/export, import.meta or top-level await run as modules.")
    var module = false

    @Option(name: .customLong("import-map"), help: ArgumentHelp("Resolve bare import specifiers with this import map (JSON: imports and scopes, as in HTML).", valueName: "file"))
    var importMap: String?

    @Argument(help: ArgumentHelp("The script to run (- for stdin).", valueName: "script.js"))
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script (wsjs.args).", valueName: "args"))
    var scriptArguments: [String] = []

    func validate() throws {
        if eval == nil, script == nil {
            throw ValidationError("Missing the script to run: wsjs <script.js> [args…], wsjs -e '<code>', or - for stdin.")
        }
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout takes a positive number of seconds, not '\(timeout)'.")
        }
        if let serveEcho, !(0...65535).contains(serveEcho) {
            throw ValidationError("--serve-echo takes a port number (0–65535), not '\(serveEcho)'.")
        }
        if let busyPoll, !(0...1_000_000).contains(busyPoll) {
            throw ValidationError("--busy-poll takes microseconds from 0 to 1000000, not \(busyPoll).")
        }
        for (name, value) in [("--max-message-size", maxMessageSize), ("--max-buffered-amount", maxBufferedAmount)] {
            if let value, value <= 0 { throw ValidationError("\(name) takes a positive number of bytes, not \(value).") }
        }
        for mapping in map {
            guard let (from, to) = Self.splitMapping(mapping) else {
                throw ValidationError("--map takes <from-url-prefix>=<to-url-prefix>, e.g. wss://example.com/=ws://127.0.0.1:8080/, not '\(mapping)'.")
            }
            let target = to.lowercased()
            guard from.contains(":"), target == RunRequest.builtinEcho || target.hasPrefix("ws://") || target.hasPrefix("wss://") else {
                throw ValidationError("--map's target must be a ws: or wss: URL prefix or builtin:echo, not '\(to)'.")
            }
        }
        if let location {
            let lowered = location.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), location.count > 8 else {
                throw ValidationError("--location takes an absolute http: or https: URL, not '\(location)'.")
            }
        }
    }

    /// "from=to" split at the first "=" (URLs in `from` rarely hold one; `to` may).
    static func splitMapping(_ text: String) -> (from: String, to: String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let from = String(text[..<equals])
        let to = String(text[text.index(after: equals)...])
        return from.isEmpty || to.isEmpty ? nil : (from, to)
    }

    func run() throws {
        var request = RunRequest()
        request.timeout = timeout
        request.location = location
        request.preloads = preload
        request.serveEchoPort = serveEcho
        request.mappings = map.compactMap(Self.splitMapping)
        request.maxMessageSize = maxMessageSize
        request.maxBufferedAmount = maxBufferedAmount
        request.busyPollMicroseconds = busyPoll
        request.caFiles = caFile
        request.insecure = insecure
        request.testWorker = testWorker
        request.forceModule = module
        request.importMapPath = importMap
        if let traceFile { request.trace = .file(traceFile) } else if trace { request.trace = .standardError }
        if let eval {
            request.main = .code(eval)
            // With -e, every positional argument belongs to the script.
            request.arguments = (script.map { [$0] } ?? []) + scriptArguments
        } else if let script {
            request.main = script == "-" ? .standardInput : .file(script)
            request.arguments = scriptArguments
        }
        request.execute()
    }
}
