// SPDX-License-Identifier: MIT
import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import NIOSSL
public import WSJSTransport

/// fetch()'s HTTP client: async-http-client (connection pooling, HTTP/1.1, HTTP/2 over TLS with
/// ALPN, proxies) on the runtime's own event loop, so every event reaches JS with no thread hop.
///
/// The client only moves bytes: its redirect following and its decompression are off, because
/// the Fetch Standard's algorithms in the prelude decide redirects (modes, method rewrites, the
/// 20-redirect limit) and decode Content-Encoding as streams. Call ``shutdown()`` before the
/// loop stops.
public final class HTTPFetchClient {
    let eventLoop: any EventLoop
    let tls: TLSOptions
    let proxies: HTTPProxySettings
    /// One async-http-client per proxy in use ("" for direct connections), made on first use.
    private var clients: [String: HTTPClient] = [:]

    /// - Parameters:
    ///   - eventLoop: the loop the client's connections and all delegate calls use.
    ///   - tls: trust for https: (`--ca-file`, `--insecure`), as for wss:.
    ///   - proxies: the proxies to use (by default from `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`).
    public init(eventLoop: any EventLoop, tls: TLSOptions, proxies: HTTPProxySettings = .fromEnvironment()) {
        self.eventLoop = eventLoop
        self.tls = tls
        self.proxies = proxies
    }

    private func client(for url: HTTPProxySettings.Target) -> HTTPClient {
        let proxy = proxies.proxy(for: url)
        let key = proxy.map { "\($0.host):\($0.port)" } ?? ""
        if let client = clients[key] { return client }
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        tlsConfiguration.additionalTrustRoots = tls.additionalCAFiles.map { .file($0) }
        if tls.insecure { tlsConfiguration.certificateVerification = .none }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            proxy: proxy.map { .server(host: $0.host, port: $0.port) },
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        // A refused connection or a rejected certificate is the script's answer at once (a
        // TypeError), not after retrying for the whole connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .shared(eventLoop), configuration: configuration)
        clients[key] = client
        return client
    }

    /// Starts `request`; events go to `delegate` on the event loop.
    public func start(_ request: HTTPFetchRequest, delegate: any HTTPFetchDelegate) -> HTTPFetchTask {
        eventLoop.preconditionInEventLoop()
        let task = HTTPFetchTask(eventLoop: eventLoop, delegate: delegate, target: "\(request.method) \(request.url)")
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let body: HTTPClient.Body?
        switch request.body {
        case .none: body = nil
        case .bytes(let bytes): body = .bytes(bytes)
        case .stream(let length):
            body = .stream(contentLength: length.map(Int64.init)) { [task] writer in
                task.eventLoop.flatSubmit { task.streamBody(writer) }
            }
        }
        let clientRequest: HTTPClient.Request
        do {
            clientRequest = try HTTPClient.Request(url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers, body: body)
        } catch {
            // Reported after start returns, as every other failure is.
            let message = "the request cannot be made: \(error) (\(task.target))"
            eventLoop.execute { task.fail(HTTPFetchError(message)) }
            return task
        }
        let target = HTTPProxySettings.Target(secure: request.url.hasPrefix("https:"), host: clientRequest.host)
        task.task = client(for: target).execute(request: clientRequest, delegate: task, eventLoop: .delegateAndChannel(on: eventLoop))
        return task
    }

    /// Closes every pooled connection; the clients end once that is done.
    public func shutdown() {
        let all = clients
        clients = [:]
        for (_, client) in all {
            // The callback keeps the client alive until it has shut down.
            client.shutdown { _ in withExtendedLifetime(client) {} }
        }
    }
}
