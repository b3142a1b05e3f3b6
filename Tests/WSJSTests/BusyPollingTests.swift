// SPDX-License-Identifier: MIT
import Foundation
import NIOConcurrencyHelpers
import Testing
import WSJSEngine
@testable import WSJS
#if canImport(Glibc)
import Glibc
#endif

/// Busy polling (`--busy-poll`): the loop polls its epoll descriptor for a while after socket
/// activity. It must notice I/O, give up after its budget, and never hold back a timer or a
/// task the runtime queued — whatever the budget.
@Suite struct BusyPollingTests {
    /// A pipe whose read end becomes ready once a byte is written (BusyPoller polls any
    /// descriptor; the loop's is an epoll instance).
    final class ReadyLater: @unchecked Sendable {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
            readEnd = ends[0]
            writeEnd = ends[1]
        }

        func makeReady() {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }

        deinit {
            close(readEnd)
            close(writeEnd)
        }
    }

    /// epoll_create1, which the Glibc module does not export.
    static func makeEpollInstance() -> Int32 {
        typealias Create = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(nil, "epoll_create1") else { return -1 }
        return unsafeBitCast(symbol, to: Create.self)(0)
    }

    static func milliseconds(since start: UInt64) -> Double {
        Double(BusyPoller.now() - start) / 1_000_000
    }

    @Test func epollInstancesAreFoundAmongTheDescriptors() throws {
        let epoll = Self.makeEpollInstance()
        try #require(epoll >= 0)
        defer { close(epoll) }
        let pipe = try ReadyLater()
        let found = EventLoopSelectorDiscovery.epollDescriptors()
        #expect(found.contains(epoll))
        #expect(!found.contains(pipe.readEnd))
        #expect(!found.contains(pipe.writeEnd))
    }

    @Test func pollReturnsAtOnceWhenInputIsReady() throws {
        let instance = try ReadyLater()
        instance.makeReady()
        let start = BusyPoller.now()
        #expect(BusyPoller.poll(instance.readEnd, until: start + 10_000_000_000))
        #expect(Self.milliseconds(since: start) < 1_000)
    }

    @Test func pollGivesUpAtTheDeadline() throws {
        let instance = try ReadyLater()
        let start = BusyPoller.now()
        #expect(!BusyPoller.poll(instance.readEnd, until: start + 30_000_000))
        let elapsed = Self.milliseconds(since: start)
        #expect(elapsed >= 30)
        #expect(elapsed < 5_000)
    }

    @Test func pollNoticesInputThatArrivesWhileItPolls() throws {
        let instance = try ReadyLater()
        let writer = Thread { usleep(30_000); instance.makeReady() }
        let start = BusyPoller.now()
        writer.start()
        #expect(BusyPoller.poll(instance.readEnd, until: start + 20_000_000_000))
        #expect(Self.milliseconds(since: start) < 10_000)
    }

    /// Runs `script` with busy polling on a descriptor that never becomes ready and a budget of
    /// 5 s, so every poll lasts as long as the runtime lets it. `activity()` tells the runtime
    /// that socket I/O is likely; `later(f)` calls f in a task the runtime queues from inside
    /// the current one; `done(ms)` records a figure.
    func runWithNeverReadyPoll(_ script: String) throws -> (status: Int32, figures: [Double]) {
        let instance = try ReadyLater()
        let figures = NIOLockedValueBox<[Double]>([])
        var options = RuntimeOptions(output: OutputSink { _, _ in })
        options.busyPollBudget = .seconds(5)
        let status = Runtime.run(source: script, sourceURL: "busy.js", options: options) { runtime in
            runtime.enableBusyPolling(selectorDescriptor: instance.readEnd)
            runtime.installGlobalFunction("activity") { [unowned runtime] _, _ in
                runtime.socketActivity()
                return nil
            }
            runtime.installGlobalFunction("later") { [unowned runtime] engine, args in
                let callback = engine.object(args[0]!)!
                engine.protect(callback)
                runtime.retain()
                runtime.queueTask { engine in
                    defer { engine.unprotect(callback); runtime.release() }
                    try engine.call(callback, [])
                }
                return nil
            }
            runtime.installGlobalFunction("done") { engine, args in
                figures.withLockedValue { $0.append(engine.number(args[0]!)) }
                return nil
            }
        }
        return (status, figures.withLockedValue { $0 })
    }

    @Test func aTimerIsNotHeldBackByPolling() throws {
        let (status, figures) = try runWithNeverReadyPoll("""
            const start = performance.now();
            activity();
            setTimeout(() => done(performance.now() - start), 30);
            """)
        #expect(status == 0)
        #expect(figures.count == 1)
        // The timer fires after its 30 ms, not after the 5 s budget.
        #expect((figures.first ?? .infinity) >= 30)
        #expect((figures.first ?? .infinity) < 2_500)
    }

    @Test func aQueuedTaskIsNotHeldBackByPolling() throws {
        let (status, figures) = try runWithNeverReadyPoll("""
            const start = performance.now();
            activity();
            later(() => done(performance.now() - start));
            """)
        #expect(status == 0)
        #expect(figures.count == 1)
        #expect((figures.first ?? .infinity) < 2_500)
    }

    @Test func runFindsItsLoopsEpollDescriptorUnlessPollingIsOff() {
        // Runtime.run finds the descriptor by comparing the process's epoll instances before
        // and after it makes its loop; another test making a loop at the same moment can make
        // that ambiguous (then it does not poll), so a few attempts are allowed.
        let enabled = NIOLockedValueBox(false)
        for _ in 0..<5 where !enabled.withLockedValue({ $0 }) {
            _ = Runtime.run(source: "", sourceURL: "t.js", options: RuntimeOptions(output: OutputSink { _, _ in })) { runtime in
                enabled.withLockedValue { $0 = runtime.busyPoller != nil }
            }
        }
        #expect(enabled.withLockedValue { $0 })

        var off = RuntimeOptions(output: OutputSink { _, _ in })
        off.busyPollBudget = nil
        let enabledWhenOff = NIOLockedValueBox(true)
        _ = Runtime.run(source: "", sourceURL: "t.js", options: off) { runtime in
            enabledWhenOff.withLockedValue { $0 = runtime.busyPoller != nil }
        }
        #expect(!enabledWhenOff.withLockedValue { $0 })
    }
}
