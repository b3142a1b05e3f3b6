// SPDX-License-Identifier: MIT
import NIOCore
import NIOPosix
import WSJS
import WSJSTransport
#if canImport(Glibc)
import Glibc
#endif

/// `wsjs test [options] [paths…]`: finds the test files, runs each in a worker process of its
/// own (`--jobs` at once), and formats every reporter from the workers' events.
enum TestCommand {
    static func main(_ arguments: [String]) -> Never {
        var options: TestOptions
        do {
            options = try TestOptions.parse(arguments)
        } catch {
            fail("wsjs test: \(error.message)\nRun 'wsjs test --help' for usage.", status: ExitStatus.usage)
        }
        if options.help {
            writeLine(TestOptions.usage)
            exit(0)
        }
        var files: [String]
        do {
            files = try TestDiscovery.find(options.paths)
        } catch {
            fail("wsjs test: no such file or directory: '\(error.path)'", status: ExitStatus.usage)
        }
        if files.isEmpty {
            let searched = options.paths.isEmpty ? "the current directory" : options.paths.joined(separator: ", ")
            fail("wsjs test: no test files found in \(searched) (*.test.js, *_test.js, test.js and .mjs)", status: ExitStatus.usage)
        }
        if let shard = options.shard {
            files = TestDiscovery.shard(files, index: shard.index, count: shard.count)
            if files.isEmpty { writeLine("wsjs test: shard \(shard.index)/\(shard.count) has no test files", fileDescriptor: 2) }
        }
        if let seed = options.shuffleSeed {
            writeLine("wsjs test: shuffled with --shuffle=\(seed)", fileDescriptor: 2)
            files = TestDiscovery.shuffle(files, seed: seed)
        }
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "GITHUB_ACTIONS"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        var reporters: [any TestReporter] = []
        do {
            for (name, path) in options.reporters {
                let output = try ReportOutput(path: path)
                switch name {
                case "dot": reporters.append(DotReporter(output: output, environment: environment))
                case "tap": reporters.append(TAPReporter(output: output))
                case "junit": reporters.append(JUnitReporter(output: output))
                case "github": reporters.append(GitHubReporter(output: output))
                default: reporters.append(PrettyReporter(output: output, environment: environment))
                }
            }
        } catch {
            fail("wsjs test: \(error.message)", status: ExitStatus.usage)
        }
        if environment["GITHUB_ACTIONS"] == "true", !options.reporters.contains(where: { $0.name == "github" }) {
            reporters.append(GitHubReporter(output: try! ReportOutput(path: nil)))
        }
        options.locations = options.reporters.contains { $0.name == "junit" || $0.name == "github" } || environment["GITHUB_ACTIONS"] == "true"
        let echoGroup = startEchoServer(options.serveEchoPort)
        let started = TestScheduler.nowMilliseconds()
        var reports: [FileReport] = []
        let scheduler = TestScheduler(files: files, options: options, executable: executablePath()) { report in
            reports.append(report)
            for reporter in reporters { reporter.file(report) }
        }
        _ = scheduler.run()
        let summary = RunSummary(
            files: reports,
            passed: reports.reduce(0) { $0 + $1.passed },
            failed: reports.reduce(0) { $0 + $1.failed },
            skipped: reports.reduce(0) { $0 + $1.skipped },
            duration: Double(TestScheduler.nowMilliseconds() - started),
            listed: options.list ? reports.reduce(0) { $0 + $1.listed.count } : nil)
        for reporter in reporters { reporter.end(summary) }
        try? echoGroup?.syncShutdownGracefully()
        exit(summary.failed > 0 ? 1 : 0)
    }

    /// This binary, for the workers.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// `--serve-echo PORT`: the built-in echo server on 127.0.0.1 for the whole run.
    static func startEchoServer(_ port: Int?) -> MultiThreadedEventLoopGroup? {
        guard let port else { return nil }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            _ = try WebSocketServer.start(host: "127.0.0.1", port: port, configuration: .builtinEcho, on: group.next()).wait()
        } catch {
            fail("wsjs test: --serve-echo could not listen on 127.0.0.1:\(port): \(error)", status: ExitStatus.usage)
        }
        return group
    }
}
