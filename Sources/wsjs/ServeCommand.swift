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

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = WebSocketServer.Configuration(subprotocols: protocols)
        configuration.permessageDeflate = !noDeflate
        let server: WebSocketServer
        do {
            server = try WebSocketServer.start(host: host, port: port, configuration: configuration, on: group).wait()
        } catch {
            fail("wsjs serve: cannot listen on \(host):\(port): \(error)", status: 1)
        }
        // Written unbuffered: whoever waits for the URL on a pipe sees it at once.
        writeLine("wsjs serve: listening on \(server.url)")
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

/// Keeps the signal sources alive for the process's life.
nonisolated(unsafe) var signalSources: [any DispatchSourceSignal] = []
