// SPDX-License-Identifier: MIT
import Dispatch
import NIOCore
import NIOPosix
import WSJS
import WSJSTransport
#if canImport(Glibc)
import Glibc
#endif

/// A parsed `wsjs` run: what to run, with which options. Kept apart from the ArgumentParser
/// command so the plain `wsjs script.js args…` form can skip the parser (start-up time).
struct RunRequest {
    enum Main {
        case file(String)
        case code(String)
        case standardInput
    }

    var main: Main = .code("")
    var arguments: [String] = []
    var timeout: Double?
    var location: String?
    var preloads: [String] = []
    /// `--serve-echo <port>`: the echo server listens on 127.0.0.1 at this port for the run.
    var serveEchoPort: Int?
    /// `--map <from>=<to>`: URL prefixes a WebSocket's address is rewritten with (first match).
    var mappings: [(from: String, to: String)] = []
    /// `--trace` / `--trace-file`.
    var trace: FrameTraceOutput?
    /// `--ca-file` (added to SSL_CERT_FILE's) and `--insecure`.
    var caFiles: [String] = []
    var insecure = false
    /// `--max-message-size`, `--max-buffered-amount`.
    var maxMessageSize: Int?
    var maxBufferedAmount: Int?
    /// `--busy-poll <µs>`: how long the loop polls for socket I/O before sleeping (0: never).
    var busyPollMicroseconds: Int?
    /// `wsjs test`'s hidden `--test-worker <json>`: run the file as a test worker.
    var testWorker: String?
    /// `--module`: run the main script as an ES module whatever its name and syntax.
    var forceModule = false
    /// `--import-map <file>`.
    var importMapPath: String?

    /// `wsjs script.js args…` with no option before the script: the common case, parsed here.
    static func fastPath(_ argv: [String]) -> RunRequest? {
        guard argv.count >= 2, let first = argv.dropFirst().first, !first.hasPrefix("-"),
              !subcommands.contains(first) else { return nil }
        var request = RunRequest()
        request.main = .file(first)
        request.arguments = Array(argv.dropFirst(2))
        return request
    }

    /// Words that name a subcommand rather than a script.
    static let subcommands = ["help", "serve", "check", "test"]

    /// Runs the script on the calling thread's event loop and exits the process with its status.
    func execute() -> Never {
        let (source, sourceURL) = loadMain()
        let preloaded = preloads.map { (source: readScript($0), sourceURL: $0) }
        var options = RuntimeOptions(arguments: arguments, location: location)
        options.trace = trace
        options.webSocket.tls.additionalCAFiles += caFiles
        if let maxMessageSize { options.webSocket.maxMessageSize = maxMessageSize }
        if let maxBufferedAmount { options.webSocket.maxBufferedAmount = maxBufferedAmount }
        if insecure {
            options.webSocket.tls.insecure = true
            writeLine("wsjs: warning: --insecure: wss: certificates are not verified", fileDescriptor: 2)
        }
        if let busyPollMicroseconds { options.busyPollBudget = .microseconds(busyPollMicroseconds) }
        options.testWorker = testWorker
        if let timeout { options.timeout = .milliseconds(Int64(timeout * 1000)) }
        if let timeout { armHardTimeout(after: timeout) }
        if let importMapPath { options.importMap = (readScript(importMapPath), importMapPath) }
        let request = self
        // The loop's epoll instance is the one made from here on: with --timeout, Dispatch
        // (armHardTimeout) has made one of its own already. Without, the process has no other,
        // and the /proc scan waits until a socket first wants busy polling.
        let epollBefore = timeout == nil ? [] : EventLoopSelectorDiscovery.epollDescriptors()
        MultiThreadedEventLoopGroup.withCurrentThreadAsEventLoop { loop in
            // The in-process echo servers listen before the script's first line runs; they do
            // not keep the run alive, and go away with the process.
            request.startEchoServers(on: loop) { builtinEchoURL in
                options.urlMappings = request.mappings.map { mapping in
                    (mapping.from, mapping.to == Self.builtinEcho ? builtinEchoURL ?? mapping.to : mapping.to)
                }
                let runtime: Runtime
                do {
                    runtime = try Runtime(eventLoop: loop, options: options)
                } catch let error as FrameTraceWriterError {
                    fail(error.message, status: ExitStatus.usage)
                } catch {
                    fail("wsjs: the runtime did not start: \(error)", status: ExitStatus.uncaughtError)
                }
                runtime.enableBusyPolling { EventLoopSelectorDiscovery.newDescriptor(since: epollBefore) }
                if request.runsAsModule(source: source, sourceURL: sourceURL, runtime: runtime) {
                    if case .file(let path) = request.main {
                        runtime.runMainModule(url: path, preloads: preloaded)
                    } else {
                        runtime.runMainModule(source: source, url: sourceURL, preloads: preloaded)
                    }
                } else {
                    runtime.runMainScripts(preloaded + [(source, sourceURL)])
                }
                runtime.exitFuture.whenComplete { result in
                    // Nothing is buffered (output goes out with write(2)), so skip the teardown.
                    _exit((try? result.get()) ?? ExitStatus.uncaughtError)
                }
            }
        }
        fatalError("wsjs: the event loop stopped before the run ended")
    }

    /// Module detection (as Node's): `--module`, a `.mjs` file, or a script (not `.cjs`) that
    /// parses only as a module.
    func runsAsModule(source: String, sourceURL: String, runtime: Runtime) -> Bool {
        if forceModule { return true }
        if case .file(let path) = main {
            if path.hasSuffix(".mjs") { return true }
            if path.hasSuffix(".cjs") { return false }
        }
        return runtime.needsModule(source, sourceURL: sourceURL)
    }

    /// The `--map` target that means "the in-process echo server on a free loopback port".
    static let builtinEcho = "builtin:echo"

    /// Starts `--serve-echo`'s server and, when a mapping targets `builtin:echo`, one on a free
    /// port; then calls `body` with the latter's URL (nil if none).
    private func startEchoServers(on loop: any EventLoop, then body: @escaping (String?) -> Void) {
        let needsBuiltin = mappings.contains { $0.to == Self.builtinEcho }
        guard needsBuiltin || serveEchoPort != nil else { return body(nil) }
        let fixed: EventLoopFuture<WebSocketServer?> = serveEchoPort.map { port in
            WebSocketServer.start(host: "127.0.0.1", port: port, configuration: .builtinEcho, on: loop).map { Optional($0) }.flatMapErrorThrowing { error in
                fail("wsjs: --serve-echo could not listen on 127.0.0.1:\(port): \(error)", status: ExitStatus.usage)
            }
        } ?? loop.makeSucceededFuture(nil)
        let builtin: EventLoopFuture<WebSocketServer?> = needsBuiltin
            ? WebSocketServer.start(host: "127.0.0.1", port: 0, configuration: .builtinEcho, on: loop).map { Optional($0) }
            : loop.makeSucceededFuture(nil)
        fixed.and(builtin).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let (_, builtinServer)): body(builtinServer?.url)
            case .failure(let error): fail("wsjs: the built-in echo server did not start: \(error)", status: ExitStatus.usage)
            }
        }
    }

    /// The runtime stops a script at --timeout, even inside an endless JS loop; this is the
    /// backstop for a loop thread stuck outside JS (a native call that does not return): one
    /// second later, another thread ends the process with the same message and status.
    private func armHardTimeout(after seconds: Double) {
        let deadline = DispatchTime.now() + .milliseconds(Int(seconds * 1000) + 1000)
        DispatchQueue.global().asyncAfter(deadline: deadline) {
            let message = "wsjs: the script was stopped after the --timeout of \(Int(seconds)) s\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(ExitStatus.timedOut)
        }
    }

    private func loadMain() -> (String, String) {
        switch main {
        case .code(let code): return (code, "[eval]")
        case .standardInput: return (String(decoding: readAll(0) ?? [], as: UTF8.self), "[stdin]")
        case .file(let path): return (readScript(path), path)
        }
    }
}

/// Reads a script file as UTF-8 (a BOM is dropped); exits with status 2 when it cannot be read.
func readScript(_ path: String) -> String {
    guard let bytes = readFile(path) else {
        fail("wsjs: cannot read '\(path)': \(String(cString: strerror(errno)))", status: ExitStatus.usage)
    }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    return String(decoding: body, as: UTF8.self)
}

func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return nil }
    guard (status.st_mode & S_IFMT) != S_IFDIR else {
        errno = EISDIR
        return nil
    }
    return readAll(fd)
}

func readAll(_ fd: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if count == 0 { return bytes }
        bytes.append(contentsOf: chunk[0..<count])
    }
}

/// Writes a line to standard output at once (no stdio buffer).
func writeLine(_ text: String, fileDescriptor: Int32 = 1) {
    let line = text + "\n"
    _ = line.withCString { write(fileDescriptor, $0, strlen($0)) }
}

/// Prints a message to stderr and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(status)
}
