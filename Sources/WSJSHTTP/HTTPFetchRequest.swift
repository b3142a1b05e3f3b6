// SPDX-License-Identifier: MIT

/// One HTTP request of fetch()'s "HTTP-network fetch": what goes on the wire, decided by the
/// Fetch algorithms in the prelude (method, headers, redirects are theirs, not the client's).
public struct HTTPFetchRequest: Sendable {
    /// How the request body is sent.
    public enum Body: Sendable {
        /// No body.
        case none
        /// The whole body at once, with a Content-Length.
        case bytes([UInt8])
        /// A body written chunk by chunk (``HTTPFetchTask/write(_:)``), with a Content-Length
        /// when `length` is known, chunked otherwise.
        case stream(length: Int?)
    }

    public var method: String
    /// An absolute http: or https: URL.
    public var url: String
    /// Name/value pairs in order, repeated names allowed.
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(method: String, url: String, headers: [(name: String, value: String)], body: Body) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The status line and headers of a response.
public struct HTTPFetchResponseHead: Sendable {
    public var status: Int
    public var statusText: String
    public var headers: [(name: String, value: String)]
    /// "HTTP/1.1", "HTTP/2.0"
    public var version: String
}

/// Why an HTTP fetch failed: a network error for the Fetch algorithms, with a message that says
/// what happened.
public struct HTTPFetchError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The task was cancelled by the script (abort, or the body stream cancelled).
    public let isCancellation: Bool
    public var description: String { message }

    init(_ message: String, isCancellation: Bool = false) {
        self.message = message
        self.isCancellation = isCancellation
    }
}

/// Receives one fetch's events, always on the client's event loop.
public protocol HTTPFetchDelegate: AnyObject {
    /// The response's status line and headers arrived.
    func httpFetch(_ task: HTTPFetchTask, didReceiveHead head: HTTPFetchResponseHead)
    /// Body bytes arrived. Return false to stop reading from the connection until
    /// ``HTTPFetchTask/resume()`` (backpressure).
    func httpFetch(_ task: HTTPFetchTask, didReceive bytes: UnsafeRawBufferPointer) -> Bool
    /// The whole body arrived.
    func httpFetchDidFinish(_ task: HTTPFetchTask)
    /// The request failed (before or after the head); nothing follows.
    func httpFetch(_ task: HTTPFetchTask, didFail error: HTTPFetchError)
    /// A chunk given to ``HTTPFetchTask/write(_:)`` was written; the next may follow.
    func httpFetchDidWrite(_ task: HTTPFetchTask)
}
