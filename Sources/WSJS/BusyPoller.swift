// SPDX-License-Identifier: MIT
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Waits a short while for socket I/O by polling instead of letting the event loop's thread
/// sleep at once.
///
/// On a virtual machine, a thread that sleeps in `epoll_wait` lets its virtual CPU halt, and
/// waking a halted virtual CPU costs tens of microseconds — more than the rest of a loopback
/// round trip. On this project's machine kind a C client measured 57 µs a round trip when it
/// blocked in `recv` and 21 µs when it polled. So after a socket event or a send, when a reply
/// is likely to come soon, the runtime polls its loop's epoll descriptor (without consuming
/// anything: `poll(2)` on an epoll descriptor only asks whether it has ready events) for at
/// most `budget`, and returns to the loop the moment I/O is ready; the loop's own `epoll_wait`
/// then finds it without sleeping. This is the trade busy-polling network stacks make: up to
/// `budget` of CPU per wait, for latency. `--busy-poll 0` turns it off.
///
/// The poll runs as a loop task, so it must not hold back work queued behind it: it first
/// lets the loop run everything queued so far (a send's flush is queued as a task), and gives
/// way whenever the runtime has tasks of its own waiting.
final class BusyPoller {
    private let selectorDescriptor: Int32
    private let budgetNanoseconds: UInt64
    private let eventLoop: any EventLoop
    /// True when the runtime has tasks queued that have not run yet.
    private let runtimeHasQueuedTasks: () -> Bool
    /// When the runtime's earliest timer may be due (CLOCK_MONOTONIC nanoseconds), if it has
    /// one: polling stops then, so no timer waits for the budget.
    private let earliestTimerDeadline: () -> UInt64?
    /// A poll is queued on the loop.
    private var armed = false
    /// How often the queued poll has moved itself to the back of the loop's queue.
    private var deferrals = 0
    private var pollTask: (() -> Void)!

    /// Polling is for scripts with a few sockets; with more open, the loop does not poll.
    static let maximumOpenSockets = 8

    /// How often a queued poll moves to the back of the queue before it polls: a task queued
    /// before it may queue another (a send queues its flush), which must run first.
    private static let settlingRounds = 2

    init(
        selectorDescriptor: Int32,
        budget: Duration,
        eventLoop: any EventLoop,
        runtimeHasQueuedTasks: @escaping () -> Bool,
        earliestTimerDeadline: @escaping () -> UInt64?
    ) {
        self.selectorDescriptor = selectorDescriptor
        let parts = budget.components
        budgetNanoseconds = UInt64(max(0, parts.seconds)) * 1_000_000_000 + UInt64(max(0, parts.attoseconds) / 1_000_000_000)
        self.eventLoop = eventLoop
        self.runtimeHasQueuedTasks = runtimeHasQueuedTasks
        self.earliestTimerDeadline = earliestTimerDeadline
        pollTask = { [unowned self] in self.runQueuedPoll() }
    }

    /// I/O is likely soon (a message arrived, a socket opened, data was sent): poll for it once
    /// the loop has nothing else to do. Cheap to call often; at most one poll is queued.
    func arm() {
        guard !armed else { return }
        armed = true
        deferrals = 0
        eventLoop.assumeIsolated().execute(pollTask)
    }

    /// Drops a queued poll (the run is ending).
    func disarm() {
        deferrals = Int.max
    }

    private func runQueuedPoll() {
        if deferrals == Int.max {
            armed = false
            return
        }
        if deferrals < Self.settlingRounds || runtimeHasQueuedTasks() {
            deferrals += 1
            eventLoop.assumeIsolated().execute(pollTask)
            return
        }
        armed = false
        pollUntilReady()
    }

    /// Polls the loop's epoll descriptor until it has an event, the budget is spent or a timer
    /// is due.
    private func pollUntilReady() {
        var deadline = Self.now() + budgetNanoseconds
        if let timer = earliestTimerDeadline() { deadline = min(deadline, timer) }
        _ = Self.poll(selectorDescriptor, until: deadline)
    }

    /// Polls `descriptor` for input until it is ready (true) or the CLOCK_MONOTONIC time
    /// `deadline` passes (false); looks at least once.
    static func poll(_ descriptor: Int32, until deadline: UInt64) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            // An event, or an error (a closed descriptor): either way the loop should look.
            if Glibc.poll(&entry, 1, 0) != 0 { return true }
            if now() >= deadline { return false }
            // Another runnable thread on this CPU (a garbage-collector helper) goes first.
            sched_yield()
        }
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Finds the epoll descriptor of the event loop made on this thread, for ``BusyPoller``:
/// SwiftNIO does not expose it, so the descriptors are compared before and after the loop is
/// made (`/proc/self/fd` names an epoll instance `anon_inode:[eventpoll]`).
public enum EventLoopSelectorDiscovery {
    /// The process's epoll descriptors now, in ascending order. (An array, not a Set: a
    /// `Set<Int32>` costs a scan of every protocol conformance in the binary at start-up.)
    public static func epollDescriptors() -> [Int32] {
        var found: [Int32] = []
        guard let directory = opendir("/proc/self/fd") else { return found }
        defer { closedir(directory) }
        var target = [CChar](repeating: 0, count: 64)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let descriptor = Int32(name) else { continue }
            let length = readlink("/proc/self/fd/\(name)", &target, target.count - 1)
            guard length > 0 else { continue }
            let text = target.prefix(length).withUnsafeBufferPointer { String(decoding: UnsafeRawBufferPointer($0), as: UTF8.self) }
            if text == "anon_inode:[eventpoll]" { found.append(descriptor) }
        }
        return found.sorted()
    }

    /// The one epoll descriptor made since `before` was taken, or nil when there is not
    /// exactly one (then nothing busy-polls).
    public static func newDescriptor(since before: [Int32]) -> Int32? {
        let made = epollDescriptors().filter { !before.contains($0) }
        return made.count == 1 ? made.first : nil
    }
}
