// SPDX-License-Identifier: MIT
// The transport alone (Swift client, no JavaScript) on the workloads of ../shared/bench, printing
// the same JSON line as the JS workload files, so run-bench can put it beside Deno, Node and the
// C ceiling:  run-bench --runtime transport='.build/release/wsjs-transport-bench {workload} {url}'
import NIOCore
import NIOPosix
import WSJSTransport
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, let endpoint = WebSocketEndpoint(url: arguments[2]) else {
    print("usage: wsjs-transport-bench <rtt|small|bulk|bulk-view> <ws://host:port/>")
    exit(2)
}
let workload = arguments[1]

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}

/// Drives one workload from the connection's events.
final class Workload: WebSocketConnectionDelegate {
    let name: String
    var sent = 0
    var received = 0
    var bad = 0
    var start = 0.0
    var result = ""

    // rtt / small: text; bulk: 8 reusable 1 MiB buffers with a sequence number.
    let rttMessage = Array("0123456789abcdef".utf8)
    let smallMessage = Array("abcdefghijklmnopqrstuvwxyz012345".utf8)
    var bulkBuffers: [[UInt8]] = (0..<8).map { [UInt8](repeating: UInt8(97 + $0), count: 1 << 20) }

    init(name: String) {
        self.name = name
    }

    func webSocketDidOpen(_ connection: WebSocketConnection, subprotocol: String, extensions: String) {
        start = now()
        switch name {
        case "rtt": rttMessage.withUnsafeBytes { connection.send(text: $0) }
        case "small": topUpSmall(connection)
        default: topUpBulk(connection)
        }
    }

    func topUpSmall(_ connection: WebSocketConnection) {
        while sent < 200_000, sent - received < 1000 {
            smallMessage.withUnsafeBytes { connection.send(text: $0) }
            sent += 1
        }
    }

    func topUpBulk(_ connection: WebSocketConnection) {
        while sent < 256, sent - received < 8 {
            let index = sent % 8
            withUnsafeBytes(of: UInt32(sent).littleEndian) { bulkBuffers[index].replaceSubrange(0..<4, with: $0) }
            bulkBuffers[index].withUnsafeBytes { connection.send(binary: $0) }
            sent += 1
        }
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        switch (name, message) {
        case ("rtt", .text(let buffer)):
            if buffer.readableBytesView.elementsEqual(rttMessage) == false { bad += 1 }
            received += 1
            if received < 20_000 {
                rttMessage.withUnsafeBytes { connection.send(text: $0) }
            } else {
                let ms = now() - start
                finish(connection, "{\"workload\":\"rtt\",\"n\":20000,\"ms\":\(ms),\"us_per_rtt\":\(ms * 1000 / 20_000),\"bad\":\(bad)}")
            }
        case ("small", .text(let buffer)):
            if buffer.readableBytes != 32 { bad += 1 }
            received += 1
            if received == 200_000 {
                let ms = now() - start
                finish(connection, "{\"workload\":\"small\",\"n\":200000,\"ms\":\(ms),\"msgs_per_s\":\(200_000 / (ms / 1000)),\"bad\":\(bad)}")
            } else if sent - received <= 500 {
                topUpSmall(connection)
            }
        case (_, .binary(let buffer)):
            let sequence = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self)
            if buffer.readableBytes != 1 << 20 || sequence != UInt32(received) { bad += 1 }
            received += 1
            if received == 256 {
                let ms = now() - start
                finish(connection, "{\"workload\":\"\(name)\",\"n\":256,\"ms\":\(ms),\"mb_per_s\":\(Double(256 << 20) / 1e6 / (ms / 1000)),\"bad\":\(bad)}")
            } else {
                topUpBulk(connection)
            }
        default:
            bad += 1
        }
    }

    func finish(_ connection: WebSocketConnection, _ json: String) {
        result = json
        connection.close(code: 1000)
    }

    func webSocket(_ connection: WebSocketConnection, didWrite bytes: Int) {}

    func webSocket(_ connection: WebSocketConnection, didFail error: WebSocketTransportError) {
        result = "{\"error\":\"\(error.message)\"}"
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String, wasClean: Bool) {
        print(result.isEmpty ? "{\"error\":\"closed early\"}" : result)
        exit(result.contains("\"error\"") ? 1 : 0)
    }
}

MultiThreadedEventLoopGroup.withCurrentThreadAsEventLoop { loop in
    let delegate = Workload(name: workload)
    _ = WebSocketConnection.connect(to: endpoint, on: loop, delegate: delegate)
}
