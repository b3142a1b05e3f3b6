// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// The JS behaviour tests: each `tests/js/test-*.js` runs in the real `wsjs` binary with the
/// assertion helpers preloaded, and its exit status is the verdict.
@Suite struct JSBehaviourTests {
    static let testFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: WSJSProcess.jsTests.path)) ?? []
        return names.filter { $0.hasPrefix("test-") && $0.hasSuffix(".js") }.sorted()
    }()

    @Test("tests/js behaviour test passes", arguments: testFiles)
    func behaviourTest(_ file: String) throws {
        let result = try WSJSProcess.run(["--timeout", "60", "--preload", "harness.js", file])
        #expect(result.status == 0, "\(file) failed with status \(result.status):\n\(result.stderr)")
    }

    @Test func theTestListIsNotEmpty() {
        #expect(Self.testFiles.count >= 7)
    }

    @Test("console prints what Node 24 prints for every formatter")
    func consoleFormatting() throws {
        let result = try WSJSProcess.run(["console-format.js"])
        let expectedOut = try String(contentsOf: WSJSProcess.jsTests.appendingPathComponent("console-format.stdout"), encoding: .utf8)
        let expectedErr = try String(contentsOf: WSJSProcess.jsTests.appendingPathComponent("console-format.stderr"), encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.stdout == expectedOut)
        #expect(result.stderr == expectedErr)
    }
}
