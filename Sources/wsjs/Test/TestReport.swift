// SPDX-License-Identifier: MIT

/// Where an assertion failed or a test was declared.
struct SourceLocation: Equatable {
    var file: String
    var line: Int
    var column: Int

    var text: String { "\(file):\(line):\(column)" }
}

/// A failure as a test worker serialized it (test-worker.js `serializeError`).
struct TestFailure {
    var name: String
    var message: String
    var stack: String?
    var expected: String?
    var actual: String?
    var operatorName: String?
    var diff: String?
    var location: SourceLocation?

    init(name: String, message: String, location: SourceLocation? = nil) {
        self.name = name
        self.message = message
        self.location = location
    }

    init(_ json: JSONValue) {
        name = json["name"]?.string ?? "Error"
        message = json["message"]?.string ?? ""
        stack = json["stack"]?.string
        expected = json["expected"]?.string
        actual = json["actual"]?.string
        operatorName = json["operator"]?.string
        diff = json["diff"]?.string
        if let location = json["location"], let file = location["file"]?.string {
            self.location = SourceLocation(file: file, line: location["line"]?.int ?? 0, column: location["column"]?.int ?? 0)
        }
    }

    /// "Name: message" as a stack's first line shows it (assertion errors: the message alone).
    var headline: String {
        name == "AssertionError" || name == "Leak" || name == "Uncaught" || name.isEmpty ? message : "\(name): \(message)"
    }
}

/// One test or suite of a file, with its outcome.
final class TestNode {
    enum Status: String { case pass, fail, skip, todo }

    let id: Int
    let name: String
    let isSuite: Bool
    let isStep: Bool
    let line: Int
    let column: Int
    weak var parent: TestNode?
    var children: [TestNode] = []
    var status: Status?
    var duration: Double = 0
    var retries = 0
    var reason = ""
    var failures: [TestFailure] = []
    var output = ""

    init(id: Int, name: String, isSuite: Bool, isStep: Bool, line: Int, column: Int) {
        self.id = id
        self.name = name
        self.isSuite = isSuite
        self.isStep = isStep
        self.line = line
        self.column = column
    }

    /// "describe › test" (the names below the file).
    var fullName: String {
        var names = [name]
        var node = parent
        while let current = node {
            names.insert(current.name, at: 0)
            node = current.parent
        }
        return names.joined(separator: " › ")
    }

    /// The suites' names above this node ("outer › inner"), "" at the top.
    var suitePath: String { parent?.fullName ?? "" }

    /// A suite fails when something inside it failed.
    var effectiveStatus: Status {
        if let status { return status }
        if children.contains(where: { $0.effectiveStatus == .fail }) { return .fail }
        if !children.isEmpty, children.allSatisfy({ $0.effectiveStatus == .skip || $0.effectiveStatus == .todo }) { return .skip }
        return .pass
    }
}

/// Everything one test file reported, built from its worker's events.
final class FileReport {
    let path: String
    var roots: [TestNode] = []
    private var nodes: [Int: TestNode] = [:]
    /// Errors outside any test: thrown while loading, uncaught between tests, leaks at the end.
    var fileErrors: [TestFailure] = []
    /// Output printed outside any test.
    var output = ""
    /// `--list`: the tests' full names and what would happen to them.
    var listed: [(name: String, status: String)] = []
    var duration: Double = 0
    /// Set when the worker ended without its `end` event (a crash): its status and stderr.
    var sawEnd = false
    var standardError = ""

    init(path: String) {
        self.path = path
    }

    /// Applies one event line of the worker.
    func apply(_ event: JSONValue) {
        switch event["type"]?.string {
        case "suite", "start":
            let node = TestNode(
                id: event["id"]?.int ?? 0, name: event["name"]?.string ?? "", isSuite: event["type"]?.string == "suite",
                isStep: event["step"]?.bool ?? false, line: event["line"]?.int ?? 0, column: event["column"]?.int ?? 0)
            nodes[node.id] = node
            if let parentID = event["parent"]?.int, parentID != 0, let parent = nodes[parentID] {
                node.parent = parent
                parent.children.append(node)
            } else {
                roots.append(node)
            }
        case "result":
            guard let node = event["id"]?.int.flatMap({ nodes[$0] }) else { return }
            node.status = event["status"]?.string.flatMap(TestNode.Status.init(rawValue:)) ?? .fail
            node.duration = event["duration"]?.number ?? 0
            node.retries = event["retries"]?.int ?? 0
            node.reason = event["reason"]?.string ?? ""
            if let error = event["error"] { node.failures.append(TestFailure(error)) }
            for error in event["errors"]?.array ?? [] { node.failures.append(TestFailure(error)) }
        case "log":
            let text = event["text"]?.string ?? ""
            if let id = event["test"]?.int, let node = nodes[id] { node.output += text } else { output += text }
        case "fileError":
            if let error = event["error"] { fileErrors.append(TestFailure(error)) }
        case "list":
            listed.append((event["name"]?.string ?? "", event["status"]?.string ?? "run"))
        case "end":
            sawEnd = true
            duration = event["duration"]?.number ?? 0
        default:
            break
        }
    }

    /// The worker ended: without an `end` event, the file failed (its runtime crashed or was
    /// stopped); its stderr says why.
    func finish(exitDescription: String) {
        guard !sawEnd else { return }
        var message = "the test file's runtime ended before its tests finished (\(exitDescription))"
        let trimmed = standardError.trimmingTrailingNewlines
        if !trimmed.isEmpty { message += "\n" + trimmed }
        fileErrors.append(TestFailure(name: "Error", message: message))
        // A test that started and never ended failed with the file.
        for node in allTests where node.status == nil {
            node.status = .fail
            node.failures.append(TestFailure(name: "Error", message: "the test did not finish: \(exitDescription)"))
        }
    }

    /// Tests (not suites, not steps) in report order.
    var tests: [TestNode] {
        var result: [TestNode] = []
        func walk(_ list: [TestNode]) {
            for node in list {
                if node.isSuite { walk(node.children) } else if !node.isStep { result.append(node) }
            }
        }
        walk(roots)
        return result
    }

    /// Tests and steps.
    var allTests: [TestNode] {
        var result: [TestNode] = []
        func walk(_ list: [TestNode]) {
            for node in list {
                if !node.isSuite { result.append(node) }
                walk(node.children)
            }
        }
        walk(roots)
        return result
    }

    var passed: Int { tests.filter { $0.status == .pass }.count }
    var failed: Int { tests.filter { $0.status == .fail }.count + (fileErrors.isEmpty ? 0 : 1) }
    var skipped: Int { tests.filter { $0.status == .skip || $0.status == .todo }.count }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
