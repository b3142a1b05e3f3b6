// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine
import WSJSTransport

/// The private object of native operations the prelude receives as `host`: the whole JS ↔ Swift
/// surface of the Web API layer, in one place (STYLE.md §2). Operations take and return
/// primitives and buffers; everything a script can observe is shaped in JS.
enum HostOps {
    static func makeHostObject(engine: ScriptEngine, host: any HostEnvironment, bridge: WebSocketBridge, http: HTTPBridge) -> JSObjectRef {
        let object = engine.makeObject()
        func define(_ name: String, _ body: @escaping HostFunctionBody) {
            engine.setProperty(object, name, engine.makeHostFunction(body), attributes: JSPropertyAttributes(kJSPropertyAttributeReadOnly))
        }
        func argument(_ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int) -> JSValueRef {
            index < arguments.count ? arguments[index]! : engine.undefined
        }

        // Loading and wiring the prelude.
        define("loadModule") { engine, args in
            try Prelude.loadModule(engine.string(argument(args, 0)), into: engine)
        }
        define("setDOMExceptionConstructor") { engine, args in
            engine.domExceptionConstructor = engine.object(argument(args, 0))
            return nil
        }

        // Output and the run's life.
        define("print") { [unowned host] engine, args in
            let fd = Int32(engine.number(argument(args, 0)))
            let bytes = engine.utf8Bytes(of: argument(args, 1))
            bytes.withUnsafeBytes { host.write(fileDescriptor: fd, bytes: $0) }
            return nil
        }
        define("exit") { [unowned host] engine, args in
            host.exit(status: Int32(truncatingIfNeeded: Int(engine.number(argument(args, 0)))))
            return nil
        }

        // Clocks and timers.
        define("now") { [unowned host] engine, _ in
            engine.makeNumber(host.monotonicMilliseconds())
        }
        define("timerStart") { [unowned host] engine, args in
            host.startTimer(
                id: Int(engine.number(argument(args, 0))),
                milliseconds: engine.number(argument(args, 1)),
                keepAlive: engine.boolean(argument(args, 2))
            )
            return nil
        }
        define("timerCancel") { [unowned host] engine, args in
            host.cancelTimer(id: Int(engine.number(argument(args, 0))))
            return nil
        }

        // UTF-8 transcoding for TextEncoder and TextDecoder.
        define("encodeUTF8") { engine, args in
            let bytes = engine.utf8Bytes(of: argument(args, 0))
            return bytes.withUnsafeBytes { engine.makeUint8Array(copying: $0) }
        }
        define("encodeUTF8Into") { engine, args in
            try engine.encodeUTF8(argument(args, 0), into: argument(args, 1))
        }
        define("decodeUTF8") { engine, args in
            let fatal = engine.boolean(argument(args, 1))
            return engine.withBufferSourceBytes(argument(args, 0)) { bytes -> JSValueRef in
                if fatal, !UTF8Transcoding.isValidUTF8(bytes) { return engine.null }
                return engine.makeString(utf8: bytes)
            } ?? engine.makeString("")
        }
        define("incompleteUTF8SuffixLength") { engine, args in
            let count = engine.withBufferSourceBytes(argument(args, 0)) { UTF8Transcoding.incompleteSuffixLength($0) } ?? 0
            return engine.makeNumber(Double(count))
        }

        // WebSockets and URL hosts (HostOps+WebSocket.swift).
        defineWebSocketOps(define, bridge: bridge)

        // WebSocketStream (HostOps+WebSocketStream.swift).
        defineWebSocketStreamOps(define, bridge: bridge)

        // Blob URLs (HostOps+Files.swift).
        defineFileOps(define)

        // zlib for CompressionStream and DecompressionStream (HostOps+Compression.swift).
        defineCompressionOps(define)

        // ES modules (HostOps+Modules.swift).
        defineModuleOps(define, host: host)

        // fetch()'s HTTP requests (HostOps+HTTP.swift).
        defineHTTPOps(define, bridge: http)

        // Plain values.
        engine.setProperty(object, "timeOrigin", engine.makeNumber(host.timeOrigin))
        engine.setProperty(object, "version", engine.makeString(host.version))
        if let location = host.location { engine.setProperty(object, "location", engine.makeString(location)) }
        engine.setProperty(object, "maxBufferedAmount", engine.makeNumber(Double(host.webSocketConfiguration.maxBufferedAmount)))
        engine.setProperty(object, "args", engine.makeArray(host.scriptArguments.map { engine.makeString($0) }))
        if let testWorker = host.testWorker { engine.setProperty(object, "testWorker", engine.makeString(testWorker)) }
        return object
    }
}
