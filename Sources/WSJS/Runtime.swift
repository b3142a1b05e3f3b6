// SPDX-License-Identifier: MIT
public import NIOCore
public import WSJSEngine
import CJavaScriptCore
import WSJSWebAPI
#if canImport(Glibc)
import Glibc
#endif

/// A JavaScript runtime: one JavaScriptCore context with the Web APIs, driven by one SwiftNIO
/// event loop.
///
/// Every macrotask (the main script, a timer, a socket event) is one top-level call into JS, and
/// JavaScriptCore drains the microtask queue when that call returns: the HTML event loop's
/// "perform a microtask checkpoint" after each task. The run lives while something holds it (a
/// pending timer, an open socket, a pending host operation: one liveness count) and ends when
/// nothing does, or when an uncaught error, `wsjs.exit()` or the timeout ends it.
///
/// A runtime is bound to its event loop: create and use it on that loop's thread only.
///
/// ```swift
/// let status = Runtime.run(source: "console.log(1 + 1)", sourceURL: "inline.js")
/// ```
public final class Runtime {
    public let engine: ScriptEngine
    public let eventLoop: any EventLoop
    let options: RuntimeOptions
    var callbacks: PreludeCallbacks!
    let completion: EventLoopPromise<Int32>

    /// How many things keep the run alive (timers that keep alive, sockets, host operations).
    private(set) var liveness = 0
    /// The runtime keeps itself alive until the run ends: sockets and timers refer to it
    /// weakly (unowned), and an embedder need not hold it while waiting for ``exitFuture``.
    var selfWhileRunning: Runtime?
    /// Writes `--trace` lines, when tracing.
    var frameTraceWriter: FrameTraceWriter?
    /// True while a task runs JS; tasks the transport asks for meanwhile wait for its end.
    var insideTask = false
    /// Set once the run is ending; every host operation is inert from then on.
    var exitStatus: Int32?
    var timers: [Int: (task: Scheduled<Void>, keepAlive: Bool, deadline: UInt64)] = [:]
    /// Tasks `queueTask` queued on the loop that have not run yet.
    var queuedTasks = 0
    /// No timer is due before this (CLOCK_MONOTONIC nanoseconds; it may be earlier than the
    /// earliest pending timer, never later): see ``nextTimerDeadline()``.
    var earliestTimerDeadline: UInt64?
    /// Polls for socket I/O before the loop sleeps, once enabled.
    var busyPoller: BusyPoller?
    /// Finds the loop's epoll descriptor when a socket first wants busy polling.
    var selectorDiscovery: (() -> Int32?)?
    let originMonotonicNanoseconds: UInt64
    public let timeOrigin: Double
    /// Why ES modules are unavailable (the engine's module hooks did not install), if they are.
    var moduleHooksFailure: String?
    /// The main module, while its evaluation has not settled (Runtime+Modules.swift).
    var mainModuleURL: String?

    /// Creates a runtime on `eventLoop`; call on that loop.
    public init(eventLoop: any EventLoop, options: RuntimeOptions = RuntimeOptions()) throws {
        eventLoop.preconditionInEventLoop()
        self.eventLoop = eventLoop
        self.options = options
        completion = eventLoop.makePromise(of: Int32.self)
        originMonotonicNanoseconds = Self.monotonicNanoseconds()
        var realtime = timespec()
        clock_gettime(CLOCK_REALTIME, &realtime)
        timeOrigin = Double(realtime.tv_sec) * 1000 + Double(realtime.tv_nsec) / 1_000_000
        engine = ScriptEngine()
        do {
            if let trace = options.trace { frameTraceWriter = try FrameTraceWriter(output: trace, sink: options.output) }
            callbacks = try Prelude.install(into: engine, host: self)
            try installModules()
        } catch {
            completion.fail(error)
            throw error
        }
        if let timeout = options.timeout { armTimeout(timeout) }
        selfWhileRunning = self
    }

    /// Completes with the exit status when the run ends.
    public var exitFuture: EventLoopFuture<Int32> { completion.futureResult }

    // MARK: Running scripts

    /// Runs a classic script as the first task. Syntax errors and uncaught exceptions are
    /// reported like any other uncaught error.
    public func runMainScript(_ source: String, sourceURL: String) {
        runMainScripts([(source, sourceURL)])
    }

    /// Runs classic scripts one after another in the same global scope (preloads, then the
    /// main script), each as its own task; the run can end only after the last one.
    public func runMainScripts(_ scripts: [(source: String, sourceURL: String)]) {
        retain()
        for script in scripts {
            runTask { engine in
                try engine.evaluate(script.source, sourceURL: script.sourceURL)
            }
        }
        release()
        finishIfIdle()
    }

    /// Installs a global function implemented in Swift (embedding API).
    /// - Parameters:
    ///   - name: the global's name.
    ///   - body: called with the JS arguments; return nil for `undefined`.
    public func installGlobalFunction(_ name: String, _ body: @escaping HostFunctionBody) {
        engine.setProperty(engine.globalObject, name, engine.makeHostFunction(body))
    }

    /// Runs one macrotask: a top-level call into JS, then the microtask checkpoint JSC performs
    /// as the call returns. An exception escaping the task is reported; then, if nothing is left
    /// that keeps the run alive, the run ends.
    public func runTask(_ body: (ScriptEngine) throws -> Void) {
        guard exitStatus == nil else { return }
        if options.timeout != nil { engine.rearmExecutionDeadline() }
        let outermost = !insideTask
        insideTask = true
        defer { if outermost { insideTask = false } }
        do {
            try body(engine)
        } catch {
            if engine.wasTerminated {
                timeoutExpired()
            } else if exitStatus == nil {
                reportUncaught((error as? ScriptError)?.value ?? engine.makeError(HostError(.error, "\(error)")))
            }
        }
        if engine.wasTerminated, exitStatus == nil { timeoutExpired() }
        finishIfIdle()
    }

    /// Hands an uncaught exception to the prelude (error event, then print and exit status 1).
    func reportUncaught(_ value: JSValueRef) {
        do {
            try engine.call(callbacks.reportException, [value])
        } catch {
            // The reporting itself failed: print the original error plainly.
            let text = "Uncaught \(engine.describeThrownValue(value))\n"
            text.utf8CString.withUnsafeBytes { options.output.write(2, UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
            exit(status: ExitStatus.uncaughtError)
        }
    }

    // MARK: Busy polling

    /// Lets the loop poll its epoll descriptor `selectorDescriptor` for up to
    /// ``RuntimeOptions/busyPollBudget`` when socket I/O is likely soon, instead of sleeping at
    /// once (see `BusyPoller`). The descriptor must be the epoll instance of this runtime's
    /// event loop.
    public func enableBusyPolling(selectorDescriptor: Int32) {
        guard options.pollsForIO, let budget = options.busyPollBudget else { return }
        busyPoller = BusyPoller(
            selectorDescriptor: selectorDescriptor,
            budget: budget,
            eventLoop: eventLoop,
            runtimeHasQueuedTasks: { [unowned self] in queuedTasks > 0 },
            earliestTimerDeadline: { [unowned self] in nextTimerDeadline() }
        )
    }

    /// Like ``enableBusyPolling(selectorDescriptor:)``, with the descriptor found by `discover`
    /// only when socket activity first asks for polling (a script without sockets never pays
    /// for the search); nil from it leaves polling off.
    public func enableBusyPolling(discoveringSelectorWith discover: @escaping () -> Int32?) {
        guard options.pollsForIO else { return }
        selectorDiscovery = discover
    }

    /// When the earliest pending timer is due, if one is pending (where busy polling stops).
    /// The bound kept as timers start is exact until that timer fires or is cleared; a bound
    /// in the past is recomputed from the pending timers.
    func nextTimerDeadline() -> UInt64? {
        if let bound = earliestTimerDeadline, bound > Self.monotonicNanoseconds() { return bound }
        earliestTimerDeadline = timers.values.lazy.map(\.deadline).min()
        return earliestTimerDeadline
    }

    // MARK: Liveness

    /// Something (a socket, a pending host operation) keeps the run alive until ``release()``.
    public func retain() {
        liveness += 1
    }

    public func release() {
        precondition(liveness > 0, "wsjs: liveness released more often than retained")
        liveness -= 1
    }

    /// Ends the run with status 0 once nothing keeps it alive. Called after every task.
    func finishIfIdle() {
        if exitStatus == nil, liveness == 0, !endPendingMainModule() { exit(status: ExitStatus.success) }
    }

    // MARK: Timeout

    private func armTimeout(_ timeout: Duration) {
        let deadline = ContinuousClock.now + timeout
        engine.setExecutionDeadline(deadline)
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) { [self] in
            if exitStatus == nil { timeoutExpired() }
        }
    }

    private func timeoutExpired() {
        guard exitStatus == nil else { return }
        let seconds = options.timeout.map { "\($0.components.seconds)" } ?? "?"
        let message = "wsjs: the script was stopped after the --timeout of \(seconds) s\n"
        message.utf8CString.withUnsafeBytes { options.output.write(2, UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
        exit(status: ExitStatus.timedOut)
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
