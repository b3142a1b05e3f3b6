// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// Finds test files: `*.test.js`, `*_test.js`, `test.js` and the same with `.mjs`, searched
/// recursively, skipping dot folders and `node_modules`. A file named on the command line is
/// taken whatever its name.
enum TestDiscovery {
    struct MissingPath: Error {
        let path: String
    }

    static func isTestFile(_ name: String) -> Bool {
        for ext in [".js", ".mjs"] where name.hasSuffix(ext) {
            let stem = name.dropLast(ext.count)
            if stem == "test" || stem.hasSuffix(".test") || stem.hasSuffix("_test") { return true }
        }
        return false
    }

    /// The files under `paths`, sorted by path (byte order) without duplicates.
    static func find(_ paths: [String]) throws(MissingPath) -> [String] {
        var found: [String] = []
        for path in paths.isEmpty ? ["."] : paths {
            var status = stat()
            guard stat(path, &status) == 0 else { throw MissingPath(path: path) }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &found, depth: 0)
            } else {
                found.append(path)
            }
        }
        let cleaned = found.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
        return Array(Set(cleaned)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Depth-bounded (symbolic links are not followed into directories, so no cycle).
    private static func walk(_ directory: String, into found: inout [String], depth: Int) {
        guard depth < 64, let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var entries: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") || name == "node_modules" { continue }
            let path = directory == "." ? "./\(name)" : directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let kind = status.st_mode & S_IFMT
            if kind == S_IFDIR {
                entries.append((path, true))
            } else if kind == S_IFREG || kind == S_IFLNK, isTestFile(name) {
                entries.append((path, false))
            }
        }
        for entry in entries {
            if entry.isDirectory { walk(entry.name, into: &found, depth: depth + 1) } else { found.append(entry.name) }
        }
    }

    /// Shard `index` of `count` (1-based): the sorted files at positions index-1, index-1+count, …
    /// so every file is in exactly one shard.
    static func shard(_ files: [String], index: Int, count: Int) -> [String] {
        files.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// A seeded shuffle (mulberry32, as the workers shuffle tests), so a seed repeats a run.
    static func shuffle(_ files: [String], seed: UInt32) -> [String] {
        var state = seed
        func random() -> Double {
            state = state &+ 0x6D2B_79F5
            var t = state
            t = (t ^ (t >> 15)) &* (t | 1)
            t ^= t &+ ((t ^ (t >> 7)) &* (t | 61))
            return Double(t ^ (t >> 14)) / 4_294_967_296
        }
        var result = files
        var i = result.count - 1
        while i > 0 {
            let j = Int(random() * Double(i + 1))
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
