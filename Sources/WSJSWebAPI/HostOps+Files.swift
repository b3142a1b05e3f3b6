// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine

/// The host operations of blob-url-store.js (listed with the others in HostOps).
extension HostOps {
    static func defineFileOps(_ define: (String, @escaping HostFunctionBody) -> Void) {
        // randomUUID() → a version 4 UUID, lowercase (RFC 9562 §5.4), from the system's
        // cryptographically secure generator: a blob: URL is a capability, so its UUID must not
        // be guessable.
        define("randomUUID") { engine, _ in
            engine.makeString(randomUUIDString())
        }
    }

    /// A random (version 4, variant 10) UUID in its lowercase string form.
    static func randomUUIDString() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
