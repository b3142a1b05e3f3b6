// SPDX-License-Identifier: MIT
import CJavaScriptCore

/// Stops a script that is still running at a wall-clock deadline, even inside `for(;;){}`.
///
/// JavaScriptCore's watchdog measures the time since the current top-level call entered the VM
/// and then asks a callback whether to terminate. In JavaScriptCore 2.50 it asks only once per
/// arming (a callback answering "no" is never asked again), so the limit is re-armed before each
/// top-level call with the time left until the deadline, and the callback always answers "yes".
final class ExecutionWatchdog {
    let deadline: ContinuousClock.Instant
    private(set) var fired = false

    init(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
    }

    /// Arms the limit with the time left; call before each top-level call into JS.
    func arm(group: JSContextGroupRef) {
        let left = ContinuousClock.now.duration(to: deadline)
        let seconds = max(0.001, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18)
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        JSContextGroupSetExecutionTimeLimit(group, seconds, { _, context in
            guard let context else { return true }
            Unmanaged<ExecutionWatchdog>.fromOpaque(context).takeUnretainedValue().fired = true
            return true
        }, opaque)
    }

    func disarm(group: JSContextGroupRef) {
        JSContextGroupClearExecutionTimeLimit(group)
    }
}

extension ScriptEngine {
    /// Terminates any script still running at `deadline`; see ``wasTerminated``.
    public func setExecutionDeadline(_ deadline: ContinuousClock.Instant) {
        let group = JSContextGetGroup(context)!
        watchdog?.disarm(group: group)
        let newWatchdog = ExecutionWatchdog(deadline: deadline)
        newWatchdog.arm(group: group)
        watchdog = newWatchdog
    }

    /// Re-arms the deadline's limit with the time left (before each top-level call into JS).
    public func rearmExecutionDeadline() {
        guard let watchdog, !watchdog.fired else { return }
        watchdog.arm(group: JSContextGetGroup(context)!)
    }

    /// True once the watchdog has terminated a script.
    public var wasTerminated: Bool { watchdog?.fired ?? false }
}
