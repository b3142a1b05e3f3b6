// SPDX-License-Identifier: MIT
import NIOCore
import NIOPosix

extension Runtime {
    /// Runs a script to completion on an event loop of its own and returns the exit status.
    /// Blocks the calling thread, which must not be an event loop thread.
    ///
    /// - Parameters:
    ///   - source: the script text.
    ///   - sourceURL: the name that stack traces show.
    ///   - options: arguments, timeout, output.
    ///   - setUp: called on the loop before the script runs, e.g. to install host functions.
    public static func run(
        source: String,
        sourceURL: String,
        options: RuntimeOptions = RuntimeOptions(),
        setUp: @escaping @Sendable (Runtime) -> Void = { _ in }
    ) -> Int32 {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let future = loop.flatSubmit { () -> EventLoopFuture<Int32> in
            do {
                let runtime = try Runtime(eventLoop: loop, options: options)
                setUp(runtime)
                runtime.runMainScript(source, sourceURL: sourceURL)
                // Keep the runtime alive until the run ends.
                let bound = NIOLoopBound(runtime, eventLoop: loop)
                return runtime.exitFuture.map { status in withExtendedLifetime(bound) { status } }
            } catch {
                return loop.makeSucceededFuture(ExitStatus.uncaughtError)
            }
        }
        return (try? future.wait()) ?? ExitStatus.uncaughtError
    }
}
