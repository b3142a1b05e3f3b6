// SPDX-License-Identifier: MIT
import CJavaScriptCore
import NIOCore
import WSJSEngine
import WSJSTransport

/// Connects the JS `WebSocket` (js/websocket.js) to native ``WebSocketConnection``s.
///
/// Each socket the script opens has a ``SocketLink``: the transport's delegate, which turns every
/// transport event into one macrotask that calls the prelude's entry point for it (open, message,
/// bytes written, close), on the runtime's loop with no thread hop. The WebSocket object stays
/// protected from GC and the run stays alive from connect until its close event has been fired
/// (WebSockets Standard §8: a socket that is not CLOSED must not be collected).
public final class WebSocketBridge {
    unowned let host: any HostEnvironment
    let engine: ScriptEngine
    /// The prelude's entry points, set once by websocket.js through `wsSetCallbacks`.
    var entryPoints: EntryPoints?
    /// WebSocketStream's (websocket-stream.js, through `wssSetCallbacks`): the same five events.
    var streamEntryPoints: EntryPoints?
    typealias EntryPoints = (open: JSObjectRef, message: JSObjectRef, written: JSObjectRef, closing: JSObjectRef, close: JSObjectRef)
    var links = SocketTable()
    /// Numbers sockets 1, 2, 3… in the order they were opened (for --trace).
    private var opened = 0

    init(host: any HostEnvironment, engine: ScriptEngine) {
        self.host = host
        self.engine = engine
    }

    /// Opens a connection for the WebSocket object `socket` (or, with `isStream`, the
    /// WebSocketStream object); returns its id for later calls. `shownURL` is `url` without its
    /// password (what traces show).
    func connect(socket: JSObjectRef, url: String, shownURL: String, endpoint: WebSocketEndpoint, subprotocols: [String], headers: [(name: String, value: String)], isStream: Bool = false) -> Int {
        let id = links.nextID()
        opened += 1
        var configuration = host.webSocketConfiguration
        configuration.subprotocols = subprotocols
        configuration.extraHeaders += headers
        let link = SocketLink(id: id, serial: opened, socket: socket, url: shownURL, bridge: self)
        link.isStream = isStream
        engine.protect(socket)
        host.retain()
        links.insert(link)
        let target = host.resolveWebSocketEndpoint(endpoint, url: url)
        if target != endpoint { link.mappedTo = "\(target.secure ? "wss" : "ws")://\(target.hostHeader)\(target.resource)" }
        link.connection = WebSocketConnection.connect(to: target, configuration: configuration, on: host.eventLoop, delegate: link)
        return id
    }

    /// How many of the script's sockets are not closed yet.
    public var openSocketCount: Int { links.count }

    /// Closes every connection at once (the run is ending: `wsjs.exit()`, an uncaught error).
    public func abandonAll() {
        for link in links.links { link.connection?.abandon() }
    }

    /// The socket's link ended: its close event has been fired.
    func finished(_ link: SocketLink) {
        guard links.remove(id: link.id) else { return }
        engine.unprotect(link.socket)
        host.release()
    }
}

/// One socket's link between its transport connection and its JS object.
final class SocketLink: WebSocketConnectionDelegate {
    /// The key in the bridge's ``SocketTable``, which websocket.js passes to the host operations.
    let id: Int
    /// 1 for the run's first socket, 2 for the second… (what traces call it).
    let serial: Int
    let socket: JSObjectRef
    /// The URL the script asked for, without its password (what traces show).
    let url: String
    unowned let bridge: WebSocketBridge
    var connection: WebSocketConnection?
    /// Why the transport failed the connection, if it did (§7.1.7): the close event's task fires
    /// `error` first when this is set.
    var failure: String?
    /// Where `--map` sent this socket, if it did (failures name it).
    var mappedTo: String?
    /// A WebSocketStream's link: its events go to the stream entry points.
    var isStream = false
    private var entryPoints: WebSocketBridge.EntryPoints? { isStream ? bridge.streamEntryPoints : bridge.entryPoints }

    init(id: Int, serial: Int, socket: JSObjectRef, url: String, bridge: WebSocketBridge) {
        self.id = id
        self.serial = serial
        self.socket = socket
        self.url = url
        self.bridge = bridge
    }

    func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String) {
        bridge.host.queueTask { [self] engine in
            guard let entry = entryPoints?.open else { return }
            try engine.call(entry, [socket, engine.makeString(subprotocol), engine.makeString(extensions)])
        }
        bridge.host.socketActivity()
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        // The hot path: a message read while no JS runs is delivered at once, with no closure
        // allocated for it.
        if !bridge.host.runTaskNow({ engine in try deliver(message, engine) }) {
            bridge.host.queueTask { [self] engine in try deliver(message, engine) }
        }
        bridge.host.socketActivity()
    }

    private func deliver(_ message: WebSocketMessage, _ engine: ScriptEngine) throws {
        guard let entry = entryPoints?.message else { return }
        let data: JSValueRef
        switch message {
        case .text(let buffer):
            data = buffer.withUnsafeReadableBytes { engine.makeString(validUTF8: $0) }
        case .binary(let buffer):
            data = buffer.withUnsafeReadableBytes { engine.makeArrayBuffer(copying: $0) }
        }
        // The event's timeStamp comes along, which saves a call back for the clock.
        try engine.call(entry, socket, data, engine.makeNumber(bridge.host.monotonicMilliseconds()))
    }

    func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int) {
        // A WebSocketStream's next write waits for this report: when no JS runs (the write
        // completed in the loop's I/O phase), it runs at once, as a task of its own.
        if isStream, bridge.host.runTaskNow({ engine in try reportWritten(bytes, engine) }) { return }
        bridge.host.queueTask { [self] engine in try reportWritten(bytes, engine) }
    }

    private func reportWritten(_ bytes: Int, _ engine: ScriptEngine) throws {
        guard let entry = entryPoints?.written else { return }
        try engine.call(entry, socket, engine.makeNumber(Double(bytes)))
    }

    func webSocket(_ connection: WebSocketConnection, didTrace frame: WebSocketFrameTrace) {
        bridge.host.traceWebSocketFrame(socket: serial, url: url, frame: frame)
    }

    func webSocket(_ connection: WebSocketConnection, didTraceHandshake head: WebSocketHandshakeTrace) {
        bridge.host.traceWebSocketHandshake(socket: serial, url: url, head: head)
    }

    func webSocketDidStartClosing(_ connection: WebSocketConnection) {
        bridge.host.queueTask { [self] engine in
            guard let entry = entryPoints?.closing else { return }
            try engine.call(entry, [socket])
        }
    }

    func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError) {
        failure = error.message
        if let mappedTo { failure! += " (the URL was mapped to \(mappedTo) by --map)" }
        if error.isCertificateFailure {
            failure! += " (trust its CA with --ca-file <pem> or SSL_CERT_FILE, or use --insecure for a test server)"
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool) {
        self.connection = nil
        bridge.host.queueTask { [self] engine in
            defer { bridge.finished(self) }
            guard let entry = entryPoints?.close else { return }
            try engine.call(entry, [
                socket, engine.makeNumber(Double(code)), engine.makeString(reason), engine.makeBoolean(wasClean),
                failure.map { engine.makeString($0) } ?? engine.undefined,
            ])
        }
    }
}
