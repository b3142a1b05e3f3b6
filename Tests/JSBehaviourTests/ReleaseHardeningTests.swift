// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// The release binary keeps the hardening Debian builds its packages with: a position-independent
/// executable, full RELRO, a non-executable stack, DT_RELR-packed relocations, and C code with
/// stack protectors and _FORTIFY_SOURCE.
///
/// Users run what `scripts/build-release` builds, so that is what is checked, without a release
/// build of wsjs (minutes, on CI's two cores): a probe package (`tests/hardening`: a Swift
/// executable and a C target) is built with exactly the flags the script passes
/// (`scripts/build-release --print-flags`), and `readelf` reads the result.
@Suite struct ReleaseHardeningTests {
    static let root = WSJSProcess.packageRoot

    /// Runs a program; returns its standard output (stderr too when it fails).
    static func output(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ProbeError(message: "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus):\n\(text)")
        }
        return text
    }

    struct ProbeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Builds the probe in a scratch copy with the release flags; returns the folder it built in.
    static func buildProbe() throws -> URL {
        let flags = try output("/bin/bash", [root.appendingPathComponent("scripts/build-release").path, "--print-flags"])
            .split(separator: "\n").map(String.init)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-hardening-\(getpid())")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.copyItem(at: root.appendingPathComponent("tests/hardening"), to: scratch)
        let swift = ProcessInfo.processInfo.environment["PATH"].flatMap { path in
            path.split(separator: ":").map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        } ?? "/usr/bin/swift"
        _ = try output(swift, ["build", "-c", "release", "--package-path", scratch.path] + flags, in: scratch)
        return scratch
    }

    @Test func theReleaseFlagsBuildAHardenedBinary() throws {
        let scratch = try Self.buildProbe()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // .build/release is a symbolic link to the triple's folder: resolved, so its objects are listed.
        let build = scratch.appendingPathComponent(".build/release").resolvingSymlinksInPath()
        let binary = build.appendingPathComponent("probe").path
        #expect(try Self.output(binary, ["abc"]) == "294\n", "the probe runs")

        // A position-independent executable: ELF type DYN, flagged PIE.
        let header = try Self.output("/usr/bin/readelf", ["--file-header", "--wide", binary])
        #expect(header.contains("Type:                              DYN"), "\(header)")
        let dynamic = try Self.output("/usr/bin/readelf", ["--dynamic", "--wide", binary])
        #expect(dynamic.contains("(FLAGS_1)") && dynamic.contains("PIE"), "\(dynamic)")
        // Full RELRO: a GNU_RELRO segment, and every symbol bound at start (BIND_NOW).
        let segments = try Self.output("/usr/bin/readelf", ["--program-headers", "--wide", binary])
        #expect(segments.contains("GNU_RELRO"), "\(segments)")
        #expect(dynamic.contains("BIND_NOW") || dynamic.range(of: #"FLAGS_1\)\s+Flags:.*\bNOW\b"#, options: .regularExpression) != nil, "\(dynamic)")
        // A non-executable stack: GNU_STACK is RW, not RWE.
        let stack = segments.split(separator: "\n").first { $0.contains("GNU_STACK") }.map(String.init) ?? ""
        #expect(stack.hasSuffix("RW  0x10") || stack.contains(" RW "), "\(stack)")
        #expect(!stack.contains("RWE"), "\(stack)")
        // Relative relocations packed (DT_RELR), and no text relocations.
        #expect(dynamic.contains("(RELR)"), "\(dynamic)")
        #expect(!dynamic.contains("TEXTREL"), "\(dynamic)")

        // The C target: a stack protector guards the function with a local array, and the copy
        // into it is glibc's checked one (_FORTIFY_SOURCE).
        let objects = try FileManager.default.subpathsOfDirectory(atPath: build.path).filter { $0.hasSuffix("probe.c.o") }
        let object = try #require(objects.first, "the C target's object file")
        let symbols = try Self.output("/usr/bin/readelf", ["--syms", "--wide", build.appendingPathComponent(object).path])
        #expect(symbols.contains("__stack_chk_fail"), "\(symbols)")
        #expect(symbols.contains("__memcpy_chk"), "\(symbols)")
    }
}
