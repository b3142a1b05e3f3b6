// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// `wsjs test`: the fixture suites under tests/testrunner run through the built binary; reports
/// compared exactly (timings normalized), exit statuses, discovery, options.
@Suite struct TestRunnerTests {
    typealias Runner = TestRunnerProcess
}
