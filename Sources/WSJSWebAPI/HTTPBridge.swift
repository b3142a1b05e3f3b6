// SPDX-License-Identifier: MIT
import CJavaScriptCore
import NIOCore
import WSJSEngine
import WSJSHTTP
import WSJSTransport

/// Connects fetch()'s "HTTP-network fetch" (js/fetch/http-fetch.js) to ``HTTPFetchClient``.
///
/// Each request is a ``FetchLink`` keyed by a number the prelude passes back; every event
/// becomes one macrotask calling the prelude's entry point for it with that number (no JS
/// object is held here besides the protected entry points: the prelude keeps its per-request
/// state reachable itself). Reading pauses while the body stream's queue is full (the stream's
/// high-water mark is the read-ahead). A request keeps the run alive until its response ends,
/// except while its body is paused: a body nobody reads does not keep the process running.
public final class HTTPBridge {
    unowned let host: any HostEnvironment
    let engine: ScriptEngine
    /// The prelude's entry points, set once by http-fetch.js through `httpSetCallbacks`.
    var entryPoints: (head: JSObjectRef, data: JSObjectRef, end: JSObjectRef, fail: JSObjectRef, written: JSObjectRef)?
    var links: [Int: FetchLink] = [:]
    private var nextID = 1
    private var client: HTTPFetchClient?

    init(host: any HostEnvironment, engine: ScriptEngine) {
        self.host = host
        self.engine = engine
    }

    /// Starts a request; returns its number.
    func start(_ request: HTTPFetchRequest) -> Int {
        let id = nextID
        nextID += 1
        let link = FetchLink(id: id, bridge: self)
        links[id] = link
        link.holdRun(true)
        host.traceHTTP("> \(request.method) \(request.url)")
        if client == nil { client = HTTPFetchClient(eventLoop: host.eventLoop, tls: host.webSocketConfiguration.tls) }
        link.task = client!.start(request, delegate: link)
        return id
    }

    /// Closes every pooled connection (the run is ending).
    public func shutdown() {
        let open = links
        links = [:]
        for link in open.values { link.task?.abandon() }
        client?.shutdown()
        client = nil
    }

    func finished(_ link: FetchLink) {
        link.holdRun(false)
        links[link.id] = nil
    }
}

/// One request's link between its ``HTTPFetchTask`` and the prelude.
final class FetchLink: HTTPFetchDelegate {
    let id: Int
    unowned let bridge: HTTPBridge
    var task: HTTPFetchTask?
    private var holdsRun = false

    init(id: Int, bridge: HTTPBridge) {
        self.id = id
        self.bridge = bridge
    }

    func holdRun(_ hold: Bool) {
        guard hold != holdsRun else { return }
        holdsRun = hold
        if hold { bridge.host.retain() } else { bridge.host.release() }
    }

    /// Events queued behind running JS and not delivered yet: while there are any, later
    /// events queue behind them too, so the prelude sees them in order (head before data).
    private var queued = 0

    /// Runs `body` as a macrotask: now when no JS runs and nothing of this request waits,
    /// otherwise after what waits.
    private func runEvent(_ body: @escaping (ScriptEngine) throws -> Void) {
        if queued == 0, bridge.host.runTaskNow(body) { return }
        queued += 1
        bridge.host.queueTask { [self] engine in
            queued -= 1
            try body(engine)
        }
    }

    func httpFetch(_ task: HTTPFetchTask, didReceiveHead head: HTTPFetchResponseHead) {
        bridge.host.traceHTTP("< \(head.version) \(head.status) \(head.statusText)")
        // One string, the status text and then names and values, each on a line of its own
        // (none can hold a line break): JS values kept only in a Swift array are invisible to
        // the garbage collector, so the head must not be built from many of them.
        var text = head.statusText
        for header in head.headers {
            text += "\n" + header.name + "\n" + header.value
        }
        runEvent { [self] engine in
            guard let entry = bridge.entryPoints?.head else { return }
            try engine.call(entry, [engine.makeNumber(Double(id)), engine.makeNumber(Double(head.status)), engine.makeString(text)])
        }
    }

    func httpFetch(_ task: HTTPFetchTask, didReceive bytes: UnsafeRawBufferPointer) -> Bool {
        var more = false
        let deliver = { [self] (engine: ScriptEngine, chunk: JSObjectRef) throws -> Bool in
            guard let entry = bridge.entryPoints?.data else { return false }
            return engine.boolean(try engine.call(entry, [engine.makeNumber(Double(id)), chunk]))
        }
        // The hot path: no JS running and nothing queued, so the bytes go in at once, copied
        // straight into a Uint8Array.
        if queued == 0, bridge.host.runTaskNow({ engine in more = try deliver(engine, engine.makeUint8Array(copying: bytes)) }) {
            if !more { holdRun(false) }
            return more
        }
        // Otherwise after what waits; reading pauses until then.
        let copy = [UInt8](bytes)
        runEvent { [self] engine in
            let chunk = copy.withUnsafeBytes { engine.makeUint8Array(copying: $0) }
            if try deliver(engine, chunk) { resume() } else { holdRun(false) }
        }
        return false
    }

    /// The body stream wants more: reading goes on, and the run is held again.
    func resume() {
        guard let task, bridge.links[id] != nil else { return }
        holdRun(true)
        task.resume()
    }

    func httpFetchDidFinish(_ task: HTTPFetchTask) {
        runEvent { [self] engine in
            defer { bridge.finished(self) }
            guard let entry = bridge.entryPoints?.end else { return }
            try engine.call(entry, [engine.makeNumber(Double(id))])
        }
    }

    func httpFetch(_ task: HTTPFetchTask, didFail error: HTTPFetchError) {
        if !error.isCancellation { bridge.host.traceHTTP("! \(error.message)") }
        runEvent { [self] engine in
            defer { bridge.finished(self) }
            guard let entry = bridge.entryPoints?.fail else { return }
            try engine.call(entry, [engine.makeNumber(Double(id)), engine.makeString(error.message)])
        }
    }

    func httpFetchDidWrite(_ task: HTTPFetchTask) {
        runEvent { [self] engine in
            guard let entry = bridge.entryPoints?.written else { return }
            try engine.call(entry, [engine.makeNumber(Double(id))])
        }
    }
}
