// SPDX-License-Identifier: MIT
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import WSJS

/// The embedding API's module entry points: Runtime.runMainModule(url:) and (source:url:).
@Suite struct RuntimeModuleTests {
    /// Runs `start` on a runtime of its own loop and returns (status, stdout).
    static func run(_ start: @escaping @Sendable (Runtime) -> Void) throws -> (Int32, String) {
        let output = RuntimeTests.Captured()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let status = try loop.flatSubmit { () -> EventLoopFuture<Int32> in
            do {
                let runtime = try Runtime(eventLoop: loop, options: RuntimeOptions(output: output.sink))
                start(runtime)
                return runtime.exitFuture
            } catch {
                return loop.makeFailedFuture(error)
            }
        }.wait()
        return (status, output.text.withLockedValue { $0 })
    }

    @Test func aSourceModuleImportsRelativeToItsURL() throws {
        let directory = "/tmp/wsjs-runtime-module-\(getpid())"
        mkdir(directory, 0o700)
        defer {
            unlink(directory + "/dep.js")
            rmdir(directory)
        }
        let dependency = "export const answer = 42;\n"
        FileManager.default.createFile(atPath: directory + "/dep.js", contents: Data(dependency.utf8))
        let (status, stdout) = try Self.run { runtime in
            runtime.runMainModule(source: "import { answer } from './dep.js'; await 0; console.log(answer, import.meta.url, import.meta.main)", url: "file://\(directory)/main.mjs")
        }
        #expect(status == 0)
        #expect(stdout == "42 file://\(directory)/main.mjs true\n")
    }

    @Test func aFileModuleRunsByURL() throws {
        let path = "/tmp/wsjs-runtime-module-\(getpid()).mjs"
        FileManager.default.createFile(atPath: path, contents: Data("console.log(import.meta.filename)\n".utf8))
        defer { unlink(path) }
        let (status, stdout) = try Self.run { runtime in runtime.runMainModule(url: "file://" + path) }
        #expect(status == 0)
        #expect(stdout == path + "\n")
    }
}
