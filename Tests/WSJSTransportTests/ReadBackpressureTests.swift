// SPDX-License-Identifier: MIT
import NIOCore
import NIOPosix
import Testing
@testable import WSJSTransport

/// ``WebSocketConnection/setReading(_:)`` against the flood server: while reading is stopped,
/// only the read burst in progress is still delivered and TCP holds the server back; resumed,
/// every message arrives in order. And write completions cover empty messages too.
@Suite struct ReadBackpressureTests {
    @Test func stoppedReadingHoldsAFastServerBackAndLosesNothing() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let size = 64 << 10
        let server = try await WebSocketServer.start(configuration: WebSocketServer.Configuration(behaviour: .flood(messageSize: size, totalBytes: 256 << 20)), on: group).get()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        final class Counts: @unchecked Sendable {
            var received = 0, receivedWhilePaused = 0, outOfOrder = 0
            var paused = false
        }
        let counts = Counts()
        delegate.onMessage = { connection, message in
            if case .binary(var buffer) = message, buffer.readInteger(endianness: .little, as: UInt32.self) != UInt32(counts.received) { counts.outOfOrder += 1 }
            counts.received += 1
            if counts.paused { counts.receivedWhilePaused += 1 }
            guard counts.received == 1 else {
                if counts.received == 2000 { connection.close(code: 1000) }
                return
            }
            // Stop after the first message; resume after a pause, once.
            counts.paused = true
            connection.setReading(false)
            let bound = NIOLoopBound(connection, eventLoop: loop)
            loop.scheduleTask(in: .milliseconds(800)) {
                counts.paused = false
                bound.value.setReading(true)
            }
        }
        try await delegate.run(to: WebSocketEndpoint(host: "127.0.0.1", port: server.port, resource: "/"), on: loop)
        try await server.stop().get()
        try await group.shutdownGracefully()
        // What was still delivered while paused is at most NIO's read burst (4 reads of at most
        // 64 KiB) plus the message it completed: far from the 256 MiB the server offers.
        #expect(counts.receivedWhilePaused <= 6, "\(counts.receivedWhilePaused) messages arrived while reading was stopped")
        #expect(counts.outOfOrder == 0)
        #expect(counts.received == 2000)
        #expect(delegate.events.last?.hasPrefix("close 1000") == true, "\(delegate.events.suffix(2))")
    }

    @Test func anEmptyMessageIsReportedWritten() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let server = try await WebSocketServer.start(on: group).get()
        let delegate = RecordingDelegate(closed: loop.makePromise())
        var reports = 0
        delegate.onWrite = { _ in reports += 1 }
        delegate.onOpen = { connection in
            #expect(connection.isAcceptingMessages)
            let empty: [UInt8] = []
            empty.withUnsafeBytes { connection.send(binary: $0) }
        }
        delegate.onMessage = { connection, _ in
            connection.close(code: 1000)
            #expect(!connection.isAcceptingMessages, "dropped once closing")
            [UInt8]().withUnsafeBytes { connection.send(binary: $0) }
        }
        try await delegate.run(to: WebSocketEndpoint(host: "127.0.0.1", port: server.port, resource: "/"), on: loop)
        try await server.stop().get()
        try await group.shutdownGracefully()
        #expect(reports == 1)
        #expect(delegate.written == 0)
    }
}
