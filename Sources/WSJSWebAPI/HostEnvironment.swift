// SPDX-License-Identifier: MIT
public import NIOCore
public import WSJSEngine
public import WSJSTransport

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
    /// `wsjs test`'s settings for a test worker (JSON), or nil in a normal run.
    var testWorker: String? { get }

    /// The event loop JS runs on; sockets live on it too.
    var eventLoop: any EventLoop { get }
    /// Something (a socket) keeps the run alive until the matching ``release()``.
    func retain()
    func release()
    /// Runs `body` as one macrotask (a top-level call into JS, then the microtask checkpoint):
    /// at once, or, when JS is already running (a host operation made the transport call back),
    /// right after the current task.
    func queueTask(_ body: @escaping (ScriptEngine) throws -> Void)
    /// Runs `body` as one macrotask at once and returns true, unless JS is already running
    /// (then nothing runs and it returns false: use ``queueTask(_:)``). The closure need not
    /// escape, so a message delivered this way allocates no closure context.
    func runTaskNow(_ body: (ScriptEngine) throws -> Void) -> Bool
    /// The configuration new WebSockets start from: limits, TLS trust, permessage-deflate.
    var webSocketConfiguration: WebSocketClientConfiguration { get }
    /// Where a WebSocket for `url` really connects (wsjs's `--map`); `endpoint` is what the URL
    /// itself designates.
    func resolveWebSocketEndpoint(_ endpoint: WebSocketEndpoint, url: String) -> WebSocketEndpoint
    /// Records a frame of socket number `socket` (for `url`) when tracing (`--trace`).
    func traceWebSocketFrame(socket: Int, url: String, frame: WebSocketFrameTrace)
    /// Records the opening handshake's request or response head of socket number `socket`
    /// (for `url`, without its password) when tracing (`--trace`).
    func traceWebSocketHandshake(socket: Int, url: String, head: WebSocketHandshakeTrace)
    /// A socket event was delivered or data was sent: more socket I/O is likely soon (the
    /// runtime may busy-poll for it instead of sleeping).
    func socketActivity()
    /// The main module's evaluation has settled (modules.js): a pending top-level await no
    /// longer holds the run's end.
    func mainModuleSettled()
    /// Records one line of fetch()'s HTTP traffic (request line, status line, failure) when
    /// tracing (`--trace`); lines never carry header values.
    func traceHTTP(_ line: String)
}

extension HostEnvironment {
    public func socketActivity() {}
    public func mainModuleSettled() {}
    public func traceHTTP(_ line: String) {}
}

extension HostEnvironment {
    /// `wsjs test`'s settings for a test worker (JSON), or nil in a normal run (see
    /// `js/test/test-worker.js`).
    public var testWorker: String? { nil }
}
