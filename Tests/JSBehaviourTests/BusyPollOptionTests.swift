// SPDX-License-Identifier: MIT
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--busy-poll <µs>`: after socket activity the loop polls for I/O up to the budget, then
/// sleeps. Seen from outside, as CPU time: a run that waits on an idle socket spends about the
/// budget polling — not nothing (then it would not poll) and not the whole wait (then it
/// would never stop).
@Suite struct BusyPollOptionTests {
    /// Runs wsjs and returns its exit status and the CPU time (user + system) it used, which
    /// `wait4` reports for exactly this child.
    static func runMeasuringCPU(_ arguments: [String]) throws -> (status: Int32, cpuMilliseconds: Double) {
        let argv = ([WSJSProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, WSJSProcess.binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw POSIXError(.ECHILD) }
        }
        func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime))
    }

    /// Opens a socket to the built-in echo server, then waits 1.2 s with nothing to read.
    static let idleWait = """
        const ws = new WebSocket("ws://busy-poll.test/");
        ws.onopen = () => setTimeout(() => ws.close(), 1200);
        ws.onerror = () => wsjs.exit(3);
        """

    @Test func pollingLastsAboutTheBudgetThenTheLoopSleeps() throws {
        let common = ["--timeout", "30", "--map", "ws://busy-poll.test/=builtin:echo", "-e", Self.idleWait]
        // Both runs pay the same start-up; only polling differs.
        let off = try Self.runMeasuringCPU(["--busy-poll", "0"] + common)
        let polling = try Self.runMeasuringCPU(["--busy-poll", "400000"] + common)
        #expect(off.status == 0)
        #expect(polling.status == 0)
        let extra = polling.cpuMilliseconds - off.cpuMilliseconds
        // Up to 400 ms of polling after `open` (the poll yields the CPU to any other runnable
        // thread, so on a crowded machine it gets less), far less than the 1.2 s wait.
        #expect(extra > 30, "polling used \(polling.cpuMilliseconds) ms of CPU, not polling \(off.cpuMilliseconds) ms")
        #expect(extra < 900, "polling used \(polling.cpuMilliseconds) ms of CPU, not polling \(off.cpuMilliseconds) ms")
    }

    /// With more than eight sockets open the loop does not poll (events come often enough, and
    /// polling would compete with the peers for CPU time).
    @Test func manyOpenSocketsDoNotPoll() throws {
        let script = """
            let open = 0;
            const sockets = [];
            for (let i = 0; i < 12; i++) {
              const ws = new WebSocket("ws://busy-poll.test/");
              ws.onopen = () => { if (++open === 12) setTimeout(() => sockets.forEach((s) => s.close()), 1200); };
              ws.onerror = () => wsjs.exit(3);
              sockets.push(ws);
            }
            """
        let common = ["--timeout", "30", "--map", "ws://busy-poll.test/=builtin:echo", "-e", script]
        let off = try Self.runMeasuringCPU(["--busy-poll", "0"] + common)
        let polling = try Self.runMeasuringCPU(["--busy-poll", "400000"] + common)
        #expect(off.status == 0)
        #expect(polling.status == 0)
        // With a 400 ms budget, polling after the opens would cost up to 400 ms of CPU; none is
        // spent (the margin is for the two runs' own differences).
        #expect(polling.cpuMilliseconds - off.cpuMilliseconds < 150, "polling used \(polling.cpuMilliseconds) ms of CPU, not polling \(off.cpuMilliseconds) ms")
    }

    @Test func aBudgetOutOfRangeIsAUsageError() throws {
        for value in ["1000001", "-5", "soon"] {
            let result = try WSJSProcess.run(["--busy-poll=\(value)", "-e", "console.log('ran')"])
            #expect(result.status == 2, "--busy-poll=\(value)")
            #expect(result.stdout == "")
            #expect(result.stderr.contains("--busy-poll"))
        }
    }
}
