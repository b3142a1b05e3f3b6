// SPDX-License-Identifier: MIT
import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import NIOSSL

/// One request in flight: async-http-client's response delegate, confined to the client's
/// event loop (every method must be called there; the `Sendable` conformance is only for
/// async-http-client's signatures).
///
/// Guarantees: the delegate gets at most one head, then body bytes, then exactly one of
/// finish or fail; reading pauses while the delegate says so; a cancelled task fails with
/// ``HTTPFetchError/isCancellation`` and closes its connection.
public final class HTTPFetchTask: HTTPClientResponseDelegate, @unchecked Sendable {
    public typealias Response = Void

    let eventLoop: any EventLoop
    /// Cleared when the task ends, so no event follows finish or fail.
    weak var delegate: (any HTTPFetchDelegate)?
    /// async-http-client's task (cancel closes the connection).
    var task: HTTPClient.Task<Void>?
    /// Reading is paused until this promise is completed.
    private var pausedRead: EventLoopPromise<Void>?
    /// The streamed request body: the writer async-http-client gives, the promise that ends
    /// the body, and what the script wrote or finished before the writer came.
    private var writer: HTTPClient.Body.StreamWriter?
    private var bodyEnd: EventLoopPromise<Void>?
    private var pendingChunks: [ByteBuffer] = []
    private var pendingFinish = false
    private(set) var ended = false
    /// A description of the target for error messages ("GET http://127.0.0.1:8080/").
    let target: String

    init(eventLoop: any EventLoop, delegate: any HTTPFetchDelegate, target: String) {
        self.eventLoop = eventLoop
        self.delegate = delegate
        self.target = target
    }

    // MARK: The script's side

    /// Reading may go on (the script's stream wants more).
    public func resume() {
        eventLoop.preconditionInEventLoop()
        pausedRead?.succeed()
        pausedRead = nil
    }

    /// Sends one chunk of a streamed request body; ``HTTPFetchDelegate/httpFetchDidWrite(_:)``
    /// follows when it has been written.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        eventLoop.preconditionInEventLoop()
        guard !ended else { return }
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        if let writer { send(buffer, through: writer) } else { pendingChunks.append(buffer) }
    }

    /// Ends a streamed request body.
    public func finishBody() {
        eventLoop.preconditionInEventLoop()
        if let bodyEnd, pendingChunks.isEmpty {
            bodyEnd.succeed()
            self.bodyEnd = nil
        } else {
            pendingFinish = true
        }
    }

    /// Stops the request and closes its connection (abort, or the body stream cancelled).
    public func cancel() {
        eventLoop.preconditionInEventLoop()
        guard !ended else { return }
        end(HTTPFetchError("the fetch was aborted", isCancellation: true))
        task?.cancel()
    }

    /// Cancels with no further events (the run is ending).
    public func abandon() {
        eventLoop.preconditionInEventLoop()
        delegate = nil
        cancel()
    }

    // MARK: The streamed request body

    /// async-http-client's body stream: called once it is ready for the body.
    func streamBody(_ writer: HTTPClient.Body.StreamWriter) -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        let promise = eventLoop.makePromise(of: Void.self)
        guard !ended else {
            promise.fail(HTTPFetchError("the fetch was aborted", isCancellation: true))
            return promise.futureResult
        }
        self.writer = writer
        bodyEnd = promise
        let chunks = pendingChunks
        pendingChunks = []
        for chunk in chunks { send(chunk, through: writer) }
        if pendingFinish { finishBody() }
        return promise.futureResult
    }

    private func send(_ buffer: ByteBuffer, through writer: HTTPClient.Body.StreamWriter) {
        writer.write(.byteBuffer(buffer)).hop(to: eventLoop).whenComplete { [self] result in
            guard case .success = result, !ended else { return }
            delegate?.httpFetchDidWrite(self)
        }
    }

    // MARK: Ending

    /// Fails the task from this side (the request could not be made).
    func fail(_ error: HTTPFetchError) {
        end(error)
    }

    private func end(_ error: HTTPFetchError?) {
        guard !ended else { return }
        ended = true
        let delegate = self.delegate
        self.delegate = nil
        // Promises must not leak: a paused read and an open body end now.
        pausedRead?.fail(error ?? HTTPFetchError("ended"))
        pausedRead = nil
        bodyEnd?.fail(error ?? HTTPFetchError("ended"))
        bodyEnd = nil
        if let error { delegate?.httpFetch(self, didFail: error) } else { delegate?.httpFetchDidFinish(self) }
    }

    // MARK: HTTPClientResponseDelegate

    public func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        guard !ended else { return eventLoop.makeSucceededVoidFuture() }
        let headers = head.headers.map { (name: $0.name, value: $0.value) }
        let version = "HTTP/\(head.version.major).\(head.version.minor)"
        delegate?.httpFetch(self, didReceiveHead: HTTPFetchResponseHead(status: Int(head.status.code), statusText: head.status.reasonPhrase, headers: headers, version: version))
        return eventLoop.makeSucceededVoidFuture()
    }

    public func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard !ended, let delegate else { return eventLoop.makeSucceededVoidFuture() }
        let more = buffer.withUnsafeReadableBytes { delegate.httpFetch(self, didReceive: $0) }
        if more || ended { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        pausedRead = promise
        return promise.futureResult
    }

    public func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        end(HTTPFetchError(Self.describe(error, target: target)))
    }

    public func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        end(nil)
    }

    /// A message that names what failed, for the script's TypeError.
    static func describe(_ error: any Error, target: String) -> String {
        if let error = error as? HTTPFetchError { return error.message }
        if let error = error as? HTTPClientError {
            switch error {
            case .remoteConnectionClosed: return "the server closed the connection before the response ended (\(target))"
            case .connectTimeout: return "connecting timed out (\(target))"
            case .readTimeout: return "the server sent nothing for too long (\(target))"
            case .cancelled: return "the fetch was aborted"
            default: return "\(error) (\(target))"
            }
        }
        if let error = error as? NIOSSLError {
            if case .handshakeFailed = error {
                return "the TLS handshake with \(target) failed: \(error) (trust its CA with --ca-file <pem> or SSL_CERT_FILE, or use --insecure for a test server)"
            }
            return "TLS error (\(target)): \(error)"
        }
        if let error = error as? HTTPParserError {
            return "the server's response is malformed: \(error) (\(target))"
        }
        return "\(error) (\(target))"
    }
}
