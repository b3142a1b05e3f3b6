// SPDX-License-Identifier: MIT
public import WSJSTransport

/// How a ``Runtime`` runs a script.
public struct RuntimeOptions: Sendable {
    /// The arguments the script sees as `wsjs.args`.
    public var arguments: [String]
    /// A wall-clock limit for the whole run; a script still running then is stopped (even inside
    /// an endless loop) and the run ends with ``ExitStatus/timedOut``.
    public var timeout: Duration?
    /// The base URL for relative URLs (`--location`), already validated by the caller.
    public var location: String?
    /// Where stdout and stderr text goes (file descriptors 1 and 2 by default).
    public var output: OutputSink
    /// What every WebSocket the script opens starts from: limits, timeouts, TLS trust and
    /// permessage-deflate (see ``WebSocketClientConfiguration`` for the defaults).
    public var webSocket = WebSocketClientConfiguration()
    /// `--map`: URL prefixes rewritten before a WebSocket connects, first match wins; the
    /// socket's `url` attribute still shows what the script asked for.
    public var urlMappings: [(from: String, to: String)] = []
    /// `--trace` / `--trace-file`: every WebSocket frame sent and received is written there.
    public var trace: FrameTraceOutput?
    /// `--busy-poll`: how long the loop polls for socket I/O before it sleeps, when I/O is
    /// likely soon (see `BusyPoller`); nil or zero never polls. Takes effect where the runtime
    /// knows its loop's epoll descriptor (``Runtime/run(scripts:options:setUp:)`` and the
    /// `wsjs` command find it; an embedder calls ``Runtime/enableBusyPolling(selectorDescriptor:)``).
    public var busyPollBudget: Duration? = .microseconds(100)
    /// `wsjs test`: the run is a test worker with these settings (JSON, see js/test/test-worker.js).
    public var testWorker: String?
    /// `--import-map`: the import map's JSON text and the URL its addresses resolve against.
    public var importMap: (text: String, url: String)?

    /// True when ``busyPollBudget`` asks for polling at all.
    var pollsForIO: Bool { (busyPollBudget ?? .zero) > .zero }

    public init(arguments: [String] = [], timeout: Duration? = nil, location: String? = nil, output: OutputSink = .standardStreams) {
        self.arguments = arguments
        self.timeout = timeout
        self.location = location
        self.output = output
    }
}

/// The process exit statuses wsjs uses, as Deno and Node do.
public enum ExitStatus {
    /// The script and everything it scheduled ran without an uncaught error.
    public static let success: Int32 = 0
    /// An uncaught exception or unhandled rejection ended the run.
    public static let uncaughtError: Int32 = 1
    /// Bad command-line usage or an unreadable script file.
    public static let usage: Int32 = 2
    /// `--timeout` expired (the status `timeout(1)` uses).
    public static let timedOut: Int32 = 124
}
