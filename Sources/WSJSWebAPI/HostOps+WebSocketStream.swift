// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine
import WSJSTransport

/// The host operations of websocket-stream.js (listed with the others in HostOps). Connecting
/// and closing use websocket.js's `wsConnect` (with `isStream`) and `wsClose`.
extension HostOps {
    static func defineWebSocketStreamOps(_ define: (String, @escaping HostFunctionBody) -> Void, bridge: WebSocketBridge) {
        func argument(_ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int) -> JSValueRef? {
            index < arguments.count ? arguments[index] : nil
        }

        // wssSetCallbacks(open, message, written, closing, close): WebSocketStream's entry
        // points, called like websocket.js's (WebSocketBridge.swift), kept alive.
        define("wssSetCallbacks") { [unowned bridge] engine, args in
            var functions: [JSObjectRef] = []
            for index in 0..<5 {
                guard let value = argument(args, index), let function = engine.object(value) else {
                    throw HostError.typeError("wssSetCallbacks needs five functions")
                }
                engine.protect(function)
                functions.append(function)
            }
            bridge.streamEntryPoints = (functions[0], functions[1], functions[2], functions[3], functions[4])
            return nil
        }

        // wssSend(id, data) → the message's payload size once queued for the socket (a `written`
        // event reports it when it has been handed to the socket), -1 when the connection is no
        // longer open and the message was dropped (no event will come), or -2 when data is
        // neither a string (sent as text, a USVString's UTF-8) nor a BufferSource (binary).
        define("wssSend") { [unowned bridge] engine, args in
            guard let data = argument(args, 1) else { return engine.makeNumber(-2) }
            let connection = argument(args, 0).flatMap { bridge.links[Int(engine.number($0))]?.connection }
            let accepting = connection?.isAcceptingMessages == true
            let count: Int
            if JSValueIsString(engine.context, data) {
                count = engine.withUTF8(of: data) { bytes -> Int in
                    guard accepting, let connection else { return -1 }
                    connection.send(text: bytes)
                    return bytes.count
                }
            } else {
                count = engine.withBufferSourceBytes(data) { bytes -> Int in
                    guard accepting, let connection else { return -1 }
                    connection.send(binary: bytes)
                    return bytes.count
                } ?? -2
            }
            bridge.host.socketActivity()
            return engine.makeNumber(Double(count))
        }

        // wsSetReading(id, enabled): stops reading from the socket while the readable side's
        // queue is full, and resumes when it pulls (WebSocketConnection.setReading).
        define("wsSetReading") { [unowned bridge] engine, args in
            guard let idValue = argument(args, 0), let connection = bridge.links[Int(engine.number(idValue))]?.connection else { return nil }
            connection.setReading(argument(args, 1).map { engine.boolean($0) } ?? true)
            return nil
        }
    }
}
