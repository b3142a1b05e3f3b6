// SPDX-License-Identifier: MIT
public import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A WebSocket client connection (RFC 6455) on a SwiftNIO event loop.
///
/// This module never imports JavaScriptCore: it moves bytes, and reports events to a
/// ``WebSocketConnectionDelegate`` on the connection's own event loop (the JS loop in wsjs), one
/// call per event with no hop through an async sequence.
///
/// Checks this layer owns (client side of RFC 6455): the opening handshake (§4.1: status 101,
/// Upgrade, Connection, Sec-WebSocket-Accept, offered subprotocols and extensions only, with a
/// size limit and a timeout); masked client frames with fresh keys (§5.3); server frames unmasked
/// (§5.1), RSV bits clear unless permessage-deflate gives RSV1 a meaning (§5.2, RFC 7692 §6),
/// known opcodes (§5.2), control frames short and unfragmented (§5.5), continuation order (§5.4),
/// text that is UTF-8 (§8.1, checked per frame as it arrives, after inflation), Close payloads
/// (§5.5.1, §7.4), the message size limit (1009, also for inflated data); automatic Pong
/// (§5.5.2); the closing handshake with a timeout (§7.1.2–7.1.4); failing the connection exactly
/// once (§7.1.7). `wss:` uses swift-nio-ssl with certificate and host-name verification on by
/// default (``TLSOptions``).
///
/// All methods must be called on ``eventLoop``.
///
/// ```swift
/// let connection = WebSocketConnection.connect(
///     to: WebSocketEndpoint(url: "ws://127.0.0.1:8080/")!, on: loop, delegate: myDelegate)
/// connection.send(text: Array("hello".utf8))
/// ```
public final class WebSocketConnection {
    public let eventLoop: any EventLoop
    public let endpoint: WebSocketEndpoint
    public let configuration: WebSocketClientConfiguration
    /// The delegate; released when the connection has closed, which breaks any cycle with it.
    var delegate: (any WebSocketConnectionDelegate)?
    var channel: (any Channel)?

    enum State { case connecting, open, closing, closed }
    var state = State.connecting
    var failed = false
    /// The server's Close frame, once received.
    var receivedClose: ClosePayload?
    var closeTimeout: Scheduled<Void>?

    // The message being received, reassembled from its fragments (§5.4).
    var messageOpcode: UInt8?
    var message: ByteBuffer?
    var messageSize = 0
    var validator = UTF8Validator()
    /// permessage-deflate, when negotiated; `messageCompressed` for the message in progress.
    var deflate: PerMessageDeflate?
    var messageCompressed = false
    /// Where the current frame's bytes start in `message` (for traces of fragments).
    var frameStartInMessage = 0
    /// The frame being received: its header, and for control frames the payload so far.
    var frameHeader: FrameHeader?
    var controlPayload: ByteBuffer?

    /// Writes not yet flushed: one flush per event-loop turn coalesces them into few syscalls.
    private var flushScheduled = false
    private var unflushedPayloadBytes = 0
    /// Data messages written since the last flush (an empty message counts, though it adds no
    /// payload bytes: its write completion is reported too).
    private var unflushedMessages = 0
    /// False while ``setReading(_:)`` has stopped reading.
    var readingEnabled = true
    /// The frames written since the last flush, in order.
    private var outgoing: ByteBuffer?
    /// The size of the last batch: the next batch starts with room for as much, so a socket
    /// that sends many messages per turn does not regrow its buffer every turn, and one that
    /// sends one short message per turn (most of them) holds a buffer of that size, not 4 KiB.
    private var lastBatchSize = 0
    private var maskingKeys = MaskingKeySource()

    public private(set) var subprotocol = ""
    public private(set) var extensions = ""

    private init(endpoint: WebSocketEndpoint, configuration: WebSocketClientConfiguration, eventLoop: any EventLoop, delegate: any WebSocketConnectionDelegate) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.delegate = delegate
    }

    /// Opens a connection: TCP (both address families, happy eyeballs), then the opening
    /// handshake. Call on `eventLoop`; events go to `delegate` on the same loop.
    public static func connect(
        to endpoint: WebSocketEndpoint,
        configuration: WebSocketClientConfiguration = WebSocketClientConfiguration(),
        on eventLoop: any EventLoop,
        delegate: any WebSocketConnectionDelegate
    ) -> WebSocketConnection {
        eventLoop.preconditionInEventLoop()
        let connection = WebSocketConnection(endpoint: endpoint, configuration: configuration, eventLoop: eventLoop, delegate: delegate)
        connection.start()
        return connection
    }

    /// Runs the client on a channel that is already set up (tests use an `EmbeddedChannel`):
    /// the handshake starts when the channel becomes active.
    static func attach(
        to channel: any Channel,
        endpoint: WebSocketEndpoint,
        configuration: WebSocketClientConfiguration = WebSocketClientConfiguration(),
        delegate: any WebSocketConnectionDelegate,
        key: String = OpeningHandshake.randomKey()
    ) throws -> WebSocketConnection {
        let connection = WebSocketConnection(endpoint: endpoint, configuration: configuration, eventLoop: channel.eventLoop, delegate: delegate)
        connection.channel = channel
        let handshake = OpeningHandshake(endpoint: endpoint, configuration: configuration, key: key)
        try channel.pipeline.syncOperations.addHandler(ClientHandshakeHandler(handshake: handshake, connection: connection))
        return connection
    }

    /// Obtains the connection (RFC 6455 §4.1, the client's first steps 2–5, as the WebSockets
    /// Standard's "obtain a WebSocket connection" runs them): TCP, then TLS for `wss:`; either
    /// failing fails the WebSocket connection. No proxy is used (step 3).
    ///
    /// Deviation: step 2 allows one connection per address in the CONNECTING state at a time
    /// (browsers queue the others, against floods from pages); wsjs opens them in parallel, so
    /// a load test's sockets connect at once.
    private func start() {
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = endpoint.secure ? try configuration.tls.clientContext() : nil
        } catch {
            failBeforeOpen(.connect("could not set up TLS: \(error)"))
            return
        }
        // RFC 6066 §3: no SNI for IP literals; NIOSSL then checks the certificate's IP addresses
        // against the address connected to.
        let serverHostname = endpoint.hostIsIPAddress ? nil : endpoint.host
        let handshake = OpeningHandshake(endpoint: endpoint, configuration: configuration)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let bootstrap = ClientBootstrap(group: eventLoop)
            // TCP_NODELAY is an option of the TCP level (NIO's default, restated): at the socket
            // level its number is SO_DEBUG's, which needs CAP_NET_ADMIN (every connect failed
            // without it).
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            // NIO keeps each channel's receive buffer for reuse while the channel lives, at the
            // size its reads have needed. A handshake response and short messages fit in 512
            // bytes (NIO's default starts at 2 KiB: 1 MiB for 500 sockets); the buffer doubles
            // after every read that fills it, up to 64 KiB, and halves after small reads.
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    var diagnosis: CertificateDiagnosis?
                    if let tlsContext {
                        diagnosis = CertificateDiagnosis()
                        try channel.pipeline.syncOperations.addHandler(diagnosis!.clientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ClientHandshakeHandler(handshake: handshake, connection: bound.value, certificateDiagnosis: diagnosis))
                }
            }
        // An IP literal needs no resolver: NIO's happy-eyeballs path would run getaddrinfo on
        // a thread pool (a thread hop and a thread's memory per pending connection).
        let connecting: EventLoopFuture<any Channel>
        if endpoint.hostIsIPAddress, let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
            connecting = bootstrap.connect(to: address)
        } else {
            connecting = bootstrap.connect(host: endpoint.host, port: endpoint.port)
        }
        connecting.whenComplete { result in
            let connection = bound.value
            switch result {
            case .success(let channel):
                if connection.state == .closed {
                    channel.close(promise: nil)
                } else {
                    connection.channel = channel
                }
            case .failure(let error):
                connection.failBeforeOpen(.connect("could not connect to \(connection.endpoint.hostHeader): \(error)"))
            }
        }
    }

    // MARK: Sending

    /// Queues a text message; `bytes` must be UTF-8 (the WebSocket API encodes USVStrings).
    /// Messages sent while ``isAcceptingMessages`` is false are dropped (no `didWrite` reports
    /// them).
    public func send(text bytes: UnsafeRawBufferPointer) {
        send(opcode: .text, bytes)
    }

    public func send(binary bytes: UnsafeRawBufferPointer) {
        send(opcode: .binary, bytes)
    }

    /// True while the connection is open and its closing handshake has not started: messages
    /// sent now go out, and `didWrite` will report them.
    public var isAcceptingMessages: Bool { state == .open && channel != nil }

    private func send(opcode: WebSocketOpcode, _ bytes: UnsafeRawBufferPointer) {
        eventLoop.preconditionInEventLoop()
        guard state == .open, channel != nil else { return }
        // RFC 7692 §6.1: a message may go uncompressed (RSV1 clear); an empty one always does.
        if let deflate, deflate.compressesOutgoing, bytes.count > 0 {
            do {
                let compressed = try deflate.compress(bytes, allocator: allocator)
                compressed.withUnsafeReadableBytes { appendFrame(opcode: opcode, compressed: true, payload: $0, original: bytes) }
            } catch {
                return fail(.protocolViolation("could not compress a message: \(error)"))
            }
        } else {
            appendFrame(opcode: opcode, compressed: false, payload: bytes)
        }
        unflushedPayloadBytes += bytes.count
        unflushedMessages += 1
    }

    /// Stops or resumes reading from the socket (backpressure from a reader that is not keeping
    /// up, WebSocketStream's readable side). While stopped, no `read()` is issued on the channel,
    /// so the kernel's receive buffer fills and TCP's window makes the server wait; at most the
    /// read burst in progress (a few reads of at most 64 KiB) is still delivered. Reading always
    /// resumes once the connection is closing, so the closing handshake can complete.
    public func setReading(_ enabled: Bool) {
        eventLoop.preconditionInEventLoop()
        guard let channel, enabled != readingEnabled else { return }
        readingEnabled = enabled
        if let options = channel.syncOptions {
            try? options.setOption(.autoRead, value: enabled)
        } else {
            channel.setOption(.autoRead, value: enabled).whenFailure { _ in }
        }
    }

    /// Reports a frame to the delegate when tracing is on; `payload` is what the application
    /// sees (before compression, after inflation).
    func trace(_ direction: WebSocketFrameTrace.Direction, opcode: UInt8, fin: Bool = true, compressed: Bool = false, length: Int, payload: UnsafeRawBufferPointer) {
        let preview = Array(payload.prefix(opcode == 0x8 ? 125 : WebSocketFrameTrace.previewLimit))
        delegate?.webSocket(self, didTrace: WebSocketFrameTrace(direction: direction, opcode: opcode, fin: fin, compressed: compressed, length: length, applicationLength: payload.count, preview: preview))
    }

    /// Reports the handshake's request or response head to the delegate (when tracing is on).
    func traceHandshake(_ head: WebSocketHandshakeTrace) {
        delegate?.webSocket(self, didTraceHandshake: head)
    }

    /// Appends a frame to the batch of outgoing bytes. Every frame written in one loop turn goes
    /// into one buffer, handed to the channel once at the flush: one allocation and one pipeline
    /// write per batch rather than per message (and still one `writev`).
    private func appendFrame(opcode: WebSocketOpcode, compressed: Bool, payload: UnsafeRawBufferPointer, original: UnsafeRawBufferPointer? = nil) {
        if configuration.traceFrames {
            trace(.sent, opcode: UInt8(webSocketOpcode: opcode), compressed: compressed, length: payload.count, payload: original ?? payload)
        }
        if outgoing == nil {
            outgoing = allocator.buffer(capacity: max(payload.count + 14, lastBatchSize))
        }
        ClientFrameEncoder.write(opcode: opcode, compressed: compressed, payload: payload, maskKey: maskingKeys.nextKey(), into: &outgoing!)
        scheduleFlush()
    }

    private var allocator: ByteBufferAllocator { channel?.allocator ?? ByteBufferAllocator() }

    /// Flushes at the end of the current read burst (no extra loop turn), or on the next loop
    /// turn when the writes came from elsewhere (a JS task), so many sends share one syscall.
    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        guard !readInProgress else { return }
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute { bound.value.flush() }
    }

    /// Sends everything written so far and reports its payload bytes once written.
    func flush() {
        guard flushScheduled else { return }
        flushScheduled = false
        guard let channel else { return }
        writeOutgoing()
        channel.flush()
    }

    /// Hands the batch to the channel (without flushing); its payload size is reported to the
    /// delegate once the batch has reached the socket (for bufferedAmount).
    private func writeOutgoing() {
        guard let channel, let batch = outgoing else { return }
        outgoing = nil
        lastBatchSize = min(batch.readableBytes, Self.largestRememberedBatch)
        let bytes = unflushedPayloadBytes
        let messages = unflushedMessages
        unflushedPayloadBytes = 0
        unflushedMessages = 0
        guard messages > 0 else {
            channel.write(batch, promise: nil)
            return
        }
        let promise = eventLoop.makePromise(of: Void.self)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        promise.futureResult.whenSuccess {
            let connection = bound.value
            if connection.state != .closed { connection.delegate?.webSocket(connection, didWrite: bytes) }
        }
        channel.write(batch, promise: promise)
    }

    /// Beyond this a batch's size is not worth keeping room for: a buffer this large already
    /// costs less to regrow than the syscalls it batches.
    static let largestRememberedBatch = 64 * 1024

    /// Set by the pipeline while a burst of reads is delivered (until channelReadComplete).
    var readInProgress = false

    /// Queues a control frame after the data frames already queued (a Close goes out after
    /// every message sent before it).
    func sendControl(_ opcode: WebSocketOpcode, payload: ByteBuffer) {
        guard channel != nil else { return }
        payload.withUnsafeReadableBytes { appendFrame(opcode: opcode, compressed: false, payload: $0) }
    }

    // MARK: Closing

    /// Starts the closing handshake (§7.1.2): a Close frame after every queued message, then
    /// waits for the server's Close frame (at most `closeTimeout`). While connecting, the
    /// connection is abandoned instead. Does nothing once closing.
    public func close(code: UInt16? = nil, reason: String = "") {
        eventLoop.preconditionInEventLoop()
        switch state {
        case .connecting:
            abandon()
        case .open:
            sendClose(code: code, reason: reason)
        case .closing, .closed:
            return
        }
    }

    /// Closes the TCP connection now, without a closing handshake.
    public func abandon() {
        eventLoop.preconditionInEventLoop()
        if let channel {
            channel.close(promise: nil)
        } else if state == .connecting {
            finish(code: WebSocketCloseCode.abnormalClosure, reason: "", wasClean: false)
        }
    }

    private func sendClose(code: UInt16?, reason: String) {
        guard let channel else { return }
        state = .closing
        // The server's Close frame must be read, whatever a reader upstream wants.
        setReading(true)
        sendControl(.connectionClose, payload: ClosePayload.encode(code: code, reason: reason, allocator: channel.allocator))
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        closeTimeout = eventLoop.scheduleTask(in: TimeAmount(configuration.closeTimeout)) {
            // §7.1.1: the server should close TCP after the handshake; if it does not, we do.
            bound.value.channel?.close(promise: nil)
        }
    }

    // MARK: Events from the pipeline

    func handshakeCompleted(_ outcome: OpeningHandshake.Outcome) {
        guard state == .connecting else { return }
        if let parameters = outcome.deflate {
            do {
                deflate = try PerMessageDeflate(parameters: parameters, isClient: true)
            } catch {
                return fail(.protocolViolation("could not set up permessage-deflate: \(error)"))
            }
        }
        state = .open
        subprotocol = outcome.subprotocol
        extensions = outcome.extensions
        delegate?.webSocketDidOpen(self, subprotocol: subprotocol, extensions: extensions)
    }

    func handshakeFailed(_ error: WebSocketTransportError) {
        failBeforeOpen(error)
    }

    private func failBeforeOpen(_ error: WebSocketTransportError) {
        guard state == .connecting else { return }
        failed = true
        delegate?.webSocket(self, didFail: error)
        if channel == nil || channel?.isActive == false {
            finish(code: WebSocketCloseCode.abnormalClosure, reason: "", wasClean: false)
        }
    }

    /// Fails the connection (§7.1.7): the Close code goes out if we may still send one, TCP
    /// closes, and the delegate hears `didFail` then (when TCP is down) `didClose` with 1006.
    func fail(_ error: WebSocketTransportError) {
        guard !failed, state != .closed else { return }
        failed = true
        if state == .open, let code = error.closeCode, let channel {
            sendControl(.connectionClose, payload: ClosePayload.encode(code: code, reason: "", allocator: channel.allocator))
            flush()
        }
        state = state == .connecting ? .connecting : .closing
        delegate?.webSocket(self, didFail: error)
        channel?.close(promise: nil)
    }

    func channelClosed() {
        closeTimeout?.cancel()
        if let close = receivedClose, !failed {
            finish(code: close.code ?? WebSocketCloseCode.noStatusReceived, reason: close.reason, wasClean: true)
        } else {
            finish(code: WebSocketCloseCode.abnormalClosure, reason: "", wasClean: false)
        }
    }

    private func finish(code: UInt16, reason: String, wasClean: Bool) {
        guard state != .closed else { return }
        state = .closed
        let delegate = self.delegate
        self.delegate = nil
        channel = nil
        delegate?.webSocketDidClose(self, code: code, reason: reason, wasClean: wasClean)
    }
}
