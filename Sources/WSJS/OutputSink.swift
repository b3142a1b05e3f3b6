// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a runtime's console output goes.
public struct OutputSink: Sendable {
    let write: @Sendable (_ fileDescriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Void

    /// A sink calling `body` with each write (fd 1 or 2, and the bytes), for embedding and tests.
    public init(_ body: @escaping @Sendable (_ fileDescriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Void) {
        write = body
    }

    /// The process's stdout and stderr, written at once with write(2): no buffer to flush, so
    /// each console line reaches a pipe whole and in order.
    public static let standardStreams = OutputSink { fileDescriptor, bytes in
        writeAll(fileDescriptor, bytes)
    }
}

/// Writes every byte, retrying on EINTR and short writes; drops output to a closed pipe.
func writeAll(_ fileDescriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = write(fileDescriptor, pointer, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        pointer += written
        remaining -= written
    }
}
