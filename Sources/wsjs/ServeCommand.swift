// SPDX-License-Identifier: MIT
import ArgumentParser
import Dispatch
import NIOCore
import NIOPosix
import WSJSTransport
#if canImport(Glibc)
import Glibc
#endif

/// `wsjs serve`: the loopback WebSocket echo server as a tool, for trying scripts and examples.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsjs serve",
        abstract: "Run a WebSocket echo server (loopback by default) until Ctrl-C.",
        discussion: "Echoes every message with its opcode, answers pings, echoes Close. Prints its URL on start."
    )

    @Option(help: "The address to listen on (loopback unless told otherwise).")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("protocol"), help: ArgumentHelp("A subprotocol to accept (repeatable; the first the client offers that is listed wins).", valueName: "name"))
    var protocols: [String] = []

    @Flag(help: "Do not accept permessage-deflate.")
    var noDeflate = false

    @Flag(help: "Serve wss: with a freshly generated self-signed certificate (for localhost, 127.0.0.1 and ::1); prints the certificate's path, which clients trust with --ca-file or SSL_CERT_FILE.")
    var tls = false

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = WebSocketServer.Configuration(subprotocols: protocols)
        configuration.permessageDeflate = !noDeflate
        var certificatePath: String?
        if tls {
            let files = generateSelfSignedCertificate()
            configuration.tls = (files.certificate, files.key)
            certificatePath = files.certificate
        }
        let server: WebSocketServer
        do {
            server = try WebSocketServer.start(host: host, port: port, configuration: configuration, on: group).wait()
        } catch {
            fail("wsjs serve: cannot listen on \(host):\(port): \(error)", status: 1)
        }
        // Written unbuffered: whoever waits for the URL on a pipe sees it at once.
        writeLine("wsjs serve: listening on \(server.url)")
        if let certificatePath {
            writeLine("wsjs serve: certificate \(certificatePath) (trust it: wsjs --ca-file \(certificatePath) …, or SSL_CERT_FILE=\(certificatePath))")
        }
        // Ctrl-C (SIGINT) or SIGTERM: stop listening, close connections, exit 0.
        let stopped = group.next().makePromise(of: Void.self)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopped.succeed(()) }
            source.resume()
            signalSources.append(source)
        }
        try stopped.futureResult.wait()
        try? server.stop().wait()
        try? group.syncShutdownGracefully()
        writeLine("wsjs serve: stopped")
    }
}

/// Makes a self-signed certificate and key (P-256, 30 days, names localhost, 127.0.0.1 and ::1)
/// in a new private temporary folder with the openssl command; exits with a message without it.
func generateSelfSignedCertificate() -> (certificate: String, key: String) {
    var template = Array("/tmp/wsjs-serve-XXXXXX".utf8CString)
    guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
        fail("wsjs serve: cannot create a folder for the certificate: \(String(cString: strerror(errno)))", status: 1)
    }
    let certificate = directory + "/certificate.pem"
    let key = directory + "/key.pem"
    let arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", key, "-out", certificate, "-days", "30", "-subj", "/CN=wsjs serve",
                     "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"]
    var pid = pid_t()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var status: Int32 = 0
    guard posix_spawnp(&pid, "openssl", &actions, nil, &argv, environ) == 0, waitpid(pid, &status, 0) == pid, status == 0 else {
        fail("wsjs serve: --tls needs the openssl command to make a certificate (apt-get install openssl)", status: 1)
    }
    return (certificate, key)
}

/// Keeps the signal sources alive for the process's life.
nonisolated(unsafe) var signalSources: [any DispatchSourceSignal] = []
