// SPDX-License-Identifier: MIT
import NIOCore
import WSJSWebAPI
import WSJSEngine
public import WSJSTransport

/// The runtime as the Web API layer's host: output, clocks, timers and the end of the run.
extension Runtime: HostEnvironment {
    public func write(fileDescriptor: Int32, bytes: UnsafeRawBufferPointer) {
        guard exitStatus == nil else { return }
        options.output.write(fileDescriptor, bytes)
    }

    public func monotonicMilliseconds() -> Double {
        let elapsed = Self.monotonicNanoseconds() - originMonotonicNanoseconds
        // Microsecond resolution, as the HR-Time spec's coarsening allows.
        return Double(elapsed / 1_000) / 1_000
    }

    public func startTimer(id: Int, milliseconds: Double, keepAlive: Bool) {
        guard exitStatus == nil else { return }
        cancelTimer(id: id)
        let delay = TimeAmount.nanoseconds(Int64(max(0, min(milliseconds, 1e12)) * 1_000_000))
        let task = eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            fire(timer: id)
        }
        let deadline = Self.monotonicNanoseconds() + UInt64(delay.nanoseconds)
        timers[id] = (task, keepAlive, deadline)
        if deadline < earliestTimerDeadline ?? .max { earliestTimerDeadline = deadline }
        if keepAlive { retain() }
    }

    public func cancelTimer(id: Int) {
        guard let timer = timers.removeValue(forKey: id) else { return }
        timer.task.cancel()
        if timer.keepAlive { release() }
    }

    private func fire(timer id: Int) {
        guard let timer = timers.removeValue(forKey: id) else { return }
        if timer.keepAlive { release() }
        runTask { engine in
            try engine.call(callbacks.fireTimer, [engine.makeNumber(Double(id))])
        }
    }

    public func exit(status: Int32) {
        guard exitStatus == nil else { return }
        exitStatus = status
        for (_, timer) in timers { timer.task.cancel() }
        timers.removeAll()
        callbacks?.webSockets.abandonAll()
        callbacks?.http.shutdown()
        busyPoller?.disarm()
        completion.succeed(status)
        // Let go of itself after the current call stack has unwound.
        eventLoop.assumeIsolated().execute { [self] in selfWhileRunning = nil }
    }

    public func runTaskNow(_ body: (ScriptEngine) throws -> Void) -> Bool {
        guard !insideTask else { return false }
        runTask(body)
        return true
    }

    public func queueTask(_ body: @escaping (ScriptEngine) throws -> Void) {
        guard exitStatus == nil, !runTaskNow(body) else { return }
        queuedTasks += 1
        eventLoop.assumeIsolated().execute { [self] in
            queuedTasks -= 1
            runTask(body)
        }
    }

    public func socketActivity() {
        // Polling pays when the loop would otherwise sleep between a request and its answer;
        // with many sockets open, events come often enough that it rarely sleeps long, and a
        // polling thread would take CPU time from the peers and from the JIT compiler thread
        // (500 sockets at once ran 6% slower with polling on this 2-core machine).
        // (Called on every send and message: the cheapest checks first.)
        guard exitStatus == nil, busyPoller != nil || selectorDiscovery != nil,
              (callbacks?.webSockets.openSocketCount ?? 0) <= BusyPoller.maximumOpenSockets else { return }
        if busyPoller == nil, let discover = selectorDiscovery {
            selectorDiscovery = nil
            if let selector = discover() { enableBusyPolling(selectorDescriptor: selector) }
        }
        busyPoller?.arm()
    }

    public var webSocketConfiguration: WebSocketClientConfiguration {
        var configuration = options.webSocket
        if frameTraceWriter != nil { configuration.traceFrames = true }
        return configuration
    }

    public func traceWebSocketFrame(socket: Int, url: String, frame: WebSocketFrameTrace) {
        guard exitStatus == nil else { return }
        frameTraceWriter?.write(milliseconds: monotonicMilliseconds(), socket: socket, url: url, frame: frame)
    }

    public func traceWebSocketHandshake(socket: Int, url: String, head: WebSocketHandshakeTrace) {
        guard exitStatus == nil else { return }
        frameTraceWriter?.write(milliseconds: monotonicMilliseconds(), socket: socket, url: url, handshake: head)
    }

    public func resolveWebSocketEndpoint(_ endpoint: WebSocketEndpoint, url: String) -> WebSocketEndpoint {
        for mapping in options.urlMappings where url.hasPrefix(mapping.from) {
            let mapped = mapping.to + url.dropFirst(mapping.from.count)
            return WebSocketEndpoint(url: mapped) ?? endpoint
        }
        return endpoint
    }

    public var scriptArguments: [String] { options.arguments }

    public var version: String { WSJSVersion.current }

    public var location: String? { options.location }

    public var testWorker: String? { options.testWorker }
}

/// wsjs's version (defined with the transport, which sends it as the User-Agent).
public typealias WSJSVersion = WSJSTransport.WSJSVersion
