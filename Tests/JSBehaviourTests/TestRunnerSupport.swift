// SPDX-License-Identifier: MIT
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs `wsjs test …` in tests/testrunner (the fixture suites) and normalizes the reports'
/// timings, so a report can be compared exactly.
enum TestRunnerProcess {
    static let fixtures = WSJSProcess.packageRoot.appendingPathComponent("tests/testrunner")

    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> WSJSProcess.Result {
        let process = Process()
        process.executableURL = WSJSProcess.binary
        process.arguments = ["test"] + arguments
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if environment["GITHUB_ACTIONS"] == nil { merged["GITHUB_ACTIONS"] = nil }
        process.environment = merged
        process.currentDirectoryURL = fixtures
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: group) { out = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = errPipe.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        return WSJSProcess.Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Durations become "X": "(12.5 ms)" → "(X ms)", time="0.012" → time="X".
    static func normalized(_ text: String) -> String {
        var result = text
        for (pattern, template) in [
            (#"\(\d+(\.\d+)? ms"#, "(X ms"),
            (#"time="[0-9.]+""#, #"time="X""#),
            (#"duration_ms: [0-9.]+"#, "duration_ms: X"),
        ] {
            let regex = try! NSRegularExpression(pattern: pattern)
            result = regex.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }
}

/// A TAP version 14 reader written for these tests from the specification (not from the
/// reporter): test points with their indentation level, directives and YAML blocks, and plans.
struct TAPDocument {
    struct Point: Equatable {
        var depth: Int
        var ok: Bool
        var number: Int
        var description: String
        var directive: String?
        var yaml: [String: String] = [:]
    }

    var version: Int?
    var points: [Point] = []
    var plans: [(depth: Int, count: Int)] = []
    var errors: [String] = []

    init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let spaces = line.prefix { $0 == " " }.count
            let body = String(line.dropFirst(spaces))
            if body.hasPrefix("TAP version ") {
                version = Int(body.dropFirst("TAP version ".count))
                continue
            }
            if body.hasPrefix("#") || body.isEmpty { continue }
            if body.hasPrefix("1..") {
                if spaces % 4 != 0 { errors.append("plan not on a 4-space level: \(line)") }
                plans.append((spaces / 4, Int(body.dropFirst(3)) ?? -1))
                continue
            }
            guard body.hasPrefix("ok ") || body.hasPrefix("not ok ") else {
                errors.append("not a TAP line: \(line)")
                continue
            }
            if spaces % 4 != 0 { errors.append("test point not on a 4-space level: \(line)") }
            let ok = body.hasPrefix("ok ")
            var rest = Substring(body.dropFirst(ok ? 3 : 7))
            let digits = rest.prefix { $0.isNumber }
            rest = rest.dropFirst(digits.count)
            if rest.hasPrefix(" - ") { rest = rest.dropFirst(3) }
            // An unescaped " # " starts the directive.
            var description = ""
            var directive: String?
            var chars = Array(rest)
            var i = 0
            while i < chars.count {
                if chars[i] == "\\", i + 1 < chars.count {
                    description.append(chars[i + 1])
                    i += 2
                    continue
                }
                if chars[i] == "#" {
                    directive = String(chars[(i + 1)...]).trimmingCharacters(in: .whitespaces)
                    description = description.trimmingCharacters(in: .whitespaces)
                    break
                }
                description.append(chars[i])
                i += 1
            }
            chars.removeAll()
            var point = Point(depth: spaces / 4, ok: ok, number: Int(digits) ?? -1, description: directive == nil ? description.trimmingCharacters(in: .whitespaces) : description, directive: directive)
            // A YAML block two spaces deeper than its test point.
            if index < lines.count, lines[index] == String(repeating: " ", count: spaces + 2) + "---" {
                index += 1
                var key: String?
                while index < lines.count, lines[index] != String(repeating: " ", count: spaces + 2) + "..." {
                    let yamlLine = String(lines[index].dropFirst(spaces + 2))
                    index += 1
                    if yamlLine.hasPrefix("  "), let current = key {
                        point.yaml[current, default: ""] += (point.yaml[current]!.isEmpty ? "" : "\n") + yamlLine.dropFirst(2)
                    } else if let colon = yamlLine.firstIndex(of: ":") {
                        key = String(yamlLine[..<colon])
                        var value = String(yamlLine[yamlLine.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                        if value == "|-" { value = "" } else if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                        }
                        point.yaml[key!] = value
                    }
                }
                index += 1
            }
            points.append(point)
        }
    }
}

/// A JUnit XML reader on Foundation's XMLParser: suites with their attributes and test cases
/// with their children's names.
final class JUnitDocument: NSObject, XMLParserDelegate {
    struct TestCase {
        var attributes: [String: String]
        var children: [String: [String: String]] = [:]
        var text: [String: String] = [:]
    }

    var root: [String: String] = [:]
    var suites: [(attributes: [String: String], cases: [TestCase])] = []
    private var currentChild: String?
    var parsed = false

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        parsed = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "testsuites": root = attributes
        case "testsuite": suites.append((attributes, []))
        case "testcase": suites[suites.count - 1].cases.append(TestCase(attributes: attributes))
        default:
            currentChild = name
            let last = suites.count - 1
            suites[last].cases[suites[last].cases.count - 1].children[name] = attributes
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let child = currentChild, let last = suites.indices.last, let caseIndex = suites[last].cases.indices.last else { return }
        suites[last].cases[caseIndex].text[child, default: ""] += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == currentChild { currentChild = nil }
    }
}
