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
        run(scripts: [(source, sourceURL)], options: options, setUp: setUp)
    }

    /// Runs classic scripts one after another in one global scope (e.g. a preload, then the
    /// main script) to completion on an event loop of their own; returns the exit status.
    /// - Parameter detectModules: run the last script as an ES module when it does not parse
    ///   as a classic script but does as a module (Node's detection; `wsjs check` uses it).
    public static func run(
        scripts: [(source: String, sourceURL: String)],
        options: RuntimeOptions = RuntimeOptions(),
        detectModules: Bool = false,
        setUp: @escaping @Sendable (Runtime) -> Void = { _ in }
    ) -> Int32 {
        let epollBefore = options.pollsForIO ? EventLoopSelectorDiscovery.epollDescriptors() : []
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let selector = options.pollsForIO ? EventLoopSelectorDiscovery.newDescriptor(since: epollBefore) : nil
        let loop = group.next()
        let future = loop.flatSubmit { () -> EventLoopFuture<Int32> in
            do {
                let runtime = try Runtime(eventLoop: loop, options: options)
                if let selector { runtime.enableBusyPolling(selectorDescriptor: selector) }
                setUp(runtime)
                if detectModules, let last = scripts.last, runtime.needsModule(last.source, sourceURL: last.sourceURL) {
                    runtime.runMainModule(source: last.source, url: last.sourceURL, preloads: Array(scripts.dropLast()))
                } else {
                    runtime.runMainScripts(scripts)
                }
                return runtime.exitFuture
            } catch {
                return loop.makeSucceededFuture(ExitStatus.uncaughtError)
            }
        }
        return (try? future.wait()) ?? ExitStatus.uncaughtError
    }
}
