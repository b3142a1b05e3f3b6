// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// Fresh masking keys from a strong entropy source (RFC 6455 §5.3 requires keys "derived from
/// a strong source of entropy"), fetched many at a time: `WebSocketMaskingKey.random()` makes
/// one getrandom(2) system call per frame, which cost ~1 µs of every round trip. Keys are tuples,
/// so taking one allocates nothing.
struct MaskingKeySource {
    /// Starts empty: many connections send a few frames only (64 bytes, 16 keys, cover them);
    /// one that sends more refills 1 KiB at a time. 500 sockets keep 32 KiB, not 500 KiB.
    private var pool: [UInt8] = []
    private var next = 0

    mutating func nextKey() -> MaskingKey {
        if next + 4 > pool.count { refill() }
        defer { next += 4 }
        return (pool[next], pool[next + 1], pool[next + 2], pool[next + 3])
    }

    private mutating func refill() {
        if pool.count < 1024 { pool = [UInt8](repeating: 0, count: pool.isEmpty ? 64 : 1024) }
        // glibc's arc4random_buf: a ChaCha20 stream keyed from getrandom(2), cryptographically
        // strong (the same source SystemRandomNumberGenerator falls back to).
        pool.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        next = 0
    }
}
