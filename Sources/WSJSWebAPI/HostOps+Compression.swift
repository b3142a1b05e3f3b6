// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine

/// The host operations of compression-streams.js (listed with the others in HostOps): zlib
/// streams kept in a table by id, which the prelude closes when its stream ends, errors or is
/// cancelled.
extension HostOps {
    static func defineCompressionOps(_ define: (String, @escaping HostFunctionBody) -> Void) {
        final class Table {
            var streams: [Int: any CodingStream] = [:]
            var nextId = 1
        }
        let table = Table()
        func argument(_ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int, _ engine: ScriptEngine) -> JSValueRef {
            index < arguments.count ? arguments[index]! : engine.undefined
        }
        func stream(_ engine: ScriptEngine, _ value: JSValueRef) throws -> any CodingStream {
            guard let stream = table.streams[Int(engine.number(value))] else { throw HostError.typeError("The compression stream is closed.") }
            return stream
        }

        // zlibCreate(compress: boolean, format) → id
        define("zlibCreate") { engine, args in
            let mode: ZlibStream.Mode = engine.boolean(argument(args, 0, engine)) ? .compress : .decompress
            let formatName = engine.string(argument(args, 1, engine))
            let created: any CodingStream
            do {
                // "br" is fetch's Content-Encoding only (compression-streams.js offers no such
                // CompressionFormat), and decodes only.
                if formatName == "br", mode == .decompress {
                    created = try BrotliStream()
                } else {
                    guard let format = ZlibStream.Format(rawValue: formatName) else { throw HostError.typeError("Unsupported compression format.") }
                    created = try ZlibStream(mode: mode, format: format)
                }
            } catch let failure as ZlibStream.Failure {
                throw HostError.typeError(failure.message)
            }
            let id = table.nextId
            table.nextId += 1
            table.streams[id] = created
            return engine.makeNumber(Double(id))
        }
        // zlibPush(id, bytes): bytes is a Uint8Array, copied.
        define("zlibPush") { engine, args in
            let target = try stream(engine, argument(args, 0, engine))
            var failure: ZlibStream.Failure?
            engine.withBufferSourceBytes(argument(args, 1, engine)) { bytes in
                do {
                    try target.push(bytes)
                } catch let error as ZlibStream.Failure {
                    failure = error
                } catch {
                    failure = ZlibStream.Failure(message: "\(error)")
                }
            }
            if let failure { throw HostError.typeError(failure.message) }
            return nil
        }
        // zlibPull(id, limit, finish) → Uint8Array of at most limit bytes (empty: nothing now).
        define("zlibPull") { engine, args in
            let target = try stream(engine, argument(args, 0, engine))
            let limit = max(1, min(Int(engine.number(argument(args, 1, engine))), 1 << 20))
            let output: [UInt8]
            do {
                output = try target.pull(limit: limit, finish: engine.boolean(argument(args, 2, engine)))
            } catch let failure as ZlibStream.Failure {
                throw HostError.typeError(failure.message)
            }
            return output.withUnsafeBytes { engine.makeUint8Array(copying: $0) }
        }
        // zlibClose(id): frees zlib's state.
        define("zlibClose") { engine, args in
            table.streams[Int(engine.number(argument(args, 0, engine)))] = nil
            return nil
        }
    }
}
