// SPDX-License-Identifier: MIT
public import CJavaScriptCore
public import WSJSEngine
#if canImport(Glibc)
import Glibc
#endif

/// The functions the prelude hands back to the host: the entry points for the tasks that Swift
/// queues (a timer firing, an exception to report, an unhandled rejection).
public struct PreludeCallbacks {
    public let fireTimer: JSObjectRef
    public let reportException: JSObjectRef
    public let unhandledRejection: JSObjectRef
    /// The scripts' WebSocket connections.
    public let webSockets: WebSocketBridge
    /// modules.js's entry points: the loader's hooks, running a main module, the import map.
    public let moduleImportHook: JSObjectRef
    public let moduleMetaHook: JSObjectRef
    public let runMainModule: JSObjectRef
    public let setImportMap: JSObjectRef
    /// fetch()'s HTTP requests.
    public let http: HTTPBridge
}

/// Loads the JS half of the Web APIs into an engine.
///
/// Each file under `js/` is embedded in the binary and evaluated as the body of a function of
/// `(host, internals)`, so user scripts can reach neither the host operations nor the prelude's
/// shared state. `bootstrap.js` decides the order.
public enum Prelude {
    /// The embedded module source of `name` (file name without `.js`). A switch, not a
    /// dictionary: building a `[String: …]` costs the Swift runtime a scan of every protocol
    /// conformance in the binary at start-up (~0.1 ms).
    static func source(named name: String) -> [UInt8]? {
        switch name {
        case "bootstrap": PackageResources.bootstrap_js
        case "primordials": PackageResources.primordials_js
        case "webidl": PackageResources.webidl_js
        case "dom-exception": PackageResources.dom_exception_js
        case "event": PackageResources.event_js
        case "event-target": PackageResources.event_target_js
        case "events-extra": PackageResources.events_extra_js
        case "abort": PackageResources.abort_js
        case "inspect": PackageResources.inspect_js
        case "console-table": PackageResources.console_table_js
        case "console": PackageResources.console_js
        case "timers": PackageResources.timers_js
        case "encoding": PackageResources.encoding_js
        case "base64": PackageResources.base64_js
        case "structured-clone": PackageResources.structured_clone_js
        case "performance": PackageResources.performance_js
        case "errors": PackageResources.errors_js
        case "location": PackageResources.location_js
        case "namespace": PackageResources.namespace_js
        case "websocket-events": PackageResources.websocket_events_js
        case "websocket": PackageResources.websocket_js
        case "url-host": PackageResources.url_host_js
        case "url-record": PackageResources.url_record_js
        case "url-parser": PackageResources.url_parser_js
        case "url-search-params": PackageResources.url_search_params_js
        case "url": PackageResources.url_js
        case "blob": PackageResources.blob_js
        case "file-reader": PackageResources.file_reader_js
        case "blob-stream": PackageResources.blob_stream_js
        case "blob-url-store": PackageResources.blob_url_store_js
        case "encoding-streams": PackageResources.encoding_streams_js
        case "compression-streams": PackageResources.compression_streams_js
        case "streams": PackageResources.streams_js
        case "streams/linking": PackageResources.linking_js
        case "streams/webidl-promises": PackageResources.webidl_promises_js
        case "streams/misc-operations": PackageResources.misc_operations_js
        case "streams/queue-with-sizes": PackageResources.queue_with_sizes_js
        case "streams/queuing-strategies": PackageResources.queuing_strategies_js
        case "streams/readable-stream-operations": PackageResources.readable_stream_operations_js
        case "streams/readable-stream-readers": PackageResources.readable_stream_readers_js
        case "streams/readable-stream-default-controller": PackageResources.readable_stream_default_controller_js
        case "streams/readable-byte-stream-controller": PackageResources.readable_byte_stream_controller_js
        case "streams/readable-byte-stream-pull-into": PackageResources.readable_byte_stream_pull_into_js
        case "streams/readable-stream-byob-request": PackageResources.readable_stream_byob_request_js
        case "streams/readable-stream-tee": PackageResources.readable_stream_tee_js
        case "streams/readable-stream-pipe-to": PackageResources.readable_stream_pipe_to_js
        case "streams/readable-stream-iteration": PackageResources.readable_stream_iteration_js
        case "streams/readable-stream": PackageResources.readable_stream_js
        case "streams/writable-stream-operations": PackageResources.writable_stream_operations_js
        case "streams/writable-stream-writer": PackageResources.writable_stream_writer_js
        case "streams/writable-stream-default-controller": PackageResources.writable_stream_default_controller_js
        case "streams/writable-stream": PackageResources.writable_stream_js
        case "streams/transform-stream": PackageResources.transform_stream_js
        case "streams/transform-stream-default-controller": PackageResources.transform_stream_default_controller_js
        case "test/test-api": PackageResources.test_api_js
        case "test/test-registry": PackageResources.test_registry_js
        case "test/test-worker": PackageResources.test_worker_js
        case "test/test-leaks": PackageResources.test_leaks_js
        case "test/test-equality": PackageResources.test_equality_js
        case "test/test-expect": PackageResources.test_expect_js
        case "test/test-assert": PackageResources.test_assert_js
        case "test/test-websocket": PackageResources.test_websocket_js
        case "websocket-stream": PackageResources.websocket_stream_js
        case "websocket-error": PackageResources.websocket_error_js
        case "fetch/mime-type": PackageResources.mime_type_js
        case "fetch/header-list": PackageResources.header_list_js
        case "fetch/pair-iterator": PackageResources.pair_iterator_js
        case "fetch/headers": PackageResources.headers_js
        case "fetch/form-data": PackageResources.form_data_js
        case "fetch/multipart": PackageResources.multipart_js
        case "fetch/body": PackageResources.body_js
        case "fetch/request": PackageResources.request_js
        case "fetch/response": PackageResources.response_js
        case "fetch/data-url": PackageResources.data_url_js
        case "fetch/scheme-fetch": PackageResources.scheme_fetch_js
        case "fetch/http-fetch": PackageResources.http_fetch_js
        case "fetch/fetch": PackageResources.fetch_js
        case "modules": PackageResources.modules_js
        case "import-map": PackageResources.import_map_js
        default: nil
        }
    }

    /// Debug builds only: with `WSJS_PRELUDE_DIR=Sources/WSJSWebAPI/js`, modules are read from
    /// that folder instead of the binary, so a change to the prelude needs no rebuild while it is
    /// being written. Release builds never read the prelude from disk.
    static func developmentSource(named name: String) -> [UInt8]? {
        #if DEBUG
        guard let directory = getenv("WSJS_PRELUDE_DIR") else { return nil }
        let path = String(cString: directory) + "/" + name + ".js"
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
        #else
        return nil
        #endif
    }

    static let modulePrefix = Array("(function (host, internals) { 'use strict'; ".utf8)
    static let moduleSuffix = Array("\n})".utf8)

    /// Evaluates one module's source as `(function (host, internals) { … })`.
    static func loadModule(_ name: String, into engine: ScriptEngine) throws -> JSObjectRef {
        guard let bytes = developmentSource(named: name) ?? source(named: name) else { throw HostError.typeError("wsjs: no internal module named '\(name)'") }
        // The wrapper opens on the module's first line, so line numbers in stacks stay right.
        let source = modulePrefix + bytes + moduleSuffix
        let function = try source.withUnsafeBytes { bytes throws(ScriptError) in
            try engine.evaluate(utf8: bytes, sourceURL: "wsjs:internal/\(name).js")
        }
        guard let object = engine.object(function) else { throw HostError.typeError("wsjs: module '\(name)' did not load") }
        return object
    }

    /// Installs the globals into `engine` and returns the prelude's callbacks.
    public static func install(into engine: ScriptEngine, host: any HostEnvironment) throws -> PreludeCallbacks {
        let bridge = WebSocketBridge(host: host, engine: engine)
        let http = HTTPBridge(host: host, engine: engine)
        let hostObject = HostOps.makeHostObject(engine: engine, host: host, bridge: bridge, http: http)
        let internals = engine.makeObject()
        let bootstrap = try loadModule("bootstrap", into: engine)
        let result = try engine.call(bootstrap, [hostObject, internals])
        guard let callbacks = engine.object(result) else { throw HostError.typeError("wsjs: the prelude returned no callbacks") }
        func callback(_ name: String) throws -> JSObjectRef {
            guard let function = engine.object(try engine.property(callbacks, name)) else {
                throw HostError.typeError("wsjs: the prelude did not provide '\(name)'")
            }
            engine.protect(function)
            return function
        }
        let installed = PreludeCallbacks(
            fireTimer: try callback("fireTimer"),
            reportException: try callback("reportException"),
            unhandledRejection: try callback("unhandledRejection"),
            webSockets: bridge,
            moduleImportHook: try callback("moduleImport"),
            moduleMetaHook: try callback("moduleMeta"),
            runMainModule: try callback("runMainModule"),
            setImportMap: try callback("setImportMap"),
            http: http
        )
        JSGlobalContextSetUnhandledRejectionCallback(engine.context, installed.unhandledRejection, nil)
        return installed
    }
}
