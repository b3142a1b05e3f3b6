// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine
#if canImport(Glibc)
import Glibc
#endif

/// The host operations of modules.js (listed with the others in HostOps).
extension HostOps {
    static func defineModuleOps(_ define: (String, @escaping HostFunctionBody) -> Void, host: any HostEnvironment) {
        func argument(_ engine: ScriptEngine, _ arguments: UnsafeBufferPointer<JSValueRef?>, _ index: Int) -> JSValueRef {
            index < arguments.count ? arguments[index]! : engine.undefined
        }
        // moduleProvide(text, url) → the loader's fetch promise for that module text.
        define("moduleProvide") { engine, args in
            guard let promise = engine.provideModuleSource(argument(engine, args, 0), url: argument(engine, args, 1)) else {
                let why = engine.moduleSourceFailure ?? "the module loader did not take the source"
                throw HostError.typeError("wsjs: ES modules are unavailable on this JavaScriptCore: \(why)")
            }
            return promise
        }
        // moduleAttributeType(parameters) → 0 none, 2 webassembly, 3 json, -1 unknown.
        define("moduleAttributeType") { engine, args in
            engine.makeNumber(Double(engine.moduleAttributeType(argument(engine, args, 0))))
        }
        // readModuleFile(path) → the file's text (UTF-8, a BOM dropped), or why it could not be
        // read (strerror's text).
        define("readModuleFile") { engine, args in
            let path = engine.string(argument(engine, args, 0))
            switch readWholeFile(path) {
            case .success(let bytes):
                let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                return bytes.withUnsafeBytes { engine.makeString(utf8: UnsafeRawBufferPointer(rebasing: $0[start...])) }
            case .failure(let error):
                return engine.makeNumber(Double(error.code))
            }
        }
        define("errorText") { engine, args in
            engine.makeString(String(cString: strerror(Int32(engine.number(argument(engine, args, 0))))))
        }
        define("cwd") { engine, _ in
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buffer, buffer.count) != nil else { return engine.makeString("/") }
            return engine.makeString(String(cString: buffer))
        }
        define("mainModuleSettled") { [unowned host] _, _ in
            host.mainModuleSettled()
            return nil
        }
    }

    /// A regular file's bytes, or the errno that stopped the read (EISDIR for a directory).
    static func readWholeFile(_ path: String) -> Result<[UInt8], Int32Error> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Int32Error(errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return .failure(Int32Error(errno)) }
        guard (status.st_mode & S_IFMT) != S_IFDIR else { return .failure(Int32Error(EISDIR)) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Int32Error(errno))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// An errno value as an Error.
struct Int32Error: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}
