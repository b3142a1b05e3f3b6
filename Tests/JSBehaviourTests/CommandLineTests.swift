// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// The `wsjs` command line: error reporting, exit statuses, options and arguments.
@Suite struct CommandLineTests {
    @Test func successExitsZero() throws {
        let result = try WSJSProcess.run(["-e", "console.log('ok')"])
        #expect(result.status == 0)
        #expect(result.stdout == "ok\n")
    }

    @Test func uncaughtExceptionPrintsNameMessageAndStackThenExitsOne() throws {
        let result = try WSJSProcess.run(["-e", "function inner() { throw new TypeError('bad thing') }\ninner()"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Uncaught TypeError: bad thing\n"))
        #expect(result.stderr.contains("at inner ([eval]:1:"))
        #expect(result.stderr.contains("at [eval]:2:"))
        #expect(!result.stderr.contains("wsjs:internal"), "prelude frames are hidden")
    }

    @Test func unhandledRejectionExitsOne() throws {
        let result = try WSJSProcess.run(["-e", "Promise.reject(new RangeError('late'))"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Uncaught (in promise) RangeError: late"))
    }

    @Test func handledRejectionIsNotReported() throws {
        let result = try WSJSProcess.run(["-e", "const p = Promise.reject(1); p.catch(() => console.log('caught'))"])
        #expect(result.status == 0)
        #expect(result.stdout == "caught\n")
    }

    @Test func errorEventCanCancelAnUncaughtException() throws {
        let script = """
            addEventListener('error', (e) => { console.log('seen', e.message, e.lineno, e.error.message); e.preventDefault(); });
            setTimeout(() => { throw new Error('in timer') });
            setTimeout(() => console.log('still running'), 5);
            """
        let result = try WSJSProcess.run(["-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "seen Uncaught Error: in timer 2 in timer\nstill running\n")
    }

    @Test func globalOnErrorReturningTrueCancels() throws {
        // HTML's special onerror signature: (message, source, lineno, colno, error).
        let result = try WSJSProcess.run(["-e", "onerror = (message, file, line, col, error) => { console.log(message, typeof file, typeof line, error); return true }; throw 7"])
        #expect(result.status == 0)
        #expect(result.stdout == "Uncaught 7 string number 7\n")
    }

    @Test func unhandledRejectionEventCanBeCanceled() throws {
        let script = "addEventListener('unhandledrejection', (e) => { e.preventDefault(); console.log('reason', e.reason) }); Promise.reject('r')"
        let result = try WSJSProcess.run(["-e", script])
        #expect(result.status == 0)
        #expect(result.stdout == "reason r\n")
    }

    @Test func anErrorInTheErrorListenerIsFatal() throws {
        let result = try WSJSProcess.run(["-e", "addEventListener('error', () => { throw new Error('second') }); throw new Error('first')"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Uncaught Error: second"))
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-syntax-\(getpid()).js")
        try "const ok = 1;\nconst broken = ;\n".write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try WSJSProcess.run([path.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Uncaught SyntaxError:"))
        #expect(result.stderr.contains("\(path.path):2"))
    }

    @Test func timeoutStopsAnEndlessLoopWith124() throws {
        let start = Date()
        let result = try WSJSProcess.run(["--timeout", "1", "-e", "for (;;) {}"], timeout: 30)
        #expect(result.status == 124)
        #expect(result.stderr.contains("--timeout"))
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func timeoutStopsAWaitingScript() throws {
        let result = try WSJSProcess.run(["--timeout", "0.5", "-e", "setInterval(() => {}, 100)"], timeout: 30)
        #expect(result.status == 124)
    }

    @Test func scriptArgumentsAndExit() throws {
        let result = try WSJSProcess.run(["-e", "console.log(wsjs.args.join(',')); wsjs.exit(3); console.log('not printed')", "a", "--b"])
        #expect(result.status == 3)
        #expect(result.stdout == "a,--b\n")
    }

    @Test func scriptFileArgumentsFollowTheScript() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-args-\(getpid()).js")
        try "console.log(JSON.stringify(wsjs.args))".write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try WSJSProcess.run([path.path, "one", "--two", "-3"])
        #expect(result.stdout == "[\"one\",\"--two\",\"-3\"]\n")
        let withOption = try WSJSProcess.run(["--timeout", "5", path.path, "x"])
        #expect(withOption.stdout == "[\"x\"]\n")
    }

    @Test func standardInputScript() throws {
        let result = try WSJSProcess.run(["-"], stdin: "console.log(6 * 7)")
        #expect(result.status == 0)
        #expect(result.stdout == "42\n")
    }

    @Test func unreadableFileExitsTwo() throws {
        let result = try WSJSProcess.run(["/nonexistent/script.js"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read '/nonexistent/script.js'"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try WSJSProcess.run([]).status == 2)
        #expect(try WSJSProcess.run(["--no-such-option", "x.js"]).status == 2)
        #expect(try WSJSProcess.run(["--timeout", "-1", "-e", "1"]).status == 2)
        #expect(try WSJSProcess.run(["--location", "ftp://x", "-e", "1"]).status == 2)
    }

    @Test func helpAndVersion() throws {
        let help = try WSJSProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--timeout"))
        #expect(help.stdout.contains("--location"))
        let version = try WSJSProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func outputIsFlushedPerLineIntoAPipe() throws {
        // stdout and stderr interleave in call order only if nothing is buffered.
        let result = try WSJSProcess.run(["-e", "for (let i = 0; i < 3; i++) { console.log('out', i); console.error('err', i) }"])
        #expect(result.stdout == "out 0\nout 1\nout 2\n")
        #expect(result.stderr == "err 0\nerr 1\nerr 2\n")
    }

    @Test func preloadRunsFirstInTheSameGlobalScope() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-preload-\(getpid()).js")
        try "globalThis.fromPreload = 'yes'".write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try WSJSProcess.run(["--preload", path.path, "-e", "console.log(fromPreload)"])
        #expect(result.stdout == "yes\n")
    }
}

/// `--location`: the base URL is the `location` global, normalised as the URL Standard does.
@Suite struct LocationOptionTests {
    @Test func locationIsExposedAndNormalised() throws {
        let script = "console.log(location.href, location.origin, location.host, location.pathname, location.search, String(location))"
        let result = try WSJSProcess.run(["--location", "HTTPS://Example.COM:443/app?x=1", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "https://example.com/app?x=1 https://example.com example.com /app ?x=1 https://example.com/app?x=1\n")
        let port = try WSJSProcess.run(["--location", "http://localhost:8080", "-e", "console.log(location.href, location.port)"])
        #expect(port.stdout == "http://localhost:8080/ 8080\n")
    }

    @Test func withoutLocationThereIsNone() throws {
        let result = try WSJSProcess.run(["-e", "console.log(typeof location)"])
        #expect(result.stdout == "undefined\n")
    }
}
