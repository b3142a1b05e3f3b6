// SPDX-License-Identifier: MIT
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every socket is a descriptor. wsjs raises its soft descriptor limit to the hard one, and
/// sizes the kernel's descriptor table for 2,048 descriptors before any thread starts (growing
/// it later, with threads running, makes Linux wait for an RCU grace period each time).
/// Both are visible from outside in /proc/<pid>.
@Suite struct DescriptorTableTests {
    /// Starts wsjs under a shell that lowers the soft limit to 256 first, waits until the
    /// script runs, and returns the lines of /proc/<pid>/status and /proc/<pid>/limits.
    static func procFilesOfARunningScript() throws -> (status: String, limits: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -Sn 256 && exec \"$0\" -e \"$1\"", WSJSProcess.binary.path,
                             "console.log('running'); setTimeout(() => {}, 20000);"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The first line comes once the script runs, long after start-up sized the table.
        var seen = Data()
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self) == "running\n")
        let proc = "/proc/\(process.processIdentifier)/"
        return (try String(contentsOfFile: proc + "status", encoding: .utf8),
                try String(contentsOfFile: proc + "limits", encoding: .utf8))
    }

    static func field(_ text: String, _ prefix: String) -> [Substring] {
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) } ?? ""
        return line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: true)
    }

    @Test func theSoftLimitIsRaisedAndTheTableIsSizedForManySockets() throws {
        let (status, limits) = try Self.procFilesOfARunningScript()
        // "Max open files            <soft>      <hard>      files"
        let openFiles = Self.field(limits, "Max open files")
        let soft = openFiles.first.flatMap { Int($0) }
        let hard = openFiles.dropFirst().first.flatMap { Int($0) }
        #expect(soft != nil && soft == hard, "limits: \(openFiles)")
        // "FDSize:\t<slots>": the table's size. Without the sizing it would be 64 here.
        let slots = Self.field(status, "FDSize:").first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let expected = min(hard ?? 0, 2048)
        #expect((slots ?? 0) >= expected, "FDSize \(slots ?? -1), expected at least \(expected)")
    }
}
