// SPDX-License-Identifier: MIT

/// What the Web API layer needs from the runtime that hosts it: output, clocks, timers, the
/// script's arguments and a way to end the run. `WSJS.Runtime` is the implementation; tests may
/// provide their own.
public protocol HostEnvironment: AnyObject {
    /// Writes bytes to a file descriptor (1 = stdout, 2 = stderr) at once, unbuffered.
    func write(fileDescriptor: Int32, bytes: UnsafeRawBufferPointer)
    /// Milliseconds since the time origin, from a monotonic clock (microsecond resolution).
    func monotonicMilliseconds() -> Double
    /// The time origin as milliseconds since the Unix epoch.
    var timeOrigin: Double { get }
    /// Starts (or restarts) the timer `id` to fire after `milliseconds`; while `keepAlive`, it
    /// keeps the run going.
    func startTimer(id: Int, milliseconds: Double, keepAlive: Bool)
    /// Cancels the timer `id` if it is pending.
    func cancelTimer(id: Int)
    /// Ends the run with `status` as soon as the current JS code returns; nothing a script does
    /// after this has an effect.
    func exit(status: Int32)
    /// The arguments given to the script (`wsjs.args`).
    var scriptArguments: [String] { get }
    /// wsjs's version (`wsjs.version`).
    var version: String { get }
    /// The base URL given with `--location`, if any (`location`).
    var location: String? { get }
}
