// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// wsjs sets a few of JavaScriptCore's options differently from the library's defaults
/// (EngineTuning.swift), and a user's `JSC_<name>` environment variable still wins over each,
/// as it does for every other option. JavaScriptCore lists the options that differ from its
/// defaults on stderr when `JSC_dumpOptions=2`.
@Suite struct EngineTuningTests {
    static func optionsInEffect(_ environment: [String: String]) throws -> String {
        let result = try WSJSProcess.run(["-e", "1"], environment: environment.merging(["JSC_dumpOptions": "2"]) { $1 })
        #expect(result.status == 0)
        return result.stderr
    }

    @Test func wsjsDelaysTheOptimizingTierAndUsesOneCompilerThread() throws {
        let options = try Self.optionsInEffect([:])
        #expect(options.contains("thresholdForOptimizeAfterWarmUp=20000"), "\(options)")
        #expect(options.contains("maxNumberOfWorklistThreads=1"), "\(options)")
    }

    @Test func theEnvironmentStillWins() throws {
        let options = try Self.optionsInEffect(["JSC_thresholdForOptimizeAfterWarmUp": "777", "JSC_maxNumberOfWorklistThreads": "3"])
        #expect(options.contains("thresholdForOptimizeAfterWarmUp=777"), "\(options)")
        #expect(options.contains("maxNumberOfWorklistThreads=3"), "\(options)")
    }
}
