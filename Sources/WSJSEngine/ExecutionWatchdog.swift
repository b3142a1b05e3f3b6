// SPDX-License-Identifier: MIT
import CJavaScriptCore

/// Stops a script that is still running at a wall-clock deadline, even inside `for(;;){}`.
///
/// JavaScriptCore's watchdog measures time spent inside the VM and asks a callback whether to
/// terminate. We ask it every `checkInterval` seconds and answer "yes" once the deadline has
/// passed; the script then unwinds with an uncatchable termination exception.
final class ExecutionWatchdog {
    let deadline: ContinuousClock.Instant
    private(set) var fired = false

    static let checkInterval = 0.05

    init(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
    }

    func arm(group: JSContextGroupRef) {
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        JSContextGroupSetExecutionTimeLimit(group, Self.checkInterval, { _, context in
            guard let context else { return false }
            let watchdog = Unmanaged<ExecutionWatchdog>.fromOpaque(context).takeUnretainedValue()
            if ContinuousClock.now >= watchdog.deadline {
                watchdog.fired = true
                return true
            }
            return false
        }, opaque)
    }

    func disarm(group: JSContextGroupRef) {
        JSContextGroupClearExecutionTimeLimit(group)
    }
}

extension ScriptEngine {
    /// Terminates any script still running at `deadline`; see ``ScriptError/isTermination``.
    public func setExecutionDeadline(_ deadline: ContinuousClock.Instant) {
        let group = JSContextGetGroup(context)!
        watchdog?.disarm(group: group)
        let newWatchdog = ExecutionWatchdog(deadline: deadline)
        newWatchdog.arm(group: group)
        watchdog = newWatchdog
    }

    /// True once the watchdog has terminated a script.
    public var wasTerminated: Bool { watchdog?.fired ?? false }
}
