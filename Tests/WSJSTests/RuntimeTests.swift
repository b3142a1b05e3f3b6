// SPDX-License-Identifier: MIT
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import WSJSEngine
@testable import WSJS

/// The embedding API and the event loop: exit statuses, liveness, host functions, and where
/// host events fall relative to microtasks and timers.
@Suite struct RuntimeTests {
    /// Collects what a runtime writes to stdout.
    final class Captured: Sendable {
        let text = NIOLockedValueBox("")
        var sink: OutputSink {
            OutputSink { [self] fd, bytes in
                if fd == 1 { text.withLockedValue { $0 += String(decoding: bytes, as: UTF8.self) } }
            }
        }
    }

    @Test func runReturnsZeroAfterTimersAndMicrotasks() {
        let output = Captured()
        let status = Runtime.run(
            source: "setTimeout(() => console.log('timer'), 5); Promise.resolve().then(() => console.log('micro'))",
            sourceURL: "t.js",
            options: RuntimeOptions(output: output.sink)
        )
        #expect(status == 0)
        #expect(output.text.withLockedValue { $0 } == "micro\ntimer\n")
    }

    @Test func uncaughtErrorGivesStatusOne() {
        let status = Runtime.run(source: "throw new Error('x')", sourceURL: "t.js", options: RuntimeOptions(output: OutputSink { _, _ in }))
        #expect(status == 1)
    }

    @Test func installedHostFunctionsAreCallable() {
        let output = Captured()
        let status = Runtime.run(source: "console.log(twice(21))", sourceURL: "t.js", options: RuntimeOptions(output: output.sink)) { runtime in
            runtime.installGlobalFunction("twice") { engine, args in
                engine.makeNumber(engine.number(args[0]!) * 2)
            }
        }
        #expect(status == 0)
        #expect(output.text.withLockedValue { $0 } == "42\n")
    }

    /// A host event (like a socket message) is its own task: the microtasks queued by the script
    /// run before it, and the microtasks it queues run before the next timer.
    @Test func hostEventsAreTasksWithAMicrotaskCheckpoint() {
        let output = Captured()
        let script = """
            setTimeout(() => console.log('timer'), 20);
            Promise.resolve().then(() => console.log('script microtask'));
            deliverSoon((value) => {
              console.log('host event', value);
              Promise.resolve().then(() => console.log('event microtask'));
            });
            console.log('script end');
            """
        let status = Runtime.run(source: script, sourceURL: "t.js", options: RuntimeOptions(output: output.sink)) { runtime in
            runtime.installGlobalFunction("deliverSoon") { engine, args in
                let callback = engine.object(args[0]!)!
                engine.protect(callback)
                runtime.retain()
                let bound = NIOLoopBound((runtime, callback), eventLoop: runtime.eventLoop)
                runtime.eventLoop.execute {
                    let (runtime, callback) = bound.value
                    runtime.release()
                    runtime.runTask { engine in
                        try engine.call(callback, [engine.makeString("ping")])
                        engine.unprotect(callback)
                    }
                }
                return nil
            }
        }
        #expect(status == 0)
        #expect(output.text.withLockedValue { $0 } == "script end\nscript microtask\nhost event ping\nevent microtask\ntimer\n")
    }

    @Test func aRetainedRuntimeWaitsUntilReleased() {
        let output = Captured()
        let script = "holdOpen(); console.log('main done')"
        let status = Runtime.run(source: script, sourceURL: "t.js", options: RuntimeOptions(output: output.sink)) { runtime in
            runtime.installGlobalFunction("holdOpen") { _, _ in
                runtime.retain()
                let bound = NIOLoopBound(runtime, eventLoop: runtime.eventLoop)
                runtime.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(30)) {
                    bound.value.runTask { engine in try engine.evaluate("console.log('released')", sourceURL: "r.js") }
                    bound.value.release()
                    bound.value.runTask { _ in }
                }
                return nil
            }
        }
        #expect(status == 0)
        #expect(output.text.withLockedValue { $0 } == "main done\nreleased\n")
    }

    @Test func exitFromScriptEndsTheRunWithItsStatus() {
        let output = Captured()
        let status = Runtime.run(source: "setTimeout(() => console.log('never'), 10); wsjs.exit(5)", sourceURL: "t.js", options: RuntimeOptions(output: output.sink))
        #expect(status == 5)
        #expect(output.text.withLockedValue { $0 } == "")
    }

    @Test func timeoutEndsARunWith124() {
        var options = RuntimeOptions(output: OutputSink { _, _ in })
        options.timeout = .milliseconds(200)
        #expect(Runtime.run(source: "for (;;) {}", sourceURL: "t.js", options: options) == 124)
    }
}
