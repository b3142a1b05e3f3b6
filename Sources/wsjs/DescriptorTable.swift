// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

/// Every socket is a file descriptor, so a script that opens hundreds of sockets needs a large
/// descriptor limit and a large descriptor table. Both are set up here, first thing in `main`.
enum DescriptorTable {
    /// How many descriptors the table is sized for at start-up: room for a thousand sockets
    /// and the runtime's own descriptors. The table costs the kernel 8 bytes a slot (16 KiB);
    /// none of it is the process's memory.
    static let presizedSlots = 2048

    /// Raises the soft descriptor limit to the hard one (as Go's runtime does), so a script
    /// that opens a thousand sockets is not stopped by a default soft limit of 1024, then
    /// sizes the table. Call it before any thread starts.
    static func prepare() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) != 0 {
                _ = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            }
        }
        presize(slots: Int(min(limit.rlim_cur, rlim_t(presizedSlots))))
    }

    /// Grows the kernel's descriptor table to `slots` while the process has one thread.
    ///
    /// The table starts with 64 slots and doubles whenever a descriptor above its size is
    /// made. In a process whose threads share the table (every wsjs process, once the event
    /// loop and JavaScriptCore's threads run), Linux waits for an RCU grace period at each
    /// growth (`expand_fdtable` calls `synchronize_rcu`), which on this VM took ~15 ms of
    /// wall time each: three of them while 500 sockets connect. With one thread the growth
    /// costs only the allocation. The table never shrinks, so growing it once now is enough.
    static func presize(slots: Int) {
        guard slots > 64 else { return }
        // F_DUPFD takes the lowest free descriptor at or above the argument, so an inherited
        // descriptor there is never replaced. Any open descriptor will do as the original.
        for original: Int32 in [2, 1, 0] {
            let placeholder = fcntl(original, F_DUPFD_CLOEXEC, Int32(slots - 1))
            if placeholder >= 0 {
                close(placeholder)
                return
            }
            if errno == EINVAL || errno == EMFILE { return }
        }
    }
}
