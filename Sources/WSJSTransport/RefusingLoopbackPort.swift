// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that refuses connections for as long as this object is open: a TCP socket
/// bound to 127.0.0.1 that never listens, so the kernel answers a connection attempt with a
/// reset (ECONNREFUSED). Tests need such a port; a port that was free a moment ago may be
/// taken by another test's server by the time a client connects to it.
public final class RefusingLoopbackPort: @unchecked Sendable {
    private let descriptor: Int32
    public let port: Int

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            Glibc.close(fd)
            throw Failure(step: "bind", code: code)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// `ws://127.0.0.1:<port>/`.
    public var url: String { "ws://127.0.0.1:\(port)/" }

    deinit {
        Glibc.close(descriptor)
    }

    public struct Failure: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        public var description: String { "could not reserve a loopback port (\(step)): \(String(cString: strerror(code)))" }
    }
}
