// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine
import WSJSHTTP

/// The host operations of js/fetch/http-fetch.js (listed with the others in HostOps): start a
/// request, resume reading its response, write, finish or abort its streamed body.
extension HostOps {
    static func defineHTTPOps(_ define: (String, @escaping HostFunctionBody) -> Void, bridge: HTTPBridge) {
        func argument(_ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int, _ engine: ScriptEngine) -> JSValueRef {
            index < arguments.count ? arguments[index]! : engine.undefined
        }
        func link(_ engine: ScriptEngine, _ value: JSValueRef) -> FetchLink? {
            bridge.links[Int(engine.number(value))]
        }

        // httpSetCallbacks(head, data, end, fail, written): the prelude's entry points, kept
        // alive.
        define("httpSetCallbacks") { [unowned bridge] engine, args in
            var functions: [JSObjectRef] = []
            for index in 0..<5 {
                guard let function = engine.object(argument(args, index, engine)) else {
                    throw HostError.typeError("httpSetCallbacks needs five functions")
                }
                engine.protect(function)
                functions.append(function)
            }
            bridge.entryPoints = (functions[0], functions[1], functions[2], functions[3], functions[4])
            return nil
        }

        // httpStart(method, url, headers, body, streamLength) → id, where headers alternate
        // names and values joined by "\n" (validated header values hold no newline), body is a
        // Uint8Array or null, and streamLength is -1 for no streamed body, -2 for a streamed
        // body of unknown length (chunked), or the streamed body's length.
        define("httpStart") { [unowned bridge] engine, args in
            let method = engine.string(argument(args, 0, engine))
            let url = engine.string(argument(args, 1, engine))
            let headerText = engine.string(argument(args, 2, engine))
            var headers: [(name: String, value: String)] = []
            if !headerText.isEmpty {
                let parts = headerText.split(separator: "\n", omittingEmptySubsequences: false)
                for index in stride(from: 0, to: parts.count - 1, by: 2) {
                    headers.append((String(parts[index]), String(parts[index + 1])))
                }
            }
            let streamLength = Int(engine.number(argument(args, 4, engine)))
            let body: HTTPFetchRequest.Body
            if streamLength >= 0 {
                body = .stream(length: streamLength)
            } else if streamLength == -2 {
                body = .stream(length: nil)
            } else if let bytes = engine.withBufferSourceBytes(argument(args, 3, engine), { [UInt8]($0) }) {
                body = .bytes(bytes)
            } else {
                body = .none
            }
            let id = bridge.start(HTTPFetchRequest(method: method, url: url, headers: headers, body: body))
            return engine.makeNumber(Double(id))
        }

        // httpResume(id): the response body stream wants more bytes.
        define("httpResume") { engine, args in
            link(engine, argument(args, 0, engine))?.resume()
            return nil
        }

        // httpWrite(id, bytes): one chunk of a streamed request body (copied).
        define("httpWrite") { engine, args in
            guard let task = link(engine, argument(args, 0, engine))?.task else { return nil }
            engine.withBufferSourceBytes(argument(args, 1, engine)) { task.write($0) }
            return nil
        }

        // httpFinishBody(id): the streamed request body is complete.
        define("httpFinishBody") { engine, args in
            link(engine, argument(args, 0, engine))?.task?.finishBody()
            return nil
        }

        // httpAbort(id): stop the request and close its connection.
        define("httpAbort") { engine, args in
            link(engine, argument(args, 0, engine))?.task?.cancel()
            return nil
        }
    }
}
