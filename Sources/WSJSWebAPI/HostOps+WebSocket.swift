// SPDX-License-Identifier: MIT
import CJavaScriptCore
import CWSJSIDNA
import WSJSEngine
import WSJSTransport

/// The host operations of websocket.js and url-host.js (listed with the others in HostOps).
extension HostOps {
    static func defineWebSocketOps(_ define: (String, @escaping HostFunctionBody) -> Void, bridge: WebSocketBridge) {
        func argument(_ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int) -> JSValueRef? {
            index < arguments.count ? arguments[index] : nil
        }

        // wsSetCallbacks(open, message, written, closing, close): the prelude's entry points,
        // kept alive.
        define("wsSetCallbacks") { [unowned bridge] engine, args in
            var functions: [JSObjectRef] = []
            for index in 0..<5 {
                guard let value = argument(args, index), let function = engine.object(value) else {
                    throw HostError.typeError("wsSetCallbacks needs five functions")
                }
                engine.protect(function)
                functions.append(function)
            }
            bridge.entryPoints = (functions[0], functions[1], functions[2], functions[3], functions[4])
            return nil
        }

        // wsConnect(socket, url, host, port, resource, secure, protocols, headers, shownURL,
        // isStream) → id, where protocols is the offered subprotocols joined by "," (tokens hold
        // no comma), headers alternate names and values joined by "\n" (validated ByteStrings
        // hold no newline), shownURL is the URL without its password, for traces, and isStream
        // is true for a WebSocketStream (its events go to the wssSetCallbacks entry points).
        define("wsConnect") { [unowned bridge] engine, args in
            guard let socketValue = argument(args, 0), let socket = engine.object(socketValue) else {
                throw HostError.typeError("wsConnect needs the WebSocket object")
            }
            func text(_ index: Int) -> String { argument(args, index).map { engine.string($0) } ?? "" }
            let endpoint = WebSocketEndpoint(
                host: text(2),
                port: Int(argument(args, 3).map { engine.number($0) } ?? 0),
                resource: text(4),
                secure: argument(args, 5).map { engine.boolean($0) } ?? false
            )
            let protocols = text(6)
            let subprotocols = protocols.isEmpty ? [] : protocols.split(separator: ",").map(String.init)
            let headerParts = text(7).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var headers: [(name: String, value: String)] = []
            if headerParts.count >= 2 {
                for index in stride(from: 0, to: headerParts.count - 1, by: 2) {
                    headers.append((headerParts[index], headerParts[index + 1]))
                }
            }
            let url = text(1)
            let shownURL = argument(args, 8).map { engine.string($0) } ?? url
            let isStream = argument(args, 9).map { engine.boolean($0) } ?? false
            let id = bridge.connect(socket: socket, url: url, shownURL: shownURL, endpoint: endpoint, subprotocols: subprotocols, headers: headers, isStream: isStream)
            return engine.makeNumber(Double(id))
        }

        // wsSendTexts(list, count): text frames queued by send() (websocket.js), the first
        // `count` entries of `list` alternating socket id and string (a USVString already). A
        // socket that has gone since is skipped (its data is dropped, as for a closed socket).
        define("wsSendTexts") { [unowned bridge] engine, args in
            guard let list = argument(args, 0).flatMap({ engine.object($0) }) else { return nil }
            let count = Int(argument(args, 1).map { engine.number($0) } ?? 0)
            var index = 0
            while index + 1 < count {
                let id = Int(engine.number(engine.element(list, index)))
                if let connection = bridge.links[id]?.connection {
                    engine.withUTF8(of: engine.element(list, index + 1)) { connection.send(text: $0) }
                }
                index += 2
            }
            bridge.host.socketActivity()
            return nil
        }

        // wsSendBinary(id, data) → byte count: an ArrayBuffer whole, a view's window only; -1
        // when data is not a BufferSource (websocket.js then tries Blob and string).
        define("wsSendBinary") { [unowned bridge] engine, args in
            guard let data = argument(args, 1) else { return engine.makeNumber(-1) }
            let connection = argument(args, 0).flatMap { bridge.links[Int(engine.number($0))]?.connection }
            let count = engine.withBufferSourceBytes(data) { bytes in
                connection?.send(binary: bytes)
                return bytes.count
            } ?? -1
            bridge.host.socketActivity()
            return engine.makeNumber(Double(count))
        }

        // wsClose(id, code, reason): code < 0 for none. Connecting sockets are abandoned.
        define("wsClose") { [unowned bridge] engine, args in
            guard let idValue = argument(args, 0), let connection = bridge.links[Int(engine.number(idValue))]?.connection else { return nil }
            let code = argument(args, 1).map { engine.number($0) } ?? -1
            let reason = argument(args, 2).map { engine.string($0) } ?? ""
            connection.close(code: code >= 0 ? UInt16(code) : nil, reason: reason)
            return nil
        }

        // wsAbandon(id): closes the TCP connection at once (a socket flagged as full).
        define("wsAbandon") { [unowned bridge] engine, args in
            if let idValue = argument(args, 0) { bridge.links[Int(engine.number(idValue))]?.connection?.abandon() }
            return nil
        }

        // utf8Length(string): what a string adds to bufferedAmount when it cannot be sent.
        define("utf8Length") { engine, args in
            engine.makeNumber(Double(argument(args, 0).map { engine.utf8Length(of: $0) } ?? 0))
        }

        // domainToASCII(domain) → ASCII domain or null (UTS #46 through ICU, url-host.js).
        define("domainToASCII") { engine, args in
            guard let value = argument(args, 0) else { return engine.null }
            return engine.withUTF8(of: value) { input -> JSValueRef in
                guard input.count < 1 << 16 else { return engine.null }
                let capacity = input.count * 4 + 64
                return withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { output -> JSValueRef in
                    let written = wsjs_domain_to_ascii(
                        input.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(input.count),
                        output.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(capacity))
                    guard written >= 0 else { return engine.null }
                    return engine.makeString(utf8: UnsafeRawBufferPointer(rebasing: output[..<Int(written)]))
                }
            }
        }
    }
}
