// SPDX-License-Identifier: MIT
import WSJS
#if canImport(Glibc)
import Glibc
#endif

/// Runs test files in worker processes (`wsjs --test-worker <settings> file`), at most `jobs`
/// at once, reading each worker's events from its stdout and its stderr apart; hands each
/// file's report on in the order of the file list, whatever order the files finish in.
final class TestScheduler {
    /// One running worker.
    private final class Worker {
        let index: Int
        let pid: pid_t
        var outFD: Int32
        var errFD: Int32
        var pending: [UInt8] = []
        let report: FileReport
        var lastActivity: UInt64
        /// The running test's timeout (0: none), from its `start` event.
        var currentTimeout: Int?

        init(index: Int, pid: pid_t, outFD: Int32, errFD: Int32, report: FileReport) {
            self.index = index
            self.pid = pid
            self.outFD = outFD
            self.errFD = errFD
            self.report = report
            lastActivity = TestScheduler.nowMilliseconds()
        }
    }

    let files: [String]
    let options: TestOptions
    let executable: String
    /// Called with each file's report, in file-list order.
    let deliver: (FileReport) -> Void
    private var finished: [Int: FileReport] = [:]
    private var nextToDeliver = 0
    private var failures = 0

    init(files: [String], options: TestOptions, executable: String, deliver: @escaping (FileReport) -> Void) {
        self.files = files
        self.options = options
        self.executable = executable
        self.deliver = deliver
    }

    static func nowMilliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
    }

    /// The worker's settings (test-worker.js reads them as host.testWorker).
    func settings(for file: String) -> String {
        var fields = [
            "\"file\":\(JSONText.quoted(file))",
            "\"timeout\":\(options.timeout)",
            "\"retry\":\(options.retry)",
            "\"leakCheck\":\(options.leakCheck)",
            "\"list\":\(options.list)",
            "\"locations\":\(options.locations)",
        ]
        switch options.filter {
        case .text(let text): fields.append("\"filter\":{\"text\":\(JSONText.quoted(text))}")
        case .pattern(let source, let flags): fields.append("\"filter\":{\"source\":\(JSONText.quoted(source)),\"flags\":\(JSONText.quoted(flags))}")
        case nil: break
        }
        if let seed = options.shuffleSeed { fields.append("\"seed\":\(seed)") }
        if let failFast = options.failFast { fields.append("\"failFast\":\(max(1, failFast - failures))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Runs every file (or, with --fail-fast, until enough failed); returns the number of files
    /// that were not started.
    func run() -> Int {
        var running: [Worker] = []
        var next = 0
        let jobs = max(1, options.jobs)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            while running.count < jobs, next < files.count, !stopping {
                if let worker = spawn(index: next) { running.append(worker) }
                next += 1
            }
            if running.isEmpty { break }
            var pollSet: [pollfd] = []
            for worker in running {
                if worker.outFD >= 0 { pollSet.append(pollfd(fd: worker.outFD, events: Int16(POLLIN), revents: 0)) }
                if worker.errFD >= 0 { pollSet.append(pollfd(fd: worker.errFD, events: Int16(POLLIN), revents: 0)) }
            }
            let ready = poll(&pollSet, nfds_t(pollSet.count), 1000)
            if ready < 0, errno != EINTR { break }
            for entry in pollSet where entry.revents != 0 {
                guard let worker = running.first(where: { $0.outFD == entry.fd || $0.errFD == entry.fd }) else { continue }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                worker.lastActivity = Self.nowMilliseconds()
                if count <= 0 {
                    close(entry.fd)
                    if entry.fd == worker.outFD { worker.outFD = -1 } else { worker.errFD = -1 }
                    continue
                }
                if entry.fd == worker.outFD {
                    worker.pending += buffer[0..<count]
                    consumeLines(worker)
                } else {
                    worker.report.standardError += String(decoding: buffer[0..<count], as: UTF8.self)
                }
            }
            let now = Self.nowMilliseconds()
            // A worker silent this long is stuck (e.g. an endless loop): it is killed. Every test
            // and hook has a timeout, and a leak check waits at most 5 s for closing sockets.
            for worker in running where worker.outFD >= 0 {
                let timeout = worker.currentTimeout ?? options.timeout
                guard timeout > 0 else { continue }
                let silenceLimit = UInt64(max(timeout, 1000)) + 30_000
                guard now - worker.lastActivity > silenceLimit else { continue }
                kill(worker.pid, SIGKILL)
                worker.report.standardError += "wsjs test: the worker printed nothing for \(silenceLimit / 1000) s and was stopped\n"
                worker.lastActivity = now
            }
            running.removeAll { worker in
                guard worker.outFD < 0, worker.errFD < 0 else { return false }
                complete(worker)
                return true
            }
            // While workers are busy, let their events gather for a millisecond: one read of
            // many lines instead of a wake-up per test (the workers and this process share the
            // cores).
            if ready > 0, running.count == jobs || next >= files.count {
                var nap = timespec(tv_sec: 0, tv_nsec: 1_000_000)
                nanosleep(&nap, nil)
            }
        }
        // Reports of files that could not start, after the last one that ran.
        while nextToDeliver < next, let report = finished.removeValue(forKey: nextToDeliver) {
            deliver(report)
            nextToDeliver += 1
        }
        return files.count - next
    }

    private var stopping: Bool {
        guard let failFast = options.failFast else { return false }
        return failures >= failFast
    }

    private func consumeLines(_ worker: Worker) {
        var start = 0
        while let newline = worker.pending[start...].firstIndex(of: 0x0A) {
            let line = worker.pending[start..<newline]
            start = newline + 1
            if let event = JSONValue.parse(line) {
                if event["type"]?.string == "start", let timeout = event["timeout"]?.int { worker.currentTimeout = timeout }
                worker.report.apply(event)
            } else {
                worker.report.output += String(decoding: line, as: UTF8.self) + "\n"
            }
        }
        worker.pending.removeFirst(start)
    }

    private func complete(_ worker: Worker) {
        var status: Int32 = 0
        while waitpid(worker.pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        let description = signal != 0 ? "killed by signal \(signal)" : "exit status \((status >> 8) & 0xFF)"
        if !worker.pending.isEmpty { worker.report.output += String(decoding: worker.pending, as: UTF8.self) }
        worker.report.finish(exitDescription: description)
        failures += worker.report.failed
        finished[worker.index] = worker.report
        while let report = finished.removeValue(forKey: nextToDeliver) {
            deliver(report)
            nextToDeliver += 1
        }
    }

    /// A pipe whose ends no other worker inherits (close-on-exec; dup2 clears it on the copy).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Starts a worker for file `index` with its stdout and stderr on pipes of their own.
    private func spawn(index: Int) -> Worker? {
        let file = files[index]
        let report = FileReport(path: file)
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard Self.makePipe(&outPipe), Self.makePipe(&errPipe) else {
            report.finish(exitDescription: "no pipe: \(String(cString: strerror(errno)))")
            finished[index] = report
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        let arguments = [executable] + options.runtimeArguments + ["--test-worker", settings(for: file), file.hasPrefix("-") ? "./" + file : file]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            report.finish(exitDescription: "could not start \(executable): \(String(cString: strerror(result)))")
            finished[index] = report
            return nil
        }
        return Worker(index: index, pid: pid, outFD: outPipe[0], errFD: errPipe[0], report: report)
    }
}
