// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `wsjs test`: the fixture suites under tests/testrunner run through the built binary; the
/// reports are compared exactly (durations normalized to X), with their exit statuses.
@Suite(.serialized) struct TestRunnerTests {
    typealias Runner = TestRunnerProcess
    /// Fixture sockets connect to ws://echo.test/, an echo server of each worker's own.
    static let echo = ["--map", "ws://echo.test/=builtin:echo"]

    func report(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Runner.run(arguments, environment: environment)
        return (result.status, Runner.normalized(result.stdout), result.stderr)
    }

    @Test func prettyReportNestsTestsAndListsFailuresWithTheirLocation() throws {
        let run = try report(["basic"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            basic/async_test.js
              ✔ awaits a timer (X ms)
              ﹣ t.name and t.skip # SKIP skipped at run time
            basic/math.test.js
              ✔ adds (X ms)
              ▶ strings
                ✔ concatenates (X ms)
                ▶ case
                  ✖ upper-cases (X ms)
              ﹣ not yet # SKIP
              ﹣ some day # TODO

            Failures:

            1) basic/math.test.js › strings › case › upper-cases
               at basic/math.test.js:13:38

               expect(received).toBe(expected) // Object.is equality

               Expected: 'WSS'
               Received: 'WS'

                   at basic/math.test.js:13:38

            3 passed, 1 failed, 3 skipped (X ms)

            """)
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func aModuleTestFileImportsTheAPIFromWsjsTest() throws {
        let run = try report(["modules"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            modules/imports.test.mjs
              ▶ a module test file
                ✔ uses what it imported (X ms)
                ✖ reports a failure at its line (X ms)

            Failures:

            1) modules/imports.test.mjs › a module test file › reports a failure at its line
               at modules/imports.test.mjs:14:27

               expect(received).toBe(expected) // Object.is equality

               Expected: 3
               Received: 2

                   at modules/imports.test.mjs:14:27

            1 passed, 1 failed, 0 skipped (X ms)

            """)
    }

    @Test func dotReporterPrintsACharacterPerTest() throws {
        let run = try report(["--reporter", "dot", "basic/math.test.js"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("..Fss\n\nFailures:\n\n1) basic/math.test.js › strings › case › upper-cases\n"))
        #expect(run.stdout.hasSuffix("\n2 passed, 1 failed, 2 skipped (X ms)\n"))
    }

    @Test func hooksRunInOrder() throws {
        let run = try report(["hooks"])
        #expect(run.status == 0)
        #expect(run.stdout == """
            hooks/hooks.test.js
              beforeAll inner.beforeAll beforeEach inner.beforeEach one inner.afterEach afterEach t.after inner.afterAll beforeEach two afterEach
              ▶ inner
                ✔ one (X ms)
              ✔ two (X ms)

            2 passed, 0 failed, 0 skipped (X ms)

            """)
    }

    @Test func leakCheckReportsOpenSocketsAndPendingTimersWhereTheyWereMade() throws {
        let run = try report(Self.echo + ["leaks"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            leaks/leaks.test.js
              ✖ leaves a socket open (X ms)
              ✔ closes its socket (X ms)
              ✖ leaves an interval (X ms)
              ✔ opts out (X ms)
              ✔ next test runs at once (X ms)

            Failures:

            1) leaks/leaks.test.js › leaves a socket open
               at leaks/leaks.test.js:3:5

               leak: WebSocket to ws://echo.test/chat opened at leaks/leaks.test.js:4:27 is still OPEN — close it before the test ends

            2) leaks/leaks.test.js › leaves an interval
               at leaks/leaks.test.js:14:5

               leak: setInterval(…, 1000) created at leaks/leaks.test.js:15:14 is still pending — clear it with clearInterval before the test ends

            3 passed, 2 failed, 0 skipped (X ms)

            """)
    }

    @Test func noLeakCheckTurnsTheCheckOff() throws {
        let run = try report(Self.echo + ["--no-leak-check", "leaks"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.hasSuffix("5 passed, 0 failed, 0 skipped (X ms)\n"))
    }

    @Test func timeoutsFailTheTestAndNameWhatItAwaited() throws {
        let run = try report(Self.echo + ["timeout"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            timeout/timeout.test.js
              ✖ never settles (X ms)
              ✖ awaits a message that never comes (X ms)
              ✖ signal aborts at the timeout (X ms)
                TimeoutError

            Failures:

            1) timeout/timeout.test.js › never settles
               at timeout/timeout.test.js:2:5

               TimeoutError: timed out after 300 ms

            2) timeout/timeout.test.js › awaits a message that never comes
               at timeout/timeout.test.js:4:5

               TimeoutError: timed out after 300 ms while awaiting expect(ws).toReceive('nothing') on ws://echo.test/; Received messages: none

            3) timeout/timeout.test.js › signal aborts at the timeout
               at timeout/timeout.test.js:10:5

               TimeoutError: timed out after 100 ms

            0 passed, 3 failed, 0 skipped (X ms)

            """)
    }

    @Test func uncaughtErrorsFailTheirTestOrTheFile() throws {
        let run = try report(["uncaught"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            uncaught/between.test.js
              ✖ throws later (X ms)
              ✖ rejects unhandled (X ms)
              ✔ schedules an error for after it ended (X ms)
              ✔ waits (X ms)
              ✖ Uncaught Error: between tests
            uncaught/load.test.js
              ✖ Uncaught Error: broken at load

            Failures:

            1) uncaught/between.test.js › throws later
               at uncaught/between.test.js:4:25

               RangeError: in a timer

                   at uncaught/between.test.js:4:25

               at uncaught/between.test.js:2:5

               leak: setTimeout(…, 50) created at uncaught/between.test.js:6:44 is still pending — clear it with clearTimeout before the test ends

            2) uncaught/between.test.js › rejects unhandled
               at uncaught/between.test.js:10:31

               TypeError: nobody listens

                   at uncaught/between.test.js:10:31
                   at uncaught/between.test.js:9:34

               at uncaught/between.test.js:9:5

               leak: setTimeout(…, 10) created at uncaught/between.test.js:11:44 is still pending — clear it with clearTimeout before the test ends

            3) uncaught/between.test.js (outside any test)
               at uncaught/between.test.js:16:20

               Uncaught Error: between tests

                   at uncaught/between.test.js:16:20

            4) uncaught/load.test.js (outside any test)
               at uncaught/load.test.js:3:16

               Uncaught Error: broken at load

                   at uncaught/load.test.js:3:16

            2 passed, 4 failed, 0 skipped (X ms)

            """)
    }

    @Test func aWorkerThatEndsMidTestFailsThatTestAndItsFile() throws {
        let run = try report(["crash"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("""
            crash/crash.test.js
              ✔ before the crash (X ms)
              ✖ ends the process (X ms)
              ✖ Error: the test file's runtime ended before its tests finished (exit status 3)

            """))
    }

    @Test func onlyRunsTheMarkedTestsAndSuites() throws {
        let run = try report(["only"])
        #expect(run.status == 0)
        #expect(run.stdout == """
            only/only.test.js
              ✔ runs (X ms)
              ▶ group
                ✔ runs too (X ms)

            2 passed, 0 failed, 0 skipped (X ms)

            """)
    }

    @Test func eachNamesEveryRowWithItsFormat() throws {
        let run = try report(["each"])
        #expect(run.status == 0)
        #expect(run.stdout == """
            each/each.test.js
              ✔ 1 + 1 = 2 (X ms)
              ✔ 2 + 3 = 5 (X ms)
              ✔ ws uses port 80 (X ms)
              ✔ wss uses port 443 (X ms)
              ✔ string a, json {"n":1}, index 0 (X ms)
              ✔ string b, json [2], index 1 (X ms)

            6 passed, 0 failed, 0 skipped (X ms)

            """)
    }

    @Test func retriesRunAFailingTestAgain() throws {
        let run = try report(["retry"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("""
            retry/retry.test.js
              ✔ passes on the third attempt (X ms, 2 retries)
              ✖ fails every time (X ms)

            """))
        // --retry applies to every test; the second test fails on each of its attempts.
        let retried = try report(["--retry", "3", "retry"])
        #expect(retried.stdout.contains("✖ fails every time (X ms, 3 retries)"))
    }

    @Test func expectAndAssertFailuresSayWhatWasExpectedAndReceived() throws {
        let run = try report(["expect"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("""
            2) expect/failing.test.js › toEqual diff
               at expect/failing.test.js:7:56

               expect(received).toEqual(expected) // deep equality

               Expected: { id: 1, tags: [ 'a', 'c' ], ok: true }
               Received: { id: 1, tags: [ 'a', 'b' ], ok: true }

               - Expected
               + Received

                 {
                   id: 1,
                   tags: [
                     'a',
               -     'c'
               +     'b'
                   ],
                   ok: true
                 }

            """))
        #expect(run.stdout.contains("""
               expect(received).not.toContain(expected)

               Expected value: not 2
               Received value:    [ 1, 2 ]
            """))
        #expect(run.stdout.contains("Received promise resolved instead of rejected\n   Resolved to value: 1"))
        #expect(run.stdout.contains("Expected 2 assertions to be called but received 1 assertion call."))
        #expect(run.stdout.contains("Expected values to be strictly deep-equal:"))
        #expect(run.stdout.contains("""
            expect/passing.test.js
              ✔ equality (X ms)
              ✔ other matchers (X ms)
              ✔ assert (X ms)
            """))
        #expect(run.stdout.hasSuffix("3 passed, 6 failed, 0 skipped (X ms)\n"))
    }

    @Test func discoveryFindsTestFilesAndSkipsDotFoldersAndNodeModules() throws {
        let run = try report(["--list", "discovery"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            discovery/a.test.js
              found
            discovery/b_test.mjs
              found
            discovery/sub/test.js
              found

            3 tests in 3 files

            """)
    }

    @Test func noTestFilesAndUsageErrorsExitTwo() throws {
        let empty = try Runner.run(["empty"])
        #expect(empty.status == 2)
        #expect(empty.stderr == "wsjs test: no test files found in empty (*.test.js, *_test.js, test.js and .mjs)\n")
        let missing = try Runner.run(["no-such-folder"])
        #expect(missing.status == 2)
        for arguments in [["--shard", "5/4", "basic"], ["--reporter", "nope", "basic"], ["--jobs", "0", "basic"], ["--bogus", "basic"]] {
            let result = try Runner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("wsjs test: "), "\(arguments)")
        }
    }

    @Test func shardsPartitionTheSortedFileList() throws {
        let all = try listedFiles(["--list", "shards", "basic", "each"])
        #expect(all.count == 10)
        for count in 1...4 {
            var union: [String] = []
            for index in 1...count {
                union += try listedFiles(["--list", "--shard", "\(index)/\(count)", "shards", "basic", "each"])
            }
            #expect(union.sorted() == all.sorted(), "shards of \(count)")
            #expect(Set(union).count == union.count, "no file in two shards of \(count)")
        }
        let empty = try Runner.run(["--shard", "11/11", "shards", "basic", "each"])
        #expect(empty.status == 0, "an empty shard passes")
        #expect(empty.stderr == "wsjs test: shard 11/11 has no test files\n")
    }

    private func listedFiles(_ arguments: [String]) throws -> [String] {
        let result = try Runner.run(arguments)
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.hasSuffix(".js") }.map(String.init)
    }

    @Test func filterSelectsByFullNameAsTextOrPattern() throws {
        let text = try report(["--filter", "case", "basic"])
        #expect(text.stdout.hasPrefix("basic/math.test.js\n  ▶ strings\n    ▶ case\n      ✖ upper-cases (X ms)\n\n"))
        let pattern = try report(["--filter", "/^(adds|awaits .*)$/", "basic"])
        #expect(pattern.status == 0)
        #expect(pattern.stdout == """
            basic/async_test.js
              ✔ awaits a timer (X ms)
            basic/math.test.js
              ✔ adds (X ms)

            2 passed, 0 failed, 0 skipped (X ms)

            """)
    }

    @Test func failFastStopsStartingFiles() throws {
        let run = try report(["--jobs", "1", "--fail-fast", "basic", "each", "hooks"])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("each/each.test.js"), "no file starts after the first failure")
        #expect(!run.stdout.contains("hooks/hooks.test.js"))
    }

    @Test func shufflePrintsItsSeedAndRepeatsWithIt() throws {
        let first = try Runner.run(["--list", "--shuffle=7", "shards"])
        let second = try Runner.run(["--list", "--shuffle=7", "shards"])
        #expect(first.stderr == "wsjs test: shuffled with --shuffle=7\n")
        #expect(first.stdout == second.stdout)
        let sorted = try Runner.run(["--list", "shards"])
        #expect(first.stdout != sorted.stdout, "seed 7 changes the order of 7 files")
    }

    @Test func tapReportReadsBackAsTAP14() throws {
        let run = try Runner.run(["--reporter", "tap", "basic"])
        #expect(run.status == 1)
        let tap = TAPDocument(run.stdout)
        #expect(tap.version == 14)
        #expect(tap.errors.isEmpty, "\(tap.errors)")
        let top = tap.points.filter { $0.depth == 0 }
        #expect(top.map(\.description) == ["basic/async_test.js", "basic/math.test.js"])
        #expect(top.map(\.ok) == [true, false])
        #expect(tap.plans.filter { $0.depth == 0 }.map(\.count) == [2])
        let skipped = try #require(tap.points.first { $0.description == "t.name and t.skip" })
        #expect(skipped.ok && skipped.directive == "SKIP skipped at run time" && skipped.depth == 1)
        let todo = try #require(tap.points.first { $0.description == "some day" })
        #expect(todo.directive == "TODO")
        let failed = try #require(tap.points.first { $0.description == "upper-cases" })
        #expect(!failed.ok && failed.depth == 3)
        #expect(failed.yaml["expected"] == "WSS")
        #expect(failed.yaml["actual"] == "WS")
        #expect(failed.yaml["at"] == "basic/math.test.js:13:38")
        #expect(failed.yaml["message"]?.hasPrefix("expect(received).toBe(expected)") == true)
        // Every subtest's plan matches its points.
        #expect(tap.plans.count == 5)
    }

    @Test func junitReportReadsBackWithXMLParser() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-junit-\(getpid()).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Runner.run(["--reporter", "pretty", "--reporter", "junit=\(path)", "basic", "uncaught/load.test.js"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("3 passed, 2 failed, 3 skipped"), "pretty still on stdout")
        let junit = JUnitDocument(try String(contentsOfFile: path, encoding: .utf8))
        #expect(junit.parsed)
        #expect(junit.root["tests"] == "8" && junit.root["failures"] == "1" && junit.root["errors"] == "1" && junit.root["skipped"] == "3")
        #expect(junit.suites.map { $0.attributes["name"] } == ["basic/async_test.js", "basic/math.test.js", "uncaught/load.test.js"])
        let math = junit.suites[1]
        #expect(math.attributes["tests"] == "5" && math.attributes["failures"] == "1" && math.attributes["skipped"] == "2")
        let failing = try #require(math.cases.first { $0.attributes["name"] == "strings › case › upper-cases" })
        #expect(failing.attributes["classname"] == "basic/math.test.js")
        #expect(failing.attributes["file"] == "basic/math.test.js" && failing.attributes["line"] == "12")
        #expect(failing.children["failure"]?["message"] == "expect(received).toBe(expected) // Object.is equality")
        #expect(failing.text["failure"]?.contains("Received: 'WS'") == true)
        #expect(math.cases.first { $0.attributes["name"] == "some day" }?.children["skipped"]?["message"] == "TODO")
        let load = junit.suites[2].cases[0]
        #expect(load.children["error"]?["message"] == "Uncaught Error: broken at load")
    }

    @Test func runtimeOptionsReachEveryWorkerAndTimeoutIsTheDefault() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-junit-options-\(getpid()).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Runner.run(["--location", "https://example.com/app/", "--timeout", "100", "--reporter", "junit=\(path)", "options"])
        #expect(run.status == 1)
        let junit = JUnitDocument(try String(contentsOfFile: path, encoding: .utf8))
        let cases = try #require(junit.suites.first?.cases)
        #expect(cases.map { $0.attributes["name"] } == ["sees --location", "slow", "logs"])
        #expect(cases[0].children.isEmpty, "location.href is --location's")
        #expect(cases[1].children["failure"]?["message"] == "TimeoutError: timed out after 100 ms")
        #expect(cases[2].text["system-out"] == "to stdout\nto stderr\n")
    }

    @Test func githubAnnotationsWhenRunningInGitHubActions() throws {
        let run = try Runner.run(["basic/math.test.js"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(run.stdout.hasSuffix("""
            ::error file=basic/math.test.js,line=13,col=38,title=strings › case › upper-cases::expect(received).toBe(expected) // Object.is equality%0A%0AExpected: 'WSS'%0AReceived: 'WS'

            """))
        let plain = try Runner.run(["basic/math.test.js"])
        #expect(!plain.stdout.contains("::error"))
    }

    @Test func exampleSuitePassesAgainstTheBuiltInEchoServer() throws {
        let result = try Runner.run(["--map", "ws://127.0.0.1:8080/=builtin:echo", WSJSProcess.packageRoot.appendingPathComponent("examples/test-suite").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Runner.normalized(result.stdout).hasSuffix("6 passed, 0 failed, 0 skipped (X ms)\n"))
    }
}
